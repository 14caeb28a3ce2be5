"""The return visit after the reply (回访) and the answer given again (§6.6(8)): a customer not
satisfied reopens the complaint to the one who replied, due in 5 working days from the visit on
the official calendar, and it cannot be closed until answered again; the satisfaction rate
joins the KPIs."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from utilicase.calendar.services import deadlines_sweep
from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint, ReplyMethod, ReturnVisit, Status
from utilicase.complaints.permissions import NotAllowed
from utilicase.complaints.selectors import complaint_kpis, complaint_worklist
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import SHANGHAI

pytestmark = pytest.mark.django_db

VISIT_AT = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def visit(flow, c, *, satisfaction="SATISFIED", reached=True, actor="hall_staff1", at=VISIT_AT, **kwargs):
    return services.complaint_return_visit(actor=flow.user(actor), complaint=c, method="PHONE", reached=reached,
                                           satisfaction=satisfaction, now=at, **kwargs)


def again(flow, c, *, actor="handler1", at=VISIT_AT + timedelta(days=2)):
    return services.complaint_reply_again(actor=flow.user(actor), complaint=c, content="已上门复核，电表无误。", now=at)


def test_a_satisfied_customer_leaves_the_complaint_replied_and_closable_s6_6_8(flow):
    c = flow.replied()
    v = visit(flow, c, satisfaction="BASICALLY_SATISFIED", comment="处理及时。")
    c.refresh_from_db()
    assert (v.number, v.reached, v.satisfaction, v.redo_deadline) == (1, True, "BASICALLY_SATISFIED", None)
    assert (c.status, c.satisfaction) == (Status.REPLIED, "BASICALLY_SATISFIED")
    flow.close(c, at=VISIT_AT + timedelta(hours=1))
    assert Complaint.objects.get(pk=c.pk).status == Status.CLOSED


def test_a_customer_not_satisfied_reopens_it_to_the_replier_due_in_5_working_days_s6_6_8(flow, example_user):
    c = flow.replied()
    v = visit(flow, c, satisfaction="DISSATISFIED", comment="电费仍然偏高。")
    c.refresh_from_db()
    assert c.status == Status.REOPENED
    assert (c.current_owner.username, c.current_owner_unit.code) == ("handler1", "tf-power-marketing")
    # 2026-09-30 + 5 working days over the National Day holiday (10-01..10-08 off, 10-10 worked).
    deadline = v.redo_deadline
    assert (deadline.kind, deadline.clause, deadline.owner.username) == ("complaint.redo", "§6.6(8)", "handler1")
    assert deadline.due_date.isoformat() == "2026-10-13"
    assert deadline.due_at == datetime(2026, 10, 14, 0, 0, tzinfo=SHANGHAI)
    assert c.next_due_at == deadline.due_at
    assert c.pk in [row.pk for row in complaint_worklist(user=example_user("handler1"), now=VISIT_AT)]
    with pytest.raises(RuleViolation) as refused:
        flow.close(c, at=VISIT_AT + timedelta(hours=1))
    assert refused.value.clause == "§6.6(8)" and "再次答复" in refused.value.message


def test_the_answer_given_again_meets_the_deadline_and_returns_it_to_the_hall_s6_6_8(flow):
    c = flow.replied()
    visit(flow, c, satisfaction="DISSATISFIED")
    v = again(flow, c)
    c.refresh_from_db()
    assert c.status == Status.REPLIED and c.current_owner.username == c.first_contact_owner.username
    assert (v.answer, v.answered_by.username) == ("已上门复核，电表无误。", "handler1")
    v.redo_deadline.refresh_from_db()
    assert v.redo_deadline.met_at == VISIT_AT + timedelta(days=2)
    second = visit(flow, c, satisfaction="SATISFIED", at=VISIT_AT + timedelta(days=3))
    c.refresh_from_db()
    assert (second.number, c.satisfaction) == (2, "SATISFIED")
    flow.close(c, at=VISIT_AT + timedelta(days=3, hours=1))


def test_an_unanswered_reopened_complaint_is_escalated_by_the_sweep_s6_6_8(flow):
    c = flow.replied()
    visit(flow, c, satisfaction="DISSATISFIED")
    deadlines_sweep(now=datetime(2026, 10, 14, 0, 1, tzinfo=SHANGHAI))
    assert Complaint.objects.get(pk=c.pk).escalated_at is not None


def test_the_answer_is_checked_and_nothing_is_stored_on_bad_input(flow):
    c = flow.replied()
    with pytest.raises(services.ComplaintInvalid) as exc:
        visit(flow, c, satisfaction="")
    assert list(exc.value.errors) == ["satisfaction"]
    with pytest.raises(services.ComplaintInvalid) as exc:
        visit(flow, c, reached=False, satisfaction="SATISFIED")
    assert list(exc.value.errors) == ["satisfaction"]
    with pytest.raises(services.ComplaintInvalid) as exc:
        services.complaint_return_visit(actor=flow.user("hall_staff1"), complaint=c, method="FAX", reached=False,
                                        now=VISIT_AT)
    assert list(exc.value.errors) == ["method"]
    assert ReturnVisit.objects.count() == 0
    missed = visit(flow, c, reached=False, satisfaction="")
    c.refresh_from_db()
    assert (missed.reached, missed.satisfaction, c.status, c.satisfaction) == (False, "", Status.REPLIED, "")


def test_only_a_replied_complaint_is_visited_and_only_a_reopened_one_answered_again_s6_6_8(flow):
    c = flow.routed()
    with pytest.raises(RuleViolation) as refused:
        visit(flow, c)
    assert refused.value.clause == "§6.6(8)"
    flow.reply(c)
    c.refresh_from_db()
    with pytest.raises(RuleViolation):
        again(flow, c)


def test_who_visits_and_who_answers_again(flow):
    c = flow.replied()
    with pytest.raises(NotAllowed):
        visit(flow, c, actor="handler1")
    visit(flow, c, satisfaction="DISSATISFIED")
    with pytest.raises(NotAllowed):
        again(flow, c, actor="hall_staff1")


def test_a_customer_who_left_no_contact_cannot_be_called_back_s6_6_8(flow):
    c = flow.receive(channel=Channel.OPINION_BOX, contact_name="", contact_phone="", no_contact=True)
    flow.complete_form(c)
    flow.assess(c)
    flow.route(c)
    services.complaint_reply(actor=flow.user("handler1"), complaint=c, method=ReplyMethod.POSTED,
                             content="已在营业厅公示栏公告答复。", now=c.reception_ended_at + timedelta(days=1))
    with pytest.raises(RuleViolation) as refused:
        visit(flow, Complaint.objects.get(pk=c.pk))
    assert refused.value.clause == "§6.6(8)" and "未留联系方式" in refused.value.message


def test_satisfaction_rate_counts_complaints_by_their_latest_visit(flow, example_user, now):
    """A satisfied; B not satisfied (still reopened); C not reached; D not satisfied, answered
    again, then satisfied; E never visited. Visited (reached) 3 — A, B, D — satisfied 2 — A, D."""
    a, b, c, d, _e = (flow.replied() for _ in range(5))
    visit(flow, a, satisfaction="SATISFIED")
    visit(flow, b, satisfaction="DISSATISFIED")
    visit(flow, c, reached=False, satisfaction="")
    visit(flow, d, satisfaction="DISSATISFIED")
    again(flow, d)
    visit(flow, d, satisfaction="SATISFIED", at=VISIT_AT + timedelta(days=3))
    table = complaint_kpis(user=example_user("company_deputy1"), month_date=now.date(), now=now)
    assert (table.total.received, table.total.visited, table.total.satisfied) == (5, 3, 2)
    assert table.total.satisfaction_rate == 0.6667
    assert complaint_kpis(user=example_user("company_deputy1"), month_date=now.date().replace(month=8),
                          now=now).total.satisfaction_rate is None


def test_the_api_visits_reopens_refuses_closing_and_answers_again(flow, client, example_user, now, monkeypatch):
    c = flow.replied()
    monkeypatch.setattr("django.utils.timezone.now", lambda: VISIT_AT)
    client.force_login(example_user("hall_staff1"))
    bad = client.post(f"/api/v1/complaints/{c.pk}/return-visit", {"method": "PHONE", "reached": True},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "satisfaction"
    body = client.post(f"/api/v1/complaints/{c.pk}/return-visit",
                       {"method": "PHONE", "reached": True, "satisfaction": "DISSATISFIED", "comment": "仍偏高"},
                       content_type="application/json").json()
    assert body["status"] == "REOPENED" and body["satisfaction"] == "DISSATISFIED"
    assert body["return_visits"][0]["redo_due_at"] == "2026-10-14T00:00:00+08:00"
    closing = client.post(f"/api/v1/complaints/{c.pk}/close")
    assert closing.status_code == 409 and closing.json()["clause"] == "§6.6(8)"
    client.force_login(example_user("handler1"))
    body = client.post(f"/api/v1/complaints/{c.pk}/reply-again", {"content": "已复核。"},
                       content_type="application/json").json()
    assert body["status"] == "REPLIED" and body["return_visits"][0]["answered_by"] == "handler1"


def test_the_case_page_records_a_visit(flow, client, example_user, monkeypatch):
    c = flow.replied()
    monkeypatch.setattr("django.utils.timezone.now", lambda: VISIT_AT)
    client.force_login(example_user("hall_staff1"))
    page = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert reverse("complaints:act", args=[c.pk, "return_visit"]) in page
    answer = client.post(reverse("complaints:act", args=[c.pk, "return_visit"]),
                         {"method": "PHONE", "reached": "yes", "satisfaction": "DISSATISFIED", "comment": "仍偏高"})
    assert answer.status_code == 303
    page = client.get(reverse("complaints:detail", args=[c.pk])).content.decode()
    assert "第1次回访" in page and "不满意" in page and "不满意重办" in page
