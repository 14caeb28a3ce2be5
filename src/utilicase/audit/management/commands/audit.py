from django.core.management.base import BaseCommand, CommandError

from utilicase.audit.selectors import chain_verify


class Command(BaseCommand):
    help = "Audit chain tools. `audit verify` exits non-zero and names the first bad event."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="recompute every hash and check the chain")

    def handle(self, *args, action, **options):
        count, problem = chain_verify()
        if problem is None:
            self.stdout.write(f"audit chain OK: {count} events")
            return
        where = f"event #{problem.seq}" if problem.seq is not None else "end of chain"
        raise CommandError(f"audit chain BROKEN at position {problem.position} ({where}): {problem.reason}", returncode=1)
