"""Writes of intervision at school. Every function checks the user's scope itself: callers
may pass ids straight from a form. Bad input raises a ValidationError with a Dutch message
and leaves nothing half-saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bos import limits
from bos.closing import ensure_open
from bos.models import Person, Role, RoleAssignment, SchoolYear
from bos.permissions import can, get_scope
from placements.models import OPEN_STATUSES, Placement, StageLevel, Student

from . import selectors
from .models import (
    Attendance,
    AttendanceStatus,
    Band,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionPolicy,
    IntervisionTheme,
    LeaderKind,
    Meeting,
    Membership,
    MethodKind,
    Reflection,
    ReflectionKind,
    ThemePhase,
)

# The handreiking's list (bijlage 3), with the methods the SOs use most besides it. A new
# year starts with the previous year's list; the first year with this one.
HANDREIKING_METHODS: list[tuple[str, str]] = [
    ("Waarom vind jij dat je dit hebt verdiend?", MethodKind.WARM_UP),
    ("De hand", MethodKind.WARM_UP),
    ("Een geluksmomentje", MethodKind.WARM_UP),
    ("De sleutel", MethodKind.WARM_UP),
    ("Het basismodel", MethodKind.MODEL),
    ("Succesfactoren", MethodKind.MODEL),
    ("Morgen doe ik het nog beter", MethodKind.MODEL),
    ("De ketting", MethodKind.MODEL),
    ("Velden van oordeelsvorming", MethodKind.MODEL),
    ("Incidentmethode", MethodKind.MODEL),
    ("Zes hoeden", MethodKind.MODEL),
    ("Bespreken casuïstiek", MethodKind.MODEL),
    ("Morele oordeelsvorming", MethodKind.MODEL),
    ("Roddelmethode", MethodKind.MODEL),
    ("Socratisch gesprek", MethodKind.MODEL),
    ("Kwaliteitenspel en het Johari-venster", MethodKind.FORM),
    ("De taart", MethodKind.FORM),
    ("Coat of arms", MethodKind.FORM),
    ("Het verrassingsei", MethodKind.FORM),
    ("Tip of top", MethodKind.CLOSER),
    ("Fijn dat je erbij bent", MethodKind.CLOSER),
]

# The intervision programme's themes per phase (jaarverslag 2020-2021). A new year starts
# with the previous year's list; the first year with this one.
PROGRAMME_THEMES: list[tuple[int, str]] = [
    (ThemePhase.SCHOOL, "Schoolcultuur, kaders en stagebegeleiders"),
    (ThemePhase.SCHOOL, "Survivalzaken: materialen, boeken, inlog, Magister, kopiëren"),
    (ThemePhase.SCHOOL, "Casussen uit de praktijk en de gewenste lijn van de school"),
    (ThemePhase.JUNIOR, "Eerste observatie-indrukken"),
    (ThemePhase.JUNIOR, "Professionele afstand en nabijheid t.o.v. leerlingen"),
    (ThemePhase.JUNIOR, "Rol van de docent"),
    (ThemePhase.JUNIOR, "'Wie ben ik' als docent"),
    (ThemePhase.JUNIOR, "Verkenning van de school"),
    (ThemePhase.JUNIOR, "Balans werk-studie-privé"),
    (ThemePhase.JUNIOR, "Klassenmanagement"),
    (ThemePhase.JUNIOR, "Stijl van lesgeven"),
    (ThemePhase.JUNIOR, "Consequent zijn"),
    (ThemePhase.JUNIOR, "Escalatieladder"),
    (ThemePhase.SENIOR, "Differentiëren"),
    (ThemePhase.SENIOR, "Correctiewerk"),
    (ThemePhase.SENIOR, "Soorten leerlingen en leerstijlen"),
    (ThemePhase.SENIOR, "Vertrouwensband met leerlingen"),
    (ThemePhase.SENIOR, "Collegialiteit, inzetbaarheid en vakgroep"),
    (ThemePhase.SENIOR, "Kwaliteiten / SWOT"),
    (ThemePhase.SENIOR, "Balans werk-studie-privé"),
    (ThemePhase.SENIOR, "Ouderavonden"),
    (ThemePhase.SENIOR, "Administratie"),
    (ThemePhase.SENIOR, "Tijdmanagement"),
    (ThemePhase.SENIOR, "Samenwerkend leren"),
    (ThemePhase.SENIOR, "Rechtspositie"),
]
THEME_NAME_MAX = 200

FINAL_LEVELS = {StageLevel.VT4, StageLevel.MASTER}
MAX_REPORT_LENGTH = 5000


def ensure_methods(year: SchoolYear) -> None:
    """Give a year its list of intervision models: the previous year's, else the
    handreiking's."""
    if IntervisionMethod.objects.filter(school_year=year).exists():
        return
    previous = year.previous()
    source = (
        list(IntervisionMethod.objects.filter(school_year=previous).values_list("name", "kind"))
        if previous
        else []
    )
    IntervisionMethod.objects.bulk_create(
        [
            IntervisionMethod(school_year=year, name=n, kind=k)
            for n, k in source or HANDREIKING_METHODS
        ],
        ignore_conflicts=True,
    )


def ensure_themes(year: SchoolYear) -> None:
    """Give a year its list of themes: the previous year's, else the programme's."""
    if IntervisionTheme.objects.filter(school_year=year).exists():
        return
    previous = year.previous()
    source = (
        list(
            IntervisionTheme.objects.filter(school_year=previous).values_list(
                "phase", "name", "position"
            )
        )
        if previous
        else []
    )
    if not source:
        source = [(phase, name, index) for index, (phase, name) in enumerate(PROGRAMME_THEMES)]
    IntervisionTheme.objects.bulk_create(
        [IntervisionTheme(school_year=year, phase=p, name=n, position=i) for p, n, i in source],
        ignore_conflicts=True,
    )


def _theme_values(phase: Any, name: str) -> tuple[int, str]:
    name = " ".join((name or "").split())
    errors: dict[str, str] = {}
    try:
        phase = int(phase)
    except (TypeError, ValueError):
        phase = None
    if phase not in ThemePhase.values:
        errors["phase"] = "Kies de fase van het thema."
    if not name:
        errors["name"] = "Geef het thema een naam."
    elif len(name) > THEME_NAME_MAX:
        errors["name"] = f"De naam mag hoogstens {THEME_NAME_MAX} tekens lang zijn."
    if errors:
        raise ValidationError(errors)
    return phase, name


def _theme_taken(year: SchoolYear, phase: int, name: str, exclude: int | None = None) -> None:
    taken = IntervisionTheme.objects.filter(school_year=year, phase=phase, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError(
            {"name": f"'{name}' staat al bij {ThemePhase(phase).label} in {year}."}
        )


@transaction.atomic
def theme_add(
    *, user: Any, phase: Any, name: str, year: SchoolYear | None = None
) -> IntervisionTheme:
    """Add a theme at the end of its phase in the year's list."""
    scope = get_scope(user, year)
    _require(user, "intervision.policy", scope.year)
    ensure_open(scope.year)
    phase, name = _theme_values(phase, name)
    _theme_taken(scope.year, phase, name)
    last = (
        IntervisionTheme.objects.filter(school_year=scope.year, phase=phase)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return IntervisionTheme.objects.create(
        school_year=scope.year, phase=phase, name=name, position=(last or 0) + 1
    )


def _locked_theme(user: Any, theme_id: int) -> IntervisionTheme:
    theme = (
        IntervisionTheme.objects.select_for_update().select_related("school_year").get(pk=theme_id)
    )
    _require(user, "intervision.policy", theme.school_year)
    ensure_open(theme.school_year)
    return theme


@transaction.atomic
def theme_update(
    *, user: Any, theme_id: int, phase: Any, name: str, position: int | None = None
) -> IntervisionTheme:
    theme = _locked_theme(user, theme_id)
    phase, name = _theme_values(phase, name)
    _theme_taken(theme.school_year, phase, name, exclude=theme.pk)
    if position is not None and not 0 <= int(position) <= 999:
        raise ValidationError({"position": "Kies een volgorde van 0 tot en met 999."})
    theme.phase, theme.name = phase, name
    if position is not None:
        theme.position = int(position)
    theme.save()
    return theme


@transaction.atomic
def theme_remove(*, user: Any, theme_id: int) -> str:
    """Remove a theme no meeting has taken; a used theme stays with its meetings."""
    theme = _locked_theme(user, theme_id)
    used = theme.meetings.count()
    if used:
        raise ValidationError(
            f"'{theme.name}' is het thema van {used} bijeenkomst(en) en blijft in de lijst; "
            "pas de naam aan of kies bij die bijeenkomsten een ander thema."
        )
    name = theme.name
    theme.delete()
    return name


def join_day(year: SchoolYear, placement: Placement) -> dt.date:
    """Today in the running year; in another year (set up afterwards) the placement's start."""
    today = timezone.localdate()
    if year.contains(today):
        return max(today, placement.start_date)
    return placement.start_date


def _require(user: Any, capability: str, year: SchoolYear | None = None) -> None:
    if not can(user, capability, year):
        raise PermissionDenied


def _locked_group(user: Any, group_id: int, *, or_online: bool = False) -> IntervisionGroup:
    """The group, locked, if the user is an SO of one of its locations (else a 404); with
    or_online, also any online group of the year (it serves several schools)."""
    group = (
        IntervisionGroup.objects.select_for_update().select_related("school_year").get(pk=group_id)
    )
    _require(user, "intervision.manage", group.school_year)
    scope = get_scope(user, group.school_year)
    if or_online and group.is_online:
        return group
    if not group.locations.filter(pk__in=selectors.managed_location_ids(scope)).exists():
        raise IntervisionGroup.DoesNotExist
    return group


def _managed_placement(user: Any, placement_id: int, year: SchoolYear) -> Placement:
    scope = get_scope(user, year)
    try:
        return Placement.objects.select_related("student", "location").get(
            pk=placement_id,
            school_year=year,
            location_id__in=selectors.managed_location_ids(scope),
        )
    except Placement.DoesNotExist as exc:
        raise ValidationError("Deze student hoort niet bij je eigen locaties.") from exc


def _check_fits(group: IntervisionGroup, placement: Placement) -> None:
    """A student joins a group of their own school (of either band: part-time and master
    students often join whichever group meets when they can), or an online group, which
    serves students from several schools."""
    if group.is_online:
        return
    if not group.locations.filter(pk=placement.location_id).exists():
        raise ValidationError(
            f"{placement.student.full_name} loopt stage op {placement.location}: kies een "
            "groep van die school of een online groep."
        )


def _join(group: IntervisionGroup, placement: Placement, day: dt.date) -> Membership:
    if placement.status not in OPEN_STATUSES:
        raise ValidationError(f"De stage van {placement.student.full_name} loopt niet meer.")
    try:
        with transaction.atomic():
            return Membership.objects.create(group=group, placement=placement, joined_on=day)
    except IntegrityError as exc:
        raise ValidationError(
            f"{placement.student.full_name} zit al in een intervisiegroep; verplaats de "
            "student in plaats van toevoegen."
        ) from exc


# The length of a group's name, as its model and form have it.
GROUP_NAME_MAX = 120


@transaction.atomic
def group_create(
    *,
    user: Any,
    name: str,
    band: str,
    location_ids: Iterable[int],
    is_online: bool = False,
    year: SchoolYear | None = None,
) -> IntervisionGroup:
    scope = get_scope(user, year)
    _require(user, "intervision.manage", scope.year)
    locations = set(location_ids)
    name = name.strip()
    # All problems at once, each on its field.
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Geef de groep een naam."
    elif len(name) > GROUP_NAME_MAX:
        errors["name"] = f"De naam mag hoogstens {GROUP_NAME_MAX} tekens lang zijn."
    if band not in Band.values:
        errors["band"] = "Onbekende doelgroep."
    if not locations:
        errors["locations"] = "Kies minstens één locatie."
    elif not locations <= selectors.managed_location_ids(scope):
        errors["locations"] = "Je kunt alleen groepen op je eigen locaties maken."
    if errors:
        raise ValidationError(errors)
    group = IntervisionGroup.objects.create(
        school_year=scope.year, name=name, band=band, is_online=is_online
    )
    group.locations.set(locations)
    return group


def online_group_locations(year: SchoolYear) -> frozenset[int]:
    """The schools an online group may serve: those with an SO in the year, who plan its
    meetings and place their students in it."""
    return frozenset(
        RoleAssignment.objects.filter(school_year=year, role=Role.SO)
        .exclude(locations=None)
        .values_list("locations", flat=True)
    )


@transaction.atomic
def online_group_create(
    *, user: Any, name: str, location_ids: Iterable[int], year: SchoolYear | None = None
) -> IntervisionGroup:
    """The projectleider makes an online group for students of several schools who cannot
    come to their school's meetings; the SOs of the chosen schools run it."""
    scope = get_scope(user, year)
    _require(user, "intervision.online_groups", scope.year)
    ensure_open(scope.year)
    locations = set(location_ids)
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Geef de groep een naam."
    elif len(name) > GROUP_NAME_MAX:
        errors["name"] = f"De naam mag hoogstens {GROUP_NAME_MAX} tekens lang zijn."
    if not locations:
        errors["locations"] = (
            "Kies minstens één school; haar schoolopleider plant de bijeenkomsten."
        )
    elif not locations <= online_group_locations(scope.year):
        errors["locations"] = "Kies scholen met een schoolopleider in dit schooljaar."
    if errors:
        raise ValidationError(errors)
    group = IntervisionGroup.objects.create(
        school_year=scope.year, name=name, band=Band.MIXED, is_online=True
    )
    group.locations.set(locations)
    return group


@transaction.atomic
def group_delete(*, user: Any, group_id: int) -> str:
    """Remove a group that has not met yet; its students are "not in a group" again. A group
    with held meetings stays, so its attendance keeps its history."""
    group = _locked_group(user, group_id)
    if group.meetings.filter(attendance_recorded_at__isnull=False).exists():
        raise ValidationError(
            "Deze groep heeft al bijeenkomsten gehad en blijft bewaard; verplaats de "
            "studenten naar een andere groep."
        )
    name = group.name
    group.delete()
    return name


@transaction.atomic
def groups_from_suggestion(
    *, user: Any, indexes: Iterable[int] | None = None, year: SchoolYear | None = None
) -> list[IntervisionGroup]:
    """Turn the suggestion (all of it, or the chosen ones by position) into groups. The
    suggestion is computed again here, under a lock, so it matches what is stored."""
    scope = get_scope(user, year)
    _require(user, "intervision.manage", scope.year)
    # One SO at a time turns suggestions into groups: a suggestion may combine a small
    # school with another SO's small school, so the year's open placements are locked.
    list(
        Placement.objects.select_for_update()
        .filter(school_year=scope.year, status__in=OPEN_STATUSES)
        .values_list("pk", flat=True)
    )
    suggested = selectors.suggestion(user=user, year=scope.year)
    chosen = set(range(len(suggested))) if indexes is None else set(indexes)
    if not chosen or not chosen <= set(range(len(suggested))):
        raise ValidationError("Kies minstens één voorgestelde groep.")
    created = []
    for index in sorted(chosen):
        item = suggested[index]
        group = IntervisionGroup.objects.create(
            school_year=scope.year, name=item["name"][:120], band=item["group"].band
        )
        group.locations.set(item["group"].location_ids)
        for placement in item["placements"]:
            _join(group, placement, join_day(scope.year, placement))
        created.append(group)
    return created


@transaction.atomic
def member_add(
    *, user: Any, group_id: int, placement_id: int, day: dt.date | None = None
) -> Membership:
    group = _locked_group(user, group_id, or_online=True)
    placement = _managed_placement(user, placement_id, group.school_year)
    _check_fits(group, placement)
    return _join(group, placement, day or join_day(group.school_year, placement))


def _locked_membership(user: Any, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("placement__student", "group__school_year")
        .get(pk=membership_id, left_on__isnull=True)
    )
    scope = get_scope(user, membership.group.school_year)
    _require(user, "intervision.manage", membership.group.school_year)
    if membership.placement.location_id not in selectors.managed_location_ids(scope):
        raise Membership.DoesNotExist
    return membership


def _close(membership: Membership, day: dt.date) -> None:
    # Leaving on the day one joined removes the membership without a trace in attendance.
    membership.left_on = max(day, membership.joined_on)
    membership.save(update_fields=["left_on"])


@transaction.atomic
def member_remove(*, user: Any, membership_id: int, day: dt.date | None = None) -> None:
    membership = _locked_membership(user, membership_id)
    _close(membership, day or join_day(membership.group.school_year, membership.placement))


@transaction.atomic
def member_move(
    *, user: Any, membership_id: int, group_id: int, day: dt.date | None = None
) -> Membership:
    membership = _locked_membership(user, membership_id)
    target = IntervisionGroup.objects.select_for_update().get(pk=group_id)
    scope = get_scope(user, target.school_year)
    managed = target.locations.filter(pk__in=selectors.managed_location_ids(scope)).exists()
    if target.school_year_id != membership.group.school_year_id or not (
        managed or target.is_online
    ):
        raise ValidationError("Kies een groep van je eigen locaties of een online groep.")
    if target.pk == membership.group_id:
        raise ValidationError("De student zit al in deze groep.")
    _check_fits(target, membership.placement)
    day = day or join_day(target.school_year, membership.placement)
    _close(membership, day)
    return _join(target, membership.placement, max(day, membership.placement.start_date))


def _role_at(person_id: int | None, role: str, group: IntervisionGroup) -> Person:
    location_ids = list(group.locations.values_list("pk", flat=True))
    assignment = (
        RoleAssignment.objects.filter(
            person_id=person_id,
            role=role,
            school_year=group.school_year,
            locations__in=location_ids,
        )
        .select_related("person")
        .first()
    )
    if assignment is None:
        raise ValidationError(
            {"leader": f"Kies een {Role(role).label.lower()} van de school van deze groep."}
        )
    return assignment.person


def _is_https(link: str) -> bool:
    """A meeting link is a full https address (no spaces, a host)."""
    parts = urlsplit(link)
    return parts.scheme == "https" and bool(parts.netloc) and not any(c.isspace() for c in link)


@transaction.atomic
def meeting_plan(
    *,
    user: Any,
    group_id: int,
    starts_at: dt.datetime,
    place: str = "",
    online_link: str = "",
    leader_kind: str,
    leader_id: int | None = None,
    leader_student_id: int | None = None,
    backup_id: int | None = None,
    method_ids: Iterable[int] = (),
    theme_id: int | None = None,
    meeting_id: int | None = None,
) -> Meeting:
    """Plan a meeting (or change one, with meeting_id). The leader is the SO, an IO or a
    WPB of the group's school, or a final-year or master student there with the SO or IO
    as back-up."""
    group = _locked_group(user, group_id)
    place, online_link = place.strip(), online_link.strip()
    # Every problem of the submit at once, each on its field: not one per attempt.
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if group.is_online and not online_link:
        refuse("online_link", "Een online groep komt online samen: vul de link in.")
    elif not place and not online_link:
        refuse("place", "Vul een plaats in of een link voor online.")
    if online_link and not _is_https(online_link):
        refuse("online_link", "De link moet een veilig webadres zijn dat begint met https://.")
    theme = None
    if theme_id is not None:
        theme = IntervisionTheme.objects.filter(pk=theme_id, school_year=group.school_year).first()
        if theme is None:
            refuse("theme", f"Kies een thema uit de lijst van {group.school_year}.")
    if len(place) > limits.PLACE_MAX:
        refuse("place", f"De plaats mag hoogstens {limits.PLACE_MAX} tekens lang zijn.")
    if not group.school_year.contains(timezone.localdate(starts_at)):
        refuse("starts_at", f"Kies een datum in schooljaar {group.school_year}.")
    leader = student = backup = None
    if leader_kind == LeaderKind.STUDENT:
        location_ids = list(group.locations.values_list("pk", flat=True))
        placement = (
            Placement.objects.filter(
                student_id=leader_student_id,
                school_year=group.school_year,
                location_id__in=location_ids,
                status__in=OPEN_STATUSES,
            )
            .select_related("student")
            .first()
        )
        if placement is None or not (placement.level in FINAL_LEVELS or placement.is_final):
            refuse("leader_student", "Kies een afstudeer- of masterstudent van deze school.")
        else:
            student = placement.student
        if backup_id is None:
            refuse("backup", "Een student leidt met de SO of IO als achtervang.")
        else:
            try:
                backup = _role_at(backup_id, Role.SO, group)
            except ValidationError:
                try:
                    backup = _role_at(backup_id, Role.IO, group)
                except ValidationError:
                    refuse("backup", "De achtervang is de SO of een IO van deze school.")
    elif leader_kind in (LeaderKind.SO, LeaderKind.IO, LeaderKind.WPB):
        if leader_id is None:
            refuse("leader", "Kies wie de bijeenkomst leidt.")
        else:
            try:
                leader = _role_at(leader_id, leader_kind, group)
            except ValidationError as error:
                for message in error.message_dict.get("leader", error.messages):
                    refuse("leader", message)
    else:
        refuse("leader_kind", "Kies wie de bijeenkomst leidt.")
    if errors:
        raise ValidationError(errors)
    methods = list(
        IntervisionMethod.objects.filter(school_year=group.school_year, pk__in=method_ids)
    )
    if meeting_id is None:
        meeting = Meeting(group=group)
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting_id, group=group)
    meeting.starts_at = starts_at
    meeting.place = place
    meeting.online_link = online_link
    meeting.leader_kind = leader_kind
    meeting.leader = leader
    meeting.leader_student = student
    meeting.backup = backup
    meeting.theme = theme
    meeting.save()
    meeting.methods.set(methods)
    return meeting


@transaction.atomic
def attendance_record(
    *, user: Any, meeting_id: int, statuses: Mapping[int, str]
) -> list[Attendance]:
    """Record who was there: every member of the group on the meeting's day gets a status.
    The SO of the group's school, or the meeting's leader or back-up, records it."""
    meeting = (
        Meeting.objects.select_for_update().select_related("group__school_year").get(pk=meeting_id)
    )
    selectors.meeting_get(user=user, pk=meeting_id)  # a 404 outside the user's groups
    members = selectors.members_on(meeting.group, timezone.localdate(meeting.starts_at))
    by_placement = {m.placement_id: m for m in members}
    unknown = set(statuses) - set(by_placement)
    if unknown:
        raise ValidationError("Er staan studenten in de lijst die niet in deze groep zitten.")
    missing = [m.placement.student.full_name for m in members if m.placement_id not in statuses]
    if missing:
        raise ValidationError(f"Kies aanwezig, afgemeld of afwezig voor {', '.join(missing)}.")
    if any(status not in AttendanceStatus.values for status in statuses.values()):
        raise ValidationError("Onbekende aanwezigheid.")
    if timezone.localdate(meeting.starts_at) > timezone.localdate():
        raise ValidationError("De bijeenkomst is nog niet geweest.")
    existing = {a.placement_id: a for a in meeting.attendance.all()}
    saved = []
    for placement_id, status in statuses.items():
        attendance = existing.get(placement_id) or Attendance(
            meeting=meeting, placement_id=placement_id
        )
        attendance.status = status
        attendance.recorded_by = user
        attendance.save()
        saved.append(attendance)
    meeting.attendance_recorded_at = timezone.now()
    meeting.save(update_fields=["attendance_recorded_at"])
    return saved


@transaction.atomic
def method_add(
    *, user: Any, name: str, kind: str, year: SchoolYear | None = None
) -> IntervisionMethod:
    scope = get_scope(user, year)
    _require(user, "intervision.methods", scope.year)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Geef het model een naam."})
    if kind not in MethodKind.values:
        raise ValidationError({"kind": "Onbekende soort."})
    if IntervisionMethod.objects.filter(school_year=scope.year, name__iexact=name).exists():
        raise ValidationError({"name": f"'{name}' staat al in de lijst van {scope.year}."})
    person = Person.objects.filter(pk=scope.person_id).first() if scope.has(Role.SO) else None
    return IntervisionMethod.objects.create(
        school_year=scope.year, name=name[:120], kind=kind, added_by=person
    )


POLICY_FIELDS = (
    "weeks_between_meetings",
    "min_attendance_percent",
    "absences_in_a_row",
    "min_group_size",
    "max_group_size",
)


@transaction.atomic
def policy_update(*, user: Any, year: SchoolYear, values: Mapping[str, int]) -> IntervisionPolicy:
    _require(user, "intervision.policy", year)
    IntervisionPolicy.objects.get_or_create(school_year=year)
    policy = IntervisionPolicy.objects.select_for_update().get(school_year=year)
    for name in POLICY_FIELDS:
        if name in values:
            setattr(policy, name, values[name])
    if policy.max_group_size < policy.min_group_size:
        raise ValidationError(
            {"max_group_size": "De maximale groepsgrootte is kleiner dan de minimale."}
        )
    policy.full_clean()
    policy.save()
    return policy


def _own_placement(user: Any, year: SchoolYear | None) -> tuple[Student, list[Placement]]:
    scope = get_scope(user, year)
    _require(user, "intervision.reflect", scope.year)
    student = Student.objects.get(pk=scope.student_id)
    placements = list(Placement.objects.filter(student=student, school_year=scope.year))
    return student, placements


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Schrijf je verslag; het is nog leeg."})
    if len(text) > MAX_REPORT_LENGTH:
        raise ValidationError(
            {"text": f"Je verslag is te lang: maximaal {MAX_REPORT_LENGTH} tekens."}
        )
    return text


@transaction.atomic
def reflection_save(
    *, user: Any, text: str, meeting_id: int | None = None, year: SchoolYear | None = None
) -> Reflection:
    """Write (or rewrite) the student's report of a meeting of their group, or their year
    review (meeting_id None). A shared report stays shared."""
    student, placements = _own_placement(user, year)
    text = _clean_text(text)
    if meeting_id is None:
        if not placements:
            raise ValidationError("Je hebt dit schooljaar geen stage.")
        placement = placements[-1]
        reflection = Reflection.objects.filter(
            placement__in=placements, kind=ReflectionKind.YEAR_REVIEW
        ).first() or Reflection(
            student=student, placement=placement, kind=ReflectionKind.YEAR_REVIEW
        )
    else:
        membership = (
            Membership.objects.filter(placement__in=placements, group__meetings__pk=meeting_id)
            .select_related("placement")
            .first()
        )
        if membership is None:
            raise Meeting.DoesNotExist
        reflection = Reflection.objects.filter(
            student=student, meeting_id=meeting_id, kind=ReflectionKind.MEETING
        ).first() or Reflection(
            student=student,
            placement=membership.placement,
            kind=ReflectionKind.MEETING,
            meeting_id=meeting_id,
        )
    reflection.text = text
    reflection.save()
    return reflection


@transaction.atomic
def reflection_share(
    *, user: Any, reflection_id: int, share: bool = True, year: SchoolYear | None = None
) -> Reflection:
    """Only the student shares (or withdraws) their own report."""
    scope = get_scope(user, year)
    _require(user, "intervision.reflect", scope.year)
    reflection = Reflection.objects.select_for_update().get(
        pk=reflection_id, student_id=scope.student_id
    )
    reflection.shared_at = timezone.now() if share else None
    reflection.save(update_fields=["shared_at"])
    return reflection
