"""Every e-mail of the application: Dutch, as HTML with a plain-text part, naming the
partnership and the site's address.

Callers give the plain text (which is what screen readers and simple clients read); the HTML
part shows the same paragraphs in the mail layout (`templates/mail/base.html`). Every mail has
a kind (`Kind`): each call site names one, so the mail test (tests/bos/test_mail_kinds.py)
knows every kind there is and fails when one has no test.

Mails leave when the transaction that made them commits (`transaction.on_commit`): a write
that is refused or rolled back sends nothing. Outside a transaction they leave at once.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from email.utils import formataddr, parseaddr
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

from . import partnership

logger = logging.getLogger(__name__)


class Kind(StrEnum):
    """Every kind of mail the application sends. A new kind needs a test that triggers it
    (tests/bos/test_mail_kinds.py fails otherwise)."""

    # Accounts (allauth, through bos.adapters.AccountAdapter): named after the template.
    LOGIN_CODE = "account.login_code"
    PASSWORD_RESET = "account.password_reset_key"  # noqa: S105  # nosec B105 - a kind
    UNKNOWN_ACCOUNT = "account.unknown_account"
    # Placements: the SO's daily digest, matching and supervision.
    SO_DIGEST = "placements.so_digest"
    MATCHING_PROPOSED = "placements.matching_proposed"
    MATCHING_MEETING = "placements.matching_meeting"
    MATCHING_ACCEPTED = "placements.matching_accepted"
    MATCHING_DECLINED = "placements.matching_declined"
    CONVERSATION_REQUEST = "placements.conversation_request"
    DEVELOPMENT_SIGNAL = "placements.development_signal"
    HANDOVER_REQUEST = "placements.handover_request"
    HANDOVER_ANSWERED = "placements.handover_answered"
    # Stipend (stagevergoeding).
    STIPEND_INVITATION = "stipend.invitation"
    STIPEND_HR = "stipend.hr"
    STIPEND_RETURNED = "stipend.returned"
    STIPEND_REJECTED = "stipend.rejected"
    STIPEND_ACCEPTED = "stipend.accepted"
    # Professionalisation.
    MEETING_MOVED_UP = "professionalization.moved_up"
    MEETING_REMINDER = "professionalization.reminder"
    CERTIFICATE_READY = "professionalization.certificate_ready"
    # Verdiepingsmiddagen and intervision.
    AFTERNOON_INVITATION = "afternoons.invitation"
    AFTERNOON_REMINDER = "afternoons.reminder"
    AFTERNOON_PUBLICATION = "afternoons.publication"
    INTERVISION_DIGEST = "intervision.digest"
    # Planning and induction.
    PLANNING_DIGEST = "planning.digest"
    INDUCTION_UNQUALIFIED_HIRE = "induction.unqualified_hire"
    # Surveys.
    SURVEY_INVITATION = "surveys.invitation"
    SURVEY_REMINDER = "surveys.reminder"


def header_text(value: str) -> str:
    """`value` as one header line. Line breaks, tabs and other control characters (a name
    pasted from a spreadsheet can carry any of them) become a space, invisible format
    characters (such as a right-to-left override) go, and spaces collapse."""
    cleaned = "".join(
        " "
        if unicodedata.category(char) in {"Cc", "Zl", "Zp"}
        else ""
        if unicodedata.category(char) == "Cf"
        else char
        for char in value
    )
    return " ".join(cleaned.split())


def greeting(first_name: str | None) -> str:
    """The first line of a mail to a person: their first name, or a polite general one."""
    name = header_text(first_name or "")
    return f"Beste {name}," if name else "Goedendag,"


def site_url() -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/")


def subject_line(subject: str) -> str:
    prefix = f"[{header_text(partnership.current().short_name)}] "
    subject = header_text(subject)
    return subject if subject.startswith(prefix) else prefix + subject


def from_address() -> str:
    """DEFAULT_FROM_EMAIL, named after the partnership unless the setting names a sender."""
    display, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if display or not address:
        return settings.DEFAULT_FROM_EMAIL
    return formataddr((header_text(partnership.current().name), address))


def footer_lines() -> list[str]:
    identity = partnership.current()
    return [
        identity.name,
        f"{site_url()}/",
        *([", ".join(identity.address_lines)] if identity.address_lines else []),
        "Dit bericht is automatisch verstuurd; je kunt er niet op antwoorden.",
    ]


def text_with_footer(text: str) -> str:
    return f"{text.rstrip()}\n\n-- \n" + "\n".join(footer_lines()) + "\n"


def paragraphs_html(text: str) -> SafeString:
    """The plain text as HTML paragraphs: escaped first, then addresses made links and
    lines joined with <br>, so no part of the text is ever taken as markup."""
    blocks = re.split(r"\n[ \t]*\n", text.strip().replace("\r\n", "\n").replace("\r", "\n"))
    html = []
    for block in blocks:
        lines = [urlize(line, autoescape=True) for line in block.strip("\n").split("\n")]
        if any(line.strip() for line in lines):
            html.append('<p style="margin:0 0 16px;">' + "<br>\n".join(lines) + "</p>")
    return mark_safe("\n".join(html))  # noqa: S308  # nosec B308, B703 - escaped above


def html_for(text: str, *, title: str) -> str:
    identity = partnership.current()
    return render_to_string(
        "mail/base.html",
        {
            "title": header_text(title),
            "body": paragraphs_html(text),
            "partnership": identity,
            "partnership_name": identity.name,
            "brand_dark": partnership.colour_tokens(identity)["--bos-color-brand-10"],
            "site_url": site_url(),
        },
    )


def _addresses(addresses: Iterable[str]) -> list[str]:
    # Header values too: an address with a line break would fail the whole message.
    return list(dict.fromkeys(header_text(address) for address in addresses if address))


def build(
    *,
    kind: Kind,
    subject: str,
    text: str,
    to: Sequence[str],
    cc: Iterable[str] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    kind = Kind(kind)  # an unknown kind is a programming error, found by the mail test
    recipients = _addresses(to)
    message = EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text_with_footer(text),
        from_email=from_address(),
        to=recipients,
        cc=[address for address in _addresses(cc) if address not in recipients],
        headers={name: header_text(value) for name, value in (headers or {}).items()},
    )
    message.attach_alternative(html_for(text, title=subject), "text/html")
    for name, content, mimetype in attachments:
        message.attach(header_text(name), content, mimetype)
    # Not a header: only tests and the screenshots read it.
    message.bos_kind = kind  # type: ignore[attr-defined]
    return message


def deliver_on_commit(message: EmailMultiAlternatives) -> None:
    """Send when the current transaction commits (at once outside one). A failing mail
    server is logged and never undoes the write the mail reports on."""
    transaction.on_commit(message.send, robust=True)


def send(
    *,
    kind: Kind,
    subject: str,
    text: str,
    to: Sequence[str],
    cc: Iterable[str] = (),
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> bool:
    """Send one message once the transaction commits; nothing when there is no recipient."""
    if not any(to):
        return False
    deliver_on_commit(
        build(kind=kind, subject=subject, text=text, to=to, cc=cc, attachments=attachments)
    )
    return True
