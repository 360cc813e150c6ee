"""Matching pages: places on offer for the institute, proposals, the student's application,
the SO's meeting and decision, and offer against demand for every year."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from bos.lists import list_page
from bos.models import Role
from bos.permissions import can, get_scope, require

from .. import documents, matching, selectors, services
from ..forms import AcceptForm, ApplyForm, DeclineForm, MeetingForm, ProposeForm
from ..lists import OfferFilter, OfferTable, ProposalFilter, ProposalTable
from ..models import ApplicationDocument, Placement, PlaceOffer, Proposal, ProposalSource
from ._common import _apply_errors


def _get(request: HttpRequest, pk: int) -> Proposal:
    try:
        return matching.proposal_get(user=request.user, pk=pk)
    except Proposal.DoesNotExist as exc:
        raise Http404("Voordracht niet gevonden.") from exc


def _may_decide(request: HttpRequest, proposal: Proposal) -> bool:
    if not can(request.user, "placement.edit"):
        return False
    allowed = services.editable_location_ids(get_scope(request.user))
    return allowed is None or proposal.location_id in allowed


@require("matching.view")
def overview(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    my_placements = (
        list(
            Placement.objects.filter(student_id=scope.student_id)
            .select_related("location", "school_year")
            .order_by("-start_date")
        )
        if scope.student_id
        else []
    )
    return list_page(
        request,
        queryset=selectors.proposals_for(user=request.user),
        filterset_class=ProposalFilter,
        table_class=ProposalTable,
        template="placements/matching.html",
        singular="voordracht",
        plural="voordrachten",
        export_name="voordrachten",
        context={
            "years": matching.matching_years(scope),
            "may_propose": can(request.user, "matching.propose"),
            "may_see_agreements": can(request.user, "policy.view"),
            "is_student": scope.student_id is not None and not scope.has(Role.SO, Role.IO),
            "my_placements": my_placements,
        },
    )


@require("matching.propose")
def offers_open(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=matching.open_offers(user=request.user),
        filterset_class=OfferFilter,
        table_class=OfferTable,
        template="placements/offers_open.html",
        singular="stageplaats",
        plural="stageplaatsen",
        export_name="stageplaatsen",
        context={"years": matching.matching_years(scope)},
    )


@require("matching.propose")
def propose(request: HttpRequest, offer_pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    offer = (
        PlaceOffer.objects.select_related("location", "school_year", "mentor")
        .filter(pk=offer_pk, school_year__in=matching.matching_years(scope))
        .first()
    )
    if offer is None:
        raise Http404("Stageplaats niet gevonden.")
    form = ProposeForm(request.POST or None, institute_ids=matching._proposer_institute_ids(scope))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                student = data["student"] or matching.student_for_proposal(
                    user=request.user,
                    institute_id=data["institute"].pk,
                    student_number=data["student_number"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    programme=data["programme"],
                    variant=data["variant"],
                )
                proposal = matching.proposal_create(
                    user=request.user, offer_id=offer.pk, student=student, note=data["note"]
                )
        except PlaceOffer.DoesNotExist as exc:
            raise Http404("Stageplaats niet gevonden.") from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"{student.full_name} is voorgedragen voor {offer.subject} op {offer.location}.",
            )
            return redirect("placements:proposal", pk=proposal.pk)
    return render(
        request,
        "placements/propose.html",
        {"offer": offer, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _render_proposal(request: HttpRequest, proposal: Proposal, **forms: Form) -> HttpResponse:
    scope = get_scope(request.user)
    may_decide = _may_decide(request, proposal)
    is_own = scope.student_id is not None and proposal.student_id == scope.student_id
    offer = proposal.offer
    accept_initial: dict[str, Any] = {
        "start_date": offer.start_date if offer else None,
        "end_date": offer.end_date if offer else None,
        # The offer's mentor, if still a WPB of the location (the field looks it up there).
        "wpb": offer.mentor_id if offer else None,
    }
    context = {
        "proposal": proposal,
        "documents": list(proposal.documents.order_by("kind", "-uploaded_at")),
        "is_own": is_own,
        "may_decide": may_decide,
        "apply_form": forms.get("apply_form") or ApplyForm(),
        "meeting_form": forms.get("meeting_form") or MeetingForm(),
        "accept_form": forms.get("accept_form")
        or AcceptForm(
            initial=accept_initial, year=proposal.school_year, location=proposal.location
        ),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "needs_application": proposal.source == ProposalSource.INSTITUTE,
    }
    return render(request, "placements/proposal.html", context, status=400 if forms else 200)


@require("matching.view")
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_proposal(request, _get(request, pk))


@require("matching.apply")
@require_POST
def proposal_apply(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get(request, pk)
    form = ApplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            matching.proposal_apply(
                user=request.user,
                proposal_id=pk,
                letter=form.cleaned_data["letter"],
                cv=form.cleaned_data["cv"],
            )
        except Proposal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Je sollicitatie is verstuurd naar de schoolopleider.")
            return redirect("placements:proposal", pk=pk)
    return _render_proposal(request, proposal, apply_form=form)


@require("placement.edit")
@require_POST
def proposal_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get(request, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            matching.proposal_plan_meeting(
                user=request.user,
                proposal_id=pk,
                meeting_at=form.cleaned_data["meeting_at"],
                place=form.cleaned_data["place"],
            )
        except Proposal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Kennismaking gepland; de student krijgt een uitnodiging.")
            return redirect("placements:proposal", pk=pk)
    return _render_proposal(request, proposal, meeting_form=form)


@require("placement.edit")
@require_POST
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get(request, pk)
    form = AcceptForm(request.POST, year=proposal.school_year, location=proposal.location)
    if form.is_valid():
        data = form.cleaned_data
        try:
            result = matching.proposal_accept(
                user=request.user,
                proposal_id=pk,
                start_date=data["start_date"],
                end_date=data["end_date"],
                days_per_week=data["days_per_week"],
                wpb=data["wpb"],
                institute_label=data["institute_label"],
                is_final=data["is_final"],
                override_first_year=data["override_first_year"],
            )
        except Proposal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
            if matching.OVERRIDE_FIRST_YEAR in form.errors:
                form.ask_override()
        else:
            messages.success(
                request,
                f"Geaccepteerd: de stage van {proposal.student.full_name} is aangemaakt, met "
                "de intakechecklist.",
            )
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("placements:proposal", pk=pk)
    return _render_proposal(request, proposal, accept_form=form)


@require("placement.edit")
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _get(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            matching.proposal_decline(
                user=request.user, proposal_id=pk, reason=form.cleaned_data["reason"]
            )
        except Proposal.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Afgewezen; de student krijgt de reden per e-mail.")
            return redirect("placements:proposal", pk=pk)
    return _render_proposal(request, proposal, decline_form=form)


@never_cache
@require("matching.view")
def document_download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    proposal = _get(request, pk)
    document = ApplicationDocument.objects.filter(proposal=proposal, pk=document_pk).first()
    if document is None:
        raise Http404("Document niet gevonden.")
    path = documents.path_of(document.stored_name)
    if not path.exists():
        raise Http404("Document niet gevonden.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=f"{document.kind}-{proposal.student.last_name.lower()}{path.suffix}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require("placement.supply")
def demand(request: HttpRequest) -> HttpResponse:
    rows = matching.offer_vs_demand()
    years: dict[Any, list[matching.DemandRow]] = {}
    for row in rows:
        years.setdefault(row.year, []).append(row)
    return render(request, "placements/demand.html", {"years": list(years.items())})
