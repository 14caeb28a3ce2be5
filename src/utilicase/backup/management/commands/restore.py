"""`utilicase restore IN`: an archive of `utilicase backup` into an empty, migrated database; the
audit chain is verified with this server's key before anything is committed (backup/archive.py)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.keys import AuditKeyMissing
from utilicase.backup.archive import BackupRefused, restore_read
from utilicase.config.commands import LanguageCommand


class Command(LanguageCommand):
    help = gettext_lazy("把 utilicase backup 的归档恢复到刚由 utilicase migrate 建好的空数据库：核对归档与清单，并用本服务器的审计密钥校验审计链。")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(_("找不到备份文件：%(path)s") % {"path": archive})
        try:
            result = restore_read(archive)
        except (BackupRefused, AuditKeyMissing) as exc:
            raise CommandError(_("未恢复：%(reason)s") % {"reason": exc}, returncode=1) from None
        self.stdout.write(_("已恢复 %(rows)s 行数据，%(files)s 个文件") % {"rows": result.rows, "files": result.files})
        self.stdout.write(_("审计链校验通过：%(events)s 条事件") % {"events": result.events})
        if result.checkpoint_problem is None:
            self.stdout.write(_("本服务器的 %(count)s 个检查点与恢复的审计链一致") % {"count": result.checkpoints})
        else:
            self.stderr.write(_("注意：本服务器的检查点与恢复的审计链不一致（第 %(position)s 条）：%(reason)s。"
                                "备份之后记录的事件不在备份中。")
                              % {"position": result.checkpoint_problem.position,
                                 "reason": result.checkpoint_problem.reason})
