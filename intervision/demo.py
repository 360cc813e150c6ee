"""Demo data of intervision: the verdiepingsmiddagen (figure 3 and the afternoon cycle)."""

from __future__ import annotations

from bos.demo import DemoContext


def load(ctx: DemoContext) -> None:
    from .afternoons.demo import load as load_afternoons

    load_afternoons(ctx)
