"""The yearly certificate as PDF (WeasyPrint, imported lazily). The document is
self-contained: the URL fetcher refuses every resource, so rendering never reaches out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bos import partnership

from .models import Certificate
from .selectors import my_activities


def certificate_context(certificate: Certificate, *, site_url: str) -> dict[str, Any]:
    activities = my_activities(certificate.person_id, certificate.school_year)
    return {
        "certificate": certificate,
        "activities": activities,
        "total": sum((a.hours for a in activities), Decimal(0)),
        "today": timezone.localdate(),
        "verify_url": site_url.rstrip("/")
        + reverse("professionalization:verify", args=[certificate.code]),
        **partnership.document_context(),
    }


def render_certificate(certificate: Certificate, *, site_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "professionalization/pdf/certificate.html",
        certificate_context(certificate, site_url=site_url),
    )
    # Nothing outside the document is loaded (no SSRF, no file reads): only the logo's data: URI.
    return HTML(string=html, url_fetcher=partnership.data_only_fetcher()).write_pdf()
