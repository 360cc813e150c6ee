from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from . import models

# The partnership's name is the admin's (bos.partnership.current(), read per request).
admin.site.site_header = "Beheer"
admin.site.site_title = "Beheer"
admin.site.index_title = "Beheer"
_each_context = admin.site.each_context


def _each_context_with_partnership(request: HttpRequest) -> dict[str, Any]:
    from . import partnership

    context = _each_context(request)
    name = partnership.current().short_name
    context["site_header"] = context["site_title"] = f"{name} beheer"
    return context


admin.site.each_context = _each_context_with_partnership  # type: ignore[method-assign]


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin signs in through the application's own login (allauth: lockout, rate
    limits, two-step verification); Django's admin login form, which has none of these,
    is never shown and never accepts a password."""
    next_url = request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return redirect(next_url)
        raise PermissionDenied  # signed in, but no admin: never a redirect loop
    return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")


admin.site.login = admin_login  # type: ignore[method-assign]


# allauth's own admin shows an authenticator's data: the (encrypted) TOTP secret and
# recovery seed. Ours shows who has which factor, never the secrets.
import allauth.mfa.admin  # noqa: E402,F401  (registers allauth's admin first, so it can be replaced)
from allauth.mfa.models import Authenticator  # noqa: E402

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    raw_id_fields = ("user",)
    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type", "created_at", "last_used_at")
    exclude = ("data",)
    readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(models.User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoonsgegevens"), {"fields": ("first_name", "last_name")}),
        (_("Rechten"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(models.SchoolYear)
class SchoolYearAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date"]


@admin.register(models.HROffice)
class HROfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "email"]


class BoardNameInline(admin.TabularInline):
    model = models.BoardName
    extra = 0


@admin.register(models.SchoolBoard)
class SchoolBoardAdmin(admin.ModelAdmin):
    list_display = ["name", "hr_office"]
    inlines = [BoardNameInline]


@admin.register(models.BoardName)
class BoardNameAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "valid_from"]


@admin.register(models.SchoolGroup)
class SchoolGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "board"]


class LocationYearInline(admin.TabularInline):
    model = models.LocationYear
    extra = 0


@admin.register(models.SchoolLocation)
class SchoolLocationAdmin(admin.ModelAdmin):
    list_display = ["name", "board", "group"]
    list_filter = ["board", "group"]
    search_fields = ["name"]
    inlines = [LocationYearInline]


@admin.register(models.LocationYear)
class LocationYearAdmin(admin.ModelAdmin):
    list_display = ["location", "school_year", "pupils", "is_member", "is_kartrekker"]
    list_filter = ["school_year", "is_member"]


class PartnershipInline(admin.TabularInline):
    model = models.InstitutePartnership
    extra = 0


@admin.register(models.Institute)
class InstituteAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "first_year_label"]
    search_fields = ["name", "short_name"]
    inlines = [PartnershipInline]


@admin.register(models.InstitutePartnership)
class InstitutePartnershipAdmin(admin.ModelAdmin):
    list_display = ["institute", "school_year", "is_partner"]
    list_filter = ["school_year", "is_partner"]


class RoleAssignmentInline(admin.TabularInline):
    model = models.RoleAssignment
    extra = 0
    filter_horizontal = ["locations"]


@admin.register(models.Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "user"]
    search_fields = ["first_name", "last_name", "email"]
    raw_id_fields = ["user"]
    inlines = [RoleAssignmentInline]


@admin.register(models.RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "school_year", "institute", "board"]
    list_filter = ["school_year", "role"]
    search_fields = ["person__first_name", "person__last_name"]
    filter_horizontal = ["locations"]
    raw_id_fields = ["person"]


@admin.register(models.Qualification)
class QualificationAdmin(admin.ModelAdmin):
    list_display = ["person", "kind", "obtained_on"]
    list_filter = ["kind"]
    search_fields = ["person__first_name", "person__last_name"]
    raw_id_fields = ["person"]


class PartnershipForm(forms.ModelForm):
    """The logo is uploaded here and kept in the row; only a real PNG or JPEG of at most
    512 KB and BOS_LOGO_MAX_PIXELS pixels is accepted (bos.partnership.validate_logo)."""

    logo_upload = forms.FileField(
        label="Logo",
        required=False,
    )
    remove_logo = forms.BooleanField(label="Logo verwijderen", required=False)

    class Meta:
        model = models.Partnership
        fields = ["name", "short_name", "address", "website", "primary_color", "accent_color"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from django.conf import settings

        from .images import megapixels

        super().__init__(*args, **kwargs)
        self.fields["logo_upload"].help_text = (
            f"PNG of JPEG, hoogstens 512 kB en {megapixels(settings.BOS_LOGO_MAX_PIXELS)} "
            "megapixel. SVG kan scripts bevatten en wordt geweigerd."
        )

    def clean_logo_upload(self) -> tuple[bytes, str] | None:
        from . import partnership

        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        if upload.size and upload.size > partnership.LOGO_MAX_BYTES:
            # Refused before reading: the size alone says enough.
            raise forms.ValidationError(
                f"Het logo is te groot ({upload.size // 1024} kB); het mag hoogstens "
                f"{partnership.LOGO_MAX_BYTES // 1024} kB zijn."
            )
        data = upload.read(partnership.LOGO_MAX_BYTES + 1)
        return data, partnership.validate_logo(data)

    def save(self, commit: bool = True) -> models.Partnership:
        instance: models.Partnership = super().save(commit=False)
        logo = self.cleaned_data.get("logo_upload")
        if logo is not None:
            instance.logo, instance.logo_content_type = logo
        elif self.cleaned_data.get("remove_logo"):
            instance.logo, instance.logo_content_type = None, ""
        if commit:
            instance.save()
        return instance


@admin.register(models.Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    """One row: the admin edits it; there is nothing to add once it exists, nor to delete."""

    form = PartnershipForm
    list_display = ["name", "short_name", "updated_at"]
    fieldsets = (
        (None, {"fields": ("name", "short_name", "address", "website")}),
        ("Huisstijl", {"fields": ("primary_color", "accent_color", "logo_upload", "remove_logo")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not models.Partnership.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # The list of one row is a detour: straight to the form (or to add the first row).
        row = models.Partnership.objects.first()
        if row is not None:
            return redirect(reverse("admin:bos_partnership_change", args=[row.pk]))
        if self.has_add_permission(request):
            return redirect(reverse("admin:bos_partnership_add"))
        return super().changelist_view(request, extra_context)
