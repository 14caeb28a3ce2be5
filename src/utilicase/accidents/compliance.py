"""What accident cases give compliance by clause: the investigation report within 5 working days
(§2.7(4)) and the rectification date of the result notice (§2.7(6)) as deadline rows, the four
don't-let-go items (四不放过, §2.7(4)) recorded on every case closed in the period, and the
month's counts."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.accidents.models import AccidentCase, DontLetGo, Item
from utilicase.accidents.selectors import TARGET_TYPE
from utilicase.accidents.services import RECTIFICATION_KIND, REPORT_KIND
from utilicase.compliance.domain.outcomes import COMPLIED, MISSING
from utilicase.compliance.registry import (
    Counter,
    Finding,
    Outcome,
    Rule,
    opened_closed,
    register_counter,
    register_deadline_kind,
    register_rule,
)


def four_items(path, period, now) -> Outcome:
    outcome = Outcome()
    done = DontLetGo.objects.filter(done_at__isnull=False).exclude(record="")
    rows = (AccidentCase.objects.filter(office__path__startswith=path).filter(period.q("closed_at"))
            .prefetch_related(Prefetch("items", queryset=done, to_attr="done_items")).order_by("closed_at", "id"))
    for case in rows:
        missing = [label for value, label in Item.choices if value not in {i.item for i in case.done_items}]
        result = MISSING if missing else COMPLIED
        outcome.add(result, lambda reason, case=case, missing=missing: Finding(
            TARGET_TYPE, str(case.pk), reason, done_at=case.closed_at,
            note=_g("未落实：%(items)s") % {"items": "、".join(str(m) for m in missing)}))
    return outcome


def count(path, period) -> dict[str, int]:
    return opened_closed(AccidentCase.objects.filter(office__path__startswith=path), period, opened="reported_at")


def register() -> None:
    register_deadline_kind(REPORT_KIND, clause="§2.7(4)")
    register_deadline_kind(RECTIFICATION_KIND, clause="§2.7(6)")
    register_rule(Rule(key="accidents.four_items", clause="§2.7(4)", title=_("结案事故“四不放过”均已落实"),
                       evaluate=four_items))
    register_counter(Counter(key="accidents", title=pgettext_lazy("section", "事故调查"), count=count, position=17))
