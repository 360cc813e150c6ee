"""The SO's workspace: the placement list, a placement's page, registering, changing,
stopping and switching a placement, and the intake checklist."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bos import dataversion
from bos.fragments import kept_fragment
from bos.lists import list_page
from bos.permissions import can, get_scope, require
from bos.yearbound import YearClosed

from .. import selectors, services
from ..forms import (
    PlacementEditForm,
    PlacementRegisterForm,
    ReservationForm,
    StopForm,
    SwitchForm,
    VersionForm,
)
from ..lists import PlacementFilter, PlacementTable, UnplacedFilter, UnplacedTable
from ..models import ChecklistItem, Placement, PlacementPolicy, Student
from ._common import _apply_errors


def _get_or_404(request: HttpRequest, pk: int) -> Placement:
    try:
        return selectors.placement_get(user=request.user, pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc


@require("placement.view")
def placement_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=selectors.placement_list_annotated(user=request.user),
        filterset_class=PlacementFilter,
        table_class=PlacementTable,
        template="placements/placement_list.html",
        singular="stage",
        plural="stages",
        export_name=f"stages-{scope.year}",
        context={"year": scope.year, "may_edit": can(request.user, "placement.edit")},
    )


@require("placement.edit")
def unplaced_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    return list_page(
        request,
        queryset=selectors.unplaced_students(user=request.user),
        filterset_class=UnplacedFilter,
        table_class=UnplacedTable,
        template="placements/unplaced_list.html",
        singular="student",
        plural="studenten",
        export_name=f"studenten-zonder-stage-{scope.year}",
        context={"year": scope.year},
    )


@require("placement.view")
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _get_or_404(request, pk)
    return _render_detail(request, placement)


def _render_detail(request: HttpRequest, placement: Placement, **forms: Form) -> HttpResponse:
    scope = get_scope(request.user, placement.school_year)
    allowed = services.editable_location_ids(scope)
    may_edit = can(request.user, "placement.edit", placement.school_year) and (
        allowed is None or placement.location_id in allowed
    )
    checklist = selectors.checklist_for(placement)
    io_pair = (placement.student.institute_id, placement.location_id)
    for item in checklist:
        item.may_tick = may_edit or (item.responsible_role == "io" and io_pair in scope.io_pairs)
    initial = {"version": placement.version}
    context: dict[str, Any] = {
        "reopen_until": _reopen_until(placement) if may_edit else None,
        "placement": placement,
        "checklist": checklist,
        "may_edit": may_edit,
        "may_see_student": can(request.user, "student.view"),
        "switched_to": Placement.objects.filter(switched_from=placement)
        .select_related("location")
        .first(),
        "stop_form": forms.get("stop_form") or StopForm(initial=initial),
        "switch_form": forms.get("switch_form")
        or SwitchForm(
            initial=initial, year=placement.school_year, exclude_id=placement.location_id
        ),
        "registered_form": forms.get("registered_form") or VersionForm(initial=initial),
        "reservation_form": ReservationForm(label_suffix=""),
        "reservations": placement.student.reservations.select_related("location", "school_year"),
    }
    status = 400 if forms else 200
    return render(request, "placements/placement_detail.html", context, status=status)


def _student_initial(request: HttpRequest) -> dict[str, Any]:
    """A register's "Stage aanmelden" for a known student (`?student=<id>`) fills in their
    data; a student outside the user's scope, or no number, fills in nothing."""
    raw = request.GET.get("student", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return {}
    try:
        student = selectors.student_get(user=request.user, pk=int(raw))
    except Student.DoesNotExist:
        return {}
    fields = ("student_number", "first_name", "last_name", "email", "programme", "variant")
    return {"institute": student.institute_id, **{key: getattr(student, key) for key in fields}}


@require("placement.edit")
def placement_register(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = PlacementRegisterForm(
        request.POST or None, scope=scope, initial=_student_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused placement leaves no new student or mentor behind.
            with transaction.atomic():
                student = services.student_find_or_create(
                    user=request.user,
                    institute_id=data["institute"].pk,
                    student_number=data["student_number"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    programme=data["programme"],
                    variant=data["variant"],
                    location_id=data["location"].pk,
                )
                wpb = data["wpb"]
                if data["wpb_email"]:
                    wpb = services.wpb_find_or_create(
                        user=request.user,
                        location_id=data["location"].pk,
                        email=data["wpb_email"],
                        first_name=data["wpb_first_name"],
                        last_name=data["wpb_last_name"],
                        subjects=data["wpb_subjects"],
                        qualification_grade=data["wpb_qualification_grade"],
                        started_at_school=data["wpb_started_at_school"],
                        confirm_staff=data["wpb_confirm_staff"],
                    )
                result = services.placement_create(
                    user=request.user,
                    location_id=data["location"].pk,
                    student=student,
                    level=data["level"],
                    institute_label=data["institute_label"],
                    start_date=data["start_date"],
                    end_date=data["end_date"],
                    days_per_week=data["days_per_week"],
                    registered_on=data["registered_on"],
                    is_final=data["is_final"],
                    is_taster=data["is_taster"],
                    wpb=wpb,
                    io=data["io"],
                    four_eyes_exception=data["four_eyes_exception"],
                )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Stage van {student.full_name} vastgelegd.")
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("placements:detail", pk=result.placement.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "placements/placement_register.html", {"form": form}, status=status)


@require("placement.edit")
@require_POST
def placement_stop(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _get_or_404(request, pk)
    form = StopForm(request.POST)
    if form.is_valid() and request.POST.get("bevestigd") != "1":
        return _confirm_stop(request, placement, form)
    if form.is_valid():
        try:
            services.placement_stop(
                user=request.user,
                placement_id=pk,
                version=form.cleaned_data["version"],
                stopped_on=form.cleaned_data["stopped_on"],
                reason=form.cleaned_data["reason"],
            )
        except Placement.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                "De stage is gestopt. Was dit een vergissing? Op de stagepagina kun je de stop "
                "nog ongedaan maken.",
            )
            return redirect("placements:detail", pk=pk)
    return _render_detail(request, placement, stop_form=form)


def _reopen_until(placement: Placement) -> Any:
    deadline = services.reopen_deadline(placement)
    return deadline if deadline is not None and timezone.now() <= deadline else None


def _confirm_stop(request: HttpRequest, placement: Placement, form: StopForm) -> HttpResponse:
    policy = PlacementPolicy.for_year(placement.school_year)
    stopped_on = form.cleaned_data["stopped_on"]
    return render(
        request,
        "confirm.html",
        {
            "heading": f"Stage van {placement.student.full_name} stoppen?",
            "consequences": [
                f"De stage op {placement.location.name} stopt per {stopped_on:%d-%m-%Y}, "
                f"met als reden: {form.cleaned_data['reason']}.",
                "De stage telt vanaf dan niet meer mee als lopende stage; de openstaande "
                "checklistpunten vervallen niet, maar hoeven niet meer af.",
                "Het stoppen komt in de audittrail.",
            ],
            "undo_note": f"Per vergissing gestopt? Je kunt dit tot {policy.reopen_days} dagen "
            "na het vastleggen ongedaan maken.",
            "action": reverse("placements:stop", args=[placement.pk]),
            "hidden": [form[name] for name in ("version", "stopped_on", "reason")],
            "confirm_label": "Ja, stop deze stage",
            "cancel_url": reverse("placements:detail", args=[placement.pk]),
        },
    )


@require("placement.edit")
@require_POST
def placement_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    _get_or_404(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Het verzoek was onvolledig. Laad de pagina opnieuw.")
        return redirect("placements:detail", pk=pk)
    try:
        services.placement_reopen(
            user=request.user, placement_id=pk, version=form.cleaned_data["version"]
        )
    except Placement.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "De stop is ongedaan gemaakt: de stage loopt weer.")
    return redirect("placements:detail", pk=pk)


@require("placement.edit")
@require_POST
def placement_switch(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _get_or_404(request, pk)
    form = SwitchForm(request.POST, year=placement.school_year, exclude_id=placement.location_id)
    if form.is_valid():
        try:
            new = services.placement_record_switch(
                user=request.user,
                placement_id=pk,
                version=form.cleaned_data["version"],
                location_id=form.cleaned_data["location"].pk,
                switch_date=form.cleaned_data["switch_date"],
            )
        except Placement.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Overstap naar {new.location} vastgelegd.")
            return redirect("placements:detail", pk=pk)
    return _render_detail(request, placement, switch_form=form)


@require("placement.edit")
@require_POST
def placement_mark_registered(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _get_or_404(request, pk)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.placement_mark_registered(
                user=request.user, placement_id=pk, version=form.cleaned_data["version"]
            )
        except Placement.DoesNotExist as exc:
            raise Http404 from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Geregistreerd in het systeem van het instituut.")
            return redirect("placements:detail", pk=pk)
    return _render_detail(request, placement, registered_form=form)


@require("placement.checklist")
@require_POST
def checklist_tick(request: HttpRequest, item_pk: int) -> HttpResponse:
    try:
        item = services.checklist_item_set(
            user=request.user, item_id=item_pk, done=request.POST.get("done") == "1"
        )
    except (ChecklistItem.DoesNotExist, Placement.DoesNotExist) as exc:
        raise Http404("Onderdeel niet gevonden.") from exc
    except YearClosed as exc:
        messages.error(request, exc.messages[0])
        placement_id = ChecklistItem.objects.values_list("placement_id", flat=True).get(pk=item_pk)
        return redirect("placements:detail", pk=placement_id)
    state = "afgevinkt" if item.is_done else "weer open gezet"
    message = f"“{item.get_kind_display()}” {state}."
    if request.htmx:
        # htmx swaps just this row; without JavaScript the whole page reloads.
        item = selectors.checklist_item(item.pk)
        item.may_tick = True
        return render(
            request,
            "placements/_checklist_row.html",
            {"item": item, "just_changed": message},
        )
    messages.success(request, message)
    return redirect("placements:detail", pk=item.placement_id)


@require("placement.edit")
def dashboard(request: HttpRequest) -> HttpResponse:
    # Its counts read every open checklist item of the user's scope (a region: 70,000 rows,
    # some 100 ms); they are kept per user, year and day until the next write.
    # The page below its heading is kept as HTML the same way (bos.fragments).
    year = get_scope(request.user).year
    key = dataversion.reader_key("placements:dashboard", request.user, year, timezone.localdate())
    body = kept_fragment(
        request,
        "placements:dashboard",
        "placements/_dashboard_body.html",
        lambda: dataversion.kept_figures(key, lambda: selectors.dashboard(user=request.user)),
    )
    return render(request, "placements/dashboard.html", {"year": year, "body": body})


@require("placement.edit")
def placement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    placement = _get_or_404(request, pk)
    initial = {
        "version": placement.version,
        "level": placement.level,
        "institute_label": placement.institute_label,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "days_per_week": placement.days_per_week,
        "is_final": placement.is_final,
        "wpb": placement.wpb,
        "io": placement.io,
        "four_eyes_exception": placement.four_eyes_exception,
    }
    form = PlacementEditForm(
        request.POST or None,
        initial=initial,
        year=placement.school_year,
        location=placement.location,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.placement_update(
                user=request.user,
                placement_id=pk,
                version=data["version"],
                level=data["level"],
                institute_label=data["institute_label"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                days_per_week=data["days_per_week"],
                wpb=data["wpb"],
                io=data["io"],
                is_final=data["is_final"],
                four_eyes_exception=data["four_eyes_exception"],
            )
        except Placement.DoesNotExist as exc:
            raise Http404("Stage niet gevonden.") from exc
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De stage is bijgewerkt.")
            for warning in result.warnings:
                messages.warning(request, warning)
            return redirect("placements:detail", pk=pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "placements/placement_edit.html",
        {"form": form, "placement": placement},
        status=status,
    )
