from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.http import HttpRequest

from bos.security import mfa_crypto

from . import mail, partnership


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the projectleider or an admin invites people. Account e-mails (login
    codes, password resets) look like every other e-mail of the application."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        return mail.subject_line(subject)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        context = {
            "partnership_name": partnership.current().name,
            "site_url": mail.site_url(),
            **context,
        }
        message = super().render_mail(template_prefix, email, context, headers)
        text = message.body
        title = message.subject.removeprefix(mail.subject_line(""))
        html = EmailMultiAlternatives(
            subject=message.subject,
            body=mail.text_with_footer(text),
            from_email=mail.from_address(),
            to=message.to,
            headers=headers,
        )
        html.attach_alternative(mail.html_for(text, title=title), "text/html")
        return html


class MFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (bos.security.mfa_crypto)."""

    def get_totp_issuer(self) -> str:
        return partnership.current().name

    def encrypt(self, text: str) -> str:
        return mfa_crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_crypto.decrypt(encrypted_text)
