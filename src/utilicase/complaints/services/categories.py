"""Complaint categories (§6.6(1)), kept by administrators."""

from datetime import datetime

from django.db import transaction

from utilicase.audit.services import audit_record
from utilicase.complaints.models import ComplaintCategory
from utilicase.org.models import User


@transaction.atomic
def complaint_category_save(*, actor: User, category: ComplaintCategory, now: datetime) -> ComplaintCategory:
    """Add or change a complaint category (administrators, through the admin)."""
    adding = category.pk is None
    category.save()
    audit_record(actor=actor, action="complaints.category.added" if adding else "complaints.category.changed",
                 target=category, clause="§6.6(1)", now=now,
                 after={"code": category.code, "name": category.name, "position": category.position,
                        "is_active": category.is_active})
    return category
