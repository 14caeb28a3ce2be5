"""`utilicase calendar due|load|show`: the working-day calendar from the command line.

    utilicase calendar due --start "2026-09-30 10:00" --working-days 5
    utilicase calendar due --start 2026-09-30T10:00+08:00 --minutes 15
    utilicase calendar load --year 2027 --file notice.txt [--actor admin]
    utilicase calendar show --year 2026 [--json]

It speaks the operator's language (`--lang en`, else LANG, else Chinese: config/commands.py).
Bad options exit with status 2 and a message naming the option on stderr; nothing is
printed on stdout then.
"""

import argparse
import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.calendar.selectors import work_calendar, year_info
from utilicase.calendar.services import MAX_MINUTES, MAX_WORKING_DAYS, holiday_notice_load
from utilicase.config.commands import LanguageCommand, add_lang_argument
from utilicase.core.i18n import Message, gettext_noop, translated
from utilicase.core.workdays import parse_start

WEEKDAYS = (gettext_noop("周一"), gettext_noop("周二"), gettext_noop("周三"), gettext_noop("周四"),
            gettext_noop("周五"), gettext_noop("周六"), gettext_noop("周日"))


def _t(message: str) -> str:
    """A marked message (or a Message with values) in the command's language."""
    return translated(message, _)


def _start(text: str):
    try:
        return parse_start(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _t(exc.args[0]) + " " + _("可写作 YYYY-MM-DD HH:MM、YYYY-MM-DDTHH:MM[:SS][+08:00] 或 YYYY-MM-DD。")
        ) from None


def _count(limit: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_t(Message("“%(text)s”不是整数。", text=text))) from None
        if not 0 <= value <= limit:
            raise argparse.ArgumentTypeError(_t(Message("应在 0 到 %(limit)s 之间，实为 %(value)s。",
                                                        limit=limit, value=value)))
        return value
    return parse


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_t(Message("“%(text)s”不是年份。", text=text))) from None
    if not 1900 <= value <= 2100:
        raise argparse.ArgumentTypeError(_t(Message("应在 %(first)s 到 %(last)s 之间，实为 %(value)s。",
                                                    first=1900, last=2100, value=value)))
    return value


def _day(d) -> str:
    return f"  {d.isoformat()} {_(WEEKDAYS[d.weekday()])}"


class Command(LanguageCommand):
    help = gettext_lazy("工作日日历：期限何时届满（due）、载入国务院放假安排通知（load）、某年的休息日与调休上班日（show）。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="{due,load,show}")

        due = sub.add_parser("due", help=_("从 --start 起 N 个工作日或 N 分钟的期限何时届满（JSON）。"))
        due.add_argument("--start", required=True, type=_start,
                         help=_("起算时间，除非带时区偏移，均为北京时间：“2026-09-30 10:00”、"
                                "“2026-09-30T10:00:00+08:00”或“2026-09-30”。"))
        limit = due.add_mutually_exclusive_group(required=True)
        limit.add_argument("--working-days", type=_count(MAX_WORKING_DAYS), dest="working_days",
                           help=_("N 个工作日；起算当日不计，期限至第 N 个工作日 24:00 届满。"))
        limit.add_argument("--minutes", type=_count(MAX_MINUTES), help=_("N 分钟。"))

        load = sub.add_parser("load", help=_("载入（或替换）某年的国务院放假安排通知。"))
        load.add_argument("--year", required=True, type=_year)
        load.add_argument("--file", required=True, help=_("通知全文（UTF-8），“-”表示标准输入。"))
        load.add_argument("--actor", help=_("记为载入人的用户名。"))

        show = sub.add_parser("show", help=_("某年的休息日与调休上班日。"))
        show.add_argument("--year", required=True, type=_year)
        show.add_argument("--json", action="store_true", help=_("输出 JSON。"))
        for subparser in (due, load, show):
            add_lang_argument(subparser, default=argparse.SUPPRESS)

    def handle(self, *args, **options):
        getattr(self, f"_{options['subcommand']}")(options)

    def _due(self, options):
        calendar = work_calendar()
        try:
            if options["working_days"] is not None:
                result = calendar.due_in_working_days(options["start"], options["working_days"])
            else:
                result = calendar.due_in_minutes(options["start"], options["minutes"])
        except ValueError as exc:
            raise CommandError(f"--start: {_t(exc.args[0])}", returncode=2) from None
        except OverflowError:
            raise CommandError(f"--start: {_t(Message('期限超出了可表示的最后日期。'))}", returncode=2) from None
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))

    def _load(self, options):
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError("--actor: " + _t(Message("没有在职的用户“%(username)s”。",
                                                            username=options["actor"])), returncode=2)
        try:
            if options["file"] == "-":
                text = sys.stdin.read()
            else:
                text = Path(options["file"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise CommandError("--file: " + _t(Message("无法读取 %(file)s：%(reason)s", file=options["file"],
                                                       reason=reason)), returncode=2) from None
        try:
            notice = holiday_notice_load(actor=actor, year=options["year"], notice_text=text, now=timezone.now())
        except ValueError as exc:
            raise CommandError(f"--file: {_t(getattr(exc, 'message', exc.args[0]))}") from None
        info = year_info(year=notice.year)
        self.stdout.write(_t(Message("%(year)s年：已载入 %(rest)s 个休息日（周一至周五）和 %(work)s 个调休上班日，该年度为正式日历。",
                                     year=notice.year, rest=len(info.rest_days), work=len(info.working_days))))

    def _show(self, options):
        info = year_info(year=options["year"])
        if options["json"]:
            self.stdout.write(json.dumps({
                "year": info.year, "official": info.official, "source": info.source,
                "rest_days": [d.isoformat() for d in info.rest_days],
                "working_days": [d.isoformat() for d in info.working_days],
            }, ensure_ascii=False))
            return
        source = {"notice": _("已载入的通知"), "library": _("holidays 软件包"),
                  "law": _("法定节假日，尚无通知"), "none": _("无数据")}[info.source]
        status = _("正式日历") if info.official else _("非正式：答复均为暂定")
        self.stdout.write(_t(Message("%(year)s年：%(status)s（来源：%(source)s）", year=info.year, status=status,
                                     source=source)))
        self.stdout.write(_("休息日（周一至周五放假）："))
        for d in info.rest_days:
            self.stdout.write(_day(d))
        if not info.rest_days:
            self.stdout.write("  " + _("（无）"))
        self.stdout.write(_("调休上班日（周六、周日上班）："))
        for d in info.working_days:
            self.stdout.write(_day(d))
        if not info.working_days:
            self.stdout.write("  " + _("（无）"))
