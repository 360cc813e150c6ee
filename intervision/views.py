"""Pages of intervision at school. Views stay thin: selectors read within the scope,
services write and check the scope again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.views.decorators.http import require_http_methods, require_POST

from bos import dataversion, events
from bos.forms import apply_service_errors
from bos.fragments import kept_fragment
from bos.lists import page_asked, pager_query, paginate
from bos.models import Role
from bos.permissions import Scope, can, get_scope, require
from bos.search_choice import suggestions
from placements.excel import xlsx_response
from placements.models import OPEN_STATUSES, Placement

from . import overview_rows, report, selectors, services
from .forms import (
    GROUP_SEARCH,
    AttendanceForm,
    GroupForm,
    MeetingForm,
    MemberAddForm,
    MemberMoveForm,
    MethodForm,
    OnlineGroupForm,
    PlaceForm,
    ReflectionForm,
    SuggestionForm,
    ThemeEditForm,
    ThemeForm,
    place_choices,
)
from .models import (
    IntervisionGroup,
    IntervisionPolicy,
    IntervisionTheme,
    Meeting,
    Membership,
    Reflection,
    ThemePhase,
)

# A service's name for what a form asks in its own field.
FIELD_ALIASES = {"starts_at": "date"}


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error, aliases=FIELD_ALIASES)


def _group_or_404(request: HttpRequest, pk: int) -> IntervisionGroup:
    try:
        return selectors.group_get(user=request.user, pk=pk)
    except IntervisionGroup.DoesNotExist as exc:
        raise Http404("Groep niet gevonden.") from exc


def _meeting_or_404(request: HttpRequest, pk: int) -> Meeting:
    try:
        return selectors.meeting_get(user=request.user, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404("Bijeenkomst niet gevonden.") from exc


# The overview's lists, each paged on its own: a parameter per list keeps the others' page.
OVERVIEW_PAGES = {
    "attention": "opvolgen",
    "needs_group": "zonder_groep",
    "groups": "groepen",
    "figures": "scholen",
    "evaluations": "evalueren",
}


def _kept_rows(
    request: HttpRequest,
    context: dict[str, Any],
    name: str,
    items: QuerySet,
    render_rows: Callable[[list[Any]], list[SafeString]],
    *parts: object,
) -> None:
    """A page of `items` under `name` in the context as rows of HTML (`render_rows`), kept
    with the count per data version, user, year, page asked and `parts` (the day, for a
    list judged on the date): a visit reads neither the rows nor their figures again."""
    param = OVERVIEW_PAGES[name]
    asked = request.GET.get(param)

    def compute() -> tuple[int, int, list[SafeString]]:
        page = paginate(items, asked)
        return page.paginator.count, page.number, render_rows(list(page.object_list))

    key = dataversion.reader_key(
        f"intervision:{name}:rows",
        request.user,
        get_scope(request.user).year,
        *parts,
        page_asked(asked),
    )
    count, number, rows = dataversion.kept_figures(key, compute)
    _paged(request, context, name, range(count), number=number)
    context[name] = rows


def _paged(
    request: HttpRequest,
    context: dict[str, Any],
    name: str,
    items: Any,
    *,
    kept: bool = False,
    number: int | None = None,
) -> Page:
    """Page `items` under `name` in the context, with the pager's parameter and query.
    `kept`: `items` is a function whose list is kept per data version for this user, year
    and day (a list that judges every student of the school to show fifty)."""
    param = OVERVIEW_PAGES[name]
    if kept:
        year = get_scope(request.user).year
        key = dataversion.reader_key(
            f"intervision:{name}", request.user, year, timezone.localdate()
        )
        # A list computed in Python (`items` is its function): computed only when not kept.
        page = paginate(dataversion.kept_figures(key, items), request.GET.get(param))
    else:
        page = paginate(items, number or request.GET.get(param))
    context[f"{name}_param"] = param
    context[f"{name}_query"] = pager_query(request, param)
    context[f"{name}_page"] = page
    return page


@require("intervision.view")
def overview(request: HttpRequest) -> HttpResponse:
    """The SO's and IO's intervision start: whom to follow up, and (SO) groups and students
    without a group. The projectleider sees the figures per school only. Each list shows a
    page at a time, so the largest school's page is as large as a small one's."""
    scope = get_scope(request.user)
    # Everything below the heading as HTML, per reader, day and query (the pages of its
    # lists), until the next write: a visit does not judge and print the lists again.
    body = kept_fragment(
        request,
        "intervision:overview",
        "intervision/_overview_body.html",
        lambda: _overview_context(request, scope),
    )
    return render(request, "intervision/overview.html", {"year": scope.year, "body": body})


def _overview_context(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    """The overview's lists, each a page at a time (the place forms carry the stand-in token
    of a kept part, see bos.fragments)."""
    context: dict[str, Any] = {"year": scope.year, "scope": scope}
    if scope.year is not None:
        policy = IntervisionPolicy.for_year(scope.year)
        context["policy"] = policy
        if scope.has(Role.SO, Role.IO):
            # Chosen and counted in the database; only the page's students are judged, and
            # the page's rows are kept as HTML per data version, user, year, day and page:
            # judging reads each student's meetings and attendance.
            link_groups = Role.SO in scope.roles
            _kept_rows(
                request,
                context,
                "attention",
                selectors.attention_placements(user=request.user),
                lambda placements: overview_rows.attention_rows(
                    selectors.attention_rows(placements), link_groups=link_groups
                ),
                timezone.localdate(),
            )
        if scope.has(Role.SO):
            # A page of groups with their counts, kept as HTML per data version, user, year
            # and page.
            _kept_rows(
                request,
                context,
                "groups",
                selectors.group_list(user=request.user),
                overview_rows.group_rows,
            )
            needs = _paged(
                request,
                context,
                "needs_group",
                lambda: selectors.needs_group(user=request.user),
                kept=True,
            )
            context["needs_group"] = needs.object_list
            # The place forms only for the students on the page, with the groups read once:
            # a select of a few, or a search field when the SO has many.
            targets = selectors.place_targets(user=request.user)
            listed = place_choices(targets)
            for item in needs.object_list:
                if item.reason == "no_group" and listed != []:
                    item.form = PlaceForm(
                        groups=targets,
                        listed=listed,
                        prefix=f"p{item.placement.pk}",
                        initial={"placement": item.placement.pk},
                    )
        if scope.sees_everything:
            # A page of schools, each counted; the total counted in the database. The same
            # for everyone who sees the partnership: kept per data version, year and page.
            year = scope.year
            asked = request.GET.get(OVERVIEW_PAGES["figures"])

            def figures() -> tuple[int, int, list[Any], Any]:
                schools = paginate(report.reported_locations(year), asked)
                rows = report.school_rows(year, [school.pk for school in schools])["rows"]
                total = report.school_total(year)
                return schools.paginator.count, schools.number, rows, total

            count, number, rows, total = dataversion.kept_figures(
                f"intervision:figures:{year.pk}:{page_asked(asked)}", figures
            )
            _paged(request, context, "figures", range(count), number=number)
            context["figures"] = {"rows": rows, "total": total}
        if not scope.year.is_closed and can(request.user, "survey.manage", scope.year):
            # Each group's evaluation: a survey linked to it asks its members and leaders.
            page = _paged(request, context, "evaluations", selectors.year_groups(scope.year))
            for group in page.object_list:
                group.evaluation_url = events.survey_link(group, "evaluatie_intervisie")
            context["evaluations"] = page.object_list
    return context


@require("intervision.manage")
def suggest(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    suggested = selectors.suggestion(user=request.user)
    form = SuggestionForm(
        request.POST if request.method == "POST" else None,
        count=len(suggested),
        initial={"chosen": list(range(len(suggested)))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.groups_from_suggestion(
                user=request.user, indexes=form.cleaned_data["chosen"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{len(created)} groep(en) aangemaakt.")
            return redirect("intervision:overview")
    params = selectors.group_params(scope.year)
    posted = set(request.POST.getlist("chosen"))
    for index, item in enumerate(suggested):
        item["index"] = index
        item["checked"] = request.method != "POST" or str(index) in posted
    return render(
        request,
        "intervision/suggest.html",
        {
            "year": scope.year,
            "suggested": suggested,
            "form": form,
            "params": params,
            "groups_exist": selectors.group_list(user=request.user).exists(),
        },
        status=400 if form.errors else 200,
    )


@require("intervision.manage")
def group_new(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    form = GroupForm(
        request.POST if request.method == "POST" else None,
        location_ids=selectors.managed_location_ids(scope),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = services.group_create(
                user=request.user,
                name=data["name"],
                band=data["band"],
                location_ids=[loc.pk for loc in data["locations"]],
                is_online=data["is_online"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Groep {group.name} aangemaakt.")
            return redirect("intervision:group", pk=group.pk)
    return render(
        request,
        "intervision/group_form.html",
        {"form": form, "year": scope.year},
        status=400 if form.errors else 200,
    )


@require("intervision.online_groups")
def online_group_new(request: HttpRequest) -> HttpResponse:
    """The projectleider makes an online group for several schools."""
    scope = get_scope(request.user)
    form = OnlineGroupForm(
        request.POST if request.method == "POST" else None,
        location_ids=services.online_group_locations(scope.year),
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = services.online_group_create(
                user=request.user,
                name=form.cleaned_data["name"],
                location_ids=[loc.pk for loc in form.cleaned_data["locations"]],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Online groep {group.name} aangemaakt; de schoolopleiders van de gekozen "
                "scholen plannen de bijeenkomsten en plaatsen hun studenten.",
            )
            return redirect("intervision:overview")
    return render(
        request,
        "intervision/online_group_form.html",
        {"form": form, "year": scope.year},
        status=400 if form.errors else 200,
    )


def _addable(request: HttpRequest, group: IntervisionGroup) -> Any:
    scope = get_scope(request.user, group.school_year)
    in_group = Membership.objects.filter(left_on__isnull=True).values("placement_id")
    return (
        Placement.objects.filter(
            school_year=group.school_year,
            location_id__in=selectors.managed_location_ids(scope),
            status__in=OPEN_STATUSES,
        )
        .exclude(pk__in=in_group)
        .select_related("student", "location")
        .order_by("student__last_name", "student__first_name")
    )


@require("intervision.manage")
@require_POST
def place(request: HttpRequest) -> HttpResponse:
    """From the overview: a student without a group joins a group."""
    prefix = next(
        (key[: -len("-placement")] for key in request.POST if key.endswith("-placement")), None
    )
    targets = selectors.place_targets(user=request.user)
    form = PlaceForm(request.POST, groups=targets, listed=place_choices(targets), prefix=prefix)
    if prefix is None or not form.is_valid():
        # A search field says what it did not find; a select only that none was chosen.
        errors = [] if prefix is None else form.errors.get("group", [])
        typed = prefix is not None and str(request.POST.get(f"{prefix}-group", "")).strip()
        messages.error(
            request,
            " ".join(errors) if typed and errors else "Kies de groep waar de student in komt.",
        )
        return redirect("intervision:overview")
    try:
        membership = services.member_add(
            user=request.user,
            group_id=form.cleaned_data["group"],
            placement_id=form.cleaned_data["placement"],
        )
    except IntervisionGroup.DoesNotExist as exc:
        raise Http404("Groep niet gevonden.") from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{membership.placement.student.full_name} zit nu in {membership.group.name}.",
        )
    return redirect("intervision:overview")


@require("intervision.manage")
def group_search(request: HttpRequest) -> HttpResponse:
    """At most a few of the groups a student may be placed in whose name fits what was
    typed: the overview's place forms, for an SO with many groups. Group names only."""
    return suggestions(
        request, queryset=selectors.place_targets(user=request.user), spec=GROUP_SEARCH
    )


def _move_targets(request: HttpRequest, group: IntervisionGroup) -> Any:
    own = selectors.group_list(user=request.user, year=group.school_year).exclude(pk=group.pk)
    online = selectors.online_groups(user=request.user, year=group.school_year)
    return IntervisionGroup.objects.filter(
        pk__in=[g.pk for g in own] + [g.pk for g in online]
    ).order_by("name")


# How many students the group page's add form offers at once.
ADD_CHOICES = 50


@require("intervision.manage")
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    members = selectors.members_of(group)
    targets = _move_targets(request, group)
    for membership in members:
        membership.move_form = MemberMoveForm(groups=targets, prefix=f"m{membership.pk}")
    # The add form offers at most ADD_CHOICES students, found by name: the largest school's
    # students without a group are not all listed on the page. Adding (a POST) still
    # accepts any of them.
    search = request.GET.get("zoek", "").strip()[:100]
    addable = _addable(request, group)
    for word in search.split()[:5]:
        addable = addable.filter(
            Q(student__first_name__icontains=word) | Q(student__last_name__icontains=word)
        )
    shown = list(addable[: ADD_CHOICES + 1])
    add_form = MemberAddForm(placements=addable.filter(pk__in=[p.pk for p in shown[:ADD_CHOICES]]))
    return render(
        request,
        "intervision/group_detail.html",
        {
            "group": group,
            "locations": list(group.locations.all()),
            "members": members,
            "meetings": selectors.meetings_of(group),
            "add_form": add_form,
            "addable": bool(shown),
            "more_addable": len(shown) > ADD_CHOICES,
            "search": search,
            "add_choices": ADD_CHOICES,
            "today": timezone.localdate(),
            "may_delete": not group.meetings.filter(attendance_recorded_at__isnull=False).exists(),
            "evaluation_url": events.evaluation_url(request.user, group, "evaluatie_intervisie"),
        },
    )


@require("intervision.manage")
@require_POST
def group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    try:
        name = services.group_delete(user=request.user, group_id=group.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intervision:group", pk=group.pk)
    messages.success(request, f"Groep {name} verwijderd; de studenten staan weer zonder groep.")
    return redirect("intervision:overview")


@require("intervision.manage")
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    form = MemberAddForm(request.POST, placements=_addable(request, group))
    if form.is_valid():
        try:
            services.member_add(
                user=request.user, group_id=group.pk, placement_id=form.cleaned_data["placement"].pk
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{form.cleaned_data['placement'].student.full_name} toegevoegd."
            )
    else:
        messages.error(request, "Kies een student om toe te voegen.")
    return redirect("intervision:group", pk=group.pk)


def _membership_or_404(request: HttpRequest, pk: int) -> Membership:
    membership = (
        Membership.objects.select_related("group__school_year", "placement__student")
        .filter(pk=pk, left_on__isnull=True)
        .first()
    )
    if membership is None:
        raise Http404("Groepslid niet gevonden.")
    scope = get_scope(request.user, membership.group.school_year)
    if membership.placement.location_id not in selectors.managed_location_ids(scope):
        raise Http404("Groepslid niet gevonden.")
    return membership


@require("intervision.manage")
@require_POST
def member_move(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    form = MemberMoveForm(
        request.POST, groups=_move_targets(request, membership.group), prefix=f"m{pk}"
    )
    if form.is_valid():
        try:
            services.member_move(
                user=request.user, membership_id=pk, group_id=form.cleaned_data["group"].pk
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"{membership.placement.student.full_name} verplaatst naar "
                f"{form.cleaned_data['group'].name}.",
            )
    else:
        messages.error(request, "Kies de groep waar de student naartoe gaat.")
    return redirect("intervision:group", pk=membership.group_id)


@require("intervision.manage")
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership_or_404(request, pk)
    services.member_remove(user=request.user, membership_id=pk)
    messages.success(request, f"{membership.placement.student.full_name} uit de groep gehaald.")
    target = request.POST.get("next")
    if target == "overview":
        return redirect("intervision:overview")
    return redirect("intervision:group", pk=membership.group_id)


def _meeting_form(request: HttpRequest, group: IntervisionGroup, **kwargs: Any) -> MeetingForm:
    services.ensure_methods(group.school_year)
    return MeetingForm(
        request.POST if request.method == "POST" else None,
        year=group.school_year,
        choices=selectors.leader_choices(group),
        **kwargs,
    )


def _save_meeting(
    request: HttpRequest, group: IntervisionGroup, form: MeetingForm, meeting_id: int | None
) -> Meeting | None:
    data = form.cleaned_data
    try:
        return services.meeting_plan(
            user=request.user,
            group_id=group.pk,
            starts_at=form.starts_at(),
            place=data["place"],
            online_link=data["online_link"],
            leader_kind=data["leader_kind"],
            leader_id=data["leader"].pk if data["leader"] else None,
            leader_student_id=data["leader_student"].pk if data["leader_student"] else None,
            backup_id=data["backup"].pk if data["backup"] else None,
            method_ids=[m.pk for m in data["methods"]],
            theme_id=data["theme"],
            meeting_id=meeting_id,
        )
    except ValidationError as error:
        _apply_errors(form, error)
        return None


@require("intervision.manage")
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    scope = get_scope(request.user, group.school_year)
    form = _meeting_form(
        request,
        group,
        initial={"leader_kind": "so", "leader": scope.person_id, "time": "15:30"},
    )
    if request.method == "POST" and form.is_valid():
        meeting = _save_meeting(request, group, form, None)
        if meeting is not None:
            messages.success(request, "Bijeenkomst gepland.")
            return redirect("intervision:meeting", pk=meeting.pk)
    return render(
        request,
        "intervision/meeting_form.html",
        {"group": group, "form": form, "meeting": None},
        status=400 if form.errors else 200,
    )


@require("intervision.view")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not can(request.user, "intervision.manage", meeting.group.school_year):
        raise Http404("Bijeenkomst niet gevonden.")
    group = _group_or_404(request, meeting.group_id)
    local = timezone.localtime(meeting.starts_at)
    form = _meeting_form(
        request,
        group,
        initial={
            "date": local.date(),
            "time": local.time(),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "leader_kind": meeting.leader_kind,
            "leader": meeting.leader_id,
            "leader_student": meeting.leader_student_id,
            "backup": meeting.backup_id,
            "methods": [m.pk for m in meeting.methods.all()],
            "theme": meeting.theme_id,
        },
    )
    saved = request.method == "POST" and form.is_valid()
    if saved and _save_meeting(request, group, form, meeting.pk) is not None:
        messages.success(request, "Bijeenkomst gewijzigd.")
        return redirect("intervision:meeting", pk=meeting.pk)
    return render(
        request,
        "intervision/meeting_form.html",
        {"group": group, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@require("intervision.attendance")
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting and its attendance list, made to be filled in on a phone in the room."""
    meeting = _meeting_or_404(request, pk)
    day = timezone.localdate(meeting.starts_at)
    members = selectors.members_on(meeting.group, day)
    current = {a.placement_id: a.status for a in meeting.attendance.all()}
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, members=members, initial_status=current
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                user=request.user, meeting_id=meeting.pk, statuses=form.statuses()
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Aanwezigheid opgeslagen.")
            return redirect("intervision:meeting", pk=meeting.pk)
    return render(
        request,
        "intervision/meeting_detail.html",
        {
            "meeting": meeting,
            "methods": list(meeting.methods.all()),
            "form": form,
            "rows": members,
            "may_edit": can(request.user, "intervision.manage", meeting.group.school_year)
            and _manages(request, meeting.group),
            "in_future": day > timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _manages(request: HttpRequest, group: IntervisionGroup) -> bool:
    try:
        selectors.group_get(user=request.user, pk=group.pk)
    except IntervisionGroup.DoesNotExist:
        return False
    return True


@require("intervision.manage")
def group_excel(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group_or_404(request, pk)
    headers, rows = report.attendance_sheet(group)
    filename = f"intervisie-aanwezigheid-{group.pk}.xlsx"
    return xlsx_response(filename, "Aanwezigheid", headers, rows)


@require("intervision.methods")
def methods(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    services.ensure_methods(scope.year)
    form = MethodForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            method = services.method_add(
                user=request.user, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"]
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"'{method.name}' toegevoegd aan de lijst van {scope.year}.")
            return redirect("intervision:methods")
    return render(
        request,
        "intervision/methods.html",
        {"year": scope.year, "methods": selectors.methods_for(scope.year), "form": form},
        status=400 if form.errors else 200,
    )


@require("intervision.policy")
def themes(request: HttpRequest) -> HttpResponse:
    """The year's themes per phase; the projectleider adds, changes and removes them."""
    scope = get_scope(request.user)
    closed = scope.year.closed_at is not None
    if not closed:
        services.ensure_themes(scope.year)
    form = ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_add(
                user=request.user,
                phase=form.cleaned_data["phase"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"'{theme.name}' toegevoegd aan de themalijst van {scope.year}."
            )
            return redirect("intervision:themes")
    return render(
        request,
        "intervision/themes.html",
        {
            "year": scope.year,
            "closed": closed,
            "phases": [
                (label, selectors.themes_by_phase(scope.year).get(value, []))
                for value, label in ThemePhase.choices
            ],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


def _theme_or_404(request: HttpRequest, pk: int) -> IntervisionTheme:
    """The theme, judged in its own year: a closed year's list is read but not changed."""
    theme = IntervisionTheme.objects.select_related("school_year").filter(pk=pk).first()
    if theme is None or not can(request.user, "intervision.policy", theme.school_year):
        raise Http404("Thema niet gevonden.")
    return theme


@require("intervision.policy")
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_or_404(request, pk)
    form = ThemeEditForm(
        request.POST if request.method == "POST" else None,
        initial={"phase": theme.phase, "name": theme.name, "position": theme.position},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.theme_update(
                user=request.user,
                theme_id=theme.pk,
                phase=form.cleaned_data["phase"],
                name=form.cleaned_data["name"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Thema gewijzigd.")
            return redirect("intervision:themes")
    return render(
        request,
        "intervision/theme_form.html",
        {"theme": theme, "form": form, "used": theme.meetings.count()},
        status=400 if form.errors else 200,
    )


@require("intervision.policy")
@require_POST
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    theme = _theme_or_404(request, pk)
    try:
        name = services.theme_remove(user=request.user, theme_id=theme.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("intervision:theme_edit", pk=theme.pk)
    messages.success(request, f"'{name}' verwijderd uit de themalijst.")
    return redirect("intervision:themes")


@require("intervision.policy")
@require_http_methods(["GET", "HEAD"])
def policy(request: HttpRequest) -> HttpResponse:
    """The year's intervision policy, read only: it is changed in one place, the settings
    page under the year's policy, where a change names the decision it follows."""
    scope = get_scope(request.user)
    row = IntervisionPolicy.for_year(scope.year)
    values = [
        (capfirst(str(IntervisionPolicy._meta.get_field(name).verbose_name)), getattr(row, name))
        for name in services.POLICY_FIELDS
    ]
    return render(
        request,
        "intervision/policy.html",
        {
            "year": scope.year,
            "values": values,
            "may_edit": can(request.user, "policy.edit", scope.year),
        },
    )


# --- Students' reports -------------------------------------------------------------------


@require("intervision.reports")
def reports(request: HttpRequest) -> HttpResponse:
    """The student's own meetings and reports; for an SO or IO the shared reports of their
    students."""
    scope = get_scope(request.user)
    context: dict[str, Any] = {"year": scope.year}
    if scope.student_id is not None:
        context.update(selectors.student_overview(user=request.user))
        context["is_student"] = True
    else:
        context["shared"] = selectors.shared_reflections(user=request.user)[:200]
    return render(request, "intervision/reports.html", context)


def _write(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    scope = get_scope(request.user)
    existing = (
        Reflection.objects.filter(student_id=scope.student_id, meeting=meeting).first()
        if meeting
        else Reflection.objects.filter(
            student_id=scope.student_id, kind="year_review", placement__school_year=scope.year
        ).first()
    )
    form = ReflectionForm(
        request.POST if request.method == "POST" else None,
        initial={"text": existing.text if existing else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.reflection_save(
                user=request.user,
                text=form.cleaned_data["text"],
                meeting_id=meeting.pk if meeting else None,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        except Meeting.DoesNotExist as exc:
            raise Http404("Bijeenkomst niet gevonden.") from exc
        else:
            messages.success(request, "Je verslag is opgeslagen.")
            return redirect("intervision:report", pk=reflection.pk)
    return render(
        request,
        "intervision/report_form.html",
        {"form": form, "meeting": meeting, "existing": existing},
        status=400 if form.errors else 200,
    )


@require("intervision.reflect")
def report_write(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    scope = get_scope(request.user)
    meeting = (
        Meeting.objects.select_related("group")
        .filter(
            pk=meeting_pk,
            group__memberships__placement__student_id=scope.student_id,
        )
        .first()
    )
    if meeting is None:
        raise Http404("Bijeenkomst niet gevonden.")
    return _write(request, meeting)


@require("intervision.reflect")
def review_write(request: HttpRequest) -> HttpResponse:
    return _write(request, None)


@require("intervision.reports")
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        reflection = selectors.reflection_get(user=request.user, pk=pk)
    except Reflection.DoesNotExist as exc:
        raise Http404("Verslag niet gevonden.") from exc
    scope = get_scope(request.user, reflection.placement.school_year)
    return render(
        request,
        "intervision/report_detail.html",
        {"reflection": reflection, "is_owner": reflection.student_id == scope.student_id},
    )


@require("intervision.reflect")
@require_POST
def report_share(request: HttpRequest, pk: int) -> HttpResponse:
    share = request.POST.get("share", "1") == "1"
    try:
        services.reflection_share(user=request.user, reflection_id=pk, share=share)
    except Reflection.DoesNotExist as exc:
        raise Http404("Verslag niet gevonden.") from exc
    messages.success(
        request,
        "Gedeeld met je schoolopleider en instituutsopleider."
        if share
        else "Je verslag is niet meer gedeeld.",
    )
    return redirect(reverse("intervision:report", kwargs={"pk": pk}))
