from celery import shared_task


@shared_task
def generate_report_pdf(generated_id: int) -> int:
    """Render a queued annual report PDF (only the id travels through the broker)."""
    from .services import report_generate

    return report_generate(generated_id=generated_id).pk


@shared_task(ignore_result=True)
def refresh_report(year_id: int, location_ids: list[int] | None) -> None:
    """Build a year's report (or an SO's part: location ids, no personal data) into the
    cache after a write made it stale. Idempotent: a second run stores the same report."""
    from bos.models import SchoolYear

    from . import cache
    from .document import build_report

    year = SchoolYear.objects.filter(pk=year_id).first()
    scope = None if location_ids is None else frozenset(location_ids)
    try:
        if year is None:
            return
        key = cache.report_key(year, scope)
        cache.store(year, scope, key, build_report(year, location_ids=scope))
    finally:
        if year is not None:
            cache.refreshed(year, scope)
