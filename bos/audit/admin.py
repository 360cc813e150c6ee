from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from bos.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only (the database refuses changes anyway)."""

    list_display = ["created_at", "actor_email", "action", "model", "object_repr"]
    list_filter = ["action", "model"]
    search_fields = ["actor_email", "object_repr", "object_pk"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
