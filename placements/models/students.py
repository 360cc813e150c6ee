"""Students and the schools they belong to."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from bos import limits
from bos.models import Institute, SchoolLocation, User


class Variant(models.TextChoices):
    VT = "vt", _("Voltijd bachelor")
    DT = "dt", _("Deeltijd")
    KOP = "kop", _("Kopopleiding")
    MASTER = "master", _("Master")
    MINOR = "minor", _("Educatieve minor")


class StageLevel(models.TextChoices):
    """The levels as the annual report counts them (columns of figure 11)."""

    VT1 = "VT1", "VT1"
    VT2 = "VT2", "VT2"
    VT3 = "VT3", "VT3"
    VT4 = "VT4", "VT4"
    MINOR_P1 = "minor_P1", _("minor P1")
    MINOR_P2 = "minor_P2", _("minor P2")
    DT = "DT", _("DT")
    MASTER = "master", _("master")
    KOP = "kop", _("kop")


class OnlineRightsGroup(models.IntegerChoices):
    NONE = 0, _("geen account")
    LIMITED = 1, _("groep 1: beperkt (stagiairrol)")
    TEACHER = 2, _("groep 2: docentrechten eigen klassen")


class Student(models.Model):
    """A student teacher. Colleagues using their job as placement (zij-instromers) are
    students too, flagged as such."""

    first_name = models.CharField(
        _("voornaam"), max_length=limits.FIRST_NAME_MAX, validators=[limits.validate_name]
    )
    last_name = models.CharField(
        _("achternaam"), max_length=limits.LAST_NAME_MAX, validators=[limits.validate_name]
    )
    # Students log in with it: one address per student (see the constraint below).
    email = models.EmailField(_("officieel e-mailadres instituut"))
    institute = models.ForeignKey(
        Institute, verbose_name=_("instituut"), on_delete=models.PROTECT, related_name="students"
    )
    programme = models.CharField(_("opleiding (vak)"), max_length=150)
    variant = models.CharField(_("variant"), max_length=10, choices=Variant.choices)
    student_number = models.CharField(_("studentnummer"), max_length=30)
    is_zij_instromer = models.BooleanField(_("zij-instromer"), default=False)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("studenten")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "student_number"], name="student_number_unique_per_institute"
            ),
            models.UniqueConstraint(
                Lower("email"),
                name="student_email_unique_ci",
                violation_error_message=limits.STUDENT_EMAIL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.institute} {self.student_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class StudentSchool(models.Model):
    """A school location that registered or imported a student. It puts a student without
    a placement in that school's register. The school(s) that registered the student first
    hold their data (`is_owner`); a school that registers a known student later reads it.
    Not bound to a school year: a student stays known to the school across years."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="schools"
    )
    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("schoollocatie"),
        on_delete=models.PROTECT,
        related_name="registered_students",
    )
    is_owner = models.BooleanField(
        _("beheert de gegevens"),
        default=False,
        help_text=_("De school die de student als eerste registreerde, beheert de gegevens."),
    )
    registered_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    registered_by = models.ForeignKey(
        User,
        verbose_name=_("geregistreerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registratie van een student op een school")
        verbose_name_plural = _("registraties van studenten op scholen")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "location"], name="student_school_once_per_location"
            )
        ]
        # The register reads the students of a set of locations.
        indexes = [models.Index(fields=["location", "student"], name="student_school_location")]

    def __str__(self) -> str:
        return f"{self.student_id} – {self.location_id}"
