"""A choice among many (people, students) as a search field instead of a select of all of them.

A select of every WPB of the partnership grows with the data: hundreds of options, hundreds of
kilobytes a page. This field renders a text field and at most the few options the page must
show (the current choice, or the matches of a typed text that fitted more than one person), so
the page stays the same size however many people there are to choose from.

- With htmx, typing asks a small endpoint (`suggestions`, one per source of people, each
  behind its own capability) for at most SUGGESTION_LIMIT matches. They come as radio buttons
  of the same form (named `<field>_id`): picking one posts its id. Their count is announced
  in a live region next to the field.
- Without script, the form posts the typed text and the server resolves it (`resolve`): an
  exact e-mail address (or another exact key), else the full name, else every typed word. One
  match is taken; none, or several, gives a Dutch message, and several are then offered as
  the same radio buttons.

The field's queryset is the scope: a posted id outside it is refused with a message, never a
500, and the endpoint searches the same queryset as the form (the apps build both with one
selector). The options show a name and a school, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import F, Model, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Concat
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control

from bos.models import Person, SchoolLocation, SchoolYear

SUGGESTION_LIMIT = 20
MIN_QUERY = 2
TEXT_MAX = 200
# At most this many typed words are searched for (each is one more condition in the query).
WORDS_MAX = 6
# The field's name and id, echoed by the endpoint into the options' names and ids.
_HTML_NAME = re.compile(r"[A-Za-z][\w-]{0,79}\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def person_label(person: Any) -> str:
    """A person's name, with their school when the queryset annotated one (`with_school`):
    two people of the same name are told apart by it."""
    school = getattr(person, "school", None)
    return f"{person.full_name} ({school})" if school else person.full_name


@dataclass(frozen=True)
class SearchSpec:
    """How one kind of object is found by what a user types, and how it is shown."""

    noun: str  # "werkplekbegeleider": in messages
    plural: str
    # Every typed word must occur in one of these fields.
    words: tuple[str, ...] = ("first_name", "last_name")
    # A typed value equal to one of these (any case) identifies the object.
    exact: tuple[str, ...] = ("email",)
    # What else, typed in full, identifies one: in the messages ("… of het e-mailadres").
    exact_hint: str = "het e-mailadres"
    describe: Callable[[Any], str] = person_label
    # The text put in the field for a chosen object.
    name: Callable[[Any], str] = str

    def _exactly(self, text: str) -> Q:
        condition = Q(_search_full__iexact=text)
        for name in self.exact:
            condition |= Q(**{f"{name}__iexact": text})
        return condition

    def _words(self, text: str) -> Q:
        condition = Q()
        for word in text.split()[:WORDS_MAX]:
            either = Q()
            for name in self.words:
                either |= Q(**{f"{name}__icontains": word})
            condition &= either
        return condition

    def _annotated(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if len(self.words) == 1:
            # One field (a school's name): it is the whole name; Concat needs two.
            return queryset.annotate(_search_full=F(self.words[0]))
        parts: list[Any] = []
        for name in self.words:
            parts.extend([name, Value(" ")])
        return queryset.annotate(_search_full=Concat(*parts[:-1]))

    def exactly(self, queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
        """Whoever the text names in full: an exact key (e-mail) or the whole name."""
        return self._annotated(queryset).filter(self._exactly(text))

    def search(self, queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
        """Whoever the text fits: named in full, or every typed word in their name."""
        return self._annotated(queryset).filter(self._exactly(text) | self._words(text))


def clean_text(text: object) -> str:
    """What was typed, without control characters (a database refuses some of them) and
    within TEXT_MAX characters."""
    return " ".join(_CONTROL.sub(" ", str(text or ""))[:TEXT_MAX].split())


def as_id(raw: object) -> int | None:
    """A primary key from a form value, or None for anything else (never an error)."""
    text = str(raw if raw is not None else "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@dataclass(frozen=True)
class Posted:
    """What the form posted for the field: the typed text and the picked option's id."""

    text: str = ""
    picked: str = ""


@dataclass
class SearchState:
    """What the widget shows: the text, the options (value, label, checked) and a sentence."""

    text: str
    options: list[tuple[str, str, bool]] = field(default_factory=list)
    status: str = ""
    # Where the options come from: the endpoint and its parameters, and the options' legend.
    url: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    legend: str = ""


def status_sentence(spec: SearchSpec, count: int, text: str) -> str:
    if count == 0:
        return f"Geen {spec.noun} gevonden met “{text}”."
    if count > SUGGESTION_LIMIT:
        return (
            f"Meer dan {SUGGESTION_LIMIT} {spec.plural} gevonden; de eerste {SUGGESTION_LIMIT} "
            "staan hieronder. Typ verder om minder te zien."
        )
    return f"1 {spec.noun} gevonden." if count == 1 else f"{count} {spec.plural} gevonden."


class SearchChoiceWidget(forms.TextInput):
    input_type = "search"
    template_name = "forms/widgets/search_choice.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Posted:
        return Posted(text=str(data.get(name) or ""), picked=str(data.get(f"{name}_id") or ""))

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_id" not in data

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, SearchState):
            return value.text or None
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        state = value if isinstance(value, SearchState) else SearchState(text=str(value or ""))
        html_id = context["widget"]["attrs"].get("id") or name
        query = urlencode({**state.params, "veld": name, "id": html_id})
        context["widget"]["search"] = {
            "url": f"{state.url}?{query}",
            "id": html_id,
            "name": name,
            "options": state.options,
            "status": state.status,
            "legend": state.legend,
        }
        return context


class SearchChoiceField(forms.Field):
    """One object of `queryset`, found by typed text or picked by id (see the module)."""

    widget = SearchChoiceWidget
    default_error_messages = {
        "not_found": "Geen %(noun)s gevonden met deze naam.",
        "ambiguous": (
            "Meerdere %(plural)s passen; kies er hieronder een, of typ de volledige naam of "
            "%(exact)s."
        ),
        "out_of_scope": "Deze %(noun)s kun je hier niet kiezen.",
    }

    def __init__(
        self,
        *,
        spec: SearchSpec,
        url: Any,
        queryset: QuerySet[Any] | None = None,
        params: dict[str, Any] | None = None,
        hint: str = "",
        **kwargs: Any,
    ) -> None:
        """`hint`: a sentence under the field until a search says what it found, for a field
        shown without its help text (a form in a table cell)."""
        kwargs.setdefault(
            "help_text",
            f"Typ een deel van de naam of {spec.exact_hint} en kies uit de gevonden {spec.plural}.",
        )
        super().__init__(**kwargs)
        self.spec = spec
        self.url = url
        self.params = dict(params or {})
        self.hint = hint
        self.queryset = queryset
        # What the last clean found, for the page that shows the form again.
        self._chosen: Model | None = None
        self._offered: list[Model] = []

    def __deepcopy__(self, memo: dict[int, Any]) -> SearchChoiceField:
        result = super().__deepcopy__(memo)
        result.params = dict(self.params)
        result._chosen, result._offered = None, []
        if self.queryset is not None:
            result.queryset = self.queryset.all()
        return result

    @property
    def queryset(self) -> QuerySet[Any]:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Any] | None) -> None:
        self._queryset = queryset if queryset is not None else Person.objects.none()

    def _error(self, code: str) -> forms.ValidationError:
        spec = self.spec
        return forms.ValidationError(
            self.error_messages[code],
            code=code,
            params={"noun": spec.noun, "plural": spec.plural, "exact": spec.exact_hint},
        )

    def to_python(self, value: Any) -> Model | None:
        posted = value if isinstance(value, Posted) else Posted(text=str(value or ""))
        self._chosen, self._offered = None, []
        text = clean_text(posted.text)
        # An emptied field is no choice, whatever option was still ticked.
        if not text:
            return None
        if posted.picked:
            picked = self._picked(posted.picked)
            # A ticked option counts while it fits the text; a user who typed another name
            # after ticking (without script the options stay) means that name.
            if self.spec.search(self.queryset.filter(pk=picked.pk), text).exists():
                self._chosen = picked
                return picked
        self._chosen = self.resolve(text)
        return self._chosen

    def _picked(self, raw: str) -> Model:
        pk = as_id(raw)
        picked = self.queryset.filter(pk=pk).first() if pk is not None else None
        if picked is None:
            raise self._error("out_of_scope")
        return picked

    def resolve(self, text: str) -> Model:
        """The one object the text names: in full (an exact key or the whole name), else by
        every word. None or several is a message; several are offered to pick from."""
        named = list(self.spec.exactly(self.queryset, text)[:2])
        if len(named) == 1:
            return named[0]
        found = list(self.spec.search(self.queryset, text)[: SUGGESTION_LIMIT + 1])
        if len(found) == 1:
            return found[0]
        if not found:
            raise self._error("not_found")
        self._offered = found[:SUGGESTION_LIMIT]
        raise self._error("ambiguous")

    def prepare_value(self, value: Any) -> SearchState:
        state = self._state(value)
        state.url = str(self.url)
        state.params = self.params
        state.legend = f"Gevonden {self.spec.plural}"
        state.status = state.status or self.hint
        return state

    def _state(self, value: Any) -> SearchState:
        spec = self.spec
        if isinstance(value, Posted):
            if self._offered:
                return SearchState(
                    text=value.text,
                    options=[(str(obj.pk), spec.describe(obj), False) for obj in self._offered],
                    status=status_sentence(spec, len(self._offered), clean_text(value.text)),
                )
            chosen = self._chosen
            if chosen is None and (pk := as_id(value.picked)) is not None:
                chosen = self.queryset.filter(pk=pk).first()
            options = [(str(chosen.pk), spec.describe(chosen), True)] if chosen else []
            return SearchState(text=value.text, options=options)
        # The initial value: an object or its id (as a select's initial would be).
        pk = as_id(value.pk if isinstance(value, Model) else value)
        if pk is None:
            return SearchState(text="")
        chosen = self.queryset.filter(pk=pk).first()
        if chosen is None:
            return SearchState(text=spec.name(value) if isinstance(value, Model) else "")
        return SearchState(
            text=spec.name(chosen), options=[(str(chosen.pk), spec.describe(chosen), True)]
        )

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = str(getattr(initial, "pk", initial) or "")
        posted = data if isinstance(data, Posted) else Posted()
        if not clean_text(posted.text):
            return before != ""
        return before != posted.picked

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}


def suggestions(request: HttpRequest, *, queryset: QuerySet[Any], spec: SearchSpec) -> HttpResponse:
    """The options for what was typed in a search field: at most SUGGESTION_LIMIT radio
    buttons and a sentence for the field's live region. `queryset` must be the user's scope,
    the same as the form field's."""
    name = request.GET.get("veld", "")
    html_id = request.GET.get("id", "")
    context: dict[str, Any] = {"name": name, "id": html_id, "options": [], "status": ""}
    if _HTML_NAME.match(name) and _HTML_NAME.match(html_id):
        text = clean_text(request.GET.get(name, ""))
        if len(text) >= MIN_QUERY:
            found = list(spec.search(queryset, text)[: SUGGESTION_LIMIT + 1])
            context["options"] = [
                (str(obj.pk), spec.describe(obj), False) for obj in found[:SUGGESTION_LIMIT]
            ]
            context["status"] = status_sentence(spec, len(found), text)
        context["legend"] = f"Gevonden {spec.plural}"
        context["oob_status"] = True
        body = render_to_string("forms/widgets/search_choice_options.html", context, request)
    else:
        body = ""
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    # Names of people: not for a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


def by_name(
    noun: str,
    plural: str,
    *,
    describe: Callable[[Any], str] = str,
    name: Callable[[Any], str] = str,
) -> SearchSpec:
    """How objects with one `name` field (a school, a group) are found: by part of it, and
    one of them by the whole of it."""
    return SearchSpec(
        noun=noun,
        plural=plural,
        words=("name",),
        exact=(),
        exact_hint="de volledige naam",
        describe=describe,
        name=name,
    )


# A school location found by part of its name (one of the region's many schools), shown by
# its name alone.
LOCATION_SEARCH = by_name("schoollocatie", "schoollocaties")


def with_school(
    people: QuerySet[Person],
    year: SchoolYear | None,
    *,
    role: str | None = None,
    locations: QuerySet[SchoolLocation] | None = None,
) -> QuerySet[Person]:
    """Each person with `school`: the first (by name) location of their roles in `year`
    (of `role`, among `locations` when given), to tell two people of one name apart."""
    # One filter() call: the conditions hold for one and the same role assignment.
    conditions: dict[str, Any] = {
        "role_assignments__person": OuterRef("pk"),
        "role_assignments__school_year": year,
    }
    if role is not None:
        conditions["role_assignments__role"] = role
    schools = SchoolLocation.objects.filter(**conditions)
    if locations is not None:
        schools = schools.filter(pk__in=locations.values("pk"))
    return people.annotate(school=Subquery(schools.order_by("name").values("name")[:1]))
