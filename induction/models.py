"""Starting teachers (inductie, bijlage 4): a register per school and year and each school's
status on the twelve building blocks of the partnership's induction policy."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos import limits
from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound
from placements.models import Student


class BuildingBlock(models.TextChoices):
    """The twelve building blocks of BOS's induction policy (bijlage 4)."""

    GOALS = "goals", _("1. Heldere doelen")
    APPRECIATION = "appreciation", _("2. Positief (waarderings)perspectief")
    COMPETENCE = "competence", _("3. Beoogd bekwaamheidsniveau")
    CONDITIONS = "conditions", _("4. Heldere en redelijke randvoorwaarden")
    WORKLOAD = "workload", _("5. Redelijk takenpakket")
    SEPARATION = "separation", _("6. Scheiding tussen begeleiding en beoordeling")
    DEVELOPMENT = "development", _("7. Ontwikkeling van de startende leraar centraal")
    OWNERSHIP = "ownership", _("8. Eigenaarschap bij de startende leraar")
    SOURCES = "sources", _("9. Leren vanuit verschillende bronnen en referentiepunten")
    RIGHT_DUTY = "right_duty", _("10. Inductie als recht en plicht")
    LEARNING_ORG = "learning_org", _("11. School als lerende organisatie")
    UNQUALIFIED = (
        "unqualified",
        _("12. Aandacht voor onbevoegden, vervangers, zij-instromers en schoolswitchers"),
    )


class BlockState(models.TextChoices):
    ABSENT = "absent", _("nog niet")
    DEVELOPING = "developing", _("in ontwikkeling")
    IN_PLACE = "in_place", _("aanwezig")


class BuildingBlockStatus(YearBound):
    """A school's status on one building block in one year."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    block = models.CharField(_("bouwsteen"), max_length=20, choices=BuildingBlock.choices)
    state = models.CharField(
        _("status"), max_length=12, choices=BlockState.choices, default=BlockState.ABSENT
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)

    class Meta:
        verbose_name = _("status bouwsteen")
        verbose_name_plural = _("status bouwstenen")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year", "block"], name="building_block_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year} {self.block}: {self.state}"


class StarterKind(models.TextChoices):
    FORMER_STUDENT = "former_student", _("oud-student van de opleidingsschool")
    STARTER = "starter", _("andere startende leraar")
    UNQUALIFIED = "unqualified", _("onbevoegde collega")
    ZIJ_INSTROMER = "zij_instromer", _("zij-instromer")


class Starter(YearBound):
    """A starting teacher at a school in a year, with their coach and induction year."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    first_name = models.CharField(
        _("voornaam"), max_length=limits.FIRST_NAME_MAX, validators=[limits.validate_name]
    )
    last_name = models.CharField(
        _("achternaam"), max_length=limits.LAST_NAME_MAX, validators=[limits.validate_name]
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    subject = models.CharField(_("vak"), max_length=150)
    kind = models.CharField(_("soort starter"), max_length=20, choices=StarterKind.choices)
    former_student = models.ForeignKey(
        Student,
        verbose_name=_("als student in de opleidingsschool"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    coach = models.ForeignKey(
        Person,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    induction_year = models.PositiveSmallIntegerField(
        _("inductiejaar"), choices=[(1, "1"), (2, "2"), (3, "3")], default=1
    )
    hired_on = models.DateField(_("in dienst sinds"))
    registered_student = models.OneToOneField(
        Student,
        verbose_name=_("ingeschreven als zij-instromer (student)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="starter",
    )
    so_notified_at = models.DateTimeField(
        _("schoolopleider geïnformeerd op"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("ingevoerd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("startende leraar")
        verbose_name_plural = _("startende leraren")
        ordering = ["school_year__start_date", "location__name", "last_name", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(induction_year__gte=1) & Q(induction_year__lte=3),
                name="starter_induction_year_1_3",
            ),
            models.CheckConstraint(
                condition=~Q(kind="former_student") | Q(former_student__isnull=False),
                name="starter_former_student_linked",
            ),
        ]
        indexes = [models.Index(fields=["school_year", "location"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.location}, {self.school_year})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
