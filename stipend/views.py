"""Pages of the stipend procedure. Thin: selectors read, services write. Every page carries
personal data, so none may be cached (`never_cache`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from bos import audit
from bos.fragments import CSRF_STAND_IN, kept_fragment
from bos.lists import list_page, pager_query, paginate
from bos.models import SchoolBoard
from bos.permissions import get_scope, require
from bos.security.ratelimit import rate_limit
from placements.models import Placement

from . import export, selectors, services, storage
from .assessment import assess
from .completeness import for_completeness, later_items, missing_items
from .fields import EncryptedTextField
from .forms import (
    AcceptForm,
    ApplicationForm,
    DaysChangeForm,
    EndForm,
    ExportForm,
    IbanForm,
    ReasonForm,
    RevealForm,
    StopForm,
    UploadForm,
    VogForm,
)
from .lists import (
    ApplicationFilter,
    ApplicationTable,
    ApprovalTable,
    HrQueueFilter,
    HrQueueTable,
    startable_rows,
)
from .models import (
    EDITABLE,
    AccessAction,
    DocumentKind,
    Status,
    StipendApplication,
    StipendDocument,
)
from .validators import mask

# The encrypted columns: a list that does not show them defers them, so nothing is decrypted.
ENCRYPTED_FIELDS = tuple(
    f.name for f in StipendApplication._meta.concrete_fields if isinstance(f, EncryptedTextField)
)

View = Callable[..., HttpResponse]


def _get(request: HttpRequest, pk: int) -> StipendApplication:
    try:
        return selectors.application_get(user=request.user, pk=pk)
    except StipendApplication.DoesNotExist as exc:
        raise Http404("Aanvraag niet gevonden.") from exc


def _step(view: View) -> View:
    """A POST that runs one service step: a refused guard becomes a message, not an error."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        application = _get(request, pk)
        try:
            result = view(request, application, *args, **kwargs)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("stipend:detail", pk=application.pk)
        return result or redirect("stipend:detail", pk=application.pk)

    return wrapped


@never_cache
@require("stipend.view")
def application_list(request: HttpRequest) -> HttpResponse:
    scope = get_scope(request.user)
    approves = bool(scope.so_location_ids or scope.director_location_ids)
    # Paged apart from the list: the largest school has hundreds of final placements. Kept as
    # HTML until the next write, per reader, day and query (bos.fragments).
    startable = kept_fragment(
        request, "stipend:startable", "stipend/_startable.html", lambda: _startable(request)
    )
    # The list shows no personal numbers: leave them encrypted in the database.
    return list_page(
        request,
        queryset=selectors.application_list(user=request.user)
        .defer(*ENCRYPTED_FIELDS)
        # Only the relations the list shows and judges its rows' steps by.
        .select_related(None)
        .select_related("placement__student", "placement__location", "placement__school_year"),
        filterset_class=ApplicationFilter,
        table_class=ApprovalTable if approves else ApplicationTable,
        template="stipend/application_list.html",
        singular="aanvraag",
        plural="aanvragen",
        export_name=f"stagevergoeding-{scope.year}",
        context={
            "startable": startable,
            "year": scope.year,
            "is_hr": bool(scope.hr_board_ids),
        },
    )


def _startable(request: HttpRequest) -> dict[str, Any]:
    """The context of the "aanvraag starten" section: a page of final placements without an
    application, each with its start form (the token a stand-in, see bos.fragments)."""
    page = paginate(selectors.startable_placements(user=request.user), request.GET.get("starten"))
    return {
        "startable": page,
        "startable_rows": startable_rows(page.object_list, CSRF_STAND_IN),
        "startable_query": pager_query(request, "starten"),
    }


def _in_list(view: Callable[..., str]) -> View:
    """A step from a row of the list (the `_step` of the list): with htmx only that row comes
    back, with the outcome in it; without JavaScript back to the list with a message. A refused
    guard (e.g. the application moved on meanwhile) becomes a message, not an error."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int) -> HttpResponse:
        application = _get(request, pk)
        try:
            message, ok = view(request, application), True
        except ValidationError as exc:
            message, ok = " ".join(exc.messages), False
        if request.htmx:
            application = _get(request, pk)
            application.row_outcome = {"message": message, "ok": ok}
            table = ApprovalTable([application], request=request)
            return render(request, "tables/_row.html", {"row": table.prepare_row(table.rows[0])})
        if ok:
            messages.success(request, message)
        else:
            messages.error(request, message)
        return redirect("stipend:list")

    return wrapped


@never_cache
@require("stipend.apply")
@require_POST
def start(request: HttpRequest, placement_pk: int) -> HttpResponse:
    try:
        placement = selectors.startable_placements(user=request.user).get(pk=placement_pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc
    try:
        application = services.start_application(placement=placement, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("stipend:list")
    messages.success(request, "De aanvraag is aangemaakt.")
    return redirect("stipend:edit", pk=application.pk)


def _masked(application: StipendApplication) -> dict[str, str]:
    birth = application.date_of_birth
    return {
        "bsn": mask(application.bsn),
        "iban": mask(application.iban, 4),
        "date_of_birth": "••-••-" + str(birth.year)[:2] + "••" if birth else "",
    }


def _detail_context(
    request: HttpRequest, application: StipendApplication, revealed: dict[str, str] | None = None
) -> dict[str, Any]:
    user = request.user
    is_hr = selectors.may_reveal(user, application)
    is_student = selectors.is_own_student(user, application)
    is_so = selectors.is_so_of(user, application)
    is_director = selectors.is_director_of(user, application)
    status = application.status
    documents = list(application.documents.all())
    return {
        "application": application,
        "assessment": assess(application),
        "missing": missing_items(application),
        "later": later_items(application),
        "masked": _masked(application),
        "revealed": revealed or {},
        "events": application.events.select_related("actor"),
        "documents": [(d, _may_download(user, application, d)) for d in documents],
        "days_changes": application.days_changes.all(),
        "duplicates": services.duplicates_of(application) if is_hr else [],
        "access_log": application.access_log.all()[:50] if is_hr else [],
        "is_hr": is_hr,
        "can_edit": (is_student or is_so) and status in EDITABLE,
        "can_upload": (is_student or is_so or is_hr)
        and status not in (Status.REJECTED, Status.STOPPED, Status.ENDED),
        "can_sign": is_student and status in EDITABLE,
        "can_change_iban": is_student and status in services.IBAN_CHANGE_STATUSES,
        "iban_form": IbanForm(),
        "can_so_approve": is_so and status == Status.SIGNED,
        "can_director_approve": is_director and status == Status.SO_APPROVED,
        "can_send_back": (
            (status == Status.SIGNED and is_so)
            or (status == Status.SO_APPROVED and (is_director or is_so))
            or (status == Status.SUBMITTED and is_hr)
        ),
        "can_decide": is_hr and status == Status.SUBMITTED,
        "can_change": is_so and status == Status.ACCEPTED,
        "can_end": (is_so or is_hr) and status == Status.ACCEPTED,
        "can_vog": is_hr and status in (Status.ACCEPTED, Status.STOPPED, Status.ENDED),
        "upload_form": UploadForm(),
        "reason_form": ReasonForm(),
        "accept_form": AcceptForm(),
        "days_form": DaysChangeForm(),
        "stop_form": StopForm(),
        "end_form": EndForm(initial={"end_date": application.end_date}),
        "vog_form": VogForm(
            initial={"claim": application.vog_claim, "amount": application.vog_claim_amount}
        ),
    }


@never_cache
@require("stipend.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    services.log_access(application=application, user=request.user, action=AccessAction.VIEW)
    audit.record_view(request, application)
    return render(request, "stipend/application_detail.html", _detail_context(request, application))


@never_cache
@require("stipend.hr")
@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    form = RevealForm(request.POST)
    if not form.is_valid():
        return redirect("stipend:detail", pk=application.pk)
    field = form.cleaned_data["field"]
    value = services.reveal(application=application, actor=request.user, field=field)
    services.log_access(application=application, user=request.user, action=AccessAction.VIEW)
    context = _detail_context(request, application, revealed={field: value})
    return render(request, "stipend/application_detail.html", context)


@never_cache
@sensitive_post_parameters("bsn", "iban", "date_of_birth", "partner_date_of_birth")
@require("stipend.apply")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _get(request, pk)
    user = request.user
    if not (selectors.is_own_student(user, application) or selectors.is_so_of(user, application)):
        raise Http404("Aanvraag niet gevonden.")
    if application.status not in EDITABLE:
        messages.error(request, "Deze aanvraag kan niet meer worden gewijzigd.")
        return redirect("stipend:detail", pk=application.pk)
    form = ApplicationForm(
        request.POST or None,
        instance=application,
        initial={"version": application.version},
        by_student=selectors.is_own_student(user, application),
    )
    if request.method == "POST" and form.is_valid():
        data = {
            name: form.cleaned_data[name] for name in services.FORM_FIELDS if name in form.fields
        }
        try:
            services.update_application(
                application=application,
                actor=user,
                data=data,
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "De aanvraag is opgeslagen.")
            return redirect("stipend:detail", pk=application.pk)
    return render(
        request,
        "stipend/application_form.html",
        {"form": form, "application": application},
        status=400 if form.errors else 200,
    )


@never_cache
@require("stipend.upload")
@require_POST
@_step
def upload(request: HttpRequest, application: StipendApplication) -> HttpResponse | None:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return None
    services.add_document(
        application=application,
        actor=request.user,
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
    )
    messages.success(request, "Het document is toegevoegd.")
    return None


def _may_download(user: Any, application: StipendApplication, document: StipendDocument) -> bool:
    """HR of the board and the student themselves; the SO only the documents about the
    placement, never the ID copy, tax form or VOG."""
    if selectors.may_reveal(user, application) or selectors.is_own_student(user, application):
        return True
    if selectors.is_so_of(user, application):
        return document.kind in (
            DocumentKind.AGREEMENT,
            DocumentKind.PREVIOUS_LEVEL,
            DocumentKind.LETTER,
        )
    return False


@never_cache
@require("stipend.documents")
def download(request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
    application = _get(request, pk)
    document = application.documents.filter(pk=document_pk).first()
    if document is None or not _may_download(request.user, application, document):
        raise Http404("Document niet gevonden.")
    path = storage.path_of(document.stored_name)
    if not path.exists():
        raise Http404("Document niet gevonden.")
    content = storage.read(document.stored_name)
    services.log_access(
        application=application,
        user=request.user,
        action=AccessAction.DOWNLOAD,
        detail=document.get_kind_display(),
    )
    extension = path.suffix
    response = FileResponse(
        BytesIO(content),
        as_attachment=True,
        filename=f"{document.kind}-{application.pk}{extension}",
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@require("stipend.sign")
@require_POST
@_step
def sign(request: HttpRequest, application: StipendApplication) -> None:
    services.sign(application=application, actor=request.user)
    messages.success(request, "Je hebt de aanvraag ondertekend; de schoolopleider is aan zet.")


@never_cache
@sensitive_post_parameters("iban")
@require("stipend.sign")
@require_POST
@_step
def change_iban(request: HttpRequest, application: StipendApplication) -> None:
    form = IbanForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("iban", []):
            messages.error(request, message)
        return
    services.change_iban(
        application=application, actor=request.user, iban=form.cleaned_data["iban"]
    )
    messages.success(
        request,
        "Je rekeningnummer is gewijzigd. De aanvraag staat weer bij jou: controleer hem en "
        "onderteken opnieuw.",
    )


@never_cache
@require("stipend.so")
@require_POST
@_step
def so_approve(request: HttpRequest, application: StipendApplication) -> None:
    services.approve_by_so(application=application, actor=request.user)
    messages.success(request, SO_APPROVED_MESSAGE)


@never_cache
@require("stipend.director")
@require_POST
@_step
def director_approve(request: HttpRequest, application: StipendApplication) -> None:
    services.approve_by_director(application=application, actor=request.user)
    messages.success(request, DIRECTOR_APPROVED_MESSAGE)


SO_APPROVED_MESSAGE = "Goedgekeurd; de directie is aan zet."
DIRECTOR_APPROVED_MESSAGE = "Goedgekeurd en doorgestuurd naar HR."


@never_cache
@require("stipend.so")
@require_POST
@_in_list
def so_approve_row(request: HttpRequest, application: StipendApplication) -> str:
    services.approve_by_so(application=application, actor=request.user)
    return SO_APPROVED_MESSAGE


@never_cache
@require("stipend.director")
@require_POST
@_in_list
def director_approve_row(request: HttpRequest, application: StipendApplication) -> str:
    services.approve_by_director(application=application, actor=request.user)
    return DIRECTOR_APPROVED_MESSAGE


@never_cache
@require("stipend.send_back")
@require_POST
@_step
def send_back(request: HttpRequest, application: StipendApplication) -> None:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.send_back(application=application, actor=request.user, reason=reason)
    messages.success(request, "De aanvraag is teruggestuurd.")


@never_cache
@require("stipend.hr")
@require_POST
@_step
def accept(request: HttpRequest, application: StipendApplication) -> None:
    form = AcceptForm(request.POST)
    reference = form.cleaned_data["employee_reference"] if form.is_valid() else ""
    services.accept(application=application, actor=request.user, employee_reference=reference)
    messages.success(request, "Toegekend; de bevestiging is naar de student gestuurd.")


@never_cache
@require("stipend.hr")
@require_POST
@_step
def reject(request: HttpRequest, application: StipendApplication) -> None:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.reject(application=application, actor=request.user, reason=reason)
    messages.success(request, "De aanvraag is afgewezen.")


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else message)


@never_cache
@require("stipend.so")
@require_POST
@_step
def change_days(request: HttpRequest, application: StipendApplication) -> None:
    form = DaysChangeForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    change = services.change_days(
        application=application,
        actor=request.user,
        days=form.cleaned_data["days"],
        on=form.cleaned_data["agreed_on"],
    )
    messages.success(request, f"Gewijzigd met ingang van {change.effective_from:%d-%m-%Y}.")


@never_cache
@require("stipend.so")
@require_POST
@_step
def stop(request: HttpRequest, application: StipendApplication) -> None:
    form = StopForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    services.stop(
        application=application,
        actor=request.user,
        stop_date=form.cleaned_data["stop_date"],
        reason=form.cleaned_data["reason"],
        obligations_unmet_confirmed=form.cleaned_data["confirmed"],
    )
    messages.success(request, "De stagevergoeding is stopgezet; HR is geïnformeerd.")


@never_cache
@require("stipend.end")
@require_POST
@_step
def end(request: HttpRequest, application: StipendApplication) -> None:
    form = EndForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    services.end(
        application=application, actor=request.user, end_date=form.cleaned_data["end_date"]
    )
    messages.success(request, "De stagevergoeding is beëindigd.")


@never_cache
@require("stipend.hr")
@require_POST
@_step
def vog(request: HttpRequest, application: StipendApplication) -> None:
    form = VogForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    services.update_vog_claim(
        application=application,
        actor=request.user,
        claim=form.cleaned_data["claim"],
        amount=form.cleaned_data["amount"],
    )
    messages.success(request, "De VOG-declaratie is bijgewerkt.")


def _hr_boards(request: HttpRequest) -> list[SchoolBoard]:
    scope = get_scope(request.user)
    return list(SchoolBoard.objects.filter(pk__in=scope.hr_board_ids).order_by("name"))


@never_cache
@require("stipend.hr")
def hr_queue(request: HttpRequest) -> HttpResponse:
    # Completeness needs the form's fields and the documents: the table computes it for the
    # rows of one page, the encrypted fields judged filled in by the database without being
    # decrypted, the documents' kinds in one query (completeness.for_completeness).
    scope = get_scope(request.user)
    return list_page(
        request,
        # "id", not "pk", as the tie-breaker: the table marks every column whose ordering
        # the queryset names as sorted, and the oldest-first order belongs to one column.
        queryset=for_completeness(
            selectors.hr_applications(user=request.user)
            # Only the relations the table shows: a row read nine related objects for three.
            .select_related(None)
            .select_related("placement__student", "placement__location__board")
            .order_by("updated_at", "id")
        ),
        filterset_class=HrQueueFilter,
        table_class=HrQueueTable,
        template="stipend/hr_queue.html",
        singular="aanvraag",
        plural="aanvragen",
        export_name=f"stagevergoeding-hr-{scope.year}",
        context={
            "boards": _hr_boards(request),
            "months": export.months_of(scope.year) if scope.year else [],
            "export_form": ExportForm(),
        },
    )


@never_cache
@require("stipend.hr")
@rate_limit("export")
def export_payments(request: HttpRequest) -> HttpResponse:
    boards = _hr_boards(request)
    form = ExportForm(request.GET or None)
    if not form.is_valid():
        scope = get_scope(request.user)
        return render(
            request,
            "stipend/export.html",
            {"form": form, "boards": boards, "months": export.months_of(scope.year)},
            status=400 if request.GET else 200,
        )
    board_id = form.cleaned_data["board"]
    board = next((b for b in boards if b.pk == board_id), None) if board_id else None
    if board is None:
        if board_id or len(boards) != 1:
            raise Http404("Bestuur niet gevonden.")
        board = boards[0]
    month = form.cleaned_data["month"]
    rows = export.payments_due(board, month)
    services.log_export(
        user=request.user,
        application_ids=[row.application_id for row in rows],
        detail=f"{board.name} {month:%Y-%m}",
    )
    stem = f"stagevergoeding-{board.name.lower().replace(' ', '-')}-{month:%Y-%m}"
    if form.cleaned_data["format"] == "csv":
        response = HttpResponse(export.to_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    else:
        response = HttpResponse(
            export.to_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
