from datetime import timedelta

from utilicase.inspections import services
from utilicase.inspections.models import Status


def test_a_routine_order_runs_from_draft_to_closed(flow, example_user, now):
    order = flow.inspecting()
    finding = flow.finding(order)
    rect = finding.rectification
    services.order_leave(actor=example_user("inspector1"), order=order, now=now + timedelta(hours=1))
    services.order_archive(actor=example_user("inspector1"), order=order, now=now + timedelta(hours=2))
    services.rectification_reinspect(actor=example_user("inspector2"), rectification=rect, result="ACCEPTED",
                                     now=now + timedelta(days=5))
    order = services.order_close(actor=example_user("inspector1"), order=order, now=now + timedelta(days=5))
    assert order.status == Status.CLOSED
    assert order.number.startswith("JC2026")
