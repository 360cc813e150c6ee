"""The placements app's personal data for retention (registered in `apps.py` with
`bos.privacy`): students are people of their own; a placement as SO, IO or WPB keeps a staff
member active."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Max, Q

from bos.privacy import ANONYMOUS_DOMAIN

from .models import OPEN_STATUSES, Student


def expired_students(today: dt.date) -> list[Student]:
    """Students whose last placement ended more than `student` days ago (and who have no
    open placement), or, without any placement, were registered that long ago."""
    cutoff = today - dt.timedelta(days=settings.BOS_RETENTION_DAYS["student"])
    created_cutoff = dt.datetime.combine(cutoff, dt.time.min, tzinfo=dt.UTC)
    candidates = (
        Student.objects.exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
        .annotate(last_end=Max("placements__end_date"))
        .filter(Q(last_end__lt=cutoff) | Q(last_end__isnull=True, created_at__lt=created_cutoff))
        .exclude(placements__status__in=OPEN_STATUSES)
        .distinct()
    )
    return list(candidates)


def anonymise_student(student: Student) -> None:
    student.student_number = f"ANON-{student.pk}"


def recent_placement_roles(cutoff: dt.date) -> Q:
    """Staff with a placement as SO, IO or WPB ending on or after `cutoff`."""
    return (
        Q(placements_as_so__end_date__gte=cutoff)
        | Q(placements_as_io__end_date__gte=cutoff)
        | Q(placements_as_wpb__end_date__gte=cutoff)
    )
