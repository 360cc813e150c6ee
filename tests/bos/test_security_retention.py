"""Retention (AVG): former students and staff are anonymised, old audit entries deleted, and
what was done is logged; one person's data can be exported (right of access)."""

import datetime as dt
import json
from io import StringIO
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.utils import timezone

from bos import audit
from bos.models import AuditEntry, Role
from placements.models import Placement, PlacementStatus
from tests.bos.security_helpers import activate_totp
from tests.factories import (
    PersonFactory,
    PlacementFactory,
    RoleAssignmentFactory,
    SchoolYearFactory,
    StudentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


@pytest.fixture
def today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield TODAY


def _year(start: int):
    return SchoolYearFactory(
        name=f"{start}-{start + 1}",
        start_date=dt.date(start, 8, 1),
        end_date=dt.date(start + 1, 7, 31),
    )


def _run(*args: str) -> str:
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_a_student_is_anonymised_two_years_after_the_last_placement(today, settings):
    settings.BOS_RETENTION_DAYS = {**settings.BOS_RETENTION_DAYS, "student": 730}
    old_year, recent_year = _year(2020), _year(2025)
    user = UserFactory(email="oud-student@test.example")
    gone = StudentFactory(first_name="Oud", last_name="Student", user=user)
    PlacementFactory(
        student=gone,
        school_year=old_year,
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2021, 7, 1),
        status=PlacementStatus.COMPLETED,
    )
    staying = StudentFactory(first_name="Nog", last_name="Bezig")
    PlacementFactory(
        student=staying,
        school_year=recent_year,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 7, 1),
        status=PlacementStatus.COMPLETED,
    )
    output = _run()
    gone.refresh_from_db()
    staying.refresh_from_db()
    user.refresh_from_db()
    assert gone.first_name == "Geanonimiseerd"
    assert "Oud" not in f"{gone.full_name} {gone.email} {gone.student_number}"
    assert gone.user is None
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.email.endswith("@anoniem.invalid")
    assert staying.first_name == "Nog"
    # The placement is kept for the reports, without the person.
    assert Placement.objects.filter(student=gone).count() == 1
    assert "studenten_geanonimiseerd" in output
    # The trail names the fields, never the erased values.
    entry = (
        AuditEntry.objects.filter(model="placements.student", object_pk=str(gone.pk))
        .order_by("id")
        .last()
    )
    erased = ["email", "first_name", "last_name", "student_number", "user_id"]
    assert entry.changes == {"velden": erased}
    summary = AuditEntry.objects.get(action="retention")
    assert summary.changes["studenten_geanonimiseerd"] >= 1


def test_a_student_with_an_open_placement_is_kept(today):
    student = StudentFactory(first_name="Open")
    PlacementFactory(
        student=student,
        school_year=_year(2018),
        start_date=dt.date(2018, 9, 1),
        end_date=dt.date(2019, 7, 1),
        status=PlacementStatus.ACTIVE,
    )
    _run()
    student.refresh_from_db()
    assert student.first_name == "Open"


def test_staff_are_anonymised_after_their_last_role_and_lose_mfa(today):
    user = UserFactory(email="oud-so@test.example")
    activate_totp(user)
    former = PersonFactory(first_name="Vroeger", user=user)
    RoleAssignmentFactory(person=former, school_year=_year(2019), role=Role.SO)
    current = PersonFactory(first_name="Nu")
    RoleAssignmentFactory(person=current, school_year=_year(2019), role=Role.SO)
    RoleAssignmentFactory(person=current, school_year=_year(2026), role=Role.SO)
    _run()
    former.refresh_from_db()
    current.refresh_from_db()
    assert former.first_name == "Geanonimiseerd"
    assert former.email.endswith("@anoniem.invalid")
    assert current.first_name == "Nu"
    assert not Authenticator.objects.filter(user=user).exists()


def test_old_audit_entries_are_deleted_recent_ones_kept(today, settings):
    settings.BOS_RETENTION_DAYS = {**settings.BOS_RETENTION_DAYS, "audit": 365}
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - dt.timedelta(400)):
        audit.record("view", changes={"leeftijd": "oud"})
    audit.record("view", changes={"leeftijd": "nieuw"})
    output = _run()
    assert not AuditEntry.objects.filter(changes__leeftijd="oud").exists()
    assert AuditEntry.objects.filter(changes__leeftijd="nieuw").exists()
    assert "'auditregels_verwijderd': 1" in output


def test_a_dry_run_changes_nothing(today):
    student = StudentFactory(first_name="Droog")
    PlacementFactory(
        student=student,
        school_year=_year(2015),
        start_date=dt.date(2015, 9, 1),
        end_date=dt.date(2016, 7, 1),
        status=PlacementStatus.COMPLETED,
    )
    output = _run("--dry-run")
    student.refresh_from_db()
    assert student.first_name == "Droog"
    assert "Proefdraai" in output
    assert not AuditEntry.objects.filter(action="retention").exists()


def test_export_of_one_person_holds_everything_about_them(tmp_path):
    user = UserFactory(email="inzage@test.example")
    person = PersonFactory(email="inzage@test.example", first_name="Inge", user=user)
    role = RoleAssignmentFactory(person=person, role=Role.WPB)
    placement = PlacementFactory(wpb=person)
    other = PersonFactory(first_name="Buiten")
    target = tmp_path / "inzage.json"
    call_command("export_person", "inzage@test.example", output=str(target), stdout=StringIO())
    data = json.loads(target.read_text())
    subjects = {(row["model"], row["pk"]) for row in data["personen"]}
    assert ("bos.user", user.pk) in subjects
    assert ("bos.person", person.pk) in subjects
    related = {(row["model"], row["pk"]) for row in data["gekoppelde_gegevens"]}
    assert ("bos.roleassignment", role.pk) in related
    assert ("placements.placement", placement.pk) in related
    assert "Buiten" not in target.read_text()
    assert other.pk not in {pk for model, pk in subjects if model == "bos.person"}
    user_row = next(row for row in data["personen"] if row["model"] == "bos.user")
    assert user_row["fields"]["password"] == "<weggelaten>"
    assert any(row["fields"]["model"] == "bos.person" for row in data["audittrail"])
    assert AuditEntry.objects.filter(action="export").exists()


def test_export_of_a_student_by_e_mail(tmp_path):
    student = StudentFactory(email="student-inzage@test.example")
    placement = PlacementFactory(student=student)
    out = StringIO()
    call_command("export_person", "student-inzage@test.example", stdout=out)
    data = json.loads(out.getvalue())
    assert ("placements.student", student.pk) in {(r["model"], r["pk"]) for r in data["personen"]}
    assert placement.pk in [r["pk"] for r in data["gekoppelde_gegevens"]]
    # Exporting changes nothing.
    student.refresh_from_db()
    assert student.email == "student-inzage@test.example"


def test_export_of_an_unknown_address_fails_clearly():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Niemand gevonden"):
        call_command("export_person", "niemand@test.example", stdout=StringIO())
