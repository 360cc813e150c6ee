from typing import Any

from django.http import HttpRequest, HttpResponse

from bos.lists import list_page
from bos.permissions import require

from . import selectors
from .lists import AuditFilter, AuditTable


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
    return list_page(
        request,
        queryset=selectors.audit_entries(user=request.user),
        filterset_class=AuditFilter,
        table_class=AuditTable,
        template="bos/audit_list.html",
        export_name="audittrail",
        filterset_kwargs={"models": selectors.audit_models()},
    )
