"""The projectleider's start page: budget lines without actuals, and lines whose actuals
passed their budget, in the chosen year. Both from one query: the year's lines with their
entries summed in the database (a budget has tens of lines, whatever the number of entries)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, Sum
from django.urls import reverse

from bos.models import Role, SchoolYear
from bos.permissions import ADMIN, Scope
from bos.worklist import MAX_LINKS, WorkItem, WorkLink
from facilitation.params import PolicyParams
from facilitation.selectors import PolicyMissing, policy_exists, policy_for

from . import rules
from .budget import planned_of, rate_for
from .facts import compensation_schools
from .models import ActualSource, BudgetLine, LineKind, RateKind


def line_actual(line: Any, params: PolicyParams) -> Decimal | None:
    """A line's actuals from its summed entries: hours × the policy's rate per rate kind,
    plus the amounts (the report's figure 5 adds them entry by entry; with rates in whole
    cents and hours in tenths the euros are the same)."""
    if not line.entry_count:
        return None
    total = Decimal(0)
    for hours, kind in (
        (line.standard_hours, RateKind.STANDARD),
        (line.admin_hours, RateKind.ADMIN),
    ):
        if hours is not None:
            total += rules.entry_amount(hours=hours, amount=None, rate=rate_for(kind, params))
    if line.entry_amounts is not None:
        total += rules.entry_amount(hours=None, amount=line.entry_amounts, rate=Decimal(0))
    return total


def line_overruns(
    lines: list[Any], params: PolicyParams, schools: list[str]
) -> list[tuple[Any, rules.Overrun]]:
    found = []
    for line in lines:
        if line.actual_source != ActualSource.ENTRIES:
            continue
        planned = planned_of(line, params, schools)
        overrun = rules.line_overrun(budget=planned.value, actual=line_actual(line, params))
        if overrun is not None:
            found.append((line, overrun))
    return found


def penvoerder_work(scope: Scope) -> list[WorkItem]:
    """The penvoerder's start page: the year's budget and the per-student lists the subsidy
    needs: this year's, and the previous year's, on which the re-application before
    1 October is based (the penvoerder's tasks in the jaarverslag). A list only for a year
    with a policy (its funding rule). One query: the year and the one before."""
    assert scope.year is not None
    year = scope.year
    years = list(
        SchoolYear.objects.filter(start_date__lte=year.start_date)
        .annotate(has_policy=policy_exists(OuterRef("pk")))
        .order_by("-start_date")[:2]
    )
    links = [WorkLink(label=f"Begroting {year}", url=reverse("reports:budget", args=[year.name]))]
    for position, listed in enumerate(years):
        # The year before only when it is the one right before (the re-application's).
        if not listed.has_policy or (position and listed.start_year != year.start_year - 1):
            continue
        links.append(
            WorkLink(
                label=f"Studentenlijst subsidieaanvraag {listed} (Excel)",
                url=reverse("reports:subsidy_list", args=[listed.name]),
                detail=(
                    "voor de aanvraag vóór 1 oktober, op basis van het vorige schooljaar"
                    if position
                    else ""
                ),
            )
        )
    links.append(
        WorkLink(label=f"Jaarverslag {year}", url=reverse("reports:report") + f"?jaar={year.name}")
    )
    return [
        WorkItem(
            title="Begroting en subsidie",
            count=0,
            url=reverse("reports:budget", args=[year.name]),
            links=links,
            due=False,
            order=20,
        )
    ]


def report_work(user: Any, scope: Scope) -> list[WorkItem]:
    if (
        scope.year is not None
        and scope.has(Role.PENVOERDER)
        and not scope.has(Role.PROJECTLEIDER, ADMIN)
    ):
        return penvoerder_work(scope)
    if scope.year is None or not scope.has(Role.PROJECTLEIDER, ADMIN):
        return []
    lines = list(
        BudgetLine.objects.filter(section__budget__school_year=scope.year)
        .select_related("section")
        .annotate(
            entry_count=Count("entries"),
            standard_hours=Sum("entries__hours", filter=Q(entries__rate_kind=RateKind.STANDARD)),
            admin_hours=Sum("entries__hours", filter=Q(entries__rate_kind=RateKind.ADMIN)),
            entry_amounts=Sum("entries__amount"),
        )
        .order_by("section__order", "order", "pk")
    )
    open_lines = [
        line
        for line in lines
        if line.actual_source == ActualSource.ENTRIES and not line.entry_count
    ]
    overruns: list[tuple[Any, rules.Overrun]] = []
    if any(line.entry_count for line in lines):
        try:
            # The school compensation's budget needs its schools (only then read).
            schools = (
                compensation_schools(scope.year)
                if any(line.kind == LineKind.COMPENSATION and line.entry_count for line in lines)
                else []
            )
            overruns = line_overruns(lines, policy_for(scope.year), schools)
        except PolicyMissing:
            overruns = []
    budget_url = reverse("reports:budget", args=[scope.year.name])
    return [
        WorkItem(
            title="Begrotingsregels zonder realisatie",
            count=len(open_lines),
            url=budget_url,
            links=[
                WorkLink(
                    label=line.name,
                    url=reverse("reports:budget_entry_new", args=[line.pk]),
                    detail=line.section.name,
                )
                for line in open_lines[:MAX_LINKS]
            ],
            empty_text="Elke begrotingsregel heeft een realisatie.",
            order=20,
        ),
        WorkItem(
            title="Begrotingsregels boven budget",
            count=len(overruns),
            url=budget_url,
            links=[
                WorkLink(
                    label=f"{line.section.name}: {line.name}",
                    url=reverse("reports:budget_entry_new", args=[line.pk]),
                    detail=overrun.explanation,
                )
                for line, overrun in overruns[:MAX_LINKS]
            ],
            empty_text="Geen regel is boven de begroting uitgekomen.",
            order=20,
        ),
        WorkItem(
            title="Jaarverslag en datakwaliteit",
            count=0,
            url=reverse("reports:report") + f"?jaar={scope.year.name}",
            links=[
                WorkLink(
                    label=f"Controleer de signaleringen in het jaarverslag {scope.year}",
                    url=reverse("reports:report") + f"?jaar={scope.year.name}#signaleringen",
                )
            ],
            due=False,
            order=21,
        ),
    ]
