"""From the first draft to HR: start, fill in, upload, sign, approve, send back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from bos import limits
from bos.closing import ensure_open
from bos.models import User
from placements.models import Placement

from .. import notifications, rules, storage
from ..models import (
    EDITABLE,
    FORM_FIELDS,
    Action,
    DocumentKind,
    Status,
    StipendApplication,
    StipendDocument,
)
from ..selectors import (
    is_director_of,
    is_own_student,
    is_so_of,
    may_reveal,
    placement_id_in_live_application,
)
from ..validators import normalise_iban, validate_iban
from ._common import (
    _lock,
    _move,
    _record,
    _require_complete_and_eligible,
    _require_status,
)


@transaction.atomic
def start_application(*, placement: Placement, actor: User) -> StipendApplication:
    """The SO (or the student, from the SO's link) starts an application, prefilled from the
    placement where known."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    ensure_open(placement.school_year_id)
    is_student = placement.student.user_id == actor.pk
    probe = StipendApplication(placement=placement)
    if not (is_student or is_so_of(actor, probe)):
        raise PermissionDenied
    if not placement.is_final:
        raise ValidationError(
            "Alleen voor een afrondende stage kan een stagevergoeding worden aangevraagd.",
            code="not_final",
        )
    if Placement.objects.filter(placement_id_in_live_application(), pk=placement.pk).exists():
        raise ValidationError(
            "Voor deze stage bestaat al een aanvraag.", code="duplicate_application"
        )
    student = placement.student
    so, wpb = placement.so, placement.wpb
    application = StipendApplication.objects.create(
        placement=placement,
        last_name=student.last_name,
        call_name=student.first_name,
        email=student.email,
        institute_name=student.institute.name,
        programme=student.programme,
        school_name=placement.location.name,
        start_date=placement.start_date,
        end_date=placement.end_date,
        days_per_week=min(int(placement.days_per_week), 3) or None,
        so_name=so.full_name if so else "",
        so_email=so.email if so else "",
        wpb_name=wpb.full_name if wpb else "",
    )
    _record(application, actor=actor, action=Action.CREATE)
    if not is_student:
        notifications.invite_student(application)
    return application


STALE_VERSION_MESSAGE = (
    "Iemand anders heeft deze aanvraag gewijzigd nadat u hem opende. Uw wijzigingen zijn niet "
    "opgeslagen: open de aanvraag opnieuw en voer ze daarna nog eens in."
)


@transaction.atomic
def update_application(
    *,
    application: StipendApplication,
    actor: User,
    data: Mapping[str, Any],
    version: int | None = None,
) -> StipendApplication:
    """Save the form (validated by the form); only while it is a concept or sent back.
    `version` is the version the user loaded: a save based on an older one is refused."""
    application = _lock(application)
    if not (is_own_student(actor, application) or is_so_of(actor, application)):
        raise PermissionDenied
    _require_status(application, EDITABLE)
    if version is not None and version != application.version:
        raise ValidationError(STALE_VERSION_MESSAGE)
    unknown = set(data) - set(FORM_FIELDS)
    if unknown:
        raise ValueError(f"Not a form field: {sorted(unknown)}")
    iban_changed = "iban" in data and (data["iban"] or "") != (application.iban or "")
    if iban_changed and not is_own_student(actor, application):
        raise ValidationError(ONLY_STUDENT_IBAN, code="iban_student_only")
    for name, value in data.items():
        setattr(application, name, value)
    placement = application.placement
    # The period comes from the placement and can only narrow it; so do the days.
    application.start_date = application.start_date or placement.start_date
    application.end_date = application.end_date or placement.end_date
    errors = rules.period_errors(
        placement_start=placement.start_date,
        placement_end=placement.end_date,
        placement_days=placement.days_per_week,
        start=application.start_date,
        end=application.end_date,
        days=application.days_per_week,
    )
    errors = {**errors, **_typed_value_errors(data)}
    if errors:
        raise ValidationError(errors)
    if not application.is_married:
        application.partner_initials = application.partner_last_name = ""
        application.partner_date_of_birth = None
    application.version += 1
    application.save()
    _record(application, actor=actor, action=Action.EDIT)
    if iban_changed and application.events.filter(action=Action.SIGN).exists():
        _record(application, actor=actor, action=Action.EDIT, reason=IBAN_CHANGED)
    return application


def _typed_value_errors(data: Mapping[str, Any]) -> dict[str, list[str]]:
    """The limits every form shares (bos.limits), for the values this save changes."""
    errors: dict[str, list[str]] = {}
    checks = {
        **{name: limits.validate_birth_date for name in ("date_of_birth", "partner_date_of_birth")},
        **{name: limits.validate_name for name in NAME_FIELDS},
    }
    for name, check in checks.items():
        if data.get(name):
            try:
                check(data[name])
            except ValidationError as error:
                errors[name] = error.messages
    return errors


NAME_FIELDS = ("last_name", "given_names", "call_name", "partner_initials", "partner_last_name")
ONLY_STUDENT_IBAN = "Alleen de student vult het rekeningnummer (IBAN) in of wijzigt het."
IBAN_CHANGED = "Rekeningnummer (IBAN) gewijzigd door de student na ondertekening."
# After signing the form is closed; the student may still change the bank account until HR
# decides, and the application then comes back to them to be signed again.
IBAN_CHANGE_STATUSES = (Status.SIGNED, Status.SO_APPROVED, Status.SUBMITTED)


@transaction.atomic
def change_iban(*, application: StipendApplication, actor: User, iban: str) -> StipendApplication:
    """The student's new bank account after signing: the application returns to the student
    (to sign again, and through the SO and director again) and the change is logged."""
    application = _lock(application)
    if not is_own_student(actor, application):
        raise PermissionDenied
    _require_status(application, IBAN_CHANGE_STATUSES)
    value = normalise_iban(iban)
    validate_iban(value)
    if value == application.iban:
        raise ValidationError("Dit is het rekeningnummer dat al is opgegeven.", code="same")
    application.iban = value
    application.version += 1
    application.save(update_fields=["iban", "version", "updated_at"])
    _move(
        application,
        actor=actor,
        to=Status.RETURNED,
        action=Action.SEND_BACK,
        reason=IBAN_CHANGED + " Onderteken de aanvraag opnieuw.",
        extra_fields=[],
    )
    return application


# The tax form and the VOG follow after the form was sent (bijlage 9), up to acceptance;
# everything else belongs to the form itself.
LATE_DOCUMENTS = (DocumentKind.TAX_FORM, DocumentKind.VOG)
LATE_DOCUMENT_STATUSES = (
    *EDITABLE,
    Status.SIGNED,
    Status.SO_APPROVED,
    Status.SUBMITTED,
    Status.ACCEPTED,
)


@transaction.atomic
def add_document(
    *, application: StipendApplication, actor: User, kind: str, upload: UploadedFile
) -> StipendDocument:
    application = _lock(application)
    own = is_own_student(actor, application) or is_so_of(actor, application)
    if kind == DocumentKind.LETTER or not (own or may_reveal(actor, application)):
        raise PermissionDenied
    if kind in LATE_DOCUMENTS:
        _require_status(application, LATE_DOCUMENT_STATUSES)
    else:
        _require_status(application, EDITABLE)
    content_type, extension = storage.check_upload(upload)
    stored_name = storage.save(upload, extension)
    try:
        document = StipendDocument.objects.create(
            application=application,
            kind=kind,
            stored_name=stored_name,
            original_name=(upload.name or "document")[-200:],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
    except Exception:
        # No row, no file: an orphan would escape retention.
        storage.delete(stored_name)
        raise
    _record(
        application,
        actor=actor,
        action=Action.UPLOAD,
        from_status=application.status,
        reason=document.get_kind_display(),
    )
    return document


@transaction.atomic
def sign(*, application: StipendApplication, actor: User) -> StipendApplication:
    """The student confirms the form; it must be complete and the student eligible."""
    application = _lock(application)
    if not is_own_student(actor, application):
        raise PermissionDenied
    _require_status(application, EDITABLE)
    _require_complete_and_eligible(application, "De aanvraag is nog niet compleet: %(items)s.")
    return _move(application, actor=actor, to=Status.SIGNED, action=Action.SIGN)


@transaction.atomic
def approve_by_so(*, application: StipendApplication, actor: User) -> StipendApplication:
    application = _lock(application)
    if not is_so_of(actor, application):
        raise PermissionDenied
    _require_status(application, (Status.SIGNED,))
    return _move(application, actor=actor, to=Status.SO_APPROVED, action=Action.SO_APPROVE)


@transaction.atomic
def approve_by_director(*, application: StipendApplication, actor: User) -> StipendApplication:
    """The school's director signs; the application then goes to HR of the school's board."""
    application = _lock(application)
    if not is_director_of(actor, application):
        raise PermissionDenied
    _require_status(application, (Status.SO_APPROVED,))
    _move(application, actor=actor, to=Status.SUBMITTED, action=Action.DIRECTOR_APPROVE)
    notifications.notify_hr(application, "Nieuwe aanvraag ter verwerking")
    return application


# Who may send back from which status.
def _may_send_back(actor: User, application: StipendApplication) -> bool:
    match application.status:
        case Status.SIGNED:
            return is_so_of(actor, application)
        case Status.SO_APPROVED:
            return is_director_of(actor, application) or is_so_of(actor, application)
        case Status.SUBMITTED:
            return may_reveal(actor, application)
    return False


@transaction.atomic
def send_back(*, application: StipendApplication, actor: User, reason: str) -> StipendApplication:
    """Return the application to the student with a reason (e.g. HR: incomplete)."""
    application = _lock(application)
    if not reason.strip():
        raise ValidationError("Geef een reden op.", code="reason_required")
    _require_status(application, (Status.SIGNED, Status.SO_APPROVED, Status.SUBMITTED))
    if not _may_send_back(actor, application):
        raise PermissionDenied
    _move(
        application, actor=actor, to=Status.RETURNED, action=Action.SEND_BACK, reason=reason.strip()
    )
    notifications.returned(application, reason.strip())
    return application
