"""Demo objects for the stipend rows of tests/matrix.py (see stipend/demo.py)."""

from typing import Any

from placements.models import Placement
from stipend.crypto import keyed_hash
from stipend.demo import DEMO_BSN
from stipend.models import DocumentKind, Status, StipendApplication

DOMAIN = "demo.bos.example"


def stipend_sovot_submitted() -> dict[str, Any]:
    """At Beatrix College (Sovot), waiting for HR Sovot; BSN 111222333."""
    application = StipendApplication.objects.get(bsn_hash=keyed_hash(DEMO_BSN))
    return {"pk": application.pk}


def stipend_skvob_submitted() -> dict[str, Any]:
    application = (
        StipendApplication.objects.filter(status=Status.SUBMITTED)
        .exclude(placement__location__board__name="Sovot")
        .first()
    )
    return {"pk": application.pk}


def stipend_own_concept() -> dict[str, Any]:
    """The demo student's own application, still a concept."""
    application = StipendApplication.objects.get(
        placement__student__user__email=f"student@{DOMAIN}"
    )
    return {"pk": application.pk}


def _document(kind: str) -> dict[str, Any]:
    pk = stipend_sovot_submitted()["pk"]
    document = StipendApplication.objects.get(pk=pk).documents.get(kind=kind)
    return {"pk": pk, "document_pk": document.pk}


def stipend_id_copy() -> dict[str, Any]:
    return _document(DocumentKind.ID_COPY)


def stipend_agreement() -> dict[str, Any]:
    return _document(DocumentKind.AGREEMENT)


def stipend_startable_placement() -> dict[str, Any]:
    """A final placement at Beatrix College without an application, in the demo's running
    year (2020-2021 is closed: starting an application there is refused)."""
    placement = (
        Placement.objects.filter(
            location__name="Beatrix College", is_final=True, school_year__closed_at__isnull=True
        )
        .exclude(stipend_applications__isnull=False)
        .order_by("-school_year__start_date", "pk")
        .first()
    )
    return {"placement_pk": placement.pk}
