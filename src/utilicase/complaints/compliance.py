"""What complaints give compliance by clause: the 15-minute form (§6.6(6)) and the 5-working-day
reply (§6.6(8)) and the reply again after an unsatisfied return visit as deadline rows, the 100% reply rate (§6.6(8)), and the month's counts. The
service-hall head reads these rows with the managers."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.complaints.models import Complaint
from utilicase.complaints.services import FORM_KIND, REDO_KIND, REPLY_KIND
from utilicase.compliance.domain.outcomes import replied_outcome
from utilicase.compliance.registry import (
    COMPLAINTS,
    Counter,
    Rule,
    deadline_evaluate,
    opened_closed,
    register_counter,
    register_deadline_kind,
    register_rule,
)


def _scope(path: str) -> Q:
    return (Q(hall__path__startswith=path) | Q(routed_to_unit__path__startswith=path)
            | Q(current_owner_unit__path__startswith=path))


def count(path, period) -> dict[str, int]:
    return opened_closed(Complaint.objects.filter(_scope(path)), period, opened="reception_started_at")


def register() -> None:
    register_deadline_kind(FORM_KIND, clause="§6.6(6)", audience=COMPLAINTS)
    register_deadline_kind(REPLY_KIND, clause="§6.6(8)", audience=COMPLAINTS)
    register_deadline_kind(REDO_KIND, clause="§6.6(8)", audience=COMPLAINTS)  # answered again after a return visit
    register_rule(Rule(key="complaints.reply_rate", clause="§6.6(8)", title=_("投诉答复率（目标100%）"),
                       evaluate=deadline_evaluate(REPLY_KIND, audience=COMPLAINTS, judge=replied_outcome),
                       audience=COMPLAINTS))
    register_counter(Counter(key="complaints", title=pgettext_lazy("section", "投诉"), count=count,
                             audience=COMPLAINTS, position=10))
