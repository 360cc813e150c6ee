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
