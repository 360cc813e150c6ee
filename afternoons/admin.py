from django.contrib import admin

from .models import (
    AfternoonPolicy,
    DeepeningAfternoon,
    Evaluation,
    Invitation,
    Preference,
    ThemeProposal,
    Workshop,
    WorkshopAssignment,
)


class WorkshopInline(admin.TabularInline):
    model = Workshop
    extra = 0
    autocomplete_fields = ["leader"]


@admin.register(DeepeningAfternoon)
class DeepeningAfternoonAdmin(admin.ModelAdmin):
    list_display = ["number", "date", "audience", "school_year", "published_at"]
    list_filter = ["school_year"]
    search_fields = ["audience", "workshops__theme"]
    filter_horizontal = ["institutes"]
    inlines = [WorkshopInline]


@admin.register(Workshop)
class WorkshopAdmin(admin.ModelAdmin):
    list_display = ["theme", "afternoon", "mode", "capacity", "leader_name"]
    list_filter = ["afternoon__school_year", "mode"]
    search_fields = ["theme", "leader_name"]
    autocomplete_fields = ["leader"]


@admin.register(AfternoonPolicy)
class AfternoonPolicyAdmin(admin.ModelAdmin):
    list_display = ["school_year", "reminder_days_before", "default_capacity"]


@admin.register(ThemeProposal)
class ThemeProposalAdmin(admin.ModelAdmin):
    list_display = ["theme", "school_year", "created_at"]
    list_filter = ["school_year"]
    search_fields = ["theme"]
    raw_id_fields = ["student", "afternoon"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["afternoon", "student", "sent_at", "reminder_sent_at"]
    list_filter = ["afternoon__school_year"]
    raw_id_fields = ["student", "afternoon"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["afternoon", "student", "rank", "workshop"]
    raw_id_fields = ["student", "afternoon", "workshop"]


@admin.register(WorkshopAssignment)
class WorkshopAssignmentAdmin(admin.ModelAdmin):
    list_display = ["afternoon", "student", "workshop", "source", "attended"]
    list_filter = ["afternoon__school_year", "source", "attended"]
    raw_id_fields = ["student", "afternoon", "workshop"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["afternoon", "workshop", "score", "created_at"]
    raw_id_fields = ["student", "afternoon", "workshop"]
