"""What an application still lacks: incomplete applications are not processed (bijlage 9)."""

from __future__ import annotations

from .models import FORM_FIELDS, REQUIRED_DOCUMENTS, DocumentKind, StipendApplication

PARTNER_FIELDS = ("partner_initials", "partner_last_name", "partner_date_of_birth")
# Every form field must be filled in, except these (the partner's details only when married).
OPTIONAL_FIELDS = frozenset({"postal_address", "remarks", "employed_by_board", *PARTNER_FIELDS})
REQUIRED_FIELDS: tuple[str, ...] = tuple(f for f in FORM_FIELDS if f not in OPTIONAL_FIELDS)
# Delivered after the form is sent (bijlage 9): listed, but not blocking.
LATER_DOCUMENTS = (DocumentKind.TAX_FORM, DocumentKind.VOG)


def _label(name: str) -> str:
    return str(StipendApplication._meta.get_field(name).verbose_name)


def missing_items(application: StipendApplication) -> list[str]:
    """Dutch labels of every missing field and required document."""
    missing = []
    fields = REQUIRED_FIELDS + (PARTNER_FIELDS if application.is_married else ())
    for name in fields:
        value = getattr(application, name)
        if value is None or value == "":
            missing.append(_label(name))
    if (
        application.end_date
        and application.start_date
        and application.end_date < application.start_date
    ):
        missing.append("een einddatum na de startdatum")
    present = _present_kinds(application)
    for kind in REQUIRED_DOCUMENTS:
        if kind not in present:
            missing.append(str(DocumentKind(kind).label))
    return missing


def later_items(application: StipendApplication) -> list[str]:
    """Documents HR still expects after acceptance (tax form, VOG)."""
    present = _present_kinds(application)
    return [str(DocumentKind(kind).label) for kind in LATER_DOCUMENTS if kind not in present]


def _present_kinds(application: StipendApplication) -> set[str]:
    """The kinds of document on file; uses prefetched documents when a list prefetched them
    (the HR queue), so completeness costs no query per application."""
    if application.pk is None:
        return set()
    if "documents" in getattr(application, "_prefetched_objects_cache", {}):
        return {document.kind for document in application.documents.all()}
    return set(application.documents.values_list("kind", flat=True))
