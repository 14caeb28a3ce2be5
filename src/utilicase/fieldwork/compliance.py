"""What field work gives compliance by clause: punctuality (§4.4(3): arrival within the agreed
slot, or the delay told to the customer before the slot began), the delay notice deadline as a
deadline row, and the month's counts."""

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.compliance.domain.outcomes import COMPLIED, LATE
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
from utilicase.fieldwork.models import FieldWorkOrder
from utilicase.fieldwork.selectors import TARGET_TYPE
from utilicase.fieldwork.services import DELAY_KIND


def punctual(order: FieldWorkOrder) -> bool:
    if order.arrived_at <= order.slot_end:
        return True
    return order.delay_notified_at is not None and order.delay_notified_at < order.slot_start


def punctuality(path, period, now) -> Outcome:
    outcome = Outcome()
    rows = (FieldWorkOrder.objects.filter(office__path__startswith=path, slot_end__isnull=False)
            .filter(period.q("arrived_at")).order_by("arrived_at", "id")
            .only("id", "arrived_at", "slot_start", "slot_end", "delay_notified_at", "minutes_late"))
    for o in rows:
        outcome.add(COMPLIED if punctual(o) else LATE, lambda reason, o=o: Finding(
            TARGET_TYPE, str(o.pk), reason, due_at=o.slot_end, done_at=o.arrived_at,
            note=_g("迟到 %(n)s 分钟，未事先告知客户") % {"n": o.minutes_late}))
    return outcome


def count(path, period) -> dict[str, int]:
    return opened_closed(FieldWorkOrder.objects.filter(office__path__startswith=path), period, opened="created_at",
                         closed="completed_at")


def register() -> None:
    register_deadline_kind(DELAY_KIND, clause="§4.4(3)")
    register_rule(Rule(key="fieldwork.punctuality", clause="§4.4(3)", title=_("按预约时间到达现场"),
                       evaluate=punctuality))
    register_counter(Counter(key="fieldwork", title=pgettext_lazy("section", "现场服务"), count=count, position=18))
