from django.contrib import admin
from django.http import HttpRequest

from .models import FeedToken, PlanningEvent, ReminderDigest


@admin.register(PlanningEvent)
class PlanningEventAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "date", "start_time", "status", "school_year")
    list_filter = ("school_year", "kind", "status")
    search_fields = ("title", "place")
    filter_horizontal = ("locations",)


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    readonly_fields = ("user", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ("person", "day", "event_count", "sent_at")
    list_filter = ("day",)
