import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from bos import partnership
from facilitation.models import Policy
from stipend import services, storage
from stipend.assessment import amount_for_month, assess
from stipend.models import (
    Action,
    DocumentKind,
    Status,
    StipendApplication,
    StipendDocument,
    VogClaim,
)
from tests.factories import PlacementFactory
from tests.stipend.factories import (
    VALID_BSN,
    accepted_application,
    complete_application,
    make_world,
    submitted_application,
    upload,
)


def statuses(application: StipendApplication) -> list[str]:
    return list(application.events.exclude(to_status="").values_list("to_status", flat=True))


# Start ----------------------------------------------------------------------------------------


def test_so_starts_prefilled_and_student_is_invited(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.start_application(placement=world.placement, actor=world.so)
    assert application.status == Status.CONCEPT
    assert application.school_name == world.placement.location.name
    assert application.days_per_week == 3
    assert application.start_date == dt.date(2021, 9, 1)
    assert [m.to for m in mail.outbox] == [[world.student.email]]
    assert world.student.email in mail.outbox[0].to
    assert "code" in mail.outbox[0].body


def test_start_guards(world, db):
    with pytest.raises(PermissionDenied):
        services.start_application(placement=world.placement, actor=world.other_so)
    services.start_application(placement=world.placement, actor=world.student)
    with pytest.raises(ValidationError, match="al een aanvraag"):
        services.start_application(placement=world.placement, actor=world.so)
    not_final = PlacementFactory(
        school_year=world.year,
        location=world.placement.location,
        is_final=False,
        start_date=dt.date(2021, 9, 1),
        end_date=dt.date(2022, 7, 1),
    )
    with pytest.raises(ValidationError, match="afrondende stage"):
        services.start_application(placement=not_final, actor=world.so)


# Student signs ----------------------------------------------------------------------------------


def test_sign_lists_what_is_missing(world):
    application = services.start_application(placement=world.placement, actor=world.so)
    with pytest.raises(ValidationError) as info:
        services.sign(application=application, actor=world.student)
    message = info.value.messages[0]
    assert "niet compleet" in message
    assert "burgerservicenummer (BSN)" in message
    assert "kopie geldig identiteitsbewijs" in message
    application.refresh_from_db()
    assert application.status == Status.CONCEPT


def test_partner_details_are_required_when_married(world):
    application = complete_application(world, marital_status="married")
    with pytest.raises(ValidationError, match="voorletters partner"):
        services.sign(application=application, actor=world.student)


def test_only_the_student_signs(world):
    application = complete_application(world)
    with pytest.raises(PermissionDenied):
        services.sign(application=application, actor=world.so)


@pytest.mark.parametrize(
    ("overrides", "why"),
    [
        ({"employed_by_board": True}, "in dienst van het schoolbestuur"),
    ],
)
def test_sign_refuses_and_explains_when_not_eligible(world, overrides, why):
    application = complete_application(world, **overrides)
    with pytest.raises(ValidationError, match=why):
        services.sign(application=application, actor=world.student)


def test_no_stipend_in_a_year_without_the_scheme(db):
    world = make_world(stipend_enabled=False)
    application = complete_application(world)
    result = assess(application)
    assert not result.eligible
    assert "geldt geen stagevergoeding" in " ".join(result.explanation)
    with pytest.raises(ValidationError, match="Geen recht"):
        services.sign(application=application, actor=world.student)


def test_no_stipend_without_a_policy(world):
    Policy.objects.filter(school_year=world.year).delete()
    application = complete_application(world)
    assert "geen beleid" in " ".join(assess(application).explanation)


def test_not_a_final_placement_is_not_eligible(world):
    application = complete_application(world)
    world.placement.is_final = False
    world.placement.save()
    application.refresh_from_db()
    assert "afrondende stage" in " ".join(assess(application).explanation)


# Approvals ------------------------------------------------------------------------------------


def test_full_approval_chain_records_who_and_when(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(world)
    assert application.status == Status.SUBMITTED
    assert statuses(application) == [
        Status.CONCEPT,  # create
        *[Status.CONCEPT] * 4,  # edit + three uploads
        Status.SIGNED,
        Status.SO_APPROVED,
        Status.SUBMITTED,
    ]
    sign = application.last_event(Action.SIGN)
    assert sign.actor == world.student and sign.at is not None
    assert application.last_event(Action.SO_APPROVE).actor == world.so
    assert application.last_event(Action.DIRECTOR_APPROVE).actor == world.director
    # HR is told there is work, without personal data.
    hr_mail = mail.outbox[-1]
    assert hr_mail.to == ["hr@bestuur.test.example"]
    assert VALID_BSN not in hr_mail.body and "RABO" not in hr_mail.body


def test_approval_guards(world):
    application = complete_application(world)
    with pytest.raises(ValidationError, match="huidige status"):
        services.approve_by_so(application=application, actor=world.so)
    services.sign(application=application, actor=world.student)
    with pytest.raises(PermissionDenied):
        services.approve_by_so(application=application, actor=world.other_so)
    with pytest.raises(ValidationError, match="huidige status"):
        services.approve_by_director(application=application, actor=world.director)
    services.approve_by_so(application=application, actor=world.so)
    with pytest.raises(PermissionDenied):
        services.approve_by_director(application=application, actor=world.so)
    with pytest.raises(ValidationError):
        services.update_application(
            application=application, actor=world.student, data={"remarks": "later"}
        )


def test_send_back_needs_a_reason_and_the_right_person(world, django_capture_on_commit_callbacks):
    application = complete_application(world)
    services.sign(application=application, actor=world.student)
    with pytest.raises(ValidationError, match="reden"):
        services.send_back(application=application, actor=world.so, reason="  ")
    with pytest.raises(PermissionDenied):
        services.send_back(application=application, actor=world.director, reason="Nee")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_back(application=application, actor=world.so, reason="IBAN klopt niet")
    application.refresh_from_db()
    assert application.status == Status.RETURNED
    assert application.last_event(Action.SEND_BACK).reason == "IBAN klopt niet"
    assert "IBAN klopt niet" in mail.outbox[-1].body
    # A returned application can be corrected and signed again.
    services.update_application(
        application=application, actor=world.student, data={"remarks": "IBAN gecontroleerd"}
    )
    services.sign(application=application, actor=world.student)


# HR ---------------------------------------------------------------------------------------------


def test_hr_of_another_board_cannot_act(world):
    application = submitted_application(world)
    for step in (services.accept, services.update_vog_claim):
        with pytest.raises(PermissionDenied):
            if step is services.accept:
                step(application=application, actor=world.other_hr)
            else:
                step(application=application, actor=world.other_hr, claim="paid", amount=None)
    with pytest.raises(PermissionDenied):
        services.send_back(application=application, actor=world.other_hr, reason="x")
    with pytest.raises(PermissionDenied):
        services.reveal(application=application, actor=world.other_hr, field="bsn")


def test_hr_does_not_process_an_incomplete_application(world):
    application = submitted_application(world)
    document = application.documents.get(kind=DocumentKind.PREVIOUS_LEVEL)
    storage.delete(document.stored_name)
    document.delete()
    with pytest.raises(ValidationError, match="Onvolledige aanvragen") as info:
        services.accept(application=application, actor=world.hr)
    assert "bewijs voorafgaand stageniveau" in info.value.messages[0]
    services.send_back(application=application, actor=world.hr, reason="Bewijs ontbreekt")
    application.refresh_from_db()
    assert application.status == Status.RETURNED


def test_accept_sends_the_pdf_letter_to_the_student_with_the_so_in_cc(
    world, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        application = accepted_application(world)
    assert application.status == Status.ACCEPTED
    assert application.employee_reference == "P-1001"
    letter = application.documents.get(kind=DocumentKind.LETTER)
    pdf = storage.read(letter.stored_name)
    assert pdf.startswith(b"%PDF")
    message = mail.outbox[-1]
    assert message.to == [world.student.email]
    assert message.cc == ["so@school.test.example"]
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert VALID_BSN not in message.body


def test_letter_states_amount_period_and_conditions(world):
    from stipend.letter import letter_context

    application = accepted_application(world)
    context = letter_context(application, assess(application))
    assert context["monthly"] == "€ 375,00"
    assert context["start"] == "1 september 2021"
    assert context["end"] == "1 juli 2022"
    assert context["total"] == "€ 3.750,00"  # September up to June: 10 months


def test_reject_needs_a_reason(world):
    application = submitted_application(world)
    with pytest.raises(ValidationError):
        services.reject(application=application, actor=world.hr, reason="")
    services.reject(application=application, actor=world.hr, reason="In dienst van het bestuur")
    application.refresh_from_db()
    assert application.status == Status.REJECTED
    assert application.decided_on is not None


def test_vog_claim_is_tracked(world):
    application = accepted_application(world)
    services.update_vog_claim(
        application=application, actor=world.hr, claim=VogClaim.PAID, amount=Decimal("41.35")
    )
    application.refresh_from_db()
    assert application.vog_claim == VogClaim.PAID
    assert application.vog_claim_amount == Decimal("41.35")
    with pytest.raises(ValidationError):
        services.update_vog_claim(
            application=application, actor=world.hr, claim="bogus", amount=None
        )


# After acceptance -----------------------------------------------------------------------------


def test_change_of_days_takes_effect_next_month_and_notifies_hr(
    world, django_capture_on_commit_callbacks
):
    application = accepted_application(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change = services.change_days(
            application=application, actor=world.so, days=1, on=dt.date(2021, 11, 15)
        )
    assert change.effective_from == dt.date(2021, 12, 1)
    assert amount_for_month(application, dt.date(2021, 11, 1)) == Decimal("375.00")
    assert amount_for_month(application, dt.date(2021, 12, 1)) == Decimal("125.00")
    assert mail.outbox[-1].to == ["hr@bestuur.test.example"]
    with pytest.raises(PermissionDenied):
        services.change_days(application=application, actor=world.hr, days=2)


def test_stop_needs_the_judgement_and_ends_payments(world):
    application = accepted_application(world)
    with pytest.raises(ValidationError, match="Bevestig"):
        services.stop(
            application=application,
            actor=world.so,
            stop_date=dt.date(2022, 1, 31),
            reason="Verplichtingen niet nagekomen",
            obligations_unmet_confirmed=False,
        )
    services.stop(
        application=application,
        actor=world.so,
        stop_date=dt.date(2022, 1, 31),
        reason="Verplichtingen niet nagekomen",
        obligations_unmet_confirmed=True,
    )
    application.refresh_from_db()
    assert application.status == Status.STOPPED
    assert amount_for_month(application, dt.date(2022, 1, 1)) == Decimal("375.00")
    assert amount_for_month(application, dt.date(2022, 2, 1)) == Decimal("0.00")
    with pytest.raises(ValidationError):
        services.end(application=application, actor=world.so)


def test_end_at_the_end_date(world):
    application = accepted_application(world)
    services.end(application=application, actor=world.hr)
    application.refresh_from_db()
    assert application.status == Status.ENDED
    assert application.ended_on == dt.date(2022, 7, 1)


# Documents and duplicates -----------------------------------------------------------------------


def test_uploads_are_checked_by_content(world, settings):
    application = services.start_application(placement=world.placement, actor=world.so)
    html = upload("scan.pdf", b"<html><script>alert(1)</script></html>")
    with pytest.raises(ValidationError, match="PDF-, JPEG- of PNG"):
        services.add_document(
            application=application, actor=world.student, kind=DocumentKind.ID_COPY, upload=html
        )
    settings.STIPEND_MAX_UPLOAD_BYTES = 1024
    big = upload("groot.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(ValidationError, match="te groot"):
        services.add_document(
            application=application, actor=world.student, kind=DocumentKind.ID_COPY, upload=big
        )
    assert not StipendDocument.objects.filter(application=application).exists()
    assert list(storage.root().iterdir()) == []
    document = services.add_document(
        application=application, actor=world.student, kind=DocumentKind.ID_COPY, upload=upload()
    )
    assert document.stored_name.endswith(".pdf") and "doc" not in document.stored_name
    assert storage.path_of(document.stored_name).parent == storage.root().resolve()


def test_duplicate_bsn_is_found_by_keyed_hash(world, db):
    application = complete_application(world)
    other = make_world()
    other_application = services.start_application(placement=other.placement, actor=other.so)
    services.update_application(
        application=other_application, actor=other.student, data={"bsn": VALID_BSN}
    )
    assert services.duplicates_of(application) == [other_application]


def test_after_acceptance_guards(world):
    application = submitted_application(world)
    with pytest.raises(ValidationError, match="huidige status"):
        services.change_days(application=application, actor=world.so, days=2)
    with pytest.raises(ValidationError, match="huidige status"):
        services.end(application=application, actor=world.so)
    with pytest.raises(PermissionDenied):
        services.reject(application=application, actor=world.other_hr, reason="Nee")
    services.accept(application=application, actor=world.hr)
    application.refresh_from_db()
    prefix = partnership.current().short_name
    assert application.employee_reference == f"{prefix}-{application.pk:06d}"
    with pytest.raises(PermissionDenied):
        services.end(application=application, actor=world.other_so)
    with pytest.raises(PermissionDenied):
        services.stop(
            application=application,
            actor=world.director,
            stop_date=dt.date(2022, 1, 31),
            reason="x",
            obligations_unmet_confirmed=True,
        )
    with pytest.raises(ValidationError, match="Kies 0, 1, 2 of 3"):
        services.change_days(application=application, actor=world.so, days=4)
    with pytest.raises(ValidationError, match="huidige status"):
        services.accept(application=application, actor=world.hr)
