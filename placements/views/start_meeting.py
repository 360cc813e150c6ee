"""The central start meeting: the SO plans it (its invitees follow from the school's
placements) and records who came."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from bos.permissions import get_scope, require

from .. import start_meeting
from ..forms.portfolio import StartMeetingForm
from ..models import StartMeeting
from ._common import _apply_errors


@require("placement.edit")
def meetings(request: HttpRequest) -> HttpResponse:
    """The year's start meetings at the user's schools; plan one (POST)."""
    scope = get_scope(request.user)
    if scope.year is None:
        raise Http404("Geen schooljaar.")
    form = StartMeetingForm(
        request.POST or None, locations=start_meeting.so_locations(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = start_meeting.meeting_plan(
                user=request.user,
                year=scope.year,
                location_id=data["location"].pk,
                starts_at=timezone.make_aware(
                    dt.datetime.combine(data["starts_at_date"], data["starts_at_time"])
                ),
                place=data["place"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, "Startbijeenkomst gepland; studenten, WPB's en directie zijn genodigd."
            )
            return redirect("placements:start_meeting", pk=meeting.pk)
    return render(
        request,
        "placements/start_meetings.html",
        {
            "year": scope.year,
            "meetings": start_meeting.meetings_for(user=request.user),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@require("placement.edit")
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """One start meeting with its invitees; the SO records who came (POST)."""
    try:
        item = start_meeting.meeting_get(user=request.user, pk=pk)
    except StartMeeting.DoesNotExist as exc:
        raise Http404("Startbijeenkomst niet gevonden.") from exc
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("aanwezig") if v.isdigit()}
        try:
            start_meeting.attendance_record(user=request.user, meeting_id=pk, present=present)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Aanwezigheid opgeslagen.")
        return redirect("placements:start_meeting", pk=pk)
    invitees = list(item.invitees.select_related("student", "person"))
    return render(
        request,
        "placements/start_meeting.html",
        {
            "meeting": item,
            "invitees": invitees,
            "present": sum(1 for i in invitees if i.attended),
        },
    )
