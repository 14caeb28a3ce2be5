from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from utilicase.audit.admin import AuditedAdminMixin
from utilicase.org.models import ApiToken, Certificate, DisciplineGrant, Unit, UnitKind, User
from utilicase.org.services import (
    STAFF_FIELDS,
    discipline_proposal_refusal,
    discipline_propose,
    password_set_by_admin_recorded,
    password_set_refusal,
    staff_change_refusal,
    staff_update,
    unit_create,
)


def _refusal_text(violation) -> str:
    return f"{violation.clause} {gettext(violation.message)}"


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


class StaffChangeForm(UserAdmin.form):
    def clean(self):
        data = super().clean()
        if self.instance.pk and ("role" in self.changed_data or "unit" in self.changed_data):
            violation = staff_change_refusal(user=self.instance, role_after=data.get("role") or "",
                                             unit_after=data.get("unit"))
            if violation is not None:
                raise forms.ValidationError(_refusal_text(violation))
        return data


@admin.register(User)
class StaffAdmin(AuditedAdminMixin, UserAdmin):
    """Edits go through `staff_update`, which refuses whatever would give or take discipline
    inspection (§6.7(iii)(1-6)); so does this form, naming the clause."""

    form = StaffChangeForm
    list_display = ["username", "full_name", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "full_name", "phone"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("岗位"), {"fields": ["full_name", "role", "unit", "phone"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [CertificateInline]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)  # the add form has a name and a password only
            if obj.has_usable_password():
                password_set_by_admin_recorded(actor=request.user, user=obj, now=timezone.now())
            return
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in STAFF_FIELDS}
        staff_update(actor=request.user, user=obj, changes=changes, now=timezone.now())

    def user_change_password(self, request, id, form_url=""):
        """Refused for a member of discipline inspection or someone proposed as one; otherwise
        a password set here is an audit event, which members see when they confirm a proposal."""
        user = self.get_object(request, id)
        violation = password_set_refusal(actor=request.user, user=user) if user is not None else None
        if violation is not None:
            messages.error(request, _refusal_text(violation))
            return redirect("admin:org_user_change", user.pk)
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302 \
                    and response.url == reverse("admin:org_user_change", args=[user.pk]):
                password_set_by_admin_recorded(actor=request.user, user=user, now=timezone.now())
        return response


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


class ProposalForm(forms.ModelForm):
    class Meta:
        model = DisciplineGrant
        fields = ["user", "unit"]

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["unit"].queryset = Unit.objects.filter(kind=UnitKind.DISCIPLINE)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("username")

    def clean(self):
        data = super().clean()
        if data.get("user") and data.get("unit"):
            violation = discipline_proposal_refusal(actor=self.actor, user=data["user"], unit=data["unit"])
            if violation is not None:
                raise forms.ValidationError(_refusal_text(violation))
        return data


@admin.register(DisciplineGrant)
class DisciplineGrantAdmin(admin.ModelAdmin):
    """An administrator proposes here; a member of the unit confirms on their home page
    (§6.7(iii)(1-6)). Grants are never edited or deleted here."""

    list_display = ["user", "unit", "status", "proposed_by", "proposed_at", "confirmed_by", "confirmed_at",
                    "ended_by", "ended_at"]
    list_filter = ["status", "unit"]
    form = ProposalForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class WithActor(form):
            def __init__(self, *args, **kw):
                super().__init__(*args, actor=request.user, **kw)

        return WithActor

    def save_model(self, request, obj, form, change):
        grant = discipline_propose(actor=request.user, user=form.cleaned_data["user"],
                                   unit=form.cleaned_data["unit"], now=timezone.now())
        obj.pk = grant.pk

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
