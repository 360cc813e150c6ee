"""The ground under every app's demo module: the context the organisation hands on
(`DemoContext`), the report's figures of 2020-2021 (`data/`, read with
`organisation.read_csv`) and the date helpers (`dates`). The orchestrator that runs the apps'
demo modules lives above them, in the demo app (`demo.loader.load_demo`)."""

from __future__ import annotations

from .organisation import DemoContext, demo_logins

__all__ = ["DemoContext", "demo_logins"]
