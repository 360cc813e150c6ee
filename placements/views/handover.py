"""The warm handover: the new placement's SO asks the previous school's SO for the last
assessment; that SO answers on a page of their own (the new placement is not theirs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from bos.permissions import require

from .. import documents, handover
from ..forms.portfolio import HandoverAnswerForm, HandoverRequestForm
from ..models import HandoverRequest, Placement
from ._common import _apply_errors


@require("placement.edit")
def page(request: HttpRequest, pk: int) -> HttpResponse:
    """The new placement's handover: the previous school, the requests and their answers;
    its SO asks (POST)."""
    try:
        placement, role, requests = handover.handover_page(user=request.user, placement_id=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc
    form = HandoverRequestForm(request.POST or None)
    if request.method == "POST":
        if role != "so":
            raise PermissionDenied
        if form.is_valid():
            try:
                handover.handover_request(
                    user=request.user, placement_id=pk, message=form.cleaned_data["message"]
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, "Je verzoek is naar de vorige schoolopleider gestuurd.")
                return redirect("placements:handover", pk=pk)
    found, previous = handover.previous_of(placement)
    previous_so = handover.previous_so_of(previous, placement.school_year_id) if previous else None
    requests = list(requests)
    return render(
        request,
        "placements/handover.html",
        {
            "placement": placement,
            "found": found,
            "previous": previous,
            "previous_so": previous_so,
            "requests": requests,
            "may_ask": role == "so"
            and found.handover_possible
            and not any(not r.is_answered for r in requests),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require("placement.edit")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The previous SO reads the request and answers it."""
    try:
        item = handover.handover_get(user=request.user, pk=pk)
    except HandoverRequest.DoesNotExist as exc:
        raise Http404("Verzoek niet gevonden.") from exc
    form = HandoverAnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            handover.handover_answer(
                user=request.user,
                request_id=pk,
                answer=form.cleaned_data["answer"],
                upload=form.cleaned_data.get("document"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Je antwoord is bij de nieuwe stage bewaard.")
            return redirect("placements:handover_answer", pk=pk)
    return render(
        request,
        "placements/handover_answer.html",
        {"item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require("placement.edit")
def document(request: HttpRequest, pk: int) -> FileResponse:
    try:
        item = handover.document_of(user=request.user, pk=pk)
    except HandoverRequest.DoesNotExist as exc:
        raise Http404("Bestand niet gevonden.") from exc
    path = documents.path_of(item.stored_name)
    if not path.exists():
        raise Http404("Bestand niet gevonden.")
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=item.file_name or f"beoordeling{path.suffix}",
        content_type=item.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
