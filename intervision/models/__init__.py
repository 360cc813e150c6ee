"""Intervision's models, one module per part of the programme: the BOS-wide
verdiepingsmiddagen (`afternoons`) and intervision at school (`groups`, when it lands)."""

from .afternoons import (
    RANKS,
    AfternoonPolicy,
    AssignmentSource,
    DeepeningAfternoon,
    Evaluation,
    Invitation,
    MeetingMode,
    Preference,
    ThemeProposal,
    Workshop,
    WorkshopAssignment,
)

__all__ = [
    "RANKS",
    "AfternoonPolicy",
    "AssignmentSource",
    "DeepeningAfternoon",
    "Evaluation",
    "Invitation",
    "MeetingMode",
    "Preference",
    "ThemeProposal",
    "Workshop",
    "WorkshopAssignment",
]
