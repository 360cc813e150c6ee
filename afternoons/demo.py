"""Demo data of the verdiepingsmiddagen, made through the services: the afternoons of
2020-2021 as figure 3 of that report lists them, and in the running year when it has
placements: a whole cycle (invitations, choices, the assignment, attendance and evaluations)
for an afternoon before the day of loading, and a next afternoon whose choice deadline is
still ahead, so a student can choose themes on any day of the year."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.demo.dates import from_today, shift_into, today
from bos.demo.organisation import read_csv
from bos.models import Institute, SchoolYear, User
from placements.models import Placement

from . import selectors, services
from .models import DeepeningAfternoon, MeetingMode, Workshop

# Figure 3 names its audiences in Dutch; the CSV keeps short English descriptions. Each
# audience is also a selection of institutes and levels, so the invitations can be made.
AUDIENCES: dict[str, tuple[str, list[str], list[str]]] = {
    "FLOT first-years": ("Eerstejaars FLOT", ["FLOT"], ["VT1"]),
    "HR first-years and ESoE minors": (
        "Eerstejaars HR en minorstudenten ESoE",
        ["HR", "ESoE"],
        ["VT1", "minor_P1"],
    ),
}

# The running year's cycle: three workshops, one theme in two groups.
CYCLE_WORKSHOPS = [
    ("Klassenmanagement in de eerste weken", 40, MeetingMode.ON_SITE, "Newmancollege, aula"),
    ("Klassenmanagement in de eerste weken", 40, MeetingMode.ON_SITE, "Newmancollege, lokaal 12"),
    ("Omgaan met verschillen", 60, MeetingMode.ON_SITE, "Beatrix College, mediatheek"),
    ("Online lesgeven dat werkt", 120, MeetingMode.ONLINE, "https://bos.example/online/middag-1"),
]


def _actor() -> User:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _workshop(
    actor: User, afternoon: DeepeningAfternoon, order: int, theme: str, **values: object
) -> Workshop:
    existing = afternoon.workshops.filter(order=order).first()
    return services.workshop_save(
        actor=actor, afternoon=afternoon, theme=theme, workshop=existing, **values
    )


def load_figure_3(year: SchoolYear, actor: User) -> None:
    for row in read_csv("verdiepingsmiddagen_2020_2021.csv"):
        label, codes, levels = AUDIENCES.get(row["audience"], (row["audience"], [], []))
        date = dt.date.fromisoformat(row["date"])
        number = int(row["afternoon"])
        existing = DeepeningAfternoon.objects.filter(
            school_year=year, number=number, date=date, audience=label
        ).first()
        afternoon = services.afternoon_save(
            actor=actor,
            year=year,
            number=number,
            date=date,
            audience=label,
            institutes=Institute.objects.filter(short_name__in=codes),
            levels=levels,
            afternoon=existing,
        )
        mode = MeetingMode.ONLINE if row["mode"] == "online" else MeetingMode.ON_SITE
        themes = [theme.strip() for theme in row["themes"].split(";") if theme.strip()]
        for order, theme in enumerate(themes):
            _workshop(actor, afternoon, order, theme, capacity=None, mode=mode)


def running_year(after: SchoolYear) -> SchoolYear | None:
    """The latest year after the demo's historic year that has placements."""
    return (
        SchoolYear.objects.filter(start_date__gt=after.start_date, placements__isnull=False)
        .distinct()
        .order_by("-start_date")
        .first()
    )


def cycle_date(year: SchoolYear) -> dt.date | None:
    """Afternoon 1's day: mid-November, or a week before the day of loading if that is
    earlier; none when the year is too young to have held one."""
    date = shift_into(year, dt.date(2021, 11, 18))
    if not year.contains(today()):
        return date
    date = min(date, today() - dt.timedelta(days=7))
    return date if date >= year.start_date + dt.timedelta(days=35) else None


def load_cycle(year: SchoolYear, actor: User) -> DeepeningAfternoon | None:
    """Afternoon 1 of the running year from planning to evaluation."""
    existing = DeepeningAfternoon.objects.filter(school_year=year, number=1).first()
    if existing is not None and existing.published_at is not None:
        return existing  # the cycle has run: loading again changes nothing
    date = cycle_date(year)
    if date is None:
        return None
    deadline = date - dt.timedelta(days=14)
    afternoon = services.afternoon_save(
        actor=actor,
        year=year,
        number=1,
        date=date,
        audience="Alle studenten",
        choice_deadline=deadline,
        start_time=dt.time(13, 30),
        end_time=dt.time(16, 30),
        afternoon=existing,
    )
    for order, (theme, capacity, mode, where) in enumerate(CYCLE_WORKSHOPS):
        place = {"online_link": where} if mode == MeetingMode.ONLINE else {"location": where}
        _workshop(actor, afternoon, order, theme, capacity=capacity, mode=mode, **place)
    invite_day = deadline - dt.timedelta(days=14)
    services.send_invitations(actor=actor, afternoon=afternoon, today=invite_day)
    options = selectors.theme_options(afternoon)
    invitations = list(afternoon.invitations.select_related("student__user").order_by("pk"))
    for index, invitation in enumerate(invitations):
        if index % 7 == 6 or invitation.student.user is None:
            continue  # about one in seven never chooses
        start = index % len(options)
        ranked = [options[(start + step) % len(options)] for step in range(len(options))]
        services.save_preferences(
            actor=invitation.student.user,
            afternoon=afternoon,
            workshops=ranked[:3],
            today=invite_day,
        )
    afternoon.refresh_from_db()
    services.run_assignment(actor=actor, afternoon=afternoon)
    afternoon = services.publish(actor=actor, afternoon=afternoon)
    for index, assignment in enumerate(selectors.assignments_of(afternoon)):
        # About two in three came: the report's goal is to see and raise this share.
        attended = index % 3 != 2
        services.record_attendance(actor=actor, assignment=assignment, attended=attended)
        user = assignment.student.user
        if attended and user is not None and index % 2 == 0:
            services.submit_evaluation(
                actor=user,
                afternoon=afternoon,
                score=3 + index % 3,
                comment="Leerzaam en praktisch." if index % 4 == 0 else "",
            )
    return afternoon


def load_open_afternoon(year: SchoolYear, actor: User) -> DeepeningAfternoon | None:
    """Afternoon 2: invitations sent, choosing open until a fortnight after the day of
    loading, the afternoon itself two weeks later (both inside the year)."""
    if not year.contains(today()):
        return None
    existing = DeepeningAfternoon.objects.filter(school_year=year, number=2).first()
    if existing is not None:
        return existing
    date = from_today(year, 28)
    deadline = max(today(), min(from_today(year, 14), date - dt.timedelta(days=1)))
    if deadline >= date:
        return None  # the year's last day: no afternoon left to choose for
    afternoon = services.afternoon_save(
        actor=actor,
        year=year,
        number=2,
        date=date,
        audience="Alle studenten",
        choice_deadline=deadline,
        start_time=dt.time(13, 30),
        end_time=dt.time(16, 30),
    )
    for order, (theme, capacity, mode, where) in enumerate(CYCLE_WORKSHOPS):
        place = {"online_link": where} if mode == MeetingMode.ONLINE else {"location": where}
        _workshop(actor, afternoon, order, theme, capacity=capacity, mode=mode, **place)
    services.send_invitations(actor=actor, afternoon=afternoon, today=today())
    return afternoon


def load_running_year(year: SchoolYear) -> None:
    """Called by the running year's demo once its placements exist."""
    if Placement.objects.filter(school_year=year).exists():
        actor = _actor()
        load_cycle(year, actor)
        load_open_afternoon(year, actor)


def load(ctx: DemoContext) -> None:
    actor = _actor()
    load_figure_3(ctx.year, actor)
    year = running_year(ctx.year)
    if year is not None:
        load_running_year(year)
