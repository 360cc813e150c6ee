"""Pages of the verdiepingsmiddagen: planning (projectleider), choosing and evaluating
(student, logged in by code), attendance lists (workshop leader) and follow-up (SO, IO)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos import dataversion, events
from bos.forms import apply_service_errors, message_service_errors
from bos.fragments import kept_fragment
from bos.lists import list_page, pager_query, paginate, paginate_kept
from bos.permissions import get_scope, require
from bos.queries import count_of

from . import selectors, services
from .forms import (
    AfternoonForm,
    AttendanceForm,
    ChoiceForm,
    EvaluationForm,
    MoveForm,
    ProposalForm,
    WalkInForm,
    WalkInSearchForm,
    WorkshopForm,
)
from .lists import ProposalFilter, ProposalTable
from .models import (
    DeepeningAfternoon,
    Evaluation,
    ThemeProposal,
    Workshop,
    WorkshopAssignment,
)


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error)


def _message_errors(request: HttpRequest, error: ValidationError) -> None:
    message_service_errors(request, error)


def _afternoon_or_404(request: HttpRequest, pk: int, *, related: bool = True) -> DeepeningAfternoon:
    try:
        return selectors.afternoon_get(user=request.user, pk=pk, related=related)
    except DeepeningAfternoon.DoesNotExist as exc:
        raise Http404("Verdiepingsmiddag niet gevonden.") from exc


# --- Planning --------------------------------------------------------------------------


def _recent_proposals(year: Any) -> list[ThemeProposal]:
    """What students asked for, beside the planning forms."""
    return list(ThemeProposal.objects.filter(school_year=year).order_by("-created_at")[:10])


NO_COUNTS = {"invited": 0, "assigned": 0, "present": 0}


@require("afternoon.plan")
def afternoon_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    # The page's table as HTML, per reader, day and query, until the next write.
    body = kept_fragment(
        request,
        "afternoons:list",
        "afternoons/_afternoon_list_body.html",
        lambda: _afternoon_list_context(request, scope.year),
    )
    return render(request, "afternoons/afternoon_list.html", {"body": body, "year": scope.year})


def _afternoon_list_context(request: HttpRequest, year: Any) -> dict[str, Any]:
    """A page of the year's afternoons with their themes and counts, each read for the
    page's afternoons only (a subquery per relation and afternoon)."""
    page = paginate(selectors.afternoon_list(year), request.GET.get("pagina"))
    ids = [afternoon.pk for afternoon in page]
    counts = selectors.planner_counts(year, ids)
    themes = selectors.themes_of(ids)
    rows = [
        {
            "afternoon": afternoon,
            "themes": themes.get(afternoon.pk, []),
            **counts.get(afternoon.pk, NO_COUNTS),
        }
        for afternoon in page
    ]
    return {
        "rows": rows,
        "page": page,
        "pager_query": pager_query(request),
        "year": year,
        "proposal_count": ThemeProposal.objects.filter(school_year=year).count(),
    }


@require("afternoon.plan")
def afternoon_create(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = AfternoonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            afternoon = services.afternoon_save(
                actor=request.user, year=scope.year, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{afternoon} is aangemaakt. Voeg nu de workshops toe.")
            return redirect("afternoons:detail", afternoon.pk)
    return render(
        request,
        "afternoons/afternoon_form.html",
        {
            "form": form,
            "year": scope.year,
            "afternoon": None,
            "proposals": _recent_proposals(scope.year),
        },
    )


@require("afternoon.plan")
def afternoon_edit(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _afternoon_or_404(request, pk)
    form = AfternoonForm(request.POST or None, initial=AfternoonForm.initial_for(afternoon))
    if request.method == "POST" and form.is_valid():
        try:
            services.afternoon_save(
                actor=request.user,
                year=afternoon.school_year,
                afternoon=afternoon,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De middag is bijgewerkt.")
            return redirect("afternoons:detail", afternoon.pk)
    return render(
        request,
        "afternoons/afternoon_form.html",
        {
            "form": form,
            "year": afternoon.school_year,
            "afternoon": afternoon,
            "proposals": _recent_proposals(afternoon.school_year),
        },
    )


@require("afternoon.plan")
def afternoon_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # The afternoon alone for the title; with its institutes and workshops only to build the
    # page's body.
    afternoon = _afternoon_or_404(request, pk, related=False)
    # The page's figures, workshops, students and forms as HTML, kept per data version,
    # reader, day and address (`bos.fragments`): a year's students invited to one afternoon
    # make it a large page to build.
    body = kept_fragment(
        request,
        "afternoons:detail",
        "afternoons/_detail_body.html",
        lambda: _detail_context(request, _with_workshops(afternoon)),
    )
    return render(
        request, "afternoons/afternoon_detail.html", {"afternoon": afternoon, "body": body}
    )


def _with_workshops(afternoon: DeepeningAfternoon) -> DeepeningAfternoon:
    """The afternoon with its institutes and workshops read, as `afternoon_get` gives it."""
    prefetch_related_objects([afternoon], "institutes", "workshops__leader")
    return afternoon


def _detail_context(request: HttpRequest, afternoon: DeepeningAfternoon) -> dict[str, Any]:
    # The afternoon's counts read every invitation, choice and evaluation of it: with a
    # year's students invited they are kept per data version, not counted on each visit.
    figures = dataversion.kept_figures(
        f"afternoon:{afternoon.pk}:figures", lambda: selectors.afternoon_figures(afternoon)
    )
    workshops = list(afternoon.workshops.select_related("leader"))
    for workshop in workshops:
        counts = figures["workshops"].get(workshop.pk, {})
        workshop.assigned = counts.get("assigned", 0)
        workshop.present = counts.get("present", 0)
        workshop.responses = counts.get("responses", 0)
        workshop.mean = counts.get("mean")
    page = paginate(selectors.assignments_of(afternoon), request.GET.get("pagina"))
    schools = selectors.school_names(afternoon, [a.student_id for a in page])
    choosers = set(
        afternoon.preferences.filter(student_id__in=[a.student_id for a in page]).values_list(
            "student_id", flat=True
        )
    )
    for assignment in page:
        assignment.school = schools.get(assignment.student_id, "")
        assignment.chose = assignment.student_id in choosers
    evaluations = (
        Evaluation.objects.filter(afternoon=afternoon)
        .exclude(comment="")
        .select_related("workshop")
        .order_by("workshop__order", "-created_at")[:50]
    )
    context: dict[str, Any] = {
        "afternoon": afternoon,
        "evaluation_url": events.evaluation_url(
            request.user, afternoon, "evaluatie_verdiepingsmiddag"
        ),
        "workshops": workshops,
        "scores": figures["scores"],
        "audience_count": figures["audience_count"],
        "invitations": figures["invitations"],
        "chosen": figures["chosen"],
        "page": page,
        "move_form": MoveForm(afternoon=afternoon),
        "evaluations": evaluations,
        "may_choose": services.may_choose(afternoon),
    }
    return context


def _workshop_form_page(
    request: HttpRequest, afternoon: DeepeningAfternoon, workshop: Workshop | None
) -> HttpResponse:
    initial = (
        WorkshopForm.initial_for(workshop)
        if workshop
        else {"capacity": services.policy_for(afternoon.school_year).default_capacity}
    )
    form = WorkshopForm(request.POST or None, initial=initial, year=afternoon.school_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_save(
                actor=request.user, afternoon=afternoon, workshop=workshop, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De workshop is opgeslagen.")
            return redirect("afternoons:detail", afternoon.pk)
    return render(
        request,
        "afternoons/workshop_form.html",
        {
            "form": form,
            "afternoon": afternoon,
            "workshop": workshop,
            "proposals": _recent_proposals(afternoon.school_year),
        },
    )


@require("afternoon.plan")
def workshop_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _workshop_form_page(request, _afternoon_or_404(request, pk), None)


@require("afternoon.plan")
def workshop_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    try:
        workshop = Workshop.objects.select_related("afternoon").get(
            pk=pk, afternoon__school_year=scope.year
        )
    except Workshop.DoesNotExist as exc:
        raise Http404("Workshop niet gevonden.") from exc
    return _workshop_form_page(request, workshop.afternoon, workshop)


@require("afternoon.plan")
@require_POST
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _afternoon_or_404(request, pk)
    try:
        count = services.send_invitations(actor=request.user, afternoon=afternoon)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, f"{count} uitnodiging(en) verstuurd.")
    return redirect("afternoons:detail", afternoon.pk)


@require("afternoon.plan")
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _afternoon_or_404(request, pk)
    try:
        result = services.run_assignment(actor=request.user, afternoon=afternoon)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(
            request,
            f"Indeling gemaakt: {len(result.placed)} student(en) ingedeeld. "
            "Controleer haar en publiceer.",
        )
    return redirect(f"{reverse('afternoons:detail', args=[afternoon.pk])}#indeling")


@require("afternoon.plan")
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _afternoon_or_404(request, pk)
    try:
        services.publish(actor=request.user, afternoon=afternoon)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, "De indeling is gepubliceerd; de studenten krijgen een e-mail.")
    return redirect("afternoons:detail", afternoon.pk)


@require("afternoon.plan")
@require_POST
def move(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    try:
        assignment = WorkshopAssignment.objects.select_related("afternoon", "student").get(
            pk=pk, afternoon__school_year=scope.year
        )
    except WorkshopAssignment.DoesNotExist as exc:
        raise Http404("Indeling niet gevonden.") from exc
    form = MoveForm(request.POST, afternoon=assignment.afternoon)
    if not form.is_valid():
        messages.error(request, "Kies een workshop van deze middag.")
    else:
        try:
            services.move_student(
                actor=request.user, assignment=assignment, workshop=form.cleaned_data["workshop"]
            )
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, f"{assignment.student.full_name} is verplaatst.")
    return redirect(f"{reverse('afternoons:detail', args=[assignment.afternoon_id])}#indeling")


@require("afternoon.plan")
def proposals(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=ThemeProposal.objects.filter(school_year=scope.year).select_related(
            "student__institute", "afternoon"
        ),
        filterset_class=ProposalFilter,
        table_class=ProposalTable,
        template="afternoons/proposals.html",
        singular="voorstel",
        plural="voorstellen",
        export_name=f"themavoorstellen-{scope.year}",
        context={"year": scope.year},
    )


# --- Student ---------------------------------------------------------------------------


@require("afternoon.choose")
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.student_afternoons(request.user)
    for row in rows:
        row["may_choose"] = services.may_choose(row["afternoon"])
        assignment = row["assignment"]
        row["may_evaluate"] = bool(
            assignment and assignment.attended is True and not row["evaluated"]
        )
    return render(
        request,
        "afternoons/mine.html",
        {"rows": rows, "year": get_scope(request.user).year},
    )


def _student_afternoon(request: HttpRequest, pk: int) -> DeepeningAfternoon:
    try:
        return selectors.student_afternoon_get(user=request.user, pk=pk)
    except DeepeningAfternoon.DoesNotExist as exc:
        raise Http404("Verdiepingsmiddag niet gevonden.") from exc


@require("afternoon.choose")
def choose(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _student_afternoon(request, pk)
    options = selectors.theme_options(afternoon)
    student = request.user.student
    current = {
        f"choice_{p.rank}": p.workshop_id for p in afternoon.preferences.filter(student=student)
    }
    form = ChoiceForm(request.POST or None, options=options, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_preferences(
                actor=request.user, afternoon=afternoon, workshops=form.ranked()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, "Je keuze is opgeslagen. Je kunt haar tot de deadline wijzigen."
            )
            return redirect("afternoons:mine")
    return render(
        request,
        "afternoons/choose.html",
        {
            "afternoon": afternoon,
            "options": options,
            "form": form,
            "may_choose": services.may_choose(afternoon),
        },
    )


@require("afternoon.choose")
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    afternoon = _student_afternoon(request, pk)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_evaluation(actor=request.user, afternoon=afternoon, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Bedankt voor je evaluatie.")
            return redirect("afternoons:mine")
    return render(request, "afternoons/evaluate.html", {"afternoon": afternoon, "form": form})


@require("afternoon.choose")
def propose(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_theme(actor=request.user, year=scope.year, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Bedankt! De projectleider ziet je voorstel bij de planning.")
            return redirect("afternoons:mine")
    return render(request, "afternoons/propose.html", {"form": form})


# --- Attendance ------------------------------------------------------------------------


@require("afternoon.attendance")
def workshops(request: HttpRequest) -> HttpResponse:
    items = (
        selectors.workshops_for_attendance(request.user)
        .select_related("afternoon", "leader")
        .annotate(
            assigned=count_of(WorkshopAssignment, "workshop"),
            present=count_of(WorkshopAssignment, "workshop", attended=True),
        )
        .order_by("-afternoon__date", "order", "pk")
    )
    page = paginate(items, request.GET.get("pagina"))
    return render(
        request,
        "afternoons/workshops.html",
        {"page": page, "year": get_scope(request.user).year},
    )


def _led_workshop(request: HttpRequest, pk: int) -> Workshop:
    try:
        return (
            selectors.workshops_for_attendance(request.user)
            .select_related("afternoon", "leader")
            .get(pk=pk)
        )
    except Workshop.DoesNotExist as exc:
        raise Http404("Workshop niet gevonden.") from exc


@require("afternoon.attendance")
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _led_workshop(request, pk)
    search = WalkInSearchForm(request.GET or None)
    candidates = []
    if search.is_valid():
        candidates = selectors.walk_in_candidates(workshop.afternoon, search.cleaned_data["q"])
    rows = selectors.attendance_list(workshop)
    schools = selectors.school_names(workshop.afternoon, [r.student_id for r in rows])
    for row in rows:
        row.school = schools.get(row.student_id, "")
    return render(
        request,
        "afternoons/attendance.html",
        {
            "workshop": workshop,
            "afternoon": workshop.afternoon,
            "rows": rows,
            "present": sum(1 for r in rows if r.attended is True),
            "absent": sum(1 for r in rows if r.attended is False),
            "search": search,
            "candidates": candidates,
        },
    )


@require("afternoon.attendance")
@require_POST
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    try:
        assignment = WorkshopAssignment.objects.select_related("workshop", "student").get(
            pk=pk, workshop__in=selectors.workshops_for_attendance(request.user, scope.year)
        )
    except WorkshopAssignment.DoesNotExist as exc:
        raise Http404("Student niet gevonden op deze lijst.") from exc
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies aanwezig of afwezig.")
    else:
        try:
            services.record_attendance(
                actor=request.user, assignment=assignment, attended=form.cleaned_data["attended"]
            )
        except ValidationError as error:
            _message_errors(request, error)
    anchor = f"student-{assignment.pk}"
    return redirect(f"{reverse('afternoons:attendance', args=[assignment.workshop_id])}#{anchor}")


@require("afternoon.attendance")
@require_POST
def walk_in(request: HttpRequest, pk: int) -> HttpResponse:
    workshop = _led_workshop(request, pk)
    form = WalkInForm(request.POST)
    student = None
    if form.is_valid():
        student = (
            selectors.year_students(workshop.afternoon.school_year)
            .filter(pk=form.cleaned_data["student"])
            .first()
        )
    if student is None:
        messages.error(request, "Deze student is niet gevonden.")
    else:
        try:
            services.add_walk_in(actor=request.user, workshop=workshop, student=student)
        except ValidationError as error:
            _message_errors(request, error)
        else:
            messages.success(request, f"{student.full_name} is toegevoegd als aanwezig.")
    return redirect("afternoons:attendance", workshop.pk)


# --- Follow-up -------------------------------------------------------------------------


@require("afternoon.follow")
def follow_up(request: HttpRequest) -> HttpResponse:
    """The user's students per afternoon and the absentees, each list a page at a time: the
    largest school's page is as large as a small one's. An afternoon's heading counts all
    its students, also those on other pages. The lists are kept as HTML per data version,
    reader, day and query (`bos.fragments`)."""
    year = get_scope(request.user).year
    body = kept_fragment(
        request,
        "afternoons:follow_up",
        "afternoons/_follow_up_body.html",
        lambda: _follow_up_context(request),
    )
    return render(request, "afternoons/follow_up.html", {"body": body, "year": year})


def _follow_up_context(request: HttpRequest) -> dict[str, Any]:
    assignments = selectors.follow_up_assignments(request.user)
    # Choosing the school's rows among the year's assignments is the page's cost (60 ms for
    # the largest school); the chosen keys are kept per data version, user and year.
    key = dataversion.reader_key("afternoons:follow_up", request.user, get_scope(request.user).year)
    page = paginate_kept(assignments, request.GET.get("pagina"), key=f"{key}:all")
    absent = paginate_kept(
        assignments.filter(attended=False), request.GET.get("afwezigen"), key=f"{key}:absent"
    )
    rows = list(page.object_list)
    counts = selectors.follow_up_counts(assignments, {row.afternoon_id for row in rows})
    afternoons: dict[int, dict[str, Any]] = {}
    for row in [*rows, *absent.object_list]:
        row.school = row.school_name or ""
    for row in rows:
        afternoons.setdefault(
            row.afternoon_id,
            {
                "afternoon": row.afternoon,
                "rows": [],
                **counts.get(row.afternoon_id, {"present": 0, "absent": 0}),
            },
        )["rows"].append(row)
    return {
        "afternoons": list(afternoons.values()),
        "absentees": absent.object_list,
        "absent_page": absent,
        "absent_query": pager_query(request, "afwezigen"),
        "page": page,
        "query": pager_query(request, "pagina"),
        "year": get_scope(request.user).year,
    }
