from django.contrib import admin
from django.http import HttpRequest

from .models import Document, DocumentVersion


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    fk_name = "document"
    extra = 0
    fields = ("version", "adopted_on", "adopted_by", "original_name", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        # Files come in through the library's upload, which checks their content.
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "audience", "status", "school_year")
    list_filter = ("school_year", "kind", "audience", "status")
    search_fields = ("title",)
    readonly_fields = ("series", "previous", "current_version", "reviewed_at", "reviewed_by")
    inlines = [VersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ("document", "version", "adopted_on", "content_type", "uploaded_at")
    readonly_fields = (
        "document",
        "version",
        "stored_name",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "carried_from",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
