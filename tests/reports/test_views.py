"""The report page per role, the exports, the PDF task and the budget entry."""

import datetime as dt
import time
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bos.models import User
from reports.models import ActualEntry, BudgetLine, GeneratedReport, ReportStatus
from tests import hostile_xlsx as hostile
from tests.demo_years import RUNNING_YEAR

pytestmark = pytest.mark.django_db
DOMAIN = "demo.bos.example"


def client_for(local: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=f"{local}@{DOMAIN}"))
    return client


@pytest.fixture
def open_2020(demo):
    """The budget tests edit the seed year, which the demo closes: open it again (the
    test's transaction is rolled back afterwards)."""
    from bos.models import SchoolYear
    from reports.models import Budget, BudgetState

    SchoolYear.objects.filter(name="2020-2021").update(closed_at=None)
    # Its budget is adopted (version 1): a new concept version, so the lines may change.
    Budget.objects.filter(school_year__name="2020-2021").update(state=BudgetState.CONCEPT)


def test_projectleider_sees_every_table(demo):
    response = client_for("projectleider").get(reverse("reports:report") + "?jaar=2020-2021")
    html = response.content.decode()
    assert response.status_code == 200
    for anchor in (
        "fig1",
        "fig2",
        "fig3",
        "fig5",
        "fig6",
        "fig7",
        "fig8",
        "fig9",
        "fig10",
        "fig11",
        "fig12",
        "bonus",
    ):
        assert f'id="{anchor}"' in html, anchor
    assert "€ 201.892,05" in html
    assert "<svg" in html and 'role="img"' in html
    # Warnings come before the tables.
    assert html.index("8 van 60 FLOT eerstejaars niet geregistreerd (13%)") < html.index(
        'id="fig1"'
    )
    assert "Studenten van partnerinstituten" in html


def test_so_sees_only_their_own_school(demo):
    response = client_for("so.beatrix").get(reverse("reports:report"))
    report = response.context["report"]
    assert not report.whole
    assert [row["school"] for row in report.figures["fig12"]["rows"]] == ["Beatrix College"]
    assert report.budget is None
    html = response.content.decode()
    assert "Newmancollege" not in html
    assert 'id="fig5"' not in html
    assert reverse("reports:excel", args=["2020-2021"]) not in html


def test_unknown_year_is_404(demo):
    response = client_for("projectleider").get(reverse("reports:report"), {"jaar": "1999-2000"})
    assert response.status_code == 404


def test_excel_has_a_sheet_per_table(demo):
    response = client_for("bc.sovot").get(reverse("reports:excel", args=["2020-2021"]))
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert {
        "Fig 1 eerstejaars",
        "Fig 5 begroting",
        "Fig 7 per instituut",
        "Fig 11 stageniveau",
        "Fig 12 streefaantal",
    } <= set(workbook.sheetnames)
    sheet = workbook["Fig 12 streefaantal"]
    total = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Totaal")
    assert total[1:] == (13035, 261, 246, 202, 44)
    budget = workbook["Fig 5 begroting"]
    reserve = next(row for row in budget.iter_rows(values_only=True) if row[0] == "Reserve")
    assert reserve[5] == pytest.approx(208862.40)


def test_pdf_task_progress_and_download(
    demo, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    client = client_for("projectleider")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:pdf_request", args=["2020-2021"]))
    generated = GeneratedReport.objects.latest("created_at")
    assert response.url == reverse("reports:pdf_status", args=[generated.pk])
    assert generated.status == ReportStatus.DONE
    assert generated.progress == 100
    assert (tmp_path / "reports" / generated.file_name).is_file()
    status = client.get(response.url)
    assert "Download PDF" in status.content.decode()
    download = client.get(reverse("reports:pdf_download", args=[generated.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # The kernteam may read and export, but not fetch the stored PDF.
    assert (
        client_for("bc.sovot").get(reverse("reports:pdf_download", args=[generated.pk])).status_code
        == 403
    )


def test_budget_line_edit_changes_the_report(open_2020):
    client = client_for("projectleider")
    line = BudgetLine.objects.get(
        name="Conferentie", section__budget__school_year__name="2020-2021"
    )
    response = client.post(
        reverse("reports:budget_line_edit", args=[line.pk]),
        {
            "section_name": "PR en communicatie",
            "name": "Conferentie",
            "kind": "amount",
            "amount": "12000",
            "rate_kind": "standard",
            "actual_source": "entries",
            "note": "",
        },
    )
    assert response.status_code == 302
    budget = client.get(reverse("reports:budget", args=["2020-2021"])).context["figures"]
    assert budget.budget_expenses == Decimal("271243.00")


def test_budget_line_bad_input_gives_dutch_message_and_saves_nothing(open_2020):
    client = client_for("projectleider")
    before = BudgetLine.objects.count()
    response = client.post(
        reverse("reports:budget_line_new", args=["2020-2021"]),
        {
            "section_name": "Onvoorzien",
            "name": "Nieuw",
            "kind": "fte",
            "rate_kind": "standard",
            "actual_source": "entries",
        },
    )
    assert response.status_code == 200
    assert "Vul dit in voor deze soort regel." in response.content.decode()
    assert BudgetLine.objects.count() == before


def test_actual_entry_hours_at_the_policy_rate(open_2020):
    client = client_for("projectleider")
    line = BudgetLine.objects.get(
        name="Werkplekbegeleiders", section__budget__school_year__name="2020-2021"
    )
    response = client.post(
        reverse("reports:budget_entry_new", args=[line.pk]),
        {
            "date": "2021-03-04",
            "description": "Bijeenkomst WPB",
            "hours": "10",
            "rate_kind": "standard",
        },
    )
    assert response.status_code == 302
    figures = client.get(reverse("reports:budget", args=["2020-2021"])).context["figures"]
    row = next(x for x in figures.lines if x.line == "Werkplekbegeleiders")
    assert row.actual_eur == Decimal("700.00")
    assert figures.actual_expenses == Decimal("202592.05")


def test_actual_entry_needs_hours_or_amount(open_2020):
    client = client_for("projectleider")
    line = BudgetLine.objects.get(
        name="Werkplekbegeleiders", section__budget__school_year__name="2020-2021"
    )
    response = client.post(
        reverse("reports:budget_entry_new", args=[line.pk]),
        {
            "date": "2021-03-04",
            "description": "Dubbel",
            "hours": "10",
            "amount": "50",
            "rate_kind": "standard",
        },
    )
    assert "Vul uren of een bedrag in" in response.content.decode()
    assert not ActualEntry.objects.filter(description="Dubbel").exists()


def _xlsx(lines, entries=None) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Begroting"
    sheet.append(
        ["onderdeel", "regel", "soort", "fte", "uren", "bedrag", "tarief", "helft", "toelichting"]
    )
    for line in lines:
        sheet.append(line)
    if entries:
        other = workbook.create_sheet("Realisatie")
        other.append(["onderdeel", "regel", "datum", "omschrijving", "uren", "bedrag", "tarief"])
        for entry in entries:
            other.append(entry)
    output = BytesIO()
    workbook.save(output)
    output.seek(0)
    output.name = "begroting.xlsx"
    return output


def test_budget_import_from_excel(open_2020):
    client = client_for("projectleider")
    upload = _xlsx(
        [["Kernteam", "Coördinator nieuw", "fte", 0.2, None, None, "uurtarief", "ja", ""]],
        [["Kernteam", "Coördinator nieuw", dt.datetime(2021, 6, 1), "Uren", 100, None, ""]],
    )
    response = client.post(reverse("reports:budget_import", args=["2020-2021"]), {"file": upload})
    assert response.status_code == 302
    figures = client.get(reverse("reports:budget", args=["2020-2021"])).context["figures"]
    row = next(x for x in figures.lines if x.line == "Coördinator nieuw")
    assert row.budget_eur == Decimal("11613.00")
    assert row.actual_eur == Decimal("7000.00")


def test_budget_import_error_saves_nothing(open_2020):
    client = client_for("projectleider")
    before = BudgetLine.objects.count()
    upload = _xlsx(
        [
            ["Kernteam", "Goede regel", "bedrag", None, None, 100, "", "", ""],
            ["Kernteam", "Foute regel", "weet niet", None, None, 100, "", "", ""],
        ]
    )
    response = client.post(reverse("reports:budget_import", args=["2020-2021"]), {"file": upload})
    assert response.status_code == 200
    assert (
        "Begroting, rij 3: soort moet fte, uren, bedrag, tegemoetkoming of geen zijn."
        in response.content.decode()
    )
    assert BudgetLine.objects.count() == before


def test_actual_entry_can_be_deleted(open_2020):
    client = client_for("projectleider")
    entry = ActualEntry.objects.get(line__name="Hosting en onderhoud website e.d.")
    response = client.post(reverse("reports:budget_entry_delete", args=[entry.pk]))
    assert response.status_code == 302
    assert not ActualEntry.objects.filter(pk=entry.pk).exists()
    figures = client.get(reverse("reports:budget", args=["2020-2021"])).context["figures"]
    assert figures.actual_expenses == Decimal("201387.48")


def test_pdf_progress_page_refreshes_while_busy(demo):
    from bos.models import SchoolYear

    generated = GeneratedReport.objects.create(
        school_year=SchoolYear.objects.get(name="2020-2021"),
        status=ReportStatus.RUNNING,
        progress=40,
    )
    html = client_for("projectleider").get(reverse("reports:pdf_status", args=[generated.pk]))
    text = html.content.decode()
    assert 'http-equiv="refresh"' in text
    assert 'value="40"' in text
    assert "Download PDF" not in text


@pytest.mark.parametrize(
    "attack",
    [
        hostile.far_row,
        hostile.zip_bomb,
        hostile.macro_renamed,
        hostile.many_cells,
    ],
)
def test_budget_import_refuses_hostile_files_within_two_seconds(demo, attack):
    client = client_for("projectleider")
    valid = _xlsx([["Kernteam", "Regel", "bedrag", None, None, 100, "", "", ""]]).getvalue()
    data = attack(valid)
    started = time.monotonic()
    upload = SimpleUploadedFile("begroting.xlsx", data)
    response = client.post(reverse("reports:budget_import", args=[RUNNING_YEAR]), {"file": upload})
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    content = response.content.decode().replace("&#x27;", "'")
    assert any(
        text in content for text in ("macro's", "te groot of te ingewikkeld", "buiten het bereik")
    )
    assert not BudgetLine.objects.filter(name="Regel").exists()
