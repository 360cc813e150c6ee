"""E-mails of the procedure. They never carry BSN, IBAN or date of birth: mail is not a safe
channel, and HR opens the application in the application itself."""

from __future__ import annotations

from django.urls import reverse

from bos import mail

from .models import StipendApplication


def _link(application: StipendApplication) -> str:
    return f"{mail.site_url()}{reverse('stipend:detail', args=[application.pk])}"


def _student_email(application: StipendApplication) -> str:
    student = application.placement.student
    if student.user_id:
        return student.user.email
    return application.email or student.email


def _to_student(application: StipendApplication, text: str) -> str:
    return f"{mail.greeting(application.placement.student.first_name)}\n\n{text}"


def invite_student(application: StipendApplication) -> None:
    mail.send(
        kind=mail.Kind.STIPEND_INVITATION,
        subject="Aanvraag stagevergoeding afrondende stage",
        text=_to_student(
            application,
            "Je schoolopleider heeft een aanvraag voor de stagevergoeding voor je klaargezet.\n"
            "Log in met een code die je per e-mail ontvangt en vul het formulier in:\n"
            f"{_link(application)}\n",
        ),
        to=[_student_email(application)],
    )


def notify_hr(application: StipendApplication, subject: str) -> None:
    office = application.placement.location.board.hr_office
    if office is None or not office.email:
        return
    # The office's shared address has no one person behind it: greeted as the office.
    mail.send(
        kind=mail.Kind.STIPEND_HR,
        subject=subject,
        text=(
            f"Beste collega's van {mail.header_text(office.name)},\n\n"
            f"{subject}: aanvraag stagevergoeding #{application.pk} "
            f"({application.placement.location.name}).\n{_link(application)}\n"
        ),
        to=[office.email],
    )


def returned(application: StipendApplication, reason: str) -> None:
    mail.send(
        kind=mail.Kind.STIPEND_RETURNED,
        subject="Aanvraag stagevergoeding teruggestuurd",
        text=_to_student(
            application,
            f"Je aanvraag voor de stagevergoeding is teruggestuurd.\nReden: {reason}\n"
            f"Pas de aanvraag aan en onderteken opnieuw: {_link(application)}\n",
        ),
        to=[_student_email(application)],
        cc=[application.so_email],
    )


def rejected(application: StipendApplication, reason: str) -> None:
    mail.send(
        kind=mail.Kind.STIPEND_REJECTED,
        subject="Aanvraag stagevergoeding afgewezen",
        text=_to_student(
            application, f"Je aanvraag voor de stagevergoeding is afgewezen.\nReden: {reason}\n"
        ),
        to=[_student_email(application)],
        cc=[application.so_email],
    )


def accepted(application: StipendApplication, pdf: bytes, filename: str) -> None:
    mail.send(
        kind=mail.Kind.STIPEND_ACCEPTED,
        subject="Bevestiging stagevergoeding",
        text=_to_student(
            application,
            "Je aanvraag voor de stagevergoeding is verwerkt. In de bijlage staat de bevestiging "
            "met het bedrag, de periode en de voorwaarden. Je ontvangt apart een "
            "declaratieformulier voor de kosten van de VOG.\n",
        ),
        to=[_student_email(application)],
        cc=[application.so_email],
        attachments=[(filename, pdf, "application/pdf")],
    )
