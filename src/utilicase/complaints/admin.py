"""Admin: the complaint categories (§6.6(1)), a list administrators maintain. Saved through the
service, so every change is audited; categories are retired (is_active), never deleted, since
complaints refer to them. Complaints themselves are handled on their own pages, not here."""

from django.contrib import admin
from django.utils import timezone

from utilicase.complaints.models import ComplaintCategory
from utilicase.complaints.services import complaint_category_save


@admin.register(ComplaintCategory)
class ComplaintCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    ordering = ["position", "id"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        complaint_category_save(actor=request.user, category=obj, now=timezone.now())
