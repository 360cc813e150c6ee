"""Shared helpers of the stipend services: locking, guards and the event record."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError

from bos.closing import ensure_open
from bos.models import User

from ..assessment import Assessment, assess
from ..completeness import missing_items
from ..models import AccessAction, AccessLogEntry, ApplicationEvent, StipendApplication
from ..selectors import may_reveal


def _name(user: User) -> str:
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    student = getattr(user, "student", None)
    if student is not None:
        return student.full_name
    return user.get_full_name() or user.email


def _lock(application: StipendApplication) -> StipendApplication:
    # Lock only the application row: the related rows come along through outer joins, which
    # PostgreSQL cannot lock.
    locked = (
        StipendApplication.objects.select_for_update(of=("self",))
        .select_related("placement__location__board__hr_office", "placement__student")
        .get(pk=application.pk)
    )
    # Every change of an application is a write to its placement's school year.
    ensure_open(locked.placement.school_year_id)
    return locked


def _record(
    application: StipendApplication,
    *,
    actor: User | None,
    action: str,
    from_status: str = "",
    reason: str = "",
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        action=action,
        actor=actor,
        actor_name=_name(actor) if actor else "systeem",
        from_status=from_status,
        to_status=application.status,
        reason=reason,
    )


def _require_status(application: StipendApplication, allowed: Iterable[str]) -> None:
    if application.status not in tuple(allowed):
        raise ValidationError(
            "Dit kan niet in de huidige status (%(status)s).",
            code="status",
            params={"status": application.get_status_display()},
        )


def _move(
    application: StipendApplication,
    *,
    actor: User,
    to: str,
    action: str,
    reason: str = "",
    extra_fields: Iterable[str] = (),
) -> StipendApplication:
    from_status = application.status
    application.status = to
    application.save(update_fields=["status", "updated_at", *extra_fields])
    _record(application, actor=actor, action=action, from_status=from_status, reason=reason)
    return application


def log_access(
    *, application: StipendApplication | None, user: User, action: str, detail: str = ""
) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        application=application,
        user=user,
        user_email=getattr(user, "email", ""),
        action=action,
        detail=detail[:300],
    )


def log_export(*, user: User, application_ids: list[int], detail: str) -> None:
    """A payroll export: one entry for the export as a whole and one on each application's
    own access log, so every application shows that its IBAN left the system."""
    email = getattr(user, "email", "")
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(
                application=None,
                user=user,
                user_email=email,
                action=AccessAction.EXPORT,
                detail=f"{detail}, {len(application_ids)} regel(s)"[:300],
            ),
            *(
                AccessLogEntry(
                    application_id=pk,
                    user=user,
                    user_email=email,
                    action=AccessAction.EXPORT,
                    detail=f"Betaalexport {detail} (met IBAN)"[:300],
                )
                for pk in application_ids
            ),
        ]
    )


def _require_hr(actor: User, application: StipendApplication) -> None:
    if not may_reveal(actor, application):
        raise PermissionDenied


def _require_complete_and_eligible(application: StipendApplication, incomplete: str) -> Assessment:
    """Incomplete applications are not processed (bijlage 9), and the rules must grant a
    stipend; `incomplete` is the step's message, with %(items)s for what is missing."""
    missing = missing_items(application)
    if missing:
        raise ValidationError(incomplete, code="incomplete", params={"items": "; ".join(missing)})
    result = assess(application)
    if not result.eligible:
        raise ValidationError(
            "Geen recht op stagevergoeding: %(why)s",
            code="not_eligible",
            params={"why": " ".join(result.explanation)},
        )
    return result
