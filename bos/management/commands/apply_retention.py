"""Apply the retention periods (AVG) of BOS_RETENTION_DAYS. Scheduled daily.

    manage.py apply_retention [--dry-run]

- students: anonymised when their last placement ended more than `student` days ago (and
  they have no open placement), or, without any placement, were registered that long ago;
- staff: anonymised when the last school year in which they held a role, and their last
  placement as SO, IO or WPB, ended more than `staff` days ago;
- audit entries: deleted when older than `audit` days (the only deletion the audit table's
  trigger allows).

Anonymising keeps the records the annual reports count, without the person. What it did is
logged and written to the audit trail (field names only, never the erased values).

The students, and the placements that keep staff active, are the placements app's: it
registers them with `bos.privacy`, so this command names no app."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from bos import audit, privacy
from bos.audit.triggers import purge_window
from bos.models import AuditEntry, Person, User
from bos.privacy import ANONYMOUS_DOMAIN, ANONYMOUS_FIRST_NAME

logger = logging.getLogger("bos.retention")


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


def expired_staff(today: dt.date) -> list[Person]:
    cutoff = today - dt.timedelta(days=settings.BOS_RETENTION_DAYS["staff"])
    active_roles = Q(roles__school_year__end_date__gte=cutoff)
    staff = (
        Person.objects.exclude(email__endswith=f"@{ANONYMOUS_DOMAIN}")
        .filter(roles__isnull=False)
        .exclude(pk__in=Person.objects.filter(active_roles).values("pk"))
    )
    # What keeps staff active in the apps (a recent placement as SO, IO or WPB): bos.privacy.
    activity = privacy.staff_activity(cutoff)
    if activity:
        staff = staff.exclude(pk__in=Person.objects.filter(reduce(or_, activity)).values("pk"))
    return list(staff.distinct())


def _anonymise(record: Any, label: str, also: Callable[[Any], None] | None = None) -> None:
    user = record.user
    record.first_name, record.last_name = ANONYMOUS_FIRST_NAME, f"#{record.pk}"
    record.email = f"{label}@{ANONYMOUS_DOMAIN}"
    if also is not None:
        also(record)
    record.user = None
    record.save()
    _erase_account(user, label)


class Command(BaseCommand):
    help = "Pas de bewaartermijnen toe: anonimiseer oud-studenten en oud-medewerkers."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="alleen tonen, niets wijzigen")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        # The apps' own people first (students), then the staff, then the audit trail.
        expired: list[tuple[privacy.PersonRecords, list[models.Model]]] = [
            (kind, kind.expired(today)) for kind in privacy.registered_people()
        ]
        staff = expired_staff(today)
        audit_cutoff = timezone.now() - dt.timedelta(days=settings.BOS_RETENTION_DAYS["audit"])
        old_entries = AuditEntry.objects.filter(created_at__lt=audit_cutoff)
        summary = {
            **{kind.summary_key: len(records) for kind, records in expired},
            "medewerkers_geanonimiseerd": len(staff),
            "auditregels_verwijderd": old_entries.count(),
        }
        if options["dry_run"]:
            self.stdout.write(f"Proefdraai, niets gewijzigd: {summary}")
            return
        with transaction.atomic(), audit.hidden_values():
            for kind, records in expired:
                for record in records:
                    _anonymise(record, f"{kind.label}-{record.pk}", kind.anonymise)
            for person in staff:
                _anonymise(person, f"medewerker-{person.pk}")
            with purge_window(audit_cutoff):
                old_entries.delete()
            audit.record("retention", changes=summary)
        logger.info("Bewaartermijnen toegepast: %s", summary)
        self.stdout.write(f"Bewaartermijnen toegepast: {summary}")
