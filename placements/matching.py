"""Matching: places on offer for this year and the next, the institute's proposals, the
student's light application, the get-acquainted meeting and the SO's decision. Acceptance
creates the placement (with its checklist) through `services.placement_create`.

`reservations_to_proposals(year=...)` turns the early-matching reservations of a year into
proposed placements; the new-year wizard calls it when that year starts, and the SO then
confirms each one (`proposal_accept`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format

from bos import audit, limits, mail, partnership
from bos.models import Person, Role, SchoolYear
from bos.permissions import (
    CAPABILITIES,
    Scope,
    can,
    get_scope,
    scope_for_year,
)

from . import documents, rules, services
from .models import (
    PENDING_STATUSES,
    ApplicationDocument,
    DocumentKind,
    Placement,
    PlaceOffer,
    Proposal,
    ProposalSource,
    ProposalStatus,
    Reservation,
    Student,
)
from .selectors import _proposer_institute_ids, proposal_scope_filter


def next_year_of(year: SchoolYear | None) -> SchoolYear | None:
    if year is None:
        return None
    return SchoolYear.objects.filter(start_date__gt=year.start_date).order_by("start_date").first()


def matching_years(scope: Scope) -> list[SchoolYear]:
    """The years places can be offered and matched in: the user's year and the next."""
    years = [year for year in (scope.year, next_year_of(scope.year)) if year is not None]
    return years


def _actor_name(user: Any) -> str:
    person = getattr(user, "person", None)
    return person.full_name if person else user.email


def _student_email(student: Student) -> str:
    return student.user.email if student.user_id and student.user else student.email


def accepted_count(offer: PlaceOffer) -> int:
    return offer.proposals.filter(status=ProposalStatus.ACCEPTED).count()


# The service's error key (and the accept form's field) for a reserved first-year place.
OVERRIDE_FIRST_YEAR = "override_first_year"
# The audit trail's line of a confirmed override (as the trail's pages show it).
FIRST_YEAR_OVERRIDDEN = "Eerstejaarsplaats aan hogerejaars"


def upper_years_on(offer: PlaceOffer) -> int:
    """How many of an offer's accepted students are not first-years (one query; an offer
    has a handful of places)."""
    accepted = offer.proposals.filter(status=ProposalStatus.ACCEPTED).select_related(
        "placement", "student__institute"
    )
    return sum(
        not rules.counts_as_first_year(
            level=proposal.level,
            institute_label=proposal.placement.institute_label if proposal.placement else "",
            first_year_label=proposal.student.institute.first_year_label,
        )
        for proposal in accepted
    )


@transaction.atomic
def proposal_create(
    *,
    user: Any,
    offer_id: int,
    student: Student,
    note: str = "",
) -> Proposal:
    """The IO (or the institute's placement office) proposes a student of their institute
    for a place on offer."""
    offer = (
        PlaceOffer.objects.select_for_update(of=("self",))
        .select_related("location", "school_year")
        .filter(pk=offer_id, school_year__in=matching_years(get_scope(user)))
        .first()
    )
    if offer is None:
        raise PlaceOffer.DoesNotExist
    # Judged in the offer's own year, whatever the header holds.
    scope = scope_for_year(user, offer.school_year)
    if not scope.roles & CAPABILITIES["matching.propose"]:
        raise PermissionDenied
    institutes = _proposer_institute_ids(scope)
    if institutes is not None and student.institute_id not in institutes:
        raise ValidationError(
            {"student": "Je kunt alleen studenten van je eigen instituut voordragen."}
        )
    return propose(
        offer_id=offer_id,
        student=student,
        note=note,
        years=[offer.school_year],
        proposed_by=user,
        proposed_by_name=_actor_name(user),
    )


def propose(
    *,
    offer_id: int,
    student: Student,
    note: str,
    years: list[SchoolYear],
    proposed_by: Any,
    proposed_by_name: str,
) -> Proposal:
    """The proposal itself, once the proposer may propose this student (an IO through
    `proposal_create`, an institute's API key through api.services): the place must be on
    offer in `years` and still free, the student not proposed for it already."""
    offer = (
        PlaceOffer.objects.select_for_update(of=("self",))
        .select_related("location", "school_year")
        .filter(pk=offer_id, school_year__in=years)
        .first()
    )
    if offer is None:
        raise PlaceOffer.DoesNotExist
    if accepted_count(offer) >= offer.places:
        raise ValidationError("Deze stageplaats is al bezet.")
    if Proposal.objects.filter(
        student=student, offer=offer, status__in=[*PENDING_STATUSES, ProposalStatus.ACCEPTED]
    ).exists():
        raise ValidationError(f"{student.full_name} is al voorgedragen voor deze plaats.")
    proposal = Proposal.objects.create(
        student=student,
        offer=offer,
        location=offer.location,
        school_year=offer.school_year,
        level=offer.level,
        note=note.strip(),
        proposed_by=proposed_by,
        proposed_by_name=proposed_by_name,
    )
    mail.send(
        kind=mail.Kind.MATCHING_PROPOSED,
        subject="Je bent voorgedragen voor een stageplaats",
        text=(
            f"{mail.greeting(student.first_name)}\n\n"
            f"Je instituut heeft je voorgedragen voor een stageplaats {offer.subject} op "
            f"{offer.location} in {offer.school_year}.\n"
            "Solliciteer met een korte motivatiebrief en je cv: log in op het platform en "
            "open 'Mijn stageplaatsen'.\n\nMet vriendelijke groet,\n"
            f"{partnership.current().name}"
        ),
        to=[_student_email(student)],
    )
    return proposal


@transaction.atomic
def student_for_proposal(
    *,
    user: Any,
    institute_id: int,
    student_number: str,
    first_name: str,
    last_name: str,
    email: str,
    programme: str,
    variant: str,
) -> Student:
    """The institute's student by number, created when new, for a proposal. An IO may only
    name students of their own institute."""
    if not can(user, "matching.propose"):
        raise PermissionDenied
    institutes = _proposer_institute_ids(get_scope(user))
    if institutes is not None and institute_id not in institutes:
        raise ValidationError(
            {"institute": "Je kunt alleen studenten van je eigen instituut voordragen."}
        )
    student_number = student_number.strip()
    if not student_number:
        raise ValidationError({"student_number": "Vul het studentnummer in."})
    student, created = Student.objects.get_or_create(
        institute_id=institute_id,
        student_number=student_number,
        defaults={
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "email": email.strip().lower(),
            "programme": programme.strip(),
            "variant": variant,
        },
    )
    if created:
        student.full_clean()
    return student


def _locked_proposal(pk: int) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("student__user", "location", "school_year", "offer")
        .get(pk=pk)
    )


def _require_decider(user: Any, proposal: Proposal) -> None:
    # Judged in the proposal's own year, whatever the header holds.
    scope = scope_for_year(user, proposal.school_year)
    if not scope.roles & CAPABILITIES["placement.edit"]:
        raise PermissionDenied
    allowed = services.editable_location_ids(scope)
    if allowed is not None and proposal.location_id not in allowed:
        raise Proposal.DoesNotExist


@transaction.atomic
def proposal_apply(
    *, user: Any, proposal_id: int, letter: UploadedFile, cv: UploadedFile | None
) -> Proposal:
    """The student applies with a motivation letter and a CV (the CV may have been uploaded
    before). Both are checked by content and stored privately."""
    proposal = _locked_proposal(proposal_id)
    scope = get_scope(user)
    if scope.student_id is None or proposal.student_id != scope.student_id:
        raise Proposal.DoesNotExist
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError("Voor deze plaats heb je al gesolliciteerd of is al besloten.")
    errors: dict[str, list[str]] = {}
    checked: list[tuple[str, UploadedFile, tuple[str, str]]] = []
    for kind, upload in ((DocumentKind.LETTER, letter), (DocumentKind.CV, cv)):
        if upload is None:
            if kind == DocumentKind.LETTER or not proposal.documents.filter(kind=kind).exists():
                errors.setdefault(kind, []).append(
                    "Voeg je motivatiebrief toe."
                    if kind == DocumentKind.LETTER
                    else "Voeg je cv toe."
                )
            continue
        try:
            checked.append((kind, upload, documents.check_upload(upload)))
        except ValidationError as error:
            errors.setdefault(kind, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    stored: list[str] = []
    try:
        for kind, upload, (content_type, extension) in checked:
            name = documents.save(upload, extension)
            stored.append(name)
            ApplicationDocument.objects.create(
                proposal=proposal,
                kind=kind,
                stored_name=name,
                content_type=content_type,
                size=upload.size or 0,
                uploaded_by=user,
            )
    except Exception:
        for name in stored:  # nothing half-saved: the rows roll back, the files go too
            documents.delete(name)
        raise
    proposal.status = ProposalStatus.APPLIED
    proposal.applied_at = timezone.now()
    proposal.save(update_fields=["status", "applied_at"])
    return proposal


@transaction.atomic
def proposal_plan_meeting(
    *, user: Any, proposal_id: int, meeting_at: dt.datetime, place: str
) -> Proposal:
    """The SO plans the get-acquainted meeting; the student gets an e-mail."""
    proposal = _locked_proposal(proposal_id)
    _require_decider(user, proposal)
    if proposal.status not in (ProposalStatus.APPLIED, ProposalStatus.MEETING):
        raise ValidationError("Een kennismaking plan je na de sollicitatie en vóór het besluit.")
    if not place.strip():
        raise ValidationError({"place": "Vul de plaats van de kennismaking in."})
    if len(place.strip()) > limits.PLACE_MAX:
        raise ValidationError(
            {"place": f"De plaats mag hoogstens {limits.PLACE_MAX} tekens lang zijn."}
        )
    proposal.status = ProposalStatus.MEETING
    proposal.meeting_at = meeting_at
    proposal.meeting_place = place.strip()
    proposal.save(update_fields=["status", "meeting_at", "meeting_place"])
    local = timezone.localtime(meeting_at)
    mail.send(
        kind=mail.Kind.MATCHING_MEETING,
        subject="Uitnodiging kennismakingsgesprek stage",
        text=(
            f"{mail.greeting(proposal.student.first_name)}\n\n"
            f"Je bent uitgenodigd voor een kennismakingsgesprek op "
            f"{date_format(local, 'l j F Y')} om {local:%H:%M} ({proposal.meeting_place}) "
            f"voor je stage op {proposal.location}.\n\n"
            f"Met vriendelijke groet,\n{_actor_name(user)}"
        ),
        to=[_student_email(proposal.student)],
    )
    return proposal


@transaction.atomic
def proposal_accept(
    *,
    user: Any,
    proposal_id: int,
    start_date: dt.date,
    end_date: dt.date,
    days_per_week: Decimal,
    wpb: Person | None = None,
    institute_label: str = "",
    is_final: bool = False,
    override_first_year: bool = False,
) -> services.PlacementResult:
    """The SO accepts: the placement is created with its checklist. The offer's row is
    locked first, so two SOs accepting at once can never fill more places than offered.

    A place reserved for first-years is not given to an upper-year student unless the SO
    confirms it (`override_first_year`); the confirmed override goes into the audit trail."""
    # Lock order: offer, then proposal (every writer of a proposal of an offer follows it).
    head = Proposal.objects.filter(pk=proposal_id).values("offer_id").first()
    if head is None:
        raise Proposal.DoesNotExist
    offer = None
    if head["offer_id"] is not None:
        offer = PlaceOffer.objects.select_for_update().get(pk=head["offer_id"])
    proposal = _locked_proposal(proposal_id)
    _require_decider(user, proposal)
    allowed = (
        (ProposalStatus.PROPOSED,)
        if proposal.source == ProposalSource.RESERVATION
        else (ProposalStatus.APPLIED, ProposalStatus.MEETING)
    )
    if proposal.status not in allowed:
        if proposal.status == ProposalStatus.PROPOSED:
            raise ValidationError("De student heeft nog niet gesolliciteerd.")
        raise ValidationError("Over deze voordracht is al besloten.")
    if offer is not None and accepted_count(offer) >= offer.places:
        raise ValidationError(
            f"Alle {offer.places} plaats(en) voor {offer.subject} zijn al vergeven."
        )
    guard = None
    if offer is not None and offer.first_year_reserved:
        guard = rules.first_year_guard(
            places=offer.places,
            first_year_reserved=offer.first_year_reserved,
            upper_years_placed=upper_years_on(offer),
            is_first_year=rules.counts_as_first_year(
                level=proposal.level,
                institute_label=institute_label,
                first_year_label=proposal.student.institute.first_year_label,
            ),
            subject=offer.subject,
        )
        if not guard.allowed and not override_first_year:
            raise ValidationError({OVERRIDE_FIRST_YEAR: guard.message}, code="first_year")
    result = services.placement_create(
        user=user,
        location_id=proposal.location_id,
        student=proposal.student,
        level=proposal.level,
        start_date=start_date,
        end_date=end_date,
        days_per_week=days_per_week,
        wpb=wpb,
        io=services.io_of(proposal.student.institute_id, proposal.location, proposal.school_year),
        institute_label=institute_label,
        is_final=is_final,
        # Accepted before (or after) its year, a placement is still registered inside it.
        registered_on=limits.day_in_year(proposal.school_year),
        year=proposal.school_year,
    )
    proposal.status = ProposalStatus.ACCEPTED
    proposal.placement = result.placement
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.decided_by_name = _actor_name(user)
    proposal.save()
    if guard is not None and not guard.allowed:
        audit.record(
            "update",
            proposal,
            changes={
                FIRST_YEAR_OVERRIDDEN: {
                    "aanbod": str(offer),
                    "plaatsen": offer.places if offer else None,
                    "voor eerstejaars": offer.first_year_reserved if offer else None,
                    "bevestigd door": _actor_name(user),
                }
            },
        )
        result.warnings.append(
            "Een plaats die voor eerstejaars gereserveerd was, is aan een hogerejaars "
            "gegeven; dat is vastgelegd."
        )
    mail.send(
        kind=mail.Kind.MATCHING_ACCEPTED,
        subject="Je stageplaats is bevestigd",
        text=(
            f"{mail.greeting(proposal.student.first_name)}\n\n"
            f"Je stage op {proposal.location} in {proposal.school_year} is bevestigd: van "
            f"{date_format(start_date, 'j F Y')} tot {date_format(end_date, 'j F Y')}, "
            f"{days_per_week} dag(en) per week. Je schoolopleider neemt contact met je op "
            f"over de voorbereiding.\n\nMet vriendelijke groet,\n{_actor_name(user)}"
        ),
        to=[_student_email(proposal.student)],
    )
    return result


@transaction.atomic
def proposal_decline(*, user: Any, proposal_id: int, reason: str) -> Proposal:
    proposal = _locked_proposal(proposal_id)
    _require_decider(user, proposal)
    if not proposal.is_pending:
        raise ValidationError("Over deze voordracht is al besloten.")
    if not reason.strip():
        raise ValidationError({"reason": "Geef de reden van de afwijzing op."})
    proposal.status = ProposalStatus.DECLINED
    proposal.decision_reason = reason.strip()
    proposal.decided_at = timezone.now()
    proposal.decided_by = user
    proposal.decided_by_name = _actor_name(user)
    proposal.save()
    mail.send(
        kind=mail.Kind.MATCHING_DECLINED,
        subject="Over je sollicitatie voor een stageplaats",
        text=(
            f"{mail.greeting(proposal.student.first_name)}\n\n"
            f"Helaas kunnen we je geen stageplaats op {proposal.location} aanbieden.\n"
            f"Reden: {proposal.decision_reason}\n\n"
            "Je instituut helpt je verder met een andere plaats.\n\n"
            f"Met vriendelijke groet,\n{_actor_name(user)}"
        ),
        to=[_student_email(proposal.student)],
    )
    return proposal


@transaction.atomic
def reservations_to_proposals(*, year: SchoolYear) -> list[Proposal]:
    """When `year` starts (the new-year wizard calls this), every early-matching
    reservation for it becomes a proposed placement the SO confirms. Idempotent: a
    reservation turns into a proposal once."""
    made: list[Proposal] = []
    reservations = (
        Reservation.objects.select_for_update(of=("self",))
        .filter(school_year=year, proposal__isnull=True)
        .select_related("student", "location")
        .order_by("pk")
    )
    for reservation in reservations:
        made.append(
            Proposal.objects.create(
                student=reservation.student,
                location=reservation.location,
                school_year=year,
                level=reservation.level,
                source=ProposalSource.RESERVATION,
                reservation=reservation,
                proposed_by=reservation.reserved_by,
                proposed_by_name=_actor_name(reservation.reserved_by)
                if reservation.reserved_by
                else "",
                note="Vroege matching: plaats gereserveerd in het vorige schooljaar.",
            )
        )
    return made


# --- Reads -------------------------------------------------------------------------------


def proposal_get(*, user: Any, pk: int) -> Proposal:
    proposal = Proposal.objects.select_related(
        "student__institute",
        "student__user",
        "location",
        "school_year",
        "offer__mentor",
        "placement",
    ).get(pk=pk)
    condition = proposal_scope_filter(scope_for_year(user, proposal.school_year))
    if condition is not None and not Proposal.objects.filter(condition, pk=pk).exists():
        raise Proposal.DoesNotExist
    return proposal


def document_get(*, user: Any, proposal: Proposal, document_id: int) -> ApplicationDocument:
    """A letter or CV: for the student, the SO of the location, the proposing institute and
    the projectleider; the proposal was already scope-checked."""
    return proposal.documents.get(pk=document_id)


def open_offers(*, user: Any) -> QuerySet[PlaceOffer]:
    """Places of this year and the next with their accepted and pending counts, for the
    institute to propose students for (offers are for all institutes)."""
    scope = get_scope(user)
    return (
        PlaceOffer.objects.filter(school_year__in=matching_years(scope), places__gt=0)
        .select_related("location", "school_year", "mentor")
        .annotate(
            accepted=Count("proposals", filter=Q(proposals__status=ProposalStatus.ACCEPTED)),
            pending=Count("proposals", filter=Q(proposals__status__in=PENDING_STATUSES)),
        )
        .order_by("-school_year__start_date", "subject", "location__name", "level")
    )


@dataclass(frozen=True)
class DemandRow:
    """One level of a subject in a year. `from_any` is what places "elk niveau" cover of
    this level's demand; on the row "elk niveau" itself, `any_left` is what is left of them
    (rules.offer_balance)."""

    year: SchoolYear
    subject: str
    level: str
    places: int
    proposed: int
    accepted: int
    placed: int
    from_any: int = 0
    shortage: int = 0
    any_left: int | None = None

    @property
    def demand(self) -> int:
        return self.proposed + max(self.accepted, self.placed)

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)


def offer_vs_demand() -> list[DemandRow]:
    """For every year: places offered per subject and level against demand (pending
    proposals plus students placed), in three aggregate queries. Places "elk niveau" count
    against every level (rules.offer_balance)."""
    places: dict[tuple[int, str, str], int] = {}
    for row in PlaceOffer.objects.values("school_year", "subject", "level").annotate(
        total=Sum("places")
    ):
        places[(row["school_year"], row["subject"], row["level"])] = row["total"] or 0
    proposed: dict[tuple[int, str, str], list[int]] = {}
    for row in (
        Proposal.objects.exclude(offer=None)
        .values("school_year", "offer__subject", "level", "status")
        .annotate(total=Count("pk"))
    ):
        key = (row["school_year"], row["offer__subject"], row["level"])
        counts = proposed.setdefault(key, [0, 0])
        if row["status"] in PENDING_STATUSES:
            counts[0] += row["total"]
        elif row["status"] == ProposalStatus.ACCEPTED:
            counts[1] += row["total"]
    placed: dict[tuple[int, str, str], int] = {}
    for row in (
        Placement.objects.reported()
        .values("school_year", "student__programme", "level")
        .annotate(total=Count("pk"))
    ):
        placed[(row["school_year"], row["student__programme"], row["level"])] = row["total"]
    years = {year.pk: year for year in SchoolYear.objects.all()}
    by_subject: dict[tuple[int, str], set[str]] = {}
    for year_id, subject, level in set(places) | set(proposed) | set(placed):
        by_subject.setdefault((year_id, subject), set()).add(level)
    rows: list[DemandRow] = []
    for (year_id, subject), levels in sorted(
        by_subject.items(), key=lambda item: (years[item[0][0]].start_date, item[0][1])
    ):
        counts = {
            level: (
                places.get((year_id, subject, level), 0),
                *proposed.get((year_id, subject, level), [0, 0]),
                placed.get((year_id, subject, level), 0),
            )
            for level in levels
        }
        balance = rules.offer_balance(
            places={level: c[0] for level, c in counts.items()},
            demand={level: c[1] + max(c[2], c[3]) for level, c in counts.items()},
        )
        for line in balance.levels:
            own, pending, accepted, in_place = counts[line.level]
            rows.append(
                DemandRow(
                    year=years[year_id],
                    subject=subject,
                    level=line.level,
                    places=own,
                    proposed=pending,
                    accepted=accepted,
                    placed=in_place,
                    from_any=line.from_any,
                    shortage=line.shortage,
                    any_left=balance.any_left if line.level == rules.ANY_LEVEL else None,
                )
            )
    return rows


def is_matching_role(scope: Scope) -> bool:
    return scope.has(Role.SO, Role.IO, Role.IC, Role.PROJECTLEIDER, "admin")
