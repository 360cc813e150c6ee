from django.contrib import admin

from .models import DeepeningAfternoon


@admin.register(DeepeningAfternoon)
class DeepeningAfternoonAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "audience", "mode", "school_year"]
    list_filter = ["school_year", "mode"]
    search_fields = ["themes", "audience"]
