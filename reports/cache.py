"""A cache of built report documents (`reports.document`) per school year, so the report
page does not recompute every figure on each visit.

Each year has a version number in the cache; a write to anything a year's report reads
raises that year's version (and a write to something without a year, such as a student or
an institute, raises the version of every year). A cached report is stored under the
versions of its own year and every earlier one, because a report also reads the previous
year (comparison, subsidy, carried reserve) and every earlier year's kept key values (the
series over the years). Writes that bypass model signals (bulk updates)
are covered by the time limit `REPORT_CACHE_SECONDS`; 0 switches the cache off.

The last report built for a year and scope is also kept without a version. When a write has
made the current one stale, the page shows that last report at once, saying when it was
built, while a Celery task builds the new one (stale-while-revalidate): at a region's scale
a build takes seconds, and every SO's edit would otherwise make the next visitor wait.
Pages that must be current (the budget, downloads) ask for `fresh` and build in place; with
Celery inline (development, tests) every page does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from bos.models import SchoolYear
from bos.queue import enqueue_on_commit

ALL_YEARS = "all"
VERSION_KEY = "report:version:{}"
# Cached reports are pickled `reports.document.Report`s; the format's number in their keys
# is raised when that class moves or changes, so a value of an older release is never read.
FORMAT = "v3"
LAST_KEY = "report:" + FORMAT + ":last:{}:{}"
REFRESHING_KEY = "report:refreshing:{}:{}"
# A refresh that died (a worker lost mid-build) blocks the next one at most this long.
REFRESH_LOCK_SECONDS = 300
# The last report is kept a day: long enough for a quiet night, short of going stale for good.
LAST_SECONDS = 24 * 3600


def timeout() -> int:
    return int(getattr(settings, "REPORT_CACHE_SECONDS", 900))


def _versions(year: SchoolYear) -> str:
    year_ids = list(
        SchoolYear.objects.filter(start_date__lte=year.start_date)
        .order_by("start_date")
        .values_list("pk", flat=True)
    )
    keys = [VERSION_KEY.format(ALL_YEARS), *(VERSION_KEY.format(pk) for pk in year_ids)]
    found = cache.get_many(keys)
    return ".".join(f"{found.get(key, 0)}" for key in keys) + f"@{','.join(map(str, year_ids))}"


def _scope(location_ids: frozenset[int] | None) -> str:
    part = "all" if location_ids is None else ",".join(map(str, sorted(location_ids)))
    return hashlib.sha256(part.encode()).hexdigest()[:32]


def report_key(year: SchoolYear, location_ids: frozenset[int] | None) -> str:
    digest = hashlib.sha256(f"{_scope(location_ids)}|{_versions(year)}".encode()).hexdigest()
    return f"report:{FORMAT}:{year.pk}:{digest[:32]}"


@dataclass(frozen=True)
class Cached:
    """A value from the cache; `stale` when it is the last one built and a newer one is
    being built in the background."""

    value: Any
    stale: bool = False


def refresh_in_background() -> bool:
    return not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)


def cached(
    year: SchoolYear,
    location_ids: frozenset[int] | None,
    build: Callable[[], Any],
    *,
    fresh: bool = False,
) -> Cached:
    seconds = timeout()
    if seconds <= 0:
        return Cached(build())
    key = report_key(year, location_ids)
    value = cache.get(key)
    if value is not None:
        return Cached(value)
    if not fresh and refresh_in_background():
        last = cache.get(LAST_KEY.format(year.pk, _scope(location_ids)))
        if last is not None:
            schedule_refresh(year, location_ids)
            return Cached(last, stale=True)
    value = build()
    store(year, location_ids, key, value)
    return Cached(value)


def store(year: SchoolYear, location_ids: frozenset[int] | None, key: str, value: Any) -> None:
    """Keep a built value under its versioned key (computed before the build, so a write
    during the build leaves it stale) and as the last one built."""
    cache.set(key, value, timeout())
    cache.set(LAST_KEY.format(year.pk, _scope(location_ids)), value, LAST_SECONDS)


def schedule_refresh(year: SchoolYear, location_ids: frozenset[int] | None) -> None:
    """Build this scope's report in a task once the transaction commits; one at a time."""
    lock = REFRESHING_KEY.format(year.pk, _scope(location_ids))
    if not cache.add(lock, 1, REFRESH_LOCK_SECONDS):
        return
    ids = None if location_ids is None else sorted(location_ids)
    # Robust: a broker that is down is logged, and the page still shows the last report
    # (the lock lapses after REFRESH_LOCK_SECONDS, then a visit tries again).
    enqueue_on_commit("reports.tasks.refresh_report", year.pk, ids, robust=True)


def refreshed(year: SchoolYear, location_ids: frozenset[int] | None) -> None:
    cache.delete(REFRESHING_KEY.format(year.pk, _scope(location_ids)))


def invalidate(year_id: int | None) -> None:
    """Raise a year's version (None: every year's) once the transaction commits."""
    key = VERSION_KEY.format(ALL_YEARS if year_id is None else year_id)

    def bump() -> None:
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, None)

    transaction.on_commit(bump)


# Which field of each model leads to its school year; None: the model is not per year.
YEAR_OF: dict[str, str | None] = {
    "placements.Placement": "school_year_id",
    "placements.Student": None,
    "placements.TargetAdjustment": "school_year_id",
    "bos.LocationYear": "school_year_id",
    "bos.RoleAssignment": "school_year_id",
    "bos.InstitutePartnership": "school_year_id",
    "bos.Institute": None,
    "bos.SchoolLocation": None,
    "bos.SchoolBoard": None,
    "bos.SchoolYear": None,
    "bos.Person": None,
    "facilitation.Policy": "school_year_id",
    "facilitation.GrantedHours": "school_year_id",
    "facilitation.LocationCountBasis": "school_year_id",
    "afternoons.DeepeningAfternoon": "school_year_id",
    "intervision.IntervisionGroup": "school_year_id",
    "intervision.Membership": "group__school_year_id",
    "intervision.Meeting": "group__school_year_id",
    "intervision.Attendance": "meeting__group__school_year_id",
    "intervision.Reflection": "placement__school_year_id",
    "reports.Budget": "school_year_id",
    "reports.BudgetSection": "budget__school_year_id",
    "reports.BudgetLine": "section__budget__school_year_id",
    "reports.BudgetVersion": "budget__school_year_id",
    "reports.ActualEntry": "line__section__budget__school_year_id",
    "reports.UnknownCounts": "school_year_id",
    "reports.SupportStaff": "school_year_id",
    "reports.ReportTargets": "school_year_id",
    "induction.Starter": "school_year_id",
    "induction.BuildingBlockStatus": "school_year_id",
    # Figure 4: the plan's themes as the year keeps them.
    "professionalization.Theme": "school_year_id",
    "professionalization.ProfessionalizationPolicy": "school_year_id",
    "governance.Decision": "school_year_id",
    "governance.DecisionChange": "decision__school_year_id",
    # Figure 14: a survey's questions, invitees and responses (its answers are written with
    # their response, which is enough to drop the year).
    "surveys.Survey": "school_year_id",
    "surveys.SurveyPage": "survey__school_year_id",
    "surveys.Question": "page__survey__school_year_id",
    "surveys.Invitation": "survey__school_year_id",
    "surveys.Response": "survey__school_year_id",
    "surveys.SurveyPolicy": "school_year_id",
    # A closed year's snapshot holds the reserve the next year carries in.
    "reports.ReportSnapshot": "school_year_id",
}


def _year_of(instance: Any, path: str | None) -> int | None:
    if path is None:
        return None
    value: Any = instance
    parts = path.split("__")
    for part in parts[:-1]:
        value = getattr(value, part, None)
        if value is None:
            return None
    return getattr(value, parts[-1], None)


def watch(label: str, path: str | None) -> None:
    """Invalidate the report of the year at `path` of each saved or deleted `label` row;
    apps whose data a report reads (through a registered reader) call this at start-up."""
    from django.apps import apps

    model = apps.get_model(label)

    def changed(sender: Any, instance: Any, **kwargs: Any) -> None:
        try:
            invalidate(_year_of(instance, path))
        except Exception:  # a half-deleted parent: be safe and drop every year
            invalidate(None)

    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"report-cache-{label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"report-cache-del-{label}")


def connect() -> None:
    """Hook the invalidation to the writes of every model a report reads."""
    from django.apps import apps

    for label, path in YEAR_OF.items():
        watch(label, path)
    m2m_changed.connect(
        lambda sender, instance, **kwargs: invalidate(getattr(instance, "school_year_id", None)),
        sender=apps.get_model("bos.RoleAssignment").locations.through,
        weak=False,
        dispatch_uid="report-cache-role-locations",
    )
    m2m_changed.connect(
        lambda sender, instance, **kwargs: invalidate(getattr(instance, "school_year_id", None)),
        sender=apps.get_model("intervision.IntervisionGroup").locations.through,
        weak=False,
        dispatch_uid="report-cache-intervision-group-locations",
    )
