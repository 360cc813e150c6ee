"""The placements' work on the start page."""

from .matching import (
    matching_work,
)
from .placements import (
    placement_work,
)

__all__ = [
    "matching_work",
    "placement_work",
]
