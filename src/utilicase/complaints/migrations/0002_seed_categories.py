"""The complaint categories the company starts with (§6.6(1)); administrators change the list
afterwards. Codes are stable identifiers (API, reports); names are what staff read."""

from django.db import migrations

CATEGORIES = [
    ("service-attitude", "服务态度"),
    ("supply-quality", "供电(热、气)质量"),
    ("metering-billing", "计量与电费"),
    ("suspension-restoration", "停限电与恢复"),
    ("new-connection", "业扩报装"),
    ("field-work", "现场作业行为"),
    ("other", "其他"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    for position, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=code, defaults={"name": name, "position": position * 10})


def unseed(apps, schema_editor):
    Category = apps.get_model("complaints", "ComplaintCategory")
    Category.objects.filter(code__in=[code for code, _ in CATEGORIES], complaints__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
