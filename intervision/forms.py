"""Forms of intervision at school. Choices come from the user's scope, never from the post;
the services check the scope again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst

from bos import limits
from bos.models import Person, SchoolLocation, SchoolYear
from bos.search_choice import SearchChoiceField, by_name
from placements.models import Placement, Student

from .models import (
    AttendanceStatus,
    Band,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionTheme,
    LeaderKind,
    MethodKind,
    ThemePhase,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return obj.full_name


class PlacementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Placement) -> str:
        level = obj.get_level_display() or "zonder niveau"
        return f"{obj.student.full_name} ({obj.location.name}, {level})"


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: IntervisionGroup) -> str:
        return f"{obj.name}{' (online)' if obj.is_online else ''}"


class MethodChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: IntervisionMethod) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class GroupForm(forms.Form):
    name = forms.CharField(label="Naam van de groep", max_length=120)
    band = forms.ChoiceField(label="Doelgroep", choices=Band.choices)
    locations = forms.ModelMultipleChoiceField(
        label="Locaties",
        queryset=SchoolLocation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Twee kleine scholen kunnen samen één groep vormen.",
    )
    is_online = forms.BooleanField(
        label="Online groep",
        required=False,
        help_text="Een online groep kan studenten van verschillende scholen bedienen, "
        "bijvoorbeeld deeltijd- en masterstudenten.",
    )

    def __init__(self, *args: Any, location_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = SchoolLocation.objects.filter(
            pk__in=location_ids
        ).order_by("name")


class OnlineGroupForm(forms.Form):
    name = forms.CharField(label="Naam van de groep", max_length=120)
    locations = forms.ModelMultipleChoiceField(
        label="Scholen",
        queryset=SchoolLocation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="De schoolopleiders van deze scholen plannen de bijeenkomsten en plaatsen "
        "hun deeltijd-, master- en ESoE-studenten in de groep.",
    )

    def __init__(self, *args: Any, location_ids: frozenset[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = SchoolLocation.objects.filter(
            pk__in=location_ids
        ).order_by("name")


class SuggestionForm(forms.Form):
    """Which suggested groups to create, by their position in the suggestion."""

    chosen = forms.TypedMultipleChoiceField(
        label="Voorgestelde groepen", coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(i, str(i + 1)) for i in range(count)]


class MemberAddForm(forms.Form):
    placement = PlacementChoiceField(label="Student", queryset=Placement.objects.none())

    def __init__(self, *args: Any, placements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement"].queryset = placements


def _group_label(group: IntervisionGroup) -> str:
    return f"{group.name} (online)" if group.is_online else group.name


# A group found by part of its name (bos.search_choice): the place form of an SO with more
# groups than a select should list.
GROUP_SEARCH = by_name("groep", "groepen", describe=_group_label, name=lambda group: group.name)

# Up to this many groups the place form is a select; an SO with more (a large school, or many
# online groups to join) types part of a group's name instead, so that a page of students does
# not carry a list of every group for each of them.
PLACE_SELECT_MAX = 12


def place_choices(groups: QuerySet[IntervisionGroup]) -> list[IntervisionGroup] | None:
    """The groups a place form lists in a select, or None when there are too many and the
    form searches them: one query of at most PLACE_SELECT_MAX + 1 rows."""
    first = list(groups[: PLACE_SELECT_MAX + 1])
    return first if len(first) <= PLACE_SELECT_MAX else None


class PlaceForm(forms.Form):
    """Put a student without a group into one of the SO's groups or an online group."""

    placement = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        groups: QuerySet[IntervisionGroup],
        listed: list[IntervisionGroup] | None,
        **kwargs: Any,
    ) -> None:
        """`groups` is the scope (the SO's own and the online groups); `listed` what
        `place_choices` gave for it, read once for a page of these forms."""
        super().__init__(*args, **kwargs)
        if listed is not None:
            # Plain choices from the list read once: a select per student costs no query.
            self.fields["group"] = forms.TypedChoiceField(
                label="Groep",
                coerce=int,
                choices=[("", "Kies…")] + [(g.pk, _group_label(g)) for g in listed],
            )
        else:
            field = SearchChoiceField(
                spec=GROUP_SEARCH,
                url=reverse_lazy("intervision:group_search"),
                queryset=groups,
                label="Groep",
                hint="Typ een deel van de groepsnaam.",
            )
            # The form answers on the overview, where no options are shown under the field.
            field.error_messages["ambiguous"] = (
                "Meerdere groepen passen bij wat je typte; typ de volledige naam van de groep "
                "of kies hem uit de groepen die verschijnen terwijl je typt."
            )
            self.fields["group"] = field

    def clean_group(self) -> int:
        group = self.cleaned_data["group"]
        return group.pk if isinstance(group, IntervisionGroup) else group


class MemberMoveForm(forms.Form):
    group = GroupChoiceField(label="Naar groep", queryset=IntervisionGroup.objects.none())

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class MeetingForm(forms.Form):
    date = forms.DateField(label="Datum", widget=DATE_WIDGET)
    time = forms.TimeField(label="Begintijd", widget=TIME_WIDGET)
    place = forms.CharField(
        label="Plaats", max_length=limits.PLACE_MAX, required=False, help_text="bijv. lokaal 1.12"
    )
    online_link = forms.URLField(
        label="Link voor online",
        required=False,
        assume_scheme="https",
        help_text="Een volledig webadres dat begint met https://; verplicht voor een online groep.",
    )
    leader_kind = forms.ChoiceField(label="Wie leidt de bijeenkomst?", choices=LeaderKind.choices)
    leader = PersonChoiceField(
        label="Leider (SO, IO of WPB)", queryset=Person.objects.none(), required=False
    )
    leader_student = StudentChoiceField(
        label="Leidende student (afstudeer- of masterstudent)",
        queryset=Student.objects.none(),
        required=False,
    )
    backup = PersonChoiceField(
        label="Achtervang bij een leidende student (SO of IO)",
        queryset=Person.objects.none(),
        required=False,
    )
    theme = forms.TypedChoiceField(
        label="Thema (optioneel)",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Uit de themalijst van het schooljaar, per fase.",
    )
    methods = MethodChoiceField(
        label="Intervisiemodellen",
        queryset=IntervisionMethod.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Gebruik minstens één model; ontbreekt er een, voeg het toe bij "
        "Intervisiemodellen.",
    )

    def __init__(
        self, *args: Any, year: SchoolYear, choices: dict[str, list[Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        staff = {p.pk for kind in ("so", "io", "wpb") for p in choices[kind]}
        backups = {p.pk for kind in ("so", "io") for p in choices[kind]}
        self.fields["leader"].queryset = Person.objects.filter(pk__in=staff).order_by(
            "last_name", "first_name"
        )
        self.fields["backup"].queryset = Person.objects.filter(pk__in=backups).order_by(
            "last_name", "first_name"
        )
        self.fields["leader_student"].queryset = Student.objects.filter(
            pk__in=[s.pk for s in choices["student"]]
        ).order_by("last_name", "first_name")
        self.fields["methods"].queryset = IntervisionMethod.objects.filter(
            school_year=year
        ).order_by("name")
        grouped: dict[int, list[tuple[int, str]]] = {}
        for theme in IntervisionTheme.objects.filter(school_year=year).order_by(
            "phase", "position", "name"
        ):
            grouped.setdefault(theme.phase, []).append((theme.pk, theme.name))
        self.fields["theme"].choices = [("", "geen thema")] + [
            (capfirst(ThemePhase(phase).label), options) for phase, options in grouped.items()
        ]

    def clean(self) -> dict[str, Any]:
        """Every missing piece at once (the service checks them again), so a submit shows
        all its errors in the summary instead of one per attempt."""
        data = super().clean()

        def missing(name: str, message: str) -> None:
            if name not in self.errors:
                self.add_error(name, message)

        place_or_link_typed = "place" in self.errors or "online_link" in self.errors
        if not (data.get("place") or data.get("online_link") or place_or_link_typed):
            missing("place", "Vul een plaats in of een link voor online.")
        day = data.get("date")
        if day is not None and not self.year.contains(day):
            missing("date", f"Kies een datum in schooljaar {self.year}.")
        kind = data.get("leader_kind")
        if kind == LeaderKind.STUDENT:
            if not data.get("leader_student"):
                missing("leader_student", "Kies de leidende student.")
            if not data.get("backup"):
                missing("backup", "Een student leidt met de SO of IO als achtervang.")
        elif kind and not data.get("leader"):
            missing("leader", "Kies wie de bijeenkomst leidt.")
        if not data.get("methods"):
            missing("methods", "Kies minstens één intervisiemodel.")
        return data

    def starts_at(self) -> Any:
        import datetime as dt

        naive = dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        return timezone.make_aware(naive)


class AttendanceForm(forms.Form):
    """One radio group per member; big tap targets come from the template's labels."""

    def __init__(
        self, *args: Any, members: list[Any], initial_status: dict[int, str], **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.members = members
        for membership in members:
            self.fields[f"p{membership.placement_id}"] = forms.ChoiceField(
                label=membership.placement.student.full_name,
                choices=[(value, capfirst(label)) for value, label in AttendanceStatus.choices],
                widget=forms.RadioSelect,
                initial=initial_status.get(membership.placement_id),
                error_messages={"required": "Kies aanwezig, afgemeld of afwezig."},
            )

    def statuses(self) -> dict[int, str]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


class ThemeForm(forms.Form):
    phase = forms.TypedChoiceField(label="Fase", choices=ThemePhase.choices, coerce=int)
    name = forms.CharField(label="Thema", max_length=200)


class ThemeEditForm(ThemeForm):
    position = forms.IntegerField(
        label="Volgorde binnen de fase",
        min_value=0,
        max_value=999,
        help_text="Een lager getal staat hoger in de lijst.",
    )


class MethodForm(forms.Form):
    name = forms.CharField(label="Naam", max_length=120)
    kind = forms.ChoiceField(label="Soort", choices=MethodKind.choices, initial=MethodKind.MODEL)


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Je verslag",
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=5000,
        help_text="Wat werd er ingebracht, wat heb je geleerd en wat ga je anders doen? "
        "Alleen jij leest dit, tot je het deelt met je schoolopleider en instituutsopleider.",
    )
