from django.contrib import admin

from . import models


@admin.register(models.ProfessionalizationPolicy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["school_year", "velon_min_years", "window_years", "default_capacity"]


@admin.register(models.Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "level", "school_year"]
    list_filter = ["school_year", "level"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "theme", "location", "capacity"]
    list_filter = ["school_year", "kind"]
    raw_id_fields = ["leader", "co_leader"]
    list_select_related = ["theme", "location"]


@admin.register(models.Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "role", "status", "attended", "hours"]
    list_filter = ["status", "meeting__school_year"]
    raw_id_fields = ["meeting", "person"]
    # Evaluation comments are anonymous to the leader; the admin list does not show them.
    exclude = ["comment"]


@admin.register(models.Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "total_hours", "issued_at", "mailed_at"]
    list_filter = ["school_year"]
    raw_id_fields = ["person"]
    # The verification code is a secret of the certificate holder.
    exclude = ["code"]
    readonly_fields = ["issued_at", "mailed_at"]


@admin.register(models.CertificateRun)
class CertificateRunAdmin(admin.ModelAdmin):
    list_display = ["school_year", "status", "requested_at", "finished_at"]
    readonly_fields = ["requested_at", "finished_at"]
