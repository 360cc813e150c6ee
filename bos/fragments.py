"""Parts of a page kept as HTML until the next write.

A page whose main part is the same for every visit of one reader on one day at one address
(a month of the planning, a school's attendance per afternoon) renders that part once per
data version: `kept_fragment` renders a template with the context a function computes, and
keeps the HTML per reader, year, day, path and query (`bos.dataversion.kept_figures`). The
function is not called on a kept visit, so the queries and figures behind the part are not
made either.

A form in a kept part carries a stand-in for the CSRF token (`CSRF_STAND_IN`), which each
visit replaces with its own token (`with_token`): the token belongs to one visitor's session,
the rest of the form to everyone who sees the part. A part with any other token in it is not
kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from . import dataversion

# Letters only and as long as a real token, so it fits wherever a token goes.
CSRF_STAND_IN = "keptpartcsrftokenstandin" + "x" * 40
# The request attribute `rendering_kept_part` reads.
_RENDERING = "_bos_rendering_kept_part"
_CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def kept_fragment(
    request: HttpRequest,
    name: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    *parts: object,
) -> SafeString:
    """`template` rendered with `context()`, kept per data version under `name`, the reader,
    the request's year, today, the path and query, and `parts` (what else the part depends
    on). Rendered with the request, so the part may use what the layout's context gives
    (the partnership's name)."""
    choice = getattr(request, "year_choice", None)
    key = dataversion.reader_key(
        name,
        request.user,
        getattr(choice, "year", None),
        timezone.localdate(),
        dataversion.digest((request.path, sorted(request.GET.lists()))),
        *parts,
    )

    def render() -> SafeString:
        # Marked on the request while the part is built, so that what renders a form in
        # Python (a table's rows) gives it the stand-in too.
        outer = rendering_kept_part(request)
        setattr(request, _RENDERING, True)
        try:
            values = context() | {"csrf_token": CSRF_STAND_IN}
            return render_to_string(template, values, request=request)
        finally:
            setattr(request, _RENDERING, outer)

    html = dataversion.kept_figures(key, render, keep_for=lambda html: keep_for([html]))
    return with_token(html, request)


def rendering_kept_part(request: HttpRequest | None) -> bool:
    """Whether a part to be kept (`kept_fragment`) is being built for `request`: a form
    rendered now carries the stand-in, not the visitor's token."""
    return bool(getattr(request, _RENDERING, False))


def with_token(html: str, request: HttpRequest) -> SafeString:
    """Kept HTML with the stand-in replaced by the visitor's CSRF token; kept as it is while
    a part around it is being built (that part's visit replaces it)."""
    if CSRF_STAND_IN not in html or rendering_kept_part(request):
        return mark_safe(html)  # noqa: S308  # nosec B308, B703
    # The stand-in is letters only and was put in where a token goes, nowhere else.
    return mark_safe(html.replace(CSRF_STAND_IN, get_token(request)))  # noqa: S308  # nosec B308, B703


def keep_for(parts: Sequence[str]) -> int:
    """How long HTML is kept: not at all when a form in it carries a real CSRF token (one
    visitor's), not the stand-in."""
    for part in parts:
        if any(token != CSRF_STAND_IN for token in _CSRF_VALUE.findall(part)):
            return 0
    return int(settings.FIGURES_CACHE_SECONDS)
