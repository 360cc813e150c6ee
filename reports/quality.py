"""The quality framework (Kwaliteitskader Samen Opleiden & Inductie) of a year: its
standards with their evidence and the standards that lack any (the peer-review PDF is
`reports.renderers.pdf.peer_review_pdf`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .goals import GoalRow
from .models import Evidence, EvidenceKind, QualityStandard

# The report's figures a standard can point to, by their key in the report.
EVIDENCE_FIGURES: dict[str, str] = {
    "fig1": "Figuur 1: eerstejaars per school",
    "fig2": "Figuur 2: ontwikkelteams",
    "fig3": "Figuur 3: verdiepingsmiddagen",
    "fig5": "Figuur 5: begroting en realisatie",
    "fig6": "Figuur 6: facilitering",
    "fig7": "Figuur 7: studenten per school",
    "fig8": "Figuur 8: studenten per instituut",
    "fig9": "Figuur 9 en 10: stageniveaus",
    "fig4": "Figuur 4: thema's professionalisering",
    "fig11": "Figuur 11: niveaus per school",
    "fig12": "Figuur 12: streefaantallen",
    "fig13": "Figuur 13: besluiten",
    "fig14": "Figuur 14: resultaten vragenlijsten",
    "intervision": "Intervisie op school",
    "professionalization": "Professionalisering",
    "so_facilitation": "Facilitering SO",
    "indicators": "Indicatoren",
}


@dataclass
class EvidenceRow:
    pk: int
    kind_label: str
    text: str
    note: str


@dataclass
class StandardRow:
    pk: int
    code: str
    title: str
    description: str
    evidence: list[EvidenceRow] = field(default_factory=list)

    @property
    def lacks_evidence(self) -> bool:
        return not self.evidence


def evidence_text(evidence: Evidence, goals: dict[int, GoalRow]) -> str:
    if evidence.kind == EvidenceKind.FIGURE:
        return EVIDENCE_FIGURES.get(evidence.figure, evidence.figure)
    if evidence.kind == EvidenceKind.DOCUMENT and evidence.document is not None:
        return evidence.document.title
    if evidence.kind == EvidenceKind.GOAL and evidence.goal_id is not None:
        row = goals.get(evidence.goal_id)
        if row is not None:
            return f"{row.chapter_label}: {row.description} ({row.status_label})"
        return str(evidence.goal)
    return "–"


def standard_rows(
    standards: Iterable[QualityStandard], goals: dict[int, GoalRow]
) -> list[StandardRow]:
    """Standards with their evidence prefetched (`evidence` with document and goal)."""
    rows = []
    for standard in standards:
        rows.append(
            StandardRow(
                pk=standard.pk,
                code=standard.code,
                title=standard.title,
                description=standard.description,
                evidence=[
                    EvidenceRow(
                        pk=item.pk,
                        kind_label=str(item.get_kind_display()),
                        text=evidence_text(item, goals),
                        note=item.note,
                    )
                    for item in standard.evidence.all()
                ],
            )
        )
    return rows
