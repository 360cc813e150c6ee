from celery import shared_task


@shared_task
def generate_report_pdf(generated_id: int) -> int:
    """Render a queued annual report PDF (only the id travels through the broker)."""
    from .services import report_generate

    return report_generate(generated_id=generated_id).pk
