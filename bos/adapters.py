import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.mail import EmailMessage
from django.http import HttpRequest

from bos.security import mfa_crypto, ratelimit

from . import mail, partnership
from .models import User

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the projectleider or an admin invites people. Account e-mails (login
    codes, password resets) look like every other e-mail of the application."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # Our MFA step skips the code after a provider that enforces MFA itself (bos.sso).
        return [
            "bos.sso.MFAStage" if stage == "allauth.mfa.stages.AuthenticateStage" else stage
            for stage in super().get_login_stages()
        ]

    def validation_error(self, code: str, *args: Any) -> ValidationError:
        # allauth refuses without saying for how long; the wait comes from its own counters.
        if code == "too_many_login_attempts":
            wait = ratelimit.allauth_retry_after(self.request) if self.request else None
            return ValidationError(f"Te veel inlogpogingen. {ratelimit.try_again(wait)}", code=code)
        return super().validation_error(code, *args)

    def format_email_subject(self, subject: str) -> str:
        return mail.subject_line(subject)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        addresses = [email] if isinstance(email, str) else list(email)
        # allauth passes the user for a password reset but not for a login code: found by
        # the address then, so every mail to a known person greets them by name.
        user = context.get("user") or _user_for(addresses[0] if addresses else "")
        context = {
            "partnership_name": partnership.current().name,
            "site_url": mail.site_url(),
            "greeting": mail.greeting(_first_name(user)),
            **context,
        }
        message = super().render_mail(template_prefix, email, context, headers)
        title = message.subject.removeprefix(mail.subject_line(""))
        kind = f"account.{template_prefix.rsplit('/', 1)[-1]}"
        if kind not in mail.Kind:
            # An allauth mail we have no text of our own for: still sent, never silently.
            logger.warning("Account mail %s has no kind in bos.mail.Kind", template_prefix)
            kind = mail.Kind.UNKNOWN_ACCOUNT
        return mail.build(
            kind=mail.Kind(kind), subject=title, text=message.body, to=message.to, headers=headers
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # After the commit, like every other mail (bos.mail): allauth's own send_mail sends
        # at once.
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        mail.deliver_on_commit(self.render_mail(template_prefix, email, ctx))


def _user_for(address: str) -> Any:
    if not address:
        return None
    return (
        User.objects.filter(email__iexact=address, is_active=True)
        .select_related("person", "student")
        .first()
    )


def _first_name(user: Any) -> str:
    if user is None:
        return ""
    for related in ("person", "student"):
        try:
            owner = getattr(user, related)
        except ObjectDoesNotExist:
            continue
        if owner is not None and owner.first_name:
            return owner.first_name
    return user.first_name or ""


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (bos.security.mfa_crypto)."""

    def get_totp_issuer(self) -> str:
        return partnership.current().name

    def encrypt(self, text: str) -> str:
        return mfa_crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_crypto.decrypt(encrypted_text)
