"""What an application still lacks: incomplete applications are not processed (bijlage 9)."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q, QuerySet

from .fields import EncryptedTextField
from .models import (
    FORM_FIELDS,
    REQUIRED_DOCUMENTS,
    DocumentKind,
    StipendApplication,
    StipendDocument,
)

PARTNER_FIELDS = ("partner_initials", "partner_last_name", "partner_date_of_birth")
# Every form field must be filled in, except these (the partner's details only when married).
OPTIONAL_FIELDS = frozenset({"postal_address", "remarks", "employed_by_board", *PARTNER_FIELDS})
REQUIRED_FIELDS: tuple[str, ...] = tuple(f for f in FORM_FIELDS if f not in OPTIONAL_FIELDS)
# Delivered after the form is sent (bijlage 9): listed, but not blocking.
LATER_DOCUMENTS = (DocumentKind.TAX_FORM, DocumentKind.VOG)


def _label(name: str) -> str:
    return str(StipendApplication._meta.get_field(name).verbose_name)


# The encrypted fields a list reads as "filled in or not" (`for_completeness`), not as text.
ENCRYPTED_FIELDS: tuple[str, ...] = tuple(
    field.name
    for field in StipendApplication._meta.concrete_fields
    if isinstance(field, EncryptedTextField)
)
FILLED_PREFIX = "filled_"


def for_completeness(
    applications: QuerySet[StipendApplication],
) -> QuerySet[StipendApplication]:
    """`applications` ready for `missing_items` on a page of them: whether each encrypted
    field is filled in comes from the database (an empty value is stored empty, see
    stipend.fields), so no row decrypts its BSN, IBAN and dates of birth to be judged
    complete; the documents' kinds come in one query."""
    filled = {
        f"{FILLED_PREFIX}{name}": ExpressionWrapper(
            Q(**{f"{name}__isnull": False}) & ~Q(**{name: ""}), output_field=BooleanField()
        )
        for name in ENCRYPTED_FIELDS
    }
    documents = StipendDocument.objects.only("pk", "application_id", "kind")
    return (
        applications.defer(*ENCRYPTED_FIELDS)
        .annotate(**filled)
        .prefetch_related(Prefetch("documents", queryset=documents))
    )


def _is_empty(application: StipendApplication, name: str) -> bool:
    flag = f"{FILLED_PREFIX}{name}"
    if name in ENCRYPTED_FIELDS and flag in application.__dict__:
        return not application.__dict__[flag]
    value = getattr(application, name)
    return value is None or value == ""


def missing_items(application: StipendApplication) -> list[str]:
    """Dutch labels of every missing field and required document."""
    missing = []
    fields = REQUIRED_FIELDS + (PARTNER_FIELDS if application.is_married else ())
    for name in fields:
        if _is_empty(application, name):
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
