"""`utilicase backup OUT`: every row and every stored file in one archive (backup/archive.py). It
speaks the operator's language (`--lang en`, else LANG, else Chinese: config/commands.py)."""

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.backup.archive import backup_write
from utilicase.config.commands import LanguageCommand


class Command(LanguageCommand):
    help = gettext_lazy("把全部数据行和存储的文件连同清单（行数、各部分的 SHA-256）写入一个归档文件（.tar.gz）。审计密钥和检查点文件不在其中，请另行保管。")

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path)

    def handle(self, *args, out: Path, **options):
        if not out.parent.is_dir():
            raise CommandError(_("目录不存在：%(path)s") % {"path": out.parent})
        result = backup_write(out)
        self.stdout.write(_("备份已写入 %(path)s：%(rows)s 行数据，%(files)s 个文件，%(bytes)s 字节")
                          % {"path": out, "rows": result.rows, "files": result.files, "bytes": result.bytes})
