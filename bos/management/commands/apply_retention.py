"""Apply the retention periods (AVG) of BOS_RETENTION_DAYS. Scheduled daily.

    manage.py apply_retention [--dry-run]

- students: anonymised when their last placement ended more than `student` days ago (and
  they have no open placement), or, without any placement, were registered that long ago;
- staff: anonymised when the last school year in which they held a role, and their last
  placement as SO, IO or WPB, ended more than `staff` days ago;
- audit entries: deleted when older than `audit` days (the only deletion the audit table's
  trigger allows).

Anonymising keeps the records the annual reports count, without the person. What it did is
logged and written to the audit trail (field names only, never the erased values)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from bos import audit
from bos.audit.triggers import purge_window
from bos.models import AuditEntry, Person, User
from placements.models import OPEN_STATUSES, Student

logger = logging.getLogger("bos.retention")

ANONYMOUS_DOMAIN = "anoniem.invalid"
ANONYMOUS_FIRST_NAME = "Geanonimiseerd"


def _erase_account(user: User | None, label: str) -> None:
    if user is None:
        return
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.email = f"{label}@{ANONYMOUS_DOMAIN}"
    user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def expired_students(today: dt.date) -> list[Student]:
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


def expired_staff(today: dt.date) -> list[Person]:
    cutoff = today - dt.timedelta(days=settings.BOS_RETENTION_DAYS["staff"])
    active_roles = Q(roles__school_year__end_date__gte=cutoff)
    recent_placements = (
        Q(placements_as_so__end_date__gte=cutoff)
        | Q(placements_as_io__end_date__gte=cutoff)
        | Q(placements_as_wpb__end_date__gte=cutoff)
    )
    return list(
        Person.objects.exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
        .filter(roles__isnull=False)
        .exclude(pk__in=Person.objects.filter(active_roles).values("pk"))
        .exclude(pk__in=Person.objects.filter(recent_placements).values("pk"))
        .distinct()
    )


class Command(BaseCommand):
    help = "Pas de bewaartermijnen toe: anonimiseer oud-studenten en oud-medewerkers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen, niets wijzigen")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        students = expired_students(today)
        staff = expired_staff(today)
        audit_cutoff = timezone.now() - dt.timedelta(days=settings.BOS_RETENTION_DAYS["audit"])
        old_entries = AuditEntry.objects.filter(created_at__lt=audit_cutoff)
        summary = {
            "studenten_geanonimiseerd": len(students),
            "medewerkers_geanonimiseerd": len(staff),
            "auditregels_verwijderd": old_entries.count(),
        }
        if options["dry_run"]:
            self.stdout.write(f"Proefdraai, niets gewijzigd: {summary}")
            return
        with transaction.atomic(), audit.hidden_values():
            for student in students:
                label = f"student-{student.pk}"
                user = student.user
                student.first_name, student.last_name = ANONYMOUS_FIRST_NAME, f"#{student.pk}"
                student.email = f"{label}@{ANONYMOUS_DOMAIN}"
                student.student_number = f"ANON-{student.pk}"
                student.user = None
                student.save()
                _erase_account(user, label)
            for person in staff:
                label = f"medewerker-{person.pk}"
                user = person.user
                person.first_name, person.last_name = ANONYMOUS_FIRST_NAME, f"#{person.pk}"
                person.email = f"{label}@{ANONYMOUS_DOMAIN}"
                person.user = None
                person.save()
                _erase_account(user, label)
            with purge_window(audit_cutoff):
                old_entries.delete()
            audit.record("retention", changes=summary)
        logger.info("Bewaartermijnen toegepast: %s", summary)
        self.stdout.write(f"Bewaartermijnen toegepast: {summary}")
