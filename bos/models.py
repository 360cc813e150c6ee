"""The partnership's organisation: school years, boards, schools, institutes, people and the
roles they hold in a given year. Everything that can change between years is stored per year."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from . import limits
from .colours import MIN_TEXT_CONTRAST, contrast_with_white
from .yearbound import YearBound


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A login. People log in with their e-mail address; there is no username."""

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.email


class SchoolYearQuerySet(models.QuerySet["SchoolYear"]):
    def containing(self, day: dt.date) -> SchoolYear | None:
        return self.filter(start_date__lte=day, end_date__gte=day).first()

    def current(self) -> SchoolYear | None:
        """The school year of today, or else the most recent one (the demo lives in 2020-2021)."""
        from django.utils import timezone

        return self.containing(timezone.localdate()) or self.order_by("-start_date").first()


class SchoolYear(models.Model):
    """A school year runs from 1 August to 31 July and is written as 2020-2021."""

    name = models.CharField(_("naam"), max_length=9, unique=True, help_text="bijv. 2020-2021")
    start_date = models.DateField(_("begindatum"))
    end_date = models.DateField(_("einddatum"))
    # A closed year's policy, budget, actuals and placements are read-only (bos.years).
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "User",
        verbose_name=_("afgesloten door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="schoolyear_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def name_for(start_year: int) -> str:
        return f"{start_year}-{start_year + 1}"

    @classmethod
    def bounds_for(cls, start_year: int) -> tuple[dt.date, dt.date]:
        return dt.date(start_year, 8, 1), dt.date(start_year + 1, 7, 31)

    @property
    def start_year(self) -> int:
        return self.start_date.year

    @property
    def peildatum(self) -> dt.date:
        """Pupil counts are taken on 1 October."""
        return dt.date(self.start_year, 10, 1)

    def previous(self) -> SchoolYear | None:
        return (
            SchoolYear.objects.filter(end_date__lt=self.start_date).order_by("-start_date").first()
        )

    def contains(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class YearEventKind(models.TextChoices):
    OPENED = "opened", _("geopend")
    CLOSED = "closed", _("afgesloten")
    REOPENED = "reopened", _("heropend")
    STEP = "step", _("stap nieuw schooljaar")


class SchoolYearEvent(models.Model):
    """What happened to a school year as a whole: started from the previous one (each step
    of the wizard), closed, reopened (with the reason)."""

    year_guard_exempt = "the year's history: closing and reopening are recorded in it"

    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("soort"), max_length=10, choices=YearEventKind.choices)
    step = models.CharField(_("stap"), max_length=40, blank=True)
    detail = models.TextField(_("toelichting"), blank=True)
    actor = models.ForeignKey(
        "User",
        verbose_name=_("door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    class Meta:
        verbose_name = _("gebeurtenis schooljaar")
        verbose_name_plural = _("gebeurtenissen schooljaar")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.school_year} {self.get_kind_display()} {self.step}".strip()


class HROffice(models.Model):
    """The HR office that processes the stipend applications of a board's schools."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    email = models.EmailField(_("e-mailadres"), blank=True)

    class Meta:
        verbose_name = _("HR-afdeling")
        verbose_name_plural = _("HR-afdelingen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolBoard(models.Model):
    """A school board (bestuur). Its name may change over the years; see BoardName."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    hr_office = models.ForeignKey(
        HROffice,
        verbose_name=_("HR-afdeling"),
        on_delete=models.PROTECT,
        related_name="boards",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("schoolbestuur")
        verbose_name_plural = _("schoolbesturen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, year: SchoolYear) -> str:
        renamed = (
            self.names.filter(valid_from__start_date__lte=year.start_date)
            .order_by("-valid_from__start_date")
            .first()
        )
        return renamed.name if renamed else self.name


class BoardName(YearBound):
    """A name a board carries from a given school year on (in the demo SKVOB → Libréon from
    the year after the running year)."""

    year_path = "valid_from"

    board = models.ForeignKey(
        SchoolBoard, verbose_name=_("bestuur"), on_delete=models.CASCADE, related_name="names"
    )
    name = models.CharField(_("naam"), max_length=200)
    valid_from = models.ForeignKey(
        SchoolYear, verbose_name=_("geldig vanaf"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("bestuursnaam")
        verbose_name_plural = _("bestuursnamen")
        constraints = [
            models.UniqueConstraint(fields=["board", "valid_from"], name="boardname_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} (vanaf {self.valid_from})"


class SchoolGroup(models.Model):
    """Locations that belong together (De Campus, Mencia, OG Tessenderlandt)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    board = models.ForeignKey(
        SchoolBoard, verbose_name=_("bestuur"), on_delete=models.PROTECT, related_name="groups"
    )

    class Meta:
        verbose_name = _("scholengroep")
        verbose_name_plural = _("scholengroepen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SchoolLocation(models.Model):
    """A school location where students do their placement."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    board = models.ForeignKey(
        SchoolBoard, verbose_name=_("bestuur"), on_delete=models.PROTECT, related_name="locations"
    )
    group = models.ForeignKey(
        SchoolGroup,
        verbose_name=_("scholengroep"),
        on_delete=models.SET_NULL,
        related_name="locations",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("schoollocatie")
        verbose_name_plural = _("schoollocaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocationYear(YearBound):
    """A location's facts in one school year: membership and pupils on 1 October."""

    year_path = "school_year"

    location = models.ForeignKey(
        SchoolLocation, verbose_name=_("locatie"), on_delete=models.CASCADE, related_name="years"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    is_member = models.BooleanField(_("lid van het samenwerkingsverband"), default=True)
    pupils = models.PositiveIntegerField(_("leerlingen op 1 oktober"), null=True, blank=True)
    is_kartrekker = models.BooleanField(_("kartrekkerschool"), default=False)

    class Meta:
        verbose_name = _("locatie per schooljaar")
        verbose_name_plural = _("locaties per schooljaar")
        ordering = ["school_year__start_date", "location__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["location", "school_year"], name="locationyear_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.school_year}"


class Institute(models.Model):
    """A teacher-education institute (lerarenopleiding)."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(_("afkorting"), max_length=20, unique=True)
    first_year_label = models.CharField(
        _("label eerstejaars"),
        max_length=20,
        blank=True,
        help_text=_("Het eigen label van het instituut voor eerstejaars, bijv. PHP, N1, P1."),
    )

    class Meta:
        verbose_name = _("instituut")
        verbose_name_plural = _("instituten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name

    def is_partner_in(self, year: SchoolYear) -> bool:
        return self.partnerships.filter(school_year=year, is_partner=True).exists()


class InstitutePartnership(YearBound):
    """Whether an institute is a partner of the opleidingsschool in a school year."""

    year_path = "school_year"

    institute = models.ForeignKey(
        Institute,
        verbose_name=_("instituut"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="+"
    )
    is_partner = models.BooleanField(_("partner"), default=True)

    class Meta:
        verbose_name = _("partnerschap")
        verbose_name_plural = _("partnerschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "school_year"], name="partnership_once_per_year"
            )
        ]

    def __str__(self) -> str:
        status = "partner" if self.is_partner else "geen partner"
        return f"{self.institute} {self.school_year}: {status}"


class Person(models.Model):
    """A staff member of a school or institute (SO, IO, WPB, coordinator, director, HR...)."""

    first_name = models.CharField(
        _("voornaam"), max_length=limits.FIRST_NAME_MAX, validators=[limits.validate_name]
    )
    last_name = models.CharField(
        _("achternaam"), max_length=limits.LAST_NAME_MAX, validators=[limits.validate_name]
    )
    email = models.EmailField(_("e-mailadres"), unique=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["last_name", "first_name"]
        # Imports and the register form find people by e-mail regardless of case
        # (email__iexact compares UPPER(email)).
        indexes = [models.Index(Upper("email"), name="person_email_upper")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class QualificationKind(models.TextChoices):
    """What the seed asks of an SO, IO or WPB (l. 2017-2025, 4121, 4158, 4232)."""

    BRLO = "brlo", _("BRLO-registratie")
    ASSESSOR = "assessor", _("Assessorentraining")
    WPB_COURSE = "wpb_course", _("Cursus werkplekbegeleiding")


class Qualification(models.Model):
    """A qualification a person obtained, with its date. Not bound to a school year: it
    stays valid in every later year."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="qualifications",
    )
    kind = models.CharField(_("kwalificatie"), max_length=20, choices=QualificationKind.choices)
    obtained_on = models.DateField(_("behaald op"))

    class Meta:
        verbose_name = _("kwalificatie")
        verbose_name_plural = _("kwalificaties")
        ordering = ["person", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="qualification_once")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.obtained_on:%d-%m-%Y})"


class Role(models.TextChoices):
    SO = "so", _("Schoolopleider (SO)")
    IO = "io", _("Instituutsopleider (IO)")
    WPB = "wpb", _("Werkplekbegeleider (WPB)")
    BC = "bc", _("Bestuurscoördinator (BC)")
    IC = "ic", _("Instituutscoördinator (IC)")
    PROJECTLEIDER = "pl", _("Projectleider")
    DIRECTOR = "director", _("Schooldirecteur")
    HR = "hr", _("HR-medewerker")
    STUURGROEP = "stuurgroep", _("Lid stuurgroep")
    KERNTEAM = "kernteam", _("Lid kernteam")
    ONTWIKKELTEAM = "ontwikkelteam", _("Lid ontwikkelteam")
    # The seed's lerarencoach (per school, l. 3916-3931) and penvoerder (the board that
    # applies for and receives the subsidy, l. 4013-4033).
    LERARENCOACH = "lerarencoach", _("Lerarencoach")
    PENVOERDER = "penvoerder", _("Penvoerder")


class DevelopmentTeam(models.TextChoices):
    PROGRAMMA = "programma", _("Programma")
    PROFESSIONALISERING = "professionalisering", _("Professionalisering")
    INTERVISIE = "intervisie", _("Intervisie")
    INDUCTIE = "inductie", _("Inductie")


class RoleAssignment(YearBound):
    """A role a person holds in one school year, with the scope it gives them.

    SO: one or more locations. IO: an institute at locations. WPB: one location, with
    subjects, qualification grade and the year they started at the school. BC and HR: a
    board. IC: an institute. Director: a location. Ontwikkelteam: a team and kartrekker.
    """

    year_path = "school_year"

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="roles"
    )
    school_year = models.ForeignKey(
        SchoolYear, verbose_name=_("schooljaar"), on_delete=models.PROTECT, related_name="roles"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    locations = models.ManyToManyField(
        SchoolLocation, verbose_name=_("locaties"), blank=True, related_name="role_assignments"
    )
    institute = models.ForeignKey(
        Institute,
        verbose_name=_("instituut"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    board = models.ForeignKey(
        SchoolBoard,
        verbose_name=_("bestuur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    subjects = models.CharField(_("vakken"), max_length=300, blank=True)
    qualification_grade = models.PositiveSmallIntegerField(
        _("bevoegdheidsgraad"),
        choices=[(1, _("eerstegraads")), (2, _("tweedegraads"))],
        null=True,
        blank=True,
    )
    started_at_school = models.PositiveSmallIntegerField(
        _("werkzaam op de school sinds (jaar)"), null=True, blank=True
    )
    team = models.CharField(
        _("ontwikkelteam"), max_length=30, choices=DevelopmentTeam.choices, blank=True
    )
    is_kartrekker = models.BooleanField(_("kartrekker"), default=False)
    hours = models.DecimalField(
        _("gefaciliteerde uren"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        ordering = ["school_year__start_date", "role", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "school_year", "role", "team"], name="role_once_per_year"
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["io", "ic"]) | Q(institute__isnull=False),
                name="role_io_ic_need_institute",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=["bc", "hr"]) | Q(board__isnull=False),
                name="role_bc_hr_need_board",
            ),
            models.CheckConstraint(
                condition=Q(role="ontwikkelteam") | Q(team=""),
                name="role_team_only_for_ontwikkelteam",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} {self.school_year}"

    def years_at_school(self, year: SchoolYear) -> int | None:
        if self.started_at_school is None:
            return None
        return year.start_year - self.started_at_school


class AuditAction(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    VIEW = "view", _("ingezien")
    EXPORT = "export", _("geëxporteerd")
    RETENTION = "retention", _("bewaartermijn toegepast")


class AuditEntry(models.Model):
    """One line of the audit trail: who did what to which record, when.

    Append-only: a database trigger rejects UPDATE and DELETE (see bos.audit.triggers); only
    the retention command may delete entries older than the audit retention period. The
    actor is stored as id and e-mail, not a foreign key, so deleting a user never has to
    touch the trail."""

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)
    actor_email = models.CharField(_("gebruiker"), max_length=254, blank=True)
    action = models.CharField(_("actie"), max_length=10, choices=AuditAction.choices)
    model = models.CharField(_("soort gegevens"), max_length=100, db_index=True)
    object_pk = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("omschrijving"), max_length=200, blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    request_path = models.CharField(_("pagina"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("audittrail")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.model}"


HEX_COLOUR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Geef een kleur als #rrggbb, bijvoorbeeld #156d84.")
)


class Partnership(models.Model):
    """The partnership this installation serves: its name, address and house style, named
    in the layout, the e-mails, the letters and the PDFs. One row at most (id 1); read it
    through `bos.partnership.current()`, which is cached and falls back to neutral values."""

    SINGLETON_ID = 1

    name = models.CharField(_("naam"), max_length=120)
    short_name = models.CharField(
        _("korte naam"), max_length=20, help_text=_("Bijvoorbeeld in het onderwerp van e-mails.")
    )
    address = models.TextField(_("adres"), blank=True, help_text=_("Eén regel per adresregel."))
    website = models.URLField(_("website"), blank=True)
    primary_color = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        default="#156d84",
        validators=[HEX_COLOUR],
        help_text=_("Knoppen, links en de kopbalk; witte tekst moet erop leesbaar zijn."),
    )
    accent_color = models.CharField(
        _("accentkleur"),
        max_length=7,
        default="#f99c10",
        validators=[HEX_COLOUR],
        help_text=_("Focusrand en markeringen."),
    )
    # The logo is kept in the database (at most 512 KB, PNG or JPEG): it travels with the
    # backup's data and needs no public media directory.
    logo = models.BinaryField(_("logo"), blank=True, null=True, editable=False)
    logo_content_type = models.CharField(max_length=20, blank=True, editable=False)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("opleidingsschool")
        verbose_name_plural = _("opleidingsschool")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="partnership_single_row"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        self.primary_color = (self.primary_color or "").lower()
        self.accent_color = (self.accent_color or "").lower()
        if HEX_COLOUR.regex.match(self.primary_color):
            ratio = contrast_with_white(self.primary_color)
            if ratio < MIN_TEXT_CONTRAST:
                raise ValidationError(
                    {
                        "primary_color": _(
                            "Witte tekst is op deze kleur slecht leesbaar (contrast %(ratio)s:1, "
                            "minimaal %(minimum)s:1). Kies een donkerdere kleur."
                        )
                        % {
                            "ratio": f"{ratio:.1f}".replace(".", ","),
                            "minimum": f"{MIN_TEXT_CONTRAST}".replace(".", ","),
                        }
                    }
                )
