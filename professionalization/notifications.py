"""E-mails of professionalisation, in Dutch, HTML with a plain-text part. They take ids so
they can run after the commit (or in a worker) and read the current state themselves."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format

from bos import mail

from .models import Certificate, Registration, RegistrationStatus


def _link(path: str) -> str:
    return f"{mail.site_url()}{path}"


def _text(*, first_name: str, paragraphs: list[str], link: str) -> str:
    return "\n\n".join(
        [
            mail.greeting(first_name),
            *paragraphs,
            link,
            "Met vriendelijke groet,\nOntwikkelteam Professionalisering",
        ]
    )


def _when(registration: Registration) -> str:
    meeting = registration.meeting
    return (
        f"{date_format(meeting.date, 'l j F Y')}, {meeting.start_time:%H:%M}–"
        f"{meeting.end_time:%H:%M} uur, {meeting.location.name}"
    )


def _registration(registration_id: int) -> Registration:
    return Registration.objects.select_related("person", "meeting__theme", "meeting__location").get(
        pk=registration_id
    )


def moved_up(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration.status != RegistrationStatus.REGISTERED:
        return
    meeting = registration.meeting
    mail.send(
        kind=mail.Kind.MEETING_MOVED_UP,
        subject=f"Er is een plaats vrijgekomen: {meeting.title}",
        text=_text(
            first_name=registration.person.first_name,
            paragraphs=[
                f"Er is een plaats vrijgekomen bij {meeting.title}. Je stond als eerste op de "
                "wachtlijst en bent nu aangemeld.",
                _when(registration) + ".",
                "Kun je toch niet? Meld je dan af, zodat de volgende op de wachtlijst je "
                "plaats krijgt.",
            ],
            link=_link(reverse("professionalization:meeting", args=[meeting.pk])),
        ),
        to=[registration.person.email],
    )


def reminder(registration_id: int, which: str) -> None:
    registration = _registration(registration_id)
    meeting = registration.meeting
    when = "over een week" if which == "week" else "morgen"
    paragraphs = [f"{meeting.title} is {when}: {_when(registration)}."]
    if meeting.info_session:
        paragraphs.append(
            "Aansluitend is er een korte online infosessie"
            + (f" over {meeting.info_topic}" if meeting.info_topic else "")
            + "."
        )
    if meeting.drinks:
        paragraphs.append("Na afloop is er een borrel op locatie.")
    mail.send(
        kind=mail.Kind.MEETING_REMINDER,
        subject=f"Herinnering: {meeting.title}",
        text=_text(
            first_name=registration.person.first_name,
            paragraphs=paragraphs,
            link=_link(reverse("professionalization:meeting", args=[meeting.pk])),
        ),
        to=[registration.person.email],
    )


def certificate_ready(certificate_id: int) -> None:
    certificate = Certificate.objects.select_related("person", "school_year").get(pk=certificate_id)
    mail.send(
        kind=mail.Kind.CERTIFICATE_READY,
        subject=f"Je certificaat professionalisering {certificate.school_year}",
        text=_text(
            first_name=certificate.person.first_name,
            paragraphs=[
                f"Je certificaat van de professionalisering {certificate.school_year} staat "
                "klaar. Je downloadt het na het inloggen via de link hieronder.",
            ],
            link=_link(
                reverse("professionalization:certificate", args=[certificate.school_year.name])
            ),
        ),
        to=[certificate.person.email],
    )
