"""Who may do what, in one place.

A user's *scope* is derived from their role assignments in a school year. Views ask for a
capability (a forbidden action is a 403); selectors narrow querysets to the scope (an object
outside it is a 404, so its existence is not revealed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from bos import dataversion
from bos.models import LocationYear, Role, RoleAssignment, SchoolYear, User

ADMIN = "admin"
STUDENT = "student"


@dataclass(frozen=True)
class Scope:
    """What one user may see in one school year."""

    year: SchoolYear | None
    roles: frozenset[str] = frozenset()
    person_id: int | None = None
    student_id: int | None = None
    so_location_ids: frozenset[int] = frozenset()
    # Pairs of (institute, location) an IO works at.
    io_pairs: frozenset[tuple[int, int]] = frozenset()
    wpb_location_ids: frozenset[int] = frozenset()
    director_location_ids: frozenset[int] = frozenset()
    hr_board_ids: frozenset[int] = frozenset()
    bc_board_ids: frozenset[int] = frozenset()
    ic_institute_ids: frozenset[int] = frozenset()
    # A lerarencoach's schools: they coach the starters there (induction).
    coach_location_ids: frozenset[int] = frozenset()
    # The board that is the partnership's penvoerder (applies for and receives the subsidy).
    penvoerder_board_ids: frozenset[int] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)

    def has(self, *roles: str) -> bool:
        return any(role in self.roles for role in roles)

    @property
    def sees_everything(self) -> bool:
        return self.has(Role.PROJECTLEIDER, ADMIN)


def get_scope(user: User | Any, year: SchoolYear | None = None) -> Scope:
    """Build the user's scope for a year. Without a year: on a page about one object, the
    scope in that object's own year (bos.objectyear); elsewhere the year chosen in the
    header, else the user's default year. Cached per request user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope(year=year or SchoolYear.objects.current())
    if year is None:
        judged = user.__dict__.get("_bos_object_scope")
        if judged is not None:
            return judged
    return header_scope(user) if year is None else _scope_in(user, year)


def header_scope(user: User | Any) -> Scope:
    """The scope in the year the header shows: what lists, overviews and the menu show,
    also on a page about one object of another year."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return get_scope(user)
    # The year chosen in the header (bos.years.SchoolYearMiddleware), if any.
    selected = user.__dict__.get("_bos_selected_year")
    if selected is not None:
        return _scope_in(user, selected)
    cache: dict[int | str | None, Scope] = user.__dict__.setdefault("_bos_scopes", {})
    if "default" not in cache:
        default = default_year_for(user)
        cache["default"] = _scope_in(user, default) if default else _build_scope(user, None)
    return cache["default"]


def _scope_in(user: User, year: SchoolYear) -> Scope:
    # Cached on the user object, which lives for one request: the menu and the view ask too.
    cache: dict[int | str | None, Scope] = user.__dict__.setdefault("_bos_scopes", {})
    if year.pk not in cache:
        cache[year.pk] = _build_scope(user, year)
    return cache[year.pk]


def scope_for_year(user: User | Any, year: SchoolYear) -> Scope:
    """The scope an object of `year` is judged in: the user's roles in that year, whatever
    the header holds. A year being prepared, after the user's default year, in which they
    hold no role yet, borrows the roles of the default year: a place matched for next year
    exists before next year's roles are assigned. Once they are, that year's roles alone
    count (someone moved to another school keeps nothing at the old one)."""
    scope = get_scope(user, year)
    if not getattr(user, "is_authenticated", False) or scope.roles - {STUDENT, ADMIN}:
        return scope
    default = default_year_for(user)
    if default is None or year.start_date <= default.start_date:
        return scope
    borrowed = get_scope(user, default)
    if not borrowed.roles - {STUDENT, ADMIN}:
        return scope
    return replace(borrowed, year=year)


def pick_default_year(years: list[SchoolYear], today: dt.date) -> SchoolYear | None:
    """The year that contains today; else the nearest future year; else the latest past
    one. Preparing next year (its roles already assigned) so changes nobody's default, and
    on 1 August the new year becomes the default by itself."""
    for year in years:
        if year.start_date <= today <= year.end_date:
            return year
    future = [year for year in years if year.start_date > today]
    if future:
        return min(future, key=lambda year: year.start_date)
    return max(years, key=lambda year: year.start_date, default=None)


def default_year_for(user: User) -> SchoolYear | None:
    """The year a user works in by default: among the years in which they hold a role (or,
    for a student, have a placement), the one that contains today (see pick_default_year);
    without any, the current school year."""
    years: list[SchoolYear] = []
    person = getattr(user, "person", None)
    if person is not None:
        own = {row[0] for row in role_rows(person)}
        if own:
            years = [year for year in all_school_years(user) if year.pk in own]
    student = getattr(user, "student", None)
    if not years and student is not None:
        years = list(SchoolYear.objects.filter(placements__student=student).distinct())
    today = timezone.localdate()
    return pick_default_year(years, today) if years else SchoolYear.objects.current()


def all_school_years(user: Any) -> list[SchoolYear]:
    """Every school year, newest first, each with `has_data` (a location year exists). At
    most one query per request: memoised on the request's user, so the year switcher, the default
    year and the years next to an object's read the same rows."""
    years = user.__dict__.get("_bos_all_years")
    if years is None:
        # The same rows for every reader: kept until the next write, so a page reads them
        # from the cache (a fifth of a millisecond) instead of the database (about two).
        years = dataversion.kept_figures("bos:school_years", _school_years)
        user.__dict__["_bos_all_years"] = years
    return years


def _school_years() -> list[SchoolYear]:
    return list(
        SchoolYear.objects.annotate(
            has_data=Exists(LocationYear.objects.filter(school_year=OuterRef("pk")))
        ).order_by("-start_date")
    )


def next_school_year(user: Any, year: SchoolYear | None) -> SchoolYear | None:
    """The year after `year` (None at the end), from the memoised years."""
    if year is None:
        return None
    later = [other for other in all_school_years(user) if other.start_date > year.start_date]
    return min(later, key=lambda other: other.start_date, default=None)


def role_rows(person: Any) -> list[tuple[Any, ...]]:
    """Every role the person holds in any year, one row per (assignment, location): (year id,
    year start, role, institute id, board id, location id or None). At most one query per
    request: the rows are memoised on the person object, which lives as long as the
    request's user, so the year switcher, the default year and every scope read the same
    rows."""
    rows = person.__dict__.get("_bos_role_rows")
    if rows is None:
        # Kept per person until the next write: every page reads them for the year switcher
        # and the scope, and a role changes only by a write.
        rows = dataversion.kept_figures(f"bos:role_rows:{person.pk}", lambda: _role_rows(person))
        person.__dict__["_bos_role_rows"] = rows
    return rows


def _role_rows(person: Any) -> list[tuple[Any, ...]]:
    return list(
        RoleAssignment.objects.filter(person=person)
        .order_by()
        .values_list(
            "school_year_id",
            "school_year__start_date",
            "role",
            "institute_id",
            "board_id",
            "locations",
        )
    )


def is_partnership_projectleider(person: Any) -> bool:
    """Projectleider in the latest year in which the person holds any role: they run the
    partnership over its years, also in a year they hold no role in (yet)."""
    rows = role_rows(person)
    if not rows:
        return False
    latest = max(rows, key=lambda row: row[1])[0]
    return any(row[0] == latest and row[2] == Role.PROJECTLEIDER for row in rows)


def _build_scope(user: User, year: SchoolYear | None) -> Scope:
    roles: set[str] = set()
    so: set[int] = set()
    io: set[tuple[int, int]] = set()
    wpb: set[int] = set()
    director: set[int] = set()
    hr: set[int] = set()
    bc: set[int] = set()
    ic: set[int] = set()
    coach: set[int] = set()
    penvoerder: set[int] = set()
    if user.is_superuser:
        roles.add(ADMIN)
    person = getattr(user, "person", None)
    student = getattr(user, "student", None)
    if student is not None:
        roles.add(STUDENT)
    if person is not None and year is not None:
        rows = [row for row in role_rows(person) if row[0] == year.pk]
        if not rows and is_partnership_projectleider(person):
            # The projectleider prepares and closes years in which no roles exist yet.
            roles.add(Role.PROJECTLEIDER)
        for _, _, role, institute_id, board_id, location_id in rows:
            roles.add(role)
            located = location_id is not None
            match role:
                case Role.SO if located:
                    so.add(location_id)
                case Role.IO if located:
                    io.add((institute_id, location_id))
                case Role.WPB if located:
                    wpb.add(location_id)
                case Role.DIRECTOR if located:
                    director.add(location_id)
                case Role.HR:
                    hr.add(board_id)
                case Role.BC:
                    bc.add(board_id)
                case Role.IC:
                    ic.add(institute_id)
                case Role.LERARENCOACH if located:
                    coach.add(location_id)
                case Role.PENVOERDER if board_id is not None:
                    penvoerder.add(board_id)
    return Scope(
        year=year,
        roles=frozenset(roles),
        person_id=person.pk if person else None,
        student_id=student.pk if student else None,
        so_location_ids=frozenset(so),
        io_pairs=frozenset(io),
        wpb_location_ids=frozenset(wpb),
        director_location_ids=frozenset(director),
        hr_board_ids=frozenset(hr),
        bc_board_ids=frozenset(bc),
        ic_institute_ids=frozenset(ic),
        coach_location_ids=frozenset(coach),
        penvoerder_board_ids=frozenset(penvoerder),
    )


# Which roles hold which capability. Scope (which objects) is applied by the selectors.
CAPABILITIES: dict[str, frozenset[str]] = {
    "placement.view": frozenset({Role.SO, Role.IO, Role.WPB, Role.PROJECTLEIDER, ADMIN}),
    "placement.edit": frozenset({Role.SO, Role.PROJECTLEIDER, ADMIN}),
    "placement.checklist": frozenset({Role.SO, Role.IO, Role.PROJECTLEIDER, ADMIN}),
    "placement.supply": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # The student register: the IO reads their institute's students at their schools.
    "student.view": frozenset({Role.SO, Role.IO, Role.PROJECTLEIDER, ADMIN}),
    "student.edit": frozenset({Role.SO, Role.PROJECTLEIDER, ADMIN}),
    "policy.view": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}),
    "policy.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # The decision log (governance): read by the roles the library's decisions are meant
    # for (the partnership's governance: stuurgroep, kernteam, coordinators, directors);
    # kept by the projectleider alone, who records what the partnership's bodies decided.
    "governance.view": frozenset(
        {
            Role.PROJECTLEIDER,
            Role.STUURGROEP,
            Role.KERNTEAM,
            Role.BC,
            Role.IC,
            Role.DIRECTOR,
            # The penvoerder sits in the stuurgroep and accounts for the subsidy.
            Role.PENVOERDER,
            ADMIN,
        }
    ),
    "governance.edit": frozenset({Role.PROJECTLEIDER}),
    "facilitation.view": frozenset({Role.SO, Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}),
    "targets.view": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, Role.BC, Role.IC, ADMIN}),
    # The penvoerder reads the whole report: it accounts for the subsidy with it.
    "report.view": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, Role.SO, Role.PENVOERDER, ADMIN}),
    "report.export": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}),
    # The budget: kept by the projectleider; read by the penvoerder, who keeps the
    # partnership's financial administration and downloads the per-student list its
    # subsidy (re)application needs.
    "budget.view": frozenset({Role.PROJECTLEIDER, Role.PENVOERDER, ADMIN}),
    "budget.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "subsidy.export": frozenset({Role.PROJECTLEIDER, Role.PENVOERDER, ADMIN}),
    "report.pdf": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # Goals per year and the quality framework: kept by the projectleider, read with the report.
    "goal.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # The written chapters: the kernteam writes its own chapters (reports.rules.may_edit),
    # the projectleider writes all of them and approves.
    "report.write": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}),
    "report.approve": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # Publishing a year's report on the web speaks for the partnership: the projectleider's
    # decision alone (not the technical administrator's).
    "report.publish": frozenset({Role.PROJECTLEIDER}),
    "stipend.hr": frozenset({Role.HR}),
    # Stipend: scope per application is applied by stipend.selectors (HR: own board only).
    "stipend.view": frozenset(
        {Role.SO, Role.DIRECTOR, Role.HR, Role.PROJECTLEIDER, STUDENT, ADMIN}
    ),
    "stipend.apply": frozenset({Role.SO, STUDENT}),
    "stipend.upload": frozenset({Role.SO, STUDENT, Role.HR}),
    "stipend.documents": frozenset({Role.SO, STUDENT, Role.HR}),
    "stipend.sign": frozenset({STUDENT}),
    "stipend.so": frozenset({Role.SO}),
    "stipend.director": frozenset({Role.DIRECTOR}),
    "stipend.send_back": frozenset({Role.SO, Role.DIRECTOR, Role.HR}),
    "stipend.end": frozenset({Role.SO, Role.HR}),
    "audit.view": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # The institutes' API keys (api/): made and revoked by whoever runs the partnership.
    "api.keys": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # Verdiepingsmiddagen: leaders keep their own workshops' lists (afternoons).
    "afternoon.plan": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "afternoon.choose": frozenset({STUDENT}),
    "afternoon.attendance": frozenset(
        {Role.SO, Role.IO, Role.WPB, Role.BC, Role.IC, Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}
    ),
    "afternoon.follow": frozenset({Role.SO, Role.IO, Role.PROJECTLEIDER, ADMIN}),
    # Intervision at school: the SO organises; the IO follows the cadence of their
    # institute's students; students write reports. Report privacy is per object
    # (intervision.selectors); the projectleider sees counts only.
    "intervision.view": frozenset({Role.SO, Role.IO, Role.PROJECTLEIDER, ADMIN}),
    "intervision.manage": frozenset({Role.SO}),
    "intervision.policy": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "intervision.methods": frozenset({Role.SO, Role.PROJECTLEIDER, ADMIN}),
    # An online group serves several schools: the projectleider may make one for them.
    "intervision.online_groups": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "intervision.reflect": frozenset({STUDENT}),
    "intervision.reports": frozenset({Role.SO, Role.IO, STUDENT}),
    # Whoever leads a meeting (SO, IO or WPB) records its attendance.
    "intervision.attendance": frozenset({Role.SO, Role.IO, Role.WPB}),
    # The running year: start a new year, pupil counts, close and reopen (years app).
    "year.manage": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # The organisation per year: the projectleider keeps it, a BC reads their own board.
    "organisation.view": frozenset({Role.PROJECTLEIDER, Role.BC, ADMIN}),
    "organisation.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # A location's opleidingsteam (its SO, IO and WPBs, seed l. 818, 4255-4266): read by its
    # own members, the school's director, the BC of its board and those who run the
    # partnership; which locations is applied by years.selectors (out of scope: 404).
    "trainingteam.view": frozenset(
        {
            Role.SO,
            Role.IO,
            Role.WPB,
            Role.DIRECTOR,
            Role.BC,
            Role.PROJECTLEIDER,
            Role.KERNTEAM,
            ADMIN,
        }
    ),
    # Matching (issue #16): the IO (or the institute's placement office, the IC) proposes,
    # the student applies, the SO decides (placement.edit).
    "matching.view": frozenset({Role.SO, Role.IO, Role.IC, Role.PROJECTLEIDER, STUDENT, ADMIN}),
    "matching.propose": frozenset({Role.IO, Role.IC, Role.PROJECTLEIDER, ADMIN}),
    "matching.apply": frozenset({STUDENT}),
    # Supervision conversations: the placement's supervisors record, the student requests.
    "supervision.record": frozenset({Role.SO, Role.IO, Role.WPB, Role.PROJECTLEIDER, ADMIN}),
    "supervision.view": frozenset({Role.SO, Role.IO, Role.WPB, Role.PROJECTLEIDER, STUDENT, ADMIN}),
    "supervision.request": frozenset({STUDENT}),
    # The student's portfolio: the student writes; who reads is per placement
    # (placements.portfolio: the placement's WPB, SO, IO and the projectleider, if shared).
    "portfolio.write": frozenset({STUDENT}),
    # Starting teachers (induction). The lerarencoach reads their schools' starters and
    # records the coaching (plan, measures: induction.selectors.coaches_programme), but
    # neither registers starters nor sets the school's building blocks (induction.edit).
    "induction.view": frozenset(
        {Role.SO, Role.DIRECTOR, Role.LERARENCOACH, Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}
    ),
    "induction.edit": frozenset({Role.SO, Role.DIRECTOR, Role.PROJECTLEIDER, ADMIN}),
    "induction.figures": frozenset({Role.PROJECTLEIDER, Role.KERNTEAM, ADMIN}),
    # Year planning and agreements library (issue #15): every role reads what applies to it.
    "planning.view": frozenset({*Role.values, STUDENT, ADMIN}),
    "planning.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "library.view": frozenset({*Role.values, STUDENT, ADMIN}),
    "library.edit": frozenset({Role.PROJECTLEIDER, ADMIN}),
    # Professionalisation: participants register; the projectleider plans and oversees;
    # SO and IO set their school's start meeting; conversation notes stay with the two.
    "pro.view": frozenset({Role.SO, Role.IO, Role.WPB, Role.PROJECTLEIDER, ADMIN}),
    "pro.plan": frozenset({Role.PROJECTLEIDER, ADMIN}),
    "pro.start": frozenset({Role.SO, Role.IO, Role.PROJECTLEIDER, ADMIN}),
    "pro.conversations": frozenset({Role.SO, Role.IO, Role.WPB, Role.BC, Role.IC}),
    # Surveys: the projectleider makes, opens, closes and reads them; invitees answer their
    # own invitation (surveys.selectors), whatever their role.
    "survey.manage": frozenset({Role.PROJECTLEIDER, ADMIN}),
}


def can(user: User | Any, capability: str, year: SchoolYear | None = None) -> bool:
    scope = get_scope(user, year)
    return bool(scope.roles & CAPABILITIES[capability])


def require(
    capability: str,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """View decorator: anonymous users go to the login page; others without the capability
    get a 403."""
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.bos_capability = capability  # type: ignore[attr-defined]
        return wrapped

    return decorator


def login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped
