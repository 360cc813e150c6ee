from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from bos.permissions import get_scope, require

from . import selectors
from .models import Placement


@require("placement.view")
def placement_list(request: HttpRequest) -> HttpResponse:
    placements = selectors.placement_list(user=request.user)
    scope = get_scope(request.user)
    return render(
        request,
        "placements/placement_list.html",
        {"placements": placements, "year": scope.year},
    )


@require("placement.view")
def placement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        placement = selectors.placement_get(user=request.user, pk=pk)
    except Placement.DoesNotExist as exc:
        raise Http404("Stage niet gevonden.") from exc
    return render(request, "placements/placement_detail.html", {"placement": placement})
