"""`utilicase calc --json '<object>' [--enterprise CODE]`: the fee calculator of issue 10.

    utilicase calc --json '{"kind": "theft", "utility": "electricity", "rule_set": "auto",
        "act_date": "2023-05-01", "customer_type": "residential", "capacity_kw": 1,
        "price_yuan_per_kwh": 0.6}'

prints the result object (one line of JSON), the same object `POST /api/v1/calculations` answers.
Heat and gas use the rules of the enterprise named by `--enterprise` (its code) or by the
object's "enterprise" field. Bad input exits with status 2 and, on stderr, one line per field
("customer_type: ..."); nothing is printed on stdout then. It speaks the operator's language
(`--lang en`, else LANG, else Chinese: config/commands.py).
"""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.config.commands import LanguageCommand
from utilicase.fees.contract import errors_json, result_json
from utilicase.fees.services import CalculationInvalid, calculate


class Command(LanguageCommand):
    help = gettext_lazy("计算追补费用与违约使用费，并列出计算明细（JSON 输入与输出，与 POST /api/v1/calculations 相同）。")

    def add_arguments(self, parser):
        parser.add_argument("--json", required=True, dest="data", help=_("输入对象（JSON）。"))
        parser.add_argument("--enterprise", help=_("热力、燃气计算所用规则的供应企业代码。"))

    def handle(self, *args, data: str, enterprise: str | None = None, **options):
        try:
            obj = json.loads(data)
        except (ValueError, RecursionError) as exc:
            raise CommandError(f"--json: {_('不是有效的 JSON：')}{exc}", returncode=2) from None
        if enterprise is not None and isinstance(obj, dict):
            obj = {**obj, "enterprise": enterprise}
        try:
            result = calculate(obj)
        except CalculationInvalid as exc:
            lines = "\n".join(f"{field}: {reason}" for field, reason in errors_json(exc.errors).items())
            raise CommandError(lines, returncode=2) from None
        self.stdout.write(json.dumps(result_json(result), ensure_ascii=False))
