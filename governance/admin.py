from django.contrib import admin

from .models import Decision, DecisionChange


class ChangeInline(admin.TabularInline):
    model = DecisionChange
    extra = 0
    fields = ("kind", "label", "old_value", "new_value")


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("title", "decided_on", "body", "school_year")
    list_filter = ("school_year", "body")
    search_fields = ("title", "text")
    filter_horizontal = ("attachments",)
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [ChangeInline]


@admin.register(DecisionChange)
class DecisionChangeAdmin(admin.ModelAdmin):
    list_display = ("label", "kind", "decision", "recorded_at")
    list_filter = ("kind", "decision__school_year")
    search_fields = ("label", "old_value", "new_value")
    readonly_fields = ("field_name", "content_type", "object_id", "recorded_by", "recorded_at")
