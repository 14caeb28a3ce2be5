"""A §1.2(2) application tells the deputy whose decision it awaits, once, after the commit:
the enterprise's deputy manager to review, then the company's deputy manager to approve."""

import pytest

from utilicase.enforcement import services
from utilicase.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


def _told():
    return [(n.recipient.username, n.kind, n.clause, n.title["params"].get("number"))
            for n in Notification.objects.select_related("recipient").order_by("id")]


def test_1_2_2_the_reviewer_then_the_approver_is_told(flow, important, example_user, now,
                                                     django_capture_on_commit_callbacks):
    case = flow.opened(important)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(actor=example_user("inspector1"), case=case, reason="申请停电",
                                                  now=now)
    assert _told() == [("enterprise_deputy1", Kind.APPROVAL, "§1.2(2)", case.number)]
    with django_capture_on_commit_callbacks(execute=True):
        services.application_review(actor=example_user("enterprise_deputy1"), application=application, now=now)
    assert _told()[1:] == [("company_deputy1", Kind.APPROVAL, "§1.2(2)", case.number)]
    with django_capture_on_commit_callbacks(execute=True):
        services.application_approve(actor=example_user("company_deputy1"), application=application, now=now)
    assert len(_told()) == 2
