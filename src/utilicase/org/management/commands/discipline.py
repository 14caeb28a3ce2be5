"""`utilicase discipline grant USERNAME [--unit CODE]`: the first member of a discipline inspection
unit, at installation (§6.7(iii)(1-6)). Asks on the terminal for the username to be typed again.
Once the unit has a member, the command refuses: an administrator proposes in the admin and a
member confirms on their home page. `utilicase discipline list`: the grants in force and proposed.
It speaks the operator's language (`--lang en`, else LANG, else Chinese: config/commands.py)."""

import argparse
import sys

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.config.commands import LanguageCommand, add_lang_argument
from utilicase.core.i18n import Message, translated
from utilicase.core.rules import RuleViolation
from utilicase.org.models import DisciplineGrant, GrantStatus, Unit, User
from utilicase.org.selectors import discipline_units
from utilicase.org.services import discipline_install, discipline_install_refusal


class Command(LanguageCommand):
    help = gettext_lazy("纪检监察：`discipline grant USERNAME [--unit CODE]`（第一位成员）、`discipline list`（列表）。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant")
        grant.add_argument("username")
        grant.add_argument("--unit", help=_("纪检部门的代码（有多个纪检部门时必填）"))
        listing = sub.add_parser("list")
        for subparser in (grant, listing):
            add_lang_argument(subparser, default=argparse.SUPPRESS)

    def handle(self, *args, action, **opts):
        if action == "list":
            for g in (DisciplineGrant.objects.filter(status__in=[GrantStatus.PROPOSED, GrantStatus.CONFIRMED])
                      .select_related("user", "unit").order_by("unit__path", "user__username")):
                self.stdout.write(f"{g.unit.code}\t{g.user.username}\t{g.status}")
            return
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError("username: " + _t(Message("没有用户“%(username)s”。", username=opts["username"])))
        unit = self._unit(opts.get("unit"))
        refused = discipline_install_refusal(user=user, unit=unit)
        if refused is not None:
            raise CommandError(f"{refused.clause} {refused.text(_)}")
        self.stdout.write(_t(Message(
            "%(username)s（%(name)s）将成为%(unit)s（%(unit_name)s）的第一位成员，并阅读转到该部门的每一份举报。",
            username=user.username, name=user.display_name, unit=unit.code, unit_name=unit.name)))
        self.stdout.write(_("请再次输入用户名以确认："), ending="")
        self.stdout.flush()
        answer = sys.stdin.readline().strip()
        if answer != user.username:
            raise CommandError(_("未确认：未授予任何权限。"))
        try:
            discipline_install(user=user, unit=unit, now=timezone.now())
        except RuleViolation as exc:
            raise CommandError(f"{exc.clause} {exc.text(_)}") from exc
        self.stdout.write(_t(Message("已授予：%(username)s 成为%(unit)s的成员。", username=user.username, unit=unit.code)))

    def _unit(self, code: str | None) -> Unit:
        units = discipline_units()
        if code:
            unit = units.filter(code=code).first()
            if unit is None:
                raise CommandError("unit: " + _t(Message("没有代码为“%(code)s”的纪检部门。", code=code)))
            return unit
        found = list(units[:2])
        if len(found) != 1:
            raise CommandError("unit: " + _("请用 --unit CODE 指明纪检部门（纪检部门不止一个，或一个也没有）。"))
        return found[0]


def _t(message: str) -> str:
    return translated(message, _)
