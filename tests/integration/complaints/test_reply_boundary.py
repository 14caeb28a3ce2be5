"""The reply limit's boundary (§6.6(8)), the same as every deadline's: a reply at 24:00 of the
last working day (`due_at`) is late, one microsecond before it is on time; services and KPIs agree."""

from datetime import timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.complaints.selectors import complaint_get, complaint_kpis

pytestmark = pytest.mark.django_db
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(("offset", "on_time"), [(-TICK, True), (timedelta(0), False)])
def test_reply_at_due_at_is_late_one_microsecond_before_on_time_s6_6_8(flow, example_user, now, offset, on_time):
    c = flow.routed()
    due = c.reply_deadline.due_at
    flow.reply(c, at=due + offset)
    event = AuditEvent.objects.filter(action="complaints.complaint.replied").get()
    assert event.after["on_time"] is on_time
    table = complaint_kpis(user=example_user("company_deputy1"), month_date=now.date().replace(day=1), now=now)
    assert (table.total.received, table.total.replied, table.total.replied_on_time) == (1, 1, int(on_time))


def test_an_open_reply_limit_is_overdue_from_due_at_on_s6_6_8(flow, example_user, now):
    c = flow.routed()
    due = c.reply_deadline.due_at
    deputy = example_user("company_deputy1")
    assert complaint_get(user=deputy, id=c.pk, now=due - TICK).reply_overdue is False
    assert complaint_get(user=deputy, id=c.pk, now=due).reply_overdue is True
    month = now.date().replace(day=1)
    assert complaint_kpis(user=deputy, month_date=month, now=due - TICK).total.overdue_now == 0
    assert complaint_kpis(user=deputy, month_date=month, now=due).total.overdue_now == 1
