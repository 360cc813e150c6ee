"""Documents per year: add, replace (history stays), carry over as to review, confirm."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from bos.models import Role
from library import files, selectors, services
from library.models import Audience, Document, DocumentKind, ReviewStatus
from tests.factories import SchoolYearFactory, user_with_role
from tests.library.helpers import docx, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private(tmp_path, settings):
    settings.PRIVATE_STORAGE_ROOT = tmp_path


def _values(**overrides):
    values = {
        "title": "Handreiking intervisie",
        "kind": DocumentKind.HANDREIKING,
        "audience": Audience.TRAINERS,
        "version": "1.0",
        "adopted_on": dt.date(2021, 1, 28),
        "adopted_by": "stuurgroep",
    }
    values.update(overrides)
    return values


def _upload(content=None, name="handreiking.pdf"):
    return SimpleUploadedFile(name, content or pdf("Handreiking", ["De roddelmethode"]))


def _years():
    """Two years of their own: the demo year may be loaded in the same database."""
    first = SchoolYearFactory(
        name="2030-2031", start_date=dt.date(2030, 8, 1), end_date=dt.date(2031, 7, 31)
    )
    second = SchoolYearFactory(
        name="2031-2032", start_date=dt.date(2031, 8, 1), end_date=dt.date(2032, 7, 31)
    )
    return first, second


def test_add_and_replace_keeps_the_old_version_readable():
    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    document = services.add_document(user=pl, year=first, values=_values(), upload=_upload())
    old = document.current_version
    assert "roddelmethode" in old.text
    services.replace_document(
        user=pl, document=document, values={"version": "2.0", "note": "Nieuw model"},
        upload=_upload(docx(["De incidentmethode"]), "handreiking.docx"),
    )  # fmt: skip
    document.refresh_from_db()
    assert document.current_version.version == "2.0"
    assert document.current_version.content_type == files.DOCX
    assert files.path_of(old.stored_name).exists()
    history = selectors.history(document)
    assert [v.version for _, versions in history for v in versions] == ["2.0", "1.0"]


def test_only_the_projectleider_writes():
    first, _ = _years()
    so = user_with_role(Role.SO, year=first)
    with pytest.raises(PermissionDenied):
        services.add_document(user=so, year=first, values=_values(), upload=_upload())


def test_a_refused_upload_saves_nothing(tmp_path):
    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    with pytest.raises(ValidationError):
        services.add_document(
            user=pl, year=first, values=_values(), upload=_upload(b"GIF89a", "plaatje.pdf")
        )
    with pytest.raises(ValidationError):
        services.add_document(user=pl, year=first, values=_values(version=""), upload=_upload())
    assert not Document.objects.filter(school_year=first).exists()
    assert not any((tmp_path / "library").glob("*")) if (tmp_path / "library").exists() else True


def test_new_year_starts_with_last_years_documents_to_review_idempotently():
    first, second = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    original = services.add_document(user=pl, year=first, values=_values(), upload=_upload())
    assert services.start_year_from_previous(year=second, user=pl) == 1
    assert services.start_year_from_previous(year=second, user=pl) == 0
    carried = Document.objects.get(school_year=second)
    assert carried.status == ReviewStatus.TO_REVIEW
    assert carried.series == original.series
    assert carried.previous == original
    assert carried.current_version.stored_name == original.current_version.stored_name
    services.confirm_document(user=pl, document=carried)
    carried.refresh_from_db()
    assert carried.status == ReviewStatus.CURRENT
    assert carried.reviewed_by == pl


def test_search_by_title_and_text_and_for_me():
    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    services.add_document(user=pl, year=first, values=_values(), upload=_upload())
    services.add_document(
        user=pl, year=first,
        values=_values(title="Raamovereenkomst", kind=DocumentKind.AGREEMENT,
                       audience=Audience.GOVERNANCE),
        upload=_upload(pdf("Raamovereenkomst", ["De besturen delen de kosten."])),
    )  # fmt: skip
    so = user_with_role(Role.SO, year=first)
    titles = [d.title for d in selectors.document_list(user=so, year=first)]
    assert titles == ["Handreiking intervisie"]
    everything = selectors.document_list(user=so, year=first, for_me=False)
    assert len(everything) == 2
    by_text = selectors.document_list(user=so, year=first, for_me=False, query="besturen")
    assert [d.title for d in by_text] == ["Raamovereenkomst"]
    by_title = selectors.document_list(user=so, year=first, for_me=False, query="handreiking")
    assert [d.title for d in by_title] == ["Handreiking intervisie"]


def test_students_read_only_what_is_meant_for_them():
    from placements.models import Student
    from tests.factories import InstituteFactory, UserFactory

    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    trainers = services.add_document(user=pl, year=first, values=_values(), upload=_upload())
    user = UserFactory()
    Student.objects.create(first_name="S", last_name="T", email="s@x.example", user=user,
                           institute=InstituteFactory(), programme="Duits", variant="vt",
                           student_number="1")  # fmt: skip
    with pytest.raises(Document.DoesNotExist):
        selectors.document_get(user=user, pk=trainers.pk)


def test_a_closed_year_keeps_its_documents_as_they_were():
    from django.utils import timezone

    from bos.yearbound import YearClosed

    first, _ = _years()
    pl = user_with_role(Role.PROJECTLEIDER, year=first)
    document = services.add_document(user=pl, year=first, values=_values(), upload=_upload())
    first.closed_at = timezone.now()
    first.save(update_fields=["closed_at"])
    with pytest.raises(YearClosed, match="is afgesloten"):
        services.add_document(user=pl, year=first, values=_values(title="Nieuw"), upload=_upload())
    with pytest.raises(YearClosed):
        services.update_document(user=pl, document=document, values={"title": "Anders"})
    with pytest.raises(YearClosed):
        services.confirm_document(user=pl, document=document)
    with pytest.raises(YearClosed):
        services.replace_document(
            user=pl, document=document, values={"version": "2.0"}, upload=_upload()
        )
    document.refresh_from_db()
    assert document.title == "Handreiking intervisie"
    assert Document.objects.filter(school_year=first).count() == 1
    assert document.versions.count() == 1
