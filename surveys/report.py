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


def year_results(year: SchoolYear) -> list[dict[str, Any]]:
    """Per opened survey of the year (concepts left out, in the order of `year_surveys`)
    its counts as plain values for the report, from `selectors.results_for` (a fixed number
    of queries): [{id, title, template, anonymous, still_open, invited, responded, percent,
    responses, questions: [{text, kind, answered, mean, bars: [{label, count, percent}]}]}].

    Only counts: an open question gives the number of people who answered it and never its
    text, so what the report prints (on the web too) ties no answer to a person, whether the
    survey is anonymous or on name, and whatever the size of the group."""
    surveys = list(
        Survey.objects.filter(school_year=year)
        .exclude(status=SurveyStatus.CONCEPT)
        .select_related("school_year")
        .order_by("opens_on", "title", "pk")
    )
    results = selectors.results_for(surveys)
    rows = []
    for survey in surveys:
        outcome = results[survey.pk]
        questions: list[dict[str, Any]] = []
        for _page, answers in outcome.pages:
            for result in answers:
                question = result.question
                if result.tally is None:
                    questions.append(
                        {"text": question.text, "kind": question.kind,
                         "answered": result.text_count, "mean": None, "bars": []}
                    )  # fmt: skip
                    continue
                questions.append(
                    {
                        "text": question.text,
                        "kind": question.kind,
                        "answered": result.tally.answered,
                        "mean": result.tally.mean,
                        "bars": [
                            {"label": bar.label, "count": bar.count, "percent": bar.percent}
                            for bar in result.tally.bars
                        ],
                    }
                )
        rows.append(
            {
                "id": survey.pk,
                "title": survey.title,
                "template": survey.template,
                "anonymous": survey.anonymous,
                "still_open": survey.status == SurveyStatus.OPEN,
                "invited": outcome.rate.invited,
                "responded": outcome.rate.responded,
                "percent": outcome.rate.percent,
                "responses": outcome.responses,
                "questions": questions,
            }
        )
    return rows
