"""Every report gets a random public key (the address of reports numbered before the random
scheme), and attachments and notes a number within their report, so that no address counts
reports, attachments or notes."""

import secrets

from django.db import migrations, models

import utilicase.whistleblowing.domain.numbers


def fill(apps, schema_editor):
    Report = apps.get_model("whistleblowing", "Report")
    taken = set()
    for report in Report.objects.filter(key__isnull=True).only("pk"):
        key = secrets.token_hex(utilicase.whistleblowing.domain.numbers.KEY_BYTES)
        while key in taken:
            key = secrets.token_hex(utilicase.whistleblowing.domain.numbers.KEY_BYTES)
        taken.add(key)
        Report.objects.filter(pk=report.pk).update(key=key)
    for name in ("ReportAttachment", "ReportNote"):
        model = apps.get_model("whistleblowing", name)
        counts = {}
        for row in model.objects.order_by("report_id", "id").only("pk", "report_id"):
            counts[row.report_id] = counts.get(row.report_id, 0) + 1
            model.objects.filter(pk=row.pk).update(ordinal=counts[row.report_id])


class Migration(migrations.Migration):

    dependencies = [
        ("whistleblowing", "0002_claim_secret"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="key",
            field=models.CharField(editable=False, max_length=32, null=True),
        ),
        migrations.AddField(
            model_name="reportattachment",
            name="ordinal",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="reportnote",
            name="ordinal",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="report",
            name="key",
            field=models.CharField(default=utilicase.whistleblowing.domain.numbers.report_key_new, editable=False,
                                   max_length=32, unique=True),
        ),
        migrations.AlterField(
            model_name="reportattachment",
            name="ordinal",
            field=models.PositiveIntegerField(),
        ),
        migrations.AlterField(
            model_name="reportnote",
            name="ordinal",
            field=models.PositiveIntegerField(),
        ),
        migrations.AlterModelOptions(
            name="reportattachment",
            options={"ordering": ["ordinal"]},
        ),
        migrations.AlterModelOptions(
            name="reportnote",
            options={"ordering": ["ordinal"]},
        ),
        migrations.AddConstraint(
            model_name="reportattachment",
            constraint=models.UniqueConstraint(fields=("report", "ordinal"), name="wb_attachment_ordinal_unique"),
        ),
        migrations.AddConstraint(
            model_name="reportnote",
            constraint=models.UniqueConstraint(fields=("report", "ordinal"), name="wb_note_ordinal_unique"),
        ),
    ]
