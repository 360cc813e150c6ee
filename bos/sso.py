"""Sign-in through the partnership's identity providers (OpenID Connect, allauth's
openid_connect provider), configured in SSO_PROVIDERS.

Nobody signs up this way: a provider's account is linked only to an existing, active person
whose address the provider has verified and who holds a role (or is a student) here;
anything else is refused with a Dutch explanation. Local two-step verification is skipped
only for a provider marked `enforces_mfa` (the provider asked for a second factor itself).
"""

from __future__ import annotations

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.http import HttpRequest
from django.shortcuts import render

from .models import User
from .permissions import get_scope
from .security.mfa import MFA_OK_SESSION_KEY


def provider_enforces_mfa(sociallogin: SocialLogin | None) -> bool:
    if sociallogin is None:
        return False
    app = getattr(sociallogin.provider, "app", None)
    return bool(app is not None and (app.settings or {}).get("enforces_mfa"))


def _may_sign_in(user: User) -> bool:
    return user.is_active and bool(get_scope(user).roles)


def _verified_addresses(sociallogin: SocialLogin) -> list[str]:
    return [
        address.email.strip().lower()
        for address in sociallogin.email_addresses
        if address.verified and address.email
    ]


def refuse(request: HttpRequest, provider: str, reason: str) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(
        render(
            request,
            "account/sso_refused.html",
            {"provider": provider, "reason": reason},
            status=403,
        )
    )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        provider = sociallogin.provider.name
        if sociallogin.is_existing:
            if not _may_sign_in(sociallogin.user):
                raise refuse(request, provider, "Je account heeft hier geen rol (meer).")
            return
        addresses = _verified_addresses(sociallogin)
        if not addresses:
            raise refuse(
                request,
                provider,
                f"{provider} heeft geen bevestigd e-mailadres van je doorgegeven.",
            )
        if sociallogin.state.get("process") == "connect":
            # Linking to the signed-in account (allauth connects it): only one's own address.
            own = getattr(request.user, "email", "").lower()
            if own not in addresses:
                raise refuse(request, provider, "Dit account hoort niet bij jouw e-mailadres.")
            return
        user = (
            User.objects.filter(email__in=addresses, is_active=True)
            .select_related("person")
            .first()
        )
        if user is None or not _may_sign_in(user):
            raise refuse(
                request,
                provider,
                "Er is hier geen account met een rol bij dit e-mailadres. Vraag de "
                "projectleider van de opleidingsschool om een account.",
            )
        sociallogin.connect(request, user)


class MFAStage(AuthenticateStage):
    """allauth's step that asks for the TOTP code, except after a sign-in through a provider
    that enforces a second factor itself."""

    def _should_handle(self, request: HttpRequest) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if provider_enforces_mfa(sociallogin):
            return False
        return super()._should_handle(request)


def on_login(request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """After a sign-in through a provider that enforces MFA, this session counts as having
    used a second factor (bos.security.middleware.MFARequiredMiddleware)."""
    if provider_enforces_mfa(kwargs.get("sociallogin")):
        request.session[MFA_OK_SESSION_KEY] = True
