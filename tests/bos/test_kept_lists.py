"""A list's page is kept per data version under its SQL (`bos.lists.paginate`), and so is a
list's filter form (`filter_fields`). Kept, they equal what is computed; a write of any
kind shows at the next request; another reader's scope is another SQL, so another key."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from afternoons.models import DeepeningAfternoon
from bos import audit, dataversion
from bos.fragments import CSRF_STAND_IN, keep_for, kept_fragment
from bos.labels import choice_label
from bos.lists import paginate
from bos.models import Institute, RoleAssignment, SchoolYear, User
from bos.permissions import all_school_years, get_scope
from facilitation.models import GrantedHours
from induction.models import Starter, StarterKind
from induction.selectors import starters_for
from placements.lists.placements import PlacementFilter
from placements.models import Placement, PlacementStatus, PlaceOffer, StageLevel, Student
from planning.models import PlanningEvent
from professionalization.models import Registration
from reports.models import Budget
from tests.matrix import ROLE_EMAILS


def _client(role: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=ROLE_EMAILS[role]))
    return client


def _rows(html: str) -> list[str]:
    """The table's rows: every `<tr>` of the list's body."""
    body = html.split('<tbody class="utrecht-table__body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr .*?</tr>", body, flags=re.S)


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _without_tokens(html: str) -> str:
    """A page without its CSRF tokens, which are masked anew for every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _computed_and_kept(settings, client: Client, url: str) -> tuple[str, str]:
    """The page with nothing kept, then as served once its values are kept."""
    settings.FIGURES_CACHE_SECONDS = 0
    computed, _ = _get(client, url)
    settings.FIGURES_CACHE_SECONDS = 300
    _get(client, url)
    kept, _ = _get(client, url)
    return computed, kept


@pytest.mark.django_db(transaction=True)
def test_a_kept_list_page_is_the_computed_one_until_a_write(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    so = _client("so")
    url = reverse("placements:list") + "?sort=-student"
    settings.FIGURES_CACHE_SECONDS = 0
    computed, cold = _get(so, url)
    settings.FIGURES_CACHE_SECONDS = 300
    first, _ = _get(so, url)
    kept, warm = _get(so, url)
    assert _rows(kept) == _rows(first) == _rows(computed)
    assert len(_rows(kept)) > 1
    # Kept, the page and the filters cost fewer queries than computed.
    assert warm < cold, (cold, warm)

    # A bulk update (no model signal) moves a row: the next request shows it first.
    shown = Placement.objects.filter(
        pk__in=[int(pk) for pk in re.findall(r'href="/stages/(\d+)/"', kept)]
    ).last()
    assert shown is not None
    Student.objects.filter(pk=shown.student_id).update(last_name="Zzzzz")
    after, _ = _get(so, url)
    settings.FIGURES_CACHE_SECONDS = 0
    again, _ = _get(so, url)
    assert _rows(after) == _rows(again)
    assert "Zzzzz" in _rows(after)[0]


@pytest.mark.django_db(transaction=True)
def test_a_kept_page_follows_the_sort_the_page_and_the_reader(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    base = reverse("placements:list")
    so, wpb = _client("so"), _client("wpb")
    ascending, _ = _get(so, base + "?sort=student")
    descending, _ = _get(so, base + "?sort=-student")
    assert _rows(ascending) != _rows(descending)
    assert sorted(_rows(ascending)) == sorted(_rows(descending))
    # Another reader of the same URL gets their own rows, not the SO's kept page.
    theirs, _ = _get(wpb, base + "?sort=student")
    settings.FIGURES_CACHE_SECONDS = 0
    computed, _ = _get(wpb, base + "?sort=student")
    assert _rows(theirs) == _rows(computed)
    assert _rows(theirs) != _rows(ascending)


@pytest.mark.django_db(transaction=True)
def test_hostile_page_numbers_and_page_sizes_give_a_page_of_fifty(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("projectleider")
    # One test for every value: each transactional test costs a restore of the demo.
    for asked in ["999999", "-1", "<script>", "1e9", "", "2"]:
        html, _ = _get(client, reverse("placements:list") + f"?page={asked}&per_page=100000")
        rows = _rows(html)
        assert 0 < len(rows) <= 50, asked


@pytest.mark.django_db(transaction=True)
def test_the_kept_filter_form_is_the_computed_one_and_follows_its_choices(demo, settings):
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("projectleider")
    url = reverse("placements:list") + "?status=active&q=a"

    def form(html: str) -> str:
        return html.split('<section class="bos-filters"', 1)[1].split("</section>", 1)[0]

    computed, kept = _computed_and_kept(settings, client, url)
    assert form(kept) == form(computed)
    assert 'value="a"' in form(kept)
    # Other filters are another form, not the one kept for the first.
    other, _ = _get(client, reverse("placements:list") + "?status=planned&q=zz")
    assert 'value="zz"' in form(other) and 'value="a"' not in form(other)
    # So is another reader's: the SO's schools, not the region's.
    theirs, _ = _get(_client("so"), url)
    settings.FIGURES_CACHE_SECONDS = 0
    assert form(theirs) == form(_get(_client("so"), url)[0]) != form(kept)
    settings.FIGURES_CACHE_SECONDS = 300
    # A renamed institute is a new choice: the form shows it at once.
    institute = Institute.objects.filter(students__isnull=False).order_by("pk").first()
    Institute.objects.filter(pk=institute.pk).update(short_name="Nieuwe naam")
    renamed, _ = _get(client, url)
    assert "Nieuwe naam" in form(renamed)


@pytest.mark.django_db(transaction=True)
def test_the_hr_queue_kept_equals_computed(demo, settings):
    client = _client("hr_sovot")
    url = reverse("stipend:hr_queue") + "?status="
    computed, kept = _computed_and_kept(settings, client, url)
    assert _rows(kept) == _rows(computed)
    assert "aanvraag-" in kept  # rows of applications, not the empty list


def test_values_and_empty_querysets_page_as_before(db):
    values = Institute.objects.order_by("pk").values("pk", "name")
    assert list(paginate(values, 1, per_page=2).object_list) == list(values[:2])
    assert list(paginate(Institute.objects.none(), 1).object_list) == []
    assert paginate(list(range(120)), "3", per_page=50).object_list == list(range(100, 120))


@hypothesis_settings(max_examples=60, deadline=None)
@given(
    level=st.sampled_from([*StageLevel.values, "", "x"]),
    status=st.sampled_from([*PlacementStatus.values, "onbekend"]),
)
def test_a_choice_label_is_the_display_django_gives(level: str, status: str) -> None:
    placement = Placement(level=level, status=status)
    assert choice_label(placement, "level") == placement.get_level_display()
    assert choice_label(placement, "status") == placement.get_status_display()


def _context(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.context


@pytest.mark.django_db(transaction=True)
def test_an_afternoons_counts_are_kept_until_a_write(demo, settings):
    client = _client("projectleider")
    settings.FIGURES_CACHE_SECONDS = 300
    year = get_scope(User.objects.get(email=ROLE_EMAILS["projectleider"])).year
    afternoon = (
        DeepeningAfternoon.objects.filter(school_year=year)
        .annotate(invited=Count("invitations"))
        .order_by("-invited")
        .first()
    )
    assert afternoon is not None and afternoon.invited > 0
    url = reverse("afternoons:detail", args=[afternoon.pk])

    def figures() -> str:
        """The afternoon's figures as its page shows them (kept as HTML, bos.fragments): the
        facts, the workshops' counts and scores, the invitations and choices."""
        html, _ = _get(client, url)
        return _without_tokens(html.split("<h1>", 1)[1].split('<h2 id="indeling">', 1)[0])

    def listed_counts() -> str:
        """The list's rows, counts in them (kept as HTML, bos.fragments)."""
        html, _ = _get(client, reverse("afternoons:list"))
        return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]

    settings.FIGURES_CACHE_SECONDS = 0
    computed, computed_list = figures(), listed_counts()
    settings.FIGURES_CACHE_SECONDS = 300
    figures()
    assert figures() == computed
    assert listed_counts() == computed_list
    # A write shows at the next request, in the afternoon and in the list.
    afternoon.invitations.all().delete()
    settings.FIGURES_CACHE_SECONDS = 0
    recomputed, recomputed_list = figures(), listed_counts()
    settings.FIGURES_CACHE_SECONDS = 300
    assert figures() == recomputed != computed
    assert listed_counts() == recomputed_list != computed_list


@pytest.mark.django_db(transaction=True)
def test_the_professionalisation_overview_is_kept_until_a_write(demo, settings):
    client = _client("projectleider")
    url = reverse("professionalization:overview")

    def main(query: str = "") -> tuple[str, Any]:
        """The page's figures and tables as sent, and the context when they were built."""
        response = client.get(url + query)
        assert response.status_code == 200
        html = response.content.decode()
        return html.split("<h1>", 1)[1].split("<footer", 1)[0], response.context

    settings.FIGURES_CACHE_SECONDS = 0
    computed, context = main()
    assert context["overview"].participants > 0 and context["schools"].object_list
    settings.FIGURES_CACHE_SECONDS = 300
    main()
    kept, _ = main()
    assert kept == computed
    # Each table's page is kept on its own address: the second page of the start meetings.
    assert main("?startbijeenkomsten=2")[0] == main("?startbijeenkomsten=2")[0]
    Registration.objects.filter(attended=True).update(attended=False)
    after, context = main()
    assert context["overview"].participants == 0
    assert list(context["schools"].object_list) == []
    assert "0 deelnemers" in after and after != kept


@pytest.mark.django_db(transaction=True)
def test_a_value_kept_for_no_time_is_computed_again(demo):
    calls: list[int] = []

    def compute() -> dict[str, bool]:
        calls.append(1)
        return {"stale": len(calls) < 3}

    def seconds(value: dict[str, bool]) -> int:
        return 0 if value["stale"] else 300

    for _ in range(4):
        dataversion.kept("test:keep", compute, seconds=300, keep_for=seconds)
    # Twice not kept (stale), then computed fresh and kept: three computations for four reads.
    assert len(calls) == 3


def _kept_until_a_write(settings, client: Client, url: str, name: str, write) -> None:
    """The page's `name` kept equals it computed, and after `write()` it is computed again."""
    settings.FIGURES_CACHE_SECONDS = 0
    computed = _context(client, url)[name]
    settings.FIGURES_CACHE_SECONDS = 300
    _context(client, url)
    assert _context(client, url)[name] == computed
    assert computed
    write()
    after = _context(client, url)[name]
    settings.FIGURES_CACHE_SECONDS = 0
    assert after == _context(client, url)[name] != computed


@pytest.mark.django_db(transaction=True)
def test_the_budget_figures_are_kept_until_a_write(demo, settings):
    settings.REPORT_CACHE_SECONDS = 300
    budget = Budget.objects.filter(school_year__closed_at__isnull=True).order_by("pk").first()
    assert budget is not None

    def write() -> None:
        # Saved: the report's own cache follows model saves, the kept figures any write.
        budget.income_amount = (budget.income_amount or 0) + 1000
        budget.save()

    url = reverse("reports:budget", args=[budget.school_year.name])
    _kept_until_a_write(settings, _client("penvoerder"), url, "figures", write)


@pytest.mark.django_db(transaction=True)
def test_the_supply_table_is_kept_until_a_write(demo, settings):
    def write() -> None:
        open_offers = PlaceOffer.objects.filter(school_year__closed_at__isnull=True)
        open_offers.update(places=F("places") + 5)

    url = reverse("placements:supply")
    _kept_until_a_write(settings, _client("projectleider"), url, "rows", write)


@pytest.mark.django_db(transaction=True)
def test_a_kept_blank_form_is_the_form_rendered(demo, settings):
    client = _client("projectleider")
    url = reverse("placements:offers")

    def form(html: str) -> str:
        return html.split('id="aanbod-form"', 1)[1].split("</form>", 1)[0]

    def without_token(html: str) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", form(html))

    computed, kept = _computed_and_kept(settings, client, url)
    assert without_token(kept) == without_token(computed)
    assert "<select" in form(kept)
    # The form filled in from an offer to change is another form than the blank one.
    offer = PlaceOffer.objects.filter(school_year__closed_at__isnull=True).order_by("pk").first()
    edit, _ = _get(client, f"{url}?wijzig={offer.pk}")
    assert without_token(edit) != without_token(kept)


@pytest.mark.django_db(transaction=True)
def test_the_years_and_roles_every_page_reads_are_kept_until_a_write(demo, settings):
    """The year switcher's years and a person's roles are kept per data version: a role
    taken away, or a year closed, counts at the next request."""
    settings.FIGURES_CACHE_SECONDS = 300
    so = _client("so")
    roles = RoleAssignment.objects.filter(person__user__email=ROLE_EMAILS["so"])
    assert roles.values("school_year").distinct().count() > 1
    # An open year's role (a closed year refuses the write).
    gone = roles.filter(school_year__closed_at__isnull=True).values_list(
        "school_year__name", flat=True
    )[0]
    url = f"{reverse('placements:list')}?jaar={gone}"
    assert so.get(url).status_code == 200
    assert so.get(url).status_code == 200  # from the kept rows
    RoleAssignment.objects.filter(
        person__user__email=ROLE_EMAILS["so"], school_year__name=gone
    ).delete()
    assert so.get(url).status_code == 404

    projectleider = User.objects.get(email=ROLE_EMAILS["projectleider"])
    open_year = SchoolYear.objects.filter(closed_at__isnull=True).order_by("start_date").first()
    assert not _fresh_year(projectleider, open_year.pk).is_closed
    SchoolYear.objects.filter(pk=open_year.pk).update(closed_at=timezone.now())
    assert _fresh_year(projectleider, open_year.pk).is_closed


def _fresh_year(user: User, pk: int) -> SchoolYear:
    """A year as the next request reads it (a new user object: nothing memoised)."""
    fresh = User.objects.get(pk=user.pk)
    return next(year for year in all_school_years(fresh) if year.pk == pk)


@pytest.mark.django_db(transaction=True)
def test_the_induction_register_keeps_its_signals_and_counts_until_a_write(demo, settings):
    """The register's early-hire signals, its count and the colleagues waiting to enrol are
    kept per data version: kept they are what is computed, and a new starter shows at the
    next request."""
    so = _client("so")
    url = reverse("induction:register")
    computed, kept = _computed_and_kept(settings, so, url)
    assert _without_tokens(kept) == _without_tokens(computed)
    assert "Baan aangeboden" not in kept

    starters = starters_for(user=User.objects.get(email=ROLE_EMAILS["so"]))
    first = starters.first()
    Starter.objects.bulk_create(
        Starter(
            location=first.location,
            school_year=first.school_year,
            first_name=f"Wachtend{number}",
            last_name="Onbevoegd",
            subject="Wiskunde",
            kind=StarterKind.UNQUALIFIED,
            hired_on=first.school_year.start_date,
        )
        for number in range(12)
    )
    waiting = starters.filter(kind=StarterKind.UNQUALIFIED, registered_student__isnull=True)
    page, _ = _get(so, url)
    assert f"de eerste 10 van {waiting.count()}" in page
    assert f'id="starter-count">{starters.count()}<' in page
    assert page.count("Inschrijven als zij-instromer<") == 10

    # A former student hired before the final placement began: flagged at the next request.
    final = Placement.objects.filter(
        school_year=first.school_year, location=first.location, is_final=True
    ).first()
    assert final is not None
    Starter.objects.create(
        location=first.location,
        school_year=first.school_year,
        first_name=final.student.first_name,
        last_name=final.student.last_name,
        subject="Engels",
        kind=StarterKind.FORMER_STUDENT,
        former_student=final.student,
        hired_on=final.start_date - dt.timedelta(days=30),
    )
    page, _ = _get(so, url)
    assert "Baan aangeboden vóór de afrondende stage" in page
    assert final.student.last_name in page.split("baan-voor-afronding", 1)[1]


@pytest.mark.django_db(transaction=True)
def test_the_facilitation_blocks_are_kept_until_a_write_with_each_visitors_token(demo, settings):
    """The SOs' blocks of the facilitation overview are kept as HTML: kept they are what is
    rendered, a write shows at the next request, and the forms of a block being edited
    carry each visit's own CSRF token."""
    client = _client("projectleider")
    url = reverse("facilitation:overview")
    computed, kept = _computed_and_kept(settings, client, url)
    assert 'class="so-block"' in kept
    assert _without_tokens(kept) == _without_tokens(computed)

    year = SchoolYear.objects.filter(closed_at__isnull=True).order_by("start_date").first()
    shown, _ = _get(client, f"{url}?jaar={year.name}")
    so_id = int(re.search(r'<section id="so-(\d+)"', shown).group(1))
    GrantedHours.objects.update_or_create(
        school_year=year,
        so_id=so_id,
        defaults={"hours": 40, "note": "Afgesproken in de teamvergadering"},
    )
    page, _ = _get(client, f"{url}?jaar={year.name}")
    assert "Afgesproken in de teamvergadering" in page

    editing = f"{url}?jaar={year.name}&bewerk={so_id}"

    def block_tokens(html: str) -> list[str]:
        """The CSRF tokens of the edited SO's block (not the layout's)."""
        block = html.split(f'<section id="so-{so_id}"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', block)

    first, _ = _get(client, editing)
    second, _ = _get(client, editing)
    assert block_tokens(first) and block_tokens(second)
    assert block_tokens(first) != block_tokens(second)


@pytest.mark.django_db(transaction=True)
def test_the_month_grid_is_kept_per_query_until_a_write(demo, settings):
    """The planning month's grid and dates are kept as HTML per reader, day and query: kept
    they are what is rendered, another month is another grid, and a renamed event shows at
    the next request."""
    client = _client("projectleider")
    event = (
        PlanningEvent.objects.filter(school_year__closed_at__isnull=True)
        .select_related("school_year")
        .order_by("date")
        .first()
    )
    assert event is not None
    url = f"{reverse('planning:month')}?jaar={event.school_year.name}&maand={event.date:%Y-%m}"
    computed, kept = _computed_and_kept(settings, client, url)
    assert event.title in kept
    assert _without_tokens(kept) == _without_tokens(computed)

    following = event.date.replace(day=28) + dt.timedelta(days=7)
    other, _ = _get(client, f"{url[: url.index('&maand=')]}&maand={following:%Y-%m}")
    assert _rows_of_grid(other) != _rows_of_grid(kept)

    PlanningEvent.objects.filter(pk=event.pk).update(title="Stuurgroep (verplaatst)")
    page, _ = _get(client, url)
    assert "Stuurgroep (verplaatst)" in page


def _rows_of_grid(html: str) -> str:
    return html.split('<table class="month"', 1)[1].split("</table>", 1)[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("projectleider", "placements:list"),
        ("hr_sovot", "stipend:hr_queue"),
        ("so", "induction:register"),
        # Parts kept by bos.fragments.
        ("wpb", "professionalization:offer"),
        ("so", "afternoons:follow_up"),
        ("io", "planning:month"),
        ("projectleider", "facilitation:targets"),
        ("so", "stipend:list"),
        ("so", "placements:ict"),
        ("so", "placements:facilities"),
        ("so", "intervision:overview"),
        ("projectleider", "intervision:overview"),
        ("projectleider", "afternoons:list"),
        ("so", "planning:list"),
        ("projectleider", "facilitation:overview"),
        ("so", "facilitation:overview"),
        ("so", "placements:dashboard"),
        ("projectleider", "induction:figures"),
    ],
)
def test_a_list_page_kept_as_html_is_the_page_rendered(demo, settings, role, name):
    """A page of a list's rows is kept as HTML with its count: the whole page, pager and all,
    is the page rendered; a later page is another page."""
    client = _client(role)
    url = reverse(name)
    computed, kept = _computed_and_kept(settings, client, url)
    assert _without_tokens(kept) == _without_tokens(computed)
    if "bos-pagination" in kept:
        second, _ = _get(client, f"{url}?page=2")
        assert _rows(second) != _rows(kept)


@pytest.mark.django_db(transaction=True)
def test_a_kept_row_with_a_form_carries_the_visitors_own_token(demo, settings):
    """A row with a form (the SO's "Goedkeuren") is kept with a stand-in for the CSRF token,
    which each visit replaces with its own: the form posted from a kept page is accepted."""
    user = User.objects.get(email=ROLE_EMAILS["so"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    url = reverse("stipend:list")
    computed, kept = _computed_and_kept(settings, client, url)
    assert _without_tokens(kept) == _without_tokens(computed)
    rows = "".join(_rows(kept))
    assert "Goedkeuren" in rows and CSRF_STAND_IN not in kept
    action, token = re.search(
        r'<form method="post" action="([^"]+)".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        rows,
        flags=re.S,
    ).groups()
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.status_code


@pytest.mark.django_db(transaction=True)
def test_the_audit_trail_shows_an_entry_written_on_a_plain_visit_at_once(demo, settings):
    """A revealed number is written to the audit trail without raising the data version: the
    audit list is never kept, so it shows the entry at the next visit."""
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("projectleider")
    url = reverse("audit:list")
    before, _ = _get(client, url)
    _get(client, url)
    version = dataversion.current()
    student = Student.objects.first()
    audit.record("view", student)
    assert dataversion.current() == version
    after, _ = _get(client, url)
    count = re.compile(r'<p class="bos-count" role="status">([\d.]+) ')

    def counted(html: str) -> int:
        return int(count.search(html).group(1).replace(".", ""))

    assert counted(after) == counted(before) + 1


@pytest.mark.django_db(transaction=True)
def test_a_kept_list_builds_no_filter_form_and_no_table(demo, settings, monkeypatch):
    """A list kept as HTML (`list_page`) is served without building its filters or table."""
    settings.FIGURES_CACHE_SECONDS = 300
    client = _client("so")
    url = reverse("placements:list")
    first, _ = _get(client, url)
    built: list[str] = []
    original = PlacementFilter.__init__

    def counted(self, *args, **kwargs):
        built.append("filter")
        original(self, *args, **kwargs)

    monkeypatch.setattr(PlacementFilter, "__init__", counted)
    kept, queries = _get(client, url)
    assert built == [] and queries <= 4
    assert _without_tokens(kept) == _without_tokens(first)
    _get(client, f"{url}?sort=-start_date")
    assert built == ["filter"]


@pytest.mark.django_db(transaction=True)
def test_a_start_form_from_the_kept_stipend_list_starts_an_application(demo, settings):
    """The "aanvraag starten" section is kept as HTML with a stand-in token: posted from the
    kept page, the form starts the application, and the next visit no longer offers it."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email=ROLE_EMAILS["so"]))
    url = reverse("stipend:list")
    computed, kept = _computed_and_kept(settings, client, url)
    assert _without_tokens(kept) == _without_tokens(computed)
    assert "Aanvraag starten" in kept and CSRF_STAND_IN not in kept
    section = kept.split('id="start-heading"', 1)[1].split("</section>", 1)[0]
    action, token = re.search(
        r'<form method="post" action="([^"]+)">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken" value="([^"]+)"',
        section,
    ).groups()
    response = client.post(action, {"csrfmiddlewaretoken": token})
    assert response.status_code == 302 and "/bewerken/" in response["Location"]
    after, _ = _get(client, url)
    assert action not in after


@pytest.mark.django_db(transaction=True)
def test_a_kept_fragment_gives_each_visitor_their_own_token(demo, settings):
    """`kept_fragment` keeps a part of a page per reader, day, path and query; a form in it
    is kept with a stand-in that each visit replaces with its own CSRF token. HTML with a
    real token in it is not kept."""
    settings.FIGURES_CACHE_SECONDS = 300
    request = RequestFactory().get("/", {"maand": "2026-12"})
    request.user = User.objects.get(email=ROLE_EMAILS["so"])
    calls: list[str] = []

    def context() -> dict:
        calls.append("computed")
        return {"url": "/x/", "application": None}

    def part(*parts: object) -> str:
        return kept_fragment(request, "test:part", "stipend/_approve_cell.html", context, *parts)

    first, second = part(), part()
    assert calls == ["computed"]
    part("another")
    assert calls == ["computed"] * 2
    tokens = [
        re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', html).group(1)
        for html in (first, second)
    ]
    assert CSRF_STAND_IN not in first + second
    assert all(len(token) == 64 for token in tokens)
    assert keep_for(['<input name="csrfmiddlewaretoken" value="' + "a" * 64 + '">']) == 0
    assert keep_for([f'<input name="csrfmiddlewaretoken" value="{CSRF_STAND_IN}">']) > 0


@pytest.mark.django_db(transaction=True)
def test_an_afternoon_kept_with_its_forms_is_the_afternoon_rendered(demo, settings):
    """An afternoon's page is kept as HTML with its forms (bos.fragments): kept it is the page
    rendered, and a form posted from the kept page is accepted."""
    afternoon = DeepeningAfternoon.objects.filter(
        school_year__closed_at__isnull=True, published_at__isnull=False
    ).first()
    assert afternoon is not None
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email=ROLE_EMAILS["projectleider"]))
    url = reverse("afternoons:detail", args=[afternoon.pk])
    computed, kept = _computed_and_kept(settings, client, url)
    assert _without_tokens(kept) == _without_tokens(computed)
    assert CSRF_STAND_IN not in kept
    body = kept.split("<h1>", 1)[1]
    action, token = re.search(
        r'<form method="post" action="([^"]+)".*?name="csrfmiddlewaretoken" value="([^"]+)"',
        body,
        flags=re.S,
    ).groups()
    assert client.post(action, {"csrfmiddlewaretoken": token}).status_code != 403
