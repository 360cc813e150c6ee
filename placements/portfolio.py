"""The student's portfolio of reflections on a placement (annual report: "Ontwikkelproces").
The student writes, and marks each reflection shared or private; shared ones are read by the
placement's WPB, SO and IO and the projectleider. Anyone else gets a 404. Writes and reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bos.closing import ensure_open

from .models import Placement, PortfolioReflection
from .selectors import placement_get, scope_for_placement
from .supervision import supervisor_role

TITLE_MAX = 200
TEXT_MAX = 20_000


def _own_placement(user: Any, placement_id: int) -> Placement:
    """The student's own placement (a 404 for anyone else's)."""
    placement = placement_get(user=user, pk=placement_id)
    scope = scope_for_placement(user, placement)
    if scope.student_id is None or placement.student_id != scope.student_id:
        raise PermissionDenied
    return placement


def _check(title: str, text: str) -> tuple[str, str]:
    errors: dict[str, list[str]] = {}
    title, text = title.strip(), text.strip()
    if not title:
        errors["title"] = ["Geef je reflectie een titel."]
    elif len(title) > TITLE_MAX:
        errors["title"] = [f"De titel is te lang (hoogstens {TITLE_MAX} tekens)."]
    if not text:
        errors["text"] = ["Schrijf je reflectie."]
    elif len(text) > TEXT_MAX:
        errors["text"] = [f"De reflectie is te lang (hoogstens {TEXT_MAX} tekens)."]
    if errors:
        raise ValidationError(errors)
    return title, text


@transaction.atomic
def reflection_write(
    *, user: Any, placement_id: int, title: str, text: str, shared: bool
) -> PortfolioReflection:
    """The student adds a reflection to the portfolio of their placement."""
    placement = _own_placement(user, placement_id)
    ensure_open(placement.school_year_id)
    title, text = _check(title, text)
    return PortfolioReflection.objects.create(
        placement=placement,
        title=title,
        text=text,
        shared_at=timezone.now() if shared else None,
    )


def _own_reflection(user: Any, reflection_id: int) -> PortfolioReflection:
    reflection = PortfolioReflection.objects.select_related("placement").get(pk=reflection_id)
    _own_placement(user, reflection.placement_id)
    return PortfolioReflection.objects.select_for_update().get(pk=reflection_id)


@transaction.atomic
def reflection_edit(
    *, user: Any, reflection_id: int, title: str, text: str, shared: bool
) -> PortfolioReflection:
    """The student rewrites a reflection (feedback worked in) and shares it or not."""
    reflection = _own_reflection(user, reflection_id)
    ensure_open(reflection.placement.school_year_id)
    reflection.title, reflection.text = _check(title, text)
    if shared and reflection.shared_at is None:
        reflection.shared_at = timezone.now()
    elif not shared:
        reflection.shared_at = None
    reflection.save()
    return reflection


@transaction.atomic
def reflection_share(*, user: Any, reflection_id: int, share: bool) -> PortfolioReflection:
    """Share a reflection with the placement's supervisors, or take it back."""
    reflection = _own_reflection(user, reflection_id)
    ensure_open(reflection.placement.school_year_id)
    if share and reflection.shared_at is None:
        reflection.shared_at = timezone.now()
    elif not share:
        reflection.shared_at = None
    reflection.save(update_fields=["shared_at", "updated_at"])
    return reflection


# --- Reads -------------------------------------------------------------------------------


@dataclass
class PortfolioView:
    placement: Placement
    is_owner: bool
    role: str | None
    reflections: list[PortfolioReflection]


def portfolio_for(*, user: Any, placement_id: int) -> PortfolioView:
    """The student sees all their reflections; the placement's supervisors the shared
    ones. Anyone else: Placement.DoesNotExist (a 404)."""
    placement = placement_get(user=user, pk=placement_id)
    scope = scope_for_placement(user, placement)
    is_owner = scope.student_id is not None and placement.student_id == scope.student_id
    role = None if is_owner else supervisor_role(scope, placement)
    if not is_owner and role is None:
        raise Placement.DoesNotExist
    reflections = placement.reflections.all()
    if not is_owner:
        reflections = reflections.filter(shared_at__isnull=False)
    return PortfolioView(
        placement=placement, is_owner=is_owner, role=role, reflections=list(reflections)
    )


def reflection_get(*, user: Any, pk: int) -> tuple[PortfolioReflection, bool]:
    """One reflection the user may read, and whether it is their own; a private one is the
    student's alone. Otherwise PortfolioReflection.DoesNotExist (a 404)."""
    reflection = PortfolioReflection.objects.select_related("placement").get(pk=pk)
    try:
        view_ = portfolio_for(user=user, placement_id=reflection.placement_id)
    except Placement.DoesNotExist as exc:
        raise PortfolioReflection.DoesNotExist from exc
    if not view_.is_owner and not reflection.is_shared:
        raise PortfolioReflection.DoesNotExist
    reflection.placement = view_.placement
    return reflection, view_.is_owner
