"""The start page's to-do list is kept per user and year until the data changes: every
write to the data raises the data version (bos.dataversion), however it reaches the
database, and a kept list under an older version is computed again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bos import dataversion
from bos.models import Person, User
from placements.models import ChecklistItem
from placements.selectors import open_checklist_items, overdue_condition
from tests.matrix import ROLE_EMAILS

OVERDUE = "Checklistpunten over de datum"


@pytest.mark.parametrize(
    ("sql", "changes"),
    [
        ('INSERT INTO "placements_placement" ("student_id") VALUES (%s)', True),
        ('UPDATE "placements_checklistitem" SET "done_at" = %s WHERE "id" = %s', True),
        ('DELETE FROM "intervision_membership" WHERE "id" IN (%s)', True),
        ("  delete from planning_planningevent where id = 1", True),
        ('TRUNCATE "bos_person", "bos_user"', True),
        ('TRUNCATE TABLE ONLY "bos_person"', True),
        ('UPDATE "bos_user" SET "first_name" = %s, "last_login" = %s WHERE "id" = %s', True),
        ('SELECT "placements_placement"."id" FROM "placements_placement"', False),
        ("WITH x AS (SELECT 1) SELECT * FROM x", False),
        ('SAVEPOINT "s1"', False),
        ('UPDATE "bos_user" SET "last_login" = %s WHERE "bos_user"."id" = %s', False),
        ('UPDATE "django_session" SET "session_data" = %s WHERE "session_key" = %s', False),
        ('INSERT INTO "bos_auditentry" ("action") VALUES (%s)', False),
        ('INSERT INTO "account_emailaddress" ("email") VALUES (%s)', False),
        ('UPDATE "mfa_authenticator" SET "data" = %s WHERE "id" = %s', False),
    ],
)
def test_which_statements_change_the_data(sql, changes):
    assert dataversion.changes_data(sql) is changes


def _writes(person: Person) -> list[Callable[[], object]]:
    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE bos_person SET last_name = %s WHERE id = %s", ["Y", person.pk])

    return [
        lambda: Person.objects.filter(pk=person.pk).update(last_name="Anders"),
        lambda: person.save(update_fields=["last_name"]),
        lambda: Person.objects.bulk_create(
            [Person(first_name="Tijdelijk", last_name="X", email="tijdelijk@example.org")]
        ),
        lambda: Person.objects.filter(first_name="Tijdelijk").delete(),
        raw,
    ]


@pytest.mark.django_db
def test_a_transaction_raises_the_version_once_when_it_commits(
    demo, django_capture_on_commit_callbacks
):
    before = dataversion.current()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for write in _writes(Person.objects.order_by("pk").first()):
            write()
    # Not before the commit: until then nobody else sees the rows.
    assert dataversion.current() == before
    assert callbacks.count(dataversion.bump) == 1
    callbacks[callbacks.index(dataversion.bump)]()
    assert dataversion.current() > before


@pytest.mark.django_db(transaction=True)
def test_every_way_of_writing_raises_the_version(demo):
    for write in _writes(Person.objects.order_by("pk").first()):
        before = dataversion.current()
        write()
        assert dataversion.current() > before
    before = dataversion.current()
    with transaction.atomic():
        for write in _writes(Person.objects.order_by("pk").first()):
            write()
        assert dataversion.current() == before
    assert dataversion.current() == before + 1
    with transaction.atomic():
        Person.objects.update(last_name="Weg")
        transaction.set_rollback(True)
    assert dataversion.current() == before + 1


@pytest.mark.django_db
def test_reading_and_visiting_leave_the_version(demo):
    client = Client()
    user = User.objects.get(email=ROLE_EMAILS["so"])
    before = dataversion.current()
    client.force_login(user)  # stamps the last login
    for name in ("home", "placements:list", "planning:month"):
        assert client.get(reverse(name)).status_code == 200
    store = SessionStore()
    store["x"] = 1
    store.save()
    assert list(Person.objects.all()[:3])
    assert dataversion.current() == before


def _work(client: Client) -> tuple[dict[str, int], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return {item.title: item.count for item in response.context["work"]}, len(queries)


@pytest.mark.django_db(transaction=True)
def test_the_start_page_keeps_the_list_until_a_write(demo, settings):
    settings.WORKLIST_CACHE_SECONDS = 300
    user = User.objects.get(email=ROLE_EMAILS["so"])
    client = Client()
    client.force_login(user)
    computed, cold = _work(client)
    kept, warm = _work(client)
    assert kept == computed and computed[OVERDUE] > 0
    assert warm <= cold - 10, (cold, warm)
    # Another user of the same year gets their own list.
    other = Client()
    other.force_login(User.objects.get(email=ROLE_EMAILS["io"]))
    assert OVERDUE not in _work(other)[0]
    # A bulk update (no model signal) of one overdue item: the next visit counts again.
    overdue = open_checklist_items(user=user).filter(overdue_condition()).order_by("pk").first()
    ChecklistItem.objects.filter(pk=overdue.pk).update(done_at=timezone.now())
    after, queries = _work(client)
    assert after[OVERDUE] == computed[OVERDUE] - 1
    assert queries == cold
    # A write that is rolled back leaves a list that is computed again, not a phantom.
    with transaction.atomic():
        ChecklistItem.objects.filter(pk=overdue.pk).update(done_at=None)
        inside, _ = _work(client)
        assert inside[OVERDUE] == computed[OVERDUE]
        transaction.set_rollback(True)
    assert _work(client)[0][OVERDUE] == computed[OVERDUE] - 1


@pytest.mark.django_db(transaction=True)
def test_the_kept_list_ends_with_its_time_slot(demo, settings):
    settings.WORKLIST_CACHE_SECONDS = 300
    # Only the list's own keeping counts here: the years and roles every page reads are
    # kept apart, beyond the list's time slot.
    settings.FIGURES_CACHE_SECONDS = 0
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS["so"]))
    now = timezone.now()
    start = now - dt.timedelta(seconds=int(now.timestamp()) % 300)
    with time_machine.travel(start + dt.timedelta(seconds=10), tick=False):
        _, cold = _work(client)
        assert _work(client)[1] < cold
    with time_machine.travel(start + dt.timedelta(seconds=299), tick=False):
        assert _work(client)[1] < cold
    with time_machine.travel(start + dt.timedelta(seconds=300), tick=False):
        assert _work(client)[1] == cold


@pytest.mark.django_db(transaction=True)
def test_an_unreachable_cache_costs_the_list_not_the_page(demo, settings, monkeypatch):
    settings.WORKLIST_CACHE_SECONDS = 300
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS["so"]))
    computed, cold = _work(client)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    from django.core.cache import cache

    monkeypatch.setattr(cache, "get_many", down)
    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "incr", down)
    assert _work(client) == (computed, cold)
    # A write still goes through; the number just stays.
    assert Person.objects.filter(pk=Person.objects.order_by("pk").first().pk).update(last_name="Z")
