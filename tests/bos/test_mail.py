"""Every e-mail is Dutch, has an HTML and a plain-text part, and names the partnership and
the site's address: login codes too."""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from bos import mail as bos_mail
from bos.models import Partnership


@override_settings(SITE_URL="https://opleidingsschool.example")
def test_login_code_mail_names_the_partnership_and_the_site(demo, client):
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
    message = bos_mail.build(subject="Test", text="Hallo <b>daar</b>", to=["a@example.org"])
    assert message.subject == "[OSW] Test"
    assert "Opleidingsschool West" in message.body
    html = message.alternatives[0][0]
    assert "Opleidingsschool West" in html
    assert "<b>daar</b>" not in html  # the text is escaped, never taken as HTML
