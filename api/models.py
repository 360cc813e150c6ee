"""An institute's API keys: only the SHA-256 hash of a key is kept, the key itself is shown
once when it is made (api.services.api_key_create)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bos.models import Institute, User


class ApiKey(models.Model):
    institute = models.ForeignKey(
        Institute, verbose_name=_("instituut"), on_delete=models.PROTECT, related_name="api_keys"
    )
    name = models.CharField(_("omschrijving"), max_length=100)
    # The first characters of the key, to recognise it in the list; never enough to use it.
    prefix = models.CharField(_("begint met"), max_length=12)
    key_hash = models.CharField(_("hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("geldig tot"))
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("ingetrokken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.institute} {self.prefix}… ({self.name})"
