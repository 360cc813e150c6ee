"""Intervision's models, one module per part of the programme: the BOS-wide
verdiepingsmiddagen (`afternoons`) and intervision at school (`groups`, when it lands)."""

from .afternoons import DeepeningAfternoon, MeetingMode

__all__ = ["DeepeningAfternoon", "MeetingMode"]
