"""Reads of the survey instrument that depend on who asks, and the results of a survey.

The projectleider (and an admin) manage every survey of a year; the survey's owner reads
its results too; an invitee reaches only their own invitation. The results are computed in a
fixed number of queries, whatever the number of responses."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from bos.models import SchoolYear, User
from bos.permissions import can
from bos.queries import count_of

from . import rules
from .models import (
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyPage,
    SurveyPolicy,
    SurveyStatus,
)


def may_manage(user: User, survey: Survey) -> bool:
    return can(user, "survey.manage", survey.school_year)


def may_read_results(user: User, survey: Survey) -> bool:
    return may_manage(user, survey) or (survey.owner_id is not None and survey.owner_id == user.pk)


def surveys_for_manager(user: User, year: SchoolYear | None) -> QuerySet[Survey]:
    """The year's surveys with their invitees and responses counted (one query per page)."""
    if year is None or not can(user, "survey.manage", year):
        return Survey.objects.none()
    return (
        Survey.objects.filter(school_year=year)
        .annotate(
            invited=count_of(Invitation, "survey"),
            responded=count_of(Invitation, "survey", has_responded=True),
            question_count=count_of(Question, "page__survey"),
        )
        .order_by("-opens_on", "title", "pk")
    )


def survey_get(*, user: User, pk: int) -> Survey:
    """A survey the user manages (DoesNotExist otherwise: a 404)."""
    survey = Survey.objects.select_related("school_year", "owner", "event_type").get(pk=pk)
    if not may_manage(user, survey):
        raise Survey.DoesNotExist
    return survey


def survey_for_results(*, user: User, pk: int) -> Survey:
    survey = Survey.objects.select_related("school_year", "event_type").get(pk=pk)
    if not may_read_results(user, survey):
        raise Survey.DoesNotExist
    return survey


def pages_with_questions(survey: Survey) -> list[SurveyPage]:
    return list(
        survey.pages.order_by("order", "pk").prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order", "pk"))
        )
    )


def invitation_for(*, user: User, survey_pk: int) -> Invitation:
    """The user's own invitation to a survey (DoesNotExist otherwise: a 404)."""
    return Invitation.objects.select_related("survey__school_year").get(
        survey_id=survey_pk, user_id=user.pk
    )


def my_invitations(user: User) -> QuerySet[Invitation]:
    """Every survey the user is invited to that has been opened, newest first."""
    return (
        Invitation.objects.filter(user_id=user.pk)
        .exclude(survey__status=SurveyStatus.CONCEPT)
        .select_related("survey__school_year")
        .order_by("has_responded", "-survey__closes_on", "survey__title", "pk")
    )


def open_to_answer(user: User, today: dt.date | None = None) -> QuerySet[Invitation]:
    today = today or timezone.localdate()
    return (
        Invitation.objects.filter(
            user_id=user.pk,
            has_responded=False,
            survey__status=SurveyStatus.OPEN,
            survey__opens_on__lte=today,
            survey__closes_on__gte=today,
        )
        .select_related("survey")
        .order_by("survey__closes_on", "survey__title", "pk")
    )


def policy_of(year: SchoolYear) -> SurveyPolicy:
    return SurveyPolicy.objects.filter(school_year=year).first() or SurveyPolicy(school_year=year)


def invitation_counts(survey: Survey) -> tuple[int, int]:
    """(invited, responded), in one query."""
    rows = dict(
        survey.invitations.order_by()
        .values_list("has_responded")
        .annotate(n=Count("pk"))
        .values_list("has_responded", "n")
    )
    return rows.get(False, 0) + rows.get(True, 0), rows.get(True, 0)


# --- Results ---------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: Question
    tally: rules.Tally | None = None
    texts: list[str] = field(default_factory=list)
    text_count: int = 0
    chart: str = ""


@dataclass
class Results:
    survey: Survey
    rate: rules.Rate
    responses: int
    visibility: rules.Visibility
    pages: list[tuple[SurveyPage, list[QuestionResult]]]
    minimum: int

    @property
    def open_answers_shown(self) -> bool:
        return self.visibility.shown


def results(survey: Survey) -> Results:
    """Counts per question and value, the response rate, and the free text when the
    year's policy allows it (an anonymous survey with a small responding group hides it)."""
    return results_for([survey])[survey.pk]


def results_for(surveys: Sequence[Survey]) -> dict[int, Results]:
    """`results` of several surveys by id, in a fixed number of queries whatever their
    number (the annual report reads every survey of a year at once)."""
    if not surveys:
        return {}
    ids = [survey.pk for survey in surveys]
    pages: dict[int, list[SurveyPage]] = defaultdict(list)
    for page in (
        SurveyPage.objects.filter(survey_id__in=ids)
        .order_by("survey_id", "order", "pk")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order", "pk")))
    ):
        pages[page.survey_id].append(page)
    invitations: dict[int, dict[bool, int]] = defaultdict(dict)
    for survey_id, has_responded, n in (
        Invitation.objects.filter(survey_id__in=ids)
        .order_by()
        .values_list("survey_id", "has_responded")
        .annotate(n=Count("pk"))
    ):
        invitations[survey_id][has_responded] = n
    responses = dict(
        Response.objects.filter(survey_id__in=ids)
        .order_by()
        .values_list("survey_id")
        .annotate(n=Count("pk"))
        .values_list("survey_id", "n")
    )
    minimums = {
        policy.school_year_id: policy.min_group_for_open_answers
        for policy in SurveyPolicy.objects.filter(
            school_year_id__in={survey.school_year_id for survey in surveys}
        )
    }
    default_minimum = SurveyPolicy._meta.get_field("min_group_for_open_answers").default
    visibility = {
        survey.pk: rules.open_answers_visible(
            anonymous=survey.anonymous,
            responses=responses.get(survey.pk, 0),
            minimum=minimums.get(survey.school_year_id, default_minimum),
        )
        for survey in surveys
    }
    answers = Answer.objects.filter(response__survey_id__in=ids)
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for question_id, value, n in (
        answers.filter(value__isnull=False)
        .order_by()
        .values_list("question_id", "value")
        .annotate(n=Count("pk"))
    ):
        counts[question_id][value] = n
    answered = dict(
        answers.order_by()
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    texts: dict[int, list[str]] = defaultdict(list)
    shown = [survey_id for survey_id, seen in visibility.items() if seen.shown]
    if shown:
        # Sorted by the text itself: not in the order they came in.
        for question_id, text in (
            Answer.objects.filter(response__survey_id__in=shown, question__kind=QuestionKind.OPEN)
            .exclude(text="")
            .order_by("question_id", "text")
            .values_list("question_id", "text")
        ):
            texts[question_id].append(text)
    out: dict[int, Results] = {}
    for survey in surveys:
        laid_out = []
        for page in pages.get(survey.pk, []):
            rows = []
            for question in page.questions.all():
                result = QuestionResult(question)
                if question.kind == QuestionKind.OPEN:
                    result.text_count = answered.get(question.pk, 0)
                    result.texts = texts.get(question.pk, [])
                else:
                    result.tally = rules.tally(
                        question.labels,
                        counts.get(question.pk, {}),
                        answered.get(question.pk, 0),
                        scale=question.kind == QuestionKind.SCALE,
                    )
                rows.append(result)
            laid_out.append((page, rows))
        invited = invitations[survey.pk]
        out[survey.pk] = Results(
            survey=survey,
            rate=rules.response_rate(invited.get(True, 0), sum(invited.values())),
            responses=responses.get(survey.pk, 0),
            visibility=visibility[survey.pk],
            pages=laid_out,
            minimum=minimums.get(survey.school_year_id, default_minimum),
        )
    return out


def response_rows(
    survey: Survey, questions: list[Question], *, with_texts: bool
) -> list[list[object]]:
    """One row per response for the export, in the order of the random keys (not of
    arrival): a named survey starts with the name and the day; an anonymous survey holds
    nothing about the person, and its free text only when `with_texts`."""
    named = not survey.anonymous
    index = {question.pk: position for position, question in enumerate(questions)}
    labels = {question.pk: question.labels for question in questions}
    rows: dict[object, list[object]] = {}
    responses = Response.objects.filter(survey=survey).order_by("id")
    for response in responses.values("id", "respondent_name", "submitted_on"):
        prefix: list[object] = (
            [response["respondent_name"], response["submitted_on"]] if named else []
        )
        rows[response["id"]] = prefix + [""] * len(questions)
    offset = 2 if named else 0
    answers = Answer.objects.filter(response__survey=survey).order_by("response_id", "value")
    for response_id, question_id, value, text in answers.values_list(
        "response_id", "question_id", "value", "text"
    ):
        if question_id not in index or response_id not in rows:
            continue
        column = offset + index[question_id]
        if value is None:
            if with_texts:
                rows[response_id][column] = text
            continue
        names = labels[question_id]
        label = names[value - 1] if 0 < value <= len(names) else str(value)
        current = rows[response_id][column]
        rows[response_id][column] = f"{current}; {label}" if current else label
    return list(rows.values())
