"""Sign-in through the partnership's identity providers (OpenID Connect, allauth's
openid_connect provider), configured in SSO_PROVIDERS.

Nobody signs up this way: a provider's account is linked only to an existing, active person
whose address the provider has verified and who holds a role (or is a student) here;
anything else is refused with a Dutch explanation. Local two-step verification is skipped
only for a provider marked `enforces_mfa` (the provider asked for a second factor itself).
The sign-in pages allow their provider buttons' forms to continue to the providers
(SSOFormActionMiddleware).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.http import HttpRequest, HttpResponse
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


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def provider_origins(request: HttpRequest) -> list[str]:
    """The origins the provider buttons' forms end up at: each configured provider's issuer
    (its authorization endpoint lives there, unless an override names another)."""
    origins: list[str] = []
    for app in get_adapter().list_apps(request, provider="openid_connect"):
        app_settings = app.settings or {}
        overrides = app_settings.get("openid_configuration_overrides") or {}
        for url in (app_settings.get("server_url", ""), overrides.get("authorization_endpoint")):
            origin = _origin(url or "")
            if origin and origin not in origins:
                origins.append(origin)
    return origins


class SSOFormActionMiddleware:
    """A provider button is a form posted to our own sign-in URL, which redirects to the
    provider. Browsers apply the page's CSP `form-action` to that redirect as well, so on the
    account pages (where those buttons are) the configured providers' origins are allowed
    too. Listed after django.middleware.csp.ContentSecurityPolicyMiddleware, which then sends
    the policy set here."""

    PREFIX = "/accounts/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not request.path.startswith(self.PREFIX)
            or hasattr(response, "_csp_config")
            or not response.get("Content-Type", "").startswith("text/html")
            or not settings.SECURE_CSP
        ):
            return response
        origins = provider_origins(request)
        if origins:
            policy = dict(settings.SECURE_CSP)
            policy["form-action"] = [*policy.get("form-action", []), *origins]
            response._csp_config = policy  # type: ignore[attr-defined]
        return response
