from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from utilicase.audit.domain.chain import AuditKey, BadAuditFile, Problem
from utilicase.audit.keys import (
    AuditKeyMissing,
    append_checkpoint,
    checkpoint_path,
    create_key,
    key_path,
    read_checkpoints,
)
from utilicase.audit.selectors import chain_head, chain_verify, head_checkpoint


class Command(BaseCommand):
    help = ("Audit chain tools: `init` makes the chain's key, `checkpoint` records its head outside the "
            "database, `verify` checks every event and every checkpoint (exit 1 names the first bad one).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("init", help="make the key file (never overwrites one)")
        checkpoint = sub.add_parser("checkpoint", help="append the chain's head to the checkpoint file and print it")
        checkpoint.add_argument("--print-only", action="store_true", help="print it, write no file")
        verify = sub.add_parser("verify", help="recompute every hash and compare with the checkpoints")
        verify.add_argument("--checkpoints", type=Path, action="append", default=[], metavar="FILE",
                            help="another file of checkpoints (kept elsewhere); the configured file is always read")

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)(**options)
        except (AuditKeyMissing, BadAuditFile, FileNotFoundError) as exc:
            raise CommandError(str(exc), returncode=1) from None

    def init(self, **options):
        path = key_path()
        if path.exists():
            raise CommandError(f"{path} already exists and is not overwritten: the chain is hashed with it", returncode=1)
        if "audit_chainhead" not in connection.introspection.table_names():
            raise CommandError("the database has no audit tables yet: run `utilicase migrate` first", returncode=1)
        legacy = head_checkpoint(now=timezone.now()) if chain_head().count else None
        if legacy is not None:
            # The events recorded so far, before there was a key: checked as plain SHA-256 up to the head.
            _, problem = chain_verify(key=AuditKey(b"", legacy))
            if problem is not None:
                raise CommandError(f"no key made: the events recorded so far do not verify: {_describe(problem)}",
                                   returncode=1)
        create_key(legacy=legacy)
        self.stdout.write(f"audit key written to {path}: keep a copy off this server and out of the database's backups")
        if legacy is not None:
            self.stdout.write(f"the {legacy.seq} events recorded before it keep their unkeyed hashes; "
                              f"the key file records where they end ({legacy.line()})")

    def checkpoint(self, *, print_only, **options):
        checkpoint = head_checkpoint(now=timezone.now())
        if not print_only:
            append_checkpoint(checkpoint)
        self.stdout.write(checkpoint.line())

    def verify(self, *, checkpoints, **options):
        files = [p for p in [checkpoint_path()] if p.exists()] + checkpoints
        given = [c for path in files for c in read_checkpoints(path)]
        count, problem = chain_verify(checkpoints=given)
        if problem is not None:
            raise CommandError(f"audit chain BROKEN {_describe(problem)}", returncode=1)
        self.stdout.write(f"audit chain OK: {count} events, {len(given)} checkpoint(s) match")


def _describe(problem: Problem) -> str:
    where = f"event #{problem.seq}" if problem.seq is not None else "end of chain"
    against = f"no longer matches {problem.checkpoint}: " if problem.checkpoint else ""
    return f"at position {problem.position} ({where}): {against}{problem.reason}"
