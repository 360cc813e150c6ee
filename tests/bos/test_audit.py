"""The audit trail: what is recorded, by whom, and that it cannot be changed afterwards."""

import datetime as dt
from unittest import mock

import pytest
from django.core import serializers
from django.db import DatabaseError, transaction
from django.urls import reverse
from django.utils import timezone

from bos import audit
from bos.audit.triggers import purge_window
from bos.models import AuditEntry, Person
from placements.models import Placement, PlacementStatus
from tests.factories import PersonFactory, PlacementFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(model: str, pk) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model=model, object_pk=str(pk)).order_by("id"))


def test_creating_changing_and_deleting_a_placement_is_recorded_with_the_actor():
    user = UserFactory(email="so@test.example")
    with audit.acting_as(audit.Actor(user_id=user.pk, email=user.email)):
        placement = PlacementFactory(status=PlacementStatus.ACTIVE)
        placement.status = PlacementStatus.STOPPED
        placement.stopped_on = dt.date(2021, 1, 15)
        placement.stop_reason = "Andere studie"
        placement.save()
        pk = placement.pk
        placement.delete()
    created, updated, deleted = _entries("placements.placement", pk)
    assert created.action == "create"
    assert created.actor_email == "so@test.example"
    assert created.actor_id == user.pk
    assert created.changes["status"] == [None, "active"]
    assert updated.action == "update"
    assert updated.changes == {
        "status": ["active", "stopped"],
        "stopped_on": [None, "2021-01-15"],
        "stop_reason": ["", "Andere studie"],
    }
    assert deleted.action == "delete"
    assert deleted.changes["status"] == ["stopped", None]


def test_saving_without_a_change_writes_nothing():
    placement = PlacementFactory()
    before = AuditEntry.objects.count()
    Placement.objects.get(pk=placement.pk).save()
    assert AuditEntry.objects.count() == before


def test_changes_outside_a_request_are_attributed_to_the_system():
    person = PersonFactory()
    (entry,) = _entries("bos.person", person.pk)
    assert entry.actor_email == "systeem"
    assert entry.actor_id is None


def test_passwords_never_enter_the_trail():
    user = UserFactory()
    user.set_password("een-ander-geheim-wachtwoord")
    user.first_name = "Anne"
    user.save()
    for entry in _entries("bos.user", user.pk):
        assert "password" not in entry.changes
        assert "geheim" not in str(entry.changes)
    assert _entries("bos.user", user.pk)[-1].changes == {"first_name": ["", "Anne"]}


def test_hidden_values_record_only_the_field_names():
    person = PersonFactory(first_name="Geheim")
    with audit.hidden_values():
        person.first_name = "Anoniem"
        person.save()
    entry = _entries("bos.person", person.pk)[-1]
    assert entry.changes == {"velden": ["first_name"]}
    assert "Geheim" not in str(entry.changes)


def test_raw_saves_from_loaddata_are_not_recorded():
    person = PersonFactory()
    data = serializers.serialize("json", [person])
    Person.objects.filter(pk=person.pk).delete()
    before = AuditEntry.objects.count()
    for obj in serializers.deserialize("json", data):
        obj.save()
    assert AuditEntry.objects.count() == before


def test_changes_made_in_a_request_are_attributed_to_the_logged_in_user(client):
    admin = UserFactory(email="beheerder@test.example", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/beheer/bos/person/add/",
        {
            "first_name": "Ria",
            "last_name": "Jansen",
            "email": "ria@test.example",
            "user": "",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
        REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    person = Person.objects.get(email="ria@test.example")
    (entry,) = _entries("bos.person", person.pk)
    assert entry.actor_email == "beheerder@test.example"
    assert entry.ip_address == "192.0.2.7"
    assert entry.request_path == "/beheer/bos/person/add/"


def test_audit_entries_cannot_be_updated_or_deleted():
    person = PersonFactory()
    entry = _entries("bos.person", person.pk)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(actor_email="iemand-anders")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.actor_email == "systeem"


def test_the_purge_window_only_releases_entries_older_than_its_cutoff():
    long_ago = timezone.now() - dt.timedelta(days=4000)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        audit.record("view", changes={"oud": True})
    old = AuditEntry.objects.get(changes__oud=True)
    recent = PersonFactory()
    recent_entry = _entries("bos.person", recent.pk)[0]
    cutoff = timezone.now() - dt.timedelta(days=365)
    with purge_window(cutoff):
        AuditEntry.objects.filter(pk=old.pk).delete()
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=recent_entry.pk).delete()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=recent_entry.pk).exists()
    # Outside the window the old rule applies again.
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        audit.record("view", changes={"oud": 2})
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(changes__oud=2).delete()


def test_registering_another_model_records_it():
    from bos.models import SchoolBoard
    from tests.factories import SchoolBoardFactory

    audit.register(SchoolBoard, exclude=["name"])
    try:
        board = SchoolBoardFactory()
        board.hr_office = None
        board.name = "Andere naam"
        board.save()
        entries = _entries("bos.schoolboard", board.pk)
        assert [e.action for e in entries] == ["create"]
        assert "name" not in entries[0].changes
    finally:
        from django.db.models.signals import post_delete, post_save, pre_save

        for signal, suffix in ((pre_save, "pre"), (post_save, "post"), (post_delete, "del")):
            signal.disconnect(
                sender=SchoolBoard, dispatch_uid=f"bos_audit_bos.schoolboard_{suffix}"
            )


# The search page.


def test_the_projectleider_can_search_the_trail(client, demo):
    from bos.models import User

    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    person = PersonFactory(first_name="Zoekbaar", last_name="Persoon")
    response = client.get(reverse("audit:list"), {"q": "Zoekbaar", "model": "bos.person"})
    assert response.status_code == 200
    page = response.context["table"].page.object_list
    assert [row.record.object_pk for row in page] == [str(person.pk)]
    assert "Zoekbaar Persoon" in response.content.decode()


def test_a_reversed_date_range_gives_a_dutch_message(client, demo):
    from bos.models import User

    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    response = client.get(
        reverse("audit:list"), {"date_from": "2021-02-01", "date_to": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()


def test_date_filters_narrow_the_results(client, demo):
    from bos.models import User

    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    long_ago = timezone.make_aware(dt.datetime(2019, 5, 3, 12, 0))
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        audit.record("view", changes={"filter": "datum"})
    response = client.get(
        reverse("audit:list"), {"date_from": "2019-05-03", "date_to": "2019-05-03"}
    )
    rows = response.context["table"].page.object_list
    assert [row.record.changes for row in rows] == [{"filter": "datum"}]


def test_many_to_many_changes_are_recorded():
    from tests.factories import RoleAssignmentFactory, SchoolLocationFactory

    role = RoleAssignmentFactory()
    first, second = SchoolLocationFactory(), SchoolLocationFactory()
    role.locations.add(first, second)
    role.locations.remove(first)
    second.role_assignments.remove(role)  # from the other side
    entries = [
        e.changes for e in _entries("bos.roleassignment", role.pk) if "locations" in e.changes
    ]
    assert entries == [
        {"locations": {"toegevoegd": sorted([first.pk, second.pk])}},
        {"locations": {"verwijderd": [first.pk]}},
        {"locations": {"verwijderd": [second.pk]}},
    ]


def test_changes_are_shown_readably():
    from bos.audit.display import describe, model_name

    assert model_name("placements.placement") == "Stage"
    assert describe(
        "placements.placement",
        {"status": ["active", "stopped"], "stopped_on": [None, "2021-01-15"]},
    ) == [("Status", "actief → gestopt"), ("Gestopt op", "– → 15-01-2021")]
    assert describe("bos.person", {"velden": ["email", "first_name"]}) == [
        ("Velden", "E-mailadres, Voornaam")
    ]
    assert describe("bos.roleassignment", {"locations": {"toegevoegd": [3, 4]}}) == [
        ("Locaties", "toegevoegd #3, #4")
    ]
    # A model or field that no longer exists still shows, as it was stored.
    assert model_name("gone.model") == "gone.model"
    assert describe("gone.model", {"x": [True, None]}) == [("x", "ja → –")]


def test_money_booleans_and_moments_are_shown_as_on_the_pages():
    from bos.audit.display import describe

    lines = dict(
        describe(
            "stipend.stipendapplication",
            {
                "vog_claim_amount": [None, "1234.5"],
                "employed_by_board": [False, True],
                "anonymised_at": [None, "2021-01-15T12:30:00+00:00"],
            },
        )
    )
    assert lines["Bedrag VOG-declaratie"] == "– → € 1.234,50"
    assert lines["In dienst van het schoolbestuur (bijv. als onbevoegd docent)"] == "nee → ja"
    # 12:30 UTC is 13:30 in Amsterdam in winter.
    assert lines["Geanonimiseerd op"] == "– → 15-01-2021 13:30"


def test_a_stipend_status_change_reads_in_dutch_on_the_audit_page(client):
    from bos.models import Role
    from stipend.models import Status, StipendApplication
    from tests.factories import user_with_role
    from tests.stipend.factories import make_world

    world = make_world()
    application = StipendApplication.objects.create(placement=world.placement)
    moment = timezone.make_aware(dt.datetime(2021, 10, 4, 22, 15), dt.UTC)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        application.status = Status.SIGNED
        application.save()
    client.force_login(user_with_role(Role.PROJECTLEIDER, year=world.year))
    response = client.get(
        reverse("audit:list"), {"model": "stipend.stipendapplication", "action": "update"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aanvraag stagevergoeding" in html
    assert "<strong>Status</strong>: concept → ondertekend door student" in html
    # 22:15 UTC on 4 October is 00:15 the next day in the Netherlands.
    assert "05-10-2021 00:15" in html
    for raw in ("stipend.stipendapplication</td>", "concept → signed", "2021-10-04T22:15"):
        assert raw not in html
    # The filter offers the kinds by their Dutch names too.
    assert '<option value="stipend.stipendapplication" selected>Aanvraag stagevergoeding' in html


@pytest.mark.parametrize(
    "params", [{"date_from": "0001-01-01"}, {"date_to": "9999-12-31"}, {"q": "x" * 500}]
)
def test_extreme_filter_values_give_a_dutch_message_not_a_500(client, demo, params):
    from bos.models import User

    client.force_login(User.objects.get(email="admin@demo.bos.example"))
    response = client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    assert "Controleer de filters" in response.content.decode()
