"""The survey templates, kept in code: one per evaluation the partnership runs every year
(the annual report 2020-2021 names them). A survey made from a template copies its pages and
questions; the projectleider can change the copy while it is a concept.

A template is plain data: a title, an introduction, whether it is anonymous, its audience
(role codes of `bos.models.Role` and "student") and its pages of questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from .models import DEFAULT_SCALE_LABELS, QuestionKind

SCALE, SINGLE, MULTIPLE, OPEN = (
    QuestionKind.SCALE,
    QuestionKind.SINGLE,
    QuestionKind.MULTIPLE,
    QuestionKind.OPEN,
)
AGREE = ["helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens"]
SATISFIED = ["zeer ontevreden", "ontevreden", "neutraal", "tevreden", "zeer tevreden"]
COMPETENT = DEFAULT_SCALE_LABELS
RELATION = ["slecht", "matig", "redelijk", "goed", "uitstekend"]

THEMES = [
    "Gespreks- en begeleidingsvaardigheden",
    "Reflecteren en feedback geven",
    "Opleidingsdidactiek (leerprocessen van de student)",
    "Competentiegericht begeleiden en opleiden",
    "Vakdidactisch handelen",
    "Intervisie begeleiden",
    "Beoordelen van studenten",
    "Informatie over samen opleiden",
]
FORMS = [
    "Cursus of opleiding aan een hogeschool",
    "Intervisie met collega's in dezelfde rol",
    "Intervisie met de schoolopleider",
    "Studiemiddag van de opleidingsschool",
    "Online bijeenkomst",
    "Collegiale consultatie op de eigen school",
]


@dataclass(frozen=True)
class Q:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = False
    help_text: str = ""


@dataclass(frozen=True)
class Page:
    title: str
    questions: tuple[Q, ...]
    intro: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    intro: str
    roles: tuple[str, ...]
    pages: tuple[Page, ...]
    anonymous: bool = True
    # What the survey is usually attached to, as a hint in the form.
    about: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def _scale(text: str, labels: list[str] = AGREE, **kwargs: object) -> Q:
    return Q(SCALE, text, tuple(labels), **kwargs)  # type: ignore[arg-type]


def _needs(key: str, role_label: str, role: str, others: tuple[Page, ...]) -> Template:
    return Template(
        key=key,
        title=f"Behoeftepeiling professionalisering {role_label}",
        intro=(
            "Met deze peiling stemmen we het professionaliseringsplan van de opleidingsschool "
            f"af op wat {role_label}'s nodig hebben. Het invullen duurt ongeveer tien minuten."
        ),
        roles=(role,),
        pages=(
            Page(
                "Jouw ervaring",
                (
                    Q(
                        SINGLE,
                        "Hoe lang heb je ervaring in deze rol?",
                        ("Dit jaar begonnen", "1 tot 5 jaar", "5 tot 10 jaar", "Meer dan 10 jaar"),
                        required=True,
                    ),
                    Q(
                        SINGLE,
                        "Heb je een opleiding of cursus voor deze rol gevolgd?",
                        (
                            "Nee",
                            "Ja, bij een hogeschool",
                            "Ja, op mijn eigen school",
                            "Ik ben ermee bezig",
                        ),
                    ),
                    _scale(
                        f"Hoe competent voel je je als {role_label} in het begeleiden van "
                        "studenten?",
                        COMPETENT,
                        required=True,
                    ),
                ),
            ),
            *others,
            Page(
                "Professionalisering",
                (
                    Q(
                        MULTIPLE,
                        "Op welke thema's wil je je verder professionaliseren?",
                        tuple(THEMES),
                        help_text="Kies er zoveel als je wilt.",
                    ),
                    Q(MULTIPLE, "In welke vorm werk je daar het liefst aan?", tuple(FORMS)),
                    _scale(
                        f"Ik heb behoefte aan contact met andere {role_label}'s binnen de "
                        "opleidingsschool.",
                    ),
                    Q(OPEN, "Wat wil je ons verder meegeven voor het professionaliseringsplan?"),
                ),
            ),
        ),
        about="het professionaliseringsplan",
    )


TEMPLATES: dict[str, Template] = {}


def _add(template: Template) -> None:
    TEMPLATES[template.key] = template


_add(
    _needs(
        "behoeftepeiling_so",
        "SO",
        "so",
        (
            Page(
                "Samenwerking",
                (
                    _scale("Hoe ervaar je de samenwerking met de IO's?", RELATION),
                    _scale("Hoe ervaar je de samenwerking met de WPB's op je school?", RELATION),
                    _scale("Hoe capabel voel je je om WPB's te professionaliseren?", COMPETENT),
                    Q(OPEN, "Hoe is je facilitering als SO geregeld (uren, roostervrije dag)?"),
                ),
            ),
        ),
    )
)
_add(
    _needs(
        "behoeftepeiling_wpb",
        "WPB",
        "wpb",
        (
            Page(
                "Samenwerking",
                (
                    _scale("Hoe ervaar je de samenwerking met de SO van je school?", RELATION),
                    _scale("Hoe ervaar je de samenwerking met de IO van het instituut?", RELATION),
                    _scale("Het is mij duidelijk wat ik van een student kan verwachten.", AGREE),
                ),
            ),
        ),
    )
)
_add(
    _needs(
        "behoeftepeiling_io",
        "IO",
        "io",
        (
            Page(
                "Samenwerking",
                (
                    _scale("Hoe ervaar je de samenwerking met de SO's?", RELATION),
                    _scale("Hoe ervaar je de samenwerking met de WPB's?", RELATION),
                    _scale(
                        "Ik word genoeg betrokken bij de bijeenkomsten van de opleidingsschool.",
                    ),
                ),
            ),
        ),
    )
)
_add(
    Template(
        key="startersvragenlijst",
        title="Vragenlijst startende leraren",
        intro=(
            "Je bent dit jaar begonnen als leraar op een van onze scholen. We horen graag hoe "
            "je begeleiding en je werkdruk zijn, zodat we het inductieprogramma kunnen "
            "verbeteren."
        ),
        roles=(),
        pages=(
            Page(
                "Je start",
                (
                    _scale("Ik voelde me welkom op school in mijn eerste weken."),
                    _scale("Ik kreeg op tijd de informatie die ik nodig had."),
                    Q(
                        SINGLE,
                        "Had je een introductiebijeenkomst voor starters?",
                        ("Ja", "Nee", "Weet ik niet meer"),
                    ),
                ),
            ),
            Page(
                "Begeleiding en werkdruk",
                (
                    _scale("Mijn coach is goed bereikbaar."),
                    _scale("De gesprekken met mijn coach helpen mij verder."),
                    _scale(
                        "Hoe ervaar je je werkdruk?",
                        ["veel te hoog", "hoog", "goed te doen", "laag", "veel te laag"],
                    ),
                    Q(
                        MULTIPLE,
                        "Welke maatregelen ervaar je als ontlastend?",
                        (
                            "Minder lesuren dan een volledige baan",
                            "Geen mentoraat in het eerste jaar",
                            "Vaste lokalen",
                            "Geen surveillances of extra taken",
                            "Tijd voor intervisie met andere starters",
                        ),
                    ),
                ),
            ),
            Page(
                "Tot slot",
                (
                    _scale("Ik zie mezelf over drie jaar nog op deze school werken."),
                    Q(OPEN, "Wat zou je starters na jou gunnen?"),
                ),
            ),
        ),
        about="het inductieprogramma",
        notes=("Startende leraren hebben geen rol in het jaar: voeg ze toe op e-mailadres.",),
    )
)
_add(
    Template(
        key="studentenklankbord",
        title="Studentenklankbord",
        intro=(
            "Vooruitlopend op de klankbordbijeenkomst vragen we je naar je ervaringen met "
            "het opleidingsprogramma op school en de verdiepingsmiddagen."
        ),
        roles=("student",),
        pages=(
            Page(
                "Het programma",
                (
                    _scale("Het programma op school sluit aan bij mijn opleiding.", AGREE),
                    _scale("De verdiepingsmiddagen zijn waardevol voor mij.", AGREE),
                    Q(
                        SINGLE,
                        "Welke vorm van een verdiepingsmiddag heeft je voorkeur?",
                        ("Op locatie", "Online", "Maakt mij niet uit"),
                    ),
                    _scale("Ik lees de e-mails van de opleidingsschool op tijd.", AGREE),
                ),
            ),
            Page(
                "Jouw suggesties",
                (
                    Q(OPEN, "Welk thema wil je op een volgende verdiepingsmiddag?"),
                    Q(OPEN, "Wat kan er beter aan het programma?"),
                ),
            ),
        ),
    )
)
_add(
    Template(
        key="evaluatie_matching",
        title="Evaluatie stagematching met de instituten",
        intro=(
            "Hoe verliep de matching van studenten aan scholen dit jaar? Met de uitkomsten "
            "maken we afspraken om de matching te stroomlijnen."
        ),
        roles=("so", "io", "ic"),
        anonymous=False,
        pages=(
            Page(
                "De matching",
                (
                    _scale("De matching verliep op tijd.", AGREE),
                    _scale("De afspraken over stagedagen en -periodes waren duidelijk.", AGREE),
                    _scale("Studenten kwamen op een passende school terecht.", AGREE),
                    Q(
                        MULTIPLE,
                        "Waar liep het vooral mis?",
                        (
                            "Reisafstand",
                            "Stageperiode of stagedagen",
                            "Eisen aan de stagiair",
                            "Late aanmelding door het instituut",
                            "Te weinig plekken voor een vak",
                        ),
                    ),
                    Q(OPEN, "Welke afspraak moeten we volgend jaar maken?"),
                ),
            ),
        ),
        about="de matching",
    )
)
_add(
    Template(
        key="evaluatief_gesprek_locatie",
        title="Evaluatief gesprek per locatie",
        intro=(
            "Aan het eind van het schooljaar bespreken de IC, de projectleider, de SO en de IO "
            "van elke school het jaar. Vul deze vragen vooraf in; ze vormen de agenda."
        ),
        roles=("so", "io"),
        anonymous=False,
        pages=(
            Page(
                "Terugblik",
                (
                    _scale(
                        "Hoe tevreden ben je over het opleiden op jouw locatie dit jaar?", SATISFIED
                    ),
                    _scale("De rolverdeling tussen SO, IO en WPB was duidelijk.", AGREE),
                    _scale("Er was genoeg tijd voor de begeleiding van studenten.", AGREE),
                    Q(OPEN, "Wat ging er goed op jouw locatie?"),
                ),
            ),
            Page(
                "Vooruitblik",
                (
                    Q(
                        MULTIPLE,
                        "Wat heeft jouw locatie volgend jaar nodig?",
                        (
                            "Meer WPB's",
                            "Scholing voor WPB's",
                            "Meer facilitering",
                            "Intervisie voor alle studenten",
                            "Betere aansluiting bij het instituut",
                        ),
                    ),
                    Q(OPEN, "Welke concrete plannen heeft jouw locatie voor volgend jaar?"),
                ),
            ),
        ),
        about="een locatie",
    )
)
_add(
    Template(
        key="onderzoek_wpb_facilitering",
        title="Onderzoek facilitering WPB",
        intro=(
            "De facilitering van WPB's verschilt tussen en binnen de schoolbesturen. Met dit "
            "onderzoek brengen we in kaart hoe het nu geregeld is."
        ),
        roles=("wpb",),
        pages=(
            Page(
                "Je facilitering",
                (
                    Q(
                        SINGLE,
                        "Hoeveel uur per jaar krijg je voor het begeleiden van één student?",
                        (
                            "Geen",
                            "Minder dan 10 uur",
                            "10 tot 20 uur",
                            "20 tot 40 uur",
                            "Meer dan 40 uur",
                        ),
                        required=True,
                    ),
                    Q(
                        SINGLE,
                        "Hoe is die tijd geregeld?",
                        (
                            "In de taakomvang",
                            "Als roostervrije tijd",
                            "Niet geregeld",
                            "Weet ik niet",
                        ),
                    ),
                    _scale("De tijd die ik krijg, is genoeg voor een goede begeleiding.", AGREE),
                    _scale("Ik weet hoeveel uur ik voor het begeleiden krijg.", AGREE),
                    Q(OPEN, "Wat zou je helpen om je begeleiding goed te doen?"),
                ),
            ),
        ),
    )
)
_add(
    Template(
        key="evaluatie_intervisie",
        title="Evaluatie intervisie",
        intro=(
            "Hoe verliepen de intervisiebijeenkomsten op jouw school? Met je antwoorden "
            "verbeteren we de handreiking intervisie."
        ),
        roles=("student",),
        pages=(
            Page(
                "De bijeenkomsten",
                (
                    _scale("De bijeenkomsten hielpen mij bij mijn ontwikkeling.", AGREE),
                    _scale("De groepsgrootte was goed.", AGREE),
                    _scale("De begeleider bracht structuur in de bijeenkomsten.", AGREE),
                    Q(
                        SINGLE,
                        "Hoe vaak zou je intervisie willen?",
                        ("Elke twee weken", "Elke maand", "Elke zes weken", "Minder vaak"),
                    ),
                    Q(
                        SINGLE,
                        "Kon je bij de bijeenkomsten aanwezig zijn?",
                        ("Altijd", "Meestal", "Soms", "Bijna nooit"),
                        help_text="Bijvoorbeeld omdat je op donderdag niet op school bent.",
                    ),
                    Q(OPEN, "Welk thema wil je in een volgende bijeenkomst bespreken?"),
                ),
            ),
        ),
        about="een intervisiegroep",
    )
)

# The plan is not a five-year plan but one that is evaluated every year and adjusted where
# needed (seed l. 553, 576, 1669); the outcome is written down in the next year's
# professionalisation agreements.
_add(
    Template(
        key="evaluatie_professionaliseringsplan",
        title="Evaluatie professionaliseringsplan",
        intro=(
            "Het professionaliseringsplan wordt elk jaar geëvalueerd en waar nodig bijgesteld. "
            "Hoe sloot het aanbod van dit jaar aan bij wat jij nodig hebt? Het invullen duurt "
            "ongeveer vijf minuten."
        ),
        roles=("so", "io", "wpb"),
        pages=(
            Page(
                "Het aanbod van dit jaar",
                (
                    Q(
                        SINGLE,
                        "Aan hoeveel professionaliseringsbijeenkomsten nam je dit jaar deel?",
                        ("Geen", "1", "2", "3 of meer"),
                        required=True,
                    ),
                    _scale("Het aanbod sloot aan bij wat ik nodig heb.", AGREE, required=True),
                    _scale("De keuze tussen basis- en verdiepende thema's was duidelijk.", AGREE),
                    _scale(
                        "De wisselende locaties van de bijeenkomsten waren goed te doen.", AGREE
                    ),
                    _scale("De online infosessies na de bijeenkomsten waren nuttig.", AGREE),
                    _scale("Wat ik leerde, kon ik gebruiken bij het begeleiden.", AGREE),
                ),
            ),
            Page(
                "Het plan voor volgend jaar",
                (
                    Q(OPEN, "Welk thema mis je in het plan, of zou je anders invullen?"),
                    Q(OPEN, "Wat zou je aan het plan of de bijeenkomsten willen veranderen?"),
                ),
            ),
        ),
        about="het professionaliseringsplan",
    )
)


# An evaluation attached to one event: its participants are the audience (the event's app
# names them), so the template names no roles.
_add(
    Template(
        key="evaluatie_verdiepingsmiddag",
        title="Evaluatie verdiepingsmiddag",
        intro=(
            "Je was uitgenodigd voor deze verdiepingsmiddag. Hoe heb je hem ervaren? Met je "
            "antwoorden maken we de volgende middagen beter. Het invullen duurt ongeveer drie "
            "minuten."
        ),
        roles=(),
        pages=(
            Page(
                "De middag",
                (
                    Q(
                        SINGLE,
                        "Was je bij de middag aanwezig?",
                        ("Ja, de hele middag", "Een deel van de middag", "Nee"),
                        required=True,
                    ),
                    _scale("Het thema van mijn workshop sloot aan bij mijn stage.", AGREE),
                    _scale("Wat ik leerde, kan ik gebruiken in mijn lessen.", AGREE),
                    _scale("De middag was goed georganiseerd.", AGREE),
                    _scale("Hoe tevreden ben je over de middag als geheel?", SATISFIED),
                    Q(OPEN, "Welk thema zou je op een volgende middag willen?"),
                    Q(OPEN, "Wat kan er beter?"),
                ),
            ),
        ),
        about="een verdiepingsmiddag",
    )
)
_add(
    Template(
        key="evaluatie_professionaliseringsbijeenkomst",
        title="Evaluatie professionaliseringsbijeenkomst",
        intro=(
            "Je was aangemeld voor deze professionaliseringsbijeenkomst. Hoe sloot die aan bij "
            "wat je nodig hebt als begeleider? Het invullen duurt ongeveer drie minuten."
        ),
        roles=(),
        pages=(
            Page(
                "De bijeenkomst",
                (
                    Q(
                        SINGLE,
                        "Was je bij de bijeenkomst aanwezig?",
                        ("Ja", "Nee"),
                        required=True,
                    ),
                    _scale("De inhoud sloot aan bij wat ik nodig heb.", AGREE),
                    _scale("Wat ik leerde, kan ik gebruiken bij het begeleiden.", AGREE),
                    _scale("De leider bracht de stof helder.", AGREE),
                    _scale("Hoe tevreden ben je over de bijeenkomst als geheel?", SATISFIED),
                    Q(OPEN, "Wat neem je mee naar je eigen school?"),
                    Q(OPEN, "Wat kan er beter?"),
                ),
            ),
        ),
        about="een professionaliseringsbijeenkomst",
    )
)


def choices() -> list[tuple[str, str]]:
    return [(key, template.title) for key, template in TEMPLATES.items()]
