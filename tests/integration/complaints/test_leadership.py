"""§6.6(7): an opinion-book complaint the hall head cannot answer directly is passed, with the
reason, to leadership (领导) — the company's deputy manager, or an enterprise's — or to a
department. Only the hall head does it; leadership answers by the contact the customer left."""

from datetime import timedelta

import pytest

from utilicase.audit.models import AuditEvent
from utilicase.calendar.models import Deadline
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint, ReplyMethod
from utilicase.core.rules import RuleViolation
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def book_with_the_head(flow) -> Complaint:
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    return flow.route(c, unit="tf-hall", handler=None)


def to_leadership(flow, c, *, actor="hall_head1", unit="tianfu", reason="涉及全公司电价政策，需公司领导答复。"):
    return services.complaint_route(actor=flow.user(actor), complaint=c, unit=flow.org[unit], handler=None,
                                    reason=reason, now=flow.now + timedelta(hours=1))


def test_the_hall_head_passes_it_to_the_company_deputy_with_the_reason_s6_6_7(flow, example_user):
    c = book_with_the_head(flow)
    routed = to_leadership(flow, c)
    deputy = example_user("company_deputy1")
    assert (routed.status, routed.routed_to_unit.code, routed.handler, routed.current_owner) == (
        "ROUTED", "tianfu", deputy, deputy)
    assert Deadline.objects.get(pk=routed.reply_deadline_id).owner == deputy
    event = AuditEvent.objects.filter(action="complaints.complaint.routed").order_by("seq").last()
    assert (event.clause, event.after["routed_to_unit"], event.after["leadership"], event.after["handler"],
            event.after["reason"]) == ("§6.6(7)", "tianfu", True, "company_deputy1", "涉及全公司电价政策，需公司领导答复。")


def test_or_to_an_enterprise_deputy_who_answers_by_the_contact_left_s6_6_7(flow, example_user):
    c = to_leadership(flow, book_with_the_head(flow), unit="tf-power")
    assert c.handler == example_user("enterprise_deputy1")
    with pytest.raises(RuleViolation) as exc:
        services.complaint_reply(actor=example_user("enterprise_deputy1"), complaint=c, method=ReplyMethod.IN_PERSON,
                                 content="已当面答复。", now=flow.now + timedelta(hours=2))
    assert exc.value.clause == "§6.6(7)"
    with pytest.raises(services.perms.NotAllowed):
        services.complaint_reply(actor=example_user("hall_head1"), complaint=c, method=ReplyMethod.PHONE,
                                 content="已电话答复。", now=flow.now + timedelta(hours=2))
    reply = services.complaint_reply(actor=example_user("enterprise_deputy1"), complaint=c, method=ReplyMethod.PHONE,
                                     content="已电话答复客户。", now=flow.now + timedelta(hours=2))
    assert (reply.replied_by.username, Complaint.objects.get(pk=c.pk).status) == ("enterprise_deputy1", "REPLIED")


def test_not_without_the_reason_s6_6_7(flow):
    c = book_with_the_head(flow)
    with pytest.raises(RuleViolation) as exc:
        to_leadership(flow, c, reason="  ")
    assert exc.value.clause == "§6.6(7)"
    assert Complaint.objects.get(pk=c.pk).routed_to_unit.code == "tf-hall"


def test_the_clerk_cannot_pass_it_to_leadership_s6_6_7(flow):
    c = flow.receive(channel=Channel.OPINION_BOOK)
    flow.complete_form(c)
    flow.assess(c)
    with pytest.raises(RuleViolation) as exc:
        to_leadership(flow, c, actor="hall_staff1")
    assert exc.value.clause == "§6.6(7)"
    assert Complaint.objects.get(pk=c.pk).routed_to_unit is None


def test_other_complaints_go_to_departments_not_leadership_s6_6_7(flow):
    c = flow.assessed(channel=Channel.PHONE)
    with pytest.raises(services.ComplaintInvalid) as exc:
        to_leadership(flow, c, actor="hall_staff1")
    assert list(exc.value.errors) == ["unit"]
    assert Complaint.objects.get(pk=c.pk).routed_to_unit is None


def test_the_api_routes_to_leadership_s6_6_7(client, flow, example_user, now):
    c = book_with_the_head(flow)
    _, token = token_create(actor=None, user=example_user("hall_head1"), now=now)
    body = client.post(f"/api/v1/complaints/{c.pk}/route", {"unit": "tianfu", "reason": "需公司领导答复"},
                       content_type="application/json", headers={"Authorization": f"Bearer {token}"}).json()
    assert (body["routed_to_unit"], body["handler"], body["status"]) == ("tianfu", "company_deputy1", "ROUTED")


def test_the_route_form_offers_leadership_for_the_opinion_book_only_s6_6_7(as_user, flow):
    book = book_with_the_head(flow)
    page = as_user("hall_head1")
    html = page.get(f"/complaints/{book.pk}/").content.decode()
    assert "领导：天富" in html
    call = flow.assessed(channel=Channel.PHONE)
    assert "领导：" not in page.get(f"/complaints/{call.pk}/").content.decode()
    response = page.post(f"/complaints/{book.pk}/route/", {"unit": str(flow.org["tianfu"].pk), "handler": "",
                                                           "reason": "需公司领导答复"})
    assert response.status_code == 303, response.content.decode()
    assert Complaint.objects.get(pk=book.pk).handler.username == "company_deputy1"
