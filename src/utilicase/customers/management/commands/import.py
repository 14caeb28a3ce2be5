"""`utilicase import customers FILE [--update]` and `utilicase import prices FILE`.

Every row is checked first; if any row is bad, every error is printed on stderr by line and
column ("line 7, contact_phone: "12345" is not a phone number"), nothing is imported and
the command exits with status 1. Large files show their progress on stderr.
"""

import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone

from utilicase.customers.importing import ImportRejected, customers_import, prices_import
from utilicase.org.models import User


class ProgressLine:
    """Writes "validated 5000/20000 (25%)" at each tenth of a file of at least `min_rows`
    rows; small files stay quiet."""

    def __init__(self, write, *, min_rows: int = 1000, steps: int = 10):
        self.write = write
        self.min_rows = min_rows
        self.steps = steps
        self.shown: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < self.min_rows:
            return
        mark = self.steps if done >= total else math.floor(done * self.steps / total)
        if mark <= self.shown.get(phase, 0):
            return
        self.shown[phase] = mark
        self.write(f"{phase} {done}/{total} ({done * 100 // total}%)")


class Command(BaseCommand):
    help = "Imports the billing system's CSV exports: customers, or monthly average prices."

    def add_arguments(self, parser):
        what = parser.add_subparsers(dest="what", required=True, metavar="{customers,prices}")
        customers = what.add_parser(
            "customers", help="customers and service points: enterprise, office, account_number, name, "
            "address, contact_phone, utility, voltage_level, customer_class, tariff_category, unit_price",
        )
        customers.add_argument("file")
        customers.add_argument("--update", action="store_true",
                               help="update accounts that already exist (otherwise they are errors)")
        customers.add_argument("--actor", help="username recorded in the audit event (default: system)")
        prices = what.add_parser("prices", help="monthly average prices: enterprise, month (YYYY-MM), price")
        prices.add_argument("file")
        prices.add_argument("--actor", help="username recorded in the audit event (default: system)")

    def handle(self, *args, what: str, file: str, actor: str | None = None, update: bool = False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
        user = None
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"unknown user {actor!r} (--actor)")
        progress = ProgressLine(self.stderr.write) if options.get("verbosity", 1) > 0 else None
        now = timezone.now()
        try:
            if what == "customers":
                result = customers_import(actor=user, file_name=path.name, data=data, update=update, now=now,
                                          progress=progress)
            else:
                result = prices_import(actor=user, file_name=path.name, data=data, now=now, progress=progress)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s) in {path.name}; nothing imported") from None
        except IntegrityError as exc:
            # Someone else wrote the same accounts between our checks and our writes.
            raise CommandError(f"the data changed during the import ({exc}); nothing imported, run it again") from None
        self.stdout.write(
            f"imported {what} from {path.name}: {result.rows} rows, {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged"
        )
