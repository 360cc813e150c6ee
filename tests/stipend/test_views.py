import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bos.models import Role
from stipend.models import AccessAction, AccessLogEntry, DocumentKind, StipendDocument
from tests.factories import user_with_role
from tests.stipend.factories import (
    FORM_DATA,
    PNG,
    VALID_BSN,
    VALID_IBAN,
    accepted_application,
    complete_application,
    submitted_application,
)

PLAINTEXT = (VALID_BSN, VALID_IBAN, "NL44 RABO", "12-04-1998", "1998-04-12")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_post(**overrides) -> dict:
    data = {**FORM_DATA, **overrides}
    return {key: ("" if value is None else str(value)) for key, value in data.items()}


def assert_masked(html: str) -> None:
    for value in PLAINTEXT:
        assert value not in html


def test_form_rejects_bad_bsn_and_iban_in_dutch_and_saves_nothing(world):
    from stipend import services

    application = services.start_application(placement=world.placement, actor=world.so)
    client = client_for(world.student)
    url = reverse("stipend:edit", args=[application.pk])
    response = client.post(url, form_post(bsn="111222334", iban="NL92ABNA0417164300"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "elfproef" in html
    assert "controlecijfers kloppen niet" in html
    application.refresh_from_db()
    assert application.bsn == "" and application.iban == "" and application.given_names == ""


def test_form_saves_and_never_sends_the_numbers_back(world):
    from stipend import services

    application = services.start_application(placement=world.placement, actor=world.so)
    client = client_for(world.student)
    url = reverse("stipend:edit", args=[application.pk])
    response = client.post(url, form_post())
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.bsn == VALID_BSN and application.iban == VALID_IBAN
    page = client.get(url)
    assert page["Cache-Control"].count("no-store")
    assert_masked(page.content.decode())
    # Leaving the numbers empty keeps them.
    client.post(url, form_post(bsn="", iban="", date_of_birth=""))
    application.refresh_from_db()
    assert application.bsn == VALID_BSN and application.date_of_birth is not None


def test_a_stale_edit_is_refused_with_a_clear_message_and_keeps_the_input(world):
    from stipend import services

    application = services.start_application(placement=world.placement, actor=world.so)
    url = reverse("stipend:edit", args=[application.pk])
    student = client_for(world.student)
    so = client_for(world.so)
    loaded = application.version
    # The SO saves first; the student's form still carries the version they opened.
    assert so.post(url, form_post(version=loaded, remarks="door de SO")).status_code == 302
    response = student.post(url, form_post(version=loaded, remarks="door de student"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Iemand anders heeft deze aanvraag gewijzigd" in html
    assert "door de student" in html  # what the student typed is still in the form
    application.refresh_from_db()
    assert application.remarks == "door de SO"
    assert application.version == loaded + 1


@pytest.mark.parametrize("who", ["student", "so", "director", "projectleider", "admin"])
def test_detail_is_masked_for_everyone_but_hr(world, who):
    application = submitted_application(world)
    if who == "projectleider":
        user = user_with_role(Role.PROJECTLEIDER, year=world.year)
    elif who == "admin":
        from tests.factories import UserFactory

        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = getattr(world, who)
    response = client_for(user).get(reverse("stipend:detail", args=[application.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert_masked(html)
    assert "•••••••04" in html
    assert "BSN tonen" not in html
    assert "no-store" in response["Cache-Control"]
    assert AccessLogEntry.objects.filter(
        application=application, user=user, action=AccessAction.VIEW
    ).exists()


def test_hr_reveals_and_every_reveal_is_logged(world):
    application = submitted_application(world)
    client = client_for(world.hr)
    url = reverse("stipend:detail", args=[application.pk])
    html = client.get(url).content.decode()
    assert_masked(html)
    assert "BSN tonen" in html
    response = client.post(reverse("stipend:reveal", args=[application.pk]), {"field": "bsn"})
    assert response.status_code == 200
    assert VALID_BSN in response.content.decode()
    assert VALID_IBAN not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    client.post(reverse("stipend:reveal", args=[application.pk]), {"field": "iban"})
    actions = list(
        AccessLogEntry.objects.filter(application=application, user=world.hr).values_list(
            "action", flat=True
        )
    )
    assert AccessAction.REVEAL_BSN in actions and AccessAction.REVEAL_IBAN in actions
    assert actions.count(AccessAction.VIEW) >= 1
    # HR of another board does not even learn that the application exists.
    other = client_for(world.other_hr)
    assert other.get(url).status_code == 404
    assert (
        other.post(reverse("stipend:reveal", args=[application.pk]), {"field": "bsn"}).status_code
        == 404
    )


def test_download_is_an_attachment_permission_checked_and_logged(world):
    application = submitted_application(world)
    id_copy = application.documents.get(kind=DocumentKind.ID_COPY)
    agreement = application.documents.get(kind=DocumentKind.AGREEMENT)
    url = reverse("stipend:download", args=[application.pk, id_copy.pk])
    response = client_for(world.hr).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AccessLogEntry.objects.filter(
        application=application, user=world.hr, action=AccessAction.DOWNLOAD
    ).exists()
    # The SO may see the placement agreement, not the ID copy; the other HR nothing.
    assert client_for(world.so).get(url).status_code == 404
    so_url = reverse("stipend:download", args=[application.pk, agreement.pk])
    assert client_for(world.so).get(so_url).status_code == 200
    assert client_for(world.other_hr).get(url).status_code == 404


def test_upload_view_rejects_html_renamed_pdf_and_oversized_files(world, settings):
    from stipend import services

    application = services.start_application(placement=world.placement, actor=world.so)
    client = client_for(world.student)
    url = reverse("stipend:upload", args=[application.pk])
    fake = SimpleUploadedFile("id.pdf", b"<!DOCTYPE html><html></html>", "application/pdf")
    response = client.post(url, {"kind": DocumentKind.ID_COPY, "file": fake}, follow=True)
    assert "Alleen PDF-, JPEG- of PNG-bestanden" in response.content.decode()
    settings.STIPEND_MAX_UPLOAD_BYTES = 100
    big = SimpleUploadedFile("id.png", b"\x89PNG\r\n\x1a\n" + b"0" * 500, "image/png")
    response = client.post(url, {"kind": DocumentKind.ID_COPY, "file": big}, follow=True)
    assert "te groot" in response.content.decode()
    assert not StipendDocument.objects.filter(application=application).exists()
    settings.STIPEND_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    ok = SimpleUploadedFile("id.png", PNG, "image/png")
    client.post(url, {"kind": DocumentKind.ID_COPY, "file": ok})
    assert StipendDocument.objects.get(application=application).content_type == "image/png"


def test_hr_queue_shows_what_is_missing_and_only_own_board(world):
    application = complete_application(world)
    from stipend import services

    services.sign(application=application, actor=world.student)
    services.approve_by_so(application=application, actor=world.so)
    services.approve_by_director(application=application, actor=world.director)
    application.documents.filter(kind=DocumentKind.AGREEMENT).delete()
    html = client_for(world.hr).get(reverse("stipend:hr_queue")).content.decode()
    assert f"#{application.pk}" in html
    assert "ontbreekt: stageovereenkomst" in html
    assert_masked(html)
    other_html = client_for(world.other_hr).get(reverse("stipend:hr_queue")).content.decode()
    assert f"#{application.pk}<" not in other_html


def test_steps_through_the_views(world):
    application = complete_application(world)
    detail = reverse("stipend:detail", args=[application.pk])
    client_for(world.student).post(reverse("stipend:sign", args=[application.pk]))
    client_for(world.so).post(reverse("stipend:so_approve", args=[application.pk]))
    # A step out of turn is refused with a message, not an error page.
    response = client_for(world.so).post(
        reverse("stipend:so_approve", args=[application.pk]), follow=True
    )
    assert "huidige status" in response.content.decode()
    client_for(world.director).post(reverse("stipend:director_approve", args=[application.pk]))
    client_for(world.hr).post(
        reverse("stipend:accept", args=[application.pk]), {"employee_reference": "P-7"}
    )
    application.refresh_from_db()
    assert application.status == "accepted"
    assert (
        '<strong id="status">toegekend</strong>'
        in client_for(world.student).get(detail).content.decode()
    )
    assert application.documents.filter(kind=DocumentKind.LETTER).exists()


def test_export_per_board_and_month_with_formulas_escaped(world):
    application = accepted_application(world)
    application.given_names = '=HYPERLINK("http://evil.example")'
    application.save()
    client = client_for(world.hr)
    url = reverse("stipend:export")
    response = client.get(url, {"month": "2021-10", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["personeelsnummer", "naam", "IBAN", "bedrag", "periode"]
    assert rows[1][0] == "P-1001"
    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][2] == VALID_IBAN
    assert rows[1][3] == "375,00"
    assert rows[1][4] == "oktober 2021"
    # Outside the period nothing is due.
    august = client.get(url, {"month": "2021-08", "format": "csv"})
    assert len(list(csv.reader(io.StringIO(august.content.decode("utf-8-sig"))))) == 1
    xlsx = client.get(url, {"month": "2021-10", "format": "xlsx"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [cell.value for cell in sheet[2]]
    assert values[0] == "P-1001" and values[1].startswith("'=")
    assert float(values[3]) == 375.0
    exports = AccessLogEntry.objects.filter(user=world.hr, action=AccessAction.EXPORT)
    assert exports.filter(application=None).count() == 3
    # Security finding 15: each application's own log shows that its IBAN was exported.
    assert exports.filter(application=application).count() == 2
    # HR of the other board cannot export this board.
    other = client_for(world.other_hr)
    board_id = world.placement.location.board_id
    response = other.get(url, {"month": "2021-10", "format": "csv", "board": board_id})
    assert response.status_code == 404
    other_rows = other.get(url, {"month": "2021-10", "format": "csv"}).content.decode("utf-8-sig")
    assert VALID_IBAN not in other_rows


def test_export_with_a_bad_month_shows_a_dutch_error(world):
    response = client_for(world.hr).get(
        reverse("stipend:export"), {"month": "oktober", "format": "csv"}
    )
    assert response.status_code == 400
    assert "Voer een geldige datum in" in response.content.decode()


def test_lists_are_masked_and_the_access_log_is_for_hr_only(world):
    application = submitted_application(world)
    for user in (world.so, world.director, world.hr, world.student):
        html = client_for(user).get(reverse("stipend:list")).content.decode()
        assert f"#{application.pk}" in html
        assert_masked(html)
    client_for(world.so).get(reverse("stipend:detail", args=[application.pk]))
    hr_html = client_for(world.hr).get(reverse("stipend:detail", args=[application.pk]))
    assert "Toegangslog" in hr_html.content.decode()
    assert world.so.email in hr_html.content.decode()  # the SO's view is in the log
    so_html = client_for(world.so).get(reverse("stipend:detail", args=[application.pk]))
    assert "Toegangslog" not in so_html.content.decode()


def test_student_starts_from_the_list(world):
    client = client_for(world.student)
    html = client.get(reverse("stipend:list")).content.decode()
    assert "Aanvraag starten" in html
    response = client.post(reverse("stipend:start", args=[world.placement.pk]))
    assert response.status_code == 302
    assert world.placement.stipend_applications.count() == 1
    # A second start is refused: the placement is no longer startable.
    again = client.post(reverse("stipend:start", args=[world.placement.pk]))
    assert again.status_code == 404


def test_audit_trail_records_changes_without_personal_data(world):
    from bos.models import AuditEntry

    application = submitted_application(world)
    client_for(world.so).get(reverse("stipend:detail", args=[application.pk]))
    entries = AuditEntry.objects.filter(
        model="stipend.stipendapplication", object_pk=application.pk
    )
    assert entries.filter(action="view", actor_email=world.so.email).exists()
    assert entries.filter(action="update").exists()
    trail = " ".join(str(entry.changes) for entry in entries)
    for value in (VALID_BSN, VALID_IBAN, "Anna Maria", "Voorbeeldstraat", "1998"):
        assert value not in trail
