"""The object decides the year.

A page or action on one object (a placement, a proposal, a meeting, an afternoon, …) judges
the user's scope in the object's own school year, not in the year chosen in the header. The
header's year only decides what lists and overviews show. So a link from a mail, a calendar
or a colleague works whatever the header holds, for everyone whose role covers the object in
its own year, and for nobody else.

One mechanism for every app: `OBJECT_URLS` names, per URL, the model (or the school year by
name) its keyword argument points at. `bos.years.SchoolYearMiddleware` looks the object's year
up (through the model's `year_path`, which every `YearBound` model declares) before the view
runs, and from then on `get_scope(user)` without a year returns the scope in that year, so
the views, selectors and services need no per-app change. A test fails for a URL with an
object in its path that is neither listed here nor in `NOT_YEAR_OBJECTS`.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from .models import SchoolYear

# URL name -> (model label, URL keyword argument, field the argument matches).
_YEAR_BY_NAME = ("bos.SchoolYear", "year", "name")


def _pk(label: str, kwarg: str = "pk") -> tuple[str, str, str]:
    return (label, kwarg, "pk")


OBJECT_URLS: dict[str, tuple[str, str, str]] = {
    # Placements and their supervision.
    **{
        f"placements:{name}": _pk("placements.Placement")
        for name in (
            "detail",
            "edit",
            "stop",
            "reopen",
            "switch",
            "mark_registered",
            "reserve",
            "supervision",
            "conversation_record",
            "conversation_request",
            "signal",
            "stop_no_prospect",
            "second_teacher",
            "portfolio",
            "handover",
        )
    },
    "placements:reflection": _pk("placements.PortfolioReflection"),
    "placements:reflection_share": _pk("placements.PortfolioReflection"),
    "placements:handover_answer": _pk("placements.HandoverRequest"),
    "placements:handover_document": _pk("placements.HandoverRequest"),
    "placements:start_meeting": _pk("placements.StartMeeting"),
    "placements:checklist_tick": _pk("placements.ChecklistItem", "item_pk"),
    "placements:mentor_edit": _pk("bos.RoleAssignment"),
    "placements:import_progress": _pk("placements.ImportJob"),
    # Figure 6's support staff: the year's list, and one person's row.
    "reports:support_staff": _YEAR_BY_NAME,
    "reports:support_staff_delete": _pk("reports.SupportStaff"),
    # A school's adjusted target lives in the year of the URL.
    "placements:target_adjustment": _YEAR_BY_NAME,
    # Matching: a proposal and its letters and CVs, a place on offer.
    **{
        f"placements:{name}": _pk("placements.Proposal")
        for name in (
            "proposal",
            "proposal_apply",
            "proposal_meeting",
            "proposal_accept",
            "proposal_decline",
            "proposal_document",
        )
    },
    "placements:propose": _pk("placements.PlaceOffer", "offer_pk"),
    # Stipend applications.
    "stipend:start": _pk("placements.Placement", "placement_pk"),
    **{
        f"stipend:{name}": _pk("stipend.StipendApplication")
        for name in (
            "detail",
            "edit",
            "upload",
            "download",
            "sign",
            "change_iban",
            "so_approve",
            "director_approve",
            "so_approve_row",
            "director_approve_row",
            "send_back",
            "reveal",
            "accept",
            "reject",
            "change_days",
            "stop",
            "end",
            "vog",
        )
    },
    # Intervision groups, members, meetings and reports.
    **{
        f"intervision:{name}": _pk("intervision.IntervisionGroup")
        for name in ("group", "group_excel", "group_delete", "member_add", "meeting_new")
    },
    "intervision:member_move": _pk("intervision.Membership"),
    "intervision:member_remove": _pk("intervision.Membership"),
    "intervision:meeting": _pk("intervision.Meeting"),
    "intervision:meeting_edit": _pk("intervision.Meeting"),
    "intervision:report_write": _pk("intervision.Meeting", "meeting_pk"),
    "intervision:report": _pk("intervision.Reflection"),
    "intervision:report_share": _pk("intervision.Reflection"),
    "intervision:theme_edit": _pk("intervision.IntervisionTheme"),
    "intervision:theme_delete": _pk("intervision.IntervisionTheme"),
    # Verdiepingsmiddagen.
    **{
        f"afternoons:{name}": _pk("afternoons.DeepeningAfternoon")
        for name in (
            "detail",
            "edit",
            "workshop_add",
            "invite",
            "assign",
            "publish",
            "choose",
            "evaluate",
        )
    },
    "afternoons:workshop_edit": _pk("afternoons.Workshop"),
    "afternoons:attendance": _pk("afternoons.Workshop"),
    "afternoons:walk_in": _pk("afternoons.Workshop"),
    "afternoons:move": _pk("afternoons.WorkshopAssignment"),
    "afternoons:mark": _pk("afternoons.WorkshopAssignment"),
    # Professionalisation.
    **{
        f"professionalization:{name}": _pk("professionalization.Meeting")
        for name in ("meeting", "meeting_edit", "register", "attendance")
    },
    "professionalization:cancel": _pk("professionalization.Registration"),
    "professionalization:evaluate": _pk("professionalization.Registration"),
    "professionalization:theme_edit": _pk("professionalization.Theme"),
    "professionalization:conversation": _pk("professionalization.ReflectiveConversation"),
    "professionalization:certificate": _YEAR_BY_NAME,
    # Induction, planning, library.
    **{
        f"induction:{name}": _pk("induction.Starter")
        for name in ("as_student", "starter", "plan", "measures", "exit")
    },
    "induction:intro": _pk("induction.IntroMeeting"),
    **{f"planning:{name}": _pk("planning.PlanningEvent") for name in ("event", "edit", "cancel")},
    **{
        f"library:{name}": _pk("library.Document")
        for name in ("detail", "edit", "replace", "confirm")
    },
    "library:download": _pk("library.DocumentVersion"),
    # A location's opleidingsteam is judged in the year of its URL.
    "organisation:training_team": _YEAR_BY_NAME,
    # The decision log.
    "governance:create": _YEAR_BY_NAME,
    **{
        f"governance:{name}": _pk("governance.Decision")
        for name in ("detail", "edit", "change_add")
    },
    "governance:change_delete": _pk("governance.DecisionChange"),
    # Surveys: a survey, a page of it, a question.
    **{
        f"surveys:{name}": _pk("surveys.Survey")
        for name in (
            "detail",
            "edit",
            "page_add",
            "open",
            "close",
            "remind",
            "invite",
            "results",
            "excel",
            "answer",
        )
    },
    "surveys:question_add": _pk("surveys.SurveyPage"),
    "surveys:question_edit": _pk("surveys.Question"),
    "surveys:question_delete": _pk("surveys.Question"),
    # The year's report: chapters, goals, quality standards, budget.
    **{
        f"reports:{name}": _YEAR_BY_NAME
        for name in (
            "excel",
            "table",
            "pdf_request",
            "budget",
            "budget_line_new",
            "budget_import",
            "budget_adopt",
            "budget_revise",
            "subsidy_list",
            "chapters",
            "chapter",
            "chapter_edit",
            "publish",
            "unpublish",
            "chapter_status",
            "goals",
            "goal_new",
            "standards",
            "standard_new",
            "standards_pdf",
        )
    },
    "reports:goal_edit": _pk("reports.Goal"),
    "reports:goal_status": _pk("reports.Goal"),
    "reports:standard_edit": _pk("reports.QualityStandard"),
    "reports:evidence_new": _pk("reports.QualityStandard"),
    "reports:evidence_delete": _pk("reports.Evidence"),
    "reports:budget_line_edit": _pk("reports.BudgetLine"),
    "reports:budget_entry_new": _pk("reports.BudgetLine"),
    "reports:budget_entry_delete": _pk("reports.ActualEntry"),
    "reports:budget_version": _pk("reports.BudgetVersion"),
}

# URLs with an object in the path that is not one year's: the partnership's organisation
# (kept across years), the student register, the years themselves (managing a year is the
# partnership's work, over its years), links without a login, and a kind in the path (of
# import, or of people a search field suggests).
NOT_YEAR_OBJECTS: frozenset[str] = frozenset(
    {
        "placements:student",
        "placements:student_edit",
        "placements:import",
        "placements:import_confirm",
        "placements:import_template",
        "placements:export",
        "placements:people_search",
        "induction:search",
        "reports:pdf_status",
        "reports:pdf_download",
        "planning:feed_school",
        "planning:feed_personal",
        "professionalization:start_meeting_edit",
        "professionalization:verify",
        "library:start_year",
    }
)
NOT_YEAR_NAMESPACES: frozenset[str] = frozenset(
    # API keys belong to an institute, not to a school year.
    {"organisation", "years", "facilitation", "audit", "admin", "apikeys"}
)


def school_year_of(model: type[models.Model], value: Any, field: str = "pk") -> SchoolYear | None:
    """The school year of the row of `model` whose `field` is `value` (None when there is no
    such row): one query, through the model's `year_path`."""
    if model is SchoolYear:
        return SchoolYear.objects.filter(**{field: value}).first()
    path = getattr(model, "year_path", None)
    if path is None:
        raise TypeError(f"{model._meta.label} does not belong to a school year.")
    rows = model._base_manager.filter(**{field: value}).values(path)
    return SchoolYear.objects.filter(pk__in=rows).first()


def year_of_object(obj: models.Model) -> SchoolYear | None:
    """The school year an object in memory belongs to."""
    if isinstance(obj, SchoolYear):
        return obj
    return school_year_of(type(obj), obj.pk)


def year_for_url(view_name: str | None, kwargs: dict[str, Any]) -> SchoolYear | None:
    """The year of the object a URL points at; None for a URL without one (a list, an
    overview) or when the object does not exist (the view then answers 404 itself)."""
    entry = OBJECT_URLS.get(view_name or "")
    if entry is None:
        return None
    label, kwarg, field = entry
    value = kwargs.get(kwarg)
    if value is None:
        return None
    return school_year_of(apps.get_model(label), value, field)
