from django.core.management.base import BaseCommand
from django.utils import timezone

from utilicase.calendar.services import deadlines_sweep


class Command(BaseCommand):
    help = "Escalate overdue deadlines once each (run it every few minutes from cron; safe to repeat)."

    def handle(self, *args, **options):
        count = deadlines_sweep(now=timezone.now())
        self.stdout.write(f"escalated {count} overdue deadline(s)")
