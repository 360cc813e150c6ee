"""The stipend lists: the applications of the user and the HR queue, shown by bos.lists.

Neither list shows or exports an encrypted personal number (BSN, IBAN, date of birth).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from bos.labels import choice_label
from bos.lists import (
    BosTable,
    DateColumn,
    SearchFilterSet,
    occurring,
    pk_url,
    school_typed_for_the_region,
)
from bos.models import SchoolBoard, SchoolLocation
from bos.permissions import get_scope
from placements.models import Placement

from .completeness import missing_items
from .models import Status, StipendApplication
from .selectors import BEFORE_HR

ANONYMISED = "(geanonimiseerd)"


def row_id(application: StipendApplication) -> str:
    return f"aanvraag-{application.pk}"


def _student(record: StipendApplication) -> str:
    if record.anonymised_at:
        return ANONYMISED
    return record.placement.student.full_name


class ApplicationFilter(SearchFilterSet):
    """Search by student name or application number, filter by status and school."""

    search_fields = (
        "placement__student__first_name",
        "placement__student__last_name",
        "given_names",
        "last_name",
    )

    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, empty_label="Alle statussen"
    )
    # Choices filled in __init__ from the schools read there: a ModelChoiceFilter would read
    # them a second time to render its select.
    location = django_filters.ChoiceFilter(
        label="School", field_name="placement__location", choices=[], empty_label="Alle scholen"
    )

    class Meta:
        model = StipendApplication
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base: QuerySet[StipendApplication] = self.queryset
        if school_typed_for_the_region(
            self, "location", field_name="placement__location", label="School"
        ):
            locations = []
        else:
            locations = list(
                occurring(
                    SchoolLocation.objects.order_by("name"), base.values("placement__location")
                ).values_list("pk", "name")
            )
            # A school filter only for who sees the applications of several schools.
            if len(locations) > 1:
                self.filters["location"].extra["choices"] = locations
            else:
                del self.filters["location"]
        self.filters["q"].extra["help_text"] = "Naam van de student of aanvraagnummer"

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        number = value.strip().lstrip("#")
        if number.isdigit():
            return queryset.filter(pk=int(number))
        return super().search(queryset, name, value)


class ApplicationTable(BosTable):
    nothing_yet = "Er zijn nog geen aanvragen."

    number = tables.Column(verbose_name="Nr.", accessor="pk", order_by=("pk",))
    student = tables.Column(
        verbose_name="Student",
        empty_values=(),
        order_by=("placement__student__last_name", "placement__student__first_name"),
    )
    location = tables.Column(verbose_name="School", accessor="placement__location__name")
    days_per_week = tables.Column(verbose_name="Dagen", empty_values=())
    status = tables.Column(verbose_name="Status")

    class Meta(BosTable.Meta):
        model = StipendApplication
        fields = ("number", "student", "location", "days_per_week", "status")
        caption = "Aanvragen stagevergoeding"
        row_attrs = {"id": lambda record: row_id(record)}

    def render_number(self, record: StipendApplication) -> str:
        return format_html(
            '<a href="{}">#{}</a>', self.url_of("stipend:detail", record.pk), record.pk
        )

    def value_number(self, record: StipendApplication) -> int:
        return record.pk

    def render_student(self, record: StipendApplication) -> str:
        return _student(record)

    def value_student(self, record: StipendApplication) -> str:
        return _student(record)

    def render_days_per_week(self, record: StipendApplication) -> str:
        return choice_label(record, "days_per_week") or "–"

    def value_days_per_week(self, record: StipendApplication) -> int | None:
        return record.days_per_week

    def render_status(self, record: StipendApplication) -> str:
        return choice_label(record, "status")


class ApprovalTable(ApplicationTable):
    """The list of a schoolopleider or director: an application waiting for them gets a
    "Goedkeuren" button in its row (htmx swaps just that row)."""

    action = tables.Column(
        verbose_name="Actie", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta(ApplicationTable.Meta):
        sequence = (*ApplicationTable.Meta.fields, "action")

    def _waiting_step(self, record: StipendApplication) -> str | None:
        """The approve URL name when the application waits for this user, else None."""
        scope = get_scope(self.request.user, record.placement.school_year)
        location_id = record.placement.location_id
        if record.status == Status.SIGNED and location_id in scope.so_location_ids:
            return "stipend:so_approve_row"
        if record.status == Status.SO_APPROVED and location_id in scope.director_location_ids:
            return "stipend:director_approve_row"
        return None

    def render_action(self, record: StipendApplication) -> str:
        # After a step in the row: its outcome (set by the view), read out by a screen reader.
        outcome = getattr(record, "row_outcome", None)
        step = self._waiting_step(record)
        if not step and not outcome:
            return "–"
        # Rendered without the request: with it, every context processor (the layout's menu
        # and year) ran again for each row. The form needs only the CSRF token.
        return render_to_string(
            "stipend/_approve_cell.html",
            {
                "application": record,
                "student": _student(record),
                "url": reverse(step, args=[record.pk]) if step else "",
                "row_id": row_id(record),
                "outcome": outcome,
                "csrf_token": self.csrf_token(),
            },
        )


# --- HR -------------------------------------------------------------------------------------

HR_STATUSES = [(value, label) for value, label in Status.choices if value not in BEFORE_HR]


class HrQueueFilter(ApplicationFilter):
    """HR's list: without a status chosen, the applications waiting for HR (the queue)."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=HR_STATUSES, empty_label="Alle statussen"
    )
    board = django_filters.ChoiceFilter(
        label="Bestuur",
        field_name="placement__location__board",
        choices=[],
        empty_label="Alle besturen",
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = Status.SUBMITTED
        super().__init__(data, *args, **kwargs)
        request = kwargs.get("request")
        boards = list(
            SchoolBoard.objects.filter(pk__in=get_scope(request.user).hr_board_ids)
            .order_by("name")
            .values_list("pk", "name")
        )
        if len(boards) > 1:
            self.filters["board"].extra["choices"] = boards
        else:
            del self.filters["board"]


def _completeness(record: StipendApplication) -> str:
    if record.anonymised_at:
        return "–"
    missing = missing_items(record)
    return f"Nee, ontbreekt: {'; '.join(missing)}" if missing else "Ja"


class HrQueueTable(ApplicationTable):
    board = tables.Column(verbose_name="Bestuur", accessor="placement__location__board__name")
    complete = tables.Column(verbose_name="Compleet?", empty_values=(), orderable=False)
    vog_claim = tables.Column(verbose_name="VOG")
    updated_at = DateColumn(
        verbose_name="Laatst gewijzigd", format="d-m-Y", attrs={"td": {"class": "bos-nowrap"}}
    )

    class Meta(ApplicationTable.Meta):
        fields = ("number", "student", "location", "board", "status", "complete", "vog_claim")
        sequence = (*fields, "updated_at")
        exclude = ("days_per_week",)
        caption = "Aanvragen stagevergoeding bij HR"

    # Completeness needs the documents: the view prefetches them, one query per page.
    def render_complete(self, record: StipendApplication) -> str:
        return _completeness(record)

    def value_complete(self, record: StipendApplication) -> str:
        return _completeness(record)

    def render_vog_claim(self, record: StipendApplication) -> str:
        return choice_label(record, "vog_claim")

    def value_updated_at(self, record: StipendApplication) -> object:
        return timezone.localdate(record.updated_at)


def startable_rows(placements: Iterable[Placement], token: str) -> list[SafeString]:
    """The rows of the "aanvraag starten" table: a final placement without an application
    and its start button, whose form carries `token` (the visitor's CSRF token, or the stand-in
    of a kept part). Rendered here, not with a template loop: the largest school shows fifty
    of them, each with a form, and the loop was a fifth of the list page's time."""
    url = pk_url("stipend:start")
    rows = []
    for placement in placements:
        name = placement.student.full_name
        period = (
            f"{date_format(placement.start_date, 'j F Y')} – "
            f"{date_format(placement.end_date, 'j F Y')}"
        )
        rows.append(
            format_html(
                '<tr><td data-label="Student">{}</td><td data-label="School">{}</td>'
                '<td data-label="Periode">{}</td><td data-label="">'
                '<form method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="utrecht-button utrecht-button--primary-action">'
                'Aanvraag starten<span class="visually-hidden"> voor {}</span></button>'
                "</form></td></tr>",
                name,
                placement.location.name,
                period,
                url(placement.pk),
                token,
                name,
            )
        )
    return rows
