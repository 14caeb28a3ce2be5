from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from utilicase.audit.keys import key_path
from utilicase.demo.data import DEMO_PASSWORD, STAFF, demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the demo company, staff for every role, ~300 customers and 24 months of prices."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=300)
        parser.add_argument("--no-migrate", action="store_true", help="do not run migrate first")

    def handle(self, *args, customers, no_migrate, **opts):
        if not no_migrate:
            call_command("migrate", verbosity=0, interactive=False)
        if not key_path().exists():
            call_command("audit", "init", stdout=self.stdout)
        if demo_loaded():
            self.stdout.write("demo data already loaded; nothing to do")
        else:
            counts = load_demo(now=timezone.now(), customers=customers)
            self.stdout.write("demo data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        users = ", ".join(u[0] for u in STAFF)
        self.stderr.write(self.style.WARNING(
            f"WARNING: demo users ({users}) all have the password '{DEMO_PASSWORD}'. Demo only: never use it with real data."
        ))
