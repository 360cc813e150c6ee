"""The surveys for the annual report: what the report's facts stage may read (it calls apps
through functions like these, never their models). Per survey of the year its template, the
response rate and whether it is anonymous, in one query; a survey's results (counts per
answer, free text only where the small-group rule allows) through `selectors.results`, the
same the results page shows, so a chapter that refers to a survey shows nothing the page
would hide."""

from __future__ import annotations

from typing import Any

from bos.models import SchoolYear
from bos.queries import count_of

from . import rules, selectors
from .models import Invitation, Survey, SurveyStatus


def year_surveys(year: SchoolYear) -> list[dict[str, Any]]:
    """[{id, title, template, anonymous, status, opens_on, closes_on, invited, responded,
    percent}] for the year's opened surveys (concepts left out), in one query."""
    rows = (
        Survey.objects.filter(school_year=year)
        .exclude(status=SurveyStatus.CONCEPT)
        .annotate(
            invited=count_of(Invitation, "survey"),
            responded=count_of(Invitation, "survey", has_responded=True),
        )
        .order_by("opens_on", "title", "pk")
        .values(
            "id", "title", "template", "anonymous", "status", "opens_on", "closes_on",
            "invited", "responded",
        )
    )  # fmt: skip
    return [
        {**row, "percent": rules.response_rate(row["responded"], row["invited"]).percent}
        for row in rows
    ]


def survey_results(survey_id: int) -> selectors.Results:
    return selectors.results(Survey.objects.select_related("school_year").get(pk=survey_id))
