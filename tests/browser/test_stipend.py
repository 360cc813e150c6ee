"""The stipend procedure end to end: the student applies after a code login, uploads the
documents and signs; SO and director approve; HR of the right board accepts and the PDF
letter is produced; HR of the other board and the projectleider never see the BSN."""

import re

import pytest

from tests.browser.helpers import click_and_wait
from tests.demo_years import RUNNING_YEAR
from tests.documents import valid_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BSN = "123456782"
IBAN = "NL02ABNA0123456789"
PDF = valid_pdf()


def _context(browser):
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _password_login(browser, live_server, email):
    from django.conf import settings

    context, page = _context(browser)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", settings.DEMO_PASSWORD)
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def _code_login(browser, live_server, email):
    from django.core import mail

    context, page = _context(browser)
    mail.outbox.clear()
    page.goto(f"{live_server.url}/accounts/login/code/")
    page.fill("input[name=email]", email)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/login/code/confirm/.*"))
    body = mail.outbox[-1].body
    code = next(
        line.strip() for line in body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,12}", line.strip())
    )
    page.fill("input[name=code]", code)
    # The confirm page also has a cancel button: the first submit button confirms.
    click_and_wait(page, page.locator("main button[type=submit]").first)
    return context, page


def test_student_applies_and_hr_of_the_right_board_accepts(
    demo, browser, live_server, tmp_path, settings
):
    from django.core import mail

    from stipend.models import DocumentKind, StipendApplication

    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    # The demo student's application is in the running year, the first year of the stipend scheme.
    application = StipendApplication.objects.get(
        placement__student__user__email="student@demo.bos.example"
    )
    detail = f"{live_server.url}/stagevergoeding/{application.pk}/"

    # The student: code login, the form, three documents, signing.
    context, page = _code_login(browser, live_server, "student@demo.bos.example")
    page.goto(f"{live_server.url}/stagevergoeding/")
    click_and_wait(page, page.get_by_role("link", name=f"#{application.pk}"))
    click_and_wait(page, page.get_by_role("link", name="Formulier invullen of wijzigen"))
    for name, value in {
        "last_name": "Voorbeeld",
        "given_names": "Sanne Maria",
        "call_name": "Sanne",
        "date_of_birth": "1998-04-12",
        "place_of_birth": "Tilburg",
        "country_of_birth": "Nederland",
        "nationality": "Nederlandse",
        "iban": IBAN,
        "bsn": BSN,
        "address": "Voorbeeldstraat 1",
        "postcode_city": "5000 AA Tilburg",
        "phone": "06-00000000",
        "institute_address": "Postbus 90900",
        "institute_postcode_city": "5000 GA Tilburg",
        "school_address": "Schoolstraat 1",
        "school_postcode_city": "5000 AB Tilburg",
    }.items():
        page.fill(f"[name={name}]", value)
    for name, value in {
        "marital_status": "unmarried",
        "degree": "bachelor",
        "study_variant": "voltijd",
        "level": "hbo_bachelor",
        "days_per_week": "3",
    }.items():
        page.check(f'input[name="{name}"][value="{value}"]')
    page.select_option("[name=id_document_type]", "passport")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert "De aanvraag is opgeslagen" in page.content()
    assert BSN not in page.content()
    document = tmp_path / "document.pdf"
    document.write_bytes(PDF)
    for kind in (DocumentKind.ID_COPY, DocumentKind.AGREEMENT, DocumentKind.PREVIOUS_LEVEL):
        page.select_option("#id_kind", kind.value)
        page.set_input_files("#id_file", str(document))
        click_and_wait(page, page.get_by_role("button", name="Uploaden"))
        assert "Het document is toegevoegd" in page.content()
    click_and_wait(
        page, page.get_by_role("button", name="Ondertekenen en indienen bij schoolopleider")
    )
    assert page.locator("#status").inner_text() == "ondertekend door student"
    context.close()

    # The SO approves in the list (htmx swaps the row), the director on the detail page.
    context, page = _password_login(browser, live_server, "so.beatrix@demo.bos.example")
    page.goto(f"{live_server.url}/stagevergoeding/?jaar={RUNNING_YEAR}")
    assert BSN not in page.content() and IBAN not in page.content()
    row = page.locator(f"#aanvraag-{application.pk}")
    click_and_wait(page, row.get_by_role("button", name="Goedkeuren"))
    row = page.locator(f"#aanvraag-{application.pk}")
    assert row.get_by_role("status").inner_text() == "Goedgekeurd; de directie is aan zet."
    assert "goedgekeurd door schoolopleider" in row.inner_text()
    context.close()
    context, page = _password_login(browser, live_server, "directeur.beatrix@demo.bos.example")
    page.goto(detail)
    assert BSN not in page.content() and IBAN not in page.content()
    click_and_wait(page, page.get_by_role("button", name="Goedkeuren als directie"))
    context.close()

    # HR of the other board and the projectleider never see the BSN.
    context, page = _password_login(browser, live_server, "hr.skvob@demo.bos.example")
    response = page.goto(detail)
    assert response.status == 404
    assert BSN not in page.content()
    context.close()
    context, page = _password_login(browser, live_server, "projectleider@demo.bos.example")
    page.goto(detail)
    assert page.locator("#status").inner_text().startswith("goedgekeurd door directie")
    assert BSN not in page.content() and "BSN tonen" not in page.content()
    context.close()

    # HR Sovot reveals the BSN (logged) and accepts; the letter is produced and mailed.
    mail.outbox.clear()
    context, page = _password_login(browser, live_server, "hr.sovot@demo.bos.example")
    page.goto(f"{live_server.url}/stagevergoeding/hr/")
    click_and_wait(page, page.get_by_role("link", name=f"#{application.pk}").first)
    assert BSN not in page.content()
    click_and_wait(page, page.get_by_role("button", name="BSN tonen"))
    assert page.locator("#value-bsn").inner_text() == BSN
    click_and_wait(page, page.get_by_role("button", name="Toekennen"))
    assert page.locator("#status").inner_text() == "toegekend"
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"bevestiging-stagevergoeding-{application.pk}.pdf").click()
    letter = download_info.value.path().read_bytes()
    assert letter.startswith(b"%PDF")
    context.close()
    accepted = [m for m in mail.outbox if "Bevestiging" in m.subject]
    assert accepted and accepted[0].to == ["student@demo.bos.example"]
    assert accepted[0].attachments[0][2] == "application/pdf"
    assert application.access_log.filter(action="reveal_bsn").count() == 1
