"""The interface-language check of a page: each form field has a label, no id is used twice,
and no English Django default text shows in the Dutch interface.

The permission matrix (tests/bos/test_permission_matrix.py) runs it on every page a role may
open, on the response it already has; tests/bos/test_interface_language.py proves the
checker itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.http import HttpResponse

# Strings Django, allauth, django-filter or django-tables2 show when a translation or an
# override is missing.
ENGLISH = [
    "Select an option",
    "---------",
    "This field is required",
    "Enter a valid",
    "Sign In",
    "Sign Out",
    "Forgot Password",
    "Remember Me",
    "Page not found",
    "Server Error",
    "Forbidden",
    "Bad Request",
    "No records",
    "Submit",
    "Filter",
]


class FieldCollector(HTMLParser):
    """Collects form controls and the ids that labels point at."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "label":
            self.label_depth += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag in {"input", "select", "textarea"}:
            kind = values.get("type", "text")
            if tag == "input" and kind in {"hidden", "submit", "button", "reset", "image"}:
                return
            self.controls.append({**values, "_tag": tag, "_wrapped": str(self.label_depth > 0)})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.label_depth:
            self.label_depth -= 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def duplicate_ids(self) -> list[str]:
        """Ids used twice: a label (or aria reference) then points at the first one, which
        may be another form's field (a list's filter above an edit form, for instance)."""
        seen: set[str] = set()
        return sorted({i for i in self.ids if i in seen or seen.add(i)})

    def unlabelled(self) -> list[str]:
        return [
            control.get("name") or control["_tag"]
            for control in self.controls
            if control["_wrapped"] != "True"
            and control.get("id") not in self.label_for
            and not control.get("aria-label")
            and not control.get("aria-labelledby")
        ]


def english_shown(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)]


def assert_labelled_and_dutch(response: HttpResponse, where: str) -> None:
    """Downloads (Excel, PDF, CSV) have no fields and pass as they are."""
    if "text/html" not in response.get("Content-Type", ""):
        return
    collector = FieldCollector()
    collector.feed(response.content.decode())
    assert collector.unlabelled() == [], f"{where}: fields without a label"
    assert collector.duplicate_ids() == [], f"{where}: ids used twice"
    text = " ".join(" ".join(collector.text).split())
    assert english_shown(text) == [], f"{where}: English text {english_shown(text)}"
