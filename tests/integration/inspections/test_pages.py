"""The inspection pages: every action of an order taken through its page, refusals kept in their
form beside the clause, the work lists of each role, the plans, the on-site page, and what a
page shows of a tip-off (that there was one, nothing of it)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.integration.web.exports_helpers import csv_rows, xlsx_rows
from utilicase.inspections import services
from utilicase.inspections.models import InspectionOrder, InspectionPlan, Kind, RectificationStatus, Status

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def block(page: str, block_id: str) -> str:
    """An action's own form, as htmx selects it (hx-select="#<block_id>")."""
    return page.split(f'id="{block_id}"')[1].split("</form>")[0]


def act(client, order, name, data=None, **extra):
    return client.post(reverse("inspections:act", args=[order.pk, name]), data or {}, **extra)


def status_of(order) -> str:
    return InspectionOrder.objects.get(pk=order.pk).status


# -- each action through the page -----------------------------------------------------------------

def test_a_routine_order_is_taken_through_every_stage_on_its_page(as_user, flow, example_user, now):
    order = flow.order()
    inspector = as_user("inspector1")
    assert act(inspector, order, "submit").status_code == 303
    assert status_of(order) == Status.SUBMITTED

    head = as_user("office_head1")
    page = head.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="action-approve"' in page
    response = act(head, order, "approve")
    assert response.status_code == 303 and response.url == reverse("inspections:detail", args=[order.pk])
    assert status_of(order) == Status.APPROVED

    inspector = as_user("inspector1")
    assert act(inspector, order, "appoint", {"appointment_at": "2026-09-30T15:00", "contact": "Wang (owner)",
                                             "method": "PHONE"}).status_code == 303
    assert act(inspector, order, "prepare").status_code == 303
    two = [str(example_user("inspector1").pk), str(example_user("inspector2").pk)]
    assert act(inspector, order, "arrive", {"present": two, "certificates_shown": "on"}).status_code == 303
    assert act(inspector, order, "inspect").status_code == 303
    assert act(inspector, order, "operation", {"equipment": "Main switch", "operation": "Switched off",
                                               "consent": "on", "consent_by": "Wang", "operator_name": "Zhao (electrician)"}
               ).status_code == 303
    assert act(inspector, order, "finding", {"finding_type": "SAFETY_DEFECT", "description": "Earth wire rusted.",
                                             "rectification_required": "on", "requirement": "Replace it.",
                                             "due_date": "2026-10-15"}).status_code == 303
    assert act(inspector, order, "leave").status_code == 303
    assert act(inspector, order, "archive").status_code == 303

    order.refresh_from_db()
    assert (order.status, order.appointment_contact, order.operations.get().operator_name) == (
        Status.ARCHIVED, "Wang (owner)", "Zhao (electrician)")
    assert [a.present for a in order.assignments.order_by("id")] == [True, True]
    assert order.certificates_shown_at == now
    rect = order.rectifications.get()
    assert (rect.requirement, rect.due_date, rect.status) == ("Replace it.", date(2026, 10, 15), RectificationStatus.OPEN)


def test_closing_with_an_open_rectification_is_refused_in_its_form_s2_5_3(as_user, flow, example_user, now):
    order = flow.inspecting()
    flow.finding(order)
    services.order_leave(actor=example_user("inspector1"), order=order, now=now + timedelta(minutes=30))
    services.order_archive(actor=example_user("inspector1"), order=order, now=now + timedelta(minutes=40))
    page = as_user("inspector1").get(reverse("inspections:detail", args=[order.pk])).content.decode()
    # the close step is listed as not possible yet, with why and the clause
    refused = page.split('id="refused-close"')[1].split("</li>")[0]
    assert "还有 1 项整改未验收或移送" in refused and "§2.5(3)" in refused
    response = act(as_user("inspector1"), order, "close", {"confirmed": "on"})
    assert response.status_code == 409
    form = block(response.content.decode(), "action-close")
    assert "还有 1 项整改未验收或移送" in form and "§2.5(3)" in form
    assert status_of(order) == Status.ARCHIVED


def test_arrival_with_one_inspector_present_is_refused_and_the_ticks_are_kept_s2_4_4(as_user, flow, example_user):
    order = flow.prepared()
    one = str(example_user("inspector1").pk)
    response = act(as_user("inspector1"), order, "arrive", {"present": [one], "certificates_shown": "on"}, **HTMX)
    assert response.status_code == 409 and "HX-Redirect" not in response
    form = block(response.content.decode(), "action-arrive")
    assert "现场检查人员不得少于两人。" in form.split('role="alert"')[1].split("</div>")[0]
    assert "§2.4(4)" in form
    assert re.search(rf'value="{one}"[^>]*checked', form)
    assert re.search(r'name="certificates_shown"[^>]*checked', form)
    assert status_of(order) == Status.PREPARED


def test_arrival_without_certificates_shown_is_refused_s2_4_4(as_user, flow, example_user):
    order = flow.prepared()
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    response = act(as_user("inspector1"), order, "arrive", {"present": two})
    assert response.status_code == 409
    assert "检查人员须向客户出示检查证。" in block(response.content.decode(), "action-arrive")
    assert status_of(order) == Status.PREPARED


def test_an_inspector_operating_customer_equipment_is_refused_in_the_form_s2_4_4(as_user, flow):
    order = flow.inspecting()
    typed = {"equipment": "Main switch", "operation": "Switched off", "consent": "on", "consent_by": "Wang",
             "operator_name": "inspector2"}
    response = act(as_user("inspector1"), order, "operation", typed)
    assert response.status_code == 409
    form = block(response.content.decode(), "action-operation")
    assert "检查人员不得代为操作" in form and "§2.4(4)" in form
    assert 'value="Main switch"' in form and 'value="inspector2"' in form
    assert not order.operations.exists()


def test_an_approver_assigned_to_the_order_sees_why_not_and_the_post_is_refused_s2_4_3(as_user, flow):
    order = flow.submitted()
    page = as_user("inspector1").get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="action-approve"' not in page
    refused = page.split('id="refused-approve"')[1].split("</li>")[0]
    assert "§2.4(3)" in refused and "营业所所长审批" in refused
    act(as_user("inspector1"), order, "approve")
    assert status_of(order) == Status.SUBMITTED


def test_a_special_order_offers_no_appointment_s2_4_2(as_user, flow):
    order = flow.approved(kind=Kind.SPECIAL, actor="office_head1", approver="office_head1")
    page = as_user("inspector1").get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="action-appoint"' not in page and 'id="action-prepare"' in page
    refused = page.split('id="refused-appoint"')[1].split("</li>")[0]
    assert "不得预约" in refused and "§2.4(2)" in refused
    assert '<li class=" skipped">' in page  # the appointment struck out of the stage bar


def test_a_draft_with_one_inspector_is_refused_and_then_given_two_s2_4_4(as_user, flow, example_user):
    order = flow.order(inspectors=("inspector1",))
    head = as_user("inspector1")
    page = head.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert "检查须至少两名检查人员" in page.split('id="refused-submit"')[1].split("</li>")[0]
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    assert act(head, order, "assign", {"inspectors": two}).status_code == 303
    assert sorted(order.inspectors.values_list("username", flat=True)) == ["inspector1", "inspector2"]
    assert act(head, order, "submit").status_code == 303
    assert status_of(order) == Status.SUBMITTED


def test_a_draft_is_changed_on_its_page_and_no_more_once_submitted_s2_4_3(as_user, flow):
    order = flow.order()
    client = as_user("inspector1")
    page = client.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert "检查用电安全及计量装置。</textarea>" in block(page, "action-edit")  # filled from the order
    response = act(client, order, "edit", {"purpose": "Check the meter seal.", "planned_date": "2026-10-09",
                                           "support_technical": "on"})
    assert response.status_code == 303
    order.refresh_from_db()
    assert (order.purpose, order.planned_date, order.support_technical) == ("Check the meter seal.",
                                                                            date(2026, 10, 9), True)
    act(client, order, "submit")
    page = client.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="action-edit"' not in page and 'id="action-assign"' not in page


def test_the_order_is_returned_with_a_reason(as_user, flow):
    order = flow.submitted()
    response = act(as_user("office_head1"), order, "return", {"reason": "Add the meter check."})
    assert response.status_code == 303
    assert status_of(order) == Status.DRAFT


def test_a_get_on_an_action_url_is_the_order_page(as_user, flow):
    order = flow.order()
    response = as_user("inspector1").get(reverse("inspections:act", args=[order.pk, "submit"]))
    assert response.status_code == 302 and response.url == reverse("inspections:detail", args=[order.pk])


# -- the rectification loop (§2.5(3)) -------------------------------------------------------------

def test_a_reinspection_not_yet_rectified_keeps_it_open_and_a_rectified_one_accepts_it_s2_5_3(as_user, flow):
    order = flow.inspecting()
    flow.finding(order)
    follow = as_user("inspector2")
    url = reverse("inspections:finding_act", args=[order.pk, 1, "reinspect"])
    assert follow.post(url, {"result": "NOT_YET", "inspected_on": "2026-09-30", "note": "Not done."}).status_code == 303
    assert order.rectifications.get().status == RectificationStatus.OPEN
    assert follow.post(url, {"result": "ACCEPTED", "inspected_on": "2026-09-30"}).status_code == 303
    assert order.rectifications.get().status == RectificationStatus.ACCEPTED
    page = follow.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="finding-1-reinspect"' not in page and "已验收" in page


def test_a_refusal_to_rectify_records_the_referral_and_then_its_outcome_s2_5_3(as_user, flow):
    order = flow.inspecting()
    flow.finding(order)
    follow = as_user("office_head1")
    response = follow.post(reverse("inspections:finding_act", args=[order.pk, 1, "refuse"]),
                           {"recipient": "WORK_SAFETY_BUREAU", "referred_on": "2026-09-30",
                            "documents": "Result notice, photos."})
    assert response.status_code == 303
    rect = order.rectifications.get()
    referral = rect.referrals.get()
    assert (rect.status, referral.recipient, referral.documents) == (
        RectificationStatus.REFUSED, "WORK_SAFETY_BUREAU", "Result notice, photos.")
    page = follow.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="finding-1-outcome"' in page
    follow.post(reverse("inspections:finding_act", args=[order.pk, 1, "outcome"]), {"outcome": "Fined."})
    assert rect.referrals.get().outcome == "Fined."


def test_a_referral_with_a_date_to_come_is_kept_in_its_form(as_user, flow):
    order = flow.inspecting()
    flow.finding(order)
    response = as_user("office_head1").post(reverse("inspections:finding_act", args=[order.pk, 1, "refuse"]),
                                            {"recipient": "WORK_SAFETY_BUREAU", "referred_on": "2026-10-09",
                                             "documents": "Result notice."}, **HTMX)
    assert response.status_code == 400
    form = block(response.content.decode(), "finding-1-refuse")
    assert "报送日期不能晚于今天。" in form and "Result notice.</textarea>" in form
    assert order.rectifications.get().status == RectificationStatus.OPEN


# -- work lists -----------------------------------------------------------------------------------

def test_the_inspector_s_orders_of_today_and_the_empty_lists(as_user, flow, customer):
    inspector = as_user("inspector1")
    page = inspector.get(reverse("inspections:worklist")).content.decode()
    assert 'class="current" aria-current="page">今天的检查' in page and "今天没有安排给您的检查。" in page
    order = flow.approved()
    draft = flow.order(planned_date=date(2026, 9, 30))  # not approved: not work of today
    page = inspector.get(reverse("inspections:worklist")).content.decode()
    assert order.number in page and draft.number not in page
    assert "没有超期未整改的问题。" in inspector.get(reverse("inspections:worklist") + "?list=overdue").content.decode()


def test_the_approver_s_inbox_lists_submitted_orders_and_searches_them(as_user, flow, customer, other_customer):
    order = flow.submitted()
    head = as_user("office_head1")
    page = head.get(reverse("inspections:worklist")).content.decode()
    assert 'aria-current="page">待我审批' in page and order.number in page
    assert order.number in head.get(reverse("inspections:worklist") + "?list=approve&q=1010000").content.decode()
    found = head.get(reverse("inspections:worklist") + "?list=approve&q=JC2099").content.decode()
    assert order.number not in found and "没有符合条件的检查工作单。" in found


def test_the_list_of_everything_visible_is_paged(as_user, flow):
    orders = [flow.order(planned_date=date(2026, 9, 1) + timedelta(days=i % 28)) for i in range(26)]
    client = as_user("inspector2")
    first = client.get(reverse("inspections:worklist") + "?list=all").content.decode()
    second = client.get(reverse("inspections:worklist") + "?list=all&page=2").content.decode()
    assert "共 26 张工作单，按到期时间排列" in first and "第 1 / 2 页" in first
    listed = [n for n in re.findall(r"JC\d{10}", first.split('id="worklist"')[1] + second.split('id="worklist"')[1])]
    assert sorted(listed) == sorted(o.number for o in orders)


def test_overdue_rectifications_are_listed_with_their_order(as_user, flow, now, monkeypatch):
    order = flow.inspecting()
    flow.finding(order, due=date(2026, 10, 8))
    later = now + timedelta(days=10)
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    page = as_user("inspector1").get(reverse("inspections:worklist") + "?list=overdue").content.decode()
    rows = page.split('id="worklist"')[1]
    assert order.number in rows and "2026-10-08" in rows and "已超期" in rows


def test_an_order_out_of_scope_is_not_found(as_user, flow):
    order = flow.order()
    for name in ("inspections:detail", "inspections:site"):
        assert as_user("hall_staff1").get(reverse(name, args=[order.pk])).status_code == 404
    assert as_user("hall_staff1").post(reverse("inspections:act", args=[order.pk, "submit"])).status_code == 404
    assert status_of(order) == Status.DRAFT


# -- plans (§2.5(1)) ------------------------------------------------------------------------------

def test_a_plan_is_made_filled_and_generates_routine_orders_s2_5_1(as_user, org, example_user, customer):
    head = as_user("office_head1")
    response = head.post(reverse("inspections:plan_new"), {"office": org["tf-power-city"].pk, "utility": "POWER",
                                                           "month": "2026-10"})
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspections:plan", args=[plan.pk])
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    response = head.post(reverse("inspections:plan_entry_add", args=[plan.pk]),
                         {"account_number": "1010000001", "planned_date": "2026-10-12", "inspectors": two})
    assert response.status_code == 303
    head.post(reverse("inspections:plan_generate", args=[plan.pk]))
    order = InspectionOrder.objects.get()
    assert (order.kind, order.customer, order.planned_date, order.status) == (
        Kind.ROUTINE, customer, date(2026, 10, 12), Status.DRAFT)
    page = head.get(reverse("inspections:plans") + "?month=2026-10").content.decode()
    cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", page.split('id="completion"')[1].split("</table>")[0])]
    assert cells[1:] == ["电力", "1", "0", "0"]
    assert "export=xlsx" in page.split('id="completion"')[0].rsplit("<section", 1)[1]
    rows = csv_rows(head.get(reverse("inspections:plans"), {"month": "2026-10", "export": "csv"}))
    assert rows == [["营业所", "专业", "计划户数", "已检查", "超期未检"], [org["tf-power-city"].name, "电力", "1", "0", "0"]]
    sheet = xlsx_rows(head.get(reverse("inspections:plans"), {"month": "2026-09", "export": "xlsx"}))
    assert sheet == [("营业所", "专业", "计划户数", "已检查", "超期未检")]  # September has no plan


def test_a_plan_entry_with_one_inspector_is_kept_in_its_form(as_user, org, example_user, customer):
    plan = services.plan_create(actor=example_user("office_head1"), office=org["tf-power-city"], utility="POWER",
                                month_date=date(2026, 10, 1), now=customer.created_at)
    response = as_user("office_head1").post(reverse("inspections:plan_entry_add", args=[plan.pk]), {
        "account_number": "1010000001", "planned_date": "2026-10-12", "inspectors": [example_user("inspector1").pk]})
    assert response.status_code == 400
    form = block(response.content.decode(), "plan-entry")
    assert "每户至少安排两名检查人员。" in form and 'value="1010000001"' in form
    assert not plan.entries.exists()


def test_an_inspector_sees_the_plans_but_may_not_make_one(as_user):
    inspector = as_user("inspector1")
    assert 'id="plan-new"' not in inspector.get(reverse("inspections:plans")).content.decode()
    assert inspector.get(reverse("inspections:plan_new")).status_code == 403


# -- special orders and tip-offs (§2.6(1)) --------------------------------------------------------

def test_a_special_order_is_opened_on_its_page_s2_6_1(as_user, example_user, customer):
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    response = as_user("office_head1").post(reverse("inspections:order_new"), {
        "kind": "SPECIAL", "account_number": "1010000001", "purpose": "Meter data anomaly.",
        "planned_date": "2026-10-02", "inspectors": two, "trigger": "SUSPICION", "suspicion_source": "METER_DATA",
        "support_police": "on"})
    order = InspectionOrder.objects.get()
    assert response.status_code == 302 and response.url == reverse("inspections:detail", args=[order.pk])
    assert (order.kind, order.trigger, order.suspicion_source, order.support_police) == (
        "SPECIAL", "SUSPICION", "METER_DATA", True)


def test_an_order_for_a_customer_out_of_reach_is_refused_in_the_form(as_user, example_user, other_customer):
    response = as_user("inspector1").post(reverse("inspections:order_new"), {
        "kind": "ACCIDENT", "account_number": "1020000001", "purpose": "Accident.",
        "planned_date": "2026-10-02"})
    assert response.status_code == 400
    assert "该客户不在您所在单位的服务范围内。" in response.content.decode()
    assert not InspectionOrder.objects.exists()


def test_the_order_page_says_a_tip_off_and_nothing_of_it_s2_6_1(as_user, flow, example_user, now):
    from utilicase.whistleblowing import services as reports

    report, _code = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now,
                                           content="窃电线索：绕表接线。", reporter_name="举报人甲", confirm=True, now=now)
    order = flow.order(kind=Kind.SPECIAL, actor="office_head1", trigger="TIP_OFF", suspicion_source="")
    services.order_link_tip_off(actor=example_user("discipline1"), order=order, source_type="whistleblowing.report",
                                source_number=report.number, now=now)
    page = as_user("inspector1").get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert 'id="from-tip-off">来自举报</span>' in page
    assert report.number not in page and "绕表接线" not in page and "举报人甲" not in page


def test_discipline_links_the_report_by_number_and_the_order_may_then_be_submitted_s2_6_1(as_user, flow, example_user,
                                                                                        now):
    from utilicase.whistleblowing import services as reports

    report, _code = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now,
                                           content="窃电线索。", confirm=True, now=now)
    order = flow.order(kind=Kind.SPECIAL, actor="office_head1", trigger="TIP_OFF", suspicion_source="")
    head = as_user("office_head1")
    refused = head.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert "须先关联举报或投诉" in refused.split('id="refused-submit"')[1].split("</li>")[0]

    discipline = as_user("discipline1")
    assert "/inspections/tip-off/" in discipline.get(reverse("home")).content.decode()
    response = discipline.post(reverse("inspections:tip_off"), {"order_number": order.number,
                                                                "source_type": "whistleblowing.report",
                                                                "source_number": report.number})
    assert response.status_code == 302
    assert InspectionOrder.objects.get(pk=order.pk).source_number == report.number
    assert as_user("office_head1").post(reverse("inspections:act", args=[order.pk, "submit"])).status_code == 303
    assert status_of(order) == Status.SUBMITTED


def test_a_tip_off_link_to_an_order_out_of_reach_is_refused_in_the_form(as_user, flow):
    order = flow.order()  # routine: no tip-off to link
    response = as_user("discipline1").post(reverse("inspections:tip_off"), {
        "order_number": order.number, "source_type": "whistleblowing.report", "source_number": "JB2026000001"})
    assert response.status_code == 400
    assert "没有这个编号的检查工作单" in response.content.decode()


# -- the on-site page -----------------------------------------------------------------------------

def test_the_on_site_page_offers_the_site_steps_the_camera_and_the_signature_pad(as_user, flow):
    order = flow.prepared()
    page = as_user("inspector1").get(reverse("inspections:site", args=[order.pk])).content.decode()
    assert 'id="action-arrive"' in page and 'id="action-submit"' not in page
    assert f'action="/inspections/{order.pk}/arrive/?from=site"' in page
    assert re.search(r'<input type="file"[^>]*accept="image/\*" capture="environment"', page)
    assert f'action="/evidence/case/inspections.inspectionorder/{order.pk}/new/"' in page
    assert "data-signature-pad" in page and "/static/utilicase/signature-pad.js" in page
    assert "<script>" not in page and 'style="' not in page


def test_an_action_from_the_on_site_page_returns_to_it(as_user, flow, example_user):
    order = flow.prepared()
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    response = as_user("inspector1").post(reverse("inspections:act", args=[order.pk, "arrive"]) + "?from=site",
                                          {"present": two, "certificates_shown": "on"})
    assert response.status_code == 303 and response.url == reverse("inspections:site", args=[order.pk])
    started = as_user("inspector1").post(reverse("inspections:act", args=[order.pk, "inspect"]) + "?from=site", {})
    assert started.status_code == 303 and started.url == reverse("inspections:site", args=[order.pk])
    assert status_of(order) == Status.INSPECTING


def test_the_work_lists_read_in_english(as_user, flow, client):
    flow.submitted()
    client.cookies["django_language"] = "en"
    head = as_user("office_head1")
    page = head.get(reverse("inspections:worklist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-current="page">To approve</a>' in page and "1 order, by planned date" in page
    page = head.get(reverse("inspections:worklist") + "?list=overdue", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No overdue rectifications." in page


def test_every_demo_order_has_its_pages_for_the_demo_users(as_user, org, now):
    from tests.integration.customers.factories import CustomerFactory
    from utilicase.inspections.demo import make_demo_inspections

    for i in range(6):
        CustomerFactory(office=org["tf-power-city"], account_number=f"10100000{i + 10}", name=f"客户{i}")
    made = make_demo_inspections(now=now)
    assert len(made) == 6
    for username in ("inspector1", "inspector2", "office_head1", "enterprise_deputy1"):
        client = as_user(username)
        for tab in ("today", "upcoming", "approve", "overdue", "all"):
            assert client.get(reverse("inspections:worklist") + f"?list={tab}").status_code == 200
        assert client.get(reverse("inspections:plans")).status_code == 200
        for order in made:
            for name in ("inspections:detail", "inspections:site"):
                assert client.get(reverse(name, args=[order.pk])).status_code == 200, (username, order.status)
    overdue = as_user("office_head1").get(reverse("inspections:worklist") + "?list=overdue").content.decode()
    assert made[5].number in overdue.split('id="worklist"')[1]


def test_a_refusal_on_the_on_site_page_is_shown_there_s2_4_4(as_user, flow, example_user):
    order = flow.prepared()
    one = str(example_user("inspector1").pk)
    response = as_user("inspector1").post(reverse("inspections:act", args=[order.pk, "arrive"]) + "?from=site",
                                          {"present": [one], "certificates_shown": "on"}, **HTMX)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'id="site-page"' in page and "现场检查人员不得少于两人。" in block(page, "action-arrive")


def test_a_special_inspection_runs_through_its_pages_unannounced_to_its_end_s2_4_2_s2_6_1(as_user, example_user,
                                                                                         customer):
    two = [str(example_user(u).pk) for u in ("inspector1", "inspector2")]
    head = as_user("office_head1")
    head.post(reverse("inspections:order_new"), {
        "kind": "SPECIAL", "account_number": "1010000001", "purpose": "Line loss far above the feeder's.",
        "planned_date": "2026-09-30", "inspectors": two, "trigger": "SUSPICION", "suspicion_source": "LINE_LOSS"})
    order = InspectionOrder.objects.get()
    assert act(head, order, "submit").status_code == 303
    assert act(head, order, "approve").status_code == 303
    inspector = as_user("inspector1")
    for name, data in [("prepare", {}), ("arrive", {"present": two, "certificates_shown": "on"}), ("inspect", {}),
                       ("finding", {"finding_type": "SUSPECTED_THEFT", "description": "Meter bypassed."}),
                       ("leave", {}), ("archive", {}), ("close", {"confirmed": "on"})]:
        assert act(inspector, order, name, data).status_code == 303, name
    order.refresh_from_db()
    assert order.status == Status.CLOSED and order.appointed_at is None
    page = inspector.get(reverse("inspections:detail", args=[order.pk])).content.decode()
    assert "发现违约用电、窃电嫌疑，须立案查处" in page.split('id="order-facts"')[1].split("</dl>")[0]
    assert "线损分析" in page and "无须整改。" in page
