"""Reads of the agreements library that depend on the reader.

Staff (anyone with a role) may read every document; a student reads what is meant for
students or for everyone. "For me" narrows to the audiences of the reader's roles."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from bos.models import Role, SchoolYear
from bos.permissions import STUDENT, Scope, get_scope

from .models import Audience, Document, DocumentVersion, Implements, ReviewStatus

# Which audiences each role reads as "for me".
ROLE_AUDIENCES: dict[str, frozenset[str]] = {
    Role.SO: frozenset({Audience.TRAINERS, Audience.SO}),
    Role.IO: frozenset({Audience.TRAINERS, Audience.SO}),
    Role.WPB: frozenset({Audience.TRAINERS, Audience.WPB}),
    Role.BC: frozenset({Audience.GOVERNANCE}),
    Role.IC: frozenset({Audience.GOVERNANCE}),
    Role.DIRECTOR: frozenset({Audience.GOVERNANCE}),
    Role.STUURGROEP: frozenset({Audience.GOVERNANCE}),
    Role.KERNTEAM: frozenset({Audience.GOVERNANCE}),
    Role.ONTWIKKELTEAM: frozenset({Audience.TRAINERS}),
    Role.HR: frozenset({Audience.HR}),
    STUDENT: frozenset({Audience.STUDENT}),
}
STUDENT_AUDIENCES = frozenset({Audience.EVERYONE, Audience.STUDENT})


def is_staff_reader(scope: Scope) -> bool:
    return scope.sees_everything or bool(set(scope.roles) - {STUDENT})


def audiences_for(scope: Scope) -> frozenset[str] | None:
    """The audiences "for me" covers; None means all (projectleider, admin)."""
    if scope.sees_everything:
        return None
    found: set[str] = {Audience.EVERYONE}
    for role in scope.roles:
        found |= ROLE_AUDIENCES.get(role, frozenset())
    return frozenset(found)


def readable(scope: Scope) -> Q:
    if is_staff_reader(scope):
        return Q()
    return Q(audience__in=STUDENT_AUDIENCES)


def document_list(
    *,
    user: Any,
    year: SchoolYear,
    for_me: bool = True,
    query: str = "",
    kind: str = "",
    audience: str = "",
    status: str = "",
) -> QuerySet[Document]:
    scope = get_scope(user, year)
    documents = Document.objects.filter(readable(scope), school_year=year)
    if for_me:
        mine = audiences_for(scope)
        if mine is not None:
            documents = documents.filter(audience__in=mine)
    if query:
        documents = documents.filter(
            Q(title__icontains=query) | Q(current_version__text__icontains=query)
        )
    if kind:
        documents = documents.filter(kind=kind)
    if audience:
        documents = documents.filter(audience=audience)
    if status:
        documents = documents.filter(status=status)
    return documents.select_related("current_version").order_by("kind", "title")


def document_get(*, user: Any, pk: int) -> Document:
    """A document the user may read; DoesNotExist otherwise (a 404)."""
    document = Document.objects.select_related("school_year", "current_version").get(pk=pk)
    scope = get_scope(user, document.school_year)
    if not Document.objects.filter(readable(scope), pk=pk).exists():
        raise Document.DoesNotExist
    return document


def version_get(*, user: Any, pk: int) -> DocumentVersion:
    version = DocumentVersion.objects.select_related("document__school_year").get(pk=pk)
    document_get(user=user, pk=version.document_id)
    return version


def history(
    document: Document, limit_years: int = 10
) -> list[tuple[Document, list[DocumentVersion]]]:
    """The document's versions in its year and the years before (same series), newest first."""
    documents = list(
        Document.objects.filter(
            series=document.series, school_year__start_date__lte=document.school_year.start_date
        )
        .select_related("school_year")
        .prefetch_related("versions__uploaded_by")
        .order_by("-school_year__start_date")[:limit_years]
    )
    return [(item, list(item.versions.all())) for item in documents]


def to_review_count(year: SchoolYear) -> int:
    return Document.objects.filter(school_year=year, status=ReviewStatus.TO_REVIEW).count()


def implementing(year: SchoolYear | None, key: str) -> Document | None:
    """The document of a year that is the written source of a page (e.g. the policy page's
    guideline), for a link from that page."""
    if year is None or key not in Implements.values:
        return None
    return (
        Document.objects.filter(school_year=year, implements=key)
        .select_related("current_version")
        .order_by("-status", "title")
        .first()
    )


def document_titled(year: SchoolYear, title: str) -> Document | None:
    """A document of the year by its title (the quality framework's demo links to it)."""
    return Document.objects.filter(school_year=year, title=title).first()


def documents_of_year(year: SchoolYear) -> QuerySet[Document]:
    """Every document of the year by title (a quality standard of the report can point to
    any of them)."""
    return Document.objects.filter(school_year=year).order_by("title")
