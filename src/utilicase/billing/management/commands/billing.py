"""`utilicase billing import-payments FILE` and `utilicase billing export --enterprise CODE`.

import-payments: every row is checked first; if any row is bad, every error is printed on
stderr by line and column, nothing is imported and the command exits with status 1.
export: makes the enterprise's next numbered batch of the fee entries not yet exported and
prints it (CSV, or JSON with --json); with nothing to export it says so and makes no batch."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone

from utilicase.billing.exports import batch_csv, batch_json
from utilicase.billing.importing import ImportRejected, payments_import
from utilicase.billing.services import export_create
from utilicase.org.models import Unit, UnitKind, User


def _actor(username: str | None):
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"unknown user {username!r} (--actor)")
    return user


class Command(BaseCommand):
    help = "Billing: imports payments from the billing system's CSV; exports fee entries in numbered batches."

    def add_arguments(self, parser):
        what = parser.add_subparsers(dest="what", required=True, metavar="{import-payments,export}")
        payments = what.add_parser("import-payments", help="payments: receivable, amount, receipt_number, paid_at")
        payments.add_argument("file")
        payments.add_argument("--actor", help="username recorded in the audit events (default: system)")
        export = what.add_parser("export", help="the next batch of fee entries not yet exported")
        export.add_argument("--enterprise", required=True, help="the enterprise's unit code")
        export.add_argument("--json", action="store_true", help="print JSON instead of CSV")
        export.add_argument("--actor", help="username recorded in the audit event (default: system)")

    def handle(self, *args, what: str, actor: str | None = None, **options):
        user = _actor(actor)
        if what == "import-payments":
            self._import(options["file"], user)
        else:
            self._export(options["enterprise"], user, as_json=options["json"])

    def _import(self, file: str, user) -> None:
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror or exc}") from None
        try:
            result = payments_import(actor=user, file_name=path.name, data=data, now=timezone.now())
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} error(s) in {path.name}; nothing imported") from None
        except IntegrityError as exc:
            raise CommandError(f"the data changed during the import ({exc}); nothing imported, run it again") from None
        self.stdout.write(f"imported payments from {path.name}: {result.rows} payments, {result.total:.2f} yuan")

    def _export(self, code: str, user, *, as_json: bool) -> None:
        enterprise = Unit.objects.filter(code=code, kind=UnitKind.ENTERPRISE).first()
        if enterprise is None:
            raise CommandError(f"no enterprise {code!r}")
        batch = export_create(actor=user, enterprise=enterprise, now=timezone.now())
        if batch is None:
            self.stderr.write(f"nothing to export for {code}: every fee entry is in a batch already")
            return
        if as_json:
            self.stdout.write(json.dumps(batch_json(batch), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(batch_csv(batch).decode("utf-8-sig"), ending="")
