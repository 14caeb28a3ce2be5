"""The default checklist items of §4.4(2) (before leaving) and §4.4(4) (before work); they can be
changed or extended afterwards (fieldwork.services.checklist_item_save)."""

from django.db import migrations

DEFAULTS = [
    ("BEFORE_LEAVING", "统一着装"),
    ("BEFORE_LEAVING", "佩戴工作牌"),
    ("BEFORE_LEAVING", "安全帽"),
    ("BEFORE_LEAVING", "工器具齐全"),
    ("BEFORE_LEAVING", "工作单及表单齐全"),
    ("BEFORE_WORK", "工器具摆放整齐"),
    ("BEFORE_WORK", "公共场所已设安全措施和标志"),
    ("BEFORE_WORK", "道路旁作业已设警示牌"),
]


def add(apps, schema_editor):
    item = apps.get_model("fieldwork", "ChecklistItem")
    item.objects.bulk_create([item(stage=stage, text=text, position=i) for i, (stage, text) in enumerate(DEFAULTS)])


def remove(apps, schema_editor):
    apps.get_model("fieldwork", "ChecklistItem").objects.filter(text__in=[t for _s, t in DEFAULTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("fieldwork", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
