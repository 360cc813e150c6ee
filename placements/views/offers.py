"""Places on offer, the projectleider's supply overview, early matching and a school's
agreement on its streefaantal."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos import dataversion
from bos.lists import blank_form_html, list_page
from bos.models import LocationYear, SchoolYear
from bos.permissions import can, get_scope, require

from .. import offers, selectors, services
from ..forms import OfferForm, ReservationForm, TargetAdjustmentForm
from ..lists import OfferFilter, OwnOfferTable
from ..matching import matching_years
from ..models import Placement, PlaceOffer, TargetAdjustment, TargetKind
from ._common import _apply_errors

OFFER_FORM_IDS = "aanbod_%s"


@require("placement.edit")
def offer_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    years = matching_years(scope)
    # The list's filters above the form have fields of the same names: the form's ids get
    # their own prefix so that each label points at its own field.
    form = OfferForm(request.POST or None, scope=scope, years=years, auto_id=OFFER_FORM_IDS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            offer = offers.offer_save(
                user=request.user,
                location_id=data["location"].pk,
                subject=data["subject"],
                level=data["level"],
                places=data["places"],
                first_year_reserved=data["first_year_reserved"],
                mentor=data["mentor"],
                year=data["year"] or scope.year,
                start_date=data["start_date"],
                end_date=data["end_date"],
                days=data["days"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"Aanbod voor {offer.subject} op {offer.location} opgeslagen."
            )
            return redirect("placements:offers")
    own = offers.own_offers(user=request.user, years=years)
    if request.method == "GET" and (editing := _offer_to_edit(request, own)):
        form = OfferForm(
            scope=scope,
            years=years,
            auto_id=OFFER_FORM_IDS,
            initial={
                "year": editing.school_year_id,
                "location": editing.location_id,
                "subject": editing.subject,
                "level": editing.level,
                "places": editing.places,
                "first_year_reserved": editing.first_year_reserved,
                "mentor": editing.mentor_id,
                "start_date": editing.start_date,
                "end_date": editing.end_date,
                "days": editing.days,
            },
        )
    response = list_page(
        request,
        queryset=own,
        filterset_class=OfferFilter,
        table_class=OwnOfferTable,
        template="placements/offers.html",
        singular="stageplaats",
        plural="stageplaatsen",
        export_name="aanbod-stageplaatsen",
        context={
            "form": form,
            "form_html": blank_form_html(form),
            "year": scope.year,
            "years": years,
        },
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def _offer_to_edit(request: HttpRequest, own: QuerySet[PlaceOffer]) -> PlaceOffer | None:
    """The offer named by ?wijzig=, if it is one of the user's own (else nothing)."""
    raw = request.GET.get("wijzig", "")
    return own.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 12 else None


@require("placement.supply")
def supply(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    # The region's places against its placements: the same for every reader, kept per data
    # version and year (it counts the year's 25,000 placements per subject and level).
    rows = dataversion.kept_figures(
        dataversion.reader_key("placements:supply", None, year),
        lambda: offers.supply_vs_placed(year=year),
    )
    return render(
        request,
        "placements/supply.html",
        {
            "rows": rows,
            "short": [row for row in rows if row.shortage],
            "year": year,
            "total_places": sum(row.places for row in rows),
            "total_reserved": sum(row.first_year_reserved for row in rows),
            "total_placed": sum(row.placed for row in rows),
        },
    )


@require("placement.edit")
@require_POST
def reserve(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        selectors.placement_get(user=request.user, pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc
    form = ReservationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een stageniveau voor volgend jaar.")
        return redirect("placements:detail", pk=pk)
    try:
        reservation = offers.reservation_create(
            user=request.user, placement_id=pk, level=form.cleaned_data["level"]
        )
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"Plaats gereserveerd op {reservation.location} in {reservation.school_year}."
        )
    return redirect("placements:detail", pk=pk)


@require("policy.edit")
def target_adjustment(request: HttpRequest, year: str, location: int) -> HttpResponse:
    """A school's adjusted target or growth step for a year, beside its streefaantal."""
    school_year = get_object_or_404(SchoolYear, name=year)
    member = (
        LocationYear.objects.filter(school_year=school_year, location_id=location, is_member=True)
        .select_related("location")
        .first()
    )
    if member is None:
        raise Http404("Deze school hoort in dit schooljaar niet bij de opleidingsschool.")
    if not can(request.user, "policy.edit", school_year):
        raise PermissionDenied
    current = TargetAdjustment.objects.filter(school_year=school_year, location_id=location).first()
    form = TargetAdjustmentForm(
        request.POST or None,
        initial={"kind": current.kind, "target": current.target, "reason": current.reason}
        if current
        else {"kind": TargetKind.ADJUSTED},
    )
    back = f"{reverse('facilitation:targets')}?jaar={school_year.name}"
    if request.method == "POST":
        try:
            if "verwijderen" in request.POST:
                services.target_adjustment_delete(
                    user=request.user, year=school_year, location_id=location
                )
                messages.success(
                    request,
                    f"Afspraak van {member.location.name} verwijderd: het streefaantal geldt.",
                )
                return redirect(back)
            if form.is_valid():
                services.target_adjustment_save(
                    user=request.user,
                    year=school_year,
                    location_id=location,
                    kind=form.cleaned_data["kind"],
                    target=form.cleaned_data["target"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(
                    request,
                    f"Afspraak over het streefaantal van {member.location.name} opgeslagen.",
                )
                return redirect(back)
        except ValidationError as error:
            _apply_errors(form, error)
    response = render(
        request,
        "placements/target_adjustment.html",
        {
            "form": form,
            "school": member.location,
            "school_year": school_year,
            "pupils": member.pupils,
            "streefaantal": selectors.streefaantal_of(school_year, member.pupils),
            "current": current,
            "back": back,
        },
    )
    if request.method == "POST":
        response.status_code = 400
    return response
