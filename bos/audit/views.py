from django.http import HttpRequest, HttpResponse

from bos.lists import list_page
from bos.permissions import require

from . import selectors
from .lists import AuditFilter, AuditTable


@require("audit.view")
def audit_list(request: HttpRequest) -> HttpResponse:
    return list_page(
        request,
        queryset=selectors.audit_entries(user=request.user),
        filterset_class=AuditFilter,
        table_class=AuditTable,
        template="bos/audit_list.html",
        singular="regel",
        plural="regels",
        export_name="audittrail",
        filterset_kwargs={"models": selectors.audit_models},
        # Kept as HTML until the trail gets an entry (a write of data or not).
        changes=selectors.trail_state,
    )
