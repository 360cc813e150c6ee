"""HR's decision and what follows it: acceptance with the letter, rejection, changes of
days, stop, end, the VOG claim; revealing protected data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from bos import partnership
from bos.models import User

from .. import notifications, storage
from ..models import (
    AccessAction,
    Action,
    DaysChange,
    DocumentKind,
    Status,
    StipendApplication,
    StipendDocument,
    VogClaim,
    first_of_next_month,
)
from ..selectors import is_so_of, may_reveal
from ._common import (
    _lock,
    _move,
    _record,
    _require_complete_and_eligible,
    _require_hr,
    _require_status,
    log_access,
)


@transaction.atomic
def accept(
    *, application: StipendApplication, actor: User, employee_reference: str = ""
) -> StipendApplication:
    """HR accepts a complete application: confirmation letter (PDF) to the student, SO in cc."""
    application = _lock(application)
    _require_hr(actor, application)
    _require_status(application, (Status.SUBMITTED,))
    result = _require_complete_and_eligible(
        application,
        "Onvolledige aanvragen worden niet verwerkt; stuur de aanvraag terug. Ontbreekt: "
        "%(items)s.",
    )
    application.employee_reference = (
        employee_reference.strip() or f"{partnership.current().short_name}-{application.pk:06d}"
    )
    application.decided_on = timezone.localdate()
    _move(
        application,
        actor=actor,
        to=Status.ACCEPTED,
        action=Action.ACCEPT,
        extra_fields=["employee_reference", "decided_on"],
    )
    from ..letter import render_letter

    pdf = render_letter(application, result)
    document = StipendDocument.objects.create(
        application=application,
        kind=DocumentKind.LETTER,
        stored_name=storage.save_bytes(pdf, ".pdf"),
        original_name=f"bevestiging-stagevergoeding-{application.pk}.pdf",
        content_type="application/pdf",
        size=len(pdf),
        uploaded_by=actor,
    )
    notifications.accepted(application, pdf, document.original_name)
    return application


@transaction.atomic
def reject(*, application: StipendApplication, actor: User, reason: str) -> StipendApplication:
    application = _lock(application)
    _require_hr(actor, application)
    if not reason.strip():
        raise ValidationError("Geef een reden op.", code="reason_required")
    _require_status(application, (Status.SUBMITTED,))
    application.decided_on = timezone.localdate()
    _move(
        application,
        actor=actor,
        to=Status.REJECTED,
        action=Action.REJECT,
        reason=reason.strip(),
        extra_fields=["decided_on"],
    )
    notifications.rejected(application, reason.strip())
    return application


def _require_in_placement(application: StipendApplication, day: dt.date, what: str) -> None:
    """Dates the SO or HR records lie within the placement (and no far date reaches the
    month arithmetic)."""
    placement = application.placement
    if not placement.start_date <= day <= placement.end_date:
        raise ValidationError(
            "%(what)s ligt binnen de stageperiode (%(start)s t/m %(end)s).",
            code="date",
            params={
                "what": what,
                "start": f"{placement.start_date:%d-%m-%Y}",
                "end": f"{placement.end_date:%d-%m-%Y}",
            },
        )


@transaction.atomic
def change_days(
    *, application: StipendApplication, actor: User, days: int, on: dt.date | None = None
) -> DaysChange:
    """A structural change of days, reported by the SO; effective from the next month."""
    application = _lock(application)
    if not is_so_of(actor, application):
        raise PermissionDenied
    _require_status(application, (Status.ACCEPTED,))
    if days not in (0, 1, 2, 3):
        raise ValidationError("Kies 0, 1, 2 of 3 dagen per week.", code="days")
    agreed = on or timezone.localdate()
    _require_in_placement(application, agreed, "De afspraakdatum")
    effective = first_of_next_month(agreed)
    change = DaysChange.objects.create(
        application=application,
        days_per_week=days,
        agreed_on=agreed,
        effective_from=effective,
        recorded_by=actor,
    )
    _record(
        application,
        actor=actor,
        action=Action.CHANGE_DAYS,
        from_status=application.status,
        reason=f"{days} dag(en) per week met ingang van {effective:%d-%m-%Y}",
    )
    notifications.notify_hr(application, "Wijziging aantal stagedagen")
    return change


@transaction.atomic
def stop(
    *,
    application: StipendApplication,
    actor: User,
    stop_date: dt.date,
    reason: str,
    obligations_unmet_confirmed: bool,
) -> StipendApplication:
    """Stop the stipend after WPB and SO judged the obligations unmet (having talked to the
    student and the IO), as the SO records."""
    application = _lock(application)
    if not is_so_of(actor, application):
        raise PermissionDenied
    _require_status(application, (Status.ACCEPTED,))
    if not obligations_unmet_confirmed:
        raise ValidationError(
            "Bevestig dat WPB en SO hebben geoordeeld dat de student niet aan de "
            "stageverplichtingen voldoet, na overleg met student en IO.",
            code="not_confirmed",
        )
    if not reason.strip():
        raise ValidationError("Geef een reden op.", code="reason_required")
    if application.start_date and stop_date < application.start_date:
        raise ValidationError("De stopdatum ligt voor de start van de stage.", code="date")
    _require_in_placement(application, stop_date, "De stopdatum")
    application.stopped_on = stop_date
    application.stop_reason = reason.strip()
    _move(
        application,
        actor=actor,
        to=Status.STOPPED,
        action=Action.STOP,
        reason=reason.strip(),
        extra_fields=["stopped_on", "stop_reason"],
    )
    notifications.notify_hr(application, "Stagevergoeding stopgezet")
    return application


@transaction.atomic
def end(
    *, application: StipendApplication, actor: User, end_date: dt.date | None = None
) -> StipendApplication:
    """End at the agreed end date (or earlier/later on the SO's notice)."""
    application = _lock(application)
    if not (is_so_of(actor, application) or may_reveal(actor, application)):
        raise PermissionDenied
    _require_status(application, (Status.ACCEPTED,))
    application.ended_on = end_date or application.end_date
    if application.ended_on is None:
        raise ValidationError("Geef een einddatum op.", code="date")
    _require_in_placement(application, application.ended_on, "De einddatum")
    _move(
        application,
        actor=actor,
        to=Status.ENDED,
        action=Action.END,
        reason=f"per {application.ended_on:%d-%m-%Y}",
        extra_fields=["ended_on"],
    )
    notifications.notify_hr(application, "Stagevergoeding beëindigd")
    return application


@transaction.atomic
def update_vog_claim(
    *, application: StipendApplication, actor: User, claim: str, amount: Decimal | None
) -> StipendApplication:
    application = _lock(application)
    _require_hr(actor, application)
    _require_status(application, (Status.ACCEPTED, Status.STOPPED, Status.ENDED))
    if claim not in VogClaim.values:
        raise ValidationError("Onbekende status van de VOG-declaratie.", code="vog")
    if amount is not None and amount < 0:
        raise ValidationError("Het bedrag mag niet negatief zijn.", code="amount")
    application.vog_claim = claim
    application.vog_claim_amount = amount
    application.vog_claim_updated_on = timezone.localdate()
    application.save(
        update_fields=["vog_claim", "vog_claim_amount", "vog_claim_updated_on", "updated_at"]
    )
    _record(
        application,
        actor=actor,
        action=Action.VOG,
        from_status=application.status,
        reason=application.get_vog_claim_display(),
    )
    return application


@sensitive_variables("value")
def reveal(*, application: StipendApplication, actor: User, field: str) -> str:
    """The plaintext of one protected field for HR of the right board; every reveal is
    logged."""
    actions = {
        "bsn": AccessAction.REVEAL_BSN,
        "iban": AccessAction.REVEAL_IBAN,
        "date_of_birth": AccessAction.REVEAL_BIRTH,
    }
    if field not in actions:
        raise ValueError(field)
    if not may_reveal(actor, application):
        raise PermissionDenied
    log_access(application=application, user=actor, action=actions[field])
    value = getattr(application, field)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    return value or ""


def duplicates_of(application: StipendApplication) -> list[StipendApplication]:
    """Other live applications with the same BSN (found by keyed hash)."""
    if not application.bsn_hash:
        return []
    return list(
        StipendApplication.objects.filter(bsn_hash=application.bsn_hash, anonymised_at=None)
        .exclude(pk=application.pk)
        .exclude(status=Status.REJECTED)
    )
