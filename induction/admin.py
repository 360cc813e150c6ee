from django.contrib import admin

from . import models


@admin.register(models.Starter)
class StarterAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "location", "school_year", "kind", "induction_year"]
    list_filter = ["school_year", "kind", "induction_year"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["former_student", "registered_student", "coach"]


@admin.register(models.BuildingBlockStatus)
class BuildingBlockStatusAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "block", "state"]
    list_filter = ["school_year", "block", "state"]
