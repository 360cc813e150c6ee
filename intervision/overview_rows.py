"""The rows of the intervision overview's two long tables, rendered in Python.

Each table shows a page of fifty rows, and the template language spent about a third of the
page's time on their cells. The HTML is the one the template wrote (tests/intervision/
test_overview_rows.py renders both and compares them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from bos.labels import choice_label
from bos.lists import as_html, pk_url

from .models import IntervisionGroup
from .selectors import CadenceRow

NO_VALUE = "–"


def attention_rows(rows: Iterable[CadenceRow], *, link_groups: bool) -> list[SafeString]:
    """The students to follow up; `link_groups`: their group's name links to its page (the
    SO's, who manages the groups)."""
    group_url = pk_url("intervision:group")
    html = []
    for row in rows:
        placement, result, group = row.placement, row.result, row.group
        student = placement.student
        if group is None:
            group_cell: SafeString | str = "geen groep"
        elif link_groups:
            group_cell = format_html('<a href="{}">{}</a>', group_url(group.pk), group.name)
        else:
            group_cell = group.name
        last = result.last_meeting
        percent = result.attendance_percent
        html.append(
            format_html(
                '<tr><th scope="row">{} <span class="bos-muted">({}, {})</span></th>'
                '<td data-label="Locatie">{}</td><td data-label="Groep">{}</td>'
                '<td data-label="Laatste bijeenkomst">{}</td>'
                '<td class="num" data-label="Aanwezig">{}</td>'
                '<td data-label="Signaal">{}</td></tr>',
                student.full_name,
                as_html(student.institute.short_name),
                choice_label(placement, "level") or NO_VALUE,
                placement.location.name,
                group_cell,
                date_format(last, "d-m-Y") if last else "nog geen",
                format_html("{}%", as_html(percent)) if percent is not None else NO_VALUE,
                format_html_join("; ", "{}", ((reason,) for reason in result.reasons)),
            )
        )
    return html


def group_rows(groups: Iterable[IntervisionGroup]) -> list[SafeString]:
    """The SO's groups with their schools and counts (`selectors.group_list`); each cell
    names its column, so that a phone shows a row as a card instead of a table wider than
    the screen."""
    group_url = pk_url("intervision:group")
    return [
        format_html(
            '<tr><th scope="row"><a href="{}">{}</a>{}</th><td data-label="Locaties">{}</td>'
            '<td class="num" data-label="Leden">{}</td>'
            '<td class="num" data-label="Bijeenkomsten">{}</td>'
            '<td class="num" data-label="Gehouden">{}</td></tr>',
            group_url(group.pk),
            group.name,
            " (online)" if group.is_online else "",
            format_html_join(", ", "{}", ((loc.name,) for loc in group.locations.all())),
            as_html(group.member_count),
            as_html(group.meeting_count),
            as_html(group.held_count),
        )
        for group in groups
    ]
