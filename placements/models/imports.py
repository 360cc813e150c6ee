"""Excel imports that run in the background."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import SchoolYear, User
from bos.yearbound import YearBound


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    CHECKING = "checking", _("wordt gecontroleerd")
    CHECKED = "checked", _("gecontroleerd")
    CONFIRMED = "confirmed", _("bevestigd, in de wachtrij")
    SAVING = "saving", _("wordt opgeslagen")
    DONE = "done", _("opgeslagen")
    FAILED = "failed", _("mislukt")


class ImportJob(YearBound):
    """A large Excel import, checked and saved by a background task. The file stays here
    (not in the task's arguments, which carry only the id) until the import is done."""

    year_path = "school_year"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="import_jobs")
    school_year = models.ForeignKey(SchoolYear, on_delete=models.CASCADE, null=True)
    kind = models.CharField(max_length=30)
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    token = models.CharField(max_length=64)
    confirmed = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("importtaak")
        verbose_name_plural = _("importtaken")

    def __str__(self) -> str:
        return f"{self.kind} {self.name} ({self.get_status_display()})"
