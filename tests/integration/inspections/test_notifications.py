"""A submitted inspection order tells its approver (§2.4(3)), once per submission."""

from datetime import timedelta

import pytest

from utilicase.inspections import services
from utilicase.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def test_2_4_3_the_approver_is_told_of_each_submission(flow, example_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        order = flow.submitted()
    told = list(Notification.objects.select_related("recipient"))
    assert [(n.recipient.username, n.kind, n.clause, n.title["params"]["number"]) for n in told] == [
        ("office_head1", Kind.APPROVAL, "§2.4(3)", order.number)]
    with django_capture_on_commit_callbacks(execute=True):
        services.order_return(actor=example_user("office_head1"), order=order, reason="补充检查项目",
                              now=flow.now - timedelta(days=1))
        services.order_submit(actor=order.organiser, order=order, now=flow.now - timedelta(hours=20))
    assert Notification.objects.filter(recipient__username="office_head1", kind=Kind.APPROVAL).count() == 2
    # The approver's notice names the order, not the inspectors or the customer.
    assert set(told[0].title["params"]) == {"number"}
