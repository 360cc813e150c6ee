from celery import shared_task


@shared_task
def apply_retention() -> int:
    """Daily: anonymise what the retention rules say (no personal data in arguments)."""
    from .retention import apply_retention as run

    return len(run().anonymised)
