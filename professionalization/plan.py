"""The eleven themes of the professionalisation plan (version July 2021), as a new year starts
with them. The plan places the first themes at the trunk of its tree (for every WPB and for
starting SOs and IOs) and the later ones higher up (for SOs and IOs)."""

from __future__ import annotations

BASIC_AUDIENCE = "Alle WPB en startende SO en IO"
DEEPENING_AUDIENCE = "SO en IO (en ervaren WPB)"

# (number, title, level, audience, requires experience)
PLAN_THEMES: list[tuple[int, str, str, str, bool]] = [
    (1, "Wie ben ik als lerende?", "basic", BASIC_AUDIENCE, False),
    (2, "Wie ben ik als leraar?", "basic", BASIC_AUDIENCE, False),
    (3, "Observeren", "basic", BASIC_AUDIENCE, False),
    (4, "Feedback", "basic", BASIC_AUDIENCE, False),
    (5, "Agogisch bekwaam", "basic", BASIC_AUDIENCE, False),
    (6, "Reflectie", "basic", BASIC_AUDIENCE, False),
    (7, "Onderzoekende houding", "deepening", DEEPENING_AUDIENCE, False),
    (8, "Wie ben ik als opleider?", "deepening", DEEPENING_AUDIENCE, False),
    (9, "Innovatie", "deepening", DEEPENING_AUDIENCE, False),
    (10, "Beoordelen", "deepening", DEEPENING_AUDIENCE, False),
    (
        11,
        "Beroepsregistratie Velon",
        "deepening",
        "SO en IO met minimaal twee jaar ervaring als opleider",
        True,
    ),
]
