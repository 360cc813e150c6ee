from django.contrib import admin

from . import models


@admin.register(models.Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "institute", "student_number", "variant"]
    list_filter = ["institute", "variant", "is_zij_instromer"]
    search_fields = ["first_name", "last_name", "student_number", "email"]


@admin.register(models.StudentSchool)
class StudentSchoolAdmin(admin.ModelAdmin):
    list_display = ["student", "location", "is_owner", "registered_at"]
    list_filter = ["location", "is_owner"]
    search_fields = ["student__first_name", "student__last_name", "student__student_number"]
    raw_id_fields = ["student", "registered_by"]
    list_select_related = ["student", "location"]


@admin.register(models.Placement)
class PlacementAdmin(admin.ModelAdmin):
    list_display = ["student", "location", "school_year", "level", "status", "is_final"]
    list_filter = ["school_year", "status", "level", "location", "registered_in_institute_system"]
    search_fields = ["student__first_name", "student__last_name", "student__student_number"]
    raw_id_fields = ["student", "so", "io", "wpb", "switched_from"]
    filter_horizontal = ["co_wpbs"]
    list_select_related = ["student__institute", "location", "school_year"]


@admin.register(models.PlacementPolicy)
class PlacementPolicyAdmin(admin.ModelAdmin):
    list_display = ["school_year", "reply_working_days", "vog_valid_days"]


@admin.register(models.ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["placement", "kind", "due_date", "done_at", "done_by_name"]
    list_filter = ["kind", "placement__school_year"]
    raw_id_fields = ["placement", "done_by"]
    list_select_related = ["placement__student", "placement__location", "placement__school_year"]


@admin.register(models.PlaceOffer)
class PlaceOfferAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "subject", "level", "places", "first_year_reserved"]
    list_filter = ["school_year", "location"]
    raw_id_fields = ["mentor"]


@admin.register(models.Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["student", "location", "school_year", "level"]
    raw_id_fields = ["student", "from_placement", "reserved_by"]


@admin.register(models.ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["person", "day", "item_count", "sent_at"]
    list_filter = ["day"]


@admin.register(models.SupervisionPolicy)
class SupervisionPolicyAdmin(admin.ModelAdmin):
    list_display = ["school_year", "intake_within_days", "min_weeks_for_progress"]


@admin.register(models.SupervisionAgreement)
class SupervisionAgreementAdmin(admin.ModelAdmin):
    list_display = ["school_year", "level", "phase", "min_lessons", "wpb_presence"]
    list_filter = ["school_year", "level"]


@admin.register(models.Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["student", "location", "school_year", "status", "source"]
    list_filter = ["school_year", "status", "source"]
    raw_id_fields = ["student", "offer", "reservation", "placement"]


@admin.register(models.DevelopmentSignal)
class DevelopmentSignalAdmin(admin.ModelAdmin):
    list_display = ["placement", "raised_on", "raised_by"]
    raw_id_fields = ["placement", "raised_by"]


@admin.register(models.TargetAdjustment)
class TargetAdjustmentAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "kind", "target"]
    list_filter = ["school_year", "kind"]
    raw_id_fields = ["changed_by"]


class StartInviteeInline(admin.TabularInline):
    model = models.StartInvitee
    raw_id_fields = ["student", "person"]
    extra = 0


@admin.register(models.StartMeeting)
class StartMeetingAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "starts_at", "place"]
    list_filter = ["school_year"]
    raw_id_fields = ["created_by"]
    inlines = [StartInviteeInline]


@admin.register(models.StartInvitee)
class StartInviteeAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "attended"]
    raw_id_fields = ["meeting", "student", "person"]
