"""A small organisation with one final placement and the people around it; fictitious."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from bos.models import HROffice, Role, SchoolYear, User
from facilitation.models import Policy
from placements.models import Placement, StageLevel
from stipend import services
from stipend.models import (
    Degree,
    DocumentKind,
    IdDocumentType,
    Level,
    MaritalStatus,
    StipendApplication,
    StipendDocument,
    StudyVariant,
)
from tests.documents import valid_pdf, valid_png
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    SchoolBoardFactory,
    SchoolLocationFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
    user_with_role,
)

# Valid, but unlike the demo's test values, so a test never finds the demo data.
VALID_BSN = "200500004"
VALID_IBAN = "NL44RABO0123456789"
PDF = valid_pdf()
PNG = valid_png()


@dataclass
class World:
    year: SchoolYear
    placement: Placement
    student: User
    so: User
    director: User
    hr: User
    other_hr: User
    other_so: User


def make_world(*, stipend_enabled: bool = True, final: bool = True) -> World:
    year = SchoolYearFactory(name="2021-2022", start_date=dt.date(2021, 8, 1),
                             end_date=dt.date(2022, 7, 31))  # fmt: skip
    Policy.objects.update_or_create(school_year=year, defaults={"stipend_enabled": stipend_enabled})
    office, _ = HROffice.objects.get_or_create(
        name="HR Testbestuur", defaults={"email": "hr@bestuur.test.example"}
    )
    board = SchoolBoardFactory(hr_office=office)
    other_board = SchoolBoardFactory()
    location = SchoolLocationFactory(board=board)
    other_location = SchoolLocationFactory(board=other_board)
    so = user_with_role(Role.SO, year=year, locations=[location])
    so_person = so.person
    wpb = PersonFactory()
    student_user = UserFactory()
    student = StudentFactory(user=student_user)
    placement = PlacementFactory(
        student=student,
        location=location,
        school_year=year,
        level=StageLevel.VT4,
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 7, 1),
        days_per_week=Decimal(3),
        is_final=final,
        so=so_person,
        wpb=wpb,
    )
    director = user_with_role(Role.DIRECTOR, year=year, locations=[location])
    hr = user_with_role(Role.HR, year=year, board=board)
    other_hr = user_with_role(Role.HR, year=year, board=other_board)
    other_so = user_with_role(Role.SO, year=year, locations=[other_location])
    return World(year, placement, student_user, so, director, hr, other_hr, other_so)


FORM_DATA = {
    "last_name": "Testpersoon",
    "given_names": "Anna Maria",
    "call_name": "Anna",
    "date_of_birth": dt.date(1998, 4, 12),
    "place_of_birth": "Tilburg",
    "country_of_birth": "Nederland",
    "nationality": "Nederlandse",
    "marital_status": MaritalStatus.UNMARRIED,
    "iban": VALID_IBAN,
    "bsn": VALID_BSN,
    "address": "Voorbeeldstraat 1",
    "postcode_city": "5000 AA Tilburg",
    "phone": "06-00000000",
    "email": "anna@student.test.example",
    "institute_name": "Instituut",
    "programme": "Engels",
    "degree": Degree.BACHELOR,
    "study_variant": StudyVariant.FULL_TIME,
    "institute_address": "Postbus 1",
    "institute_postcode_city": "5000 GA Tilburg",
    "school_name": "School",
    "school_address": "Schoolstraat 1",
    "school_postcode_city": "5000 AB Tilburg",
    "level": Level.HBO_BACHELOR,
    "start_date": dt.date(2021, 9, 1),
    "end_date": dt.date(2022, 7, 1),
    "days_per_week": 3,
    "so_name": "SO",
    "so_email": "so@school.test.example",
    "wpb_name": "WPB",
    "id_document_type": IdDocumentType.PASSPORT,
}


_stored = itertools.count()


def document_row(application: StipendApplication, kind: str) -> StipendDocument:
    """A document's row without a file or the service's checks (fast), for lists that only
    look at which kinds are on file."""
    return StipendDocument.objects.create(
        application=application,
        kind=kind,
        stored_name=f"row-{next(_stored)}-{kind}",
        original_name="doc.pdf",
        content_type="application/pdf",
        size=1,
    )


def upload(name: str = "doc.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def complete_application(world: World, **overrides: object) -> StipendApplication:
    """A filled-in concept with the three required documents."""
    application = services.start_application(placement=world.placement, actor=world.so)
    services.update_application(
        application=application, actor=world.student, data={**FORM_DATA, **overrides}
    )
    for kind in (DocumentKind.ID_COPY, DocumentKind.AGREEMENT, DocumentKind.PREVIOUS_LEVEL):
        services.add_document(
            application=application, actor=world.student, kind=kind, upload=upload()
        )
    application.refresh_from_db()
    return application


def submitted_application(world: World) -> StipendApplication:
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    services.approve_by_so(application=application, actor=world.so)
    services.approve_by_director(application=application, actor=world.director)
    application.refresh_from_db()
    return application


def accepted_application(world: World) -> StipendApplication:
    application = submitted_application(world)
    services.accept(application=application, actor=world.hr, employee_reference="P-1001")
    application.refresh_from_db()
    return application
