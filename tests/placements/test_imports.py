"""Excel import: preview, all or nothing, idempotent, and clear Dutch refusals."""

import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bos.models import Person
from placements import imports
from placements.models import Placement, Student
from placements.views import imports as views_import
from tests import hostile_xlsx as hostile
from tests.placements.factories import make_world

pytestmark = pytest.mark.django_db

STUDENT_HEADER = [
    "Instituut",
    "Studentnummer",
    "Voornaam",
    "Achternaam",
    "E-mailadres",
    "Opleiding",
    "Variant",
]
PLACEMENT_HEADER = [
    "Instituut",
    "Studentnummer",
    "Voornaam",
    "Achternaam",
    "Locatie",
    "Niveau",
    "Label instituut",
    "Begindatum",
    "Einddatum",
    "Dagen per week",
    "WPB e-mailadres",
    "Afrondend",
]


def xlsx(header, *rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def student_row(number="X001", institute="TLO", **overrides):
    row = {
        "i": institute,
        "n": number,
        "f": "Fenna",
        "l": "Import",
        "e": f"{number}@st.example",
        "p": "Engels",
        "v": "vt",
    }
    row.update(overrides)
    return list(row.values())


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def client(world):
    client = Client()
    client.force_login(world.so_user)
    return client


def upload(client, kind, data, name="bestand.xlsx"):
    return client.post(
        reverse("placements:import", args=[kind]), {"file": SimpleUploadedFile(name, data)}
    )


def confirm(client, kind, follow=False, **extra):
    """Confirm as the preview page does: with its one-use token and the file's hash."""
    stored = client.session.get(views_import.SESSION_KEY) or {}
    data = {"token": stored.get("token", ""), "sha256": stored.get("sha256", ""), **extra}
    return client.post(reverse("placements:import_confirm", args=[kind]), data, follow=follow)


def test_students_preview_then_confirm_then_reimport_changes_nothing(world, client):
    data = xlsx(STUDENT_HEADER, student_row("X001"), student_row("X002"))
    response = upload(client, "studenten", data)
    assert response.status_code == 200
    assert "Alle 2 rijen zijn in orde" in response.content.decode()
    assert not Student.objects.filter(student_number__in=["X001", "X002"]).exists()

    response = confirm(client, "studenten", follow=True)
    assert "Ingelezen: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd." in response.content.decode()
    assert Student.objects.filter(institute=world.institute, student_number="X002").exists()
    before = list(Student.objects.filter(institute=world.institute).values())

    upload(client, "studenten", data)
    response = confirm(client, "studenten", follow=True)
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in response.content.decode()
    assert list(Student.objects.filter(institute=world.institute).values()) == before


def test_one_bad_row_shows_its_error_and_nothing_is_saved(world, client):
    data = xlsx(
        STUDENT_HEADER,
        student_row("X010"),
        student_row("X011", institute="ONBEKEND"),
        student_row("X012", v="fulltime"),
    )
    response = upload(client, "studenten", data)
    content = response.content.decode()
    assert response.status_code == 400
    assert "Rij 3, kolom Instituut: onbekend instituut “ONBEKEND”" in content
    assert "Rij 4, kolom Variant: “fulltime” is geen geldige waarde" in content
    assert "Er is niets opgeslagen" in content
    assert not Student.objects.filter(student_number__startswith="X01").exists()
    # Nothing checked, so nothing to confirm.
    response = confirm(client, "studenten", follow=True)
    assert "geen gecontroleerd bestand" in response.content.decode()
    assert not Student.objects.filter(student_number__startswith="X01").exists()


def test_duplicate_rows_are_refused(client):
    response = upload(client, "studenten", xlsx(STUDENT_HEADER, student_row(), student_row()))
    assert response.status_code == 400
    assert "Rij 3, kolom Studentnummer: dubbel: staat ook in rij 2" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("lijst.xlsm", b"PK whatever", "macro"),
        ("lijst.csv", b"a;b", "Alleen Excel-bestanden (.xlsx)"),
        ("leeg.xlsx", b"", "leeg"),
        ("kapot.xlsx", b"dit is geen excel", "geen geldig Excel-bestand"),
        ("kop.xlsx", xlsx(STUDENT_HEADER), "geen rijen"),
        ("kolommen.xlsx", xlsx(["Naam", "Studentnummer"], ["a", "b"]), "ontbrekende kolommen"),
    ],
)
def test_malformed_files_are_refused_clearly(client, name, data, message):
    response = upload(client, "studenten", data, name=name)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content or message in content.replace("&#x27;", "'")
    assert "Er is niets opgeslagen" in content


def test_macro_workbook_disguised_as_xlsx_is_refused(client):
    import zipfile

    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00")
    response = upload(client, "studenten", buffer.getvalue())
    assert "macro" in response.content.decode()


def test_too_many_rows_are_refused(client, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    data = xlsx(STUDENT_HEADER, student_row("A1"), student_row("A2"), student_row("A3"))
    response = upload(client, "studenten", data)
    assert "meer dan 2 rijen" in response.content.decode()


def test_placements_all_or_nothing_with_bad_dates_and_rules(world, client):
    good = [
        "TLO",
        world.student.student_number,
        world.student.first_name,
        world.student.last_name,
        "Testcollege",
        "VT2",
        "",
        "01-09-2020",
        "01-07-2021",
        "2",
        world.wpb.email,
        "nee",
    ]
    other = Student.objects.create(
        first_name="B",
        last_name="C",
        email="b@c.example",
        institute=world.institute,
        programme="X",
        variant="vt",
        student_number="Y1",
    )
    outside_year = [
        "TLO",
        "Y1",
        "B",
        "C",
        "Testcollege",
        "VT2",
        "",
        "01-09-2020",
        "01-09-2021",
        "2",
        "",
        "nee",
    ]
    bad_date = ["TLO", "Y1", "B", "C", "Testcollege", "VT2", "", "31-02-2021", "01-07-2021", "2"]
    response = upload(client, "stages", xlsx(PLACEMENT_HEADER, good, bad_date))
    assert "Rij 3, kolom Begindatum: “31-02-2021” is geen datum" in response.content.decode()
    response = upload(client, "stages", xlsx(PLACEMENT_HEADER, good, outside_year))
    assert response.status_code == 400
    assert "Rij 3, kolom Begindatum: De periode moet binnen schooljaar" in (
        response.content.decode()
    )
    assert not Placement.objects.filter(student__in=[world.student, other]).exists()
    response = upload(client, "stages", xlsx(PLACEMENT_HEADER, good))
    assert response.status_code == 200
    confirm(client, "stages")
    placement = Placement.objects.get(student=world.student)
    assert placement.wpb == world.wpb
    assert placement.checklist.exists()
    # The same file again changes nothing; a changed end date updates the placement.
    upload(client, "stages", xlsx(PLACEMENT_HEADER, good))
    response = confirm(client, "stages", follow=True)
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in response.content.decode()
    placement.refresh_from_db()
    assert placement.version == 1
    upload(client, "stages", xlsx(PLACEMENT_HEADER, [*good[:8], "30-06-2021", *good[9:]]))
    response = confirm(client, "stages", follow=True)
    assert "0 nieuw, 1 bijgewerkt, 0 ongewijzigd" in response.content.decode()
    placement.refresh_from_db()
    assert placement.end_date.isoformat() == "2021-06-30"


def test_mentor_import_only_at_own_locations(world, client):
    header = [
        "E-mailadres",
        "Voornaam",
        "Achternaam",
        "Locatie",
        "Vakken",
        "Bevoegdheid",
        "Werkzaam sinds",
    ]
    own = ["mentor@school.example", "Mia", "Mentor", "Testcollege", "Engels", 1, 2010]
    other = ["ander@school.example", "Ada", "Ander", "Andere school", "Duits", 2, 2012]
    response = upload(client, "werkplekbegeleiders", xlsx(header, own, other))
    assert "Rij 3, kolom Locatie: “Andere school” is geen locatie van jou" in (
        response.content.decode()
    )
    assert not Person.objects.filter(email="mentor@school.example").exists()
    upload(client, "werkplekbegeleiders", xlsx(header, own))
    confirm(client, "werkplekbegeleiders")
    assert Person.objects.get(email="mentor@school.example").roles.get().locations.get().name == (
        "Testcollege"
    )


def test_exports_escape_formulas_and_match_the_template(world, client):
    world.create()
    Student.objects.filter(pk=world.student.pk).update(first_name="=HYPERLINK(1)")
    response = client.get(reverse("placements:export", args=["studenten"]))
    sheet = load_workbook(BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == STUDENT_HEADER
    assert rows[1][2] == "'=HYPERLINK(1)"
    template = client.get(reverse("placements:import_template", args=["stages"]))
    header = next(load_workbook(BytesIO(template.getvalue())).active.iter_rows(values_only=True))
    assert list(header) == PLACEMENT_HEADER


HOSTILE_UPLOADS = {
    "far row": hostile.far_row,
    "zip bomb": hostile.zip_bomb,
    "shared strings bomb": hostile.shared_strings_bomb,
    "macro under another name": hostile.macro_renamed,
    "vbaProject relation": hostile.macro_relation_only,
}


@pytest.mark.parametrize("kind", HOSTILE_UPLOADS)
def test_hostile_files_are_refused_within_two_seconds(client, kind):
    data = HOSTILE_UPLOADS[kind](xlsx(STUDENT_HEADER, student_row("H001")))
    started = time.monotonic()
    response = upload(client, "studenten", data)
    assert time.monotonic() - started < 2
    assert response.status_code == 400
    content = response.content.decode().replace("&#x27;", "'")
    assert "Er is niets opgeslagen" in content
    assert any(
        text in content for text in ("macro's", "te groot of te ingewikkeld", "buiten het bereik")
    )


def test_confirming_after_a_failed_second_upload_imports_nothing(world, client):
    """Security finding 11: preview A, fail to upload B, confirm: A was imported."""
    upload(client, "studenten", xlsx(STUDENT_HEADER, student_row("A001")))
    token = client.session[views_import.SESSION_KEY]["token"]
    digest = client.session[views_import.SESSION_KEY]["sha256"]
    upload(client, "studenten", b"geen excel")
    response = client.post(
        reverse("placements:import_confirm", args=["studenten"]),
        {"token": token, "sha256": digest},
        follow=True,
    )
    assert "geen gecontroleerd bestand" in response.content.decode()
    assert not Student.objects.filter(student_number="A001").exists()


def test_the_confirmation_is_tied_to_the_previewed_file_and_used_once(world, client):
    upload(client, "studenten", xlsx(STUDENT_HEADER, student_row("A002")))
    page = upload(client, "studenten", xlsx(STUDENT_HEADER, student_row("A003")))
    stored = client.session[views_import.SESSION_KEY]
    assert stored["token"] in page.content.decode()
    assert stored["sha256"] in page.content.decode()
    url = reverse("placements:import_confirm", args=["studenten"])
    # A wrong hash is refused, and uses the preview up.
    client.post(url, {"token": stored["token"], "sha256": "0" * 64})
    assert not Student.objects.filter(student_number__in=["A002", "A003"]).exists()
    assert views_import.SESSION_KEY not in client.session
    upload(client, "studenten", xlsx(STUDENT_HEADER, student_row("A003")))
    stored = client.session[views_import.SESSION_KEY]
    data = {"token": stored["token"], "sha256": stored["sha256"]}
    assert client.post(url, data).status_code == 302
    assert Student.objects.filter(student_number="A003").exists()
    assert not Student.objects.filter(student_number="A002").exists()
    # The same token again: nothing to confirm.
    response = client.post(url, data, follow=True)
    assert "geen gecontroleerd bestand" in response.content.decode()


# --- One pass, readable preview, a template that guides --------------------------------------


def test_every_error_of_every_row_is_reported_in_one_upload(world, client):
    data = xlsx(
        STUDENT_HEADER,
        # Three problems in one row: a parse error and two unknown references.
        student_row("E001", institute="ONBEKEND", v="fulltime", p=None),
        student_row("E002"),
        student_row("E003", institute="NOGEEN"),
    )
    content = upload(client, "studenten", data).content.decode()
    assert "Rij 2, kolom Opleiding: is verplicht maar leeg" in content
    assert "Rij 2, kolom Instituut: onbekend instituut “ONBEKEND”" in content
    assert "Rij 2, kolom Variant: “fulltime” is geen geldige waarde" in content
    assert "Rij 4, kolom Instituut: onbekend instituut “NOGEEN”" in content
    assert "4 fouten in 2 van de 3 rijen" in content
    # The preview lists the rows to fix; the good one is counted, not shown.
    preview = content.split('id="preview"', 1)[1]
    assert "E001" in preview and "E003" in preview and "E002" not in preview
    assert "2 van de 3; de andere rijen zijn in orde" in preview
    assert not Student.objects.filter(student_number__startswith="E00").exists()


def test_a_placement_row_reports_all_its_reference_errors(world, client):
    row = [
        "TLO",
        world.student.student_number,
        world.student.first_name,
        world.student.last_name,
        "Andere school",
        "VT9",
        "",
        "01-07-2021",
        "01-09-2020",
        "twee",
        "niemand@nergens.example",
        "misschien",
    ]
    content = upload(client, "stages", xlsx(PLACEMENT_HEADER, row)).content.decode()
    for expected in (
        "kolom Locatie: “Andere school” is geen locatie van jou",
        "kolom Niveau: “VT9” is geen geldige waarde",
        "kolom Einddatum: ligt voor de begindatum",
        "kolom Dagen per week: “twee” is geen getal",
        "kolom WPB e-mailadres: onbekende werkplekbegeleider",
        "kolom Afrondend: “misschien” is geen ja of nee",
    ):
        assert f"Rij 2, {expected}" in content
    assert not Placement.objects.filter(student=world.student).exists()


def test_the_preview_shows_ja_nee_dutch_dates_and_decimal_commas(world, client):
    row = [
        "TLO",
        world.student.student_number,
        world.student.first_name,
        world.student.last_name,
        "Testcollege",
        "VT2",
        "",
        "2020-09-01",
        "01-07-2021",
        "2,5",
        "",
        "ja",
    ]
    response = upload(client, "stages", xlsx(PLACEMENT_HEADER, row))
    assert response.status_code == 200
    preview = response.content.decode().split('id="preview"', 1)[1]
    assert ">ja<" in preview and ">True<" not in preview
    assert ">01-09-2020<" in preview and ">01-07-2021<" in preview
    assert ">2,5<" in preview


def _template(client, kind):
    response = client.get(reverse("placements:import_template", args=[kind]))
    assert response.status_code == 200
    return response.getvalue()


def test_the_template_has_an_example_allowed_values_and_dropdowns(world, client):
    workbook = load_workbook(BytesIO(_template(client, "stages")))
    assert workbook.sheetnames == ["Stages", "Toegestane waarden", "Uitleg"]
    sheet = workbook["Stages"]
    header = [cell.value for cell in sheet[1]]
    assert header == PLACEMENT_HEADER
    example = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert example["Studentnummer"] == imports.EXAMPLE_STUDENT_NUMBER
    assert example["Begindatum"].date().isoformat() == "2021-09-01"
    values = workbook["Toegestane waarden"]
    allowed = {
        column[0].value: [cell.value for cell in column[1:] if cell.value is not None]
        for column in values.iter_cols()
    }
    from bos.models import Institute

    assert "TLO" in allowed["Instituut"]
    assert allowed["Instituut"] == list(
        Institute.objects.order_by("short_name").values_list("short_name", flat=True)
    )
    assert "VT1" in allowed["Niveau"] and "minor_P1" in allowed["Niveau"]
    assert allowed["Afrondend"] == ["ja", "nee"]
    # Only the SO's own locations are offered.
    assert allowed["Locatie"] == ["Testcollege"]
    validated = {
        str(validation.sqref).split(":")[0][0]: validation.formula1
        for validation in sheet.data_validations.dataValidation
    }
    letters = {name: chr(ord("A") + i) for i, name in enumerate(PLACEMENT_HEADER)}
    for column in ("Instituut", "Locatie", "Niveau", "Afrondend"):
        assert "Toegestane waarden" in validated[letters[column]], column
    assert letters["Begindatum"] not in validated
    students = load_workbook(BytesIO(_template(client, "studenten")))["Toegestane waarden"]
    assert [cell.value for cell in students[1]] == ["Instituut", "Variant"]


def test_a_filled_in_template_imports_without_its_example_row(world, client):
    data = _template(client, "studenten")
    response = upload(client, "studenten", data)
    assert response.status_code == 400
    assert "geen rijen om in te lezen" in response.content.decode()

    workbook = load_workbook(BytesIO(data))
    workbook["Studenten"].append(student_row("T001"))
    buffer = BytesIO()
    workbook.save(buffer)
    response = upload(client, "studenten", buffer.getvalue())
    assert "Alle 1 rijen zijn in orde" in response.content.decode()
    confirm(client, "studenten")
    assert Student.objects.filter(student_number="T001").exists()
    assert not Student.objects.filter(student_number=imports.EXAMPLE_STUDENT_NUMBER).exists()


def test_exports_keep_dates_and_numbers_typed(world, client):
    import datetime as dt

    world.create()
    sheet = load_workbook(
        BytesIO(client.get(reverse("placements:export", args=["stages"])).getvalue())
    ).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = [cell.value for cell in sheet[1]]
    first = dict(zip(header, rows[0], strict=True))
    assert isinstance(first["Begindatum"], dt.datetime)
    assert isinstance(first["Dagen per week"], int | float)
    assert first["Afrondend"] in ("ja", "nee")
    assert sheet.cell(row=2, column=header.index("Begindatum") + 1).number_format == "DD-MM-YYYY"


def test_an_exported_file_imports_again_unchanged(world, client):
    world.create()
    exported = client.get(reverse("placements:export", args=["stages"])).getvalue()
    header = next(load_workbook(BytesIO(exported)).active.iter_rows(values_only=True))
    assert list(header) == PLACEMENT_HEADER
    response = upload(client, "stages", exported)
    assert response.status_code == 200, response.content.decode()[-2000:]
    response = confirm(client, "stages", follow=True)
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in response.content.decode()


def _preview_rows(content: str) -> int:
    table = content.split('id="preview"', 1)[1].split("</table>", 1)[0]
    return table.count('<th scope="row"')


def test_the_preview_of_a_long_file_stays_the_same_size(world, client, monkeypatch):
    """Issue #29: the preview shows the first PREVIEW_ROWS rows (lowered here to keep the
    test fast) and counts the rest; confirming still saves every row."""
    monkeypatch.setattr(imports, "PREVIEW_ROWS", 5)
    short = xlsx(STUDENT_HEADER, *(student_row(f"K{i:03}") for i in range(20)))
    long = xlsx(STUDENT_HEADER, *(student_row(f"L{i:03}") for i in range(150)))
    small_page = upload(client, "studenten", short).content.decode()
    page = upload(client, "studenten", long).content.decode()
    assert _preview_rows(small_page) == _preview_rows(page) == 5
    assert "Alle 150 rijen zijn in orde: 150 nieuw, 0 bijgewerkt, 0 ongewijzigd." in page
    assert "Hieronder staan de eerste 5 rijen; 145 andere rijen worden niet getoond." in page
    # The same page, but for the numbers in it (the file name, counts and row keys).
    assert abs(len(page) - len(small_page)) < 200
    response = confirm(client, "studenten", follow=True)
    assert "Ingelezen: 150 nieuw, 0 bijgewerkt, 0 ongewijzigd." in response.content.decode()
    assert Student.objects.filter(student_number__startswith="L").count() == 150


def test_the_preview_of_many_bad_rows_shows_the_first_and_counts_all(world, client, monkeypatch):
    monkeypatch.setattr(imports, "PREVIEW_ROWS", 5)
    rows = [student_row(f"M{i:03}", v="fulltime" if i % 2 else "vt") for i in range(60)]
    response = upload(client, "studenten", xlsx(STUDENT_HEADER, *rows))
    content = response.content.decode()
    assert response.status_code == 400
    assert _preview_rows(content) == 5
    assert "30 fouten in 30 van de 60 rijen. De andere rijen: 30 nieuw" in content
    assert "de eerste 5 rijen met fouten; 25 andere rijen met fouten worden niet getoond" in content
    assert not Student.objects.filter(student_number__startswith="M").exists()
