"""Complaints written by the customer (a letter, online, the opinion box or book) have no
reception to end and so no 15-minute form (§6.6(6): visits and calls only). Those taken before
that rule may still hold an open `complaint.form` deadline, which sits on work lists and
overdue counts. This closes them: the deadline is met now (the calendar's deadlines are closed
only by `met_at`; there is no cancelled state) and the complaint no longer points at it, as a
written complaint taken today never does; its next due time is recomputed from the deadlines
still open (the reply's). The met deadline stays, for the record.

Like the earlier data migrations it writes no audit events: the audit chain records what users
and services did; this repairs data to the rule as it now reads."""

from django.db import migrations
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

WRITTEN_CHANNELS = ("LETTER", "ONLINE", "OPINION_BOX", "OPINION_BOOK")
FORM_KIND = "complaint.form"


def close_written_form_deadlines(apps, now) -> int:
    """Meets, at `now`, the open form deadlines of written-channel complaints, detaches them and
    recomputes those complaints' `next_due_at`; returns how many were closed."""
    Complaint = apps.get_model("complaints", "Complaint")
    Deadline = apps.get_model("workcalendar", "Deadline")
    ids = list(Complaint.objects.filter(channel__in=WRITTEN_CHANNELS, form_deadline__isnull=False,
                                        form_deadline__met_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    closed = Deadline.objects.filter(kind=FORM_KIND, target_type="complaints.complaint", met_at__isnull=True,
                                     target_id__in=[str(i) for i in ids]).update(met_at=now)
    open_due = (Deadline.objects.filter(target_type="complaints.complaint", target_id=Cast(OuterRef("pk"), CharField()),
                                        met_at__isnull=True).order_by("due_at").values("due_at")[:1])
    Complaint.objects.filter(pk__in=ids).update(form_deadline=None, next_due_at=Subquery(open_due))
    return closed


def forwards(apps, schema_editor):
    close_written_form_deadlines(apps, timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ("complaints", "0007_counter_records"),
        ("workcalendar", "0002_deadline_unowned_open_index"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
