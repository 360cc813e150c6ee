"""Demo surveys, made and answered through the services with fictitious answers.

2020-2021 (before the loader closes it): the needs surveys among SOs and WPBs that shaped
the professionalisation plan (January 2021, about 70 % and 30 % response as the annual
report tells), the starters' questionnaire (a small group: its free text stays hidden), the
evaluation of intervision by students, and the evaluative conversation per location (on
name, SOs and IOs). The running year (called by its demo once its roles exist): the research
into WPB facilitation, open now, so a WPB finds it on the start page."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from bos.demo import DemoContext
from bos.demo.dates import from_today, today
from bos.demo.organisation import DEMO_DOMAIN, NameGenerator
from bos.models import SchoolYear, User

from . import services
from .models import Invitation, Question, QuestionKind, Survey

# Open answers per question, picked in turn; phrased as colleagues write them.
OPEN_ANSWERS: dict[str, list[str]] = {
    "professionaliseringsplan": [
        "Graag meer uitwisseling met collega's van andere scholen.",
        "Een korte training in feedback geven zou mij helpen.",
        "Liever online dan na een lange lesdag nog reizen.",
        "Meer aandacht voor de verschillende beoordelingsformulieren van de instituten.",
        "Tijd is het grootste probleem, niet de inhoud.",
        "Intervisie met andere SO's vond ik erg waardevol.",
    ],
    "facilitering": [
        "40 uur per jaar, één middag roostervrij.",
        "Geen vaste uren; het hangt af van het aantal studenten.",
        "In de taakomvang, maar niet duidelijk hoeveel.",
        "Een dagdeel roostervrij en een uur per week extra.",
    ],
    "starters": [
        "Een vaste maatje in de sectie vanaf dag één.",
        "Minder lesuren in de eerste maanden.",
        "Duidelijke informatie over toetsing en de leerlingvolgsystemen.",
        "Intervisie met andere starters.",
    ],
    "intervisie": [
        "Lastige gesprekken met ouders.",
        "Orde houden in de onderbouw.",
        "Hoe combineer ik stage en studie?",
        "Feedback van de WPB verwerken.",
        "Differentiëren in een drukke klas.",
    ],
    "locatie": [
        "De startbijeenkomst voor studenten werkte goed.",
        "Korte lijnen met de IO.",
        "De WPB's wisten beter wat er van hen verwacht werd.",
        "We willen volgend jaar intervisie ook voor masterstudenten.",
        "Meer WPB's scholen in begeleiden.",
    ],
    "": [
        "Geen opmerkingen.",
        "Dank voor het organiseren.",
        "Goed initiatief, ga zo door.",
    ],
}


def _topic(text: str) -> str:
    lowered = text.lower()
    for word, key in (
        ("professionaliseringsplan", "professionaliseringsplan"),
        ("facilitering", "facilitering"),
        ("begeleiding goed te doen", "facilitering"),
        ("starters na jou", "starters"),
        ("bijeenkomst bespreken", "intervisie"),
        ("locatie", "locatie"),
        ("plannen", "locatie"),
    ):
        if word in lowered:
            return key
    return ""


def fictitious_answers(
    questions: list[Question], rng: random.Random, lean: float = 0.0
) -> dict[int, object]:
    """Plausible answers: scales leaning positive (`lean` shifts them), one or a few
    options, and now and then a sentence for an open question."""
    answers: dict[int, object] = {}
    for question in questions:
        if question.kind == QuestionKind.SCALE:
            weights = [1, 2, 5, 7 + lean * 4, 3 + lean * 2]
            answers[question.pk] = rng.choices([1, 2, 3, 4, 5], weights=weights)[0]
        elif question.kind == QuestionKind.SINGLE:
            answers[question.pk] = rng.randint(1, len(question.options))
        elif question.kind == QuestionKind.MULTIPLE:
            count = rng.randint(1, min(3, len(question.options)))
            answers[question.pk] = sorted(rng.sample(range(1, len(question.options) + 1), count))
        elif rng.random() < 0.6 or question.required:
            pool = OPEN_ANSWERS[_topic(question.text)]
            answers[question.pk] = rng.choice(pool)
    return answers


def _questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(page__survey=survey).order_by("page__order", "order"))


def _run(
    survey: Survey,
    actor: User,
    *,
    share: float,
    answered_on: dt.date,
    seed: int,
    close: bool = True,
    skip: Callable[[Invitation], bool] = lambda invitation: False,
) -> None:
    """Open the survey, let a share of the invitees answer (in a shuffled order), and close
    it."""
    services.survey_open(actor=actor, survey=survey, today=survey.opens_on)
    rng = random.Random(seed)  # noqa: S311  # nosec B311 - reproducible fake answers, not secrets
    invitations = list(survey.invitations.select_related("user").order_by("pk"))
    rng.shuffle(invitations)
    questions = _questions(survey)
    wanted = round(len(invitations) * share)
    answered = 0
    for invitation in invitations:
        if answered >= wanted:
            break
        if skip(invitation):
            continue
        services.submit_response(
            actor=invitation.user,
            survey=survey,
            answers=fictitious_answers(questions, rng),
            today=answered_on,
        )
        answered += 1
    if close:
        services.survey_close(actor=actor, survey=survey)


def _make(actor: User, year: SchoolYear, template: str, opens: dt.date, closes: dt.date,
          **values: object) -> Survey:  # fmt: skip
    from .catalogue import TEMPLATES

    chosen = TEMPLATES[template]
    return services.survey_create(
        actor=actor,
        year=year,
        template=template,
        title=str(values.pop("title", chosen.title)),
        intro=chosen.intro,
        anonymous=chosen.anonymous,
        opens_on=opens,
        closes_on=closes,
        audience_roles=list(values.pop("roles", chosen.roles)),
        **values,  # type: ignore[arg-type]
    )


def _projectleider() -> User:
    return User.objects.get(email=f"projectleider@{DEMO_DOMAIN}")


def load_seed_year(year: SchoolYear) -> None:
    if Survey.objects.filter(school_year=year).exists():
        return
    pl = _projectleider()
    january = (dt.date(2021, 1, 11), dt.date(2021, 1, 29))
    so = _make(
        pl,
        year,
        "behoeftepeiling_so",
        *january,
        title="Behoeftepeiling professionalisering SO 2021",
    )
    _run(so, pl, share=0.71, answered_on=dt.date(2021, 1, 20), seed=1)
    wpb = _make(
        pl,
        year,
        "behoeftepeiling_wpb",
        *january,
        title="Behoeftepeiling professionalisering WPB 2021",
    )
    _run(wpb, pl, share=0.33, answered_on=dt.date(2021, 1, 22), seed=2)
    names = NameGenerator(offset=1600)
    starters = []
    for _ in range(9):
        first, last = names.next()
        starters.append(f"{first}.{last}@starters.{DEMO_DOMAIN}".lower().replace(" ", ""))
    induction = _make(
        pl, year, "startersvragenlijst", dt.date(2021, 3, 1), dt.date(2021, 3, 19),
        extra_emails=starters,
    )  # fmt: skip
    # Four of nine starters answered: fewer than five, so their free text stays hidden.
    _run(induction, pl, share=4 / 9, answered_on=dt.date(2021, 3, 10), seed=3)
    intervision = _make(pl, year, "evaluatie_intervisie", dt.date(2021, 6, 1), dt.date(2021, 6, 25))
    _run(intervision, pl, share=0.22, answered_on=dt.date(2021, 6, 14), seed=4)
    conversation = _make(
        pl, year, "evaluatief_gesprek_locatie", dt.date(2021, 6, 7), dt.date(2021, 7, 9),
        title="Evaluatief gesprek per locatie 2020-2021",
    )  # fmt: skip
    _run(conversation, pl, share=0.8, answered_on=dt.date(2021, 6, 28), seed=5)


def load_running_year(year: SchoolYear) -> None:
    """An open survey in the running year: the research into WPB facilitation, opened ten
    days ago and open for two more weeks. The demo WPB has not answered yet."""
    if not year.contains(today()) or Survey.objects.filter(school_year=year).exists():
        return
    pl = _projectleider()
    opens, closes = from_today(year, -10), from_today(year, 14)
    if closes <= today():
        return
    survey = _make(pl, year, "onderzoek_wpb_facilitering", opens, closes)
    _run(
        survey,
        pl,
        share=0.25,
        answered_on=today(),
        seed=6,
        close=False,
        skip=lambda invitation: invitation.email == f"wpb@{DEMO_DOMAIN}",
    )
    _make(pl, year, "studentenklankbord", from_today(year, 7), from_today(year, 21))


def load(ctx: DemoContext) -> None:
    load_seed_year(ctx.year)
