"""Placements (stages) at the partnership's school locations, their policy per school year and
the intake checklist."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound, YearBoundQuerySet

from ..online_rights import online_rights_by_policy, parse_online_rights_table
from .students import OnlineRightsGroup, StageLevel, Student


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    ACTIVE = "active", _("actief")
    STOPPED = "stopped", _("gestopt")
    COMPLETED = "completed", _("afgerond")


OPEN_STATUSES = (PlacementStatus.PLANNED, PlacementStatus.ACTIVE)


class PlacementQuerySet(YearBoundQuerySet):
    def reported(self) -> PlacementQuerySet:
        """Placements the annual report counts: all except those stopped without ever being
        registered with the institute (placed, never started, never in the institute's system)."""
        return self.exclude(status=PlacementStatus.STOPPED, registered_in_institute_system=False)

    def for_year(self, year: SchoolYear) -> PlacementQuerySet:
        return self.filter(school_year=year)


class Placement(YearBound):
    """One student at one school location in one school year, at one stage level."""

    year_path = "school_year"

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.PROTECT, related_name="placements"
    )
    location = models.ForeignKey(
        SchoolLocation,
        verbose_name=_("schoollocatie"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.PROTECT,
        related_name="placements",
    )
    level = models.CharField(
        _("stageniveau"), max_length=10, choices=StageLevel.choices, blank=True
    )
    institute_label = models.CharField(
        _("label van het instituut"),
        max_length=30,
        blank=True,
        help_text=_("Zoals het instituut de stage noemt, bijv. PHP, PH-HF1, N1, P1."),
    )
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    days_per_week = models.DecimalField(_("dagen per week"), max_digits=3, decimal_places=1)
    so = models.ForeignKey(
        Person,
        verbose_name=_("schoolopleider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements_as_so",
    )
    io = models.ForeignKey(
        Person,
        verbose_name=_("instituutsopleider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements_as_io",
    )
    wpb = models.ForeignKey(
        Person,
        verbose_name=_("werkplekbegeleider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements_as_wpb",
    )
    co_wpbs = models.ManyToManyField(
        Person,
        verbose_name=_("overige werkplekbegeleiders"),
        blank=True,
        related_name="placements_as_co_wpb",
    )
    four_eyes_exception = models.TextField(
        _("uitzondering vier-ogenprincipe"),
        blank=True,
        help_text=_("Reden en rolverdeling wanneer de schoolopleider ook werkplekbegeleider is."),
    )
    registered_in_institute_system = models.BooleanField(
        _("geregistreerd in het systeem van het instituut"), default=False
    )
    switched_from = models.OneToOneField(
        "self",
        verbose_name=_("overgestapt van stage"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="switched_to",
        help_text=_(
            "De eerdere stage op een andere school van de opleidingsschool; de student telt "
            "één keer."
        ),
    )
    is_final = models.BooleanField(_("afrondende stage"), default=False)
    is_taster = models.BooleanField(
        _("snuffelstage"),
        default=False,
        help_text=_("De driedaagse oriëntatie van eerstejaars in oktober; geen account nodig."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    registered_on = models.DateField(
        _("aangemeld op"),
        null=True,
        blank=True,
        help_text=_("Datum van aanmelding door de student."),
    )
    stopped_on = models.DateField(_("gestopt op"), null=True, blank=True)
    stop_reason = models.TextField(_("reden van stoppen"), blank=True)
    # When the stop was recorded (not the date it took effect): a stop made by mistake can be
    # undone for a few days after this moment.
    stopped_at = models.DateTimeField(_("stop vastgelegd op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["school_year__start_date", "location__name", "student__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="placement_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(days_per_week__gt=0) & Q(days_per_week__lte=5),
                name="placement_days_per_week_range",
            ),
            models.CheckConstraint(
                condition=Q(so__isnull=True)
                | Q(wpb__isnull=True)
                | ~Q(so=F("wpb"))
                | ~Q(four_eyes_exception=""),
                name="placement_four_eyes",
                violation_error_message=_(
                    "De schoolopleider mag niet ook de werkplekbegeleider zijn, tenzij de "
                    "uitzondering met reden is vastgelegd."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=PlacementStatus.STOPPED) | Q(stopped_on__isnull=False),
                name="placement_stopped_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["school_year", "location"]),
            # Open placements of a year (dashboards, reminders) at regional scale.
            models.Index(fields=["school_year", "status"], name="placement_year_status"),
        ]

    def __str__(self) -> str:
        return f"{self.student.full_name} – {self.location} {self.school_year}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_first_year(self) -> bool:
        """First-year as the report counts them: the institute's own first-year label
        (FLOT PHP, HR N1, ESoE P1)."""
        label = self.student.institute.first_year_label
        return bool(label) and self.institute_label == label

    @property
    def online_rights(self) -> tuple[OnlineRightsGroup, str]:
        """The rights group and why, by the online-rights table of the placement's own school
        year. Lists set it in bulk (`selectors.attach_online_rights`): one policy read for
        the page, not one per row."""
        cached = self.__dict__.get("_online_rights")
        if cached is None:
            cached = online_rights_by_policy(
                level=self.level,
                is_taster=self.is_taster,
                is_final=self.is_final,
                institute=self.student.institute.short_name,
                table=PlacementPolicy.online_rights_table_for(self.school_year_id),
            )
            self.__dict__["_online_rights"] = cached
        return cached

    @property
    def online_rights_group(self) -> OnlineRightsGroup:
        return self.online_rights[0]

    @property
    def online_rights_explanation(self) -> str:
        return self.online_rights[1]


ONLINE_RIGHTS_SOURCE = (
    "Besluit online rechten voor studenten, genomen door de rectoren/directeuren van SKVOB en "
    "Sovot, december 2020"
)


def default_online_rights_table() -> list[dict[str, object]]:
    """The table of the December 2020 decision (annual report 2020-2021, bijlage 7), one entry
    per row of the decision, first match wins. The decision names the bachelor's study year,
    which a placement records for full-time students only (VT1-VT4); part-time (DT) and kop
    placements record whether the stage is the final one, so that is what their rows use."""
    part_time = "Deeltijd en kop: het studiejaar wordt niet vastgelegd"
    return [
        {
            "row": "m.u.v. de 3-daagse snuffelstage voor eerstejaars bachelor (voetnoot 1)",
            "taster": True,
            "levels": [],
            "group": OnlineRightsGroup.NONE.value,
        },
        {
            "row": "1e en 2e jaars stage bachelor (hbo-lerarenopleiding, 2e-graads bevoegdheid)",
            "levels": [StageLevel.VT1.value, StageLevel.VT2.value],
            "group": OnlineRightsGroup.LIMITED.value,
        },
        {
            "row": "1e en 2e jaars stage bachelor (hbo-lerarenopleiding, 2e-graads bevoegdheid)",
            "levels": [StageLevel.DT.value, StageLevel.KOP.value],
            "final": False,
            "group": OnlineRightsGroup.LIMITED.value,
            "note": f"{part_time}; een stage die niet afrondend is, telt als 1e/2e jaar.",
        },
        {
            "row": (
                "oriënterende stage (educatieve minor universiteit, P1, 2e-graads bevoegdheid)"
            ),
            "levels": [StageLevel.MINOR_P1.value],
            "group": OnlineRightsGroup.LIMITED.value,
        },
        {
            "row": "3e en 4e jaars stage bachelor (hbo-lerarenopleiding, 2e-graads bevoegdheid)",
            "levels": [StageLevel.VT3.value, StageLevel.VT4.value],
            "group": OnlineRightsGroup.TEACHER.value,
        },
        {
            "row": "3e en 4e jaars stage bachelor (hbo-lerarenopleiding, 2e-graads bevoegdheid)",
            "levels": [StageLevel.DT.value, StageLevel.KOP.value],
            "final": True,
            "group": OnlineRightsGroup.TEACHER.value,
            "note": f"{part_time}; de afrondende stage telt als 3e/4e jaar.",
        },
        {
            "row": (
                "verdiepende (= afrondende) stage (educatieve minor universiteit, P2, "
                "2e-graads bevoegdheid)"
            ),
            "levels": [StageLevel.MINOR_P2.value],
            "group": OnlineRightsGroup.TEACHER.value,
        },
        {
            "row": ("master-stage (hbo- en universitaire lerarenopleiding, 1e-graads bevoegdheid)"),
            "levels": [StageLevel.MASTER.value],
            "group": OnlineRightsGroup.TEACHER.value,
        },
        {
            "row": (
                "Alle stagiairs krijgen een Magister-account; de overige stagiairs de rol "
                "‘stagiair’ (voorstel 1 en 3)"
            ),
            "levels": [],
            "group": OnlineRightsGroup.LIMITED.value,
            "note": "Stageniveau niet vastgelegd of niet in het besluit genoemd.",
        },
    ]


def validate_online_rights_table(value: object) -> None:
    """A table the rule cannot read is refused with the rule's own Dutch message."""
    try:
        parse_online_rights_table(value)
    except ValueError as exc:
        raise ValidationError(str(exc), code="invalid_online_rights_table") from exc


class PlacementPolicy(YearBound):
    """The placement numbers a school year's policy sets (re-evaluated every year)."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="placement_policy",
    )
    reply_working_days = models.PositiveSmallIntegerField(
        _("reactie aan student binnen (werkdagen)"), default=3
    )
    vog_valid_days = models.PositiveSmallIntegerField(
        _("eerdere VOG (stage in de opleidingsschool) geldig (dagen)"), default=365
    )
    preparation_days = models.PositiveSmallIntegerField(
        _("voorbereiding klaar (dagen voor de start)"),
        default=7,
        help_text=_(
            "ICT, facilitaire zaken, VOG en overeenkomst zijn zoveel dagen vóór de start klaar."
        ),
    )
    wpb_min_years_at_school = models.PositiveSmallIntegerField(
        _("WPB minimaal werkzaam op de school (jaren)"), default=1
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("gestopte stage heropenen binnen (dagen)"),
        default=14,
        help_text=_("Zoveel dagen na het vastleggen kan een per vergissing gestopte stage terug."),
    )

    online_rights_table = models.JSONField(
        _("tabel online rechten studenten"),
        default=default_online_rights_table,
        validators=[validate_online_rights_table],
        help_text=_(
            "Per regel van het besluit: stageniveaus, eventueel afrondend, snuffelstage of "
            "instituten, en de rechtengroep (0 geen account, 1 beperkt, 2 docentrechten). De "
            "eerste passende regel geldt."
        ),
    )
    online_rights_source = models.CharField(
        _("besluit online rechten"),
        max_length=300,
        default=ONLINE_RIGHTS_SOURCE,
        help_text=_("Het besluit waar de tabel online rechten uit komt."),
    )

    class Meta:
        verbose_name = _("stagebeleid")
        verbose_name_plural = _("stagebeleid")

    def __str__(self) -> str:
        return f"Stagebeleid {self.school_year}"

    @classmethod
    def for_year(cls, year: SchoolYear) -> PlacementPolicy:
        policy, _ = cls.objects.get_or_create(school_year=year)
        return policy

    @classmethod
    def online_rights_tables(cls, year_ids: Iterable[int]) -> dict[int, object]:
        """The stored online-rights table of each year, in one query; a year without a policy
        yet reads the default table (a read creates no policy)."""
        ids = set(year_ids)
        stored = dict(
            cls.objects.filter(school_year_id__in=ids).values_list(
                "school_year_id", "online_rights_table"
            )
        )
        return {year_id: stored.get(year_id, default_online_rights_table()) for year_id in ids}

    @classmethod
    def online_rights_table_for(cls, year_id: int) -> object:
        return cls.online_rights_tables([year_id])[year_id]


class ChecklistKind(models.TextChoices):
    """The SO's intake checklist (bijlage 11), in the order it is worked through."""

    REPLY = "reply", _("Reactie aan de student gestuurd")
    INTERVIEW = "interview", _("Motivatiegesprek gevoerd")
    DATA = "data", _("Gegevens van de student gecontroleerd en ingevoerd")
    WPB_INTRO = "wpb_intro", _("Student voorgesteld aan de werkplekbegeleider")
    ICT = "ict", _("Magister-account en personeelsmail aangevraagd bij ICT")
    FACILITIES = "facilities", _("Sleutels en kopieercodes aangevraagd")
    VOG = "vog", _("VOG aangevraagd")
    AGREEMENT = "agreement", _("Stageovereenkomst (reglement werkplekleren) ontvangen")
    STIPEND_FORM = "stipend_form", _("Aanvraagformulier stagevergoeding gemaild")
    START_MEETING = "start_meeting", _("Uitgenodigd voor de startbijeenkomst")


class ChecklistItem(YearBound):
    """One item of a placement's intake checklist, with who ticked it and when."""

    year_path = "placement__school_year"

    placement = models.ForeignKey(
        Placement, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="checklist"
    )
    kind = models.CharField(_("onderdeel"), max_length=20, choices=ChecklistKind.choices)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    responsible_role = models.CharField(
        _("verantwoordelijk"),
        max_length=5,
        choices=[("so", _("schoolopleider")), ("io", _("instituutsopleider"))],
        default="so",
    )
    due_date = models.DateField(_("uiterlijk op"))
    done_at = models.DateTimeField(_("afgevinkt op"), null=True, blank=True)
    done_by = models.ForeignKey(
        User,
        verbose_name=_("afgevinkt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_by_name = models.CharField(_("afgevinkt door (naam)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("checklistonderdeel")
        verbose_name_plural = _("checklist")
        ordering = ["placement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="checklist_kind_once"),
        ]
        indexes = [models.Index(fields=["done_at", "due_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.placement_id})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ReminderDigest(models.Model):
    """One reminder e-mail per SO per day; the row makes a second run the same day a no-op."""

    person = models.ForeignKey(
        Person, verbose_name=_("schoolopleider"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("dag"))
    item_count = models.PositiveIntegerField(_("aantal punten"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("herinneringsmail")
        verbose_name_plural = _("herinneringsmails")
        constraints = [
            models.UniqueConstraint(fields=["person", "day"], name="reminder_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day}"
