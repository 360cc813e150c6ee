import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from placements import rules, supervision
from placements.models import (
    Conversation,
    ConversationKind,
    Placement,
    PlacementStatus,
    SupervisionAgreement,
)
from tests.factories import UserFactory
from tests.placements.factories import make_world

RULE_DEFAULTS = dict(
    intake_within_days=14,
    acquaintance_before_days=0,
    final_before_days=0,
    min_weeks_for_progress=6,
)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def placement(world):
    return world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))


def _kinds(due):
    return [(d.kind, d.number) for d in due]


# --- The rule ------------------------------------------------------------------------------


def test_a_second_year_placement_due_list():
    """VT2, 1 Sep – 29 Jan (150 days), two progress conversations: acquaintance on the
    first day, intake within 14 days, progress at 1/4 and 2/4, mid-term halfway, final at
    the end with the IO."""
    due = rules.conversations_due(
        start_date=dt.date(2020, 9, 1),
        end_date=dt.date(2021, 1, 29),
        is_taster=False,
        progress_conversations=2,
        held={"intake": 1},
        **RULE_DEFAULTS,
    )
    assert [(d.kind, d.due_date) for d in due] == [
        ("acquaintance", dt.date(2020, 9, 1)),
        ("intake", dt.date(2020, 9, 15)),
        ("progress", dt.date(2020, 10, 8)),
        ("midterm", dt.date(2020, 11, 15)),
        ("progress", dt.date(2020, 11, 15)),
        ("final", dt.date(2021, 1, 29)),
    ]
    assert [d.held for d in due] == [False, True, False, False, False, False]
    final = due[-1]
    assert final.must_attend == "io"
    assert final.is_overdue(dt.date(2021, 2, 1)) and not final.is_overdue(dt.date(2021, 1, 29))


def test_per_phase_the_number_of_progress_conversations_differs():
    common = dict(
        start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 6, 30), is_taster=False, held={}
    )
    first_year = rules.conversations_due(
        progress_conversations=rules.SUPERVISION_DEFAULTS["VT1"].progress_conversations,
        **common,
        **RULE_DEFAULTS,
    )
    final_year = rules.conversations_due(
        progress_conversations=rules.SUPERVISION_DEFAULTS["VT4"].progress_conversations,
        **common,
        **RULE_DEFAULTS,
    )
    assert _kinds(first_year).count(("progress", 1)) == 1
    assert [k for k, _ in _kinds(final_year)].count("progress") == 2
    assert rules.SUPERVISION_DEFAULTS["minor_P1"].min_lessons == 4
    assert rules.SUPERVISION_DEFAULTS["minor_P2"].min_lessons == 35


def test_the_taster_has_none_and_a_short_placement_no_progress():
    assert (
        rules.conversations_due(
            start_date=dt.date(2020, 10, 5),
            end_date=dt.date(2020, 10, 7),
            is_taster=True,
            progress_conversations=2,
            held={},
            **RULE_DEFAULTS,
        )
        == []
    )
    short = rules.conversations_due(
        start_date=dt.date(2021, 1, 4),
        end_date=dt.date(2021, 2, 5),
        is_taster=False,
        progress_conversations=2,
        held={},
        **RULE_DEFAULTS,
    )
    assert {k for k, _ in _kinds(short)} == {"acquaintance", "intake", "midterm", "final"}


@given(
    start=st.dates(min_value=dt.date(2020, 8, 1), max_value=dt.date(2021, 6, 1)),
    length=st.integers(min_value=0, max_value=330),
    progress=st.integers(min_value=0, max_value=5),
)
def test_mid_term_and_final_always_and_everything_inside_the_placement(start, length, progress):
    end = start + dt.timedelta(days=length)
    due = rules.conversations_due(
        start_date=start,
        end_date=end,
        is_taster=False,
        progress_conversations=progress,
        held={},
        **RULE_DEFAULTS,
    )
    kinds = [d.kind for d in due]
    assert kinds.count("midterm") == 1 and kinds.count("final") == 1
    assert all(start <= d.due_date <= end for d in due)
    assert due == sorted(due, key=lambda d: (d.due_date, d.kind))


# --- Agreements per year ------------------------------------------------------------------


def test_agreements_are_per_year_and_copied_from_the_previous_year(world):
    from tests.placements.matching_world import next_year

    agreements = supervision.agreements_for(world.year)
    assert agreements["minor_P2"].min_lessons == 35
    SupervisionAgreement.objects.filter(school_year=world.year, level="minor_P2").update(
        min_lessons=30
    )
    following = supervision.agreements_for(next_year())
    assert following["minor_P2"].min_lessons == 30
    assert SupervisionAgreement.objects.filter(
        school_year=world.year, institute__isnull=True, special_group=""
    ).count() == len(rules.SUPERVISION_DEFAULTS)
    # Beside them bijlage 10's special group (FLOT's masters only where FLOT exists).
    assert SupervisionAgreement.objects.filter(
        school_year=world.year, special_group="employed"
    ).exists()


# --- Conversations ---------------------------------------------------------------------------


def test_a_wpb_records_a_progress_conversation(world, placement):

    wpb_user = UserFactory()
    world.wpb.user = wpb_user
    world.wpb.save()
    conversation = supervision.conversation_record(
        user=wpb_user,
        placement_id=placement.pk,
        kind=ConversationKind.PROGRESS,
        held_on=dt.date(2020, 10, 8),
        participants=[world.wpb],
        notes="Lessen goed voorbereid.",
    )
    assert "werkplekbegeleider" in conversation.recorded_by_name
    view = supervision.supervision_for(user=wpb_user, placement_id=placement.pk)
    assert [d.held for d in view.due if d.kind == "progress"] == [True, False]
    with pytest.raises(ValidationError, match="vertrouwelijke"):
        supervision.conversation_record(
            user=wpb_user,
            placement_id=placement.pk,
            kind=ConversationKind.PROGRESS,
            held_on=dt.date(2020, 10, 9),
            participants=[world.wpb],
            notes="",
            confidential_notes="geheim",
        )


def test_the_final_conversation_needs_the_io(world, placement):
    with pytest.raises(ValidationError, match="instituutsopleider altijd aanwezig"):
        supervision.conversation_record(
            user=world.so_user,
            placement_id=placement.pk,
            kind=ConversationKind.FINAL,
            held_on=dt.date(2021, 1, 28),
            participants=[world.so],
            notes="",
        )
    supervision.conversation_record(
        user=world.io_user,
        placement_id=placement.pk,
        kind=ConversationKind.FINAL,
        held_on=dt.date(2021, 1, 28),
        participants=[world.io, world.wpb],
        notes="Afgerond met een voldoende.",
    )
    assert placement.conversations.get().kind == "final"


def test_conversations_are_not_recorded_ahead_or_by_outsiders(world, placement):
    future = dt.date.today() + dt.timedelta(days=3)
    with pytest.raises(ValidationError, match="toekomst"):
        supervision.conversation_record(
            user=world.so_user,
            placement_id=placement.pk,
            kind=ConversationKind.INTAKE,
            held_on=future,
            participants=[world.so],
            notes="",
        )
    with pytest.raises(Placement.DoesNotExist):
        supervision.conversation_record(
            user=world.other_so_user,
            placement_id=placement.pk,
            kind=ConversationKind.INTAKE,
            held_on=dt.date(2020, 9, 2),
            participants=[world.so],
            notes="",
        )


def test_the_student_requests_a_conversation(world, placement):
    world.student.user = UserFactory()
    world.student.save()
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        supervision.conversation_request(
            user=world.so_user, placement_id=placement.pk, kind="midterm", text="x"
        )
    requested = supervision.conversation_request(
        user=world.student.user, placement_id=placement.pk, kind="midterm", text="Tussenevaluatie"
    )
    assert requested.status == "requested"
    held = supervision.conversation_record(
        user=world.so_user,
        placement_id=placement.pk,
        kind="midterm",
        held_on=dt.date(2020, 11, 15),
        participants=[world.so, world.io],
        notes="Goed op weg.",
        request_id=requested.pk,
    )
    assert held.pk == requested.pk and held.status == "held"


def test_a_development_signal_tells_the_student_in_writing(
    world, placement, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        signal = supervision.signal_raise(
            user=world.io_user,
            placement_id=placement.pk,
            areas="Klassenmanagement en lesvoorbereiding.",
        )
    assert signal.raised_by_role == "instituutsopleider"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.student.email]
    assert "Klassenmanagement" in message.body
    assert message.alternatives and "text/html" in message.alternatives[0][1]


def test_stopping_for_lack_of_prospect_records_the_conversation_and_who_decided(world, placement):
    with pytest.raises(ValidationError, match="besluit"):
        supervision.stop_for_lack_of_prospect(
            user=world.so_user,
            placement_id=placement.pk,
            version=placement.version,
            held_on=dt.date(2020, 12, 1),
            participants=[world.so, world.io],
            notes="",
            decided_by=world.io,
            decision=" ",
        )
    with pytest.raises(PermissionDenied):
        supervision.stop_for_lack_of_prospect(
            user=world.io_user,
            placement_id=placement.pk,
            version=placement.version,
            held_on=dt.date(2020, 12, 1),
            participants=[world.so, world.io],
            notes="",
            decided_by=world.io,
            decision="Geen perspectief",
        )
    conversation = supervision.stop_for_lack_of_prospect(
        user=world.so_user,
        placement_id=placement.pk,
        version=placement.version,
        held_on=dt.date(2020, 12, 1),
        participants=[world.so, world.io, world.wpb],
        notes="Samen met de student besproken.",
        decided_by=world.io,
        decision="Onvoldoende perspectief op een voldoende afronding.",
    )
    placement.refresh_from_db()
    assert placement.status == PlacementStatus.STOPPED
    assert placement.stopped_on == dt.date(2020, 12, 1)
    assert "Onvoldoende perspectief" in placement.stop_reason
    assert conversation.kind == "stop" and conversation.decided_by == world.io
    assert Conversation.objects.filter(placement=placement, kind="stop").count() == 1


def test_a_second_teacher_leaves_the_responsible_wpb_clear(world, placement):
    person = supervision.second_teacher_add(
        user=world.so_user,
        placement_id=placement.pk,
        email="vakgenoot@school.example",
        first_name="Vera",
        last_name="Vakgenoot",
    )
    placement.refresh_from_db()
    assert placement.wpb == world.wpb
    assert list(placement.co_wpbs.all()) == [person]
    with pytest.raises(ValidationError, match="werkplekbegeleider zelf"):
        supervision.second_teacher_add(
            user=world.so_user,
            placement_id=placement.pk,
            email=world.wpb.email,
            first_name="",
            last_name="",
        )


# --- Who sees which notes --------------------------------------------------------------------


def test_who_sees_which_notes(world, placement):
    supervision.conversation_record(
        user=world.so_user,
        placement_id=placement.pk,
        kind=ConversationKind.INTAKE,
        held_on=dt.date(2020, 9, 3),
        participants=[world.so, world.io],
        notes="Gedeelde aantekening",
        confidential_notes="Alleen voor SO en IO",
    )
    wpb_user = UserFactory()
    world.wpb.user = wpb_user
    world.wpb.save()
    world.student.user = UserFactory()
    world.student.save()
    url = reverse("placements:supervision", args=[placement.pk])
    expected = {
        "so": (world.so_user, 200, True, True),
        "io": (world.io_user, 200, True, True),
        "wpb": (wpb_user, 200, True, False),
        "student": (world.student.user, 200, True, False),
        "other so": (world.other_so_user, 404, False, False),
    }
    for role, (user, status, shared, confidential) in expected.items():
        client = Client()
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, role
        body = response.content.decode()
        assert ("Gedeelde aantekening" in body) is shared, role
        assert ("Alleen voor SO en IO" in body) is confidential, role


def test_the_agreements_page_is_read_only_and_links_to_the_page_that_edits_them(world):
    """One place to change the agreements (the page under the year's policy, with the
    decision a change follows); this page shows them and refuses a post."""
    from tests.factories import user_with_role

    pl = user_with_role("pl", year=world.year)
    client = Client()
    client.force_login(pl)
    url = reverse("placements:agreements")
    page = client.get(url).content.decode()
    assert "35" in page
    edit_url = reverse("facilitation:agreements_edit", args=[world.year.name])
    assert edit_url in page
    data = {
        "level": "minor_P2",
        "phase": "ESoE P2-minor",
        "min_lessons": "30",
        "wpb_presence": "start_end",
        "progress_conversations": "2",
        "agreements": "Minimaal 30 zelfstandige lessen.",
    }
    assert client.post(url, data).status_code == 405
    assert not SupervisionAgreement.objects.filter(
        school_year=world.year, level="minor_P2", min_lessons=30
    ).exists()
    # The same change on the policy's page, as the projectleider.
    generic = SupervisionAgreement.objects.get(
        school_year=world.year, level="minor_P2", institute=None, special_group=""
    )
    response = client.post(
        f"{edit_url}?bewerk={generic.pk}", data | {"institute": "", "special_group": ""}
    )
    assert response.status_code == 302
    generic.refresh_from_db()
    assert generic.min_lessons == 30
    assert "Minimaal 30" in client.get(url).content.decode()
    kernteam = user_with_role("kernteam", year=world.year)
    client.force_login(kernteam)
    page = client.get(url).content.decode()
    assert "Minimaal 30" in page and edit_url not in page
    assert client.post(edit_url, data).status_code == 403
