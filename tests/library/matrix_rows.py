"""Permission-matrix rows of the agreements library (issue #15)."""

from typing import Any

from tests.demo_years import RUNNING_YEAR
from tests.matrix import Case, expect

EDITORS = {"projectleider": 200, "admin": 200}


def trainers_document() -> dict[str, Any]:
    """A document for trainers: staff may read it; a student gets a 404."""
    from library.models import Document

    document = Document.objects.get(school_year__name="2020-2021", title="Handreiking intervisie")
    return {"pk": document.pk}


def trainers_version() -> dict[str, Any]:
    from library.models import Document

    document = Document.objects.get(school_year__name="2020-2021", title="Handreiking intervisie")
    return {"pk": document.current_version_id}


ROWS: dict[str, list[Case]] = {
    "library:list": [Case(expect(200))],
    "library:create": [Case(expect(403, **EDITORS))],
    "library:detail": [Case(expect(200, student=404), kwargs=trainers_document)],
    "library:download": [Case(expect(200, student=404), kwargs=trainers_version)],
    "library:edit": [Case(expect(403, **EDITORS), kwargs=trainers_document)],
    "library:replace": [Case(expect(403, **EDITORS), kwargs=trainers_document)],
    "library:confirm": [Case(expect(403, projectleider=405, admin=405), kwargs=trainers_document)],
    "library:start_year": [
        Case(expect(403, projectleider=405, admin=405), kwargs=lambda: {"year": RUNNING_YEAR})
    ],
}
