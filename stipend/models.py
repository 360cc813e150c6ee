"""Stipend for the final placement (stagevergoeding afrondende stage, bijlage 9).

The application holds the form's fields; BSN, IBAN and dates of birth are encrypted at rest
(`EncryptedTextField`). Each step of the procedure is an `ApplicationEvent` (who, when, why);
documents live in private storage; every look at personal data is an `AccessLogEntry`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.yearbound import YearBound
from placements.models import Placement

from .fields import EncryptedDateField, EncryptedTextField


class Status(models.TextChoices):
    CONCEPT = "concept", _("concept")
    SIGNED = "signed", _("ondertekend door student")
    SO_APPROVED = "so_approved", _("goedgekeurd door schoolopleider")
    SUBMITTED = "submitted", _("goedgekeurd door directie, bij HR")
    RETURNED = "returned", _("teruggestuurd")
    ACCEPTED = "accepted", _("toegekend")
    REJECTED = "rejected", _("afgewezen")
    STOPPED = "stopped", _("stopgezet")
    ENDED = "ended", _("beëindigd")


# The student (or SO) may edit the form only before signing or after it was sent back.
EDITABLE = (Status.CONCEPT, Status.RETURNED)
# Statuses in which HR pays a stipend.
PAYING = (Status.ACCEPTED, Status.STOPPED, Status.ENDED)


class Level(models.TextChoices):
    HBO_BACHELOR = "hbo_bachelor", _("afrondend hbo bachelor")
    HBO_MASTER = "hbo_master", _("afrondend hbo master")
    WO_BACHELOR = "wo_bachelor", _("afrondend wo bachelor")
    WO_MASTER = "wo_master", _("afrondend wo master")


class MaritalStatus(models.TextChoices):
    UNMARRIED = "unmarried", _("ongehuwd")
    MARRIED = "married", _("gehuwd")


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor")
    MASTER = "master", _("master")


class StudyVariant(models.TextChoices):
    FULL_TIME = "voltijd", _("voltijd")
    PART_TIME = "deeltijd", _("deeltijd")
    KOP = "kop", _("kopopleiding")


class IdDocumentType(models.TextChoices):
    """A driving licence is deliberately absent: the payroll administration may not use it."""

    PASSPORT = "passport", _("paspoort")
    ID_CARD = "id_card", _("identiteitskaart")
    RESIDENCE = "residence", _("verblijfsdocument")


class DaysPerWeek(models.IntegerChoices):
    ONE = 1, _("minimaal 1 dag")
    TWO = 2, _("minimaal 2 dagen")
    THREE = 3, _("minimaal 3 dagen")


class VogClaim(models.TextChoices):
    NONE = "none", _("nog niet gedeclareerd")
    CLAIMED = "claimed", _("gedeclareerd")
    PAID = "paid", _("vergoed")


class StipendApplication(YearBound):
    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement,
        verbose_name=_("stage"),
        on_delete=models.PROTECT,
        related_name="stipend_applications",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT
    )
    # Personalia
    last_name = models.CharField(_("achternaam (eigen familienaam)"), max_length=150, blank=True)
    given_names = models.CharField(_("voornamen (officieel, voluit)"), max_length=200, blank=True)
    call_name = models.CharField(_("roepnaam"), max_length=100, blank=True)
    date_of_birth = EncryptedDateField(_("geboortedatum"), blank=True, null=True)
    place_of_birth = models.CharField(_("geboorteplaats"), max_length=100, blank=True)
    country_of_birth = models.CharField(_("geboorteland"), max_length=100, blank=True)
    nationality = models.CharField(_("nationaliteit"), max_length=100, blank=True)
    marital_status = models.CharField(
        _("burgerlijke staat"), max_length=10, choices=MaritalStatus.choices, blank=True
    )
    partner_initials = models.CharField(_("voorletters partner"), max_length=20, blank=True)
    partner_last_name = models.CharField(_("achternaam partner"), max_length=150, blank=True)
    partner_date_of_birth = EncryptedDateField(_("geboortedatum partner"), blank=True, null=True)
    iban = EncryptedTextField(_("bankrekeningnummer (IBAN)"), blank=True)
    bsn = EncryptedTextField(_("burgerservicenummer (BSN)"), blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    address = models.CharField(_("adres (volgens bevolkingsregister)"), max_length=200, blank=True)
    postcode_city = models.CharField(_("postcode en woonplaats"), max_length=120, blank=True)
    postal_address = models.CharField(
        _("postadres (alleen indien afwijkend)"), max_length=250, blank=True
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # Programme
    institute_name = models.CharField(_("opleidingsinstituut"), max_length=200, blank=True)
    programme = models.CharField(_("opleiding"), max_length=150, blank=True)
    degree = models.CharField(
        _("bachelor of master"), max_length=10, choices=Degree.choices, blank=True
    )
    study_variant = models.CharField(
        _("variant"), max_length=10, choices=StudyVariant.choices, blank=True
    )
    institute_address = models.CharField(_("adres opleidingsinstituut"), max_length=200, blank=True)
    institute_postcode_city = models.CharField(
        _("postcode en plaats opleidingsinstituut"), max_length=120, blank=True
    )
    # Placement
    school_name = models.CharField(_("naam stageschool"), max_length=200, blank=True)
    school_address = models.CharField(_("adres stageschool"), max_length=200, blank=True)
    school_postcode_city = models.CharField(
        _("postcode en plaats stageschool"), max_length=120, blank=True
    )
    level = models.CharField(_("stageniveau"), max_length=20, choices=Level.choices, blank=True)
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("verwachte einddatum"), null=True, blank=True)
    days_per_week = models.PositiveSmallIntegerField(
        _("minimaal aantal dagen stage per week"),
        choices=DaysPerWeek.choices,
        null=True,
        blank=True,
    )
    so_name = models.CharField(_("naam schoolopleider"), max_length=200, blank=True)
    so_email = models.EmailField(_("e-mailadres schoolopleider"), blank=True)
    wpb_name = models.CharField(_("naam werkplekbegeleider"), max_length=200, blank=True)
    remarks = models.TextField(_("eventuele bijzonderheden"), blank=True)
    # Exclusions the rules need (bijlage 9, §1-2).
    employed_by_board = models.BooleanField(
        _("in dienst van het schoolbestuur (bijv. als onbevoegd docent)"), default=False
    )
    id_document_type = models.CharField(
        _("soort identiteitsbewijs"), max_length=20, choices=IdDocumentType.choices, blank=True
    )
    # HR
    employee_reference = models.CharField(_("personeelsnummer"), max_length=40, blank=True)
    vog_claim = models.CharField(
        _("declaratie VOG"), max_length=10, choices=VogClaim.choices, default=VogClaim.NONE
    )
    vog_claim_amount = models.DecimalField(
        _("bedrag VOG-declaratie"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    vog_claim_updated_on = models.DateField(
        _("VOG-declaratie bijgewerkt op"), null=True, blank=True
    )
    stopped_on = models.DateField(_("gestopt per"), null=True, blank=True)
    stop_reason = models.TextField(_("reden van stopzetten"), blank=True)
    ended_on = models.DateField(_("beëindigd per"), null=True, blank=True)
    decided_on = models.DateField(_("besluit HR op"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    # Raised on every save of the form: an edit based on an older version is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("aanvraag stagevergoeding")
        verbose_name_plural = _("aanvragen stagevergoeding")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Aanvraag stagevergoeding #{self.pk}"

    def save(self, *args: object, **kwargs: object) -> None:
        from .crypto import keyed_hash

        self.bsn_hash = keyed_hash(self.bsn) if self.bsn else ""
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "bsn" in update_fields:
            kwargs["update_fields"] = {*update_fields, "bsn_hash"}
        super().save(*args, **kwargs)

    @property
    def board(self):
        return self.placement.location.board

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_married(self) -> bool:
        return self.marital_status == MaritalStatus.MARRIED

    def last_event(self, action: str) -> ApplicationEvent | None:
        return self.events.filter(action=action).order_by("-at", "-pk").first()


class DaysChange(YearBound):
    """A structural change of the days per week; it takes effect from the next month."""

    year_path = "application__placement__school_year"

    application = models.ForeignKey(
        StipendApplication, on_delete=models.CASCADE, related_name="days_changes"
    )
    days_per_week = models.PositiveSmallIntegerField(
        _("dagen per week"), choices=[(0, _("minder dan 1 dag")), *DaysPerWeek.choices]
    )
    agreed_on = models.DateField(_("afgesproken op"))
    effective_from = models.DateField(_("met ingang van"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("wijziging dagen")
        verbose_name_plural = _("wijzigingen dagen")
        ordering = ["effective_from", "pk"]

    def __str__(self) -> str:
        return f"{self.days_per_week} dag(en) per week vanaf {self.effective_from:%d-%m-%Y}"


class Action(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    EDIT = "edit", _("gewijzigd")
    SIGN = "sign", _("ondertekend door student")
    SO_APPROVE = "so_approve", _("goedgekeurd door schoolopleider")
    DIRECTOR_APPROVE = "director_approve", _("goedgekeurd door directie en ingediend bij HR")
    SEND_BACK = "send_back", _("teruggestuurd")
    ACCEPT = "accept", _("toegekend door HR")
    REJECT = "reject", _("afgewezen door HR")
    CHANGE_DAYS = "change_days", _("aantal dagen gewijzigd")
    STOP = "stop", _("stopgezet")
    END = "end", _("beëindigd")
    VOG = "vog", _("VOG-declaratie bijgewerkt")
    UPLOAD = "upload", _("document toegevoegd")
    ANONYMISE = "anonymise", _("geanonimiseerd")


class ApplicationEvent(YearBound):
    """One step of the procedure: who did what, when, and (for a send-back) why."""

    year_path = "application__placement__school_year"

    application = models.ForeignKey(
        StipendApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("actie"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("naam"), max_length=200, blank=True)
    at = models.DateTimeField(_("op"), auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.actor_name or '–'})"


class DocumentKind(models.TextChoices):
    ID_COPY = "id_copy", _("kopie geldig identiteitsbewijs (geen rijbewijs)")
    AGREEMENT = "agreement", _("stageovereenkomst of ondertekend reglement werkplekleren")
    PREVIOUS_LEVEL = "previous_level", _("bewijs voorafgaand stageniveau behaald")
    TAX_FORM = "tax_form", _("loonbelastingverklaring")
    VOG = "vog", _("Verklaring Omtrent het Gedrag (VOG)")
    LETTER = "letter", _("bevestigingsbrief HR")


# Everything that identifies the student or their partner. Never copied into the audit trail
# (it outlives the application's own retention; the encrypted values must not appear there in
# plaintext) and cleared when an application is anonymised.
PERSONAL_TEXT_FIELDS: tuple[str, ...] = (
    "last_name",
    "given_names",
    "call_name",
    "place_of_birth",
    "country_of_birth",
    "nationality",
    "partner_initials",
    "partner_last_name",
    "iban",
    "bsn",
    "bsn_hash",
    "address",
    "postcode_city",
    "postal_address",
    "phone",
    "email",
    "remarks",
    "stop_reason",
)
PERSONAL_DATE_FIELDS: tuple[str, ...] = ("date_of_birth", "partner_date_of_birth")


# Fields a student or SO fills in on the form (everything except HR's and the status).
FORM_FIELDS: tuple[str, ...] = (
    "last_name",
    "given_names",
    "call_name",
    "date_of_birth",
    "place_of_birth",
    "country_of_birth",
    "nationality",
    "marital_status",
    "partner_initials",
    "partner_last_name",
    "partner_date_of_birth",
    "iban",
    "bsn",
    "address",
    "postcode_city",
    "postal_address",
    "phone",
    "email",
    "institute_name",
    "programme",
    "degree",
    "study_variant",
    "institute_address",
    "institute_postcode_city",
    "school_name",
    "school_address",
    "school_postcode_city",
    "level",
    "start_date",
    "end_date",
    "days_per_week",
    "so_name",
    "so_email",
    "wpb_name",
    "remarks",
    "employed_by_board",
    "id_document_type",
)

# Needed before the application goes to HR (bijlage 9: incomplete forms are not processed).
REQUIRED_DOCUMENTS = (DocumentKind.ID_COPY, DocumentKind.AGREEMENT, DocumentKind.PREVIOUS_LEVEL)


class StipendDocument(YearBound):
    year_path = "application__placement__school_year"

    application = models.ForeignKey(
        StipendApplication, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    # A random name under PRIVATE_STORAGE_ROOT; the original name is only shown.
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"


class AccessAction(models.TextChoices):
    VIEW = "view", _("aanvraag bekeken")
    REVEAL_BSN = "reveal_bsn", _("BSN getoond")
    REVEAL_IBAN = "reveal_iban", _("IBAN getoond")
    REVEAL_BIRTH = "reveal_birth", _("geboortedatum getoond")
    DOWNLOAD = "download", _("document gedownload")
    EXPORT = "export", _("betaalexport gemaakt")
    RETENTION = "retention", _("bewaartermijn toegepast")


class AccessLogEntry(models.Model):
    """Who looked at which personal data, and when. Kept when the application is anonymised."""

    year_guard_exempt = "a log of who read an application, kept for closed years too"

    application = models.ForeignKey(
        StipendApplication,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user_email = models.EmailField(_("gebruiker"), blank=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AccessAction.choices)
    detail = models.CharField(_("details"), max_length=300, blank=True)
    at = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        verbose_name = _("toegangslog")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_email or 'systeem'}: {self.get_action_display()}"


def first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
