"""Every page a role can open: each form field has a label, and no English Django default
text shows in the Dutch interface. The pages come from the permission matrix, so a new URL
is checked as soon as it has a row there."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.logins import client_for
from tests.matrix import MATRIX, ROLE_EMAILS

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


PAGES = sorted(
    {
        (name, index, role)
        for name, cases in MATRIX.items()
        for index, case in enumerate(cases)
        for role, status in case.expected.items()
        if case.method == "get" and status == 200 and role != "anonymous"
    }
)


@pytest.mark.parametrize(("name", "index", "role"), PAGES)
def test_fields_are_labelled_and_no_english_shows(demo, name, index, role):
    case = MATRIX[name][index]
    client = client_for(ROLE_EMAILS[role])
    response = client.get(reverse(name, kwargs=case.kwargs() if case.kwargs else None))
    if "text/html" not in response.get("Content-Type", ""):
        return  # downloads (Excel, PDF, CSV) have no fields
    collector = FieldCollector()
    collector.feed(response.content.decode())
    assert collector.unlabelled() == [], f"{name} as {role}: fields without a label"
    assert collector.duplicate_ids() == [], f"{name} as {role}: ids used twice"
    text = " ".join(" ".join(collector.text).split())
    shown = [phrase for phrase in ENGLISH if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text)]
    assert shown == [], f"{name} as {role}: English text {shown}"


def test_the_checker_flags_an_unlabelled_field_and_english():
    collector = FieldCollector()
    collector.feed(
        '<label for="a">A</label><input id="a" name="a"><input name="b">'
        '<label>C <input name="c"></label><select name="d"><option>Select an option</option>'
        "</select>"
    )
    assert collector.unlabelled() == ["b", "d"]
    assert collector.duplicate_ids() == []
    collector.feed('<form><label for="a">Ander</label><select id="a" name="x"></select></form>')
    assert collector.duplicate_ids() == ["a"]
    assert "Select an option" in " ".join(collector.text)


def test_a_model_choice_renders_the_dutch_empty_option():
    from django import forms

    from bos.models import SchoolYear

    class Form(forms.Form):
        year = forms.ModelChoiceField(queryset=SchoolYear.objects.none())
        kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")])
        pick = forms.ChoiceField(choices=[("", "---------"), ("x", "X")], widget=forms.RadioSelect)

    html = str(Form())
    assert "Kies…" in html and "---------" not in html
    assert 'value=""' not in html.split('name="pick"')[0].rsplit("<", 1)[-1]
    assert html.count('name="pick"') == 1  # no empty radio option for a required choice


def test_an_empty_option_that_says_what_it_means_keeps_its_words():
    from django import forms

    class Form(forms.Form):
        level = forms.ChoiceField(choices=[("", "elk niveau"), ("VT1", "VT1")], required=False)
        figure = forms.ChoiceField(choices=[("", "—"), ("1", "Figuur 1")], required=False)

    html = str(Form())
    level, figure = html.split('name="figure"')
    assert "elk niveau" in level and "Kies…" not in level
    assert "Kies…" in figure and "—" not in figure
