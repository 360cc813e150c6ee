from django.contrib import admin

from .models import (
    Attendance,
    CadenceDigest,
    IntervisionGroup,
    IntervisionMethod,
    IntervisionPolicy,
    IntervisionTheme,
    Meeting,
    Membership,
)


@admin.register(IntervisionPolicy)
class IntervisionPolicyAdmin(admin.ModelAdmin):
    list_display = ["school_year"]


@admin.register(IntervisionMethod)
class IntervisionMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "school_year"]
    list_filter = ["school_year"]


@admin.register(IntervisionTheme)
class IntervisionThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "phase", "position", "school_year"]
    list_filter = ["school_year", "phase"]


@admin.register(IntervisionGroup)
class IntervisionGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "band", "is_online", "school_year"]
    list_filter = ["school_year", "band", "is_online"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["group", "placement"]
    raw_id_fields = ["group", "placement"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["group", "starts_at", "place", "leader_kind"]
    raw_id_fields = ["group"]
    list_select_related = ["group"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "placement"]
    raw_id_fields = ["meeting", "placement"]


@admin.register(CadenceDigest)
class CadenceDigestAdmin(admin.ModelAdmin):
    list_display = ["person", "week_start", "item_count", "sent_at"]
