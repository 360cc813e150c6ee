"""Read-only admin views of the running-year records (the pages at /schooljaren/ and
/organisatie/ are where they are kept); snapshots and year events are history, not edited."""

from django.contrib import admin

from bos.models import SchoolYearEvent
from reports.models import ReportSnapshot

from .models import DevelopmentTeamMember, DevelopmentTeamYear


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SchoolYearEvent)
class SchoolYearEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "school_year", "kind", "step", "actor", "detail"]
    list_filter = ["school_year", "kind"]


@admin.register(ReportSnapshot)
class ReportSnapshotAdmin(ReadOnlyAdmin):
    list_display = ["school_year", "created_at", "created_by", "reserve"]
    exclude = ["data"]


class MemberInline(admin.TabularInline):
    model = DevelopmentTeamMember
    extra = 0


@admin.register(DevelopmentTeamYear)
class DevelopmentTeamYearAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year", "kartrekker"]
    list_filter = ["school_year"]
    inlines = [MemberInline]


@admin.register(DevelopmentTeamMember)
class DevelopmentTeamMemberAdmin(admin.ModelAdmin):
    list_display = ["person", "team", "hours"]
    list_filter = ["team__school_year"]
