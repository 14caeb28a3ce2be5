"""`utilicase backup OUT`: every row and every stored file in one archive (backup/archive.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utilicase.backup.archive import backup_write


class Command(BaseCommand):
    help = ("Writes every row and every stored file, with a manifest of counts and SHA-256, to one archive "
            "(.tar.gz). The audit key and checkpoint file are not in it: keep them apart.")

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the archive to write (replaced if it exists)")

    def handle(self, *args, out: Path, **options):
        if not out.parent.is_dir():
            raise CommandError(_("目录不存在：%(path)s") % {"path": out.parent})
        result = backup_write(out)
        self.stdout.write(_("备份已写入 %(path)s：%(rows)s 行数据，%(files)s 个文件，%(bytes)s 字节")
                          % {"path": out, "rows": result.rows, "files": result.files, "bytes": result.bytes})
