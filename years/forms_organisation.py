"""Forms of the organisation pages."""

from __future__ import annotations

from django import forms

from bos import fields as bos_fields
from bos import limits
from bos.fields import NameField
from bos.models import (
    Institute,
    Person,
    QualificationKind,
    Role,
    SchoolBoard,
    SchoolGroup,
    SchoolLocation,
)

ROLE_CHOICES = [(value, label) for value, label in Role.choices if value != Role.ONTWIKKELTEAM]


class BoardRenameForm(forms.Form):
    name = forms.CharField(label="Naam vanaf dit schooljaar", max_length=200)


class GroupForm(forms.Form):
    name = forms.CharField(label="Naam van de scholengroep", max_length=200)
    board = bos_fields.ModelChoiceField(label="Bestuur", queryset=SchoolBoard.objects.all())


class LocationForm(forms.Form):
    name = forms.CharField(label="Naam van de locatie", max_length=200)
    board = bos_fields.ModelChoiceField(label="Bestuur", queryset=SchoolBoard.objects.all())
    group = bos_fields.ModelChoiceField(
        label="Scholengroep", queryset=SchoolGroup.objects.all(), required=False
    )


class PersonForm(forms.Form):
    first_name = NameField(label="Voornaam", max_length=limits.FIRST_NAME_MAX)
    last_name = NameField(label="Achternaam", max_length=limits.LAST_NAME_MAX)
    email = forms.EmailField(label="E-mailadres")


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rol", choices=ROLE_CHOICES)
    locations = bos_fields.ModelMultipleChoiceField(
        label="Locaties",
        queryset=SchoolLocation.objects.none(),
        required=False,
        help_text="Bij SO, IO, WPB en directeur: de locaties waar de rol geldt.",
    )
    institute = bos_fields.ModelChoiceField(
        label="Instituut", queryset=Institute.objects.all(), required=False
    )
    board = bos_fields.ModelChoiceField(
        label="Bestuur", queryset=SchoolBoard.objects.all(), required=False
    )
    hours = forms.DecimalField(
        label="Gefaciliteerde uren", required=False, min_value=0, max_digits=7, decimal_places=1
    )

    def __init__(self, *args: object, member_locations: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["locations"].queryset = member_locations


class TeamForm(forms.Form):
    name = forms.CharField(label="Naam van het team", max_length=100)
    assignment = forms.CharField(
        label="Opdracht", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    kartrekker = bos_fields.ModelChoiceField(
        label="Kartrekker", queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: object, people: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kartrekker"].queryset = people


class MemberForm(forms.Form):
    person = bos_fields.ModelChoiceField(label="Lid", queryset=Person.objects.none())
    hours = forms.DecimalField(
        label="Gefaciliteerde uren", min_value=0, max_digits=7, decimal_places=1
    )

    def __init__(self, *args: object, people: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class QualificationForm(forms.Form):
    """A qualification of a person and the date obtained; empty date: not (yet) obtained."""

    kind = forms.ChoiceField(label="Kwalificatie", choices=QualificationKind.choices)
    obtained_on = bos_fields.DateField(
        label="Behaald op",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leeg laten om de kwalificatie te verwijderen.",
    )
