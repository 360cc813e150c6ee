"""Permission-matrix rows of the surveys (merged into `tests.matrix.MATRIX`).

The objects are made on demand in the projectleider's year, without mail: a concept survey
with a page and a question, and an open survey to which the demo WPB and the demo student
are invited (so each reaches the answer page; nobody else does)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.matrix import DOMAIN, ROLES, Case, expect


def _surveys() -> dict[str, Any]:
    from django.utils import timezone

    from bos.models import User
    from bos.permissions import default_year_for
    from surveys.models import Invitation, Question, Survey, SurveyPage

    pl = User.objects.get(email=f"projectleider@{DOMAIN}")
    year = default_year_for(pl)
    today = timezone.localdate()
    concept, _ = Survey.objects.get_or_create(
        school_year=year,
        title="Matrix concept",
        defaults={"opens_on": year.start_date, "closes_on": year.end_date, "owner": pl,
                  "audience_roles": ["wpb"]},
    )  # fmt: skip
    page, _ = SurveyPage.objects.get_or_create(survey=concept, order=0, title="Pagina")
    question, _ = Question.objects.get_or_create(
        page=page, order=0, defaults={"kind": "scale", "text": "Hoe tevreden ben je?"}
    )
    opened, _ = Survey.objects.get_or_create(
        school_year=year,
        title="Matrix open",
        defaults={
            "opens_on": max(year.start_date, today - dt.timedelta(days=1)),
            "closes_on": year.end_date,
            "status": "open",
            "owner": pl,
            "audience_roles": ["wpb", "student"],
        },
    )
    open_page, _ = SurveyPage.objects.get_or_create(survey=opened, order=0, title="Pagina")
    Question.objects.get_or_create(
        page=open_page, order=0, defaults={"kind": "open", "text": "Wat wil je kwijt?"}
    )
    for email in (f"wpb@{DOMAIN}", f"student@{DOMAIN}"):
        user = User.objects.get(email=email)
        Invitation.objects.get_or_create(survey=opened, user=user, defaults={"email": email})
    return {"concept": concept, "page": page, "question": question, "open": opened}


def concept_survey() -> dict[str, Any]:
    return {"pk": _surveys()["concept"].pk}


def concept_page() -> dict[str, Any]:
    return {"pk": _surveys()["page"].pk}


def concept_question() -> dict[str, Any]:
    return {"pk": _surveys()["question"].pk}


def open_survey() -> dict[str, Any]:
    return {"pk": _surveys()["open"].pk}


MANAGE = {"projectleider": 200, "admin": 200}
POST_ONLY = {"projectleider": 405, "admin": 405}

ROWS: dict[str, list[Case]] = {
    "surveys:list": [Case(expect(403, **MANAGE))],
    "surveys:create": [Case(expect(403, **MANAGE))],
    "surveys:policy": [Case(expect(403, **MANAGE))],
    "surveys:mine": [Case(expect(200))],
    "surveys:detail": [
        Case(expect(403, **MANAGE), kwargs=concept_survey),
        Case(expect(403, **MANAGE), kwargs=open_survey),
    ],
    "surveys:edit": [Case(expect(403, **MANAGE), kwargs=concept_survey)],
    "surveys:page_add": [Case(expect(403, **MANAGE), kwargs=concept_survey)],
    "surveys:question_add": [Case(expect(403, **MANAGE), kwargs=concept_page)],
    "surveys:question_edit": [Case(expect(403, **MANAGE), kwargs=concept_question)],
    "surveys:question_delete": [Case(expect(403, **POST_ONLY), kwargs=concept_question)],
    "surveys:open": [Case(expect(403, **POST_ONLY), kwargs=concept_survey)],
    "surveys:close": [Case(expect(403, **POST_ONLY), kwargs=open_survey)],
    "surveys:remind": [Case(expect(403, **POST_ONLY), kwargs=open_survey)],
    "surveys:invite": [Case(expect(403, **POST_ONLY), kwargs=open_survey)],
    # Results: the projectleider (also the owner here) and the admin; nobody else.
    "surveys:results": [Case(expect(403, **MANAGE), kwargs=open_survey)],
    "surveys:excel": [Case(expect(403, **MANAGE), kwargs=open_survey)],
    # Only an invitee reaches the answer page; for everyone else the survey is not there.
    "surveys:answer": [
        Case(
            {**dict.fromkeys(ROLES, 404), "anonymous": 302, "wpb": 200, "student": 200},
            kwargs=open_survey,
        )
    ],
}
