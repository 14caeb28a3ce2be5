"""`utilicase calendar due|load|show`: the working-day calendar from the command line.

    utilicase calendar due --start "2026-09-30 10:00" --working-days 5
    utilicase calendar due --start 2026-09-30T10:00+08:00 --minutes 15
    utilicase calendar load --year 2027 --file notice.txt [--actor admin]
    utilicase calendar show --year 2026 [--json]

Bad options exit with status 2 and a message naming the option on stderr; nothing is
printed on stdout then.
"""

import argparse
import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from utilicase.calendar.selectors import work_calendar, year_info
from utilicase.calendar.services import MAX_MINUTES, MAX_WORKING_DAYS, holiday_notice_load
from utilicase.core.workdays import parse_start

_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _start(text: str):
    try:
        return parse_start(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{exc}; use YYYY-MM-DD HH:MM, YYYY-MM-DDTHH:MM[:SS][+08:00] or YYYY-MM-DD") from None


def _count(limit: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"“{text}” is not a whole number") from None
        if not 0 <= value <= limit:
            raise argparse.ArgumentTypeError(f"must be between 0 and {limit}, got {value}")
        return value
    return parse


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a year") from None
    if not 1900 <= value <= 2100:
        raise argparse.ArgumentTypeError(f"must be between 1900 and 2100, got {value}")
    return value


class Command(BaseCommand):
    help = "Working-day calendar: when a limit ends (due), load a State Council notice (load), a year's days (show)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{due,load,show}")

        due = sub.add_parser("due", help="When a limit of N working days or N minutes from --start ends (JSON).")
        due.add_argument("--start", required=True, type=_start,
                         help='Start, Asia/Shanghai unless an offset is given: "2026-09-30 10:00", '
                              '"2026-09-30T10:00:00+08:00" or "2026-09-30".')
        limit = due.add_mutually_exclusive_group(required=True)
        limit.add_argument("--working-days", type=_count(MAX_WORKING_DAYS), dest="working_days",
                           help="N working days; the start day is not counted, the limit ends at 24:00.")
        limit.add_argument("--minutes", type=_count(MAX_MINUTES), help="N minutes.")

        load = sub.add_parser("load", help="Load (or replace) a year's State Council holiday notice.")
        load.add_argument("--year", required=True, type=_year)
        load.add_argument("--file", required=True, help="The notice text (UTF-8), '-' for stdin.")
        load.add_argument("--actor", help="Username recorded as having loaded it.")

        show = sub.add_parser("show", help="A year's rest days and swapped working days.")
        show.add_argument("--year", required=True, type=_year)
        show.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args, **options):
        getattr(self, f"_{options['subcommand']}")(options)

    def _due(self, options):
        calendar = work_calendar()
        try:
            if options["working_days"] is not None:
                result = calendar.due_in_working_days(options["start"], options["working_days"])
            else:
                result = calendar.due_in_minutes(options["start"], options["minutes"])
        except (ValueError, OverflowError) as exc:
            raise CommandError(f"--start: {exc}", returncode=2) from None
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))

    def _load(self, options):
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"--actor: no active user “{options['actor']}”", returncode=2)
        try:
            if options["file"] == "-":
                text = sys.stdin.read()
            else:
                text = Path(options["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"--file: cannot read {options['file']}: {exc}", returncode=2) from None
        try:
            notice = holiday_notice_load(actor=actor, year=options["year"], notice_text=text, now=timezone.now())
        except ValueError as exc:
            raise CommandError(f"--file: {exc}") from None
        info = year_info(year=notice.year)
        self.stdout.write(f"{notice.year}: loaded {len(info.rest_days)} rest days (Mon-Fri) and "
                          f"{len(info.working_days)} swapped working days; the year is official.")

    def _show(self, options):
        info = year_info(year=options["year"])
        if options["json"]:
            self.stdout.write(json.dumps({
                "year": info.year, "official": info.official, "source": info.source,
                "rest_days": [d.isoformat() for d in info.rest_days],
                "working_days": [d.isoformat() for d in info.working_days],
            }, ensure_ascii=False))
            return
        source = {"notice": "loaded notice", "library": "holidays package",
                  "law": "statutory holidays, no notice", "none": "no data"}[info.source]
        status = "official" if info.official else "NOT official: answers are provisional"
        self.stdout.write(f"{info.year}: {status} (source: {source})")
        self.stdout.write("rest days (Mon-Fri off):")
        for d in info.rest_days:
            self.stdout.write(f"  {d.isoformat()} {_WEEKDAYS[d.weekday()]}")
        if not info.rest_days:
            self.stdout.write("  none")
        self.stdout.write("swapped working days (Sat/Sun on):")
        for d in info.working_days:
            self.stdout.write(f"  {d.isoformat()} {_WEEKDAYS[d.weekday()]}")
        if not info.working_days:
            self.stdout.write("  none")
