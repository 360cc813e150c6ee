"""Demo agreements: the main documents of 2020-2021 and, carried over, of the running year, where
one is replaced by a new version, some are confirmed and one still waits for review.

The files are small PDFs made here (fictitious text), so the demo needs no files on disk."""

from __future__ import annotations

import datetime as dt

from bos.demo import DemoContext
from bos.demo.dates import shift_to
from bos.models import SchoolYear

from . import files, services
from .models import Audience, Document, DocumentKind, Implements

DOCUMENTS: list[dict[str, object]] = [
    {
        "title": "Richtlijnen facilitering SO",
        "kind": DocumentKind.GUIDELINE,
        "audience": Audience.EVERYONE,
        "implements": Implements.FACILITATION_POLICY,
        "version": "1.0",
        "adopted_on": dt.date(2021, 3, 15),
        "lines": [
            "Elke school faciliteert haar schoolopleider met basisuren voor consultatie",
            "en intervisie, plus uren per student. Kleine scholen krijgen minder basisuren;",
            "wie meerdere locaties bedient, krijgt extra uren. De bedragen en aantallen",
            "staan per schooljaar in het beleid van de BOS.",
        ],
    },
    {
        "title": "Handreiking intervisie",
        "kind": DocumentKind.HANDREIKING,
        "audience": Audience.TRAINERS,
        "implements": "",
        "version": "1.1",
        "adopted_on": dt.date(2021, 1, 28),
        "lines": [
            "Studenten nemen deel aan schoolbijeenkomsten op hun stageschool, ongeveer",
            "eens per vier weken, in groepen van zes tot tien studenten. Elke bijeenkomst",
            "gebruikt ten minste een intervisiemodel, zoals de roddelmethode of de",
            "incidentmethode. De student schrijft per bijeenkomst een kort verslag.",
        ],
    },
    {
        "title": "Begeleidingsafspraken WPB",
        "kind": DocumentKind.CHECKLIST,
        "audience": Audience.WPB,
        "implements": "",
        "version": "1.0",
        "adopted_on": dt.date(2020, 9, 10),
        "lines": [
            "De werkplekbegeleider voert wekelijks een begeleidingsgesprek, observeert",
            "lessen en geeft feedback. Bij zorgen neemt de werkplekbegeleider contact op",
            "met de schoolopleider, die zo nodig de instituutsopleider betrekt.",
        ],
    },
    {
        "title": "Procedure-afspraken en checklist SO",
        "kind": DocumentKind.CHECKLIST,
        "audience": Audience.SO,
        "implements": Implements.PLACEMENT_CHECKLIST,
        "version": "2.0",
        "adopted_on": dt.date(2020, 9, 10),
        "lines": [
            "Reactie aan de student binnen drie werkdagen na de aanmelding.",
            "Motivatiegesprek, gegevens controleren, voorstellen aan de werkplekbegeleider.",
            "ICT-account, sleutels en kopieercodes aanvragen; VOG en stageovereenkomst.",
        ],
    },
    {
        "title": "Besluit online rechten voor studenten",
        "kind": DocumentKind.DECISION,
        "audience": Audience.SO,
        "implements": "",
        "version": "1.0",
        "adopted_on": dt.date(2021, 2, 4),
        "lines": [
            "Studenten krijgen een account met beperkte rechten (groep 1) of met",
            "docentrechten voor de eigen klassen (groep 2), afhankelijk van hun stageniveau.",
            "Snuffelstagiairs krijgen geen account.",
        ],
    },
]
NEW_IN_SECOND_YEAR = {
    "title": "Raamovereenkomst opleiden in de school",
    "kind": DocumentKind.AGREEMENT,
    "audience": Audience.GOVERNANCE,
    "implements": "",
    "version": "1.0",
    "adopted_on": dt.date(2021, 7, 12),
    "lines": [
        "De besturen en de instituten werken samen in de opleidingsschool. Zij delen de",
        "kosten volgens de begroting en leggen jaarlijks verantwoording af in het jaarverslag.",
    ],
}
REPLACED_IN_SECOND_YEAR = "Richtlijnen facilitering SO"
CONFIRMED_IN_SECOND_YEAR = {"Handreiking intervisie", "Begeleidingsafspraken WPB"}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def tiny_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and lines of text (Helvetica, WinAnsi): small, valid and
    readable by pypdf, made without any renderer."""
    commands = ["BT", "/F1 16 Tf", "56 780 Td", f"({_escape(title)}) Tj", "/F1 11 Tf", "0 -28 Td"]
    for line in lines:
        commands += [f"({_escape(line)}) Tj", "0 -16 Td"]
    commands += ["0 -16 Td", "(Fictieve demotekst van de Brabantse Opleidingsschool.) Tj", "ET"]
    stream = "\n".join(commands).encode("cp1252")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _file(spec: dict[str, object], year: SchoolYear, version: str) -> files.CheckedFile:
    title = f"{spec['title']} {year} (versie {version})"
    return files.check_bytes(tiny_pdf(title, list(spec["lines"])))  # type: ignore[arg-type]


def _add(spec: dict[str, object], year: SchoolYear, user: None) -> Document:
    existing = Document.objects.filter(school_year=year, title=spec["title"]).first()
    if existing is not None:
        return existing
    version = str(spec["version"])
    return services.add_document(
        user=user,
        year=year,
        values={**spec, "adopted_by": "stuurgroep"},
        upload=_file(spec, year, version),
        original_name=f"{spec['title']}.pdf",
    )


def seed_document(year: SchoolYear, title: str) -> Document:
    """The demo's document of that title in the seed year, added now if this module's `load`
    has not run yet (the decision log's demo attaches it to its decisions first)."""
    spec = next(spec for spec in DOCUMENTS if spec["title"] == title)
    return _add(spec, year, None)


def _adopted_before(year: SchoolYear) -> dt.date:
    """The stuurgroep adopts next year's documents in its July meeting (a Monday)."""
    return shift_to(year.start_year - 1, dt.date(2021, 7, 12))


def load(ctx: DemoContext) -> None:
    first = ctx.year
    second = SchoolYear.objects.filter(start_date__gt=first.start_date).order_by("start_date")
    for spec in DOCUMENTS:
        _add(spec, first, None)
    following = second.first()
    if following is None:
        return
    services.start_year_from_previous(year=following, user=None)
    for document in Document.objects.filter(school_year=following).select_related(
        "current_version"
    ):
        if document.title == REPLACED_IN_SECOND_YEAR and document.current_version.carried_from_id:
            spec = next(s for s in DOCUMENTS if s["title"] == document.title)
            values = {
                "version": "2.0",
                "adopted_on": _adopted_before(following),
                "adopted_by": "stuurgroep",
                "note": "Uren per student en het aandeel studenten van partnerinstituten herzien.",
            }
            services.replace_document(
                user=None,
                document=document,
                values=values,
                upload=_file(spec, following, "2.0"),
                original_name=f"{document.title} {following}.pdf",
            )
        elif document.title in CONFIRMED_IN_SECOND_YEAR and document.status == "to_review":
            services.confirm_document(user=None, document=document)
    _add({**NEW_IN_SECOND_YEAR, "adopted_on": _adopted_before(following)}, following, None)
