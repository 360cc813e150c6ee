"""Every e-mail of the application: Dutch, as HTML with a plain-text part, naming the
partnership and the site's address.

Callers give the plain text (which is what screen readers and simple clients read); the HTML
part wraps the same paragraphs in the mail layout (`templates/mail/base.html`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.html import linebreaks, urlize

from . import partnership


def site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def subject_line(subject: str) -> str:
    prefix = f"[{partnership.current().short_name}] "
    return subject if subject.startswith(prefix) else prefix + subject


def from_address() -> str:
    """DEFAULT_FROM_EMAIL, named after the partnership unless the setting names a sender."""
    display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if display or not address:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((partnership.current().name, address))


def text_with_footer(text: str) -> str:
    return (
        f"{text.rstrip()}\n\n-- \n{partnership.current().name}\n{site_url()}/\n"
        "Dit bericht is automatisch verstuurd; je kunt er niet op antwoorden.\n"
    )


def html_for(text: str, *, title: str) -> str:
    identity = partnership.current()
    return render_to_string(
        "mail/base.html",
        {
            "title": title,
            "body": urlize(linebreaks(text.strip(), autoescape=True)),
            "partnership": identity,
            "partnership_name": identity.name,
            "brand_dark": partnership.colour_tokens(identity)["--bos-color-brand-10"],
            "site_url": site_url(),
        },
    )


def build(
    *,
    subject: str,
    text: str,
    to: Sequence[str],
    cc: Iterable[str] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text_with_footer(text),
        from_email=from_address(),
        to=[address for address in to if address],
        cc=[address for address in cc if address],
    )
    message.attach_alternative(html_for(text, title=subject), "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    return message


def send(
    *,
    subject: str,
    text: str,
    to: Sequence[str],
    cc: Iterable[str] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> bool:
    """Send one message; nothing when there is no recipient."""
    if not any(to):
        return False
    build(subject=subject, text=text, to=to, cc=cc, attachments=attachments).send()
    return True
