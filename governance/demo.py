"""The decisions of the seed year (jaarverslag 2020-2021), with their dates, who took them
and the library documents they are in: the online rights (december 2020), the guidelines
for the SO's facilitation (28 April 2021), the stipend from 2021-2022 (April 2021) and the
budget with its principles (the report names no date).

The values each decision set are recorded by the app that holds them, from its own demo,
with `record_once` (the policy's values by the facilitation demo, the online-rights table by
the placements demo, the budget by the reports demo): this module runs first, so they find
the decisions here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bos.demo import DemoContext
from bos.models import SchoolYear
from library.demo import seed_document

from . import services
from .models import Body, DatePrecision, Decision

ONLINE_RIGHTS = "online_rights"
FACILITATION = "facilitation"
STIPEND = "stipend"
BUDGET = "budget"

SEED_DECISIONS: dict[str, dict[str, Any]] = {
    BUDGET: {
        # The report says the stuurgroep adopts each year's budget, not when it did so.
        "decided_on": dt.date(2020, 8, 1),
        "date_precision": DatePrecision.UNKNOWN,
        "body": Body.STUURGROEP,
        "title": "Begroting 2020-2021 en uitgangspunten verdeling middelen",
        "text": (
            "De stuurgroep stemt in met de uitgangspunten voor de verdeling van de financiële "
            "middelen, dezelfde als in 2019-2020: de toegekende financiering van € 250.000 "
            "per jaar, een normjaartaak van 1659 uur, een uurtarief van € 70 (administratieve "
            "ondersteuning € 35) en een sluitende begroting. Daarna stelt zij de begroting "
            "van 2020-2021 vast. Bij dreigende overschrijding van het totaalbudget besluit de "
            "stuurgroep gezamenlijk hoe daarmee om te gaan."
        ),
        "attachments": (),
    },
    ONLINE_RIGHTS: {
        "decided_on": dt.date(2020, 12, 1),
        "date_precision": DatePrecision.MONTH,
        "body": Body.DIRECTORS,
        "title": "Online rechten voor studenten",
        "text": (
            "Alle rectoren en directeuren van SKVOB en Sovot besluiten hoe stagiairs online "
            "rechten krijgen. Een stagiair krijgt de rechten in de elektronische "
            "leeromgeving en andere digitale middelen die nodig zijn om de stage goed te "
            "doorlopen; we behandelen een stagiair zoveel mogelijk als een collega en volgen "
            "de richtlijnen van de AVG. Docentrechten (groep 2) krijgen niet alleen "
            "vierdejaars (besluit van 2 september 2020) maar ook derdejaars, ESoE P2 en "
            "masterstudenten."
        ),
        "attachments": ("Besluit online rechten voor studenten",),
    },
    STIPEND: {
        "decided_on": dt.date(2021, 4, 1),
        "date_precision": DatePrecision.MONTH,
        "body": Body.DIRECTORS,
        "title": "Stagevergoeding afrondende stage vanaf 2021-2022",
        "text": (
            "De bestuurders, rectoren en directeuren van Sovot en SKVOB stemmen in met het "
            "voorstel om vanaf 1 augustus 2021 alle afstudeerstagiairs een stagevergoeding "
            "te betalen: € 125, € 250 of € 375 per maand bij minimaal 1, 2 of 3 dagen per "
            "week. LIO-contracten en -vergoedingen vervallen."
        ),
        "attachments": (),
    },
    FACILITATION: {
        "decided_on": dt.date(2021, 4, 28),
        "date_precision": DatePrecision.DAY,
        "body": Body.STUURGROEP,
        "title": "Richtlijnen facilitering schoolopleiders 2021-2022",
        "text": (
            "Na bespreking in het kernteam en akkoord van de rectoren en directeuren van "
            "SKVOB en Sovot stelt de stuurgroep de richtlijnen facilitering SO vast: een vaste "
            "voet van 50 uur overleg en afstemming en 50 uur intervisie, 8 uur per student, "
            "25 uur minder op een locatie met minder dan 10 studenten en 40 uur extra voor "
            "meer locaties. Elke school ontvangt 50 klokuren à € 70 en 8 klokuren per extra "
            "student boven het streefaantal van 1 stageplaats per 50 leerlingen. Elk jaar "
            "besluit de stuurgroep of de richtlijnen worden bijgesteld."
        ),
        "attachments": ("Richtlijnen facilitering SO",),
    },
}


def load(ctx: DemoContext) -> None:
    for spec in SEED_DECISIONS.values():
        _decision(ctx.year, spec)


def _decision(year: SchoolYear, spec: dict[str, Any]) -> Decision:
    existing = Decision.objects.filter(school_year=year, title=spec["title"]).first()
    if existing is not None:
        return existing
    return services.decision_create(
        user=None,
        year=year,
        values=spec,
        attachments=[seed_document(year, title) for title in spec["attachments"]],
    )


def seed_decision(year: SchoolYear, key: str) -> Decision:
    """One of the seed year's decisions, by its key in SEED_DECISIONS."""
    return _decision(year, SEED_DECISIONS[key])


def record_once(decision: Decision, changes: Sequence[services.Change]) -> None:
    """Record the changes the decision does not hold yet (loading the demo again adds none)."""
    known = set(decision.changes.values_list("label", flat=True))
    new = [change for change in changes if change.label not in known]
    if new:
        services.record_changes(user=None, decision=decision, changes=new)
