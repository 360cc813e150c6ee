"""Mail to students about matching and supervision: Dutch, HTML with a plain-text part,
sent after the transaction commits."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils.html import escape, linebreaks

from bos import mail as bos_mail


def send(*, subject: str, body: str, to: list[str]) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return

    def deliver() -> None:
        message = EmailMultiAlternatives(
            subject=bos_mail.subject_line(subject),
            body=body,
            from_email=bos_mail.from_address(),
            to=recipients,
        )
        message.attach_alternative(
            f'<!doctype html><html lang="nl"><body>{linebreaks(escape(body))}</body></html>',
            "text/html",
        )
        message.send()

    transaction.on_commit(deliver)
