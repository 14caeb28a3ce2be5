"""`utilicase compliance monthly --enterprise CODE --month YYYY-MM --out FILE.pdf`: the monthly
report of an enterprise (cases per case type, compliance by clause) as PDF, as the operator sees
it: every clause but the whistleblower reports' (discipline inspection reads those on its pages).

It speaks the operator's language (`--lang en`, else LANG, else Chinese: config/commands.py),
and the PDF is written in that language."""

import argparse
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.compliance.registry import month_period
from utilicase.compliance.rendering import monthly_pdf
from utilicase.compliance.selectors import enterprise_for
from utilicase.config.commands import LanguageCommand, add_lang_argument


class Command(LanguageCommand):
    help = gettext_lazy("条款执行情况：企业月报 PDF。")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        monthly = sub.add_parser("monthly", help=_("企业月报 PDF"))
        monthly.add_argument("--enterprise", required=True, help=_("企业（或股份公司）代码，如 tf-power"))
        monthly.add_argument("--month", required=True, help=_("月份 YYYY-MM"))
        monthly.add_argument("--out", required=True, help=_("输出的 PDF 文件"))
        add_lang_argument(monthly, default=argparse.SUPPRESS)

    def handle(self, *args, **options):
        try:
            period = month_period(options["month"])
        except ValueError:
            raise CommandError(_("--month 应写作 YYYY-MM，实为“%(text)s”。") % {"text": options["month"]}) from None
        enterprise = enterprise_for(user=None, code=options["enterprise"])
        if enterprise is None:
            raise CommandError(_("没有代码为“%(code)s”的企业。") % {"code": options["enterprise"]})
        body = monthly_pdf(user=None, enterprise=enterprise, period=period, now=timezone.now())
        Path(options["out"]).write_bytes(body)
        self.stdout.write(_("已写入 %(path)s（%(size)s 字节）。") % {"path": options["out"], "size": len(body)})
