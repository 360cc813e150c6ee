"""Pages of the agreements library: the list (for me, with search), a document with its
history, the private downloads, and the projectleider's upload, replace and confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bos.forms import apply_service_errors
from bos.lists import list_page
from bos.models import SchoolYear
from bos.permissions import can, get_scope, require

from . import files, selectors, services
from .forms import DocumentEditForm, DocumentForm, ReplaceForm
from .lists import DocumentFilter, DocumentTable, ReaderTable
from .models import Document


def _year(request: HttpRequest) -> SchoolYear:
    year = get_scope(request.user).year
    if year is None:
        raise Http404("Er is nog geen schooljaar.")
    return year


def _document(request: HttpRequest, pk: int) -> Document:
    try:
        return selectors.document_get(user=request.user, pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("Document niet gevonden.") from exc


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error, non_field="file")


@require("library.view")
def document_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    scope = get_scope(request.user)
    can_edit = can(request.user, "library.edit")
    queryset = (
        Document.objects.filter(selectors.readable(scope), school_year=year)
        .select_related("current_version")
        .order_by("kind", "title")
    )
    table_class = DocumentTable if can_edit else ReaderTable
    previous_exists = Document.objects.filter(school_year__start_date__lt=year.start_date)
    context = {
        "year": year,
        "can_edit": can_edit,
        "for_me": request.GET.get("alles") not in ("on", "true", "1"),
        "to_review": selectors.to_review_count(year) if can_edit else 0,
        "can_start_year": can_edit
        and not Document.objects.filter(school_year=year).exists()
        and previous_exists.exists(),
    }
    return list_page(
        request,
        queryset=queryset,
        filterset_class=DocumentFilter,
        table_class=table_class,
        template="library/list.html",
        singular="document",
        plural="documenten",
        context=context,
    )


@require("library.view")
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    context = {
        "document": document,
        "year": document.school_year,
        "history": selectors.history(document),
        "can_edit": can(request.user, "library.edit"),
    }
    return render(request, "library/detail.html", context)


@require("library.view")
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        version = selectors.version_get(user=request.user, pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("Document niet gevonden.") from exc
    try:
        path = files.path_of(version.stored_name)
        handle = path.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404("Het bestand is niet gevonden.") from exc
    extension = ".pdf" if version.is_pdf else ".docx"
    name = f"{version.document.title} {version.version}".replace("/", "-")[:150] + extension
    response = FileResponse(
        handle, content_type=version.content_type, as_attachment=not version.is_pdf, filename=name
    )
    if version.is_pdf:
        # Open in the browser's viewer; never sniffed as something else.
        response["Content-Disposition"] = response["Content-Disposition"].replace(
            "attachment", "inline"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


@require("library.edit")
def document_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = services.add_document(
                user=request.user,
                year=year,
                values=form.cleaned_data,
                upload=upload,
                original_name=upload.name,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, f"{document.title} staat in de afspraken van {year}.")
            return redirect("library:detail", pk=document.pk)
    return render(request, "library/form.html", {"form": form, "year": year})


@require("library.edit")
def document_replace(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.replace_document(
                user=request.user,
                document=document,
                values=form.cleaned_data,
                upload=upload,
                original_name=upload.name,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                f"Versie {form.cleaned_data['version']} van {document.title} is nu de geldende "
                "versie; de vorige blijft leesbaar in de geschiedenis.",
            )
            return redirect("library:detail", pk=document.pk)
    context = {"form": form, "document": document, "year": document.school_year}
    return render(request, "library/form.html", context)


@require("library.edit")
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    form = DocumentEditForm(request.POST or None, instance=Document.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(user=request.user, document=document, values=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, f"De gegevens van {form.cleaned_data['title']} zijn opgeslagen."
            )
            return redirect("library:detail", pk=pk)
    context = {"form": form, "document": document, "year": document.school_year, "editing": True}
    return render(request, "library/form.html", context)


@require("library.edit")
@require_POST
def document_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document(request, pk)
    try:
        services.confirm_document(user=request.user, document=document)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("library:detail", pk=pk)
    messages.success(request, f"{document.title} blijft geldig in {document.school_year}.")
    if request.POST.get("terug") == "lijst":
        return redirect(f"{reverse('library:list')}?status=to_review&alles=on")
    return redirect("library:detail", pk=pk)


@require("library.edit")
@require_POST
def start_year(request: HttpRequest, year: str) -> HttpResponse:
    school_year = get_object_or_404(SchoolYear, name=year)
    carried = services.start_year_from_previous(year=school_year, user=request.user)
    if carried:
        messages.success(
            request,
            f"{carried} document(en) van vorig schooljaar overgenomen als ‘te beoordelen’: "
            "bevestig of vervang ze.",
        )
    else:
        messages.info(request, "Er was niets over te nemen.")
    return redirect(f"{reverse('library:list')}?status=to_review&alles=on")
