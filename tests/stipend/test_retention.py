import datetime as dt

from django.core.management import call_command
from django.db import connection

from stipend import services, storage
from stipend.models import AccessAction, AccessLogEntry, StipendApplication, StipendDocument
from stipend.retention import apply_retention
from tests.stipend.factories import VALID_BSN, accepted_application, submitted_application


def test_rejected_application_is_anonymised_promptly(world, settings):
    application = submitted_application(world)
    services.reject(application=application, actor=world.hr, reason="In dienst van het bestuur")
    application.refresh_from_db()
    stored = [d.stored_name for d in application.documents.all()]
    decided = application.decided_on
    assert application.pk not in apply_retention(decided + dt.timedelta(days=1)).anonymised
    report = apply_retention(decided + dt.timedelta(days=settings.STIPEND_RETENTION_REJECTED_DAYS))
    assert application.pk in report.anonymised
    assert report.documents_deleted >= 3
    application.refresh_from_db()
    assert application.anonymised_at is not None
    assert application.bsn == "" and application.iban == "" and application.date_of_birth is None
    assert application.last_name == "" and application.bsn_hash == ""
    assert not StipendDocument.objects.filter(application=application).exists()
    assert all(not storage.path_of(name).exists() for name in stored)
    assert AccessLogEntry.objects.filter(
        application=application, action=AccessAction.RETENTION
    ).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bsn, iban, last_name FROM stipend_stipendapplication WHERE id = %s",
            [application.pk],
        )
        assert cursor.fetchone() == ("", "", "")


def test_payroll_records_are_kept_seven_years(world):
    application = accepted_application(world)
    services.end(application=application, actor=world.hr)
    application.refresh_from_db()
    ended = application.ended_on
    almost = ended.replace(year=ended.year + 7) - dt.timedelta(days=1)
    assert application.pk not in apply_retention(almost).anonymised
    application.refresh_from_db()
    assert application.bsn == VALID_BSN
    assert application.documents.count() == 4  # three uploads and the letter
    assert application.pk in apply_retention(ended.replace(year=ended.year + 7)).anonymised
    application.refresh_from_db()
    assert application.bsn == "" and application.anonymised_at is not None
    # Status and period stay, for the annual figures.
    assert application.status == "ended" and application.start_date is not None


def test_retention_command_logs_without_personal_data(world, caplog):
    application = submitted_application(world)
    services.reject(application=application, actor=world.hr, reason="Niet van toepassing")
    application.refresh_from_db()
    with caplog.at_level("INFO", logger="stipend.retention"):
        call_command(
            "apply_stipend_retention", today=application.decided_on + dt.timedelta(days=60)
        )
    assert StipendApplication.objects.get(pk=application.pk).anonymised_at is not None
    assert str(application.pk) in caplog.text
    assert VALID_BSN not in caplog.text
