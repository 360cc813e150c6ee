"""The survey instrument through its services and pages: anonymity in the tables, the page,
the export and the audit trail; the small-group rule; the closed-year guard on every write;
reminders; who may answer and who may read."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bos.models import AuditEntry, Role, SchoolLocation, SchoolYear, User
from bos.yearbound import YearClosed
from surveys import rules, selectors, services, tasks
from surveys.models import Answer, Invitation, Question, QuestionKind, Response, Survey
from tests.factories import SchoolLocationFactory, SchoolYearFactory, user_with_role

pytestmark = pytest.mark.django_db

OPENS, CLOSES, ON = dt.date(2021, 1, 11), dt.date(2021, 1, 29), dt.date(2021, 1, 20)


@dataclass
class World:
    year: SchoolYear
    school: SchoolLocation
    planner: User
    wpbs: list[User]
    outsider: User


@pytest.fixture
def world() -> World:
    year = SchoolYearFactory()
    school = SchoolLocationFactory(name="Testcollege Vragen")
    planner = user_with_role(Role.PROJECTLEIDER, year=year)
    wpbs = [user_with_role(Role.WPB, year=year, locations=[school]) for _ in range(6)]
    outsider = user_with_role(Role.SO, year=year, locations=[SchoolLocationFactory()])
    return World(year, school, planner, wpbs, outsider)


def _survey(world: World, *, template: str = "behoeftepeiling_wpb", anonymous: bool = True):
    return services.survey_create(
        actor=world.planner,
        year=world.year,
        title="Peiling",
        opens_on=OPENS,
        closes_on=CLOSES,
        anonymous=anonymous,
        audience_roles=["wpb"],
        audience_locations=[world.school],
        template=template,
    )


def _answers(survey: Survey, marker: str) -> dict[int, object]:
    answers: dict[int, object] = {}
    for question in Question.objects.filter(page__survey=survey):
        if question.kind == QuestionKind.OPEN:
            answers[question.pk] = marker
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question.pk] = [1, 2]
        else:
            answers[question.pk] = 2
    return answers


def _answered(world: World, survey: Survey, count: int) -> list[str]:
    markers = []
    for index, user in enumerate(world.wpbs[:count]):
        marker = f"Geheim antwoord nummer {index}"
        services.submit_response(
            actor=user, survey=survey, answers=_answers(survey, marker), today=ON
        )
        markers.append(marker)
    return markers


def _opened(world: World, **kwargs: object) -> Survey:
    survey = _survey(world, **kwargs)
    services.survey_open(actor=world.planner, survey=survey, today=OPENS)
    survey.refresh_from_db()
    return survey


def test_a_template_is_copied_and_the_audience_invited(world):
    survey = _opened(world)
    assert survey.pages.count() == 3
    assert Question.objects.filter(page__survey=survey).count() >= 10
    invited = set(survey.invitations.values_list("user_id", flat=True))
    assert invited == {user.pk for user in world.wpbs}  # not the SO of another school


def test_no_stored_row_ties_an_anonymous_answer_to_a_person(world, client):
    survey = _opened(world)
    markers = _answered(world, survey, 5)
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 5
    # No person, no moment, random keys.
    assert not responses.filter(respondent__isnull=False).exists()
    assert not responses.filter(submitted_on__isnull=False).exists()
    assert set(responses.values_list("respondent_name", flat=True)) == {""}
    assert all(len(str(pk)) == 36 for pk in responses.values_list("pk", flat=True))
    assert all(len(str(pk)) == 36 for pk in Answer.objects.values_list("pk", flat=True)[:20])
    # The invitation knows only that its person answered: no time, no link to the answers.
    invitation_fields = {field.name for field in Invitation._meta.get_fields()}
    assert not {name for name in invitation_fields if "respon" in name} - {"has_responded"}
    assert not [
        f for f in Response._meta.concrete_fields if f.get_internal_type().startswith("DateTime")
    ]
    # Nothing about invitations, responses or answers goes into the audit trail.
    labels = {"surveys.invitation", "surveys.response", "surveys.answer"}
    assert not AuditEntry.objects.filter(model__in=labels).exists()
    # The projectleider's pages name the invitees but never who answered what.
    client.force_login(world.planner)
    detail = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "Gereageerd</th>" not in detail
    results = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert all(marker in results for marker in markers)  # five: the free text is shown
    for user in world.wpbs:
        assert user.person.last_name not in results and user.email not in results
    # The export: no names or addresses, answers in the order of their random keys.
    export = client.get(reverse("surveys:excel", args=[survey.pk]))
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = [
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    ]  # fmt: skip
    for user in world.wpbs:
        assert not any(user.email in cell for cell in cells)
        assert not any(user.person.first_name in cell for cell in cells)
    assert book["Reacties"].max_row == 6  # a header and five responses


def test_a_small_anonymous_group_hides_its_free_text_everywhere(world, client):
    survey = _opened(world)
    markers = _answered(world, survey, 4)
    client.force_login(world.planner)
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    export = client.get(reverse("surveys:excel", args=[survey.pk]))
    book = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    cells = " ".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for cell in row if cell is not None
    )  # fmt: skip
    for marker in markers:
        assert marker not in page and marker not in cells
    assert "Pas vanaf 5 reacties" in page
    # The fifth response opens them up.
    user = world.wpbs[4]
    services.submit_response(
        actor=user, survey=survey, answers=_answers(survey, "Vijfde"), today=ON
    )
    page = client.get(reverse("surveys:results", args=[survey.pk])).content.decode()
    assert "Vijfde" in page and markers[0] in page


def test_the_minimum_group_is_the_years_parameter(world):
    survey = _opened(world)
    _answered(world, survey, 3)
    assert not selectors.results(survey).open_answers_shown
    services.policy_save(
        actor=world.planner, year=world.year, min_group_for_open_answers=3,
        reminder_days_before_close=3,
    )  # fmt: skip
    assert selectors.results(survey).open_answers_shown


def test_a_named_survey_keeps_the_respondent(world):
    survey = _opened(world, template="evaluatief_gesprek_locatie", anonymous=False)
    _answered(world, survey, 1)
    response = Response.objects.get(survey=survey)
    assert response.respondent == world.wpbs[0] and response.submitted_on == ON
    assert selectors.results(survey).open_answers_shown


def test_anonymity_is_fixed_once_open(world):
    survey = _opened(world)
    values = {
        "title": survey.title, "intro": "", "opens_on": OPENS, "closes_on": CLOSES,
        "audience_roles": ["wpb"], "audience_locations": [world.school],
        "audience_institutes": [], "extra_emails": [],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="ligt vast"):
        services.survey_update(
            actor=world.planner, survey=survey, anonymous=False, today=ON, **values
        )
    services.survey_update(
        actor=world.planner, survey=survey, anonymous=True, today=ON, **{**values, "title": "Nieuw"}
    )
    survey.refresh_from_db()
    assert survey.anonymous and survey.title == "Nieuw"


def test_each_invitee_answers_once_and_only_invitees_answer(world, client):
    survey = _opened(world)
    _answered(world, survey, 1)
    with pytest.raises(ValidationError, match="al ingevuld"):
        services.submit_response(
            actor=world.wpbs[0], survey=survey, answers=_answers(survey, "x"), today=ON
        )
    with pytest.raises(PermissionDenied):
        services.submit_response(actor=world.outsider, survey=survey, answers={}, today=ON)
    client.force_login(world.outsider)
    assert client.get(reverse("surveys:answer", args=[survey.pk])).status_code == 404
    assert client.get(reverse("surveys:results", args=[survey.pk])).status_code == 403


def test_bad_answers_are_refused_with_nothing_saved(world):
    survey = _opened(world)
    required = Question.objects.filter(page__survey=survey, required=True).first()
    scale = Question.objects.filter(page__survey=survey, kind=QuestionKind.SCALE).first()
    with pytest.raises(ValidationError) as refused:
        services.submit_response(
            actor=world.wpbs[0], survey=survey, answers={scale.pk: 9}, today=ON
        )
    assert f"q{required.pk}" in refused.value.message_dict
    assert f"q{scale.pk}" in refused.value.message_dict
    assert not Response.objects.filter(survey=survey).exists()
    assert not Invitation.objects.filter(survey=survey, has_responded=True).exists()


def test_answering_through_the_page(world, client):
    survey = _opened(world)
    client.force_login(world.wpbs[0])
    url = reverse("surveys:answer", args=[survey.pk])
    data = {}
    for key, value in _answers(survey, "Via de pagina").items():
        data[f"q{key}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "localdate", lambda *a, **k: ON)
        response = client.post(url, data)
        assert response.status_code == 302
        assert "ingevuld" in client.get(url).content.decode()
    assert Invitation.objects.get(survey=survey, user=world.wpbs[0]).has_responded


def test_reminders_go_once_per_round_to_who_has_not_answered(
    world, django_capture_on_commit_callbacks
):
    survey = _opened(world)
    _answered(world, survey, 2)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.survey_remind(actor=world.planner, survey=survey) == 4
    assert len(mail.outbox) == 4
    assert tasks.send_reminders(survey.pk) == 0  # idempotent
    assert len(mail.outbox) == 4


def test_the_daily_round_reminds_once_and_closes_after_the_closing_day(
    world, django_capture_on_commit_callbacks
):
    survey = _opened(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily("2021-01-27") == {"closed": 0, "reminded": 1}
        assert tasks.daily("2021-01-28") == {"closed": 0, "reminded": 0}
    assert len(mail.outbox) == 6
    assert tasks.daily("2021-01-30") == {"closed": 1, "reminded": 0}
    survey.refresh_from_db()
    assert survey.status == "closed"


def test_the_closed_year_refuses_every_write(world):
    concept = _survey(world)
    opened = _opened(world)
    page = concept.pages.first()
    question = Question.objects.filter(page__survey=concept).first()
    SchoolYear.objects.filter(pk=world.year.pk).update(closed_at=timezone.now())
    world.year.refresh_from_db()
    concept.refresh_from_db()
    opened.refresh_from_db()
    writes = {
        "create": lambda: _survey(world),
        "update": lambda: services.survey_update(
            actor=world.planner,
            survey=concept,
            title="X",
            intro="",
            anonymous=True,
            opens_on=OPENS,
            closes_on=CLOSES,
            audience_roles=["wpb"],
            audience_locations=[],
            audience_institutes=[],
            extra_emails=[],
            today=ON,
        ),
        "page": lambda: services.page_add(actor=world.planner, survey=concept, title="P"),
        "question": lambda: services.question_save(
            actor=world.planner, page=page, kind=QuestionKind.OPEN, text="Nog iets?"
        ),
        "question_edit": lambda: services.question_save(
            actor=world.planner,
            page=page,
            kind=QuestionKind.OPEN,
            text="Anders?",
            question=question,
        ),
        "question_delete": lambda: services.question_delete(actor=world.planner, question=question),
        "open": lambda: services.survey_open(actor=world.planner, survey=concept, today=OPENS),
        "invite": lambda: services.survey_invite_new(actor=world.planner, survey=opened),
        "remind": lambda: services.survey_remind(actor=world.planner, survey=opened),
        "close": lambda: services.survey_close(actor=world.planner, survey=opened),
        "answer": lambda: services.submit_response(
            actor=world.wpbs[0], survey=opened, answers=_answers(opened, "x"), today=ON
        ),
        "policy": lambda: services.policy_save(
            actor=world.planner,
            year=world.year,
            min_group_for_open_answers=3,
            reminder_days_before_close=2,
        ),
    }
    for name, write in writes.items():
        with pytest.raises(YearClosed):
            write()
            pytest.fail(f"{name} wrote to a closed year")
    assert tasks.daily("2021-02-10") == {"closed": 0, "reminded": 0}


def test_only_the_projectleider_manages(world):
    with pytest.raises(PermissionDenied):
        services.survey_create(
            actor=world.wpbs[0], year=world.year, title="X", opens_on=OPENS, closes_on=CLOSES,
            audience_roles=["wpb"],
        )  # fmt: skip
    survey = _survey(world)
    with pytest.raises(PermissionDenied):
        services.survey_open(actor=world.outsider, survey=survey, today=OPENS)


def test_a_survey_linked_to_a_placement_asks_its_people(world, client):
    from tests.factories import PersonFactory, PlacementFactory

    wpb = world.wpbs[0].person
    placement = PlacementFactory(school_year=world.year, location=world.school, wpb=wpb,
                                 so=PersonFactory())  # fmt: skip
    client.force_login(world.planner)
    link = f"placements.placement:{placement.pk}"
    page = client.get(
        reverse("surveys:create"), {"koppel": link, "sjabloon": "evaluatie_intervisie"}
    )
    assert "Gekoppeld aan" in page.content.decode()
    response = client.post(
        reverse("surveys:create"),
        {
            "koppel": link, "sjabloon": "evaluatie_intervisie", "title": "Evaluatie stage",
            "anonymous": "0", "opens_on": "2021-01-11", "closes_on": "2021-01-29",
        },
    )  # fmt: skip
    survey = Survey.objects.get(title="Evaluatie stage")
    assert response.status_code == 302 and survey.event == placement
    services.survey_open(actor=world.planner, survey=survey, today=OPENS)
    invited = set(survey.invitations.values_list("email", flat=True))
    # Each at their login address (the WPB has one; the SO and the student get one).
    assert invited == {placement.student.email, world.wpbs[0].email, placement.so.email}
    # Nonsense in the link is ignored, never a 500.
    for bad in ("nope", "bos.user:1", "placements.placement:99999999999999999999999"):
        assert client.get(reverse("surveys:create"), {"koppel": bad}).status_code == 200


def test_the_report_reads_the_years_opened_surveys(world):
    from surveys import report

    _survey(world)  # a concept: not in the report
    survey = _opened(world)
    _answered(world, survey, 2)
    rows = [row for row in report.year_surveys(world.year) if row["id"] == survey.pk]
    assert len(rows) == 1 and rows[0]["invited"] == 6 and rows[0]["responded"] == 2
    assert rows[0]["percent"] == rules.response_rate(2, 6).percent
    assert not report.survey_results(survey.pk).open_answers_shown
