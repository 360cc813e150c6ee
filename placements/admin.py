from django.contrib import admin

from . import models


@admin.register(models.Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "institute", "student_number", "variant"]
    list_filter = ["institute", "variant", "is_zij_instromer"]
    search_fields = ["first_name", "last_name", "student_number", "email"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "location", "school_year", "level", "status", "is_final"]
    list_filter = ["school_year", "status", "level", "location", "registered_in_institute_system"]
    search_fields = ["student__first_name", "student__last_name", "student__student_number"]
    raw_id_fields = ["student", "so", "io", "wpb", "switched_from"]
    filter_horizontal = ["co_wpbs"]
    list_select_related = ["student__institute", "location", "school_year"]
