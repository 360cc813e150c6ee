"""Nothing reaches a closed year: every form of the application, posted by every role, with
changed values, while the year it acts on is closed.

The forms are found, not listed (as in the form-fuzz test): every page of the permission
matrix is opened while the demo's running year is still open, and every form that posts is
kept, together with the matrix's own POST cases. Then the running year is closed (inside the
test's transaction) and each role posts each form with its text changed. A digest of every
row of a closed year (every year-bound table and its many-to-many tables) is the same before
and after, also once what each request left for its commit (mails, tasks) has run, and no
mail goes out about an object or a year that is closed.
A write path that escaped the guard (bos.yearbound) changes the digest or queues a mail."""

from __future__ import annotations

import hashlib
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import connection
from django.urls import resolve, reverse
from django.utils import timezone

from bos.models import SchoolYear
from bos.yearbound import year_bound_models
from tests.bos.test_form_fuzz import (
    SKIPPED_ACTIONS,
    PageForm,
    _client,
    _data,
    _is_date,
    _is_number,
    _pages,
    page_forms,
)
from tests.demo_years import running_year
from tests.matrix import MATRIX

# Every demo login holds a role in the running year (the anonymous visitor has none), with
# at least this many writing forms within reach: a walk that finds fewer proves nothing.
MINIMUM_FORMS = {
    "so": 30,
    "io": 5,
    "wpb": 3,
    "projectleider": 40,
    "kernteam": 1,
    "hr_sovot": 3,
    "hr_skvob": 3,
    "director": 2,
    "student": 3,
    "admin": 40,
}


def closed_year_digest() -> dict[str, str]:
    """One hash per table of the rows that belong to a closed year."""
    digest: dict[str, str] = {}
    for model in year_bound_models():
        closed = {f"{model.year_path}__closed_at__isnull": False}
        rows = model._base_manager.filter(**closed).order_by("pk").values_list()
        digest[model._meta.db_table] = hashlib.sha256(repr(list(rows)).encode()).hexdigest()
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            owner = field.m2m_field_name()
            links = (
                through._base_manager.filter(
                    **{f"{owner}__{model.year_path}__closed_at__isnull": False}
                )
                .order_by("pk")
                .values_list()
            )
            digest[through._meta.db_table] = hashlib.sha256(repr(list(links)).encode()).hexdigest()
    return digest


def _changed(form: PageForm) -> dict[str, str]:
    """The form as the page offers it (required fields filled in), with every free text
    changed, so that a save that got through would show in the digest."""
    data = _data(form, {}, {})
    for name, item in form.fields.items():
        textual = item.kind in {"text", "textarea", "search"}
        if textual and not _is_date(item) and not _is_number(item) and name != "jaar":
            data[name] = (data.get(name, "") + " gewijzigd").strip()
    return data


class WriteCounter:
    """Counts the rows written to year-bound tables on this connection: a cheap tripwire,
    read after each request, so the (slower) digest is only compared when it moved. SQLite:
    temporary triggers (gone with the test's transaction); PostgreSQL: the transaction's own
    statistics per table."""

    def __init__(self) -> None:
        models = year_bound_models()
        self.tables = sorted(
            {model._meta.db_table for model in models}
            | {
                field.remote_field.through._meta.db_table
                for model in models
                for field in model._meta.many_to_many
            }
        )
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("CREATE TEMP TABLE bos_write_count (n INTEGER)")
                cursor.execute("INSERT INTO bos_write_count VALUES (0)")
                for table in self.tables:
                    for event in ("INSERT", "UPDATE", "DELETE"):
                        # Table names from the models' metadata; no value is interpolated.
                        name = f"bos_count_{event.lower()}_{table}"
                        action = "UPDATE bos_write_count SET n = n + 1"
                        trigger = f'CREATE TEMP TRIGGER {name} AFTER {event} ON "{table}" '
                        trigger += f"BEGIN {action}; END"
                        cursor.execute(trigger)

    def __call__(self) -> int:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT n FROM bos_write_count")
            else:
                cursor.execute(
                    "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
                    "FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
                    [self.tables],
                )
            return int(cursor.fetchone()[0])


def _about_a_closed_year(url: str, messages: list) -> bool:
    """Whether a request's mail is about a closed year: the URL names a closed year, or a
    mail names one. A form for something shared across years (a new student, a person) or
    for next year (a proposal) acts on no closed year, and its mail may go."""
    if not messages:
        return False
    closed = list(SchoolYear.objects.filter(closed_at__isnull=False).values_list("name", flat=True))
    if resolve(urlparse(url).path).kwargs.get("year") in closed:
        return True
    for message in messages:
        text = message.subject + "\n" + message.body
        if any(name in text for name in closed):
            return True
    return False


def _target(action: str) -> str:
    parts = urlparse(action)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _forms_of(role: str) -> list[tuple[str, dict[str, str]]]:
    """The posting forms on every page the role may open (once per form signature), and the
    matrix's own POST cases."""
    client = _client(role)
    found: dict[tuple, tuple[str, dict[str, str]]] = {}
    for page_role, url in _pages():
        if page_role != role:
            continue
        for form in page_forms(role, url, client):
            path = urlparse(form.action).path
            if form.method != "post" or path.startswith(SKIPPED_ACTIONS) or not form.fields:
                continue
            found.setdefault(form.signature(), (_target(form.action), _changed(form)))
    posts = list(found.values())
    for name, cases in MATRIX.items():
        for case in cases:
            if case.method == "post" and case.expected[role] != 403:
                url = reverse(name, kwargs=case.kwargs() if case.kwargs else None)
                posts.append((url, dict(case.data)))
    return posts


# The walk over the demo's pages is shared per test process: tests/conftest.py keeps this
# test and the form fuzz in one process.
@pytest.mark.django_db
@pytest.mark.parametrize(("role", "at_least"), MINIMUM_FORMS.items())
def test_no_form_changes_a_closed_year_or_sends_a_mail(
    demo, role, at_least, django_capture_on_commit_callbacks
):
    """The role posts every form it can reach, changed, while the year is closed."""
    posts = _forms_of(role)
    # The walk must reach the role's writing forms, or the test proves nothing.
    assert len(posts) >= at_least, sorted(url for url, _ in posts)
    writes = WriteCounter()
    year = running_year()
    SchoolYear.objects.filter(pk=year.pk).update(closed_at=timezone.now())
    before = closed_year_digest()
    client = _client(role)
    problems: list[str] = []
    for url, data in posts:
        written = writes()
        sent = len(mail.outbox)
        # What the request leaves for its commit (mails, tasks) runs as if it committed.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code < 500, f"{role} POST {url}: {response.status_code}"
        if _about_a_closed_year(url, mail.outbox[sent:]):
            subjects = [message.subject for message in mail.outbox[sent:]]
            problems.append(f"POST {url} sent mail about a closed year: {subjects}")
        if writes() != written:
            now = closed_year_digest()
            changed = sorted(table for table in before if before[table] != now[table])
            if changed:
                problems.append(f"POST {url} changed closed-year rows in {changed}")
                before = now
    after = closed_year_digest()
    changed = sorted(table for table in before if before[table] != after[table])
    problems += [f"closed-year rows changed in {changed}"] if changed else []
    assert not problems, f"{role}:\n" + "\n".join(problems)
