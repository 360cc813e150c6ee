"""The organisation pages: the projectleider keeps boards, groups, locations, institutes,
people and their roles per school year; a BC reads their own board. The year is the one
chosen in the header (`get_scope(request.user).year`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bos.models import (
    BoardName,
    Institute,
    InstitutePartnership,
    LocationYear,
    Person,
    Role,
    RoleAssignment,
    SchoolBoard,
    SchoolGroup,
    SchoolLocation,
    SchoolYear,
)
from bos.permissions import can, get_scope, require
from facilitation.rules import qualification_gaps

from . import organisation, selectors, teams
from .forms_organisation import (
    BoardRenameForm,
    GroupForm,
    LocationForm,
    MemberForm,
    PersonForm,
    QualificationForm,
    RoleForm,
    TeamForm,
)
from .models import DevelopmentTeamMember, DevelopmentTeamYear


def _year(request: HttpRequest) -> SchoolYear:
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Er is geen schooljaar ingericht.")
    return year


def _board_ids(request: HttpRequest) -> set[int] | None:
    """None: every board (projectleider, admin); otherwise the BC's own boards."""
    scope = get_scope(request.user)
    if scope.sees_everything:
        return None
    return set(scope.bc_board_ids)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require("organisation.view")
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    boards_allowed = _board_ids(request)
    boards = SchoolBoard.objects.select_related("hr_office").prefetch_related(
        Prefetch("names", queryset=BoardName.objects.select_related("valid_from"))
    )
    locations = SchoolLocation.objects.select_related("board", "group").order_by("name")
    if boards_allowed is not None:
        boards = boards.filter(pk__in=boards_allowed)
        locations = locations.filter(board_id__in=boards_allowed)
    facts = {row.location_id: row for row in LocationYear.objects.filter(school_year=year)}
    partners = dict(
        InstitutePartnership.objects.filter(school_year=year).values_list(
            "institute_id", "is_partner"
        )
    )
    board_rows = []
    for board in boards:
        names = sorted(board.names.all(), key=lambda n: n.valid_from.start_date)
        current = board.name
        for renamed in names:
            if renamed.valid_from.start_date <= year.start_date:
                current = renamed.name
        board_rows.append({"board": board, "name": current, "names": names})
    return render(
        request,
        "years/organisation.html",
        {
            "year": year,
            "can_edit": can(request.user, "organisation.edit") and not year.is_closed,
            "boards": board_rows,
            "groups": SchoolGroup.objects.select_related("board").filter(
                **({} if boards_allowed is None else {"board_id__in": boards_allowed})
            ),
            "locations": [{"location": loc, "fact": facts.get(loc.pk)} for loc in locations],
            "institutes": [
                {"institute": inst, "partner": partners.get(inst.pk)}
                for inst in Institute.objects.order_by("short_name")
            ],
            "rename_form": BoardRenameForm(),
            "group_form": GroupForm(),
        },
    )


@require("organisation.edit")
@require_POST
def board_rename(request: HttpRequest, pk: int) -> HttpResponse:
    board = get_object_or_404(SchoolBoard, pk=pk)
    form = BoardRenameForm(request.POST)
    if form.is_valid():
        try:
            organisation.board_rename(
                user=request.user, board=board, year=_year(request), name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(
                request, f"{board} heet vanaf {_year(request)} {form.cleaned_data['name']}."
            )
    else:
        messages.error(request, "Vul de nieuwe naam in.")
    return redirect("organisation:overview")


@require("organisation.edit")
@require_POST
def group_add(request: HttpRequest) -> HttpResponse:
    form = GroupForm(request.POST)
    if form.is_valid():
        try:
            group = organisation.group_save(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"Scholengroep {group} toegevoegd.")
    else:
        messages.error(request, "Vul de naam en het bestuur van de scholengroep in.")
    return redirect("organisation:overview")


@require("organisation.edit")
def location_add(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = organisation.location_add(user=request.user, year=year, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{row.location} is in {year} toegetreden.")
            return redirect("organisation:overview")
    return render(request, "years/location_form.html", {"year": year, "form": form})


@require("organisation.edit")
@require_POST
def location_update(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request)
    location = get_object_or_404(SchoolLocation, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action in ("join", "leave"):
            organisation.location_membership(
                user=request.user, year=year, location=location, member=action == "join"
            )
            text = "treedt toe" if action == "join" else "hoort niet meer bij de opleidingsschool"
            messages.success(request, f"{location} {text} in {year}.")
        elif action in ("kartrekker", "geen-kartrekker"):
            organisation.location_kartrekker(
                user=request.user, year=year, location=location, kartrekker=action == "kartrekker"
            )
            messages.success(request, f"Kartrekkerschap van {location} in {year} bijgewerkt.")
        else:
            messages.error(request, "Onbekende actie.")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("organisation:overview")


@require("organisation.edit")
@require_POST
def partnership(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request)
    institute = get_object_or_404(Institute, pk=pk)
    partner = request.POST.get("partner") == "1"
    try:
        organisation.partnership_set(
            user=request.user, year=year, institute=institute, partner=partner
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        status = "partner" if partner else "geen partner"
        messages.success(request, f"{institute} is in {year} {status}.")
    return redirect("organisation:overview")


def _people(request: HttpRequest, year: SchoolYear) -> Any:
    people = Person.objects.order_by("last_name", "first_name")
    boards_allowed = _board_ids(request)
    if boards_allowed is not None:
        people = people.filter(
            Q(roles__school_year=year, roles__locations__board_id__in=boards_allowed)
            | Q(roles__school_year=year, roles__board_id__in=boards_allowed)
        ).distinct()
    return people


@require("organisation.view")
def people(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    # Control characters (a NUL byte among them) can never match a name; drop them.
    query = "".join(ch for ch in request.GET.get("q", "") if ch.isprintable())[:100].strip()
    role = request.GET.get("rol", "")[:20]
    people = _people(request, year)
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    if role in Role.values:
        people = people.filter(roles__school_year=year, roles__role=role).distinct()
    people = people.prefetch_related(
        Prefetch(
            "roles",
            queryset=RoleAssignment.objects.filter(school_year=year)
            .select_related("institute", "board")
            .prefetch_related("locations"),
            to_attr="year_roles",
        )
    )
    page = Paginator(people, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "years/people.html",
        {
            "year": year,
            "page": page,
            "query": query,
            "role": role,
            "roles": Role.choices,
            "can_edit": can(request.user, "organisation.edit"),
        },
    )


@require("organisation.edit")
def person_new(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = organisation.person_save(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"{person} toegevoegd. Geef de persoon nu een rol.")
            return redirect("organisation:person", pk=person.pk)
    return render(request, "years/person_new.html", {"form": form})


def _member_locations(year: SchoolYear) -> Any:
    return SchoolLocation.objects.filter(
        pk__in=LocationYear.objects.filter(school_year=year, is_member=True).values("location_id")
    ).order_by("name")


@require("organisation.view")
def person(request: HttpRequest, pk: int) -> HttpResponse:
    year = _year(request)
    person = get_object_or_404(_people(request, year), pk=pk)
    can_edit = can(request.user, "organisation.edit") and not year.is_closed
    may_qualify = can(request.user, "organisation.edit")
    qualifying = request.method == "POST" and request.POST.get("action") == "kwalificatie"
    form = RoleForm(
        request.POST if request.method == "POST" and not qualifying else None,
        member_locations=_member_locations(year),
    )
    qualification_form = QualificationForm(request.POST if qualifying else None)
    if qualifying:
        if not may_qualify:
            raise Http404
        if qualification_form.is_valid():
            try:
                organisation.qualification_set(
                    user=request.user, person=person, **qualification_form.cleaned_data
                )
            except ValidationError as exc:
                qualification_form.add_error(None, exc)
            else:
                messages.success(request, f"Kwalificatie van {person} opgeslagen.")
                return redirect("organisation:person", pk=person.pk)
    elif request.method == "POST":
        if not can(request.user, "organisation.edit"):
            raise Http404
        if form.is_valid():
            try:
                organisation.role_save(
                    user=request.user, person=person, year=year, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Rol van {person} in {year} toegevoegd.")
                return redirect("organisation:person", pk=person.pk)
    assignments = (
        RoleAssignment.objects.filter(person=person)
        .select_related("school_year", "institute", "board")
        .prefetch_related("locations")
        .order_by("-school_year__start_date", "role")
    )
    qualifications = list(person.qualifications.all())
    held = [q.kind for q in qualifications]
    gaps = [
        note
        for role in sorted({a.role for a in assignments if a.school_year_id == year.pk})
        for note in qualification_gaps(role, held)
    ]
    return render(
        request,
        "years/person.html",
        {
            "year": year,
            "person": person,
            "assignments": assignments,
            "form": form,
            "can_edit": can_edit,
            "qualifications": qualifications,
            "qualification_gaps": gaps,
            "qualification_form": qualification_form,
            "may_qualify": may_qualify,
        },
        status=400 if qualifying and qualification_form.errors else 200,
    )


@require("organisation.edit")
def role_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("person", "school_year"), pk=pk
    )
    year = assignment.school_year
    initial = {
        "role": assignment.role,
        "locations": list(assignment.locations.all()),
        "institute": assignment.institute,
        "board": assignment.board,
        "hours": assignment.hours,
    }
    form = RoleForm(request.POST or None, initial=initial, member_locations=_member_locations(year))
    if request.method == "POST" and form.is_valid():
        try:
            organisation.role_save(
                user=request.user,
                person=assignment.person,
                year=year,
                assignment=assignment,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De rol is gewijzigd.")
            return redirect("organisation:person", pk=assignment.person_id)
    return render(request, "years/role_form.html", {"assignment": assignment, "form": form})


@require("organisation.edit")
@require_POST
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("person", "school_year"), pk=pk
    )
    try:
        organisation.role_end(user=request.user, assignment=assignment)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            f"Rol {assignment.get_role_display()} van {assignment.person} in "
            f"{assignment.school_year} beëindigd.",
        )
    return redirect("organisation:person", pk=assignment.person_id)


@require("organisation.view")
def team_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    people = Person.objects.filter(roles__school_year=year).distinct().order_by("last_name")
    form = TeamForm(request.POST or None, people=people)
    if request.method == "POST":
        if not can(request.user, "organisation.edit"):
            raise Http404
        if form.is_valid():
            try:
                team = teams.team_save(year=year, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Ontwikkelteam {team.name} opgeslagen.")
                return redirect("organisation:teams")
    team_rows = list(
        DevelopmentTeamYear.objects.filter(school_year=year)
        .select_related("kartrekker")
        .prefetch_related(
            Prefetch("members", queryset=DevelopmentTeamMember.objects.select_related("person"))
        )
    )
    # One form per team on the page: each needs its own ids for its labels. The people to
    # choose from are read once and shared, not queried again for every team's form.
    person_choices = list(MemberForm(people=people).fields["person"].choices)
    for team in team_rows:
        team.member_form = MemberForm(people=people, auto_id=f"team{team.pk}_%s")
        team.member_form.fields["person"].choices = person_choices
    return render(
        request,
        "years/teams.html",
        {
            "year": year,
            "teams": team_rows,
            "form": form,
            "can_edit": can(request.user, "organisation.edit") and not year.is_closed,
            "kernteam_warnings": (
                selectors.kernteam_warnings(year) if can(request.user, "policy.view") else []
            ),
        },
    )


@require("organisation.edit")
@require_POST
def team_member(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(DevelopmentTeamYear, pk=pk)
    people = Person.objects.filter(roles__school_year=team.school_year).distinct()
    form = MemberForm(request.POST, people=people)
    if form.is_valid():
        try:
            teams.member_set(team=team, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"{form.cleaned_data['person']} staat in {team.name}.")
    else:
        messages.error(request, "Kies een persoon en vul de uren in.")
    return redirect("organisation:teams")


@require("trainingteam.view")
def training_teams(request: HttpRequest) -> HttpResponse:
    """The opleidingsteams of the locations the user may read, in the header's year."""
    year = _year(request)
    teams = selectors.training_teams_for(user=request.user, year=year)
    if len(teams) == 1:
        # One's own school: straight to its team.
        return redirect("organisation:training_team", year=year.name, pk=teams[0].location.pk)
    return render(request, "years/training_teams.html", {"year": year, "teams": teams})


@require("trainingteam.view")
def training_team(request: HttpRequest, year: str, pk: int) -> HttpResponse:
    """One location's opleidingsteam in the year of the URL (read only)."""
    school_year = get_object_or_404(SchoolYear, name=year)
    try:
        team = selectors.training_team_for(user=request.user, year=school_year, location_id=pk)
    except SchoolLocation.DoesNotExist:
        raise Http404("Niet gevonden.") from None
    return render(
        request,
        "years/training_team.html",
        {
            "year": school_year,
            "team": team,
            "people_links": can(request.user, "organisation.view"),
        },
    )
