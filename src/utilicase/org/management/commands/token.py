from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from utilicase.org.models import ApiToken, User
from utilicase.org.services import OrgError, token_create, token_revoke


class Command(BaseCommand):
    help = "API tokens: `token create USERNAME [--name N]`, `token list USERNAME`, `token revoke PREFIX`."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("username")
        create.add_argument("--name", default="")
        listing = sub.add_parser("list")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **opts):
        now = timezone.now()
        if action == "revoke":
            token = ApiToken.objects.filter(prefix=opts["prefix"], revoked_at__isnull=True).first()
            if token is None:
                raise CommandError(f"prefix: no active token starts with {opts['prefix']!r}")
            token_revoke(actor=None, token=token, now=now)
            self.stdout.write(f"revoked {token.prefix}…")
            return
        user = User.objects.filter(username=opts["username"]).first()
        if user is None:
            raise CommandError(f"username: no user {opts['username']!r}")
        if action == "list":
            for t in user.api_tokens.order_by("created_at"):
                state = "revoked" if t.revoked_at else "active"
                self.stdout.write(f"{t.prefix}…\t{t.name}\t{t.created_at:%Y-%m-%d %H:%M}\t{state}")
            return
        try:
            _, token = token_create(actor=None, user=user, name=opts["name"], now=now)
        except OrgError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(token)
