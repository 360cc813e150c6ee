"""The placements' demo data: the SO's workspace in the demo year (`load`, which the demo
loader calls) and matching and supervision in the running year (`matching`)."""

from .workspace import load, load_offers

__all__ = ["load", "load_offers"]
