"""The confirmation letter HR sends when it accepts an application (PDF by WeasyPrint)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from bos import partnership
from facilitation.rules import format_eur

from . import rules
from .assessment import Assessment
from .models import StipendApplication


def letter_context(application: StipendApplication, result: Assessment) -> dict[str, object]:
    schedule = result.schedule
    return {
        "application": application,
        "today": rules.date_label(timezone.localdate()),
        "monthly": format_eur(result.monthly),
        "start": rules.date_label(application.start_date) if application.start_date else "",
        "end": rules.date_label(application.end_date) if application.end_date else "",
        "months": [(rules.month_label(m), format_eur(a)) for m, a in schedule.months]
        if schedule
        else [],
        "total": format_eur(schedule.total) if schedule else format_eur(0),
        "hr_office": application.placement.location.board.hr_office,
        **partnership.document_context(),
    }


def render_letter(application: StipendApplication, result: Assessment) -> bytes:
    # WeasyPrint loads native libraries (Pango); import it only when a letter is made.
    from weasyprint import HTML

    html = render_to_string("stipend/letter.html", letter_context(application, result))
    # The letter is self-contained: only the logo's data: URI is read, never a URL (no SSRF,
    # no file reads).
    return HTML(string=html, url_fetcher=partnership.data_only_fetcher()).write_pdf()
