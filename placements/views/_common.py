"""What the placements pages share."""

from django.core.exceptions import ValidationError
from django.forms import Form

from bos.forms import apply_service_errors


def _apply_errors(form: Form, error: ValidationError) -> None:
    apply_service_errors(form, error)
