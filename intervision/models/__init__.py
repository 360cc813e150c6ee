"""Intervision's models, one module per part of the programme: the BOS-wide
verdiepingsmiddagen (`afternoons`) and intervision at school (`groups`)."""

from .afternoons import DeepeningAfternoon, MeetingMode
from .groups import (
    Attendance,
    AttendanceStatus,
    Band,
    CadenceDigest,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionPolicy,
    LeaderKind,
    Meeting,
    Membership,
    MethodKind,
    Reflection,
    ReflectionKind,
)

__all__ = [
    "Attendance",
    "AttendanceStatus",
    "Band",
    "CadenceDigest",
    "DeepeningAfternoon",
    "IntervisionGroup",
    "IntervisionMethod",
    "IntervisionPolicy",
    "LeaderKind",
    "Meeting",
    "MeetingMode",
    "Membership",
    "MethodKind",
    "Reflection",
    "ReflectionKind",
]
