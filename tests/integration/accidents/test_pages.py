"""The accident investigation pages (§2.7): the work list of open cases by their next deadline,
a customer's report taken through its page, every action of a case taken through the case page,
refusals kept in their form beside the clause, and what the case page shows (facts, the four
don't-let-go items with their records, other damage, links to documents, evidence and billing)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.integration.customers.factories import CustomerFactory
from tests.integration.documents.conftest import ink_png
from utilicase.accidents import services
from utilicase.accidents.models import AccidentCase, Item, Status
from utilicase.core.cases import case_for
from utilicase.documents.services import document_create, document_issue, document_sign
from utilicase.documents.serving import service_record

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TYPE = "accidents.accidentcase"


@pytest.fixture(autouse=True)
def clock(monkeypatch, now):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


@pytest.fixture
def customer(org):
    return CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华",
                           address="北京路 12 号", contact_phone="13912345678")


@pytest.fixture
def opened(example_user, customer, now):
    def make(**kwargs):
        return services.case_open(actor=example_user("inspector1"), customer=customer,
                                  description=kwargs.pop("description", "配电室开关柜短路跳闸。"),
                                  reported_at=kwargs.pop("reported_at", now - timedelta(hours=3)),
                                  reported_by_name="王电工", supply_interrupted=True,
                                  inspectors=[example_user("inspector1"), example_user("inspector2")],
                                  now=kwargs.pop("at", now - timedelta(hours=3)))
    return make


def on_site(case, example_user, now):
    return services.case_arrive(actor=example_user("inspector1"), case=case, dispatched_at=now - timedelta(hours=3),
                                arrived_at=now - timedelta(hours=2, minutes=30), identity_shown=True,
                                witness_name="李见证", now=now - timedelta(hours=2))


def ended(case, example_user, now):
    case = on_site(case, example_user, now)
    case = services.case_record_cause(actor=example_user("inspector1"), case=case, cause="电缆绝缘老化击穿。",
                                      now=now - timedelta(hours=1))
    return services.case_end_investigation(actor=example_user("inspector1"), case=case, now=now - timedelta(minutes=30))


def all_items(case, example_user, now):
    for item in Item.values:
        services.item_record(actor=example_user("inspector1"), case=case, item=item, record=f"已落实：{item}",
                             now=now - timedelta(minutes=20))


def serve(case, example_user, doc_type, now, **content):
    """A document of the case drafted from the case, signed, issued and signed for by the customer."""
    actor = example_user("inspector1")
    _, info = case_for(actor, TYPE, str(case.pk))
    from utilicase.accidents.cases import DOCUMENTS

    document = document_create(actor=actor, case=info, doc_type_code=doc_type, now=now,
                               content={**DOCUMENTS[doc_type].prefill(AccidentCase.objects.get(pk=case.pk)), **content})
    document_sign(actor=actor, document=document, signer_role="INSPECTOR", signer_name="检查员", png=ink_png(), now=now)
    document = document_issue(actor=actor, document=document, now=now)
    service_record(actor=actor, document=document, method="SIGNED", signer_name="王建华",
                   customer_signature=ink_png(3), now=now)
    return document


def act(client, case, name, data=None, **extra):
    return client.post(reverse("accidents:act", args=[case.pk, name]), data or {}, **extra)


def page(client, case) -> str:
    return client.get(reverse("accidents:detail", args=[case.pk])).content.decode()


def block(html: str, block_id: str) -> str:
    return html.split(f'id="{block_id}"')[1].split("</form>")[0]


def fresh(case) -> AccidentCase:
    return AccidentCase.objects.get(pk=case.pk)


# -- the report and the work list ------------------------------------------------------------------

def test_a_customer_report_is_taken_on_its_page_and_opens_the_case_s2_7_2(as_user, customer, example_user):
    client = as_user("inspector1")
    response = client.post(reverse("accidents:new"), {
        "account_number": "1010000001", "reported_at": "2026-09-30T08:15", "reported_by_name": "王电工",
        "description": "开关柜冒烟跳闸。", "supply_interrupted": "on",
        "inspectors": [example_user("inspector1").pk, example_user("inspector2").pk]})
    case = AccidentCase.objects.get()
    assert response.status_code == 302 and response.url == reverse("accidents:detail", args=[case.pk])
    assert (case.status, case.customer_id, case.reported_by_name, case.description) == (
        Status.REPORTED, customer.pk, "王电工", "开关柜冒烟跳闸。")
    assert f"{case.reported_at:%H:%M}" == "00:15"  # 08:15 Asia/Shanghai kept as UTC
    html = page(client, case)
    assert "2026-09-30 08:15 · 王电工" in html and 'id="action-arrive"' in html


def test_a_report_for_a_customer_out_of_the_unit_is_refused_in_the_form(as_user, org):
    CustomerFactory(office=org["tf-power-dev"], account_number="1020000001", name="开发区客户")
    response = as_user("inspector1").post(reverse("accidents:new"), {
        "account_number": "1020000001", "reported_at": "2026-09-30T08:15", "description": "跳闸。"})
    assert response.status_code == 400
    assert "您所在单位没有这个户号的客户。" in response.content.decode()
    assert not AccidentCase.objects.exists()


def test_the_work_list_shows_open_cases_soonest_due_first_s2_7_4(as_user, opened, example_user, now):
    waiting = opened(description="无期限。")
    due = ended(opened(description="已结束调查。"), example_user, now)
    closed_case = opened(description="已结案。")
    AccidentCase.objects.filter(pk=closed_case.pk).update(status=Status.CLOSED)
    html = as_user("inspector1").get(reverse("accidents:worklist")).content.decode()
    listed = re.findall(r'href="/accidents/(\d+)/"', html)
    assert listed == [str(due.pk), str(waiting.pk)]
    # the report is due within 5 working days of the end of the investigation: 2026-10-09 is a working day
    # after the National Day holiday (the 1st to the 8th of October)
    assert fresh(due).next_due_at is not None and "2026-10-" in html
    everything = as_user("inspector1").get(reverse("accidents:worklist") + "?all=on").content.decode()
    assert str(closed_case.pk) in re.findall(r'href="/accidents/(\d+)/"', everything)


def test_a_case_out_of_scope_is_not_found(as_user, opened):
    case = opened()
    assert as_user("hall_staff1").get(reverse("accidents:detail", args=[case.pk])).status_code == 404


# -- every action through the case page ----------------------------------------------------------

def test_a_case_is_taken_from_arrival_to_closing_on_its_page(as_user, opened, example_user, now):
    case = opened()
    inspector = as_user("inspector1")
    assert act(inspector, case, "arrive", {"dispatched_at": "2026-09-30T07:05", "arrived_at": "2026-09-30T07:30",
                                           "identity_shown": "on", "witness_name": "李见证"}).status_code == 303
    assert act(inspector, case, "entry", {"at": "2026-09-30T07:40", "text": "客户电工断开进线开关。",
                                          "operated_by": "王电工"}).status_code == 303
    assert act(inspector, case, "cause", {"cause": "电缆绝缘老化击穿。"}).status_code == 303
    assert act(inspector, case, "end").status_code == 303
    assert act(inspector, case, "cause_removed", {"note": "已更换电缆并试验合格。"}).status_code == 303
    assert act(inspector, case, "restore", {"restored_at": "2026-09-30T10:00"}).status_code == 303
    for item in Item.values:
        assert act(inspector, case, "item", {"item": item, "record": f"记录 {item}"}).status_code == 303
    assert act(inspector, case, "damage", {"description": "邻户电器损坏。", "assessment": "维修报价。",
                                           "assessed_amount": "350.50"}).status_code == 303
    serve(case, example_user, "accident_report", now)
    assert act(inspector, case, "file_report", {"countermeasures": "定期巡视电缆。"}).status_code == 303
    serve(case, example_user, "accident_result_notice", now, rectification_date="2026-10-20")
    assert act(inspector, case, "issue_notice", {"rectification_date": "2026-10-20"}).status_code == 303
    assert act(inspector, case, "reinspect", {"note": "已整改。"}).status_code == 303
    assert act(as_user("office_head1"), case, "close", {"note": "结案。", "confirmed": "on"}).status_code == 303

    case = fresh(case)
    assert (case.status, case.witness_name, case.cause, case.countermeasures, case.rectification_date.isoformat()) == (
        Status.CLOSED, "李见证", "电缆绝缘老化击穿。", "定期巡视电缆。", "2026-10-20")
    assert case.entries.get().operated_by == "王电工"
    assert sorted(case.items.values_list("record", flat=True)) == sorted(f"记录 {i}" for i in Item.values)
    assert str(case.damages.get().assessed_amount) == "350.50"
    html = page(as_user("office_head1"), case)
    assert "邻户电器损坏。" in html and "350.50" in html and "定期巡视电缆。" in html
    assert html.count('class="done"') == 4 and "您现在没有可办理的事项。" in html


def test_an_entry_where_an_inspector_operated_customer_equipment_is_refused_in_its_form_s2_7_1(
        as_user, opened, example_user, now):
    case = on_site(opened(), example_user, now)
    typed = {"at": "2026-09-30T09:40", "text": "检查员拉开了进线开关。", "operated_by": "",
             "inspector_operated_equipment": "on"}
    response = act(as_user("inspector1"), case, "entry", typed, **HTMX)
    assert response.status_code == 409 and "HX-Redirect" not in response
    form = block(response.content.decode(), "action-entry")
    assert "检查人员不得操作客户设备" in form and "§2.7(1)" in form
    assert "检查员拉开了进线开关。" in form and re.search(r'name="inspector_operated_equipment"[^>]*checked', form)
    assert not case.entries.exists()


def test_arrival_without_the_customer_s_witness_is_refused_s2_7_1(as_user, opened):
    case = opened()
    response = act(as_user("inspector1"), case, "arrive", {
        "dispatched_at": "2026-09-30T07:05", "arrived_at": "2026-09-30T07:30", "identity_shown": "on"})
    assert response.status_code == 409
    form = block(response.content.decode(), "action-arrive")
    assert "见证人" in form and "§2.7(1)" in form
    assert fresh(case).status == Status.REPORTED


def test_arrival_without_identity_shown_is_refused_s2_7_2(as_user, opened):
    case = opened()
    response = act(as_user("inspector1"), case, "arrive", {
        "dispatched_at": "2026-09-30T07:05", "arrived_at": "2026-09-30T07:30", "witness_name": "李见证"})
    assert response.status_code == 409
    form = block(response.content.decode(), "action-arrive")
    assert "出示证件" in form and "§2.7(2)" in form and 'value="李见证"' in form
    assert fresh(case).status == Status.REPORTED


def test_restoration_before_the_cause_is_removed_is_shown_refused_with_its_clause_s2_7_2(
        as_user, opened, example_user, now):
    case = ended(opened(), example_user, now)
    html = page(as_user("inspector1"), case)
    refused = html.split('id="refused-restore"')[1].split("</li>")[0]
    assert "确认事故原因已消除后才能恢复供电" in refused and "§2.7(2)" in refused
    response = act(as_user("inspector1"), case, "restore", {"restored_at": "2026-09-30T09:50"})
    assert response.status_code in (303, 409)
    assert fresh(case).restored_at is None


def test_the_report_is_refused_while_a_dont_let_go_item_is_open_s2_7_4(as_user, opened, example_user, now):
    case = ended(opened(), example_user, now)
    services.item_record(actor=example_user("inspector1"), case=case, item=Item.CAUSE_FOUND, record="查清。",
                         now=now - timedelta(minutes=10))
    html = page(as_user("inspector1"), case)
    assert html.split('id="item-cause_found"')[1].split("</li>")[0].count("查清。") == 1
    assert 'id="item-people_educated" class="open"' in html
    refused = html.split('id="refused-file_report"')[1].split("</li>")[0]
    assert "尚有 3 项未落实" in refused and "§2.7(4)" in refused
    assert fresh(case).status == Status.INVESTIGATED


def test_closing_with_supply_not_restored_is_refused_in_its_form_s2_7_2(as_user, opened, example_user, now):
    case = ended(opened(), example_user, now)
    all_items(case, example_user, now)
    serve(case, example_user, "accident_report", now)
    services.case_file_report(actor=example_user("inspector1"), case=case, countermeasures="", now=now)
    html = page(as_user("office_head1"), case)
    refused = html.split('id="refused-close"')[1].split("</li>")[0]
    assert "尚未恢复供电，不能结案。" in refused and "§2.7(2)" in refused
    response = act(as_user("office_head1"), case, "close", {"confirmed": "on"})
    assert response.status_code in (303, 409)
    assert fresh(case).status == Status.REPORT_FILED


def test_a_refusal_to_rectify_is_referred_to_company_management_on_the_page_s2_7_6(
        as_user, opened, example_user, now):
    case = ended(opened(), example_user, now)
    all_items(case, example_user, now)
    serve(case, example_user, "accident_report", now)
    services.case_file_report(actor=example_user("inspector1"), case=case, countermeasures="", now=now)
    serve(case, example_user, "accident_result_notice", now, rectification_date="2026-10-20",
          rectification="更换电缆。")
    inspector = as_user("inspector1")
    assert act(inspector, case, "issue_notice", {"rectification_date": "2026-10-20"}).status_code == 303
    # referral before the refusal is recorded: shown refused with its clause, and the post refused
    html = page(inspector, case)
    refused = html.split('id="refused-refer"')[1].split("</li>")[0]
    assert "只有客户拒不整改时才报公司管理部门" in refused and "§2.7(6)" in refused
    assert act(inspector, case, "refer", {"note": "提前上报。"}).status_code in (303, 409)
    assert fresh(case).status == Status.NOTICE_ISSUED
    assert act(inspector, case, "refusal", {"note": "客户拒绝更换电缆。"}).status_code == 303
    assert act(inspector, case, "refer", {"note": "已报公司安监部。"}).status_code == 303
    case = fresh(case)
    assert (case.status, case.refusal_note, case.referral_note) == (Status.REFERRED, "客户拒绝更换电缆。", "已报公司安监部。")


def test_the_case_page_links_documents_evidence_and_billing_and_shows_the_timeline(as_user, opened, example_user,
                                                                                   now):
    case = on_site(opened(), example_user, now)
    html = page(as_user("inspector1"), case)
    assert f'href="/documents/case/{TYPE}/{case.pk}/"' in html
    assert f'href="/evidence/{TYPE}/{case.pk}/"' in html or "case-evidence" in html
    assert f'href="/billing/case/{TYPE}/{case.pk}/"' in html
    assert "?type=survey_record" in html and "?type=accident_report" not in html
    assert html.count('<li>\n    <time') >= 2  # opened, arrived


def test_an_action_url_answers_a_get_with_the_case_page(as_user, opened):
    case = opened()
    response = as_user("inspector1").get(reverse("accidents:act", args=[case.pk, "arrive"]))
    assert response.status_code == 302 and response.url == reverse("accidents:detail", args=[case.pk])


# -- compensation (§2.7(5)) ----------------------------------------------------------------------

def test_compensation_is_calculated_and_charged_on_the_page_with_its_lines_s2_7_5(
        as_user, opened, example_user, customer, now):
    from datetime import date

    from utilicase.billing.models import Receivable
    from utilicase.customers.models import MonthlyAveragePrice

    MonthlyAveragePrice.objects.create(enterprise=customer.enterprise, month_date=date(2026, 8, 1),
                                       price="0.5500")
    case = ended(opened(), example_user, now)
    inspector = as_user("inspector1")
    # 40 minutes count as one hour: 200 kWh/h × 1 h = 200 kWh; × 0.55 yuan/kWh (August) = 110.00 yuan
    response = act(inspector, case, "compensate", {"outage_minutes": "40", "interrupted_rate_per_hour": "200",
                                                   "month": "2026-09"})
    assert response.status_code == 303, re.findall(r'role="alert">([^<]*)', response.content.decode())
    assert str(fresh(case).compensation) == "110.00"
    html = page(inspector, case)
    table = html.split('id="compensation-1"')[1].split("</table>")[0]
    assert "不足 1 小时按 1 小时计" in table and "= 200 kWh" in table and "2026-08" in table and "110.00" in table
    assert 'id="action-charge"' in html
    assert act(inspector, case, "charge", {"due_date": "2026-10-20", "confirmed": "on"}).status_code == 303
    receivable = Receivable.objects.get(target_type=TYPE, target_id=str(case.pk))
    assert (receivable.fee_type, str(receivable.amount)) == ("COMPENSATION", "110.00")
    html = page(inspector, case)
    assert 'id="compensation-receivable-1">' in html and 'id="action-charge"' not in html


def test_compensation_without_last_month_s_price_is_refused_beside_its_field_s2_7_5(as_user, opened, example_user,
                                                                                     now):
    case = ended(opened(), example_user, now)
    response = act(as_user("inspector1"), case, "compensate", {"outage_minutes": "90",
                                                               "interrupted_rate_per_hour": "200", "month": "2026-09"})
    assert response.status_code == 400
    form = block(response.content.decode(), "action-compensate")
    assert "没有 2026-08 的" in form and 'value="90"' in form
    assert fresh(case).compensation_calculated_at is None


@pytest.mark.parametrize(("minutes", "rate", "reason"), [
    ("1" + "0" * 400, "200", "不超过 527040 的数"), ("90", "1e308", "不超过 14 个数字"), ("90", "NaN", "输入一个数字"),
    ("-5", "200", "大于或等于1"), ("90", "-Infinity", "输入一个数字")])
def test_absurd_numbers_in_the_compensation_form_are_refused_with_the_reason_s2_7_5(
        as_user, opened, example_user, now, minutes, rate, reason):
    from datetime import date

    from utilicase.customers.models import MonthlyAveragePrice

    case = ended(opened(), example_user, now)
    MonthlyAveragePrice.objects.create(enterprise=case.customer.enterprise, month_date=date(2026, 8, 1),
                                       price="0.5500")
    response = act(as_user("inspector1"), case, "compensate", {"outage_minutes": minutes,
                                                               "interrupted_rate_per_hour": rate, "month": "2026-09"})
    assert response.status_code == 400
    form = block(response.content.decode(), "action-compensate")
    assert [a for a in re.findall(r'role="alert">([^<]*)', form) if reason in a] != []
    assert (fresh(case).compensation_calculated_at, fresh(case).compensation_result) == (None, {})


def test_the_work_list_puts_a_rectification_due_before_a_case_without_a_deadline_s2_7_6(
        as_user, opened, example_user, now):
    waiting = opened(description="无期限。")
    notice = ended(opened(description="已送达通知书。"), example_user, now)
    all_items(notice, example_user, now)
    serve(notice, example_user, "accident_report", now)
    services.case_file_report(actor=example_user("inspector1"), case=notice, countermeasures="巡视。", now=now)
    serve(notice, example_user, "accident_result_notice", now, rectification_date="2026-10-20")
    services.case_issue_notice(actor=example_user("inspector1"), case=notice,
                               rectification_date=now.date() + timedelta(days=20), now=now)
    html = as_user("inspector1").get(reverse("accidents:worklist")).content.decode()
    assert re.findall(r'href="/accidents/(\d+)/"', html) == [str(notice.pk), str(waiting.pk)]
    row = html.split(f'href="/accidents/{notice.pk}/"')[1].split("</tr>")[0]
    assert "2026-10-20" in row and "已超期" not in row


def test_only_the_units_that_serve_customers_take_accident_reports(as_user):
    assert as_user("hall_staff1").get(reverse("accidents:new")).status_code == 403
    assert as_user("inspector1").get(reverse("accidents:new")).status_code == 200
