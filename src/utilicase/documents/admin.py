"""Read-only admin of documents, their copies and service records: what was issued, when, with
which hashes. Nothing is added, changed or deleted here (documents change only through the
services). Only documents of cases the user may see are listed, and no content is shown."""

from django.contrib import admin
from django.db.models import Q

from utilicase.core.cases import case_for
from utilicase.documents.models import Document, DocumentCopy, ServiceRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _visible_targets(request, queryset, type_field="target_type", id_field="target_id") -> Q:
    """Documents are seen by whoever sees their case (whistleblower reports' documents by
    discipline inspection alone), here as everywhere."""
    pairs = queryset.values_list(type_field, id_field).distinct()
    visible = Q(pk__in=[])
    for target_type, target_id in pairs:
        if case_for(request.user, target_type, target_id) is not None:
            visible |= Q(**{type_field: target_type, id_field: target_id})
    return visible


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["id", "doc_type", "number", "version", "status", "issuer_code", "issued_at", "served_at",
                    "superseded_at"]
    list_filter = ["doc_type", "status"]
    search_fields = ["=number"]
    fields = ["target_type", "target_id", "doc_type", "status", "version", "replaces", "number", "issuer_code",
              "issued_at", "issued_by", "content_sha256", "served_at", "superseded_at", "discarded_at",
              "created_at", "created_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.filter(_visible_targets(request, queryset))


@admin.register(DocumentCopy)
class DocumentCopyAdmin(ReadOnlyAdmin):
    list_display = ["document", "kind", "pdf_sha256", "pdf_size"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("document")
        return queryset.filter(_visible_targets(request, queryset, "document__target_type", "document__target_id"))


@admin.register(ServiceRecord)
class ServiceRecordAdmin(ReadOnlyAdmin):
    list_display = ["document", "method", "recorded_at", "recorded_by"]
    list_filter = ["method"]
    fields = ["document", "method", "recorded_at", "recorded_by", "tracking_number", "notice_start_date",
              "notice_end_date"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("document")
        return queryset.filter(_visible_targets(request, queryset, "document__target_type", "document__target_id"))

