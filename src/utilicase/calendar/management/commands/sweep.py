"""`utilicase sweep`: escalate overdue deadlines; once a day, the audit chain's checkpoint. It
speaks the operator's language (`--lang en`, else LANG, else Chinese: config/commands.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.services import daily_checkpoint
from utilicase.calendar.services import deadlines_sweep, reminders_sweep
from utilicase.config.commands import LanguageCommand


class Command(LanguageCommand):
    help = gettext_lazy("升级逾期的期限，每个只升级一次（由 cron 每隔几分钟运行；可重复运行），"
                        "并每天一次把审计链的链头追加到检查点文件。")

    def handle(self, *args, **options):
        now = timezone.now()
        count = deadlines_sweep(now=now)
        self.stdout.write(_("已升级 %(count)s 个逾期期限") % {"count": count})
        reminded = reminders_sweep(now=now)
        self.stdout.write(_("已发出 %(count)s 条期限提醒") % {"count": reminded})
        checkpoint = daily_checkpoint(now=now)
        if checkpoint is not None:
            self.stdout.write(_("审计检查点：%(line)s") % {"line": checkpoint.line()})
