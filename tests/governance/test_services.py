"""The decision log's writes and reads: only the projectleider keeps it, a closed year
refuses, scope is judged in the decision's own year, and a policy change records its
decision with the old and new values (facilitation and placement policy)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bos.models import Role
from bos.yearbound import YearClosed
from facilitation import services as facilitation_services
from facilitation.models import Policy
from governance import selectors, services
from governance.models import Body, ChangeKind, DatePrecision, Decision, DecisionChange
from placements import policy as placement_policy
from placements.models import PlacementPolicy
from tests.facilitation.factories import PolicyFactory
from tests.factories import SchoolYearFactory, user_with_role

pytestmark = pytest.mark.django_db


def _years():
    """Two years of their own: the demo may be loaded in the same database."""
    first = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    second = SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )
    return first, second


def _values(**overrides):
    values = {
        "decided_on": dt.date(2031, 4, 28),
        "date_precision": DatePrecision.DAY,
        "body": Body.STUURGROEP,
        "title": "Richtlijnen facilitering SO",
        "text": "De stuurgroep stelt de richtlijnen vast.",
    }
    return values | overrides


def _close(year):
    year.closed_at = timezone.now()
    year.save(update_fields=["closed_at"])


def test_the_projectleider_records_a_decision_and_others_may_not():
    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    decision = services.decision_create(user=pl, year=first, values=_values())
    assert decision.date_display == "28 april 2031"
    for role in (Role.KERNTEAM, Role.STUURGROEP, Role.SO):
        with pytest.raises(PermissionDenied):
            services.decision_create(
                user=user_with_role(role, year=first), year=first, values=_values()
            )
    assert Decision.objects.filter(school_year=first).count() == 1


def test_a_closed_year_refuses_every_write_of_the_log():
    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    decision = services.decision_create(user=pl, year=first, values=_values())
    change = services.change_add(
        user=pl, decision=decision, kind=ChangeKind.BUDGET, label="Begroting", new_value="ja"
    )
    _close(first)
    with pytest.raises(YearClosed):
        services.decision_create(user=pl, year=first, values=_values())
    with pytest.raises(YearClosed):
        services.decision_update(user=pl, decision=decision, values={"title": "Anders"})
    with pytest.raises(YearClosed):
        services.change_add(
            user=pl, decision=decision, kind=ChangeKind.OTHER, label="Iets", new_value="x"
        )
    with pytest.raises(YearClosed):
        services.change_delete(user=pl, change=change)
    assert Decision.objects.get(pk=decision.pk).title == "Richtlijnen facilitering SO"
    assert DecisionChange.objects.filter(decision=decision).count() == 1


def test_a_decision_belongs_to_its_year_and_attaches_only_its_year_s_documents():
    from tests.library.test_services import _upload
    from tests.library.test_services import _values as document_values

    first, second = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    with pytest.raises(ValidationError) as refused:
        services.decision_create(
            user=pl, year=first, values=_values(decided_on=dt.date(2031, 8, 1))
        )
    assert "decided_on" in refused.value.message_dict
    from library import services as library

    other_year = library.add_document(
        user=None, year=second, values=document_values(), upload=_upload()
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_create(user=pl, year=first, values=_values(), attachments=[other_year])
    assert "attachments" in refused.value.message_dict
    assert not Decision.objects.filter(school_year=first).exists()


def test_reads_are_judged_in_the_decision_s_own_year():
    first, second = _years()
    decision = services.decision_create(user=None, year=first, values=_values())
    kernteam_then = user_with_role(Role.KERNTEAM, year=first)
    director_later = user_with_role(Role.DIRECTOR, year=second)
    so_then = user_with_role(Role.SO, year=first)
    assert selectors.decision_get(user=kernteam_then, pk=decision.pk) == decision
    for outsider in (director_later, so_then):
        with pytest.raises(Decision.DoesNotExist):
            selectors.decision_get(user=outsider, pk=decision.pk)
        assert not selectors.decision_list(user=outsider, year=first).exists()


def test_a_change_may_follow_a_decision_of_its_year_or_the_open_year_before():
    first, second = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=second)
    before = services.decision_create(user=None, year=first, values=_values())
    same = services.decision_create(
        user=None, year=second, values=_values(decided_on=dt.date(2031, 9, 1))
    )
    assert list(selectors.decision_choices(user=pl, year=second)) == [same, before]
    kernteam = user_with_role(Role.KERNTEAM, year=second)
    assert not selectors.decision_choices(user=kernteam, year=second).exists()
    _close(first)
    assert list(selectors.decision_choices(user=pl, year=second)) == [same]


def test_a_policy_change_records_its_decision_with_old_and_new_values():
    year, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    policy = PolicyFactory(school_year=year)
    decision = services.decision_create(user=pl, year=year, values=_values())
    facilitation_services.update_policy(
        policy=policy,
        values={"hours_per_student": Decimal(9), "consultation_hours": Decimal(50)},
        user=pl,
        decision=decision,
    )
    (change,) = decision.changes.all()
    assert (change.kind, change.field_name) == (ChangeKind.POLICY, "hours_per_student")
    assert (change.old_value, change.new_value) == ("8", "9")
    assert change.label == "Beleid 2030-2031: uren per student"
    assert change.target == Policy.objects.get(pk=policy.pk)
    assert selectors.changes_naming(policy) == [change]


def test_a_refused_decision_leaves_the_policy_unchanged():
    """Someone who may change the policy but not keep the log (the admin) names a decision:
    nothing is saved, neither the policy nor the change."""
    year, _ = _years()
    admin = user_with_role(Role.KERNTEAM, year=year)
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    policy = PolicyFactory(school_year=year)
    decision = services.decision_create(user=None, year=year, values=_values())
    with pytest.raises(PermissionDenied):
        facilitation_services.update_policy(
            policy=policy, values={"hours_per_student": Decimal(9)}, user=admin, decision=decision
        )
    assert Policy.objects.get(pk=policy.pk).hours_per_student == Decimal(8)
    assert not decision.changes.exists()


def test_the_placement_policy_page_s_change_records_its_decision():
    year, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=year)
    decision = services.decision_create(user=pl, year=year, values=_values())
    changes = placement_policy.placement_policy_update(
        user=pl, year=year, values={"reply_working_days": 5, "reopen_days": 14}, decision=decision
    )
    assert [c.label for c in changes] == [
        "Stagebeleid 2030-2031: reactie aan student binnen (werkdagen)"
    ]
    (change,) = decision.changes.all()
    assert (change.old_value, change.new_value) == ("3", "5")
    assert change.target == PlacementPolicy.objects.get(school_year=year)
    with pytest.raises(PermissionDenied):
        placement_policy.placement_policy_update(
            user=user_with_role(Role.KERNTEAM, year=year), year=year, values={"reopen_days": 1}
        )


def test_pages_answer_403_to_a_reader_who_may_not_write_and_404_for_an_unknown_decision():
    year, _ = _years()
    decision = services.decision_create(user=None, year=year, values=_values())
    kernteam = Client()
    kernteam.force_login(user_with_role(Role.KERNTEAM, year=year))
    assert kernteam.get(reverse("governance:detail", args=[decision.pk])).status_code == 200
    edit = reverse("governance:edit", args=[decision.pk])
    assert kernteam.post(edit, {"title": "Anders"}).status_code == 403
    pl = Client()
    pl.force_login(user_with_role(Role.PROJECTLEIDER, year=year))
    assert pl.get(reverse("governance:detail", args=[decision.pk + 10_000])).status_code == 404
    # Bad input: a Dutch message on the form, nothing saved.
    response = pl.post(edit, {**_values(), "decided_on": "2032-01-01", "title": "Anders"})
    assert response.status_code == 400
    assert "Kies een datum in schooljaar 2030-2031" in response.content.decode()
    assert Decision.objects.get(pk=decision.pk).title == "Richtlijnen facilitering SO"
