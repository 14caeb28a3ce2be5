"""One row of every record type the demo leaves empty, so that a backup round trip covers every
table: built from the field types, with a real stored file where a row names one by its hash."""

import hashlib
from datetime import datetime

from django.apps import apps
from django.db import models

from utilicase.blobs.storage import blob_write

# A value a field of this name needs that its type does not tell (a range a constraint checks,
# a stored file's hash).
NAMED = {"year": 2026, "lead_hours": 24, "ordinal": 1, "sequence_no": 1, "line": 1}
FILE = b"%PDF-1.4\n% backup round trip\n%%EOF\n"


def _value(field: models.Field, now: datetime):
    if field.name in NAMED:
        return NAMED[field.name]
    if field.name == "sha256":
        return hashlib.sha256(FILE).hexdigest()
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):  # a one-to-one's table is empty: any row is free
        return field.related_model.objects.order_by("pk").first()
    if isinstance(field, models.DateTimeField):
        return now
    if isinstance(field, models.DateField):
        return now.date()
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.DecimalField | models.IntegerField):
        return 1
    if isinstance(field, models.CharField | models.TextField):
        return "x" * min(field.max_length or 8, 8)
    raise TypeError(f"no value for {field.model.__name__}.{field.name} ({type(field).__name__})")


def fill_every_empty_table(now: datetime) -> None:
    """One row in each table with none (a parent before its children, then the many-to-many
    tables)."""
    for namespace in ("documents", "whistleblowing"):
        blob_write(namespace, FILE)
    pending = [m for m in apps.get_models() if m._meta.managed and not m.objects.exists()]
    while pending:
        ready = [m for m in pending if not any(
            f.related_model in pending and f.related_model is not m
            for f in m._meta.concrete_fields if f.is_relation)]
        assert ready, f"a cycle among {[m._meta.label for m in pending]}"
        for model in ready:
            values = {f.name: _value(f, now) for f in model._meta.concrete_fields
                      if not f.primary_key and not f.null and not f.has_default() and not getattr(f, "auto_now", False)
                      and not getattr(f, "auto_now_add", False)}
            model.objects.create(**values)
            pending.remove(model)
    for model in apps.get_models():
        for field in model._meta.many_to_many:
            if not field.remote_field.through.objects.exists():
                getattr(model.objects.order_by("pk").first(), field.name).add(field.related_model.objects.first())


def empty_tables() -> list[str]:
    return [m._meta.label_lower for m in apps.get_models(include_auto_created=True) if not m.objects.exists()]
