"""The Excel import in bulk: look-ups per file, bulk writes with the same rules and results
as the single-row services, and large files in a background task with a progress page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import AuditEntry
from placements import imports, services, tasks
from placements.models import ChecklistItem, ImportJob, ImportJobStatus, Placement, Student
from tests.placements.factories import make_world
from tests.placements.test_imports import (
    PLACEMENT_HEADER,
    STUDENT_HEADER,
    student_row,
    upload,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def client(world):
    client = Client()
    client.force_login(world.so_user)
    return client


def make_students(world, count, prefix="Q"):
    return Student.objects.bulk_create(
        Student(
            institute=world.institute,
            student_number=f"{prefix}{n:05d}",
            first_name="Quinty",
            last_name=f"Bulk{n}",
            email=f"{prefix.lower()}{n}@student.example",
            programme="Engels",
            variant="vt",
        )
        for n in range(count)
    )


def placement_row(world, student, start="01-09-2020", end="01-07-2021", days="2"):
    return [
        "TLO",
        student.student_number,
        student.first_name,
        student.last_name,
        "Testcollege",
        "VT2",
        "",
        start,
        end,
        days,
        world.wpb.email,
        "nee",
    ]


def placements_file(world, students, **overrides):
    return xlsx(PLACEMENT_HEADER, *(placement_row(world, s, **overrides) for s in students))


def preview_queries(world, data, kind="stages"):
    result = imports.read_rows("f.xlsx", data, kind)
    with CaptureQueriesContext(connection) as queries:
        result = imports.apply(world.so_user, result, commit=False)
    assert result.ok, [row.errors for row in result.rows if row.errors][:3]
    return len(queries)


def test_the_query_count_does_not_grow_with_the_rows(world):
    students = make_students(world, 200)
    small = preview_queries(world, placements_file(world, students[:20]))
    large = preview_queries(world, placements_file(world, students))
    assert large <= small + 2, (small, large)
    # Unchanged rows ("ongewijzigd") cost no query per row either.
    data = placements_file(world, students)
    imports.apply(world.so_user, imports.read_rows("f.xlsx", data, "stages"), commit=True)
    small = preview_queries(world, placements_file(world, students[:20]))
    large = preview_queries(world, data)
    assert large <= small + 2, (small, large)
    small = preview_queries(
        world, xlsx(STUDENT_HEADER, *(student_row(f"N{n}") for n in range(20))), "studenten"
    )
    large = preview_queries(
        world, xlsx(STUDENT_HEADER, *(student_row(f"N{n}") for n in range(200))), "studenten"
    )
    assert large <= small + 2, (small, large)


def _rows(queryset, fields):
    return sorted(tuple(str(value) for value in row) for row in queryset.values_list(*fields))


PLACEMENT_FIELDS = (
    "student__student_number",
    "location_id",
    "school_year_id",
    "level",
    "start_date",
    "end_date",
    "days_per_week",
    "so_id",
    "wpb_id",
    "io_id",
    "status",
    "registered_on",
    "version",
    "is_final",
)
ITEM_FIELDS = (
    "placement__student__student_number",
    "kind",
    "position",
    "responsible_role",
    "due_date",
    "done_at",
)


def test_bulk_creates_the_same_rows_and_checklists_as_the_single_row_service(world):
    singles = make_students(world, 3, prefix="S")
    bulks = make_students(world, 3, prefix="B")
    for student in singles:
        services.placement_create(
            user=world.so_user,
            location_id=world.location.pk,
            student=student,
            level="VT2",
            start_date=dt.date(2020, 9, 1),
            end_date=dt.date(2021, 7, 1),
            days_per_week=Decimal(2),
            wpb=world.wpb,
        )
    audit_before = AuditEntry.objects.filter(model="placements.placement").count()
    result = imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", placements_file(world, bulks), "stages"),
        commit=True,
    )
    assert result.ok and [row.status for row in result.rows] == ["nieuw"] * 3

    def strip(rows):
        return sorted(
            tuple(value.replace("B", "S", 1) if i == 0 else value for i, value in enumerate(row))
            for row in rows
        )

    single_placements = _rows(Placement.objects.filter(student__in=singles), PLACEMENT_FIELDS)
    bulk_placements = _rows(Placement.objects.filter(student__in=bulks), PLACEMENT_FIELDS)
    assert strip(bulk_placements) == single_placements
    single_items = _rows(ChecklistItem.objects.filter(placement__student__in=singles), ITEM_FIELDS)
    bulk_items = _rows(ChecklistItem.objects.filter(placement__student__in=bulks), ITEM_FIELDS)
    assert single_items and strip(bulk_items) == single_items
    # The audit trail gets an entry per created placement, as the signals write them.
    assert AuditEntry.objects.filter(model="placements.placement").count() == audit_before + 3


def test_bulk_students_and_reimport_writes_nothing(world, client):
    data = xlsx(STUDENT_HEADER, *(student_row(f"R{n}") for n in range(5)))
    result = imports.apply(
        world.so_user, imports.read_rows("f.xlsx", data, "studenten"), commit=True
    )
    assert [row.status for row in result.rows] == ["nieuw"] * 5
    assert Student.objects.get(student_number="R3").email == "r3@st.example"
    assert AuditEntry.objects.filter(model="placements.student", action="create").count() >= 5
    students = make_students(world, 5)
    imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", placements_file(world, students), "stages"),
        commit=True,
    )
    for kind, again in (("studenten", data), ("stages", placements_file(world, students))):
        with CaptureQueriesContext(connection) as queries:
            result = imports.apply(
                world.so_user, imports.read_rows("f.xlsx", again, kind), commit=True
            )
        assert {row.status for row in result.rows} == {"ongewijzigd"}
        writes = [
            q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")
        ]
        assert writes == [], writes


def test_bulk_rows_keep_the_services_dutch_messages(world):
    students = make_students(world, 3)
    rows = [
        placement_row(world, students[0]),
        placement_row(world, students[1], end="01-09-2021"),  # outside the year
        placement_row(world, students[2], days="6"),
        # Overlaps the first row of the same file.
        placement_row(world, students[0], start="01-10-2020"),
    ]
    result = imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", xlsx(PLACEMENT_HEADER, *rows), "stages"),
        commit=True,
    )
    errors = {row.number: row.errors for row in result.rows}
    assert errors[2] == []
    assert any(h == "Begindatum" and "binnen schooljaar" in m for h, m in errors[3])
    assert any(h == "Dagen per week" and "tussen 0,5 en 5" in m for h, m in errors[4])
    assert any(
        h == "Begindatum" and "al een lopende stage op Testcollege" in m for h, m in errors[5]
    )
    assert not Placement.objects.filter(student__in=students).exists()


def test_a_changed_row_is_updated_in_bulk(world):
    students = make_students(world, 2)
    imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", placements_file(world, students), "stages"),
        commit=True,
    )
    changed = xlsx(
        PLACEMENT_HEADER,
        placement_row(world, students[0]),
        placement_row(world, students[1], end="30-06-2021"),
    )
    result = imports.apply(
        world.so_user, imports.read_rows("f.xlsx", changed, "stages"), commit=True
    )
    assert [row.status for row in result.rows] == ["ongewijzigd", "bijgewerkt"]
    placement = Placement.objects.get(student=students[1])
    assert placement.end_date == dt.date(2021, 6, 30) and placement.version == 2
    assert AuditEntry.objects.filter(
        model="placements.placement", action="update", object_pk=str(placement.pk)
    ).exists()


def test_a_large_file_runs_in_the_background_with_a_progress_page(
    world, client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 3
    students = make_students(world, 5)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "stages", placements_file(world, students))
    assert response.status_code == 302
    job = ImportJob.objects.get(user=world.so_user)
    assert response["Location"] == reverse("placements:import_progress", args=["stages", job.pk])
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED
    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Alle 5 rijen zijn in orde" in content and job.token in content
    assert not Placement.objects.filter(student__in=students).exists()

    other = Client()
    other.force_login(world.other_so_user)
    assert other.get(response["Location"]).status_code == 404
    assert (
        other.post(response["Location"], {"token": job.token, "sha256": job.sha256}).status_code
        == 404
    )

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response["Location"], {"token": job.token, "sha256": job.sha256})
    assert confirmed.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJobStatus.DONE and job.data == b""
    assert Placement.objects.filter(student__in=students).count() == 5
    content = client.get(response["Location"]).content.decode()
    assert "Ingelezen: 5 nieuw, 0 bijgewerkt, 0 ongewijzigd." in content
    # The task delivered again for the same job imports nothing twice.
    assert tasks.run_import(job.pk) == "already-run"
    assert Placement.objects.filter(student__in=students).count() == 5
    assert ChecklistItem.objects.filter(placement__student__in=students).count() == 5 * (
        ChecklistItem.objects.filter(placement__student=students[0]).count()
    )


def test_a_running_import_shows_its_progress_page(world, client):
    job = ImportJob.objects.create(
        user=world.so_user,
        kind="stages",
        name="groot.xlsx",
        data=b"x",
        sha256="0" * 64,
        token="t",
        rows_total=800,
    )
    response = client.get(reverse("placements:import_progress", args=["stages", job.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in content
    assert "0 van de 800 rijen" in content
    # Confirming a job that is not checked yet starts nothing.
    client.post(
        reverse("placements:import_progress", args=["stages", job.pk]),
        {"token": "t", "sha256": "0" * 64},
    )
    job.refresh_from_db()
    assert job.status == ImportJobStatus.QUEUED


def test_the_projectleider_gets_the_larger_row_cap(world, settings, monkeypatch):
    from bos.models import Role
    from tests.factories import user_with_role

    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    settings.IMPORT_MAX_ROWS_ALL_LOCATIONS = 4
    leader = user_with_role(Role.PROJECTLEIDER, year=world.year)
    assert imports.max_rows_for(world.so_user) == 2
    assert imports.max_rows_for(leader) == 4
    data = xlsx(STUDENT_HEADER, *(student_row(f"C{n}") for n in range(3)))
    with pytest.raises(imports.ImportFileError, match="meer dan 2 rijen"):
        imports.read_rows("f.xlsx", data, "studenten", max_rows=imports.max_rows_for(world.so_user))
    assert len(imports.read_rows("f.xlsx", data, "studenten", max_rows=4).rows) == 3


def test_a_closed_year_refuses_the_bulk_import(world):
    from django.utils import timezone

    from bos.models import SchoolYear

    students = make_students(world, 2)
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    result = imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", placements_file(world, students), "stages"),
        commit=True,
    )
    assert not result.ok
    assert all(
        any(f"Schooljaar {world.year.name} is afgesloten" in m for _h, m in row.errors)
        for row in result.rows
    )
    assert not Placement.objects.filter(student__in=students).exists()


def test_another_schools_student_is_linked_never_changed(world):
    """Cross-school rule in bulk: a student registered elsewhere is placed when the row
    carries their known name, and a differing name is refused with the service's message."""
    known, renamed = make_students(world, 2, prefix="K")
    rows = [
        placement_row(world, known),
        ["TLO", renamed.student_number, "Andere", "Naam", *placement_row(world, renamed)[4:]],
    ]
    result = imports.apply(
        world.so_user,
        imports.read_rows("f.xlsx", xlsx(PLACEMENT_HEADER, *rows), "stages"),
        commit=False,
    )
    assert result.rows[0].errors == []
    assert result.rows[1].errors == [("Achternaam", services.KNOWN_UNDER_OTHER_NAME)]
    renamed.refresh_from_db()
    assert renamed.first_name == "Quinty"


def test_a_new_upload_replaces_a_checked_background_import_and_old_jobs_are_purged(
    world, client, settings
):
    from django.utils import timezone

    checked = ImportJob.objects.create(
        user=world.so_user,
        kind="stages",
        name="a.xlsx",
        data=b"x",
        sha256="0" * 64,
        token="t",
        status=ImportJobStatus.CHECKED,
        result={"kind": "stages", "rows": []},
    )
    upload(client, "stages", b"geen excel")
    assert not ImportJob.objects.filter(pk=checked.pk).exists()
    old = ImportJob.objects.create(
        user=world.so_user, kind="stages", name="b.xlsx", data=b"x", sha256="0" * 64, token="t"
    )
    recent = ImportJob.objects.create(
        user=world.so_user, kind="stages", name="c.xlsx", data=b"x", sha256="0" * 64, token="t"
    )
    days = settings.IMPORT_JOB_KEEP_DAYS + 1
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    assert tasks.purge_import_jobs() == 1
    assert list(ImportJob.objects.values_list("pk", flat=True)) == [recent.pk]
