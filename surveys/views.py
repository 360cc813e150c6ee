"""Pages of the survey instrument: the projectleider's list, a survey's set-up, opening,
reminders and results (with the Excel export); the invitee's own surveys and the answer
page, made for a phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from bos import events
from bos.forms import apply_service_errors, message_service_errors
from bos.lists import pager_query, paginate
from bos.objectyear import year_of_object
from bos.permissions import get_scope, login_required, require
from bos.security.ratelimit import rate_limit
from bos.yearbound import YearBound
from governance.forms import DECISION_FIELD, add_decision_field

from . import catalogue, charts, excel, rules, selectors, services
from .audience import ROLE_CHOICES
from .forms import (
    AnswerForm,
    PageForm,
    PolicyForm,
    QuestionForm,
    SurveyForm,
    TemplateChoiceForm,
)
from .models import Invitation, Question, Survey, SurveyPage

ROLE_LABELS = dict(ROLE_CHOICES)


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error)


def _survey_or_404(request: HttpRequest, pk: int) -> Survey:
    try:
        return selectors.survey_get(user=request.user, pk=pk)
    except Survey.DoesNotExist as exc:
        raise Http404("Vragenlijst niet gevonden.") from exc


def _audience_text(survey: Survey) -> str:
    parts = [ROLE_LABELS.get(role, role) for role in survey.audience_roles or ()]
    text = ", ".join(parts) or "geen rollen"
    locations = [location.name for location in survey.audience_locations.all()]
    institutes = [institute.short_name for institute in survey.audience_institutes.all()]
    if locations:
        text += f"; scholen: {', '.join(locations)}"
    if institutes:
        text += f"; instituten: {', '.join(institutes)}"
    if survey.extra_emails:
        text += f"; plus {len(survey.extra_emails)} genodigde(n) op e-mailadres"
    return text


# --- The projectleider's pages -------------------------------------------------------------


@require("survey.manage")
def survey_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    page = paginate(
        selectors.surveys_for_manager(request.user, scope.year), request.GET.get("pagina")
    )
    return render(
        request,
        "surveys/survey_list.html",
        {
            "page": page,
            "pager_query": pager_query(request),
            "year": scope.year,
            "policy": selectors.policy_of(scope.year) if scope.year else None,
            "templates": catalogue.TEMPLATES.values(),
        },
    )


def _event_from(request: HttpRequest, value: str) -> models.Model | None:
    """The event named as "<app label>.<model>:<id>" (a link from another page), if it is a
    row of a school year. A kind whose app names its people (`bos.events`) is looked up in
    the user's scope: one the user may not see is a 404, as on its own page."""
    label, _, pk = value.partition(":")
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    if not issubclass(model, YearBound) or not pk.isdigit() or len(pk) > 18:
        return None
    kind = events.kind_of(model._meta.label_lower)
    if kind is not None:
        try:
            return kind.get(user=request.user, pk=int(pk))
        except model.DoesNotExist as exc:
            raise Http404("Niet gevonden.") from exc
    return model._default_manager.filter(pk=int(pk)).first()


def _participants_text(event: models.Model | None) -> str:
    """Who a survey linked to `event` goes to, counted: "12 studenten en 2 medewerkers"; ""
    for an event whose kind names nobody (its audience is chosen by role)."""
    kind = events.kind_for(event)
    if kind is None:
        return ""
    found = kind.participants(event)
    parts = []
    if found.students:
        count = len(found.students)
        parts.append(f"{count} student{'en' if count != 1 else ''}")
    if found.people:
        count = len(found.people)
        parts.append(f"{count} medewerker{'s' if count != 1 else ''}")
    return " en ".join(parts) or "nog niemand"


@require("survey.manage")
def survey_create(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    chooser = TemplateChoiceForm(request.GET or None)
    key = chooser.cleaned_data["sjabloon"] if chooser.is_valid() else ""
    link = request.GET.get("koppel", "") or request.POST.get("koppel", "")
    event = _event_from(request, link) if link else None
    # A survey about an event belongs to the event's year, whichever year the header shows.
    year = year_of_object(event) if event is not None else scope.year
    initial = SurveyForm.initial_from_template(key)
    if year is not None:
        opens = max(year.start_date, timezone.localdate())
        initial.setdefault("opens_on", opens)
        initial.setdefault("closes_on", min(year.end_date, opens + dt.timedelta(days=14)))
    form = SurveyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        key = request.POST.get("sjabloon", "")
        try:
            survey = services.survey_create(
                actor=request.user,
                year=year,
                template=key if key in catalogue.TEMPLATES else "",
                event=event,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"'{survey}' is aangemaakt als concept.")
            return redirect("surveys:detail", survey.pk)
    template = catalogue.TEMPLATES.get(key)
    return render(
        request,
        "surveys/survey_form.html",
        {
            "form": form,
            "chooser": chooser,
            "template": template,
            "template_key": key,
            "event": event,
            "participants": _participants_text(event),
            "link": link if event else "",
            "year": year,
            "survey": None,
        },
    )


@require("survey.manage")
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk)
    invited, responded = selectors.invitation_counts(survey)
    invitations = paginate(
        survey.invitations.order_by("name", "email", "pk"), request.GET.get("pagina")
    )
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "survey": survey,
            "pages": selectors.pages_with_questions(survey),
            "audience": _audience_text(survey),
            "template_title": getattr(catalogue.TEMPLATES.get(survey.template), "title", ""),
            "invited": invited,
            "responded": responded,
            "rate": rules.response_rate(responded, invited),
            "invitations": invitations,
            "pager_query": pager_query(request),
            "editable": survey.is_concept and not survey.school_year.is_closed,
            "year_open": not survey.school_year.is_closed,
        },
    )


@require("survey.manage")
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk)
    form = SurveyForm(request.POST or None, initial=SurveyForm.initial_for(survey))
    if not survey.is_concept:
        form.lock_after_opening()
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_update(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De vragenlijst is opgeslagen.")
            return redirect("surveys:detail", survey.pk)
    return render(
        request,
        "surveys/survey_form.html",
        {"form": form, "survey": survey, "year": survey.school_year},
    )


@require("survey.manage")
def page_add(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey_or_404(request, pk)
    form = PageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.page_add(actor=request.user, survey=survey, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"Pagina '{page}' toegevoegd. Voeg er nu vragen aan toe.")
            return redirect(f"{survey_url(survey)}#pagina-{page.pk}")
    return render(request, "surveys/page_form.html", {"form": form, "survey": survey})


def survey_url(survey: Survey) -> str:
    return reverse("surveys:detail", args=[survey.pk])


def _page_or_404(request: HttpRequest, pk: int) -> SurveyPage:
    page = SurveyPage.objects.select_related("survey__school_year").filter(pk=pk).first()
    if page is None or not selectors.may_manage(request.user, page.survey):
        raise Http404("Pagina niet gevonden.")
    return page


def _question_or_404(request: HttpRequest, pk: int) -> Question:
    question = Question.objects.select_related("page__survey__school_year").filter(pk=pk).first()
    if question is None or not selectors.may_manage(request.user, question.page.survey):
        raise Http404("Vraag niet gevonden.")
    return question


@require("survey.manage")
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page_or_404(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(actor=request.user, page=page, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De vraag is toegevoegd.")
            return redirect(f"{survey_url(page.survey)}#pagina-{page.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "page": page, "survey": page.survey, "question": None},
    )


@require("survey.manage")
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    page = question.page
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                actor=request.user, page=page, question=question, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "De vraag is opgeslagen.")
            return redirect(f"{survey_url(page.survey)}#pagina-{page.pk}")
    return render(
        request,
        "surveys/question_form.html",
        {"form": form, "page": page, "survey": page.survey, "question": question},
    )


def _message_errors(request: HttpRequest, error: ValidationError) -> None:
    message_service_errors(request, error)


@require("survey.manage")
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = _question_or_404(request, pk)
    survey = question.page.survey
    try:
        services.question_delete(actor=request.user, question=question)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, "De vraag is verwijderd.")
    return redirect("surveys:detail", survey.pk)


def _survey_action(
    request: HttpRequest, pk: int, run: Callable[..., Any], success: Callable[[Any], str]
) -> HttpResponse:
    """One of a survey's buttons: the service's outcome as a message, back to the survey."""
    survey = _survey_or_404(request, pk)
    try:
        outcome = run(actor=request.user, survey=survey)
    except ValidationError as error:
        _message_errors(request, error)
    else:
        messages.success(request, success(outcome))
    return redirect("surveys:detail", survey.pk)


@require("survey.manage")
@require_POST
def survey_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_action(
        request,
        pk,
        services.survey_open,
        lambda invited: f"De vragenlijst is open. {invited} genodigde(n) krijgen een e-mail.",
    )


@require("survey.manage")
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_action(
        request, pk, services.survey_close, lambda _none: "De vragenlijst is gesloten."
    )


@require("survey.manage")
@require_POST
def survey_remind(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_action(
        request,
        pk,
        services.survey_remind,
        lambda waiting: f"Een herinnering gaat naar {waiting} genodigde(n).",
    )


@require("survey.manage")
@require_POST
def survey_invite(request: HttpRequest, pk: int) -> HttpResponse:
    return _survey_action(
        request,
        pk,
        services.survey_invite_new,
        lambda added: f"{added} nieuwe genodigde(n) uitgenodigd.",
    )


@require("survey.manage")
def policy(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    if scope.year is None:
        raise Http404("Geen schooljaar.")
    current = selectors.policy_of(scope.year)
    form = PolicyForm(request.POST or None, instance=current)
    add_decision_field(form, user=request.user, year=scope.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_save(
                actor=request.user,
                year=scope.year,
                min_group_for_open_answers=form.cleaned_data["min_group_for_open_answers"],
                reminder_days_before_close=form.cleaned_data["reminder_days_before_close"],
                decision=form.cleaned_data.get(DECISION_FIELD),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"De regels voor vragenlijsten in {scope.year} zijn opgeslagen."
            )
            return redirect("surveys:list")
    return render(request, "surveys/policy.html", {"form": form, "year": scope.year})


# --- Results: the projectleider and the survey's owner ----------------------------------------


def _results_survey(request: HttpRequest, pk: int) -> Survey:
    if not request.user.is_authenticated:
        raise PermissionDenied
    try:
        return selectors.survey_for_results(user=request.user, pk=pk)
    except Survey.DoesNotExist as exc:
        if Survey.objects.filter(pk=pk).exists():
            raise PermissionDenied from exc
        raise Http404("Vragenlijst niet gevonden.") from exc


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _results_survey(request, pk)
    outcome = selectors.results(survey)
    for _, rows in outcome.pages:
        for row in rows:
            if row.tally is not None:
                row.chart = charts.bar_chart(row.question.text, row.tally, row.question.pk)
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "results": outcome,
            "manage": selectors.may_manage(request.user, survey),
        },
    )


@login_required
@rate_limit("export")
def results_excel(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _results_survey(request, pk)
    return excel.xlsx_response(selectors.results(survey))


# --- The invitee -----------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.my_invitations(request.user), request.GET.get("pagina"))
    today = timezone.localdate()
    for invitation in page:
        survey = invitation.survey
        invitation.answerable = not invitation.has_responded and rules.answerable(
            survey.status, survey.opens_on, survey.closes_on, today
        )
    return render(request, "surveys/mine.html", {"page": page, "pager_query": pager_query(request)})


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        invitation = selectors.invitation_for(user=request.user, survey_pk=pk)
    except Invitation.DoesNotExist as exc:
        raise Http404("Vragenlijst niet gevonden.") from exc
    survey = invitation.survey
    today = timezone.localdate()
    is_open = rules.answerable(survey.status, survey.opens_on, survey.closes_on, today)
    if invitation.has_responded or not is_open:
        return render(
            request,
            "surveys/answer_closed.html",
            {"survey": survey, "invitation": invitation, "is_open": is_open},
        )
    pages = selectors.pages_with_questions(survey)
    questions = [question for page in pages for question in page.questions.all()]
    form = AnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                actor=request.user, survey=survey, answers=form.answers(), today=today
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, "Bedankt! Je antwoorden zijn opgeslagen.")
            return redirect("surveys:answer", survey.pk)
    sections = [(page, form.fields_of(list(page.questions.all()))) for page in pages]
    return render(
        request,
        "surveys/answer.html",
        {"survey": survey, "form": form, "sections": sections},
    )
