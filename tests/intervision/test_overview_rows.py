"""The intervision overview's rows rendered in Python (intervision/overview_rows.py) are the
HTML its template wrote, for any student, group, judgement and reader: both are rendered and
compared, with the whitespace between tags left out."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from intervision import selectors
from intervision.models import IntervisionGroup
from intervision.overview_rows import attention_rows, group_rows
from intervision.rules import CadenceResult
from placements.models import Placement, StageLevel
from tests.matrix import ROLE_EMAILS

# The loops as the overview's template had them (the groups' cells now name their column).
ATTENTION_LOOP = """{% for row in attention %}
      <tr>
        <th scope="row">{{ row.placement.student.full_name }} <span class="bos-muted">({{ row.placement.student.institute.short_name }}, {{ row.placement.get_level_display|default:"–" }})</span></th>
        <td data-label="Locatie">{{ row.placement.location.name }}</td>
        <td data-label="Groep">{% if row.group %}{% if "so" in scope.roles %}<a href="{% url 'intervision:group' row.group.pk %}">{{ row.group.name }}</a>{% else %}{{ row.group.name }}{% endif %}{% else %}geen groep{% endif %}</td>
        <td data-label="Laatste bijeenkomst">{{ row.result.last_meeting|date:"d-m-Y"|default:"nog geen" }}</td>
        <td class="num" data-label="Aanwezig">{% if row.result.attendance_percent is not None %}{{ row.result.attendance_percent }}%{% else %}–{% endif %}</td>
        <td data-label="Signaal">{{ row.result.reasons|join:"; " }}</td>
      </tr>{% endfor %}"""  # noqa: E501
GROUPS_LOOP = """{% for group in groups %}
      <tr>
        <th scope="row"><a href="{% url 'intervision:group' group.pk %}">{{ group.name }}</a>{% if group.is_online %} (online){% endif %}</th>
        <td data-label="Locaties">{% for loc in group.locations.all %}{{ loc.name }}{% if not forloop.last %}, {% endif %}{% endfor %}</td>
        <td class="num" data-label="Leden">{{ group.member_count }}</td>
        <td class="num" data-label="Bijeenkomsten">{{ group.meeting_count }}</td>
        <td class="num" data-label="Gehouden">{{ group.held_count }}</td>
      </tr>{% endfor %}"""  # noqa: E501


def _tight(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
results = st.builds(
    CadenceResult,
    missed_cadence=st.booleans(),
    absent_in_a_row=st.integers(0, 12),
    too_many_absences=st.booleans(),
    attendance_percent=st.none() | st.integers(0, 100).map(Decimal),
    below_attendance=st.booleans(),
    last_meeting=st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    explanation=st.just([]),
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=texts,
    school=texts,
    level=st.sampled_from([*StageLevel.values, ""]),
    result=results,
    grouped=st.booleans(),
    group_name=texts,
    so=st.booleans(),
)
def test_an_attention_row_is_the_row_the_template_wrote(
    demo, name, school, level, result, grouped, group_name, so
):
    placement = Placement.objects.select_related("student__institute", "location").first()
    group = IntervisionGroup.objects.first() if grouped else None
    # Changed in memory only: the rendering is under test, not the data.
    placement.student.first_name, placement.location.name = name, school
    placement.level = level
    if group is not None:
        group.name = group_name
    row = selectors.CadenceRow(placement, result, group)
    roles = {"so"} if so else {"io"}
    expected = Template(ATTENTION_LOOP).render(
        Context({"attention": [row], "scope": {"roles": roles}})
    )
    assert _tight("".join(attention_rows([row], link_groups=so))) == _tight(expected)


@pytest.mark.django_db
def test_the_group_rows_are_the_rows_the_template_wrote(demo):
    from bos.models import User

    so = User.objects.get(email=ROLE_EMAILS["so"])
    groups = list(selectors.group_list(user=so))
    assert groups
    groups[0].name = "Groep <A> & 'B'"
    groups[0].is_online = True
    if len(groups) > 1:
        groups[1].held_count = 1234  # a thousands separator, as the template printed it
    expected = Template(GROUPS_LOOP).render(Context({"groups": groups}))
    assert _tight("".join(group_rows(groups))) == _tight(expected)
