"""Figures read from a whole year's rows are kept per data version (bos.dataversion.kept,
`FIGURES_CACHE_SECONDS`): the SO's dashboard, the targets table and a list filter's choices.
A write of any kind makes them count again; a reader of another scope never gets them."""

from __future__ import annotations

import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from afternoons.models import WorkshopAssignment
from bos import dataversion
from bos.lists import occurring, paginate_kept
from bos.models import Institute, LocationYear, SchoolLocation, User
from placements.models import ChecklistItem, Placement, Student
from placements.selectors import open_checklist_items, placement_list
from reports import views
from tests.matrix import ROLE_EMAILS


def _client(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
    return client


def _get(client: Client, name: str, query: dict | None = None) -> tuple[dict, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), query or {})
    assert response.status_code == 200
    return response.context, len(queries)


def test_kept_computes_once_per_version_and_never_in_a_transaction(db, settings):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    # pytest-django's test runs inside a transaction: nothing is kept there.
    assert connection.in_atomic_block
    assert dataversion.kept("test:kept", compute, seconds=300) == 1
    assert dataversion.kept("test:kept", compute, seconds=300) == 2


@pytest.mark.django_db(transaction=True)
def test_kept_values_follow_the_data_version(demo):
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert dataversion.kept("test:kept", compute, seconds=300) == 1
    assert dataversion.kept("test:kept", compute, seconds=300) == 1
    assert dataversion.kept("test:kept", compute, seconds=0) == 2  # 0 keeps nothing
    Institute.objects.filter(pk=Institute.objects.order_by("pk").first().pk).update(name="X")
    assert dataversion.kept("test:kept", compute, seconds=300) == 3
    # A transaction rolled back changes no version: the value kept stays good.
    with transaction.atomic():
        Institute.objects.filter(pk=Institute.objects.order_by("pk").first().pk).update(name="Y")
        transaction.set_rollback(True)
    assert dataversion.kept("test:kept", compute, seconds=300) == 3


@pytest.mark.django_db(transaction=True)
def test_the_dashboard_is_kept_per_user_until_a_write(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    so = _client("so")
    # Each visit at another address: the page's kept HTML (bos.fragments) is missed, so its
    # figures come from their own kept value.
    first, cold = _get(so, "placements:dashboard", {"bezoek": 1})
    again, warm = _get(so, "placements:dashboard", {"bezoek": 2})
    assert again["open_items_count"] == first["open_items_count"] > 0
    assert warm < cold, (cold, warm)
    # The projectleider counts the whole partnership, not the SO's kept figures.
    region, _ = _get(_client("projectleider"), "placements:dashboard")
    assert region["open_items_count"] > first["open_items_count"]
    # A bulk update (no model signal) ticks one item off: the next visit counts again.
    user = User.objects.get(email=ROLE_EMAILS["so"])
    item = open_checklist_items(user=user).order_by("pk").first()
    ChecklistItem.objects.filter(pk=item.pk).update(done_at=timezone.now())
    after, queries = _get(so, "placements:dashboard", {"bezoek": 1})
    assert after["open_items_count"] == first["open_items_count"] - 1
    assert queries == cold


@pytest.mark.django_db(transaction=True)
def test_the_targets_table_is_kept_per_year_until_a_write(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("projectleider")
    first, cold = _get(client, "facilitation:targets")
    _, warm = _get(client, "facilitation:targets")
    assert warm < cold, (cold, warm)
    year = first["year"]
    member = LocationYear.objects.filter(school_year=year, is_member=True, pupils__gt=0)
    chosen = member.order_by("pk").first()
    LocationYear.objects.filter(pk=chosen.pk).update(pupils=chosen.pupils + 1000)
    after, _ = _get(client, "facilitation:targets")
    assert after["table"].pupils_total == first["table"].pupils_total + 1000


@pytest.mark.django_db(transaction=True)
def test_filter_choices_are_the_readers_own_and_follow_writes(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    so = User.objects.get(email=ROLE_EMAILS["so"])
    leader = User.objects.get(email=ROLE_EMAILS["projectleider"])

    def choices(user: User) -> set[int]:
        keys = placement_list(user=user).values("location")
        return set(occurring(SchoolLocation.objects.all(), keys).values_list("pk", flat=True))

    own, region = choices(so), choices(leader)
    assert own and own < region  # each reader's own SQL, each their own kept keys
    assert choices(so) == own
    # A school without placements gets one (a bulk update): the choices are counted again.
    empty = SchoolLocation.objects.exclude(pk__in=region).order_by("pk").first()
    assert empty is not None
    placement = placement_list(user=leader).order_by("pk").first()
    Placement.objects.filter(pk=placement.pk).update(location_id=empty.pk)
    assert empty.pk in choices(leader)


@pytest.mark.django_db(transaction=True)
def test_institute_choices_on_the_placement_list_follow_a_changed_student(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("so")
    context, _ = _get(client, "placements:list")
    shown = set(context["filter"].form.fields["institute"].queryset.values_list("pk", flat=True))
    missing = Institute.objects.exclude(pk__in=shown).order_by("pk").first()
    assert missing is not None
    user = User.objects.get(email=ROLE_EMAILS["so"])
    student = placement_list(user=user).order_by("pk").first().student
    Student.objects.filter(pk=student.pk).update(institute=missing)
    context, _ = _get(client, "placements:list")
    fields = context["filter"].form.fields
    assert missing.pk in set(fields["institute"].queryset.values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_reads_its_own_rows_and_follows_writes(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    chosen = Placement.objects.filter(
        status__in=["planned", "active"], school_year__closed_at__isnull=True
    ).order_by("pk")
    first = paginate_kept(chosen, 1, key="test:page", per_page=3)
    assert [p.pk for p in first.object_list] == [p.pk for p in chosen[:3]]
    second = paginate_kept(chosen, "2", key="test:page", per_page=3)
    assert [p.pk for p in second.object_list] == [p.pk for p in chosen[3:6]]
    with CaptureQueriesContext(connection) as queries:
        again = paginate_kept(chosen, "2", key="test:page", per_page=3)
    assert [p.pk for p in again.object_list] == [p.pk for p in chosen[3:6]]
    assert len(queries) == 1  # the page's rows; the count and keys were kept
    assert again.number == 2 and again.paginator.count == first.paginator.count
    # A page out of range or not a number gives the nearest page, as `paginate` does.
    assert paginate_kept(chosen, "99999", key="test:page", per_page=3).has_next() is False
    assert paginate_kept(chosen, "<script>", key="test:page", per_page=3).number == 1
    # A placement stops (a bulk update): the list is chosen again without it.
    gone = first.object_list[0]
    Placement.objects.filter(pk=gone.pk).update(status="stopped", stopped_on=timezone.localdate())
    after = paginate_kept(chosen, 1, key="test:page", per_page=3)
    assert gone.pk not in [p.pk for p in after.object_list]
    assert after.paginator.count == first.paginator.count - 1


@pytest.mark.django_db(transaction=True)
def test_the_intervision_lists_kept_are_the_lists_computed(demo, settings):
    visits = iter(range(100))

    def lists() -> tuple[list, list]:
        # Each visit at another address: the page's kept HTML (bos.fragments) is missed, so
        # its lists come from their own kept rows.
        context, _ = _get(_client("so"), "intervision:overview", {"bezoek": next(visits)})
        # The attention and group rows as HTML (judgement, group and counts in them).
        return (
            [str(row) for row in context["attention"]],
            [str(row) for row in context["groups"]],
            [item.placement.pk for item in context["needs_group"]],
        )

    settings.FIGURES_CACHE_SECONDS = 0
    computed = lists()
    assert computed[0] or computed[2]
    assert computed[1]
    settings.FIGURES_CACHE_SECONDS = 300
    assert lists() == computed
    assert lists() == computed  # now from the kept keys


@pytest.mark.django_db(transaction=True)
def test_the_report_tables_kept_are_the_readers_part(demo, settings, monkeypatch):
    def page(role: str) -> str:
        response = _client(role).get(reverse("reports:report"))
        assert response.status_code == 200
        html = response.content.decode()
        return html[html.index('id="doelen"') :]

    settings.FIGURES_CACHE_SECONDS = 0
    computed = {role: page(role) for role in ("projectleider", "so")}
    assert "<table" in computed["so"] and computed["so"] != computed["projectleider"]
    settings.FIGURES_CACHE_SECONDS = 300
    settings.REPORT_CACHE_SECONDS = 300  # the document kept, as served
    rendered: list[str] = []
    original = views.render_to_string

    def counted(*args, **kwargs):
        rendered.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "render_to_string", counted)
    for _ in range(2):  # computed and kept, then read back, for each reader's part
        assert page("projectleider") == computed["projectleider"]
        assert page("so") == computed["so"]
    assert rendered == ["reports/_tables.html"] * 2  # once per part


@pytest.mark.django_db(transaction=True)
def test_the_follow_up_lists_kept_are_the_lists_computed(demo, settings):
    client = _client("so")

    def lists() -> tuple[list[str], list[str]]:
        """The absentees' rows and the rows per afternoon, as the page shows them (kept as
        HTML with their figures, bos.fragments)."""
        response = client.get(reverse("afternoons:follow_up"))
        assert response.status_code == 200
        html = response.content.decode()
        absent, rest = html.split('id="afwezigen"', 1)[1].split('<h2 id="middag-', 1)
        rows = re.compile(r"<tr><th scope=\"row\">.*?</tr>", re.S)
        return rows.findall(rest), rows.findall(absent)

    settings.FIGURES_CACHE_SECONDS = 0
    computed = lists()
    assert computed[0] and computed[1]
    settings.FIGURES_CACHE_SECONDS = 300
    assert lists() == computed
    assert lists() == computed  # now kept
    # Attendance recorded (a bulk update): the absentees are chosen again.
    first = (
        WorkshopAssignment.objects.filter(attended=False, student__email__isnull=False)
        .select_related("student")
        .order_by("pk")
    )
    shown = next(a for a in first if a.student.email in computed[1][0])
    WorkshopAssignment.objects.filter(student=shown.student, attended=False).update(attended=True)
    assert not any(shown.student.email in row for row in lists()[1])


@pytest.mark.django_db(transaction=True)
def test_the_facilitation_rows_kept_are_the_rows_computed(demo, settings):
    visits = iter(range(100))

    def rows() -> list[tuple]:
        # At another address each visit: the page's kept HTML (bos.fragments) is missed, so
        # its rows come from their own kept figures.
        context, _ = _get(
            _client("projectleider"), "facilitation:overview", {"bezoek": next(visits)}
        )
        return [
            (row.person.pk, row.pro_hours, [loc.location_id for loc in row.locations])
            for row in context["rows"]
        ]

    settings.FIGURES_CACHE_SECONDS = 0
    computed = rows()
    assert computed
    settings.FIGURES_CACHE_SECONDS = 300
    assert rows() == computed
    assert rows() == computed  # now kept


@pytest.mark.django_db(transaction=True)
def test_the_intervision_figures_kept_are_the_figures_computed(demo, settings):
    visits = iter(range(100))

    def figures() -> tuple[list, int]:
        # At another address each visit, as above.
        context, _ = _get(
            _client("projectleider"), "intervision:overview", {"bezoek": next(visits)}
        )
        rows = context["figures"]["rows"]
        return [repr(row) for row in rows], context["figures_page"].paginator.count

    settings.FIGURES_CACHE_SECONDS = 0
    computed = figures()
    assert computed[0] and computed[1]
    settings.FIGURES_CACHE_SECONDS = 300
    assert figures() == computed
    assert figures() == computed  # now kept


@pytest.mark.django_db(transaction=True)
def test_a_months_events_kept_follow_a_new_date(demo, settings):
    from planning.models import Kind, PlanningEvent

    client = _client("so")

    def titles(month: str) -> str:
        """The month's dates as the page lists them (kept as HTML with the grid)."""
        response = client.get(reverse("planning:month"), {"maand": month})
        assert response.status_code == 200
        html = response.content.decode()
        return html.split('class="month-agenda"', 1)[1].split("</section>", 1)[0]

    context, _ = _get(client, "planning:month")
    year = context["year"]
    today = timezone.localdate()
    first = today if year.contains(today) else year.start_date
    month = f"{first:%Y-%m}"
    settings.FIGURES_CACHE_SECONDS = 0
    computed = titles(month)
    settings.FIGURES_CACHE_SECONDS = 300
    assert titles(month) == computed
    assert titles(month) == computed  # now kept
    # A new date of the partnership (a bulk insert, no model signal) shows at once.
    extra = PlanningEvent(school_year=context["year"], kind=Kind.OTHER, title="Extra overleg")
    extra.date = first
    PlanningEvent.objects.bulk_create([extra])
    assert "Extra overleg" in titles(month)


def test_the_choices_of_a_scope_that_holds_nothing_are_none(db):
    nothing = Placement.objects.filter(pk__in=[]).values("student__institute")
    assert list(occurring(Institute.objects.all(), nothing)) == []
