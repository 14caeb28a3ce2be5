from django.core.management.base import BaseCommand
from django.utils import timezone

from utilicase.audit.services import daily_checkpoint
from utilicase.calendar.services import deadlines_sweep


class Command(BaseCommand):
    help = ("Escalate overdue deadlines once each (run it every few minutes from cron; safe to repeat), "
            "and once a day append the audit chain's head to its checkpoint file.")

    def handle(self, *args, **options):
        now = timezone.now()
        count = deadlines_sweep(now=now)
        self.stdout.write(f"escalated {count} overdue deadline(s)")
        checkpoint = daily_checkpoint(now=now)
        if checkpoint is not None:
            self.stdout.write(f"audit checkpoint: {checkpoint.line()}")
