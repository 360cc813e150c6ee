"""Parts of a page kept as HTML until the next write.

A page whose main part is the same for every visit of one reader on one day with one query
(a month of the planning, a school's attendance per afternoon) renders that part once per
data version: `kept_fragment` renders a template with the context a function computes, and
keeps the HTML per reader, year, day and query (`bos.dataversion.kept_figures`). The
function is not called on a kept visit, so the queries and figures behind the part are not
made either. A part with a form in it is never kept: its CSRF token is one visitor's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from . import dataversion

_CSRF = re.compile(r'name="csrfmiddlewaretoken"')


def kept_fragment(
    request: HttpRequest,
    name: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    *parts: object,
) -> SafeString:
    """`template` rendered with `context()`, kept per data version under `name`, the reader,
    the request's year, today, the query string and `parts` (what else the part depends
    on). Rendered with the request, so the part may use what the layout's context gives
    (the partnership's name); a `{% csrf_token %}` in it then makes it one not kept."""
    choice = getattr(request, "year_choice", None)
    key = dataversion.reader_key(
        name,
        request.user,
        getattr(choice, "year", None),
        timezone.localdate(),
        dataversion.digest(sorted(request.GET.lists())),
        *parts,
    )
    return dataversion.kept_figures(
        key,
        lambda: render_to_string(template, context(), request=request),
        keep_for=_without_forms,
    )


def _without_forms(html: str) -> int:
    return 0 if _CSRF.search(html) else int(settings.FIGURES_CACHE_SECONDS)
