"""Two registrations for the last seat at the same moment: the row lock on the meeting makes
the second wait for the first to commit, so it lands on the waiting list. No overbooking.

This needs PostgreSQL: SQLite has no row locks (it locks the whole database for a write,
and the in-memory test database cannot be shared by two connections in transactions), so
there the interleaving below cannot happen. CI runs the suite on PostgreSQL; on SQLite the
same guarantee is covered sequentially in test_services.py and the skip below says why."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from professionalization import services
from professionalization.models import Registration, RegistrationStatus

from .factories import make_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL row locks (SELECT ... FOR UPDATE); CI runs PostgreSQL",
    ),
]


def test_two_transactions_cannot_both_take_the_last_seat():
    world = make_world(capacity=1, wpbs=2)
    first, second = world.wpbs
    first_holds_lock = threading.Event()
    second_started = threading.Event()
    outcome: dict[str, str] = {}
    errors: list[BaseException] = []

    def take_seat_and_hold() -> None:
        try:
            with transaction.atomic():
                result = services.register(user=first, meeting_id=world.meeting.pk)
                outcome["first"] = result.registration.status
                first_holds_lock.set()
                # Keep the transaction (and the lock) open while the other one tries.
                second_started.wait(5)
                time.sleep(0.5)
        except BaseException as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    def try_same_seat() -> None:
        try:
            first_holds_lock.wait(5)
            second_started.set()
            started = time.monotonic()
            result = services.register(user=second, meeting_id=world.meeting.pk)
            outcome["second"] = result.registration.status
            outcome["waited"] = str(time.monotonic() - started)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take_seat_and_hold), threading.Thread(target=try_same_seat)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert not errors, errors
    assert outcome["first"] == RegistrationStatus.REGISTERED
    assert outcome["second"] == RegistrationStatus.WAITING
    # The second transaction really waited for the first one's lock.
    assert float(outcome["waited"]) >= 0.4
    seats = Registration.objects.filter(meeting=world.meeting, status=RegistrationStatus.REGISTERED)
    assert seats.count() == 1


def test_many_concurrent_registrations_never_overbook():
    world = make_world(capacity=3, wpbs=8)
    barrier = threading.Barrier(len(world.wpbs))
    errors: list[BaseException] = []

    def register(user) -> None:
        try:
            barrier.wait(10)
            services.register(user=user, meeting_id=world.meeting.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(user,)) for user in world.wpbs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    statuses = list(
        Registration.objects.filter(meeting=world.meeting).values_list("status", flat=True)
    )
    assert statuses.count(RegistrationStatus.REGISTERED) == 3
    assert statuses.count(RegistrationStatus.WAITING) == 5
