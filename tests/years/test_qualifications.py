"""The projectleider records an SO's or IO's qualifications on the person page; the page
names what the seed asks and is missing (issue #25)."""

from django.test import Client
from django.urls import reverse

from bos.models import Qualification, Role, RoleAssignment, User
from tests.demo_years import RUNNING_YEAR


def test_projectleider_records_qualifications_of_an_io(demo):
    io = (
        RoleAssignment.objects.filter(school_year__name=RUNNING_YEAR, role=Role.IO)
        .select_related("person")
        .first()
        .person
    )
    Qualification.objects.filter(person=io).delete()
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    url = reverse("organisation:person", args=[io.pk]) + f"?jaar={RUNNING_YEAR}"
    page = client.get(url).content.decode()
    assert "Een assessorentraining is een vereiste" in page
    bad = client.post(url, {"action": "kwalificatie", "kind": "assessor", "obtained_on": "morgen"})
    assert bad.status_code == 400
    assert not Qualification.objects.filter(person=io).exists()
    response = client.post(
        url, {"action": "kwalificatie", "kind": "assessor", "obtained_on": "2019-03-01"}
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Assessorentraining" in page and "1 maart 2019" in page
    assert "Een assessorentraining is een vereiste" not in page
    # The SO of a school may not: the organisation pages are not theirs.
    so = Client()
    so.force_login(User.objects.get(email="so.beatrix@demo.bos.example"))
    assert so.post(url, {"action": "kwalificatie", "kind": "brlo"}).status_code in (403, 404)
    assert not Qualification.objects.filter(person=io, kind="brlo").exists()


def test_lerarencoach_and_penvoerder_are_roles_with_scope(demo):
    import pytest
    from django.core.exceptions import ValidationError

    from bos.models import Person, SchoolBoard, SchoolLocation, SchoolYear
    from years import organisation

    user = User.objects.get(email="projectleider@demo.bos.example")
    year = SchoolYear.objects.get(name=RUNNING_YEAR)
    person = Person.objects.create(
        first_name="Lot", last_name="Coach", email="lot.coach@demo.bos.example"
    )
    # A lerarencoach works at a school; a penvoerder is a board.
    with pytest.raises(ValidationError) as no_school:
        organisation.role_save(user=user, person=person, year=year, role=Role.LERARENCOACH)
    assert "locatie" in str(no_school.value)
    with pytest.raises(ValidationError) as no_board:
        organisation.role_save(user=user, person=person, year=year, role=Role.PENVOERDER)
    assert "bestuur" in str(no_board.value)
    location = SchoolLocation.objects.get(name="Beatrix College")
    coach = organisation.role_save(
        user=user, person=person, year=year, role=Role.LERARENCOACH, locations=[location]
    )
    assert list(coach.locations.all()) == [location]
    board = SchoolBoard.objects.get(name="Sovot")
    penvoerder = organisation.role_save(
        user=user, person=person, year=year, role=Role.PENVOERDER, board=board
    )
    assert penvoerder.get_role_display() == "Penvoerder"
