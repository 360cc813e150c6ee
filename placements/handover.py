"""The warm handover (annual report: "warme overdracht"): when a student's next placement is
at another school, its SO asks the SO of the previous school for the last assessment. Only
that SO sees and answers the request (a text and, if wanted, the assessment form, kept in
the private storage of application documents); the answer is kept with the new placement.
Writes and reads."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from bos import mail
from bos.closing import ensure_open
from bos.models import Person, Role, RoleAssignment

from . import documents, rules
from .models import HandoverRequest, Placement
from .selectors import placement_get, scope_for_placement
from .supervision import supervisor_role

MESSAGE_MAX = 5_000
ANSWER_MAX = 20_000


def _fact(placement: Placement) -> rules.PlacementFact:
    return rules.PlacementFact(
        pk=placement.pk,
        location_id=placement.location_id,
        location_name=placement.location.name,
        start_date=placement.start_date,
        status=placement.status,
        is_final=placement.is_final,
        stopped_on=placement.stopped_on,
    )


def previous_of(placement: Placement) -> tuple[rules.PreviousPlacement, Placement | None]:
    """The student's previous placement (the rule) and its row."""
    others = list(
        Placement.objects.filter(student_id=placement.student_id)
        .exclude(pk=placement.pk)
        .select_related("location", "so", "school_year")
    )
    found = rules.previous_placement(_fact(placement), [_fact(p) for p in others])
    row = next((p for p in others if found.placement and p.pk == found.placement.pk), None)
    return found, row


def previous_so_of(previous: Placement, year_id: int) -> Person | None:
    """Who answers: the SO of the previous placement while still SO of that school in the
    new placement's year; else that school's SO of this year; else the previous SO."""
    current = [
        a.person
        for a in RoleAssignment.objects.filter(
            role=Role.SO, school_year_id=year_id, locations=previous.location_id
        )
        .select_related("person")
        .order_by("pk")
    ]
    if previous.so_id is not None and (not current or previous.so_id in {p.pk for p in current}):
        return previous.so
    return current[0] if current else None


def _actor(user: Any) -> Person | None:
    return getattr(user, "person", None)


def _new_so_placement(user: Any, placement_id: int) -> Placement:
    placement = placement_get(user=user, pk=placement_id)  # DoesNotExist outside scope
    if supervisor_role(scope_for_placement(user, placement), placement) != "so":
        raise PermissionDenied
    return placement


@transaction.atomic
def handover_request(*, user: Any, placement_id: int, message: str) -> HandoverRequest:
    """The SO of the new placement asks the previous school's SO for the last assessment;
    that SO gets a mail and a to-do on the start page."""
    placement = _new_so_placement(user, placement_id)
    ensure_open(placement.school_year_id)
    message = message.strip()
    if not message:
        raise ValidationError({"message": "Schrijf wat je van de vorige school wilt weten."})
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": f"De vraag is te lang (hoogstens {MESSAGE_MAX} tekens)."})
    found, previous = previous_of(placement)
    if previous is None or not found.handover_possible:
        raise ValidationError(found.explanation)
    previous_so = previous_so_of(previous, placement.school_year_id)
    if previous_so is None:
        raise ValidationError(
            f"Voor {previous.location.name} is geen schoolopleider bekend: vraag de "
            "projectleider wie de beoordeling kan overdragen."
        )
    actor = _actor(user)
    if actor is not None and previous_so.pk == actor.pk:
        raise ValidationError(
            "Je was zelf de schoolopleider van de vorige stage: de beoordeling heb je al."
        )
    if HandoverRequest.objects.filter(placement=placement, answered_at__isnull=True).exists():
        raise ValidationError("Er staat al een verzoek open voor deze stage.")
    requester = actor.full_name if actor else user.email
    handover = HandoverRequest.objects.create(
        placement=placement,
        previous_placement=previous,
        previous_so=previous_so,
        requested_by=user,
        requested_by_name=requester,
        message=message,
    )
    student = mail.header_text(placement.student.full_name)
    mail.send(
        kind=mail.Kind.HANDOVER_REQUEST,
        subject=f"Warme overdracht: de laatste beoordeling van {student}",
        text=(
            f"{mail.greeting(previous_so.first_name)}\n\n"
            f"{requester}, schoolopleider van {placement.location.name}, begeleidt "
            f"{student} in de volgende stage en vraagt je om de laatste beoordeling van de "
            f"stage op {previous.location.name} ({previous.school_year}). De student weet "
            f"ervan.\n\nVraag: {message}\n\n"
            "Beantwoord het verzoek hier: "
            f"{mail.site_url()}{reverse('placements:handover_answer', args=[handover.pk])}"
        ),
        to=[previous_so.email],
    )
    return handover


def _answerable(user: Any, request_id: int) -> HandoverRequest:
    """The request, for the previous SO alone (anyone else: DoesNotExist, a 404)."""
    actor = _actor(user)
    handover = (
        HandoverRequest.objects.select_related(
            "placement__student",
            "placement__location",
            "placement__school_year",
            "previous_placement__location",
            "previous_placement__school_year",
            "previous_so",
        )
        .filter(pk=request_id)
        .first()
    )
    if handover is None or actor is None or handover.previous_so_id != actor.pk:
        raise HandoverRequest.DoesNotExist
    return handover


@transaction.atomic
def handover_answer(
    *, user: Any, request_id: int, answer: str, upload: UploadedFile | None = None
) -> HandoverRequest:
    """The previous SO answers: a text and, if wanted, the assessment form. The request's
    SO gets a mail; the answer stays with the new placement."""
    handover = _answerable(user, request_id)
    ensure_open(handover.placement.school_year_id)
    handover = HandoverRequest.objects.select_for_update().get(pk=handover.pk)
    if handover.is_answered:
        raise ValidationError("Dit verzoek is al beantwoord.")
    answer = answer.strip()
    errors: dict[str, list[str]] = {}
    if not answer:
        errors["answer"] = ["Schrijf je antwoord, ook als je een formulier toevoegt."]
    elif len(answer) > ANSWER_MAX:
        errors["answer"] = [f"Het antwoord is te lang (hoogstens {ANSWER_MAX} tekens)."]
    checked = None
    if upload is not None:
        try:
            checked = documents.check_upload(upload)
        except ValidationError as error:
            errors["document"] = error.messages
    if errors:
        raise ValidationError(errors)
    stored = ""
    try:
        if upload is not None and checked is not None:
            content_type, extension = checked
            stored = documents.save(upload, extension)
            handover.stored_name = stored
            handover.content_type = content_type
            handover.size = upload.size or 0
            handover.file_name = (
                f"beoordeling-{handover.placement.student.last_name.lower()}{extension}"
            )
        handover.answer = answer
        handover.answered_at = timezone.now()
        handover.answered_by_name = _actor(user).full_name
        handover.save()
    except Exception:
        if stored:  # nothing half-saved: the row rolls back, the file goes too
            documents.delete(stored)
        raise
    asker = handover.requested_by
    if asker is not None:
        person = _actor(asker)
        mail.send(
            kind=mail.Kind.HANDOVER_ANSWERED,
            subject=(
                "Warme overdracht beantwoord: "
                f"{mail.header_text(handover.placement.student.full_name)}"
            ),
            text=(
                f"{mail.greeting(person.first_name if person else '')}\n\n"
                f"{handover.answered_by_name} heeft je verzoek om de laatste beoordeling van "
                f"{handover.placement.student.full_name} beantwoord. Je leest het antwoord "
                "bij de stage: "
                f"{mail.site_url()}{reverse('placements:handover', args=[handover.placement_id])}"
            ),
            to=[person.email if person else asker.email],
        )
    return handover


# --- Reads -------------------------------------------------------------------------------


def handover_page(*, user: Any, placement_id: int) -> tuple[Placement, str, QuerySet]:
    """The new placement's requests, for its SO and the projectleider (a 404 for others)."""
    placement = placement_get(user=user, pk=placement_id)
    role = supervisor_role(scope_for_placement(user, placement), placement)
    if role not in ("so", "pl"):
        raise Placement.DoesNotExist
    requests = placement.handover_requests.select_related(
        "previous_placement__location", "previous_placement__school_year", "previous_so"
    )
    return placement, role, requests


def handover_get(*, user: Any, pk: int) -> HandoverRequest:
    """A request for its previous SO to read and answer."""
    return _answerable(user, pk)


def document_of(*, user: Any, pk: int) -> HandoverRequest:
    """The answer's file: for the previous SO who sent it, and the new placement's SO and
    the projectleider. Anyone else: DoesNotExist (a 404)."""
    try:
        handover = _answerable(user, pk)
    except HandoverRequest.DoesNotExist:
        handover = HandoverRequest.objects.filter(pk=pk).first()
        if handover is None:
            raise
        try:
            handover_page(user=user, placement_id=handover.placement_id)
        except Placement.DoesNotExist as exc:
            raise HandoverRequest.DoesNotExist from exc
    if not handover.stored_name:
        raise HandoverRequest.DoesNotExist
    return handover


def open_for(person_id: int | None) -> QuerySet[HandoverRequest]:
    """The requests waiting for this SO's answer (the start page)."""
    return (
        HandoverRequest.objects.filter(previous_so_id=person_id, answered_at__isnull=True)
        .select_related("placement__student", "placement__location")
        .order_by("requested_at", "pk")
    )
