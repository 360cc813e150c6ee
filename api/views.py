"""The API-sleutels page (projectleider, admin) and the API's readable documentation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bos.permissions import require

from . import rules, services
from .forms import ApiKeyForm
from .models import ApiKey
from .routers import api


def _keys_page(  # nosec B107 - the empty default means "no new key to show"
    request: HttpRequest, form: ApiKeyForm, token: str = "", status: int = 200
) -> HttpResponse:
    now = timezone.now()
    keys = ApiKey.objects.select_related("institute").order_by(
        "institute__short_name", "-created_at"
    )
    rows = [
        {
            "key": key,
            "state": rules.key_state(expires_at=key.expires_at, revoked_at=key.revoked_at, now=now),
        }
        for key in keys
    ]
    response = render(
        request, "api/keys.html", {"form": form, "rows": rows, "token": token}, status=status
    )
    if token:
        # The page shows a key once: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@require("api.keys")
def keys(request: HttpRequest) -> HttpResponse:
    """The institutes' keys; a new key is shown once, on the page that made it."""
    if request.method != "POST":
        return _keys_page(request, ApiKeyForm())
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, form, status=400)
    try:
        key, token = services.api_key_create(
            user=request.user,
            institute_id=form.cleaned_data["institute"].pk,
            name=form.cleaned_data["name"],
            valid_days=form.cleaned_data["valid_days"],
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return _keys_page(request, form, status=400)
    messages.success(request, f"Sleutel voor {key.institute} aangemaakt.")
    return _keys_page(request, ApiKeyForm(), token=token)


@require("api.keys")
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        key = services.api_key_revoke(user=request.user, key_id=pk)
    except ApiKey.DoesNotExist:
        raise Http404("Deze sleutel bestaat niet.") from None
    messages.success(request, f"Sleutel {key.prefix}… van {key.institute} ingetrokken.")
    return redirect("apikeys:list")


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation, rendered from its OpenAPI document (no external scripts)."""
    schema = api.get_openapi_schema()
    operations: list[dict[str, Any]] = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": operation.get("parameters", []),
                    "body": bool(operation.get("requestBody")),
                    "responses": sorted(operation.get("responses", {})),
                    "tags": operation.get("tags", []),
                }
            )
    return render(
        request,
        "api/docs.html",
        {
            "info": schema["info"],
            "operations": operations,
            "schemas": sorted(schema.get("components", {}).get("schemas", {}).items()),
        },
    )
