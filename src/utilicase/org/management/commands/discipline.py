"""`utilicase discipline grant USERNAME [--unit CODE]`: the first member of a discipline inspection
unit, at installation (§6.7(iii)(1-6)). Asks on the terminal for the username to be typed again.
Once the unit has a member, the command refuses: an administrator proposes in the admin and a
member confirms on their home page. `utilicase discipline list`: the grants in force and proposed."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from utilicase.core.rules import RuleViolation
from utilicase.org.models import DisciplineGrant, GrantStatus, Unit, User
from utilicase.org.selectors import discipline_units
from utilicase.org.services import discipline_install, discipline_install_refusal


class Command(BaseCommand):
    help = "Discipline inspection: `discipline grant USERNAME [--unit CODE]` (first member), `discipline list`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        grant = sub.add_parser("grant")
        grant.add_argument("username")
        grant.add_argument("--unit", help="code of the discipline unit (needed when there are several)")
        sub.add_parser("list")

    def handle(self, *args, action, **opts):
        if action == "list":
            for g in (DisciplineGrant.objects.filter(status__in=[GrantStatus.PROPOSED, GrantStatus.CONFIRMED])
                      .select_related("user", "unit").order_by("unit__path", "user__username")):
                self.stdout.write(f"{g.unit.code}\t{g.user.username}\t{g.status}")
            return
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {opts['username']!r}")
        unit = self._unit(opts.get("unit"))
        refused = discipline_install_refusal(user=user, unit=unit)
        if refused is not None:
            raise CommandError(f"{refused.clause} {refused.message}")
        self.stdout.write(f"{user.username} ({user.display_name}) becomes the first member of {unit.code} "
                          f"({unit.name}) and will read every whistleblower report routed there.")
        self.stdout.write("Type the username again to confirm: ", ending="")
        self.stdout.flush()
        answer = sys.stdin.readline().strip()
        if answer != user.username:
            raise CommandError("not confirmed: nothing granted")
        try:
            discipline_install(user=user, unit=unit, now=timezone.now())
        except RuleViolation as exc:
            raise CommandError(f"{exc.clause} {exc.message}") from exc
        self.stdout.write(f"granted: {user.username} is a member of {unit.code}")

    def _unit(self, code: str | None) -> Unit:
        units = discipline_units()
        if code:
            unit = units.filter(code=code).first()
            if unit is None:
                raise CommandError(f"unit: no discipline unit {code!r}")
            return unit
        found = list(units[:2])
        if len(found) != 1:
            raise CommandError("unit: give --unit CODE (there is not exactly one discipline unit)")
        return found[0]
