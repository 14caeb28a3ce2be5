import os
import secrets
from pathlib import Path

from django.conf import settings
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
        self._portal_customer()
        self._write_secret_key(Path(settings.ENV_FILE))
        users = ", ".join(u[0] for u in STAFF)
        self.stderr.write(self.style.WARNING(
            f"WARNING: demo users ({users}) all have the password '{DEMO_PASSWORD}'. Demo only: never use it with real data."
        ))

    def _portal_customer(self) -> None:
        """The customer to sign in to the portal as: the one with the demo complaint (the power
        enterprise's first account, complaints/demo.py), which depends on --customers."""
        from utilicase.customers.demo import demo_portal_customer

        customer = demo_portal_customer()
        if customer is not None:
            self.stdout.write(f"customer portal /portal/: {customer.enterprise.name}, account {customer.account_number}, "
                              f"phone {customer.contact_phone} ({customer.name}); the code is in the server's log")

    def _write_secret_key(self, env_file: Path) -> None:
        """Without a DJANGO_SECRET_KEY `utilicase serve` does not start: the demo writes a random one
        into .env, once."""
        text = env_file.read_text(encoding="utf-8") if env_file.exists() else ""
        if os.environ.get("DJANGO_SECRET_KEY") or any(
                line.strip().startswith("DJANGO_SECRET_KEY=") for line in text.splitlines()):
            return
        with env_file.open("a", encoding="utf-8") as f:
            f.write(("\n" if text and not text.endswith("\n") else "") + f"DJANGO_SECRET_KEY={secrets.token_urlsafe(48)}\n")
        self.stdout.write(f"a random DJANGO_SECRET_KEY was written to {env_file}")
