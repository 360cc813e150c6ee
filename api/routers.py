"""The institutes' REST API, version 1 (/api/v1/), on django-ninja.

Every route needs an institute's key (`Authorization: Bearer bos_…`) and sees only that
institute's students: another institute's student, placement or proposal is a 404, like a
missing one. Every call counts against the key's rate limit and is written to the audit trail
(actor "API <institute>"), and changes made in it are attributed to the key.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestInvalid
from ninja.security import HttpBearer
from pydantic import Field

from bos.audit import Actor, acting_as, write_entry
from bos.security.ratelimit import consume_for, try_again

from . import selectors, services
from .models import ApiKey


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after


class InstituteKey(HttpBearer):
    """An institute's API key; unknown, expired and revoked keys get 401."""

    openapi_description = "Een API-sleutel van het instituut: `Authorization: Bearer bos_…`."

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = services.key_for_token(token)
        if key is None:
            return None
        retry_after = consume_for(f"key{key.pk}", "api")
        if retry_after is not None:
            raise RateLimited(retry_after)
        return key


api = NinjaAPI(
    title="BOS API voor instituten",
    version="1",
    description=(
        "Lezen en schrijven voor de lerarenopleidingen: de stages van de eigen studenten, "
        "de aangeboden stageplaatsen, de data van verdiepingsmiddagen en bijeenkomsten; "
        "studiegegevens registreren en studenten voordragen voor een stageplaats."
    ),
    auth=InstituteKey(),
    urls_namespace="api-v1",
    # The readable documentation is our own page (api.views.docs): ninja's pages load their
    # scripts from a CDN, which the content security policy (rightly) refuses.
    docs_url=None,
)


def _key(request: HttpRequest) -> ApiKey:
    return request.auth  # type: ignore[attr-defined, no-any-return]


def audited(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run the route as the key's institute and write the call to the audit trail."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        key = _key(request)
        actor = Actor(
            email=f"API {key.institute.short_name} ({key.prefix}…)",
            ip_address=request.META.get("REMOTE_ADDR") or None,
            request_path=request.path,
        )
        outcome = "ok"
        with acting_as(actor):
            try:
                return view(request, *args, **kwargs)
            except Exception as error:
                outcome = type(error).__name__
                raise
            finally:
                write_entry(
                    action="view" if request.method in ("GET", "HEAD") else "create",
                    model="api.apikey",
                    object_pk=key.pk,
                    object_repr=f"{request.method} {request.path}"[:200],
                    changes={"instituut": key.institute.short_name, "uitkomst": outcome},
                )

    return wrapped


# Errors: clear Dutch messages, never a 500 ----------------------------------------------


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    response = api.create_response(request, {"detail": try_again(exc.retry_after)}, status=429)
    response["Retry-After"] = str(max(math.ceil(exc.retry_after), 1))
    return response


@api.exception_handler(AuthenticationError)
def _no_key(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(
        request,
        {"detail": "Geen geldige API-sleutel: onbekend, verlopen of ingetrokken."},
        status=401,
    )


def _field_name(loc: tuple[Any, ...]) -> str:
    """('body', 'payload', 'last_name') → 'last_name'; ('query', 'school_year') →
    'school_year'."""
    parts = loc[2:] if loc[:1] == ("body",) and len(loc) > 2 else loc[1:]
    return ".".join(str(part) for part in parts) or "body"


@api.exception_handler(RequestInvalid)
def _request_invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
    # Which fields are wrong, by name; pydantic's own (English) texts stay out.
    fields = sorted({_field_name(tuple(error.get("loc", ()))) for error in exc.errors})
    return api.create_response(
        request,
        {"detail": f"De gegevens kloppen niet. Controleer: {', '.join(fields)}.", "velden": fields},
        status=422,
    )


@api.exception_handler(ObjectDoesNotExist)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Niet gevonden."}, status=404)


@api.exception_handler(Http404)
def _http404(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Niet gevonden."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Dit mag niet met deze sleutel."}, status=403)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(
        request, {"detail": " ".join(exc.messages), "fouten": errors}, status=422
    )


# Schemas -------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class StudentIn(Schema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=150)
    email: str = Field(max_length=254, description="Het officiële e-mailadres bij het instituut.")
    programme: str = Field(max_length=150, description="Opleiding (vak).")
    variant: str = Field(description="vt, dt, kop, master of minor.")
    is_zij_instromer: bool = False


class StudentOut(Schema):
    student_number: str
    first_name: str
    last_name: str
    email: str
    programme: str
    variant: str
    is_zij_instromer: bool


class PlacementOut(Schema):
    id: int
    student_number: str
    student_name: str
    school_year: str
    school: str
    level: str
    start_date: dt.date
    end_date: dt.date
    status: str
    wpb_name: str | None


class OfferOut(Schema):
    id: int
    school_year: str
    school: str
    subject: str
    level: str
    places: int
    free: int
    start_date: dt.date | None
    end_date: dt.date | None
    days: str


class ProposalIn(Schema):
    offer_id: int
    student_number: str = Field(max_length=30)
    note: str = Field(default="", max_length=2000)


class ProposalOut(Schema):
    id: int
    offer_id: int | None
    student_number: str
    school_year: str
    school: str
    level: str
    status: str
    created_at: dt.datetime


class AfternoonOut(Schema):
    number: int
    date: dt.date
    start_time: dt.time | None
    end_time: dt.time | None
    audience: str


class MeetingOut(Schema):
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    theme: str
    location: str


class DatesOut(Schema):
    school_year: str
    afternoons: list[AfternoonOut]
    meetings: list[MeetingOut]


def _student(student: Any) -> dict[str, Any]:
    return {
        "student_number": student.student_number,
        "first_name": student.first_name,
        "last_name": student.last_name,
        "email": student.email,
        "programme": student.programme,
        "variant": student.variant,
        "is_zij_instromer": student.is_zij_instromer,
    }


def _placement(placement: Any) -> dict[str, Any]:
    return {
        "id": placement.pk,
        "student_number": placement.student.student_number,
        "student_name": placement.student.full_name,
        "school_year": placement.school_year.name,
        "school": placement.location.name,
        "level": placement.level,
        "start_date": placement.start_date,
        "end_date": placement.end_date,
        "status": placement.status,
        "wpb_name": placement.wpb.full_name if placement.wpb_id else None,
    }


def _proposal(proposal: Any) -> dict[str, Any]:
    return {
        "id": proposal.pk,
        "offer_id": proposal.offer_id,
        "student_number": proposal.student.student_number,
        "school_year": proposal.school_year.name,
        "school": proposal.location.name,
        "level": proposal.level,
        "status": proposal.status,
        "created_at": proposal.created_at,
    }


def _year(name: str | None) -> Any:
    year = selectors.year_named(name)
    if year is None:
        raise Http404
    return year


# Routes --------------------------------------------------------------------------------


@api.get(
    "/students",
    response=list[StudentOut],
    url_name="students",
    summary="Studenten van het instituut",
    description=(
        "De studenten van het eigen instituut die in de opleidingsschool geregistreerd zijn."
    ),
    tags=["studenten"],
)
@audited
def list_students(request: HttpRequest) -> list[dict[str, Any]]:
    """The institute's students registered in the partnership."""
    return [_student(s) for s in selectors.students(_key(request).institute)]


@api.get(
    "/students/{student_number}",
    response={200: StudentOut, 404: Error},
    url_name="student",
    summary="Eén student",
    description="De studiegegevens van een eigen student, op studentnummer.",
    tags=["studenten"],
)
@audited
def get_student(request: HttpRequest, student_number: str) -> dict[str, Any]:
    student = selectors.students(_key(request).institute).get(student_number=student_number)
    return _student(student)


@api.put(
    "/students/{student_number}",
    response={200: StudentOut, 201: StudentOut, 422: Error},
    url_name="student_register",
    summary="Studiegegevens registreren",
    description=(
        "Registreert een nieuwe student van het instituut of werkt de studiegegevens bij (op "
        "studentnummer). 201 bij een nieuwe student, 200 bij een wijziging."
    ),
    tags=["studenten"],
)
@audited
def register_student(request: HttpRequest, student_number: str, payload: StudentIn) -> Status:
    """Register a student's study data, or update it (by student number)."""
    student, created = services.student_register(
        institute=_key(request).institute, student_number=student_number, **payload.dict()
    )
    return Status(201 if created else 200, _student(student))


@api.get(
    "/placements",
    response=list[PlacementOut],
    url_name="placements",
    summary="Stages",
    description=(
        "De stages van de eigen studenten in een schooljaar (standaard het huidige): school, "
        "niveau, periode, status en de naam van de werkplekbegeleider. Kies een ander jaar "
        "met ?school_year=2021-2022."
    ),
    tags=["stages"],
)
@audited
def list_placements(request: HttpRequest, school_year: str | None = None) -> list[dict[str, Any]]:
    """The placements of the institute's students in a school year (default: the current
    one): school, level, period, status and the WPB's name."""
    rows = selectors.placements(_key(request).institute, _year(school_year))
    return [_placement(p) for p in rows]


@api.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, 404: Error},
    url_name="placement",
    summary="Eén stage",
    description="Eén stage van een eigen student.",
    tags=["stages"],
)
@audited
def get_placement(request: HttpRequest, placement_id: int) -> dict[str, Any]:
    return _placement(selectors.placements(_key(request).institute).get(pk=placement_id))


@api.get(
    "/offers",
    response=list[OfferOut],
    url_name="offers",
    summary="Aangeboden stageplaatsen",
    description=(
        "De stageplaatsen per vak en niveau in dit schooljaar en het volgende, met het aantal"
        " vrije plaatsen. Ze staan open voor alle instituten."
    ),
    tags=["matching"],
)
@audited
def list_offers(request: HttpRequest) -> list[dict[str, Any]]:
    """Places on offer per subject and level, this school year and the next."""
    return [
        {
            "id": offer.pk,
            "school_year": offer.school_year.name,
            "school": offer.location.name,
            "subject": offer.subject,
            "level": offer.level,
            "places": offer.places,
            "free": max(offer.places - offer.accepted, 0),
            "start_date": offer.start_date,
            "end_date": offer.end_date,
            "days": offer.days,
        }
        for offer in selectors.offers()
    ]


@api.get(
    "/proposals",
    response=list[ProposalOut],
    url_name="proposals",
    summary="Voordrachten",
    description="De voordrachten van de eigen studenten, nieuwste eerst.",
    tags=["matching"],
)
@audited
def list_proposals(request: HttpRequest) -> list[dict[str, Any]]:
    """Proposals of the institute's students, newest first."""
    return [_proposal(p) for p in selectors.proposals(_key(request).institute)]


@api.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, 404: Error},
    url_name="proposal",
    summary="Eén voordracht",
    description="Eén voordracht van een eigen student, met de status.",
    tags=["matching"],
)
@audited
def get_proposal(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    return _proposal(selectors.proposals(_key(request).institute).get(pk=proposal_id))


@api.post(
    "/proposals",
    response={201: ProposalOut, 404: Error, 422: Error},
    url_name="proposal_create",
    summary="Student voordragen",
    description=(
        "Draagt een eigen student (op studentnummer) voor een aangeboden stageplaats voor. De"
        " schoolopleider van de school ziet de voordracht in de matching."
    ),
    tags=["matching"],
)
@audited
def create_proposal(request: HttpRequest, payload: ProposalIn) -> Status:
    """Propose one of the institute's students (by student number) for a place on offer;
    the SO of the school sees it in their matching."""
    proposal = services.proposal_create(
        key=_key(request),
        offer_id=payload.offer_id,
        student_number=payload.student_number,
        note=payload.note,
    )
    proposal = selectors.proposals(_key(request).institute).get(pk=proposal.pk)
    return Status(201, _proposal(proposal))


@api.get(
    "/dates",
    response={200: DatesOut, 404: Error},
    url_name="dates",
    summary="Data van het jaar",
    description=(
        "De verdiepingsmiddagen voor de studenten van het instituut en de "
        "professionaliseringsbijeenkomsten van een schooljaar (standaard het huidige)."
    ),
    tags=["data"],
)
@audited
def get_dates(request: HttpRequest, school_year: str | None = None) -> dict[str, Any]:
    """The school year's deepening afternoons open to the institute's students and its
    professionalisation meetings."""
    institute = _key(request).institute
    year = _year(school_year)
    return {
        "school_year": year.name,
        "afternoons": [
            {
                "number": a.number,
                "date": a.date,
                "start_time": a.start_time,
                "end_time": a.end_time,
                "audience": a.audience,
            }
            for a in selectors.afternoons(institute, year)
        ],
        "meetings": [
            {
                "date": m.date,
                "start_time": m.start_time,
                "end_time": m.end_time,
                "theme": m.theme.title if m.theme_id else "",
                "location": m.location.name,
            }
            for m in selectors.meetings(year)
        ],
    }
