from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bos.permissions import require

from . import selectors
from .forms import AuditSearchForm

PAGE_SIZE = 50


def _text(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    return str(value)


def describe(changes: dict[str, Any]) -> list[tuple[str, str]]:
    """Readable lines for the changes column: 'old → new', or what was added/removed."""
    lines = []
    for name, change in changes.items():
        if isinstance(change, list) and len(change) == 2 and name != "velden":
            lines.append((name, f"{_text(change[0])} → {_text(change[1])}"))
        elif isinstance(change, dict):
            lines.append((name, "; ".join(f"{k} {_text(v)}" for k, v in change.items())))
        else:
            lines.append((name, _text(change)))
    return lines


@require("audit.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None, models=selectors.audit_models())
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_search(user=request.user, filters=filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    for entry in page:
        entry.change_lines = describe(entry.changes)
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "bos/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )
