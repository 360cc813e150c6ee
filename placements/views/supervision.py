"""The supervision page of a placement: agreements of the phase, due and held
conversations, requests, "development at risk" signals, a second teacher and stopping for
lack of prospect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from bos.permissions import can, require

from .. import supervision
from ..forms import (
    ConversationForm,
    RequestForm,
    SecondTeacherForm,
    SignalForm,
    StopNoProspectForm,
)
from ..models import ConversationKind, Placement
from ._common import _apply_errors


def _view(request: HttpRequest, pk: int) -> supervision.SupervisionView:
    try:
        return supervision.supervision_for(user=request.user, placement_id=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc


def _render(request: HttpRequest, pk: int, **forms: Form) -> HttpResponse:
    view = _view(request, pk)
    placement = view.placement
    is_student = view.role is None
    context = {
        "view": view,
        "placement": placement,
        "is_student": is_student,
        "may_record": view.role in ("so", "io", "wpb"),
        "may_manage": view.role in ("so", "pl"),
        "may_see_agreements": can(request.user, "policy.view"),
        "kinds": dict(ConversationKind.choices),
        "conversation_form": forms.get("conversation_form")
        or ConversationForm(
            people=view.people,
            confidential=view.show_confidential,
            initial={"held_on": view.today, "student_present": True},
        ),
        "request_form": forms.get("request_form") or RequestForm(),
        "signal_form": forms.get("signal_form") or SignalForm(),
        "stop_form": forms.get("stop_form")
        or StopNoProspectForm(
            people=view.people,
            initial={"version": placement.version, "held_on": view.today},
            auto_id=STOP_FORM_IDS,
        ),
        "second_form": forms.get("second_form") or SecondTeacherForm(),
    }
    return render(request, "placements/supervision.html", context, status=400 if forms else 200)


# The stop form shares field names with the conversation form on the same page; its own
# ids keep each label tied to its own field.
STOP_FORM_IDS = "stop_%s"


@require("supervision.view")
def page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, pk)


@require("supervision.record")
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view(request, pk)
    form = ConversationForm(request.POST, people=view.people, confidential=view.show_confidential)
    if form.is_valid():
        data = form.cleaned_data
        try:
            supervision.conversation_record(
                user=request.user,
                placement_id=pk,
                kind=data["kind"],
                held_on=data["held_on"],
                participants=list(data["participants"]),
                notes=data["notes"],
                confidential_notes=data.get("confidential_notes", ""),
                student_present=data["student_present"],
                request_id=data["request_id"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Het gesprek is vastgelegd.")
            return redirect("placements:supervision", pk=pk)
    return _render(request, pk, conversation_form=form)


@require("supervision.request")
@require_POST
def request_conversation(request: HttpRequest, pk: int) -> HttpResponse:
    _view(request, pk)
    form = RequestForm(request.POST)
    if form.is_valid():
        try:
            supervision.conversation_request(
                user=request.user,
                placement_id=pk,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Je aanvraag is naar je begeleiders gestuurd.")
            return redirect("placements:supervision", pk=pk)
    return _render(request, pk, request_form=form)


@require("supervision.record")
@require_POST
def signal(request: HttpRequest, pk: int) -> HttpResponse:
    _view(request, pk)
    form = SignalForm(request.POST)
    if form.is_valid():
        try:
            supervision.signal_raise(
                user=request.user,
                placement_id=pk,
                areas=form.cleaned_data["areas"],
                review_on=form.cleaned_data["review_on"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, "Signaal vastgelegd; de student heeft het per e-mail ontvangen."
            )
            return redirect("placements:supervision", pk=pk)
    return _render(request, pk, signal_form=form)


@require("placement.edit")
@require_POST
def stop_no_prospect(request: HttpRequest, pk: int) -> HttpResponse:
    view = _view(request, pk)
    form = StopNoProspectForm(request.POST, people=view.people, auto_id=STOP_FORM_IDS)
    if form.is_valid():
        data = form.cleaned_data
        try:
            supervision.stop_for_lack_of_prospect(
                user=request.user,
                placement_id=pk,
                version=data["version"],
                held_on=data["held_on"],
                participants=list(data["participants"]),
                notes=data["notes"],
                decided_by=data["decided_by"],
                decision=data["decision"],
            )
        except (Placement.DoesNotExist, PermissionDenied) as exc:
            raise Http404("Stage niet gevonden.") from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, "De stage is gestopt; het gesprek en het besluit zijn vastgelegd."
            )
            return redirect("placements:supervision", pk=pk)
    return _render(request, pk, stop_form=form)


@require("placement.edit")
@require_POST
def second_teacher(request: HttpRequest, pk: int) -> HttpResponse:
    _view(request, pk)
    form = SecondTeacherForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = supervision.second_teacher_add(user=request.user, placement_id=pk, **data)
        except (Placement.DoesNotExist, PermissionDenied) as exc:
            raise Http404("Stage niet gevonden.") from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} begeleidt een deel van de lessen.")
            return redirect("placements:supervision", pk=pk)
    return _render(request, pk, second_form=form)


@require("policy.view")
@require_http_methods(["GET", "HEAD"])
def agreements(request: HttpRequest) -> HttpResponse:
    """The year's supervision agreements, read only: per level for every institute, then per
    institute and special group, and when the conversations are due. They are changed in one
    place, the agreements page under the year's policy, with the decision a change follows."""
    from bos.permissions import get_scope

    year = get_scope(request.user).year
    if year is None:
        raise Http404("Geen schooljaar.")
    rows = supervision.all_agreements(year)
    return render(
        request,
        "placements/agreements.html",
        {
            "year": year,
            "rows": [(row, supervision.agreement_label(row)) for row in rows],
            "policy": supervision.policy_for(year),
            "may_edit": can(request.user, "policy.edit", year),
        },
    )
