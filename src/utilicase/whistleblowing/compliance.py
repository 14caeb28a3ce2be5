"""What whistleblower reports give compliance by clause: the 10-working-day reply and the 100%
reply rate (§6.7(iii)(7)) and the month's counts, all for discipline inspection alone
(§6.7(iii)(1-6)): the rows are absent for every other reader, and the reports' deadlines count in
no other row. Their exceptions (report numbers) leaving the system as a file leave an audit
event, as an export of the reports' list does."""

from django.utils.translation import gettext_lazy as _

from utilicase.compliance.domain.outcomes import replied_outcome
from utilicase.compliance.registry import (
    CONFIDENTIAL,
    Counter,
    Rule,
    deadline_evaluate,
    opened_closed,
    register_counter,
    register_deadline_kind,
    register_rule,
)
from utilicase.whistleblowing.models import Report
from utilicase.whistleblowing.selectors import REPLY_KIND
from utilicase.whistleblowing.services import reports_exported


def numbers(ids: list[str]) -> dict[str, tuple[str, str]]:
    """The reports' numbers (never the reporter)."""
    return {str(pk): (number, "") for pk, number in Report.objects.filter(pk__in=ids).values_list("pk", "number")}


def count(path, period) -> dict[str, int]:
    return opened_closed(Report.objects.filter(discipline_unit__path__startswith=path), period, opened="received_at")


def register() -> None:
    register_deadline_kind(REPLY_KIND, clause="§6.7(iii)(7)", audience=CONFIDENTIAL, describe=numbers,
                           on_export=reports_exported)
    register_rule(Rule(key="whistleblowing.reply_rate", clause="§6.7(iii)(7)", title=_("举报答复率（目标100%）"),
                       evaluate=deadline_evaluate(REPLY_KIND, audience=CONFIDENTIAL, judge=replied_outcome,
                                                  describe=numbers),
                       audience=CONFIDENTIAL, on_export=reports_exported))
    register_counter(Counter(key="whistleblowing", title=_("举报"), count=count, audience=CONFIDENTIAL, position=11))
