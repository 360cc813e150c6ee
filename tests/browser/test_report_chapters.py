"""The projectleider writes a chapter with a figure reference, previews, saves and approves
it, and the PDF made from the report page holds the text and the figure's numbers."""

from pathlib import Path

import pytest

from tests.browser.helpers import PDF_WAIT_MS, click_and_wait
from tests.demo_years import RUNNING_YEAR, running_year
from tests.reports.test_pdf import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = "De stageplaatsing verliep dit jaar vlot.\n\n[[figuur:7]]\n\nMeer volgt."


def test_projectleider_writes_approves_and_prints_a_chapter(
    demo, page, live_server, login, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/jaarverslag/?jaar={RUNNING_YEAR}")
    click_and_wait(page, page.get_by_role("link", name="Hoofdstukken"))
    assert page.get_by_role("heading", name=f"Hoofdstukken {RUNNING_YEAR}").is_visible()
    click_and_wait(page, page.get_by_role("link", name="Bewerken Stages"))

    page.get_by_label("Inleiding").fill(TEXT)
    page.get_by_label("Wat ging goed").fill("**Alle** scholen deden mee.")
    click_and_wait(page, page.get_by_role("button", name="Voorbeeld"))
    preview = page.locator(".chapter-preview")
    assert preview.get_by_text("Voorbeeld (niet opgeslagen)").is_visible()
    assert preview.get_by_text("Figuur 7: studenten per instituut per school").is_visible()
    assert preview.locator("strong", has_text="Alle").is_visible()
    # The preview kept the text in the form; nothing is saved yet.
    assert page.get_by_label("Inleiding").input_value() == TEXT

    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("De tekst is opgeslagen.").is_visible()
    assert page.get_by_text("concept", exact=True).is_visible()
    assert page.locator("article").get_by_text("Figuur 7: studenten per instituut").is_visible()
    click_and_wait(page, page.get_by_role("button", name="Goedkeuren"))
    assert page.get_by_text("goedgekeurd", exact=True).first.is_visible()
    assert page.get_by_role("heading", name="Versies").is_visible()

    page.goto(f"{live_server.url}/jaarverslag/?jaar={RUNNING_YEAR}")
    figure_total = page.locator("#fig7 tfoot td").last.inner_text()
    click_and_wait(page, page.get_by_role("button", name="Maak PDF"), timeout=PDF_WAIT_MS)
    assert page.get_by_text("klaar").first.is_visible()
    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="Download PDF").click()
    text = pdf_text(Path(pdf_info.value.path()).read_bytes(), tmp_path)
    flat = " ".join(text.split())
    assert "De stageplaatsing verliep dit jaar vlot." in flat
    assert "Alle scholen deden mee." in flat
    assert "Figuur 7: studenten per instituut per school" in flat
    assert figure_total in flat
    assert "[[figuur" not in flat


def test_a_kernteam_member_edits_only_their_own_chapter(demo, page, live_server, login):
    from bos.models import Role, User
    from reports import services
    from tests.factories import user_with_role

    year = running_year()
    writer = user_with_role(Role.KERNTEAM, year=year)
    writer.set_password("kernteam-schrijft-2021")
    writer.save()
    services.chapter_save(
        year=year,
        chapter="intervision",
        user=User.objects.get(email="projectleider@demo.bos.example"),
        introduction="Opzet van het hoofdstuk.",
        author=writer.person,
        set_author=True,
    )
    login(writer.email, "kernteam-schrijft-2021")
    page.goto(f"{live_server.url}/jaarverslag/hoofdstukken/{RUNNING_YEAR}/")
    # The overview offers editing for their own chapter only.
    assert page.get_by_role("link", name="Bewerken Inductie").count() == 0
    click_and_wait(page, page.get_by_role("link", name="Bewerken Intervisie"))
    page.get_by_label("Wat ging goed").fill("Elke school had een eigen groep.")
    click_and_wait(page, page.get_by_role("button", name="Opslaan"))
    assert page.get_by_text("De tekst is opgeslagen.").is_visible()
    assert page.locator("article").get_by_text("Elke school had een eigen groep.").is_visible()
    # Another chapter's edit page, typed in by hand, is refused.
    refused = page.goto(
        f"{live_server.url}/jaarverslag/hoofdstukken/{RUNNING_YEAR}/induction/bewerken/"
    )
    assert refused is not None and refused.status == 403


def test_projectleider_takes_the_draft_of_an_unwritten_chapter_on_a_phone(
    demo, page, live_server, login
):
    """From the chapter list to a chapter nobody wrote: its draft from the figures is on the
    page, the form starts from it, and saved as it is it becomes the chapter's text."""
    from reports.models import ChapterText

    ChapterText.objects.filter(school_year=running_year(), chapter="finance").delete()
    page.set_viewport_size({"width": 390, "height": 844})
    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/jaarverslag/hoofdstukken/{RUNNING_YEAR}/")
    click_and_wait(page, page.get_by_role("link", name="Financiën", exact=True))
    draft = page.locator(".chapter-draft")
    assert draft.get_by_role("heading", name="Concept uit de cijfers").is_visible()
    first = draft.locator("li").first.inner_text()
    assert first.startswith("De inkomsten") and "(bron: figuur 5)" in first
    click_and_wait(page, page.get_by_role("link", name="Bewerken"))
    introduction = page.get_by_label("Inleiding").input_value()
    assert introduction.startswith(first.removesuffix(" (bron: figuur 5)"))
    save = page.get_by_role("button", name="Opslaan")
    save.scroll_into_view_if_needed()
    assert save.is_visible()
    click_and_wait(page, save)
    assert page.get_by_text("De tekst is opgeslagen.").is_visible()
    assert page.locator("article.chapter-text").get_by_text("De inkomsten").is_visible()
