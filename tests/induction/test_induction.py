import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bos.models import Role
from induction import selectors, services
from induction.models import BlockState, Starter, StarterKind
from placements.models import Student
from tests.factories import PlacementFactory, user_with_role
from tests.placements.factories import make_world


@pytest.fixture
def world(db):
    return make_world()


def _register(world, user=None, **overrides):
    kwargs = dict(
        user=user or world.so_user,
        location_id=world.location.pk,
        first_name="Sanne",
        last_name="Starter",
        email="sanne@school.example",
        subject="Engels",
        kind=StarterKind.STARTER,
        hired_on=dt.date(2020, 8, 1),
    )
    kwargs.update(overrides)
    return services.starter_register(**kwargs)


def test_an_so_registers_starters_of_own_school_only(world):
    starter = _register(world, coach=world.wpb, induction_year=2)
    assert starter.school_year == world.year and starter.induction_year == 2
    with pytest.raises(ValidationError, match="eigen school"):
        _register(world, location_id=world.other_location.pk)
    with pytest.raises(PermissionDenied):
        _register(world, user=world.io_user)
    with pytest.raises(ValidationError, match="1, 2 of 3"):
        _register(world, induction_year=4)


def test_a_former_student_must_have_been_placed_at_bos(world):
    with pytest.raises(ValidationError, match="oud-student"):
        _register(world, kind=StarterKind.FORMER_STUDENT)
    with pytest.raises(ValidationError, match="geen stage"):
        _register(world, kind=StarterKind.FORMER_STUDENT, former_student=world.student)
    placement = PlacementFactory(student=world.student, school_year=world.year)
    assert placement
    starter = _register(world, kind=StarterKind.FORMER_STUDENT, former_student=world.student)
    assert starter.former_student == world.student


def test_an_unqualified_hire_tells_the_so_who_can_register_a_zij_instromer(
    world, django_capture_on_commit_callbacks
):
    director = user_with_role(Role.DIRECTOR, year=world.year, locations=[world.location])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        starter = _register(world, user=director, kind=StarterKind.UNQUALIFIED)
    assert starter.so_notified_at is not None
    assert [m.to for m in mail.outbox] == [[world.so.email]]
    assert "onbevoegde collega" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        services.starter_register_as_student(
            user=director,
            starter_id=starter.pk,
            institute_id=world.institute.pk,
            student_number="Z123",
        )
    student = services.starter_register_as_student(
        user=world.so_user,
        starter_id=starter.pk,
        institute_id=world.institute.pk,
        student_number="Z123",
    )
    starter.refresh_from_db()
    assert student.is_zij_instromer and starter.registered_student == student
    assert starter.kind == StarterKind.ZIJ_INSTROMER
    # Without a placement yet, the colleague is in the school's student register.
    assert list(student.schools.values_list("location_id", "is_owner")) == [
        (starter.location_id, True)
    ]
    with pytest.raises(ValidationError, match="al als zij-instromer"):
        services.starter_register_as_student(
            user=world.so_user,
            starter_id=starter.pk,
            institute_id=world.institute.pk,
            student_number="Z124",
        )
    assert Student.objects.filter(student_number="Z123").count() == 1


def test_figures_per_school(world):
    PlacementFactory(student=world.student, school_year=world.year)
    _register(world)
    _register(world, kind=StarterKind.FORMER_STUDENT, former_student=world.student)
    _register(world, kind=StarterKind.UNQUALIFIED)
    for block in ("goals", "appreciation"):
        services.block_set(
            user=world.so_user,
            location_id=world.location.pk,
            block=block,
            state=BlockState.IN_PLACE,
        )
    services.block_set(
        user=world.so_user,
        location_id=world.location.pk,
        block="workload",
        state=BlockState.DEVELOPING,
    )
    rows = {row.location.name: row for row in selectors.figures(year=world.year)}
    own = rows["Testcollege"]
    assert (own.starters, own.former_students, own.unqualified) == (3, 1, 1)
    assert (own.blocks_in_place, own.blocks_developing) == (2, 1)
    assert rows["Andere school"].starters == 0
    # The total row, counted apart in the database, is the sum of every school's row.
    every = list(rows.values())
    assert selectors.figure_totals(year=world.year) == {
        "starters": sum(row.starters for row in every),
        "former_students": sum(row.former_students for row in every),
        "unqualified": sum(row.unqualified for row in every),
        "zij_instromers": sum(row.zij_instromers for row in every),
    }
    # A page of schools reads only its own.
    (only,) = selectors.figures(year=world.year, members=[selectors.member_schools(world.year)[0]])
    assert only == rows[only.location.name]
    blocks = selectors.blocks_for(user=world.so_user)
    assert [row["in_place"] for row in blocks] == [2]


def test_the_dashboard_counts_the_so_s_starters(world):
    _register(world)
    _register(world, first_name="Tim")
    client = Client()
    client.force_login(world.so_user)
    response = client.get(reverse("placements:dashboard"))
    assert '<dd id="starter-count">2</dd>' in response.content.decode()
    client.force_login(world.other_so_user)
    response = client.get(reverse("placements:dashboard"))
    assert '<dd id="starter-count">0</dd>' in response.content.decode()


def test_the_register_page_and_its_query_count(world):
    client = Client()
    client.force_login(world.so_user)
    url = reverse("induction:register")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _register(world, coach=world.wpb)
    small = count()
    for index in range(12):
        _register(world, first_name=f"Starter{index}", coach=world.wpb)
    assert count() == small
    assert Starter.objects.filter(location=world.location).count() == 13


def test_bad_input_on_the_form_gives_a_dutch_message(world):
    client = Client()
    client.force_login(world.so_user)
    response = client.post(
        reverse("induction:new"),
        {
            "location": world.location.pk,
            "first_name": "A",
            "last_name": "B",
            "subject": "Engels",
            "kind": "former_student",
            "induction_year": "1",
            "hired_on": "2020-08-01",
        },
    )
    assert response.status_code == 400
    assert "Kies de oud-student" in response.content.decode()
    assert not Starter.objects.filter(location=world.location).exists()


@pytest.mark.django_db
def test_the_figures_show_a_page_of_schools_with_the_totals_of_all():
    """Issue #29: a region has hundreds of member schools; the figures page shows 50 a page,
    with the same queries, and its totals count every school."""
    from django.test import Client
    from django.urls import reverse

    from bos.models import Role
    from tests.factories import (
        LocationYearFactory,
        SchoolLocationFactory,
        SchoolYearFactory,
        user_with_role,
    )
    from tests.page_cost import page_cost

    year = SchoolYearFactory(name="2042-2043")
    for number in range(3):
        LocationYearFactory(location=SchoolLocationFactory(name=f"School {number:03d}"),
                            school_year=year, is_member=True)  # fmt: skip
    client = Client()
    client.force_login(user_with_role(Role.PROJECTLEIDER, year=year))
    url = reverse("induction:figures")
    small = page_cost(client, url, {"jaar": year.name})
    for number in range(3, 61):
        LocationYearFactory(location=SchoolLocationFactory(name=f"School {number:03d}"),
                            school_year=year, is_member=True)  # fmt: skip
    large = page_cost(client, url, {"jaar": year.name})
    assert large.queries == small.queries
    assert large.html.count('<th scope="row">School ') == 50
    assert "pagina=2" in large.html
    second = client.get(url, {"jaar": year.name, "pagina": 2}).content.decode()
    assert second.count('<th scope="row">School ') == 11


def test_an_so_enrols_a_waiting_starter_on_its_own_page(world):
    """The register links each waiting unqualified starter to a page with the enrolment
    form (one form, once per page: no repeated field ids); a wrong form says why in Dutch
    and saves nothing; another school's starter is not found."""
    starter = _register(world, kind=StarterKind.UNQUALIFIED)
    client = Client()
    client.force_login(world.so_user)
    url = reverse("induction:as_student", args=[starter.pk])
    register = client.get(reverse("induction:register")).content.decode()
    assert f'href="{url}"' in register and 'name="student_number"' not in register
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('id="id_institute"') == 1
    wrong = client.post(url, {"institute": "", "student_number": ""})
    assert wrong.status_code == 400 and "Dit veld is verplicht." in wrong.content.decode()
    assert not Student.objects.filter(is_zij_instromer=True, last_name="Starter").exists()
    done = client.post(url, {"institute": world.institute.pk, "student_number": "Z900"})
    assert done.status_code == 302
    starter.refresh_from_db()
    assert starter.registered_student.student_number == "Z900"
    again = client.post(url, {"institute": world.institute.pk, "student_number": "Z901"})
    assert again.status_code == 400 and "al als zij-instromer" in again.content.decode()
    elsewhere = _register(
        world,
        user=user_with_role(Role.SO, year=world.year, locations=[world.other_location]),
        location_id=world.other_location.pk,
        kind=StarterKind.UNQUALIFIED,
    )
    other = client.get(reverse("induction:as_student", args=[elsewhere.pk]))
    assert other.status_code == 404


def test_the_projectleider_filters_the_register_by_part_of_a_schools_name(world):
    """The region's register: a school is typed, not chosen from a select of every school,
    so the page stays the same size however many schools have starters."""
    from tests.factories import SchoolLocationFactory

    _register(world)
    client = Client()
    client.force_login(user_with_role(Role.PROJECTLEIDER, year=world.year))
    url = reverse("induction:register")
    before = client.get(url).content.decode()
    assert 'name="location_naam"' in before and '<select name="location"' not in before
    elsewhere = SchoolLocationFactory(name="Verre Scholengemeenschap")
    Starter.objects.filter(pk=_register(world, first_name="Vera").pk).update(location=elsewhere)
    found = client.get(url, {"location_naam": "verre"}).content.decode()
    assert "Vera" in found and found.count("<tr") == 2  # the header and Vera's row
