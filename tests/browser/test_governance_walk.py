"""The projectleider keeps every setting of the year that governance asks for, from the
policy page and the menu, each change by the decision it follows, and never through the
admin (issue #25). The single pages have their own tests; this walk proves they can all be
reached and used one after another, as the projectleider works through a year."""

import pytest

from tests.browser.helpers import click_and_wait, open_from_menu
from tests.browser.test_accessibility import violations
from tests.demo_years import RUNNING_YEAR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = "Instellingen van het nieuwe jaar"


def _choose_decision(page) -> None:
    page.get_by_label("Besluit", exact=True).select_option(
        label=f"3 november {RUNNING_YEAR[:4]}: {DECISION} (kernteam)"
    )


def _save(page, button: str = "Opslaan") -> str:
    click_and_wait(page, page.get_by_role("button", name=button, exact=True))
    assert "/beheer/" not in page.url
    return page.inner_text("main")


def _back_to_policy(page) -> None:
    open_from_menu(page, "Geld en beleid", "Beleid")


def test_projectleider_keeps_the_years_settings_by_one_decision(demo, page, live_server, login):
    login("projectleider@demo.bos.example")

    # The decision the kernteam took.
    open_from_menu(page, "Geld en beleid", "Besluiten")
    click_and_wait(page, page.get_by_role("link", name="Besluit vastleggen"))
    page.get_by_label("Datum", exact=True).fill(f"{RUNNING_YEAR[:4]}-11-03")
    page.get_by_label("Genomen door").select_option(label="Kernteam")
    page.get_by_label("Titel").fill(DECISION)
    page.get_by_label("Besluit", exact=True).fill("Het kernteam stelt de regels van het jaar bij.")
    assert f"Besluit „{DECISION}” vastgelegd." in _save(page)

    # The facilitation policy: the kartrekker's surcharge.
    _back_to_policy(page)
    click_and_wait(
        page, page.get_by_role("link", name=f"Beleid {RUNNING_YEAR} wijzigen", exact=True)
    )
    page.get_by_label("Toeslag kartrekker ontwikkelteam (uren)").fill("10")
    _choose_decision(page)
    _save(page)

    # The placement policy's terms.
    _back_to_policy(page)
    click_and_wait(
        page, page.get_by_role("link", name=f"Stagebeleid {RUNNING_YEAR} wijzigen", exact=True)
    )
    page.get_by_label("Reactie aan student binnen (werkdagen)").fill("4")
    _choose_decision(page)
    _save(page)

    # Each setting page beside the policy.
    for link, label, value in [
        ("Begeleidingsbeleid", "Intake uiterlijk (dagen na de start)", "12"),
        ("Regels verdiepingsmiddagen", "Standaard aantal plaatsen per workshop", "22"),
        ("Intervisiebeleid", "Minimale aanwezigheid (%)", "75"),
        ("Doelen jaarverslag", "Minimaal aantal eerstejaars", "30"),
    ]:
        _back_to_policy(page)
        click_and_wait(page, page.get_by_role("link", name=link, exact=True))
        page.get_by_label(label).fill(value)
        _choose_decision(page)
        assert "1 wijziging(en)" in _save(page), link
        assert violations(page) == [], link

    # The supervision agreements: FLOT's own agreement for its third-years.
    _back_to_policy(page)
    click_and_wait(
        page, page.get_by_role("link", name="Begeleidingsafspraken per instituut en fase")
    )
    page.get_by_label("Instituut").select_option(label="FLOT")
    page.get_by_label("Stageniveau").select_option(label="VT3")
    page.get_by_label("Studiefase").fill("Derdejaars FLOT")
    page.get_by_label("Minimaal aantal zelfstandige lessen").fill("6")
    page.get_by_label("Aanwezigheid WPB in de klas").select_option(
        label="gaandeweg vaker weg, als de student zelfstandig lesgeeft"
    )
    page.get_by_label("Aantal voortgangsgesprekken").fill("2")
    _choose_decision(page)
    assert "Derdejaars FLOT" in _save(page)

    # A school whose counts are not known.
    _back_to_policy(page)
    click_and_wait(page, page.get_by_role("link", name="Scholen met onbekende aantallen (?)"))
    page.get_by_label("School", exact=True).select_option(label="Markenhage")
    page.get_by_label("Toelichting").fill("De school heeft geen aantallen doorgegeven.")
    _choose_decision(page)
    assert "Markenhage" in _save(page, "Toevoegen")

    # Everything above stands with the decision.
    open_from_menu(page, "Geld en beleid", "Besluiten")
    click_and_wait(page, page.get_by_role("link", name=DECISION))
    changes = page.get_by_role("table", name=f"Wat {DECISION} wijzigt").inner_text()
    for expected in [
        "toeslag kartrekker",
        "reactie aan student",
        "intake",
        "aantal plaatsen",
        "aanwezigheid",
        "eerstejaars",
        "Derdejaars FLOT",
        "Markenhage",
    ]:
        assert expected.lower() in changes.lower(), expected
    assert violations(page) == []


def test_projectleider_adjusts_targets_and_prepares_the_budget(demo, page, live_server, login):
    login("projectleider@demo.bos.example")

    # A school that cannot reach its streefaantal gets a growth path, with its reason.
    open_from_menu(page, "Geld en beleid", "Streefaantallen")
    click_and_wait(page, page.get_by_role("link", name="Streefaantal bijstellen: Markenhage"))
    page.get_by_label("groeipad").check()
    page.get_by_label("Aantal studenten dit schooljaar").fill("5")
    page.get_by_label("Reden").fill("Nieuwe locatie, groeit in drie jaar naar het streefaantal.")
    click_and_wait(page, page.get_by_role("button", name="Afspraak opslaan"))
    assert "Nieuwe locatie" in page.inner_text("main")
    assert violations(page) == []

    # Places offered against demand: "elk niveau" counts against every level, in words.
    open_from_menu(page, "Stages", "Aanbod en bezetting")
    main = page.inner_text("main")
    assert "minor_P1" not in main and "any" not in main.split()

    # The budget: the school compensation line, the subsidy list and the support staff.
    page.goto(f"{live_server.url}/jaarverslag/begroting/{RUNNING_YEAR}/")
    assert "/beheer/" not in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Studentenlijst subsidieaanvraag (Excel)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    click_and_wait(page, page.get_by_role("link", name="Ondersteuning (figuur 6)"))
    page.get_by_label("Voornaam").fill("Noor")
    page.get_by_label("Achternaam").fill("Verbeek")
    page.get_by_label("E-mailadres").fill("noor.verbeek@example.org")
    page.get_by_label("Taak").fill("Secretariaat stuurgroep")
    page.get_by_label("Uren").fill("40")
    assert "Noor Verbeek" in _save(page, "Toevoegen")
    assert violations(page) == []


def test_projectleider_assigns_the_new_roles_and_records_a_qualification(
    demo, page, live_server, login
):
    login("projectleider@demo.bos.example")

    # A WPB without the course the seed asks for.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    click_and_wait(page, menu.get_by_role("link", name="Organisatie", exact=True).first)
    click_and_wait(page, page.get_by_role("link", name="Personen en rollen"))
    page.get_by_label("Zoek op naam of e-mail").fill("Aalbers")
    click_and_wait(page, page.get_by_role("button", name="Zoeken"))
    click_and_wait(page, page.get_by_role("link", name="Teun Aalbers", exact=True))
    assert "geen cursus vastgelegd" in page.inner_text("main")

    # The WPB course, recorded on the person's page.
    page.get_by_text("Kwalificatie vastleggen of wijzigen").click()
    page.get_by_label("Kwalificatie").select_option(label="Cursus werkplekbegeleiding")
    page.get_by_label("Behaald op").fill(f"{RUNNING_YEAR[:4]}-10-01")
    main = _save(page, "Kwalificatie opslaan")
    assert "Cursus werkplekbegeleiding" in main and "geen cursus vastgelegd" not in main

    # A lerarencoach at the school: a role with its scope (the school).
    page.get_by_label("Rol", exact=True).select_option(label="Lerarencoach")
    page.get_by_label("Locaties").select_option(label="Beatrix College")
    main = _save(page, "Rol toevoegen")
    roles = page.get_by_role("table").first.inner_text()
    assert "Lerarencoach" in roles and "Beatrix College" in roles, main
    assert violations(page) == []


def test_projectleider_gives_a_first_year_place_to_an_upper_year_only_knowingly(
    demo, page, live_server, login
):
    from placements.models import Proposal, ProposalStatus
    from tests.demo_years import NEXT_YEAR

    # The demo's application waiting for a decision, on a place kept for first-years.
    proposal = Proposal.objects.filter(
        status=ProposalStatus.APPLIED, offer__isnull=False, school_year__name=NEXT_YEAR
    ).first()
    assert proposal is not None
    offer = proposal.offer
    offer.first_year_reserved = offer.places
    offer.save(update_fields=["first_year_reserved"])
    Proposal.objects.filter(pk=proposal.pk).update(level="VT3")

    login("projectleider@demo.bos.example")
    page.goto(f"{live_server.url}/stages/matching/{proposal.pk}/")
    page.get_by_label("Begindatum").fill(f"{NEXT_YEAR[:4]}-09-01")
    page.get_by_label("Einddatum").fill(f"{NEXT_YEAR[5:]}-06-30")
    page.get_by_label("Dagen per week").fill("2")
    main = _save(page, "Accepteren")
    assert "gereserveerd voor eerstejaars" in main
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.APPLIED
    assert violations(page) == []
    page.get_by_label("Ik geef deze plaats voor eerstejaars bewust aan een hogerejaars").check()
    assert "is aan een hogerejaars gegeven" in _save(page, "Accepteren")
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.ACCEPTED
