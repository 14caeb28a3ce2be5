"""Read-only admin of the evidence register: rows are written by `evidence.services` only (the
custody log is append-only; items, files, seals and confirmations carry signatures and hashes).
The admin is for administrators (staff status); pages and API are where cases are worked."""

from django.contrib import admin

from utilicase.evidence.models import CustodyEntry, EvidenceFile, EvidenceItem, RegisterConfirmation, Seal


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EvidenceItem)
class EvidenceItemAdmin(ReadOnlyAdmin):
    list_display = ["target_type", "target_id", "number", "kind", "description", "collected_at", "registered_by"]
    list_filter = ["kind", "target_type"]
    search_fields = ["target_id", "description"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyAdmin):
    list_display = ["item", "media", "sha256", "size", "content_type", "uploaded_at", "exif_taken_at"]
    list_filter = ["media"]
    search_fields = ["sha256"]


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin):
    list_display = ["number", "item", "sealed_by", "sealed_at", "broken_at"]
    search_fields = ["number"]


@admin.register(CustodyEntry)
class CustodyEntryAdmin(ReadOnlyAdmin):
    list_display = ["item", "seq", "step", "moved_at", "moved_by", "location", "seal", "seal_state"]
    list_filter = ["step"]


@admin.register(RegisterConfirmation)
class RegisterConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["target_type", "target_id", "item_numbers", "signer_name", "confirmed_at"]
