"""Intervision at the placement school: the year's cadence policy, the list of intervision
models, groups and their members, meetings with attendance, the students' own reports and
the SO's weekly digest marker."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bos.models import Person, SchoolLocation, SchoolYear, User
from bos.yearbound import YearBound
from placements.models import Placement, Student


class IntervisionPolicy(YearBound):
    """The numbers of the intervision agreements for one school year (handreiking,
    bijlage 3). Re-evaluated every year, so never a constant in code."""

    year_path = "school_year"

    school_year = models.OneToOneField(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="intervision_policy",
    )
    weeks_between_meetings = models.PositiveSmallIntegerField(
        _("weken tussen bijeenkomsten"),
        default=4,
        help_text=_("Elke student heeft tijdens de stage ongeveer zo vaak een bijeenkomst."),
    )
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimale aanwezigheid (%)"), default=80
    )
    absences_in_a_row = models.PositiveSmallIntegerField(
        _("signaleren na zoveel keer afwezig op rij"), default=2
    )
    min_group_size = models.PositiveSmallIntegerField(_("minimale groepsgrootte"), default=6)
    max_group_size = models.PositiveSmallIntegerField(_("maximale groepsgrootte"), default=10)

    class Meta:
        verbose_name = _("intervisiebeleid")
        verbose_name_plural = _("intervisiebeleid")
        constraints = [
            models.CheckConstraint(
                condition=Q(weeks_between_meetings__gte=1), name="intervision_policy_weeks"
            ),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="intervision_policy_percent"
            ),
            models.CheckConstraint(
                condition=Q(absences_in_a_row__gte=1), name="intervision_policy_absences"
            ),
            models.CheckConstraint(
                condition=Q(min_group_size__gte=2)
                & Q(max_group_size__gte=models.F("min_group_size")),
                name="intervision_policy_group_sizes",
            ),
        ]

    def __str__(self) -> str:
        return f"Intervisiebeleid {self.school_year}"

    @classmethod
    def for_year(cls, year: SchoolYear) -> IntervisionPolicy:
        """The year's numbers; the defaults (unsaved) until the projectleider sets them, so
        reading a page never writes."""
        return cls.objects.filter(school_year=year).first() or cls(school_year=year)


class MethodKind(models.TextChoices):
    WARM_UP = "warm_up", _("opwarmer")
    MODEL = "model", _("intervisiemodel")
    FORM = "form", _("werkvorm")
    CLOSER = "closer", _("afsluiter")


class IntervisionMethod(YearBound):
    """An intervision model or working form from the handreiking's list. The projectleider
    keeps the list per year; an SO may add one (added_by is then set)."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="intervision_methods",
    )
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(
        _("soort"), max_length=10, choices=MethodKind.choices, default=MethodKind.MODEL
    )
    added_by = models.ForeignKey(
        Person,
        verbose_name=_("toegevoegd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("intervisiemodel")
        verbose_name_plural = _("intervisiemodellen")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "name"], name="intervision_method_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ThemePhase(models.IntegerChoices):
    """The phases of the intervision programme (jaarverslag, intervisieprogramma)."""

    SCHOOL = 1, _("schoolcontext")
    JUNIOR = 2, _("jaar 1–2, minoren, masters P1–P2")
    SENIOR = 3, _("jaar 3–4, masters P3–P5")


class IntervisionTheme(YearBound):
    """A theme a meeting may take, per phase. The projectleider keeps the list per year; a
    new year starts with the previous year's list."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.CASCADE,
        related_name="intervision_themes",
    )
    phase = models.PositiveSmallIntegerField(_("fase"), choices=ThemePhase.choices)
    name = models.CharField(_("thema"), max_length=200)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("intervisiethema")
        verbose_name_plural = _("intervisiethema's")
        ordering = ["phase", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "phase", "name"], name="intervision_theme_once_per_phase"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Band(models.TextChoices):
    """The default split of a school's students (domain §5)."""

    JUNIOR = "junior", _("jaar 1–2 en minoren")
    SENIOR = "senior", _("jaar 3–4 en masters")
    MIXED = "mixed", _("gemengd")


class IntervisionGroup(YearBound):
    """A group of students that meets for intervision. It belongs to one or more locations
    (two small schools may combine; an online group may serve several schools); the SOs of
    all its locations see and manage it."""

    year_path = "school_year"

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name=_("schooljaar"),
        on_delete=models.PROTECT,
        related_name="intervision_groups",
    )
    name = models.CharField(_("naam"), max_length=120)
    band = models.CharField(_("doelgroep"), max_length=10, choices=Band.choices)
    locations = models.ManyToManyField(
        SchoolLocation, verbose_name=_("locaties"), related_name="intervision_groups"
    )
    is_online = models.BooleanField(_("online groep"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("intervisiegroep")
        verbose_name_plural = _("intervisiegroepen")
        ordering = ["school_year__start_date", "name"]

    def __str__(self) -> str:
        return self.name


class Membership(YearBound):
    """A placement's membership of a group. Removing or moving a member closes the row
    (left_on) so past attendance keeps its group; a placement has one open membership."""

    year_path = "group__school_year"

    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="intervision_memberships",
    )
    joined_on = models.DateField(_("lid sinds"))
    left_on = models.DateField(_("lid tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("groepslid")
        verbose_name_plural = _("groepsleden")
        ordering = ["placement__student__last_name", "placement__student__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(left_on__isnull=True),
                name="intervision_one_open_membership",
                violation_error_message=_("Deze student zit al in een intervisiegroep."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement.student.full_name} in {self.group}"


class LeaderKind(models.TextChoices):
    SO = "so", _("schoolopleider")
    IO = "io", _("instituutsopleider")
    STUDENT = "student", _("afstudeer- of masterstudent")
    WPB = "wpb", _("werkplekbegeleider")


class Meeting(YearBound):
    """One intervision meeting of a group."""

    year_path = "group__school_year"

    group = models.ForeignKey(
        IntervisionGroup,
        verbose_name=_("groep"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    online_link = models.URLField(_("link online bijeenkomst"), blank=True)
    leader_kind = models.CharField(_("soort leider"), max_length=10, choices=LeaderKind.choices)
    leader = models.ForeignKey(
        Person,
        verbose_name=_("leider"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    leader_student = models.ForeignKey(
        Student,
        verbose_name=_("leidende student"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    backup = models.ForeignKey(
        Person,
        verbose_name=_("achtervang (SO of IO)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    methods = models.ManyToManyField(
        IntervisionMethod, verbose_name=_("intervisiemodellen"), blank=True, related_name="+"
    )
    theme = models.ForeignKey(
        IntervisionTheme,
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    attendance_recorded_at = models.DateTimeField(
        _("aanwezigheid vastgelegd op"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("intervisiebijeenkomst")
        verbose_name_plural = _("intervisiebijeenkomsten")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""), name="meeting_place_or_link"
            ),
            models.CheckConstraint(
                condition=(
                    Q(leader_kind="student", leader_student__isnull=False, backup__isnull=False)
                    | (~Q(leader_kind="student") & Q(leader__isnull=False))
                ),
                name="meeting_has_leader",
            ),
        ]
        indexes = [models.Index(fields=["group", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%d-%m-%Y}"

    @property
    def is_held(self) -> bool:
        return self.attendance_recorded_at is not None

    @property
    def leader_name(self) -> str:
        if self.leader_kind == LeaderKind.STUDENT and self.leader_student:
            return self.leader_student.full_name
        return self.leader.full_name if self.leader else ""


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("aanwezig")
    EXCUSED = "excused", _("afgemeld")
    ABSENT = "absent", _("afwezig")


class Attendance(YearBound):
    year_path = "placement__school_year"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("bijeenkomst"), on_delete=models.CASCADE, related_name="attendance"
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("stage"),
        on_delete=models.CASCADE,
        related_name="intervision_attendance",
    )
    status = models.CharField(_("aanwezigheid"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "placement"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.get_status_display()}"


class ReflectionKind(models.TextChoices):
    MEETING = "meeting", _("verslag bijeenkomst")
    YEAR_REVIEW = "year_review", _("jaarterugblik")


class Reflection(YearBound):
    """A student's own report of a meeting, or their year review. Private to the student
    until shared; then their SO and IO read it too, nobody else."""

    year_path = "placement__school_year"

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="intervision_reflections",
    )
    placement = models.ForeignKey(
        Placement, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=ReflectionKind.choices)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reflections",
    )
    text = models.TextField(_("verslag"))
    shared_at = models.DateTimeField(_("gedeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("geschreven op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("intervisieverslag")
        verbose_name_plural = _("intervisieverslagen")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "meeting"],
                condition=Q(kind="meeting"),
                name="reflection_once_per_meeting",
            ),
            models.UniqueConstraint(
                fields=["placement"],
                condition=Q(kind="year_review"),
                name="year_review_once_per_placement",
            ),
            models.CheckConstraint(
                condition=Q(kind="year_review", meeting__isnull=True)
                | Q(kind="meeting", meeting__isnull=False),
                name="reflection_kind_matches_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.student.full_name}"

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None


class CadenceDigest(models.Model):
    """One weekly intervision digest per SO; the row makes a second run that week a no-op."""

    person = models.ForeignKey(
        Person, verbose_name=_("schoolopleider"), on_delete=models.CASCADE, related_name="+"
    )
    week_start = models.DateField(_("week van"))
    item_count = models.PositiveIntegerField(_("aantal studenten"))
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("intervisie-weekmail")
        verbose_name_plural = _("intervisie-weekmails")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week_start"], name="cadence_digest_once_a_week"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.week_start}"
