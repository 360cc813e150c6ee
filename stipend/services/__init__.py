"""Writes of the stipend procedure. Every transition locks the application row, checks who
may do it and from which status, and records an event (who, when, why)."""

from ..models import FORM_FIELDS
from ._common import log_access, log_export
from .application import (
    IBAN_CHANGE_STATUSES,
    LATE_DOCUMENTS,
    add_document,
    approve_by_director,
    approve_by_so,
    change_iban,
    send_back,
    sign,
    start_application,
    update_application,
)
from .hr import (
    accept,
    change_days,
    duplicates_of,
    end,
    reject,
    reveal,
    stop,
    update_vog_claim,
)

__all__ = [
    "FORM_FIELDS",
    "IBAN_CHANGE_STATUSES",
    "LATE_DOCUMENTS",
    "accept",
    "add_document",
    "approve_by_director",
    "approve_by_so",
    "change_days",
    "change_iban",
    "duplicates_of",
    "end",
    "log_access",
    "log_export",
    "reject",
    "reveal",
    "send_back",
    "sign",
    "start_application",
    "stop",
    "update_application",
    "update_vog_claim",
]
