"""Pages of professionalisation. Views stay thin: selectors read within the scope, services
write and check the rules; a service's ValidationError becomes a Dutch message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bos import dataversion, events
from bos.forms import apply_service_errors
from bos.fragments import kept_fragment
from bos.lists import pager_query, paginate
from bos.models import SchoolLocation, SchoolYear
from bos.permissions import can, get_scope, require
from bos.security.ratelimit import rate_limit
from governance.forms import DECISION_FIELD, add_decision_field

from . import selectors, services
from .forms import (
    ConversationForm,
    ConversationPlanForm,
    EvaluationForm,
    MeetingForm,
    PolicyForm,
    StartMeetingForm,
    ThemeForm,
)
from .models import (
    CertificateRun,
    Meeting,
    MeetingKind,
    ReflectiveConversation,
    Registration,
    RegistrationStatus,
    Theme,
)


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _year(request: HttpRequest) -> SchoolYear:
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Geen schooljaar.")
    return year


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    try:
        return selectors.meeting_for(user=request.user, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404("Bijeenkomst niet gevonden.") from exc


# The offer, registration -------------------------------------------------------------------------


# The offer's two lists, each paged on its own.
OFFER_PAGES = {"themes": "pagina", "start": "start"}


@require("pro.view")
def offer(request: HttpRequest) -> HttpResponse:
    """The year's meetings a page at a time: a large year's offer reads and shows no more.
    The page's lists are kept as HTML per data version, reader, day and query."""
    body = kept_fragment(
        request,
        "professionalization:offer",
        "professionalization/_offer_body.html",
        lambda: _offer_context(request),
    )
    year = get_scope(request.user).year
    return render(request, "professionalization/offer.html", {"year": year, "body": body})


def _offer_context(request: HttpRequest) -> dict[str, Any]:
    scope = get_scope(request.user)
    activities = selectors.my_activities(scope.person_id, scope.year) if scope.person_id else []
    context: dict[str, Any] = {
        "year": scope.year,
        "activities": activities,
        "hours": sum(a.hours for a in activities),
        "can_plan": can(request.user, "pro.plan"),
        "can_start": can(request.user, "pro.start"),
    }
    for name, kind in (("themes", MeetingKind.THEME), ("start", MeetingKind.START)):
        param = OFFER_PAGES[name]
        page = paginate(
            selectors.offer_meetings(user=request.user, kind=kind), request.GET.get(param)
        )
        context[name] = selectors.with_mine(page.object_list, user=request.user)
        context[f"{name}_page"] = page
        context[f"{name}_param"] = param
        context[f"{name}_query"] = pager_query(request, param)
    return context


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label="Aanwezig", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(r.pk), r.person.full_name) for r in registrations]
        self.fields["present"].help_text = "Vink aan wie er was; de uren volgen uit de tijden."


@require("pro.view")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    scope = get_scope(request.user)
    leads = services.may_lead(scope, meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "leads": leads,
        "year": scope.year,
        "past": meeting.date < timezone.localdate(),
        "evaluation_url": events.evaluation_url(
            request.user, meeting, "evaluatie_professionaliseringsbijeenkomst"
        ),
    }
    if meeting.theme_id and meeting.theme.requires_experience and scope.person_id:
        policy = selectors.policy_for(meeting.school_year)
        context["velon"] = services.velon_check(
            scope.person_id, meeting.school_year, policy.velon_min_years
        )
    if leads:
        people = selectors.participants(meeting)
        context["people"] = people
        context["attendance_form"] = AttendanceForm(
            registrations=people["registered"],
            initial={"present": [str(r.pk) for r in people["registered"] if r.attended]},
        )
        context["summary"], context["comments"] = selectors.evaluation_summary(meeting)
    mine = meeting.mine
    if mine is not None and mine.attended:
        context["evaluation_form"] = EvaluationForm(
            initial={"score": mine.score, "comment": mine.comment}
        )
    return render(request, "professionalization/meeting.html", context)


@require("pro.view")
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    # A login without a person can register in no year: forbidden (403) before the meeting
    # is looked up in the chosen year (404), so the answer does not depend on the year.
    if get_scope(request.user).person_id is None:
        raise PermissionDenied
    _meeting_or_404(request, pk)
    try:
        result = services.register(user=request.user, meeting_id=pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        level = (
            messages.SUCCESS
            if result.registration.status == RegistrationStatus.REGISTERED
            else messages.WARNING
        )
        messages.add_message(request, level, result.message)
    return redirect("professionalization:meeting", pk=pk)


@require("pro.view")
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    registration = get_object_or_404(Registration, pk=pk, person_id=scope.person_id or -1)
    try:
        services.cancel(user=request.user, registration_id=registration.pk)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    except Registration.DoesNotExist as exc:
        raise Http404 from exc
    else:
        messages.success(request, "Je bent afgemeld.")
    return redirect("professionalization:meeting", pk=registration.meeting_id)


@require("pro.view")
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    # Who leads no meeting of the year may record attendance nowhere (403), whatever meeting
    # is asked for; a leader asking for a meeting outside their year or scope gets a 404.
    if not services.leads_any(scope):
        raise PermissionDenied
    meeting = _meeting_or_404(request, pk)
    if not services.may_lead(scope, meeting):
        raise PermissionDenied
    people = selectors.participants(meeting)
    form = AttendanceForm(request.POST, registrations=people["registered"])
    if not form.is_valid():
        messages.error(request, "De aanwezigheidslijst is niet goed ingevuld.")
        return redirect("professionalization:meeting", pk=pk)
    try:
        present = services.record_attendance(
            user=request.user,
            meeting_id=pk,
            present_ids={int(value) for value in form.cleaned_data["present"]},
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Aanwezigheid opgeslagen: {present} aanwezig.")
    return redirect("professionalization:meeting", pk=pk)


@require("pro.view")
@require_POST
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    registration = get_object_or_404(Registration, pk=pk, person_id=scope.person_id or -1)
    form = EvaluationForm(request.POST)
    if form.is_valid():
        try:
            services.evaluate(
                user=request.user,
                registration_id=registration.pk,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "Bedankt voor je evaluatie.")
    else:
        messages.error(request, "Kies een waardering van 1 tot en met 5.")
    return redirect("professionalization:meeting", pk=registration.meeting_id)


# Planning (projectleider) ------------------------------------------------------------------------


@require("pro.plan")
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    year = _year(request)
    services.themes_ensure(year=year)
    policy = services.policy_ensure(year=year)
    instance = (
        get_object_or_404(Meeting, pk=pk, school_year=year, kind=MeetingKind.THEME) if pk else None
    )
    initial = {
        "start_time": policy.default_start,
        "end_time": policy.default_end,
        "capacity": policy.default_capacity,
        "drinks": True,
    }
    form = MeetingForm(
        request.POST or None, instance=instance, initial=None if instance else initial, year=year
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_save(
                user=request.user,
                year=year,
                meeting_id=pk,
                **{name: form.cleaned_data[name] for name in MeetingForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{meeting.title} op {meeting.date:%d-%m-%Y} is opgeslagen.")
            return redirect("professionalization:meeting", pk=meeting.pk)
    return render(
        request,
        "professionalization/meeting_form.html",
        {"form": form, "meeting": instance, "year": year},
    )


@require("pro.plan")
def themes(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    services.themes_ensure(year=year)
    return render(
        request,
        "professionalization/themes.html",
        {
            "year": year,
            "themes": Theme.objects.filter(school_year=year).annotate(planned=Count("meetings")),
            "check": selectors.offer_check(year),
            "policy": selectors.policy_for(year),
        },
    )


@require("pro.plan")
def policy_edit(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    policy = services.policy_ensure(year=year)
    form = PolicyForm(request.POST or None, instance=policy)
    add_decision_field(form, user=request.user, year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(
                user=request.user,
                year=year,
                decision=form.cleaned_data.get(DECISION_FIELD),
                **{name: form.cleaned_data[name] for name in PolicyForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"De afspraken professionalisering {year} zijn opgeslagen.")
            return redirect("professionalization:themes")
    return render(request, "professionalization/policy_form.html", {"form": form, "year": year})


@require("pro.plan")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request)
    theme = get_object_or_404(Theme, pk=pk, school_year=year)
    form = ThemeForm(request.POST or None, instance=theme)
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(
                user=request.user,
                theme_id=theme.pk,
                **{name: form.cleaned_data[name] for name in ThemeForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Thema {theme.number} is opgeslagen.")
            return redirect("professionalization:themes")
    return render(
        request, "professionalization/theme_form.html", {"form": form, "theme": theme, "year": year}
    )


@require("pro.plan")
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    services.themes_ensure(year=year)
    # The figures and tables as HTML, until the next write: a visit does not print four
    # tables of a region's schools again.
    body = kept_fragment(
        request,
        "pro:overview:html",
        "professionalization/_overview_body.html",
        lambda: _overview_context(request, year),
    )
    return render(
        request, "professionalization/overview.html", {"year": year, "overview_body": body}
    )


def _overview_context(request: HttpRequest, year: SchoolYear) -> dict[str, Any]:
    return {
        "year": year,
        # The region's figures of the year, the same for every reader: kept per data
        # version and day (the offer check looks at a window of dates), not summed again
        # over every registration of the year on each visit.
        "overview": dataversion.kept_figures(
            dataversion.reader_key("pro:overview", None, year, timezone.localdate()),
            lambda: selectors.overview(year),
        ),
        "policy": selectors.policy_for(year),
    } | _overview_pages(request, year)


# The overview's tables per school, each with its own page parameter (a pager keeps the
# others' pages): the selector that reads a page, and the parameter.
OVERVIEW_PAGES: dict[str, tuple[Callable[..., Page], str]] = {
    "schools": (selectors.participants_per_school, "scholen"),
    "start_meetings": (selectors.start_meetings_page, "startbijeenkomsten"),
    "conversations": (selectors.conversations_page, "gesprekken"),
}


def _overview_pages(request: HttpRequest, year: SchoolYear) -> dict[str, Any]:
    """A page of each table per school (the HTML they are printed in is kept, above)."""
    context: dict[str, Any] = {}
    for name, (read, param) in OVERVIEW_PAGES.items():
        context[name] = read(year, request.GET.get(param))
        context[f"{name}_query"] = pager_query(request, param)
    return context


# Start meetings (SO and IO) ---------------------------------------------------------------------


@require("pro.start")
def start_meetings(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return render(
        request,
        "professionalization/start_meetings.html",
        {
            "year": year,
            "rows": selectors.start_meetings_for(
                user=request.user, number=request.GET.get("pagina")
            ),
            "pager_query": pager_query(request),
        },
    )


@require("pro.start")
def start_meeting_edit(request: HttpRequest, location: int) -> HttpResponse:
    year = _year(request)
    scope = get_scope(request.user)
    if not scope.sees_everything and location not in services.start_meeting_locations(scope):
        raise Http404("School niet gevonden.")
    school = get_object_or_404(SchoolLocation, pk=location)
    instance = Meeting.objects.filter(
        school_year=year, kind=MeetingKind.START, location=school
    ).first()
    policy = selectors.policy_for(year)
    initial = {
        "start_time": policy.default_start,
        "end_time": policy.default_end,
        "capacity": policy.default_capacity,
    }
    form = StartMeetingForm(
        request.POST or None,
        instance=instance,
        initial=None if instance else initial,
        year=year,
        location=school,
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.start_meeting_save(
                user=request.user,
                year=year,
                location_id=school.pk,
                meeting_id=instance.pk if instance else None,
                **{name: form.cleaned_data[name] for name in StartMeetingForm.Meta.fields},
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"De startbijeenkomst van {school} is opgeslagen.")
            return redirect("professionalization:meeting", pk=meeting.pk)
    return render(
        request,
        "professionalization/start_meeting_form.html",
        {"form": form, "school": school, "meeting": instance, "year": year},
    )


# Certificates ------------------------------------------------------------------------------------


@require("pro.view")
@rate_limit("pdf")
@never_cache
def certificate(request: HttpRequest, year: str) -> HttpResponse:
    from .certificate import render_certificate

    school_year = get_object_or_404(SchoolYear, name=year)
    try:
        issued = services.certificate_for_user(user=request.user, year=school_year)
    except PermissionDenied as exc:
        raise Http404("Geen certificaat.") from exc
    if issued is None:
        messages.info(
            request,
            f"Je hebt in {school_year} nog geen bijeenkomst bijgewoond; er is nog geen "
            "certificaat.",
        )
        return redirect("professionalization:offer")
    pdf = render_certificate(issued, site_url=settings.SITE_URL)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificaat-professionalisering-{school_year.name}.pdf"'
    )
    return response


@require("pro.plan")
def certificates(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    if request.method == "POST":
        try:
            services.certificate_run_request(user=request.user, year=year)
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(request, "De certificaten worden klaargezet.")
        return redirect("professionalization:certificates")
    runs = CertificateRun.objects.filter(school_year=year)[:10]
    return render(
        request,
        "professionalization/certificates.html",
        {"year": year, "runs": runs, "latest": runs[0] if runs else None},
    )


@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone with the code sees the name, year and total hours, nothing else."""
    found = selectors.certificate_by_code(code)
    response = render(
        request,
        "professionalization/verify.html",
        {
            "found": found is not None,
            "name": found.name if found else "",
            "year": found.school_year.name if found else "",
            "hours": found.total_hours if found else None,
        },
        status=200 if found else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


# Reflective conversations ----------------------------------------------------------------------


@require("pro.conversations")
def conversations(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    scope = get_scope(request.user)
    candidates = selectors.conversation_candidates(user=request.user)
    form = ConversationPlanForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        kind, person_id = form.parsed()
        try:
            conversation = services.conversation_plan(
                user=request.user,
                year=year,
                kind=kind,
                participant_id=person_id,
                planned_on=form.cleaned_data["planned_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Het gesprek is gepland.")
            return redirect("professionalization:conversation", pk=conversation.pk)
    page = paginate(selectors.my_conversations(user=request.user), request.GET.get("pagina"))
    return render(
        request,
        "professionalization/conversations.html",
        {
            "year": year,
            "page": page,
            "form": form if candidates else None,
            "person_id": scope.person_id,
        },
    )


@require("pro.conversations")
@never_cache
def conversation(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.conversation_for(user=request.user, pk=pk)
    except ReflectiveConversation.DoesNotExist as exc:
        raise Http404("Gesprek niet gevonden.") from exc
    form = ConversationForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.conversation_record(
                user=request.user,
                conversation_id=item.pk,
                planned_on=form.cleaned_data["planned_on"],
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Het gesprek is opgeslagen.")
            return redirect("professionalization:conversation", pk=item.pk)
    return render(
        request,
        "professionalization/conversation.html",
        {"conversation": item, "form": form, "year": item.school_year},
    )
