"""The demo year. `load_demo()` builds the organisation (bos.demo), then lets every app that
has a `demo` module with a `load(ctx)` function add its part (placements, policy, budget,
stipends), in the order of INSTALLED_APPS."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import transaction

from bos.demo import DemoContext, demo_logins
from bos.demo.organisation import load
from bos.yearbound import closed_year_writes


@transaction.atomic
def load_demo() -> DemoContext:
    # The demo builds its seed year and closes it; loading it again may touch that year.
    with closed_year_writes("demo laden"):
        return _load_demo()


def _load_demo() -> DemoContext:
    ctx = load()
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name in {"bos", "demo"} or find_spec(config.name) is None:
            continue
        if find_spec(module_name) is None:
            continue
        import_module(module_name).load(ctx)
    return ctx


__all__ = ["DemoContext", "demo_logins", "load_demo"]
