from django.contrib import admin
from django.utils import timezone

from utilicase.audit.confidential import confidential_events
from utilicase.audit.models import AuditEvent
from utilicase.audit.services import audit_record
from utilicase.org.permissions import can_see_confidential


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: events can be looked at, never added, changed or deleted here."""

    list_display = ["seq", "at", "actor_name", "action", "target_type", "target_id", "clause"]
    list_filter = ["action"]
    search_fields = ["action", "target_id", "actor_name"]

    def get_queryset(self, request):
        """Confidential events (whistleblower reports and their deadlines) are seen by the
        members of discipline inspection alone: for anyone else, superusers included, they are
        not there, so the list, its filters, search and counts, and the change page (which then
        answers like a missing event) all leave them out."""
        queryset = super().get_queryset(request)
        if can_see_confidential(request.user):
            return queryset
        hidden = confidential_events()
        return queryset if hidden is None else queryset.exclude(hidden)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedAdminMixin:
    """For reference data edited in the admin: every save and delete is an audit event in the
    same transaction as the change (the admin wraps save_model in one)."""

    def save_model(self, request, obj, form, change):
        before = {f: form.initial.get(f) for f in form.changed_data} if change else None
        super().save_model(request, obj, form, change)
        after = {f: form.cleaned_data.get(f) for f in form.changed_data if "password" not in f}
        if before:
            before = {k: v for k, v in before.items() if "password" not in k}
        action = f"{obj._meta.label_lower}.{'changed' if change else 'added'}"
        audit_record(actor=request.user, action=action, target=obj, before=before, after=after,
                     now=timezone.now())

    def delete_model(self, request, obj):
        audit_record(actor=request.user, action=f"{obj._meta.label_lower}.deleted", target=obj,
                     before={"repr": str(obj)}, now=timezone.now())
        super().delete_model(request, obj)
