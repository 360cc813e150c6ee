"""Permission-matrix rows of the goals per year and the quality framework."""

from typing import Any

from tests.demo_years import RUNNING_YEAR
from tests.matrix import ROLES, Case, expect

# The penvoerder reads the whole report (issue #25).
READERS = {"so": 200, "projectleider": 200, "kernteam": 200, "penvoerder": 200, "admin": 200}
EDITORS = {"projectleider": 200, "admin": 200}


def seed_year() -> dict[str, Any]:
    return {"year": "2020-2021"}


def demo_goal() -> dict[str, Any]:
    from reports.models import Goal

    return {"pk": Goal.objects.filter(school_year__name="2020-2021").first().pk}


def demo_standard() -> dict[str, Any]:
    from reports.models import QualityStandard

    return {"pk": QualityStandard.objects.get(school_year__name="2020-2021", code="2").pk}


def demo_evidence() -> dict[str, Any]:
    from reports.models import Evidence

    return {"pk": Evidence.objects.filter(standard__school_year__name="2020-2021").first().pk}


ROWS: dict[str, list[Case]] = {
    "reports:goals": [Case(expect(403, **READERS), kwargs=seed_year)],
    "reports:goal_new": [Case(expect(403, **EDITORS), kwargs=seed_year)],
    "reports:goal_edit": [Case(expect(403, **EDITORS), kwargs=demo_goal)],
    "reports:goal_status": [Case(expect(403, **EDITORS), kwargs=demo_goal)],
    "reports:standards": [Case(expect(403, **READERS), kwargs=seed_year)],
    "reports:standards_pdf": [Case(expect(403, **READERS), kwargs=seed_year)],
    "reports:standard_new": [Case(expect(403, **EDITORS), kwargs=seed_year)],
    "reports:standard_edit": [Case(expect(403, **EDITORS), kwargs=demo_standard)],
    "reports:evidence_new": [Case(expect(403, **EDITORS), kwargs=demo_standard)],
    "reports:evidence_delete": [
        Case(expect(403, projectleider=405, admin=405), kwargs=demo_evidence)
    ],
}


def running_chapter() -> dict[str, Any]:
    return {"year": RUNNING_YEAR, "chapter": "placements"}


def seed_chapter() -> dict[str, Any]:
    return {"year": "2020-2021", "chapter": "placements"}


# The written chapters: the kernteam reads and writes its own chapters (none in the demo);
# a closed year's text is frozen (its edit page sends the editor back to the text).
ROWS.update(
    {
        "reports:chapters": [Case(expect(403, **READERS), kwargs=seed_year)],
        "reports:chapter": [
            Case(expect(403, **READERS), kwargs=seed_chapter),
            Case(expect(403, **READERS), kwargs=running_chapter),
        ],
        "reports:chapter_edit": [
            Case(expect(403, **EDITORS), kwargs=running_chapter),
            Case(expect(403, projectleider=302, admin=302), kwargs=seed_chapter),
        ],
        "reports:chapter_status": [
            Case(expect(403, projectleider=405, kernteam=405, admin=405), kwargs=seed_chapter)
        ],
    }
)


# The report on the web (issue #27): everyone, logged in or not, reads a published year's
# pages (the demo publishes 2020-2021); a year not published is not found, for everyone.
# Only the projectleider publishes and withdraws (POST; tests/reports/test_publication.py).
def published_chapter() -> dict[str, Any]:
    return {"year": "2020-2021", "chapter": "stages"}


def unpublished_year() -> dict[str, Any]:
    return {"year": RUNNING_YEAR}


def unpublished_chapter() -> dict[str, Any]:
    return {"year": RUNNING_YEAR, "chapter": "stages"}


ROWS.update(
    {
        "reports:public": [
            Case(dict.fromkeys(ROLES, 200), kwargs=seed_year),
            Case(dict.fromkeys(ROLES, 404), kwargs=unpublished_year),
        ],
        "reports:public_chapter": [
            Case(dict.fromkeys(ROLES, 200), kwargs=published_chapter),
            Case(dict.fromkeys(ROLES, 404), kwargs=unpublished_chapter),
        ],
        "reports:publish": [Case(expect(403, projectleider=405), kwargs=seed_year)],
        "reports:unpublish": [Case(expect(403, projectleider=405), kwargs=seed_year)],
    }
)
