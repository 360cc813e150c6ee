"""Every e-mail is Dutch, has an HTML and a plain-text part, and names the partnership and
the site's address: login codes too. The HTML part shows the text (never its markup), mails
greet the person by name, headers stay one line whatever a name holds, and a mail leaves
only when the write it reports on commits."""

import datetime as dt
import unicodedata

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bos import mail as bos_mail
from bos.models import Partnership
from tests.bos.mail_checks import check_mail, html_part, visible_text


@override_settings(SITE_URL="https://opleidingsschool.example")
def test_login_code_mail_names_the_partnership_and_the_site(
    demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "student@demo.bos.example"})
    message = mail.outbox[-1]
    assert message.subject.startswith("[BOS] ")
    assert "inlogcode" in message.subject.lower()
    assert "Brabantse Opleidingsschool" in message.body
    assert "https://opleidingsschool.example/" in message.body
    assert "Hello from" not in message.body and "127.0.0.1" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'lang="nl"' in html and "https://opleidingsschool.example/" in html


def test_switching_the_partnership_name_changes_the_mails(db):
    Partnership(name="Opleidingsschool West", short_name="OSW").save()  # replaces any row
    message = bos_mail.build(
        kind=bos_mail.Kind.STIPEND_HR,
        subject="Test",
        text="Hallo <b>daar</b>",
        to=["a@example.org"],
    )
    assert message.subject == "[OSW] Test"
    assert "Opleidingsschool West" in message.body
    html = message.alternatives[0][0]
    assert "Opleidingsschool West" in html
    assert "<b>daar</b>" not in html  # the text is escaped, never taken as HTML


# The HTML part ------------------------------------------------------------------------------


@override_settings(SITE_URL="https://opleidingsschool.example")
def test_the_html_part_renders_paragraphs_and_links_and_escapes_the_text(db):
    text = (
        "Beste Fenna,\n\nJe aanvraag staat klaar:\nhttps://opleidingsschool.example/a/?b=1&c=2\n\n"
        "Reden: <script>alert(1)</script> & meer"
    )
    message = bos_mail.build(
        kind=bos_mail.Kind.STIPEND_RETURNED, subject="Aanvraag", text=text, to=["a@example.org"]
    )
    html = html_part(message)
    # Real paragraphs and a real link, not their markup shown as text.
    assert "&lt;p&gt;" not in html and "&lt;br" not in html
    assert html.count('<p style="margin:0 0 16px;">') == 3
    assert '<a href="https://opleidingsschool.example/a/?b=1&amp;c=2"' in html
    # What the sender wrote is text: escaped once, never markup.
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; meer" in html
    assert visible_text(html)["body"] == " ".join(text.split())
    check_mail(message, "Beste Fenna,")


@given(st.text(max_size=200))
def test_any_text_shows_as_itself_in_the_html_part(text):
    """Whatever the text holds, the HTML part shows exactly it (its words and signs)."""
    html = str(bos_mail.paragraphs_html(text))
    assert visible_text(f"<body><div data-part='body'>{html}</div></body>")["body"] == " ".join(
        text.split()
    )


# Greeting -----------------------------------------------------------------------------------


def test_the_login_code_mail_greets_a_student_by_first_name(
    db, client, django_capture_on_commit_callbacks
):
    from tests.factories import StudentFactory, UserFactory

    user = UserFactory()
    StudentFactory(user=user, first_name="Noor")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": user.email})
    (message,) = mail.outbox
    assert message.body.startswith("Beste Noor,\n")
    assert "gebruiker" not in message.body


def test_the_greeting_names_the_person_or_stays_polite():
    assert bos_mail.greeting("Noor") == "Beste Noor,"
    assert bos_mail.greeting("  Noor\r\n") == "Beste Noor,"
    assert bos_mail.greeting("") == "Goedendag,"
    assert bos_mail.greeting(None) == "Goedendag,"


# Headers from names -------------------------------------------------------------------------


def test_a_header_from_a_name_is_one_line():
    assert bos_mail.header_text("Evi\r\nBcc: x@kwaad.example") == "Evi Bcc: x@kwaad.example"
    assert bos_mail.header_text("Ab\u202edc\u2028ef\tgh\x00") == "Abdc ef gh"


@given(st.text())
def test_header_text_leaves_no_control_character(value):
    cleaned = bos_mail.header_text(value)
    assert not any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned
    assert bos_mail.header_text(cleaned) == cleaned


@pytest.mark.django_db
def test_any_subject_makes_a_valid_message():
    message = bos_mail.build(
        kind=bos_mail.Kind.STIPEND_HR,
        subject="Gespreksaanvraag van Evi\r\nBcc: x@kwaad.example",
        text="Hallo",
        to=["a@example.org"],
    )
    assert message.subject.endswith("] Gespreksaanvraag van Evi Bcc: x@kwaad.example")
    assert "Bcc" not in {name for name, _value in message.message().items()}


def test_a_student_name_with_a_line_break_still_reaches_every_supervisor(
    db, client, django_capture_on_commit_callbacks
):
    """The conversation request of a student whose name holds CR/LF: saved, and every
    supervisor is told (it was a 500 after the save, and nobody heard of it)."""
    from placements.models import Conversation
    from tests.factories import UserFactory
    from tests.placements.factories import make_world

    world = make_world()
    placement = world.create(start_date=dt.date(2020, 9, 1), end_date=dt.date(2021, 1, 29))
    world.student.first_name = "Evi\r\nBcc: x@kwaad.example"
    world.student.user = UserFactory()
    world.student.save()
    client.force_login(world.student.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("placements:conversation_request", args=[placement.pk]),
            {"kind": "midterm", "text": "Graag een tussenevaluatie."},
        )
    assert response.status_code == 302
    assert Conversation.objects.filter(placement=placement, status="requested").count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.so.email, world.io.email, world.wpb.email]
    )
    for message in mail.outbox:
        assert "Evi Bcc: x@kwaad.example" in message.subject
        message.message()  # every header builds


# On commit ----------------------------------------------------------------------------------


@transaction.atomic
def _service_that_refuses_after_mailing(*, to: str) -> None:
    bos_mail.send(kind=bos_mail.Kind.STIPEND_HR, subject="Te vroeg", text="Hallo", to=[to])
    raise ValidationError("Dit schooljaar is afgesloten.")


def test_a_service_that_raises_after_building_a_mail_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _service_that_refuses_after_mailing(to="a@example.org")
    assert mail.outbox == []


def test_a_real_service_rolled_back_after_its_mail_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    """As the closed-year guard does: the stipend invitation is built, then the write is
    refused further on and rolled back; the student hears nothing."""
    from stipend import services
    from stipend.models import StipendApplication
    from tests.stipend.factories import make_world

    world = make_world()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError),
        transaction.atomic(),
    ):
        services.start_application(placement=world.placement, actor=world.so)
        raise ValidationError("Dit schooljaar is afgesloten.")
    assert not StipendApplication.objects.filter(placement=world.placement).exists()
    assert mail.outbox == []


def test_the_mail_leaves_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bos_mail.send(kind=bos_mail.Kind.STIPEND_HR, subject="Klaar", text="Hallo", to=["a@x.nl"])
        assert mail.outbox == []
    assert len(callbacks) == 1 and mail.outbox == []
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["a@x.nl"]]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_mail_leaves_at_once():
    bos_mail.send(kind=bos_mail.Kind.STIPEND_HR, subject="Nu", text="Hallo", to=["a@x.nl"])
    assert [m.to for m in mail.outbox] == [["a@x.nl"]]
