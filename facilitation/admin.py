from django.contrib import admin
from django.http import HttpRequest

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    """Policies are edited on the policy page, where every change is logged; the admin only
    shows them so the log cannot be bypassed."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(models.Policy)
class PolicyAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "funding_kind", "stipend_enabled", "updated_at"]


@admin.register(models.PolicyChange)
class PolicyChangeAdmin(ReadOnlyAdmin):
    list_display = ["policy", "field_label", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["policy__school_year"]
    list_select_related = ["policy__school_year", "changed_by"]


@admin.register(models.GrantedHours)
class GrantedHoursAdmin(admin.ModelAdmin):
    list_display = ["so", "school_year", "hours", "note"]
    list_filter = ["school_year"]
    raw_id_fields = ["so"]
    list_select_related = ["so", "school_year"]


@admin.register(models.LocationCountBasis)
class LocationCountBasisAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "basis", "agreed_count"]
    list_filter = ["school_year", "basis"]
    list_select_related = ["location", "school_year"]
