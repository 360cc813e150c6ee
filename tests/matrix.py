"""The permission matrix: every URL of the project × every demo role → expected status.

Add each new URL here; `test_every_url_is_in_the_matrix` fails when one is missing.
Expected statuses: 200 (may see), 302 (anonymous: to the login page), 403 (role may not do
this), 404 (object outside the role's scope), 405 for a GET on a POST-only URL."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from placements.models import Placement
from tests.demo_years import NEXT_YEAR, RUNNING_YEAR
from tests.stipend.matrix_objects import (
    stipend_agreement,
    stipend_id_copy,
    stipend_own_concept,
    stipend_skvob_submitted,
    stipend_sovot_submitted,
    stipend_startable_placement,
)

DOMAIN = "demo.bos.example"
ROLE_EMAILS: dict[str, str | None] = {
    "anonymous": None,
    "so": f"so.beatrix@{DOMAIN}",
    "io": f"io.flot@{DOMAIN}",
    "wpb": f"wpb@{DOMAIN}",
    "projectleider": f"projectleider@{DOMAIN}",
    "kernteam": f"bc.sovot@{DOMAIN}",
    "hr_sovot": f"hr.sovot@{DOMAIN}",
    "hr_skvob": f"hr.skvob@{DOMAIN}",
    "director": f"directeur.beatrix@{DOMAIN}",
    # Issue #25: the lerarencoach of Beatrix College and the penvoerder (board Sovot).
    "lerarencoach": f"lerarencoach@{DOMAIN}",
    "penvoerder": f"penvoerder@{DOMAIN}",
    "student": f"student@{DOMAIN}",
    "admin": f"admin@{DOMAIN}",
}
ROLES = list(ROLE_EMAILS)


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Every role gets `default` except the overrides; anonymous always goes to login."""
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = 302
    result.update(overrides)
    return result


# Objects of the demo year used by object URLs.
def own_placement() -> dict[str, Any]:
    """A FLOT placement at Beatrix College mentored by the demo WPB: in scope for the demo
    SO, IO and WPB."""
    placement = Placement.objects.filter(
        location__name="Beatrix College",
        wpb__email=f"wpb@{DOMAIN}",
        student__institute__short_name="FLOT",
    ).first()
    return {"pk": placement.pk}


def other_school_placement() -> dict[str, Any]:
    placement = Placement.objects.filter(location__name="Newmancollege").first()
    return {"pk": placement.pk}


def own_checklist_item() -> dict[str, Any]:
    """An IO-responsible checklist item of the own placement (tickable by SO and IO)."""
    from placements.models import ChecklistItem

    item = ChecklistItem.objects.get(placement_id=own_placement()["pk"], kind="agreement")
    return {"item_pk": item.pk}


def other_school_checklist_item() -> dict[str, Any]:
    from placements.models import ChecklistItem

    item = ChecklistItem.objects.filter(placement_id=other_school_placement()["pk"]).first()
    return {"item_pk": item.pk}


# Objects for the annual report URLs (issue #7).
def report_year() -> dict[str, Any]:
    return {"year": "2020-2021"}


def report_table() -> dict[str, Any]:
    return {"year": "2020-2021", "key": "fig12"}


def budget_line() -> dict[str, Any]:
    from reports.models import BudgetLine

    return {"pk": BudgetLine.objects.filter(section__budget__school_year__name="2020-2021")[0].pk}


def budget_version() -> dict[str, Any]:
    from reports.models import BudgetVersion

    return {"pk": BudgetVersion.objects.get(budget__school_year__name="2020-2021", number=1).pk}


def actual_entry() -> dict[str, Any]:
    from reports.models import ActualEntry

    entries = ActualEntry.objects.filter(line__section__budget__school_year__name="2020-2021")
    return {"pk": entries.first().pk}


def support_staff() -> dict[str, Any]:
    from reports.models import SupportStaff

    return {"pk": SupportStaff.objects.filter(school_year__name="2020-2021").first().pk}


def generated_report() -> dict[str, Any]:
    """A finished PDF of the demo year, stored where the download view looks for it."""
    from bos.models import SchoolYear
    from reports.models import GeneratedReport, ReportStatus
    from reports.services import report_path

    generated, _ = GeneratedReport.objects.get_or_create(
        school_year=SchoolYear.objects.get(name="2020-2021"),
        file_name="matrix-test.pdf",
        defaults={"status": ReportStatus.DONE, "progress": 100},
    )
    path = report_path(generated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 matrix test")
    return {"pk": generated.pk}


# Objects for the policy and facilitation URLs (issue #3).
def policy_year() -> dict[str, Any]:
    return {"year": RUNNING_YEAR}


def year_without_policy() -> dict[str, Any]:
    return {"year": NEXT_YEAR}


def beatrix_so() -> dict[str, Any]:
    from bos.models import Person

    return {"year": "2020-2021", "person": Person.objects.get(email=f"so.beatrix@{DOMAIN}").pk}


def beatrix_location() -> dict[str, Any]:
    from bos.models import SchoolLocation

    return {"year": "2020-2021", "location": SchoolLocation.objects.get(name="Beatrix College").pk}


STIPEND_VIEWERS = {
    "so": 200,
    "projectleider": 200,
    "hr_sovot": 200,
    "hr_skvob": 200,
    "director": 200,
    "student": 200,
    "admin": 200,
}


# Objects for the institutes' API (issue #28).
def own_student_number() -> dict[str, Any]:
    from placements.models import Student

    student = Student.objects.get(pk=Placement.objects.get(pk=own_placement()["pk"]).student_id)
    return {"student_number": student.student_number}


def api_placement() -> dict[str, Any]:
    return {"placement_id": own_placement()["pk"]}


def api_proposal() -> dict[str, Any]:
    from placements.models import Proposal

    return {"proposal_id": Proposal.objects.order_by("pk").first().pk}


def api_key() -> dict[str, Any]:
    from api.models import ApiKey
    from bos.models import Institute

    # One key for every row that asks (a test may ask more than once).
    key, _ = ApiKey.objects.get_or_create(
        key_hash="0" * 64,
        defaults={
            "institute": Institute.objects.get(short_name="FLOT"),
            "name": "matrix",
            "prefix": "bos_matrix",
            "expires_at": dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
        },
    )
    return {"pk": key.pk}


# A session is no API key: every API route answers 401 to every role, the anonymous too
# (the institutes' keys and their scope are tested in tests/api/test_api.py).
API_401 = dict.fromkeys(ROLES, 401)


@dataclass(frozen=True)
class Case:
    expected: dict[str, int]
    kwargs: Callable[[], dict[str, Any]] | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


PLACEMENT_VIEWERS = {"so": 200, "io": 200, "wpb": 200, "projectleider": 200, "admin": 200}
PLACEMENT_EDITORS = {"so": 200, "projectleider": 200, "admin": 200}

MATRIX: dict[str, list[Case]] = {
    "home": [Case(expect(200))],
    "health": [Case(dict.fromkeys(ROLES, 200))],
    # Only a scraper with METRICS_TOKEN's bearer token; without one configured it is absent.
    "metrics": [Case(dict.fromkeys(ROLES, 404))],
    # The institutes' API (issue #28): keys page for whoever runs the partnership, the
    # documentation and OpenAPI document for anyone, the routes only with an API key.
    "apikeys:list": [Case(expect(403, projectleider=200, admin=200))],
    "apikeys:revoke": [
        Case(expect(403, projectleider=405, admin=405), kwargs=api_key),
        Case(expect(403, projectleider=302, admin=302), kwargs=api_key, method="post"),
    ],
    "api_docs:docs": [Case(dict.fromkeys(ROLES, 200))],
    "api-v1:openapi-json": [Case(dict.fromkeys(ROLES, 200))],
    "api-v1:api-root": [Case(dict.fromkeys(ROLES, 404))],
    "api-v1:students": [Case(API_401)],
    "api-v1:student": [Case(API_401, kwargs=own_student_number)],
    "api-v1:student_register": [Case(API_401, kwargs=own_student_number, method="put")],
    "api-v1:placements": [Case(API_401)],
    "api-v1:placement": [Case(API_401, kwargs=api_placement)],
    "api-v1:offers": [Case(API_401)],
    "api-v1:proposals": [Case(API_401)],
    "api-v1:proposal": [Case(API_401, kwargs=api_proposal)],
    "api-v1:proposal_create": [Case(API_401, method="post")],
    "api-v1:dates": [Case(API_401)],
    "audit:list": [Case(expect(403, projectleider=200, admin=200))],
    "placements:list": [Case(expect(403, **PLACEMENT_VIEWERS))],
    "placements:detail": [
        Case(expect(403, **PLACEMENT_VIEWERS), kwargs=own_placement),
        Case(
            expect(403, so=404, io=404, wpb=404, projectleider=200, admin=200),
            kwargs=other_school_placement,
        ),
    ],
    # The SO's workspace (issue #4).
    "placements:dashboard": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:register": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:mentors": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:unplaced": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:ict": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:ict_excel": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:facilities": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:facilities_excel": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:stop": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=own_placement),
        Case(
            expect(403, so=404, projectleider=400, admin=400),
            kwargs=other_school_placement,
            method="post",
        ),
    ],
    "placements:switch": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=own_placement),
        Case(
            expect(403, so=404, projectleider=400, admin=400),
            kwargs=other_school_placement,
            method="post",
        ),
    ],
    "placements:reopen": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=own_placement),
        Case(
            expect(403, so=404, projectleider=302, admin=302),
            kwargs=other_school_placement,
            method="post",
        ),
    ],
    "placements:mark_registered": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=own_placement),
        Case(
            expect(403, so=404, projectleider=400, admin=400),
            kwargs=other_school_placement,
            method="post",
        ),
    ],
    "placements:import": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=lambda kind=kind: {"kind": kind})
        for kind in ("studenten", "werkplekbegeleiders", "stages")
    ],
    "placements:import_confirm": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=lambda: {"kind": "stages"})
    ],
    "placements:import_template": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=lambda: {"kind": "stages"})
    ],
    "placements:export": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=lambda kind=kind: {"kind": kind})
        for kind in ("studenten", "werkplekbegeleiders", "stages")
    ],
    "placements:edit": [
        Case(expect(403, **PLACEMENT_EDITORS), kwargs=own_placement),
        Case(expect(403, so=404, projectleider=200, admin=200), kwargs=other_school_placement),
    ],
    "placements:offers": [Case(expect(403, **PLACEMENT_EDITORS))],
    "placements:supply": [Case(expect(403, projectleider=200, admin=200))],
    "placements:reserve": [
        Case(expect(403, so=405, projectleider=405, admin=405), kwargs=own_placement),
        Case(
            expect(403, so=404, projectleider=302, admin=302),
            kwargs=other_school_placement,
            method="post",
        ),
    ],
    "placements:checklist_tick": [
        Case(
            expect(403, so=302, io=302, projectleider=302, admin=302),
            kwargs=own_checklist_item,
            method="post",
            data={"done": "1"},
        ),
        Case(
            expect(403, so=404, io=404, projectleider=302, admin=302),
            kwargs=other_school_checklist_item,
            method="post",
            data={"done": "1"},
        ),
    ],
    # The annual report (issue #7): SO sees their own schools' part; exports for PL/kernteam.
    # The penvoerder reads the whole report, the budget and the subsidy's list (issue #25).
    "reports:report": [
        Case(expect(403, so=200, projectleider=200, kernteam=200, penvoerder=200, admin=200))
    ],
    "reports:excel": [
        Case(expect(403, projectleider=200, kernteam=200, admin=200), kwargs=report_year)
    ],
    "reports:table": [
        Case(
            expect(403, so=200, projectleider=200, kernteam=200, penvoerder=200, admin=200),
            kwargs=report_table,
        )
    ],
    "reports:pdf_request": [
        Case(expect(403, projectleider=405, admin=405), kwargs=report_year),
        Case(expect(403, projectleider=302, admin=302), kwargs=report_year, method="post"),
    ],
    "reports:pdf_status": [
        Case(expect(403, projectleider=200, admin=200), kwargs=generated_report)
    ],
    "reports:pdf_download": [
        Case(expect(403, projectleider=200, admin=200), kwargs=generated_report)
    ],
    "reports:budget_current": [Case(expect(403, projectleider=302, penvoerder=302, admin=302))],
    "reports:budget": [
        Case(expect(403, projectleider=200, penvoerder=200, admin=200), kwargs=report_year),
        # Saving the income and reserve: the projectleider's (a closed year's form is 200).
        Case(
            expect(403, projectleider=200, admin=200),
            kwargs=report_year,
            method="post",
        ),
    ],
    "reports:budget_line_new": [
        Case(expect(403, projectleider=200, admin=200), kwargs=report_year)
    ],
    "reports:budget_import": [Case(expect(403, projectleider=200, admin=200), kwargs=report_year)],
    # Adopting a budget names a decision: only who keeps the decision log (issue #25).
    "reports:budget_adopt": [Case(expect(403, projectleider=200), kwargs=report_year)],
    "reports:budget_revise": [
        Case(expect(403, projectleider=405, admin=405), kwargs=report_year),
        Case(expect(403, projectleider=302, admin=302), kwargs=report_year, method="post"),
    ],
    "reports:subsidy_list": [
        Case(expect(403, projectleider=200, penvoerder=200, admin=200), kwargs=report_year)
    ],
    "reports:budget_version": [
        Case(expect(403, projectleider=200, penvoerder=200, admin=200), kwargs=budget_version)
    ],
    "reports:budget_line_edit": [
        Case(expect(403, projectleider=200, admin=200), kwargs=budget_line)
    ],
    "reports:budget_entry_new": [
        Case(expect(403, projectleider=200, admin=200), kwargs=budget_line)
    ],
    "reports:budget_entry_delete": [
        Case(expect(403, projectleider=200, admin=200), kwargs=actual_entry)
    ],
    "reports:support_staff": [Case(expect(403, projectleider=200, admin=200), kwargs=report_year)],
    "reports:support_staff_delete": [
        Case(expect(403, projectleider=200, admin=200), kwargs=support_staff)
    ],
    "reports:budget_entry_restore": [
        Case(expect(403, projectleider=405, admin=405)),
        Case(expect(403, projectleider=302, admin=302), method="post"),
    ],
    # Policy per school year, SO facilitation and targets (issue #3).
    "facilitation:policy": [Case(expect(403, projectleider=200, kernteam=200, admin=200))],
    "facilitation:policy_changes": [
        Case(expect(403, projectleider=200, kernteam=200, admin=200), kwargs=report_year)
    ],
    "facilitation:policy_edit": [
        Case(expect(403, projectleider=200, admin=200), kwargs=policy_year)
    ],
    "facilitation:policy_start": [
        Case(expect(403, projectleider=405, admin=405), kwargs=year_without_policy),
        Case(expect(403, projectleider=302, admin=302), kwargs=year_without_policy, method="post"),
    ],
    "facilitation:overview": [
        Case(expect(403, so=200, projectleider=200, kernteam=200, admin=200))
    ],
    "facilitation:granted_hours": [
        Case(expect(403, projectleider=405, admin=405), kwargs=beatrix_so),
        Case(expect(403, projectleider=302, admin=302), kwargs=beatrix_so, method="post"),
    ],
    "facilitation:targets": [Case(expect(403, projectleider=200, kernteam=200, admin=200))],
    "facilitation:count_basis": [
        Case(expect(403, projectleider=405, admin=405), kwargs=beatrix_location),
        Case(expect(403, projectleider=302, admin=302), kwargs=beatrix_location, method="post"),
    ],
    # Stipend (issue #5): HR of the other board gets a 404, POST-only steps a 405 on GET.
    "stipend:list": [Case(expect(403, **STIPEND_VIEWERS))],
    "stipend:hr_queue": [Case(expect(403, hr_sovot=200, hr_skvob=200))],
    "stipend:export": [
        Case(expect(403, hr_sovot=200, hr_skvob=200)),
        Case(
            expect(403, hr_sovot=200, hr_skvob=200),
            data={"month": "2021-03", "format": "csv"},
        ),
    ],
    "stipend:start": [
        Case(expect(403, so=405, student=405), kwargs=stipend_startable_placement),
        Case(expect(403, so=302, student=404), kwargs=stipend_startable_placement, method="post"),
    ],
    "stipend:detail": [
        Case(
            expect(403, **{**STIPEND_VIEWERS, "hr_skvob": 404, "student": 404}),
            kwargs=stipend_sovot_submitted,
        ),
        Case(
            expect(
                403,
                **{**STIPEND_VIEWERS, "so": 404, "director": 404, "hr_sovot": 404, "student": 404},
            ),
            kwargs=stipend_skvob_submitted,
        ),
        Case(
            expect(403, **{**STIPEND_VIEWERS, "hr_sovot": 404, "hr_skvob": 404}),
            kwargs=stipend_own_concept,
        ),
    ],
    "stipend:edit": [
        Case(expect(403, so=200, student=200), kwargs=stipend_own_concept),
        Case(expect(403, so=302, student=404), kwargs=stipend_sovot_submitted),
    ],
    "stipend:upload": [
        Case(
            expect(403, so=405, student=405, hr_sovot=405, hr_skvob=405), kwargs=stipend_own_concept
        ),
    ],
    "stipend:download": [
        Case(expect(403, so=404, student=404, hr_sovot=200, hr_skvob=404), kwargs=stipend_id_copy),
        Case(
            expect(403, so=200, student=404, hr_sovot=200, hr_skvob=404), kwargs=stipend_agreement
        ),
    ],
    "stipend:sign": [Case(expect(403, student=405), kwargs=stipend_own_concept)],
    "stipend:so_approve": [Case(expect(403, so=405), kwargs=stipend_own_concept)],
    "stipend:director_approve": [Case(expect(403, director=405), kwargs=stipend_own_concept)],
    "stipend:send_back": [
        Case(
            expect(403, so=405, director=405, hr_sovot=405, hr_skvob=405),
            kwargs=stipend_sovot_submitted,
        ),
    ],
    "stipend:reveal": [
        Case(expect(403, hr_sovot=405, hr_skvob=405), kwargs=stipend_sovot_submitted),
        Case(
            expect(403, hr_sovot=200, hr_skvob=404),
            kwargs=stipend_sovot_submitted,
            method="post",
            data={"field": "bsn"},
        ),
    ],
    "stipend:accept": [
        Case(expect(403, hr_sovot=405, hr_skvob=405), kwargs=stipend_sovot_submitted)
    ],
    "stipend:reject": [
        Case(expect(403, hr_sovot=405, hr_skvob=405), kwargs=stipend_sovot_submitted)
    ],
    "stipend:change_days": [Case(expect(403, so=405), kwargs=stipend_sovot_submitted)],
    "stipend:stop": [Case(expect(403, so=405), kwargs=stipend_sovot_submitted)],
    "stipend:end": [
        Case(expect(403, so=405, hr_sovot=405, hr_skvob=405), kwargs=stipend_sovot_submitted)
    ],
    "stipend:vog": [Case(expect(403, hr_sovot=405, hr_skvob=405), kwargs=stipend_sovot_submitted)],
}


def _collect_app_rows() -> None:
    """Each app may keep its rows in `tests/<app>/matrix_rows.py` as `ROWS` (a dict like
    MATRIX). They are merged here, so apps add URLs without editing this file; a URL named
    twice is an error rather than a silent overwrite."""
    import importlib
    import pkgutil

    import tests

    for info in pkgutil.iter_modules(tests.__path__):
        if not info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{info.name}.matrix_rows")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{info.name}.matrix_rows":
                raise
            continue
        rows: dict[str, list[Case]] = module.ROWS
        clash = set(rows) & set(MATRIX)
        if clash:
            raise ValueError(f"Matrix rows named twice: {sorted(clash)}")
        MATRIX.update(rows)


_collect_app_rows()
