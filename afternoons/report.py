"""The verdiepingsmiddagen in the annual report: figure 3 (afternoons, themes, date,
audience, form), attendance per afternoon and per school, and the evaluation scores, with
their indicators. Plain values only, so the page, the PDF and the workbook share them."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q

from bos.models import SchoolYear
from placements.models import Placement

from . import rules
from .models import DeepeningAfternoon, Evaluation, WorkshopAssignment


def figure_3(year: SchoolYear) -> list[dict[str, Any]]:
    return [
        {
            "number": afternoon.number,
            "themes": afternoon.theme_list,
            "date": afternoon.date,
            "audience": afternoon.audience,
            "mode": afternoon.mode_label,
        }
        for afternoon in DeepeningAfternoon.objects.filter(school_year=year).prefetch_related(
            "workshops"
        )
    ]


def _expected(year: SchoolYear) -> dict[int, set[int]]:
    """Per afternoon the students expected: invited, or assigned (walk-ins included)."""
    expected: dict[int, set[int]] = defaultdict(set)
    for afternoon_id, student_id in DeepeningAfternoon.objects.filter(
        school_year=year, invitations__isnull=False
    ).values_list("pk", "invitations__student_id"):
        expected[afternoon_id].add(student_id)
    for afternoon_id, student_id in WorkshopAssignment.objects.filter(
        afternoon__school_year=year
    ).values_list("afternoon_id", "student_id"):
        expected[afternoon_id].add(student_id)
    return expected


def attendance_per_afternoon(year: SchoolYear) -> list[dict[str, Any]]:
    """Afternoons whose attendance was recorded: expected, present, absent, the rate."""
    expected = _expected(year)
    counts = {
        row["afternoon_id"]: row
        for row in WorkshopAssignment.objects.filter(afternoon__school_year=year)
        .values("afternoon_id")
        .annotate(
            present=Count("pk", filter=Q(attended=True)),
            absent=Count("pk", filter=Q(attended=False)),
        )
    }
    rows = []
    for afternoon in DeepeningAfternoon.objects.filter(school_year=year).order_by("date"):
        row = counts.get(afternoon.pk)
        if row is None or not (row["present"] or row["absent"]):
            continue
        total = len(expected[afternoon.pk])
        rows.append(
            {
                "number": afternoon.number,
                "date": afternoon.date,
                "audience": afternoon.audience,
                "expected": total,
                "present": row["present"],
                "absent": total - row["present"],
                "percent": rules.percentage(row["present"], total),
            }
        )
    return rows


def attendance_per_school(
    year: SchoolYear, *, location_ids: frozenset[int] | None = None
) -> list[dict[str, Any]]:
    """Over the afternoons with recorded attendance: per school, the students expected and
    present (a student counts at the school of their placement in that year)."""
    recorded = set(
        WorkshopAssignment.objects.filter(
            afternoon__school_year=year, attended__isnull=False
        ).values_list("afternoon_id", flat=True)
    )
    if not recorded:
        return []
    school_of: dict[int, str] = {}
    placements = Placement.objects.for_year(year)
    if location_ids is not None:
        placements = placements.filter(location_id__in=location_ids)
    for student_id, name in placements.order_by("start_date", "pk").values_list(
        "student_id", "location__name"
    ):
        school_of[student_id] = name
    present = set(
        WorkshopAssignment.objects.filter(afternoon_id__in=recorded, attended=True).values_list(
            "afternoon_id", "student_id"
        )
    )
    expected_count: dict[str, int] = defaultdict(int)
    present_count: dict[str, int] = defaultdict(int)
    for afternoon_id, students in _expected(year).items():
        if afternoon_id not in recorded:
            continue
        for student_id in students:
            school = school_of.get(student_id)
            if school is None:
                continue
            expected_count[school] += 1
            present_count[school] += (afternoon_id, student_id) in present
    return [
        {
            "school": school,
            "expected": expected_count[school],
            "present": present_count[school],
            "percent": rules.percentage(present_count[school], expected_count[school]),
        }
        for school in sorted(expected_count)
    ]


def evaluation_scores(year: SchoolYear) -> dict[str, Any]:
    rows = [
        {
            "number": row["afternoon__number"],
            "date": row["afternoon__date"],
            "theme": row["workshop__theme"],
            "responses": row["responses"],
            "mean": Decimal(str(row["mean"])).quantize(Decimal("0.1"), ROUND_HALF_UP),
        }
        for row in Evaluation.objects.filter(afternoon__school_year=year)
        .values("afternoon__number", "afternoon__date", "workshop__theme", "workshop__order")
        .annotate(responses=Count("pk"), mean=Avg("score"))
        .order_by("afternoon__date", "workshop__order", "workshop__theme")
    ]
    scores = Evaluation.objects.filter(afternoon__school_year=year).values_list("score", flat=True)
    values = list(scores)
    return {"rows": rows, "responses": len(values), "mean": rules.mean_score(values)}


def figures(year: SchoolYear, *, location_ids: frozenset[int] | None = None) -> dict[str, Any]:
    """The new figures; the per-afternoon ones only in the whole report."""
    result: dict[str, Any] = {
        "afternoon_attendance_by_school": attendance_per_school(year, location_ids=location_ids)
    }
    if location_ids is None:
        result["afternoon_attendance"] = attendance_per_afternoon(year)
        result["afternoon_scores"] = evaluation_scores(year)
    return result


def _percent_text(value: Decimal | None) -> str:
    return "–" if value is None else f"{str(value).replace('.', ',')}%"


def indicators(figs: dict[str, Any], targets: Any) -> list[dict[str, Any]]:
    """Attendance over the year and the mean score against the year's targets."""
    items: list[dict[str, Any]] = []
    rows = figs.get("afternoon_attendance", [])
    expected = sum(r["expected"] for r in rows)
    present = sum(r["present"] for r in rows)
    rate = rules.percentage(present, expected)
    minimum = getattr(targets, "min_afternoon_attendance_percent", None)
    items.append(
        {
            "label": "Opkomst verdiepingsmiddagen",
            "value": f"{present} van {expected} ({_percent_text(rate)})"
            if rate is not None
            else "niet geregistreerd",
            "target": f"≥ {minimum}%" if minimum is not None else "geen doel vastgesteld",
            "met": None if minimum is None or rate is None else rate >= minimum,
        }
    )
    scores = figs.get("afternoon_scores") or {}
    mean = scores.get("mean")
    min_score = getattr(targets, "min_afternoon_score", None)
    items.append(
        {
            "label": "Waardering verdiepingsmiddagen (1-5)",
            "value": f"{str(mean).replace('.', ',')} ({scores.get('responses', 0)} evaluaties)"
            if mean is not None
            else "geen evaluaties",
            "target": f"≥ {str(min_score).replace('.', ',')}"
            if min_score is not None
            else "geen doel vastgesteld",
            "met": None if min_score is None or mean is None else mean >= min_score,
        }
    )
    return items


def excel_sheets(figs: dict[str, Any]) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) for the workbook, one sheet per new figure present."""
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    if "afternoon_attendance" in figs:
        sheets.append(
            (
                "Opkomst per middag",
                ["Middag", "Datum", "Doelgroep", "Verwacht", "Aanwezig", "Afwezig", "Opkomst %"],
                [
                    [
                        r["number"],
                        r["date"],
                        r["audience"],
                        r["expected"],
                        r["present"],
                        r["absent"],
                        r["percent"],
                    ]
                    for r in figs["afternoon_attendance"]
                ],
            )
        )
    sheets.append(
        (
            "Opkomst per school",
            ["School", "Verwacht", "Aanwezig", "Opkomst %"],
            [
                [r["school"], r["expected"], r["present"], r["percent"]]
                for r in figs["afternoon_attendance_by_school"]
            ],
        )
    )
    if "afternoon_scores" in figs:
        scores = figs["afternoon_scores"]
        rows = [
            [r["number"], r["date"], r["theme"], r["responses"], r["mean"]] for r in scores["rows"]
        ]
        rows.append(["Totaal", "", "", scores["responses"], scores["mean"]])
        sheets.append(
            (
                "Waardering middagen",
                ["Middag", "Datum", "Workshop", "Evaluaties", "Gemiddeld"],
                rows,
            )
        )
    # An unknown share is an empty cell, not the workbook's "?" for unknown counts.
    return [
        (title, header, [["" if v is None else v for v in row] for row in rows])
        for title, header, rows in sheets
    ]


def as_json(figs: dict[str, Any]) -> dict[str, Any]:
    """The new figures for `report_figures` (dates as ISO text)."""
    data: dict[str, Any] = {
        "afternoon_attendance_by_school": figs["afternoon_attendance_by_school"],
    }
    if "afternoon_attendance" in figs:
        data["afternoon_attendance"] = [
            {**r, "date": r["date"].isoformat()} for r in figs["afternoon_attendance"]
        ]
        scores = figs["afternoon_scores"]
        data["afternoon_scores"] = {
            **scores,
            "rows": [{**r, "date": r["date"].isoformat()} for r in scores["rows"]],
        }
    return data
