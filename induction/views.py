"""The induction register: starting teachers per school, the building blocks and the
projectleider's figures."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from bos.fragments import kept_fragment
from bos.lists import kept_count, list_page, pager_query, paginate
from bos.models import LocationYear
from bos.permissions import can, get_scope, require
from bos.search_choice import suggestions
from governance.forms import DECISION_FIELD, add_decision_field
from governance.selectors import changes_naming
from placements.views import _apply_errors

from . import selectors, services
from .forms import (
    SEARCHES,
    AttendanceForm,
    BlockForm,
    ExitForm,
    InductionPolicyForm,
    IntroMeetingForm,
    MeasuresForm,
    PlanForm,
    StarterForm,
    StudentRegistrationForm,
)
from .lists import StarterFilter, StarterTable
from .models import BuildingBlock, InductionPolicy, IntroMeeting, Starter, StarterKind

# Unqualified colleagues shown above the register with their enrolment link.
AWAITING_SHOWN = 10


@require("induction.view")
def register(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    starters = selectors.starters_for(user=request.user)
    # What stands above the register (its total, the signals, the colleagues awaiting
    # enrolment) as HTML, per reader, day and query, until the next write.
    top = kept_fragment(
        request,
        "induction:register:top",
        "induction/_register_top.html",
        lambda: _register_top(request, starters),
    )
    return list_page(
        request,
        queryset=starters,
        filterset_class=StarterFilter,
        table_class=StarterTable,
        template="induction/register.html",
        singular="starter",
        plural="starters",
        export_name=f"starters-{scope.year}",
        context={"year": scope.year, "top": top},
    )


def _register_top(request: HttpRequest, starters: QuerySet[Starter]) -> dict[str, Any]:
    # The first few unqualified colleagues to enrol, with how many there are: a region's
    # projectleider has hundreds, which the register below lists by kind.
    awaiting = paginate(
        starters.filter(kind=StarterKind.UNQUALIFIED, registered_student__isnull=True),
        None,
        per_page=AWAITING_SHOWN,
    )
    return {
        "awaiting": awaiting.object_list,
        "awaiting_count": awaiting.paginator.count,
        "unqualified_query": urlencode({"kind": StarterKind.UNQUALIFIED}),
        "early_hires": selectors.early_hire_signals(starters),
        "starter_count": kept_count(starters),
        "may_edit": can(request.user, "induction.edit"),
        "may_register_student": can(request.user, "placement.edit"),
        "may_see_figures": can(request.user, "induction.figures"),
        "may_edit_policy": can(request.user, "policy.edit"),
    }


@require("induction.edit")
def starter_new(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = StarterForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            starter = services.starter_register(
                user=request.user,
                location_id=data["location"].pk,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                subject=data["subject"],
                kind=data["kind"],
                hired_on=data["hired_on"],
                induction_year=data["induction_year"],
                coach=data["coach"],
                former_student=data["former_student"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{starter.full_name} staat in het inductieregister.")
            if starter.kind == StarterKind.UNQUALIFIED:
                messages.info(
                    request,
                    "Onbevoegde collega: de schoolopleider is geïnformeerd en kan de collega "
                    "als zij-instromer inschrijven.",
                )
            return redirect("induction:register")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "induction/starter_form.html", {"form": form, "year": scope.year}, status=status
    )


@require("induction.edit")
def search(request: HttpRequest, source: str) -> HttpResponse:
    """The starter form's search suggestions: coaches (people with a role this year) or
    former students, the same the form accepts; names and a school or institute only."""
    if source not in SEARCHES:
        raise Http404("Onbekende zoekvraag.")
    if source == "coach":
        queryset = selectors.coach_choices(get_scope(request.user))
    else:
        queryset = selectors.former_students()
    return suggestions(request, queryset=queryset, spec=SEARCHES[source])


@require("placement.edit")
def register_as_student(request: HttpRequest, pk: int) -> HttpResponse:
    """An unqualified starter enrolled as a zij-instromer, on a page of its own: the
    register links here from each waiting starter instead of repeating the form (with
    every institute) under each of them."""
    starter = (
        selectors.starters_for(user=request.user).filter(pk=pk).select_related("location").first()
    )
    if starter is None:
        raise Http404("Starter niet gevonden.")
    form = StudentRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            student = services.starter_register_as_student(
                user=request.user,
                starter_id=pk,
                institute_id=form.cleaned_data["institute"].pk,
                student_number=form.cleaned_data["student_number"],
                programme=form.cleaned_data["programme"],
            )
        except (ValidationError, Starter.DoesNotExist) as error:
            for message in getattr(error, "messages", ["Starter niet gevonden."]):
                form.add_error(None, message)
        else:
            messages.success(request, f"{student.full_name} is ingeschreven als zij-instromer.")
            return redirect("induction:register")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "induction/as_student.html", {"form": form, "starter": starter}, status=status
    )


@require("induction.view")
def blocks(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    may_edit = can(request.user, "induction.edit")
    form = BlockForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if not may_edit:
            return HttpResponse(status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.block_set(
                    user=request.user,
                    location_id=data["location"].pk,
                    block=data["block"],
                    state=data["state"],
                    note=data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Status van de bouwsteen opgeslagen.")
                return redirect("induction:blocks")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "induction/blocks.html",
        {
            "year": scope.year,
            "rows": selectors.blocks_for(user=request.user),
            "form": form,
            "may_edit": may_edit,
        },
        status=status,
    )


@require("induction.figures")
def figures(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    # The table as HTML, per reader, day and query, until the next write (bos.fragments).
    body = kept_fragment(
        request, "induction:figures", "induction/_figures_body.html", lambda: _figures(request)
    )
    return render(request, "induction/figures.html", {"year": year, "body": body})


def _figures(request: HttpRequest) -> dict[str, Any]:
    year = get_scope(request.user).year
    # A page of schools on screen, read in the database; the totals are those of every school.
    page = paginate(
        selectors.member_schools(year) if year else LocationYear.objects.none(),
        request.GET.get("pagina"),
    )
    totals = selectors.figure_totals(year=year) if year else {}
    return {
        "year": year,
        "rows": selectors.figures(year=year, members=page.object_list) if year else [],
        "page": page,
        "pager_query": pager_query(request),
        "total_starters": totals.get("starters", 0),
        "total_former": totals.get("former_students", 0),
        "total_unqualified": totals.get("unqualified", 0),
        "total_zij": totals.get("zij_instromers", 0),
        "blocks": len(BuildingBlock),
    }


# --- The programme around each starter ----------------------------------------------------


def _starter_or_404(request: HttpRequest, pk: int) -> Starter:
    try:
        return selectors.starter_get(user=request.user, pk=pk)
    except Starter.DoesNotExist as error:
        raise Http404("Starter niet gevonden.") from error


def _starter_page(
    request: HttpRequest,
    starter: Starter,
    *,
    plan_form: PlanForm | None = None,
    measures_form: MeasuresForm | None = None,
    exit_form: ExitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = selectors.programme_of(starter)
    scope = get_scope(request.user, starter.school_year)
    is_open = not starter.school_year.closed_at
    may_run = selectors.runs_programme(scope, starter.location_id) and is_open
    # The school's lerarencoach records the coaching (plan, measures), not the exit.
    may_coach = selectors.coaches_programme(scope, starter.location_id) and is_open
    latest = programme.plans[0] if programme.plans else None
    if plan_form is None:
        plan_form = PlanForm(
            initial={
                "goals": latest.goals if latest else "",
                "agreements": latest.agreements if latest else "",
                "review_on": latest.review_on if latest else None,
            }
        )
    if measures_form is None:
        measures_form = MeasuresForm(rows=programme.checklist)
    if exit_form is None:
        interview = programme.exit_interview
        exit_form = ExitForm(
            initial={
                "left_on": interview.left_on,
                "reason": interview.reason,
                "notes": interview.notes,
            }
            if interview
            else None
        )
    return render(
        request,
        "induction/starter.html",
        {
            "starter": starter,
            "year": starter.school_year,
            "programme": programme,
            "latest": latest,
            "may_run": may_run,
            "may_coach": may_coach,
            "plan_form": plan_form,
            "measures_form": measures_form,
            "exit_form": exit_form,
        },
        status=status,
    )


@require("induction.view")
def starter(request: HttpRequest, pk: int) -> HttpResponse:
    return _starter_page(request, _starter_or_404(request, pk))


def _programme_write(
    request: HttpRequest,
    starter: Starter,
    form: Any,
    write: Any,
    done: str,
    form_key: str,
    *,
    coaching: bool = False,
) -> HttpResponse:
    """A write of the starter's programme: only the school's SO and the projectleider (for
    the coaching, `coaching`, also the school's lerarencoach); 403 for others who see the
    starter, the form's errors on the starter's page (400)."""
    allowed = selectors.coaches_programme if coaching else selectors.runs_programme
    if not allowed(get_scope(request.user, starter.school_year), starter.location_id):
        raise PermissionDenied
    if form.is_valid():
        try:
            write(form)
        except Starter.DoesNotExist as error:
            raise Http404("Starter niet gevonden.") from error
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("induction:starter", pk=starter.pk)
    return _starter_page(request, starter, status=400, **{form_key: form})


@require("induction.view")
@require_POST
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    starter = _starter_or_404(request, pk)
    form = PlanForm(request.POST)
    return _programme_write(
        request,
        starter,
        form,
        lambda f: services.plan_record(
            user=request.user,
            starter_id=starter.pk,
            goals=f.cleaned_data["goals"],
            agreements=f.cleaned_data["agreements"],
            review_on=f.cleaned_data["review_on"],
        ),
        "Ontwikkelplan vastgelegd.",
        "plan_form",
        coaching=True,
    )


@require("induction.view")
@require_POST
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    starter = _starter_or_404(request, pk)
    form = MeasuresForm(request.POST, rows=selectors.programme_of(starter).checklist)
    return _programme_write(
        request,
        starter,
        form,
        lambda f: services.measures_set(
            user=request.user, starter_id=starter.pk, states=f.states()
        ),
        "Werkdrukmaatregelen opgeslagen.",
        "measures_form",
        coaching=True,
    )


@require("induction.view")
@require_POST
def exit_interview(request: HttpRequest, pk: int) -> HttpResponse:
    starter = _starter_or_404(request, pk)
    form = ExitForm(request.POST)
    return _programme_write(
        request,
        starter,
        form,
        lambda f: services.exit_record(
            user=request.user,
            starter_id=starter.pk,
            left_on=f.cleaned_data["left_on"],
            reason=f.cleaned_data["reason"],
            notes=f.cleaned_data["notes"],
        ),
        "Exitgesprek vastgelegd.",
        "exit_form",
    )


@require("induction.view")
def intro_meetings(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    may_create = bool(scope.year) and (scope.sees_everything or bool(scope.so_location_ids))
    form = IntroMeetingForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if not may_create:
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting = services.intro_meeting_create(
                    user=request.user,
                    location_id=form.cleaned_data["location"].pk,
                    date=form.cleaned_data["date"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(
                    request, "Introductiebijeenkomst aangemaakt; de starters zijn uitgenodigd."
                )
                return redirect("induction:intro", pk=meeting.pk)
    meetings = selectors.intro_meetings_for(user=request.user).annotate(
        invited=Count("invitations"),
        present=Count("invitations", filter=Q(invitations__present=True)),
    )
    page = paginate(meetings, request.GET.get("pagina"))
    return render(
        request,
        "induction/intro_meetings.html",
        {
            "year": scope.year,
            "page": page,
            "meetings": page.object_list,
            "pager_query": pager_query(request),
            "form": form,
            "may_create": may_create,
        },
        status=400 if form.errors else 200,
    )


@require("induction.view")
def intro(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        meeting = selectors.intro_meeting_get(user=request.user, pk=pk)
    except IntroMeeting.DoesNotExist as error:
        raise Http404("Bijeenkomst niet gevonden.") from error
    scope = get_scope(request.user, meeting.school_year)
    may_edit = selectors.runs_programme(scope, meeting.location_id)
    invitations = list(
        meeting.invitations.select_related("starter").order_by(
            "starter__last_name", "starter__first_name"
        )
    )
    form = AttendanceForm(request.POST or None, invitations=invitations)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.intro_attendance_set(
                    user=request.user, meeting_id=meeting.pk, present=form.present()
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Aanwezigheid opgeslagen.")
                return redirect("induction:intro", pk=meeting.pk)
    return render(
        request,
        "induction/intro.html",
        {"meeting": meeting, "year": meeting.school_year, "form": form, "may_edit": may_edit},
        status=400 if form.errors else 200,
    )


@require("policy.edit")
def policy(request: HttpRequest) -> HttpResponse:
    """The year's induction policy, with the decision a change follows (the decision log
    then holds the old and new values)."""
    scope = get_scope(request.user)
    instance = InductionPolicy.for_year(scope.year)
    form = InductionPolicyForm(
        request.POST if request.method == "POST" else None, instance=instance, year=scope.year
    )
    add_decision_field(form, user=request.user, year=scope.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(
                user=request.user,
                year=scope.year,
                values={name: form.cleaned_data[name] for name in services.POLICY_FIELDS},
                information_package=form.cleaned_data["information_package"],
                decision=form.cleaned_data.get(DECISION_FIELD),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Inductiebeleid {scope.year} opgeslagen.")
            return redirect("induction:policy")
    return render(
        request,
        "induction/policy.html",
        {
            "year": scope.year,
            "form": form,
            "decided": changes_naming(instance) if instance.pk else [],
        },
        status=400 if form.errors else 200,
    )
