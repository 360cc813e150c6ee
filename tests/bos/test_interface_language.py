"""The interface-language checker (tests/interface_language.py) and the Dutch empty option of
Django's choice fields.

Every page a role can open is checked by the permission matrix
(tests/bos/test_permission_matrix.py), on the response its row already has: each form field
has a label, no id is used twice, and no English Django default text shows. The pages come
from the matrix, so a new URL is checked as soon as it has a row there."""

import re

import pytest

from tests.interface_language import FieldCollector, assert_labelled_and_dutch, english_shown


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


def _page(body: str, content_type: str = "text/html; charset=utf-8"):
    from django.http import HttpResponse

    return HttpResponse(body, content_type=content_type)


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ('<form><input name="q"></form>', "fields without a label"),
        ('<label for="a">A</label><input id="a"><p id="a"></p>', "ids used twice"),
        ("<p>This field is required.</p>", "English text ['This field is required']"),
        ("<button>Submit</button>", "English text ['Submit']"),
    ],
)
def test_the_page_check_fails_on_each_fault(body, fault):
    with pytest.raises(AssertionError, match=re.escape(fault)):
        assert_labelled_and_dutch(_page(body), "pagina")


def test_the_page_check_passes_a_dutch_page_and_a_download():
    assert_labelled_and_dutch(
        _page('<label for="q">Zoek</label><input id="q" name="q"><p>Verplicht veld.</p>'),
        "pagina",
    )
    # A download has no fields to label, whatever its bytes say.
    assert_labelled_and_dutch(_page("Submit,Filter", "text/csv"), "export")
    # Words inside other words are not the English phrase.
    assert english_shown("Filteren op school; Submitted") == []


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
