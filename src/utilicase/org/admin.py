from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.audit.admin import AuditedAdminMixin
from utilicase.org.models import ApiToken, Certificate, Unit, User
from utilicase.org.services import unit_create


@admin.register(Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "utility", "parent"]
    list_filter = ["kind", "utility"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit would move its staff's scope: done by a service, not by an edit here.
        return ["path", "code", "kind", "parent", "utility"] if obj else ["path"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        unit = unit_create(actor=request.user, name=obj.name, code=obj.code, kind=obj.kind, parent=obj.parent,
                           utility=obj.utility, short_name=obj.short_name, now=timezone.now())
        obj.pk, obj.path = unit.pk, unit.path


class CertificateInline(admin.TabularInline):
    model = Certificate
    extra = 0
    readonly_fields = ["revoked_at"]


@admin.register(User)
class StaffAdmin(AuditedAdminMixin, UserAdmin):
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("岗位"), {"fields": ["full_name", "role", "unit", "phone"]}),
    ]
    inlines = [CertificateInline]


@admin.register(Certificate)
class CertificateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["number", "holder", "utility", "valid_from_date", "valid_to_date", "revoked_at"]
    list_filter = ["utility"]
    search_fields = ["number", "holder__full_name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "key_hash", "prefix", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False  # tokens are made by `utilicase token create`, which shows the token once
