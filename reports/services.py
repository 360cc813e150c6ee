"""Writes of the budget and generated reports; every write is one transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from bos.closing import ensure_open
from bos.models import Institute, Person, SchoolBoard, SchoolYear
from bos.permissions import can
from bos.queue import enqueue_on_commit
from facilitation.rules import format_eur
from facilitation.selectors import policy_for, subsidy_for_year
from governance.selectors import decision_choices
from governance.services import Change, ChangeKind, record_changes

from .budget import planned_of
from .facts import compensation_schools
from .indicators import INDICATORS
from .models import (
    SINGLE_TEXT_CHAPTERS,
    ActualEntry,
    Budget,
    BudgetLine,
    BudgetSection,
    BudgetState,
    BudgetVersion,
    ChapterStatus,
    ChapterText,
    ChapterVersion,
    Evidence,
    EvidenceKind,
    GeneratedReport,
    Goal,
    GoalStatus,
    LineKind,
    QualityStandard,
    ReportPublication,
    ReportSnapshot,
    ReportStatus,
    SupportStaff,
    TextChapter,
)
from .quality import EVIDENCE_FIGURES
from .rules import may_approve, may_edit

REPORT_DIR = "reports"
logger = logging.getLogger(__name__)


@transaction.atomic
def budget_ensure(*, year: SchoolYear) -> Budget:
    if not Budget.objects.filter(school_year=year).exists():
        ensure_open(year)
    budget, _ = Budget.objects.get_or_create(school_year=year)
    return budget


ADOPTED_MESSAGE = (
    "De begroting van {year} is vastgesteld en wordt niet ter plekke gewijzigd. Maak eerst "
    "een nieuwe conceptversie; de vastgestelde versie blijft leesbaar."
)


def ensure_concept(budget: Budget | int) -> None:
    """Refuse a change to the lines or income of an adopted budget (read from the database,
    so a budget adopted a moment ago by someone else is refused too)."""
    pk = budget if isinstance(budget, int) else budget.pk
    row = Budget.objects.filter(pk=pk).select_related("school_year").first()
    if row is not None and row.state == BudgetState.ADOPTED:
        raise ValidationError(ADOPTED_MESSAGE.format(year=row.school_year))


def _check_budget_editor(user: Any, year: SchoolYear) -> None:
    """`user=None` is the system itself (the demo loader)."""
    if user is not None and not can(user, "budget.edit", year):
        raise PermissionDenied


def version_lines(budget: Budget, params: Any) -> tuple[list[dict[str, Any]], Decimal]:
    """The budget's lines as an adopted version keeps them, and their total."""
    rows: list[dict[str, Any]] = []
    total = Decimal(0)
    lines = list(BudgetLine.objects.filter(section__budget=budget).select_related("section"))
    schools = (
        compensation_schools(budget.school_year)
        if any(line.kind == LineKind.COMPENSATION for line in lines)
        else []
    )
    for line in lines:
        planned = planned_of(line, params, schools)
        total += planned.value or Decimal(0)
        rows.append(
            {
                "section": line.section.name,
                "line": line.name,
                "kind": line.kind,
                "fte": None if line.fte is None else str(line.fte),
                "hours": None if line.hours is None else str(line.hours),
                "amount": None if line.amount is None else str(line.amount),
                "rate_kind": line.rate_kind,
                "half_paid": line.half_paid,
                "note": line.note,
                "budget_hours": None if planned.hours is None else str(planned.hours),
                "budget_eur": None if planned.value is None else str(planned.value),
            }
        )
    return rows, total


@transaction.atomic
def budget_adopt(
    *, user: Any, budget: Budget, decision: Any, adopted_on: dt.date | None = None
) -> BudgetVersion:
    """Adopt the budget's current lines as a new version, by `decision` (a decision of the
    stuurgroep in the governance log, of this year or the year before): the version keeps the
    lines as they are now, the budget becomes 'vastgesteld', and the decision records the
    change (kind budget). The lines are not edited in place afterwards (`budget_revise`)."""
    budget = Budget.objects.select_for_update().select_related("school_year").get(pk=budget.pk)
    year = budget.school_year
    _check_budget_editor(user, year)
    ensure_open(year)
    if budget.state == BudgetState.ADOPTED:
        raise ValidationError(
            f"Deze versie van de begroting van {year} is al vastgesteld. Maak een nieuwe "
            "conceptversie om een gewijzigde begroting vast te stellen."
        )
    allowed = (
        decision_choices(user=user, year=year)
        if user is not None
        else type(decision).objects.filter(school_year=year)
    )
    if decision is None or not allowed.filter(pk=decision.pk).exists():
        raise ValidationError({"decision": "Kies het besluit waarmee de begroting is vastgesteld."})
    adopted_on = adopted_on or decision.decided_on
    if not BudgetLine.objects.filter(section__budget=budget).exists():
        raise ValidationError("Een begroting zonder regels kan niet worden vastgesteld.")
    rows, total = version_lines(budget, policy_for(year))
    number = (budget.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
    previous = budget.versions.order_by("-number").first()
    version = BudgetVersion.objects.create(
        budget=budget,
        number=number,
        adopted_on=adopted_on,
        decision=decision,
        income_label=budget.income_label,
        income_amount=budget.income_amount,
        expenses=total,
        lines=rows,
        adopted_by=user,
    )
    budget.state = BudgetState.ADOPTED
    budget.save(update_fields=["state"])
    income = (
        budget.income_amount if budget.income_amount is not None else subsidy_for_year(year).amount
    )
    record_changes(
        user=user,
        decision=decision,
        changes=[
            Change(
                kind=ChangeKind.BUDGET,
                label=f"Begroting {year}" + (f", versie {number}" if number > 1 else ""),
                old_value=(
                    ""
                    if previous is None
                    else f"versie {previous.number}: lasten {format_eur(previous.expenses)}"
                ),
                new_value=(f"vastgesteld: lasten {format_eur(total)}, baten {format_eur(income)}"),
                target=budget,
            )
        ],
    )
    return version


@transaction.atomic
def budget_revise(*, user: Any, budget: Budget) -> Budget:
    """Start a new concept version of an adopted budget: its lines may change again; the
    adopted versions stay as they were."""
    budget = Budget.objects.select_for_update().select_related("school_year").get(pk=budget.pk)
    _check_budget_editor(user, budget.school_year)
    ensure_open(budget.school_year)
    if budget.state != BudgetState.ADOPTED:
        raise ValidationError("De begroting is al een concept; wijzig de regels direct.")
    budget.state = BudgetState.CONCEPT
    budget.save(update_fields=["state"])
    return budget


@transaction.atomic
def budget_update(
    *,
    budget: Budget,
    income_label: str,
    income_amount: Decimal | None,
    reserve_carried_in: Decimal | None,
) -> Budget:
    ensure_open(budget.school_year_id)
    if (income_label, income_amount) != (budget.income_label, budget.income_amount):
        ensure_concept(budget)
    budget.income_label = income_label
    budget.income_amount = income_amount
    budget.reserve_carried_in = reserve_carried_in
    budget.full_clean()
    budget.save()
    return budget


@transaction.atomic
def budget_line_save(
    *,
    budget: Budget,
    section_name: str,
    line: BudgetLine | None = None,
    **fields: Any,
) -> BudgetLine:
    """Create or update a line; its section is found (or created) by name. The lines of an
    adopted budget are not changed in place (`budget_revise` first)."""
    ensure_open(budget.school_year_id)
    ensure_concept(budget)
    section, _ = BudgetSection.objects.get_or_create(
        budget=budget, name=section_name.strip(), defaults={"order": budget.sections.count()}
    )
    if line is None:
        line = BudgetLine(
            section=section, order=BudgetLine.objects.filter(section__budget=budget).count()
        )
    line.section = section
    for name, value in fields.items():
        setattr(line, name, value)
    line.full_clean()
    line.save()
    # A section left without lines after a move is removed.
    BudgetSection.objects.filter(budget=budget, lines__isnull=True).exclude(pk=section.pk).delete()
    return line


@transaction.atomic
def actual_entry_add(
    *,
    line: BudgetLine,
    date: dt.date,
    description: str,
    hours: Decimal | None,
    amount: Decimal | None,
    rate_kind: str,
) -> ActualEntry:
    ensure_open(line.section.budget.school_year_id)
    entry = ActualEntry(
        line=line,
        date=date,
        description=description,
        hours=hours,
        amount=amount,
        rate_kind=rate_kind,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def actual_entry_delete(*, entry: ActualEntry) -> str:
    """Delete an actual entry; returns a signed token with its values, so the deletion can
    be undone (`actual_entry_restore`) for a day."""
    ensure_open(entry.line.section.budget.school_year_id)
    token = signing.dumps(
        {
            "line": entry.line_id,
            "date": entry.date.isoformat(),
            "description": entry.description,
            "hours": None if entry.hours is None else str(entry.hours),
            "amount": None if entry.amount is None else str(entry.amount),
            "rate_kind": entry.rate_kind,
        },
        salt=RESTORE_SALT,
    )
    entry.delete()
    return token


@transaction.atomic
def actual_entry_restore(*, token: str) -> ActualEntry:
    """Put a deleted entry back (an undo); the audit trail records it as a new entry."""
    try:
        values = signing.loads(token, salt=RESTORE_SALT, max_age=RESTORE_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(
            "Deze verwijdering kan niet meer ongedaan worden gemaakt (te oud of ongeldig)."
        ) from exc
    line = BudgetLine.objects.select_for_update().filter(pk=values["line"]).first()
    if line is None:
        raise ValidationError("De begrotingsregel van deze realisatie bestaat niet meer.")
    ensure_open(line.section.budget.school_year_id)
    return ActualEntry.objects.create(
        line=line,
        date=dt.date.fromisoformat(values["date"]),
        description=values["description"],
        hours=None if values["hours"] is None else Decimal(values["hours"]),
        amount=None if values["amount"] is None else Decimal(values["amount"]),
        rate_kind=values["rate_kind"],
    )


@transaction.atomic
def report_request(*, year: SchoolYear, user: Any) -> GeneratedReport:
    """Queue the PDF; the task runs after the commit so the worker sees the row."""
    generated = GeneratedReport.objects.create(school_year=year, requested_by=user)
    enqueue_on_commit("reports.tasks.generate_report_pdf", generated.pk)
    return generated


RESTORE_SALT = "reports.actual_entry_restore"
RESTORE_MAX_AGE = 24 * 3600


def report_path(generated: GeneratedReport) -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT) / REPORT_DIR / generated.file_name


def report_progress(*, generated_id: int, percent: int) -> None:
    GeneratedReport.objects.filter(pk=generated_id).update(
        progress=percent, status=ReportStatus.RUNNING
    )


def report_generate(*, generated_id: int) -> GeneratedReport:
    """Render the PDF of a queued report and store it privately."""
    from .renderers.pdf import render_pdf

    generated = GeneratedReport.objects.select_related("school_year").get(pk=generated_id)
    report_progress(generated_id=generated.pk, percent=5)
    try:
        pdf = render_pdf(
            generated.school_year,
            progress=lambda percent: report_progress(generated_id=generated.pk, percent=percent),
        )
    except Exception as exc:
        # The progress page shows the failure; the traceback goes to the log.
        logger.exception("Jaarverslag %s: PDF mislukt", generated.school_year)
        GeneratedReport.objects.filter(pk=generated.pk).update(
            status=ReportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        generated.refresh_from_db()
        return generated
    generated.file_name = f"jaarverslag-{generated.school_year.name}-{generated.pk}.pdf"
    path = report_path(generated)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pdf)
    generated.status = ReportStatus.DONE
    generated.progress = 100
    generated.finished_at = timezone.now()
    generated.save(update_fields=["file_name", "status", "progress", "finished_at"])
    return generated


@transaction.atomic
def snapshot_create(*, year: SchoolYear, user: Any, with_pdf: bool = True) -> ReportSnapshot:
    """Keep the whole report of a year as it stands now (when the year is closed); the PDF
    is made by the background task and linked to the snapshot."""
    from .document import build_report
    from .renderers.snapshot import report_to_data

    report = build_report(year)
    snapshot = ReportSnapshot.objects.create(
        school_year=year,
        data=report_to_data(report),
        reserve=report.budget.reserve if report.budget is not None else None,
        created_by=user,
    )
    if with_pdf:
        snapshot.pdf = report_request(year=year, user=user)
        snapshot.save(update_fields=["pdf"])
    return snapshot


# --- Goals and the quality framework ----------------------------------------------------


def next_year_of(year: SchoolYear) -> SchoolYear | None:
    return SchoolYear.objects.filter(start_date__gt=year.end_date).order_by("start_date").first()


@transaction.atomic
def goal_save(
    *,
    year: SchoolYear,
    goal: Goal | None = None,
    chapter: str,
    description: str,
    owner: str = "",
    owner_role: str = "",
    status: str = "",
    explanation: str = "",
    indicator: str = "",
    comparison: str = "",
    target: Decimal | None = None,
    tolerance_percent: Decimal | None = None,
) -> Goal:
    """Create or update a goal of an open year; moved on to next year, it is copied there."""
    ensure_open(year.pk)
    if goal is not None and goal.school_year_id != year.pk:
        raise ValidationError("Dit doel hoort bij een ander schooljaar.")
    if indicator and indicator not in INDICATORS:
        raise ValidationError({"indicator": "Kies een indicator uit de lijst."})
    if indicator and (not comparison or target is None):
        raise ValidationError(
            "Een doel met een indicator heeft een vergelijking en een streefwaarde."
        )
    if goal is None:
        goal = Goal(school_year=year, order=Goal.objects.filter(school_year=year).count())
    goal.chapter = chapter
    goal.description = description.strip()
    goal.owner = owner.strip()
    goal.owner_role = owner_role
    goal.status = status
    goal.explanation = explanation.strip()
    goal.indicator = indicator
    goal.comparison = comparison if indicator else ""
    goal.target = target if indicator else None
    if tolerance_percent is not None:
        goal.tolerance_percent = tolerance_percent
    goal.full_clean()
    goal.save()
    if goal.status == GoalStatus.MOVED:
        goal_carry_forward(goal=goal)
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, status: str, explanation: str) -> Goal:
    ensure_open(goal.school_year_id)
    if status not in GoalStatus.values and status != "":
        raise ValidationError({"status": "Kies een status uit de lijst."})
    goal.status = status
    goal.explanation = explanation.strip()
    goal.full_clean()
    goal.save(update_fields=["status", "explanation"])
    if goal.status == GoalStatus.MOVED:
        goal_carry_forward(goal=goal)
    return goal


@transaction.atomic
def goal_carry_forward(*, goal: Goal) -> Goal | None:
    """The copy of a moved goal in the next school year, linked back; made once (a second
    call returns the same copy). None while the next year does not exist yet: starting it
    carries the year's moved goals (`goals_carry_forward`)."""
    if goal.status != GoalStatus.MOVED:
        return None
    existing = Goal.objects.filter(carried_from=goal).first()
    if existing is not None:
        return existing
    year = SchoolYear.objects.get(pk=goal.school_year_id)
    target_year = next_year_of(year)
    if target_year is None:
        return None
    ensure_open(target_year.pk)
    copy = Goal(
        school_year=target_year,
        chapter=goal.chapter,
        description=goal.description,
        owner=goal.owner,
        owner_role=goal.owner_role,
        indicator=goal.indicator,
        comparison=goal.comparison,
        target=goal.target,
        tolerance_percent=goal.tolerance_percent,
        carried_from=goal,
        order=Goal.objects.filter(school_year=target_year).count(),
    )
    copy.full_clean()
    copy.save()
    return copy


@transaction.atomic
def goals_carry_forward(*, year: SchoolYear) -> int:
    """Carry every moved goal of `year` into the next year; returns the copies made now."""
    made = 0
    for goal in Goal.objects.filter(school_year=year, status=GoalStatus.MOVED):
        before = Goal.objects.filter(carried_from=goal).exists()
        if goal_carry_forward(goal=goal) is not None and not before:
            made += 1
    return made


@transaction.atomic
def standard_save(
    *,
    year: SchoolYear,
    standard: QualityStandard | None = None,
    code: str,
    title: str,
    description: str = "",
) -> QualityStandard:
    ensure_open(year.pk)
    if standard is not None and standard.school_year_id != year.pk:
        raise ValidationError("Deze standaard hoort bij een ander schooljaar.")
    standard = standard or QualityStandard(school_year=year)
    standard.code = code.strip()
    standard.title = title.strip()
    standard.description = description.strip()
    standard.full_clean()
    standard.save()
    return standard


@transaction.atomic
def evidence_add(
    *,
    standard: QualityStandard,
    kind: str,
    figure: str = "",
    document: Any = None,
    goal: Goal | None = None,
    note: str = "",
) -> Evidence:
    """Link a figure, a library document or a goal of the same year to a standard."""
    ensure_open(standard.school_year_id)
    year_id = standard.school_year_id
    if kind == EvidenceKind.FIGURE and figure not in EVIDENCE_FIGURES:
        raise ValidationError({"figure": "Kies een figuur uit de lijst."})
    if kind == EvidenceKind.DOCUMENT and (document is None or document.school_year_id != year_id):
        raise ValidationError({"document": "Kies een document van hetzelfde schooljaar."})
    if kind == EvidenceKind.GOAL and (goal is None or goal.school_year_id != year_id):
        raise ValidationError({"goal": "Kies een doel van hetzelfde schooljaar."})
    evidence = Evidence(
        standard=standard,
        kind=kind,
        figure=figure if kind == EvidenceKind.FIGURE else "",
        document=document if kind == EvidenceKind.DOCUMENT else None,
        goal=goal if kind == EvidenceKind.GOAL else None,
        note=note.strip(),
    )
    evidence.full_clean()
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence) -> None:
    ensure_open(evidence.standard.school_year_id)
    evidence.delete()


# --- Written chapters --------------------------------------------------------------------


@transaction.atomic
def chapter_save(
    *,
    year: SchoolYear,
    chapter: str,
    user: Any,
    introduction: str,
    went_well: str = "",
    attention_points: str = "",
    outlook: str = "",
    author: Any = None,
    set_author: bool = False,
    draft: Sequence[str] = (),
) -> ChapterText:
    """Save a chapter's text of an open year and keep the version. Only its editors may;
    editing an approved chapter puts it back to concept. `set_author` (approvers only)
    assigns the kernteam member who writes it. `draft` is the chapter's draft from the
    figures as the author saw it (reports.drafts), kept to mark what changes after."""
    from bos.permissions import get_scope

    ensure_open(year.pk)
    if chapter not in TextChapter.values:
        raise ValidationError("Onbekend hoofdstuk.")
    text = ChapterText.objects.select_for_update().filter(school_year=year, chapter=chapter).first()
    scope = get_scope(user, year)
    if not may_edit(scope, text):
        raise PermissionDenied("U mag dit hoofdstuk niet bewerken.")
    if text is None:
        text = ChapterText(school_year=year, chapter=chapter)
    if set_author:
        if not may_approve(scope):
            raise PermissionDenied("Alleen de projectleider wijst een auteur aan.")
        text.author = author
    if chapter in SINGLE_TEXT_CHAPTERS:
        went_well = attention_points = outlook = ""
    values = {
        "introduction": introduction.strip(),
        "went_well": went_well.strip(),
        "attention_points": attention_points.strip(),
        "outlook": outlook.strip(),
    }
    changed = any(getattr(text, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(text, name, value)
    if changed and text.status == ChapterStatus.APPROVED:
        text.status = ChapterStatus.CONCEPT
    text.draft_at_save = [str(sentence) for sentence in draft]
    text.full_clean()
    text.save()
    ChapterVersion.objects.create(text=text, saved_by=user, **values)
    return text


CHAPTER_STEPS: dict[str, tuple[set[str], bool]] = {
    # target status: (from statuses, approvers only)
    ChapterStatus.REVIEW: ({ChapterStatus.CONCEPT}, False),
    ChapterStatus.APPROVED: ({ChapterStatus.CONCEPT, ChapterStatus.REVIEW}, True),
    ChapterStatus.CONCEPT: ({ChapterStatus.REVIEW, ChapterStatus.APPROVED}, True),
}


@transaction.atomic
def chapter_set_status(*, text: ChapterText, user: Any, status: str) -> ChapterText:
    """concept → ter goedkeuring (an editor) → goedgekeurd (the projectleider), or back."""
    from bos.permissions import get_scope

    ensure_open(text.school_year_id)
    if status not in CHAPTER_STEPS:
        raise ValidationError("Onbekende status.")
    allowed_from, approvers_only = CHAPTER_STEPS[status]
    scope = get_scope(user, text.school_year)
    if approvers_only and not may_approve(scope):
        raise PermissionDenied("Alleen de projectleider keurt hoofdstukken goed.")
    if not approvers_only and not may_edit(scope, text):
        raise PermissionDenied("U mag dit hoofdstuk niet bewerken.")
    if text.status not in allowed_from:
        raise ValidationError(
            f"Een hoofdstuk met status '{text.get_status_display()}' kan niet naar "
            f"'{ChapterStatus(status).label}'."
        )
    text.status = status
    text.save(update_fields=["status", "updated_at"])
    return text


# --- The report on the web ----------------------------------------------------------------


def _ensure_may_publish(user: Any, year: SchoolYear) -> None:
    from bos.permissions import can

    if not can(user, "report.publish", year):
        raise PermissionDenied("Alleen de projectleider publiceert het jaarverslag.")


@transaction.atomic
def report_publish(*, year: SchoolYear, user: Any) -> ReportPublication:
    """Publish the year's report at its public address. A closed year may be published (its
    report is final: that is what gets published); publishing changes none of its data, so
    the closed-year guard does not apply (`ReportPublication.year_guard_exempt`). Refused for
    a year whose report cannot be made. Publishing a published report changes nothing."""
    from facilitation.selectors import PolicyMissing

    from .document import cached_report, closed_report
    from .facts import year_has_data

    _ensure_may_publish(user, year)
    if not year_has_data(year):
        raise ValidationError(f"Schooljaar {year} heeft nog geen scholen om over te rapporteren.")
    if closed_report(year) is None:
        try:
            cached_report(year, None, fresh=True)
        except PolicyMissing as exc:
            raise ValidationError(
                f"Het jaarverslag {year} kan niet worden gepubliceerd: {exc}"
            ) from exc
    publication, _ = ReportPublication.objects.select_for_update().get_or_create(school_year=year)
    if publication.published_at is None:
        publication.published_at = timezone.now()
        publication.published_by = user
        publication.save(update_fields=["published_at", "published_by"])
    return publication


@transaction.atomic
def report_unpublish(*, year: SchoolYear, user: Any) -> ReportPublication | None:
    """Take the year's report off the web: its public address answers 404 again. The row
    stays (with the audit trail, it tells when the report was public); None when the report
    was never published."""
    _ensure_may_publish(user, year)
    publication = ReportPublication.objects.select_for_update().filter(school_year=year).first()
    if publication is not None and publication.published_at is not None:
        publication.published_at = None
        publication.published_by = None
        publication.save(update_fields=["published_at", "published_by"])
    return publication


# Support staff: figure 6's Ondersteuning column (issue #25).


@transaction.atomic
def support_staff_add(
    *,
    user: Any,
    year: SchoolYear,
    task: str,
    hours: Decimal | None,
    person: Person | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    board: SchoolBoard | None = None,
    institute: Institute | None = None,
) -> SupportStaff:
    """Add someone who supports the partnership in `year`: an existing person, or a new one
    by name and e-mail (an address already known is that person)."""
    _check_budget_editor(user, year)
    ensure_open(year)
    task = task.strip()
    if not task:
        raise ValidationError("Vul de taak in.")
    if hours is not None and hours < 0:
        raise ValidationError("Het aantal uren kan niet negatief zijn.")
    if person is None:
        if not (first_name.strip() and last_name.strip() and email.strip()):
            raise ValidationError(
                "Kies een bestaande persoon, of vul voornaam, achternaam en e-mailadres in."
            )
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            person = Person(
                first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip()
            )
            person.full_clean()
            person.save()
    if SupportStaff.objects.filter(school_year=year, person=person, task=task).exists():
        raise ValidationError(f"{person} staat al met de taak “{task}” in {year}.")
    staff = SupportStaff(
        school_year=year,
        person=person,
        task=task,
        hours=hours,
        board=board,
        institute=institute,
    )
    staff.full_clean()
    staff.save()
    return staff


@transaction.atomic
def support_staff_remove(*, user: Any, staff: SupportStaff) -> None:
    """Remove someone from the year's support; the person stays."""
    _check_budget_editor(user, staff.school_year)
    ensure_open(staff.school_year_id)
    staff.delete()
