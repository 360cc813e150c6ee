"""The annual report's table "Professionalisering" and its indicator. The report app calls
these functions; this module never imports the report app (data flows one way)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from bos.models import SchoolYear

from .models import (
    Meeting,
    MeetingKind,
    ProfessionalizationPolicy,
    ReflectiveConversation,
    Registration,
    Theme,
    ThemeLevel,
)

ROLE_LABELS = {"wpb": "WPB", "so": "SO", "io": "IO"}


def report_table(year: SchoolYear) -> dict[str, Any]:
    """Meetings offered, participants and hours per role (attendance), start meetings and
    reflective conversations held, in a handful of bulk queries."""
    meetings = Meeting.objects.filter(school_year=year, kind=MeetingKind.THEME).aggregate(
        basic=Count("pk", filter=Q(theme__level=ThemeLevel.BASIC)),
        deepening=Count("pk", filter=Q(theme__level=ThemeLevel.DEEPENING)),
    )
    attended = Registration.objects.filter(meeting__school_year=year, attended=True)
    rows = [
        {
            "label": ROLE_LABELS.get(row["role"], row["role"]),
            "participants": row["people"],
            "attendances": row["times"],
            "hours": row["hours"] or Decimal(0),
        }
        for row in attended.values("role")
        .annotate(people=Count("person", distinct=True), times=Count("pk"), hours=Sum("hours"))
        .order_by("role")
    ]
    totals = attended.aggregate(
        people=Count("person", distinct=True), times=Count("pk"), hours=Sum("hours")
    )
    conversations = ReflectiveConversation.objects.filter(school_year=year).aggregate(
        planned=Count("pk"), held=Count("pk", filter=Q(held_on__isnull=False))
    )
    return {
        # A year that kept no registrations at all (the seed year, before the platform) did
        # not register participation: the report says so instead of showing zeros.
        "registered": Registration.objects.filter(meeting__school_year=year).exists(),
        "rows": rows,
        "total": {
            "participants": totals["people"],
            "attendances": totals["times"],
            "hours": totals["hours"] or Decimal(0),
        },
        "basic": meetings["basic"],
        "deepening": meetings["deepening"],
        "start_meetings": Meeting.objects.filter(school_year=year, kind=MeetingKind.START).count(),
        "conversations_planned": conversations["planned"],
        "conversations_held": conversations["held"],
    }


def plan_themes(year: SchoolYear) -> list[dict[str, Any]]:
    """The professionalisation plan's themes as the year keeps them (the report's figure 4),
    in their plan order, in one query."""
    return [
        {
            "number": theme.number,
            "title": theme.title,
            "level": theme.level,
            "level_label": str(ThemeLevel(theme.level).label),
            "audience": theme.audience,
            "requires_experience": theme.requires_experience,
        }
        for theme in Theme.objects.filter(school_year=year).order_by("number")
    ]


def plan_evaluation(year: SchoolYear) -> str:
    """What the evaluation of last year's plan brought, as written down in this year's
    agreements (empty when nothing was written down)."""
    found = (
        ProfessionalizationPolicy.objects.filter(school_year=year)
        .values_list("previous_evaluation", flat=True)
        .first()
    )
    return found or ""


def report_indicator(table: dict[str, Any] | None, target: int | None) -> list[dict[str, Any]]:
    """Participants against the year's target (none when the year sets no target)."""
    if table is None or target is None:
        return []
    value = table["total"]["participants"]
    registered = table.get("registered", True)
    return [
        {
            "label": "Deelnemers professionalisering (WPB, SO, IO)",
            "value": str(value) if registered else "niet geregistreerd",
            "target": f"≥ {target}",
            "met": value >= target if registered else None,
        }
    ]


def excel_sheet(table: dict[str, Any]) -> tuple[str, list[str], list[list[Any]]]:
    """The table as (sheet title, header, rows) for the report workbook."""
    rows = [[r["label"], r["participants"], r["attendances"], r["hours"]] for r in table["rows"]]
    total = table["total"]
    if table.get("registered", True):
        rows.append(["Totaal", total["participants"], total["attendances"], total["hours"]])
    else:
        rows.append(["Totaal", "niet geregistreerd", None, None])
    rows.append(["Bijeenkomsten basis / verdiepend", table["basic"], table["deepening"], None])
    rows.append(["Startbijeenkomsten", table["start_meetings"], None, None])
    rows.append(
        [
            "Reflectieve gesprekken gehouden / gepland",
            table["conversations_held"],
            table["conversations_planned"],
            None,
        ]
    )
    return "Professionalisering", ["Rol", "Deelnemers", "Keer aanwezig", "Uren"], rows
