from django.contrib import admin

from . import models


class BudgetLineInline(admin.TabularInline):
    model = models.BudgetLine
    extra = 0


@admin.register(models.Budget)
class BudgetAdmin(admin.ModelAdmin):
    list_display = ["school_year", "income_label", "income_amount", "reserve_carried_in"]


@admin.register(models.BudgetSection)
class BudgetSectionAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "order"]
    inlines = [BudgetLineInline]


@admin.register(models.ActualEntry)
class ActualEntryAdmin(admin.ModelAdmin):
    list_display = ["line", "date", "description", "hours", "amount"]
    list_filter = ["line__section__budget__school_year"]


@admin.register(models.UnknownCounts)
class UnknownCountsAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "note"]


@admin.register(models.ReportTargets)
class ReportTargetsAdmin(admin.ModelAdmin):
    list_display = ["school_year", "min_partner_students"]


@admin.register(models.GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ["school_year", "status", "progress", "created_at", "requested_by"]
    readonly_fields = ["file_name", "status", "progress", "error", "finished_at"]


@admin.register(models.ReportPublication)
class ReportPublicationAdmin(admin.ModelAdmin):
    # Published and withdrawn through the report page (audited); the admin only shows it.
    list_display = ["school_year", "published_at", "published_by"]
    readonly_fields = ["school_year", "published_at", "published_by"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(models.BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["name", "section", "kind"]
    list_filter = ["section__budget__school_year"]


@admin.register(models.ChapterText)
class ChapterTextAdmin(admin.ModelAdmin):
    """Read only: texts are written on the chapter pages, which keep versions, check who
    may edit and refuse a closed year."""

    list_display = ["chapter", "school_year", "status", "author", "updated_at"]
    list_filter = ["school_year", "status"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(models.ChapterVersion)
class ChapterVersionAdmin(ChapterTextAdmin):
    list_display = ["text", "saved_by", "saved_at"]
    list_filter = ["text__school_year"]


@admin.register(models.Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["description", "chapter", "school_year", "status", "indicator"]
    list_filter = ["school_year", "chapter"]


class EvidenceInline(admin.TabularInline):
    model = models.Evidence
    extra = 0


@admin.register(models.QualityStandard)
class QualityStandardAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "school_year"]
    list_filter = ["school_year"]
    inlines = [EvidenceInline]


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["standard", "kind", "figure", "note"]
    list_filter = ["standard__school_year", "kind"]


@admin.register(models.SupportStaff)
class SupportStaffAdmin(admin.ModelAdmin):
    list_display = ["person", "task", "board", "institute", "school_year"]
    list_filter = ["school_year"]


@admin.register(models.BudgetVersion)
class BudgetVersionAdmin(admin.ModelAdmin):
    list_display = ["budget", "number", "adopted_on", "decision"]
    list_filter = ["budget__school_year"]
    readonly_fields = ["lines"]
