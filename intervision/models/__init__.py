"""Intervision's models: intervision at school (`groups`). The verdiepingsmiddagen are their
own app (`afternoons`)."""

from .groups import (
    Attendance,
    AttendanceStatus,
    Band,
    CadenceDigest,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionPolicy,
    IntervisionTheme,
    LeaderKind,
    Meeting,
    Membership,
    MethodKind,
    Reflection,
    ReflectionKind,
    ThemePhase,
)

__all__ = [
    "Attendance",
    "AttendanceStatus",
    "Band",
    "CadenceDigest",
    "IntervisionGroup",
    "IntervisionMethod",
    "IntervisionPolicy",
    "IntervisionTheme",
    "LeaderKind",
    "Meeting",
    "Membership",
    "MethodKind",
    "Reflection",
    "ReflectionKind",
    "ThemePhase",
]
