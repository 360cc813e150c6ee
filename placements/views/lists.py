"""Lists the SO hands to others: ICT (Magister accounts) and facilities (keys, copy codes)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bos.fragments import kept_fragment
from bos.lists import paginate
from bos.permissions import can, get_scope, require
from bos.security.ratelimit import rate_limit

from .. import selectors
from ..excel import xlsx_response
from ..models import Placement

ICT_HEADERS = [
    "Achternaam",
    "Voornaam",
    "Instituut",
    "E-mailadres",
    "Locatie",
    "Rechtengroep",
    "Begindatum",
    "Einddatum",
]
FACILITIES_HEADERS = [
    "Achternaam",
    "Voornaam",
    "Instituut",
    "Locatie",
    "Begindatum",
    "Einddatum",
    "Dagen per week",
    "Werkplekbegeleider",
]


def _ict_row(p: Placement) -> list[object]:
    return [
        p.student.last_name,
        p.student.first_name,
        p.student.institute.short_name,
        p.student.email,
        p.location.name,
        p.online_rights_group.label,
        p.start_date,
        p.end_date,
    ]


def _facilities_row(p: Placement) -> list[object]:
    return [
        p.student.last_name,
        p.student.first_name,
        p.student.institute.short_name,
        p.location.name,
        p.start_date,
        p.end_date,
        p.days_per_week,
        p.wpb.full_name if p.wpb else "",
    ]


@require("placement.edit")
def ict_list(request: HttpRequest) -> HttpResponse:
    # The page's list as HTML, per reader, day and query, until the next write: a visit does
    # not read and print a page of the largest school again.
    body = kept_fragment(
        request, "placements:ict", "placements/_ict_body.html", lambda: _ict_context(request)
    )
    year = get_scope(request.user).year
    return render(request, "placements/list_ict.html", {"body": body, "year": year})


def _ict_context(request: HttpRequest) -> dict[str, object]:
    # A page at a time: the largest school's list is as large as a small one's; the Excel
    # download holds them all.
    page = paginate(selectors.ict_rows(user=request.user), request.GET.get("pagina"))
    year = get_scope(request.user).year
    rows, source = selectors.online_rights_table(year)
    return {
        # The rights group of every row by the year's table, read once for the page.
        "placements": selectors.attach_online_rights(page.object_list),
        "page": page,
        "year": year,
        "rights_rows": rows,
        "rights_source": source,
        # The projectleider changes the table on the year's policy.
        "may_edit_rights": year is not None and can(request.user, "policy.edit", year),
    }


@require("placement.edit")
@rate_limit("export")
def ict_list_excel(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    rows = [_ict_row(p) for p in selectors.ict_list(user=request.user)]
    return xlsx_response(f"ict-lijst-{year}.xlsx", "ICT", ICT_HEADERS, rows)


@require("placement.edit")
def facilities_list(request: HttpRequest) -> HttpResponse:
    # Kept as HTML like the ICT list.
    body = kept_fragment(
        request,
        "placements:facilities",
        "placements/_facilities_body.html",
        lambda: _facilities_context(request),
    )
    year = get_scope(request.user).year
    return render(request, "placements/list_facilities.html", {"body": body, "year": year})


def _facilities_context(request: HttpRequest) -> dict[str, object]:
    page = paginate(selectors.facilities_rows(user=request.user), request.GET.get("pagina"))
    return {"placements": page.object_list, "page": page}


@require("placement.edit")
@rate_limit("export")
def facilities_list_excel(request: HttpRequest) -> HttpResponse:
    year = get_scope(request.user).year
    rows = [_facilities_row(p) for p in selectors.facilities_list(user=request.user)]
    return xlsx_response(f"facilitair-{year}.xlsx", "Facilitair", FACILITIES_HEADERS, rows)
