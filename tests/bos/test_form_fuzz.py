"""Hostile input to every form of the application never makes a 500 (security finding 8).

The forms are found, not listed: every URL of the permission matrix (which in turn must cover
the whole URLconf) is opened as every role that may see it, and every form on those pages
is posted (or, for search forms, submitted as a query) with hostile values of the kind its
fields ask for: far dates, huge and negative numbers, overlong text, control characters and
right-to-left overrides. A form added later by anyone is covered as soon as its page is in
the matrix."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import product
from urllib.parse import urljoin, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from tests.logins import client_for
from tests.matrix import MATRIX, ROLE_EMAILS

# Forms of the account pages (log out, change password, MFA) act on the session itself.
SKIPPED_ACTIONS = ("/accounts/",)

DATE_FIELD = re.compile(r"(date|_on$|_from$|_to$|^day$|datum|^month$)")


@dataclass
class FormField:
    name: str
    kind: str  # text, date, month, number, email, select, checkbox, radio, hidden, file, ...
    value: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False


@dataclass
class PageForm:
    action: str
    method: str
    fields: dict[str, FormField] = field(default_factory=dict)

    def signature(self) -> tuple:
        """The same form for another object (another id in the URL or the prefix) counts once."""
        names = tuple(sorted(re.sub(r"\d+", "#", name) for name in self.fields))
        return (self.method, re.sub(r"\d+", "#", urlparse(self.action).path), names)


class FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[PageForm] = []
        self.current: PageForm | None = None
        self.select: FormField | None = None
        self.textarea: FormField | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urljoin(self.page_url, a.get("action") or self.page_url)
            self.current = PageForm(action=action, method=(a.get("method") or "get").lower())
            return
        form = self.current
        if tag == "option" and self.select is not None:
            value = a.get("value", "")
            self.select.options.append(value)
            # As a browser does: the selected option, else the first one (maybe empty).
            if "selected" in a or len(self.select.options) == 1:
                self.select.value = value
            return
        if form is None or "name" not in a or "disabled" in a:
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "button", "reset", "image"}:
                return
            if kind in {"checkbox", "radio"}:
                known = form.fields.get(name)
                if known is None:
                    known = form.fields[name] = FormField(name, kind)
                known.options.append(a.get("value") or "on")
                if "checked" in a:
                    known.value = a.get("value") or "on"
                return
            form.fields[name] = FormField(name, kind, a.get("value", ""), required="required" in a)
        elif tag == "select":
            self.select = form.fields[name] = FormField(name, "select", required="required" in a)
        elif tag == "textarea":
            self.textarea = form.fields[name] = FormField(
                name, "textarea", required="required" in a
            )

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _is_date(item: FormField) -> bool:
    return item.kind in {"date", "month", "datetime-local"} or bool(DATE_FIELD.search(item.name))


NUMBER_FIELD = re.compile(r"(count|days|hours|amount|fte|pupils|places|number_of|year$|grade)")


def _is_number(item: FormField) -> bool:
    return item.kind == "number" or bool(NUMBER_FIELD.search(item.name))


# Far dates and huge or negative numbers go into one field at a time, the other fields kept
# as the page offered them (or given a plausible value when required), so the hostile value
# gets past the other fields' validation into the view and its services; each also with the
# last choice of every required select, which reaches other branches. The remaining values
# go into every field of their kind at once.
SINGLE_ROUNDS: dict[str, tuple[str, ...]] = {
    "date": ("9999-12-31", "0001-01-01"),
    "number": ("9" * 26, "-" + "9" * 12),
}
GROUP_ROUNDS: dict[str, tuple[str, str]] = {
    "impossible date": ("date", "2021-02-30"),
    "month of year 9999": ("month", "9999-12"),
    "not a number": ("number", "NaN"),
    "overlong text": ("text", "x" * 20_000),
    "control characters": ("text", "a\x00b\x01c\x1b[31m\r\n\t"),
    "right-to-left": ("text", "\u202egnp.exe\u202c \u200f\u05e9\u05dc\u05d5\u05dd"),
    "formula": ("text", '=HYPERLINK("http://x","y")'),
    "select outside the options": ("select", "999999999999999999999"),
}


def _of_kind(item: FormField, kind: str) -> bool:
    if item.kind in {"file", "hidden", "checkbox"}:
        return False
    if kind == "date":
        return _is_date(item) and item.kind != "month"
    if kind == "month":
        return item.kind == "month"
    if kind == "number":
        return _is_number(item)
    if kind == "text":
        textual = item.kind in {"text", "textarea", "email", "search", "tel", "url"}
        return textual and not _is_date(item) and not _is_number(item)
    if kind == "select":
        return item.kind in {"select", "radio"}
    return False


def _data(form: PageForm, hostile: dict[str, str], choices: dict[str, str]) -> dict[str, str]:
    """The form as a user would send it, with the hostile values and chosen options put in."""
    data: dict[str, str] = {}
    for item in form.fields.values():
        if item.kind == "file":
            continue
        if item.name in hostile:
            data[item.name] = hostile[item.name]
        elif item.name in choices:
            data[item.name] = choices[item.name]
        elif item.kind == "checkbox":
            if item.value:
                data[item.name] = item.value
        elif item.value:
            data[item.name] = item.value
        elif item.required:
            data[item.name] = _plausible(item)
    return data


def _choice_variants(form: PageForm) -> list[dict[str, str]]:
    """As offered; the last option of every select; and every option of each short select
    (such as a 'kind' that switches which other fields count), one select at a time."""
    selects = [item for item in form.fields.values() if item.kind in {"select", "radio"}]
    variants: list[dict[str, str]] = [{}]
    last = {item.name: item.options[-1] for item in selects if item.options}
    if last:
        variants.append(last)
    # The rows of a formset repeat the same selects (rows-0-group, rows-1-group, ...): the
    # first row's options stand for the others, or a table of ten rows costs ten times the
    # requests for no other code path.
    varied: set[str] = set()
    for item in selects:
        generic = re.sub(r"\d+", "#", item.name)
        if len(item.options) <= 5 and generic not in varied:
            varied.add(generic)
            variants += [{item.name: option} for option in item.options if option]
    return variants


def attempts(form: PageForm) -> list[tuple[str, dict[str, str]]]:
    result: list[tuple[str, dict[str, str]]] = []
    # A choice variant that picks the option already offered sends the same data as the form
    # as offered: that request is sent once.
    seen: set[tuple[tuple[str, str], ...]] = set()

    def add(attempt: str, data: dict[str, str]) -> None:
        key = tuple(sorted(data.items()))
        if key not in seen:
            seen.add(key)
            result.append((attempt, data))

    for round_name, (kind, value) in GROUP_ROUNDS.items():
        hostile = {name: value for name, item in form.fields.items() if _of_kind(item, kind)}
        if hostile:
            add(round_name, _data(form, hostile, {}))
    variants = _choice_variants(form)
    for kind, values in SINGLE_ROUNDS.items():
        tried: set[str] = set()
        for name, item in form.fields.items():
            # One hostile field at a time, once per field of a formset's rows (see above).
            generic = re.sub(r"\d+", "#", name)
            if not _of_kind(item, kind) or generic in tried:
                continue
            tried.add(generic)
            for value, choices in product(values, variants):
                add(f"{name}={value[:12]}", _data(form, {name: value}, choices))
    return result


def _plausible(item: FormField) -> str:
    """A valid-looking value for an empty field, so that one hostile field at a time gets
    through the form into the view and its services."""
    options = [option for option in item.options if option]
    if item.kind in {"select", "radio"}:
        return options[0] if options else ""
    if item.kind == "month":
        return "2021-03"
    if _is_date(item):
        return "2021-03-01"
    if _is_number(item):
        return "1"
    if item.kind == "email":
        return "fuzz@example.org"
    if item.kind in {"text", "textarea", "search", "tel"}:
        return "Fuzz"
    return ""


def _pages() -> list[tuple[str, str]]:
    """(role, URL) of every page a role may open, from the permission matrix."""
    pages: list[tuple[str, str]] = []
    for name, cases in MATRIX.items():
        for case in cases:
            if case.method != "get":
                continue
            url = reverse(name, kwargs=case.kwargs() if case.kwargs else None)
            pages += [(role, url) for role, status in case.expected.items() if status == 200]
    return pages


def _client(role: str) -> Client:
    return client_for(ROLE_EMAILS[role], raise_request_exception=False)


# The forms found, per test process: every shard (below) walks the same demo pages.
_DISCOVERED: list[tuple[str, PageForm]] = []


def discover_forms() -> list[tuple[str, PageForm]]:
    """Every form on every page a role may open, once per form signature, in a fixed order.
    The pages are those of the demo as loaded (each test's changes roll back), so the walk
    is made once per test process."""
    if not _DISCOVERED:
        _DISCOVERED.extend(_walk())
    return list(_DISCOVERED)


# The forms of each (role, page), per test process: this walk and the closed-year matrix
# (tests/years/test_closed_year_matrix.py) open the same demo pages.
_PAGE_FORMS: dict[tuple[str, str], list[PageForm]] = {}


def page_forms(role: str, url: str, client: Client) -> list[PageForm]:
    """The forms on a page as `role` sees it in the demo as loaded (none for a page that is
    not an HTML 200)."""
    if (role, url) not in _PAGE_FORMS:
        response = client.get(url)
        forms: list[PageForm] = []
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            parser = FormParser(f"http://testserver{url}")
            parser.feed(response.content.decode())
            forms = parser.forms
        _PAGE_FORMS[(role, url)] = forms
    return _PAGE_FORMS[(role, url)]


def _walk() -> list[tuple[str, PageForm]]:
    found: dict[tuple, tuple[str, PageForm]] = {}
    clients: dict[str, Client] = {}
    for role, url in _pages():
        client = clients.setdefault(role, _client(role))
        for form in page_forms(role, url, client):
            path = urlparse(form.action).path
            if path.startswith(SKIPPED_ACTIONS) or not form.fields:
                continue
            found.setdefault(form.signature(), (role, form))
    return [found[signature] for signature in sorted(found, key=repr)]


# The forms are fuzzed in shards: a failing shard names fewer forms, and a shard is short
# enough to rerun on its own.
SHARDS = 6


# The walk over the demo's pages is shared per test process: tests/conftest.py keeps this
# test and the closed-year matrix in one process.
@pytest.mark.django_db
@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_form_of_the_application_answers_hostile_input_with_a_500(demo, shard):
    forms = discover_forms()
    # The walk must actually find the application's forms, or the test proves nothing.
    actions = {urlparse(form.action).path for _, form in forms}
    for expected in ("/stages/nieuw/", "/audit/"):
        assert expected in actions, sorted(actions)
    assert len(forms) >= 20, sorted(actions)
    failures: list[str] = []
    for role, form in forms[shard::SHARDS]:
        client = _client(role)
        path = urlparse(form.action).path
        send = client.post if form.method == "post" else client.get
        for attempt, data in attempts(form):
            response = send(path, data)
            if response.status_code >= 500:
                failures.append(f"{role} {form.method.upper()} {path} [{attempt}]: 500")
    assert not failures, "\n".join(failures)
