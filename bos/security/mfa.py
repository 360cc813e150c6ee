"""Who must use two-step verification, and whether this session has."""

from __future__ import annotations

import datetime as dt
from typing import Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from bos.models import RoleAssignment

MFA_OK_SESSION_KEY = "bos_mfa_ok"


def must_use_mfa(user: Any) -> bool:
    """Staff who see personal data of others (SO, IO, coordinators, projectleider, HR) and
    administrators; a role in any school year counts, so nobody escapes by year."""
    if user.is_superuser or user.is_staff:
        return True
    person = getattr(user, "person", None)
    if person is None:
        return False
    return RoleAssignment.objects.filter(
        person=person, role__in=list(settings.BOS_MFA_ROLES)
    ).exists()


def has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_used_mfa(request: HttpRequest, login_at: float | None) -> bool:
    """The session passed the MFA step, or set up TOTP after logging in (activation requires
    entering a valid code, so the factor has been used)."""
    if request.session.get(MFA_OK_SESSION_KEY):
        return True
    if (
        login_at is not None
        and Authenticator.objects.filter(
            user=request.user,
            type=Authenticator.Type.TOTP,
            created_at__gte=dt.datetime.fromtimestamp(login_at, tz=dt.UTC),
        ).exists()
    ):
        return True
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )
