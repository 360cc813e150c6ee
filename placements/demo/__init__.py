"""The placements' demo data: the SO's workspace in the demo year (`load`, which the demo
loader calls), what the seed year's online-rights decision set (`decisions`) and matching and
supervision in the running year (`matching`)."""

from bos.demo import DemoContext

from .. import supervision
from . import decisions, workspace
from .workspace import load_offers


def load(ctx: DemoContext) -> None:
    workspace.load(ctx)
    decisions.load(ctx)
    # Bijlage 10's supervision agreements: per study phase, FLOT's masters and the students
    # with an appointment (the running year copies them when it starts using them).
    if ctx.year.closed_at is None:
        supervision.agreements_for(ctx.year)


__all__ = ["load", "load_offers"]
