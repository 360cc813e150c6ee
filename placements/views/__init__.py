"""The placements pages, one module per part of the work; `placements/urls.py` names them."""

from ._common import _apply_errors

__all__ = ["_apply_errors"]
