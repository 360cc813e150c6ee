"""The lists of placements, students, mentors and matching: their filters and tables
(bos.lists shows them)."""

from .matching import (
    OfferFilter,
    OfferTable,
    OwnOfferTable,
    ProposalFilter,
    ProposalTable,
)
from .placements import (
    PLACED_CHOICES,
    MentorFilter,
    MentorTable,
    PlacementFilter,
    PlacementTable,
    StudentFilter,
    StudentTable,
    UnplacedFilter,
    UnplacedTable,
)

__all__ = [
    "PLACED_CHOICES",
    "MentorFilter",
    "MentorTable",
    "OfferFilter",
    "OfferTable",
    "OwnOfferTable",
    "PlacementFilter",
    "PlacementTable",
    "ProposalFilter",
    "ProposalTable",
    "StudentFilter",
    "StudentTable",
    "UnplacedFilter",
    "UnplacedTable",
]
