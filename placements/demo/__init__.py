"""The placements' demo data: the SO's workspace in the demo year (`load`, which the demo
loader calls), what the seed year's online-rights decision set (`decisions`) and matching and
supervision in the running year (`matching`)."""

from bos.demo import DemoContext

from . import decisions, workspace
from .workspace import load_offers


def load(ctx: DemoContext) -> None:
    workspace.load(ctx)
    decisions.load(ctx)


__all__ = ["load", "load_offers"]
