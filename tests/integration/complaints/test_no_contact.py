"""Complaints left with no contact (§6.5(i)): the opinion box and the opinion book take them,
they are handled like any other and answered where the company posts answers; and the 15-minute
form rule (§6.6(6)) is for visits and calls only."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse

from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint, ReplyMethod
from utilicase.core.rules import RuleViolation

pytestmark = pytest.mark.django_db

ANONYMOUS = {"contact_name": "", "contact_phone": "", "no_contact": True}


def anonymous_routed(flow, channel=Channel.OPINION_BOX) -> Complaint:
    c = flow.receive(channel=channel, **ANONYMOUS)
    flow.complete_form(c)
    flow.assess(c)
    return flow.route(c, unit="tf-hall", handler=None) if channel == Channel.OPINION_BOOK else flow.route(c)


@pytest.mark.parametrize("channel", [Channel.OPINION_BOX, Channel.OPINION_BOOK])
def test_an_opinion_box_or_book_complaint_is_taken_without_a_contact_s6_5_i(flow, channel):
    c = flow.receive(channel=channel, **ANONYMOUS)
    assert (c.customer, c.contact_name, c.contact_phone, c.no_contact_left) == (None, "", "", True)
    assert c.form_deadline is None and c.reply_deadline.kind == "complaint.reply"


@pytest.mark.parametrize("channel", [Channel.PHONE, Channel.VISIT, Channel.LETTER, Channel.ONLINE])
def test_other_channels_need_a_contact_s6_5_i(flow, channel):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(channel=channel, **ANONYMOUS)
    assert list(exc.value.errors) == ["no_contact"]
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(channel=channel, contact_name="", contact_phone="")
    assert list(exc.value.errors) == ["contact_name"]
    assert not Complaint.objects.exists()


def test_no_contact_with_a_phone_is_contradictory(flow):
    with pytest.raises(services.ComplaintInvalid) as exc:
        flow.receive(channel=Channel.OPINION_BOX, contact_name="", contact_phone="13899001122", no_contact=True)
    assert list(exc.value.errors) == ["no_contact"]


def test_the_database_refuses_a_phone_complaint_without_a_contact(flow):
    c = flow.receive(channel=Channel.PHONE)
    with pytest.raises(IntegrityError):
        Complaint.objects.filter(pk=c.pk).update(contact_phone="")


def test_anonymous_reply_is_posted_and_recorded_s6_5_i(flow, example_user):
    c = anonymous_routed(flow)
    handler = example_user("handler1")
    for method in (ReplyMethod.PHONE, ReplyMethod.LETTER):
        with pytest.raises(RuleViolation) as exc:
            services.complaint_reply(actor=handler, complaint=c, method=method, content="已答复",
                                     now=flow.now + timedelta(days=1))
        assert exc.value.clause == "§6.5(i)"
    reply = services.complaint_reply(actor=handler, complaint=c, method=ReplyMethod.POSTED,
                                     content="已在营业厅公示栏张贴答复：9月电费按实际抄见电量重新结算。",
                                     now=flow.now + timedelta(days=1))
    assert (reply.method, Complaint.objects.get(pk=c.pk).status) == ("POSTED", "REPLIED")
    assert flow.close(c).status == "CLOSED"


def test_an_anonymous_opinion_book_complaint_is_posted_by_the_hall_head_s6_5_i_s6_6_7(flow, example_user):
    c = anonymous_routed(flow, Channel.OPINION_BOOK)
    reply = services.complaint_reply(actor=example_user("hall_head1"), complaint=c, method=ReplyMethod.POSTED,
                                     content="已在营业厅公示栏答复。", now=flow.now + timedelta(hours=2))
    assert reply.method == "POSTED"


def test_a_customer_who_left_a_phone_is_not_answered_by_a_posting_s6_5_i(flow, example_user):
    c = flow.routed()
    with pytest.raises(RuleViolation) as exc:
        services.complaint_reply(actor=example_user("handler1"), complaint=c, method=ReplyMethod.POSTED,
                                 content="已公告", now=flow.now + timedelta(days=1))
    assert exc.value.clause == "§6.5(i)"


@pytest.mark.parametrize(("channel", "form_due"), [
    (Channel.VISIT, True), (Channel.PHONE, True), (Channel.LETTER, False), (Channel.ONLINE, False),
    (Channel.OPINION_BOX, False), (Channel.OPINION_BOOK, False),
])
def test_the_15_minute_form_is_for_visits_and_calls_s6_6_6(flow, channel, form_due):
    c = flow.receive(channel=channel)
    assert (c.form_deadline is not None) == form_due
    if form_due:
        assert c.form_deadline.due_at == c.reception_ended_at + timedelta(minutes=15)
    done = flow.complete_form(c, at=c.reception_ended_at + timedelta(minutes=40))
    assert done.form_late is (True if form_due else None)


def test_the_intake_page_takes_an_anonymous_opinion_box_complaint_s6_5_i(client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("complaints:new")).content.decode()
    assert 'name="no_contact"' in page
    response = client.post(reverse("complaints:new"), {
        "q": "", "contact_name": "", "contact_phone": "", "no_contact": "on", "channel": "OPINION_BOX",
        "content": "营业厅排队时间太长。", "reception_started_at": "2026-09-30T09:50", "end_now": "on"})
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert (c.channel, c.no_contact_left) == ("OPINION_BOX", True)
    assert "未留联系方式，以公告答复" in client.get(reverse("complaints:detail", args=[c.pk])).content.decode()


def test_the_api_takes_an_anonymous_opinion_box_complaint_s6_5_i(client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("hall_staff1"))
    body = {"channel": "OPINION_BOX", "no_contact": True, "content": "营业厅排队时间太长。",
            "reception_started_at": "2026-09-30T10:00:00+08:00", "reception_ended_at": "2026-09-30T10:00:00+08:00"}
    created = client.post("/api/v1/complaints", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert [d["kind"] for d in created.json()["deadlines"]] == ["complaint.reply"]
    refused = client.post("/api/v1/complaints", {**body, "channel": "LETTER"}, content_type="application/json")
    assert refused.status_code == 422 and "no_contact" in refused.content.decode()
