"""The customer page's history: the customer's complaints, documents and evidence, each section
registered by its own context (customers.history), each listing only records the user may see;
whistleblower reports are never part of it (§6.7(iii): discipline inspection alone sees them)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.integration.complaints.conftest import Flow, ensure_categories
from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints import cases as complaint_cases
from utilicase.complaints.models import Channel
from utilicase.customers import history
from utilicase.customers.history import CaseRef, HistoryRow
from utilicase.documents.models import Document
from utilicase.documents.services import document_create
from utilicase.evidence.services import item_register
from utilicase.org.models import Role
from utilicase.org.services import staff_create, unit_create
from utilicase.whistleblowing.services import report_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(org, example_user, now):
    """王建华's complaints at the company's two halls, a document and an evidence item on each, and
    another customer's complaint with its own document."""
    ensure_categories()
    hall = unit_create(actor=None, name="开发区营业厅", code="tf-hall-dev", kind="HALL", parent=org["tianfu"], now=now)
    staff_create(actor=None, username="hall_staff9", full_name="马丽", role=Role.HALL_STAFF, unit=hall, password=None,
                 now=now)
    flow = Flow(org, example_user, now)
    customer = CustomerFactory(office=org["tf-power-city"], account_number="1010000001", name="王建华")
    other = CustomerFactory(office=org["tf-power-city"], account_number="1010000002", name="李海燕")
    here = flow.receive(customer=customer, content="电费突增，要求核查电表。", started_at=now - timedelta(days=3))
    there = flow.receive(actor="hall_staff9", customer=customer, content="营业厅排队时间过长。",
                         started_at=now - timedelta(days=1))
    elsewhere = flow.receive(customer=other, content="李海燕的投诉。", started_at=now - timedelta(days=2))
    form = {"received_at": "2026-09-27T09:50", "channel": "PHONE", "complainant": "王建华", "complaint": "电费突增"}
    docs = {c.pk: document_create(actor=example_user(actor), case=complaint_cases.info(c), doc_type_code="complaint_form",
                                  content=form, now=now)
            for c, actor in ((here, "hall_staff1"), (there, "hall_staff9"), (elsewhere, "hall_staff1"))}
    items = {c.pk: item_register(actor=example_user(actor), target_type="complaints.complaint", target_id=str(c.pk),
                                 kind="PHOTO", description=f"{c.number} 电表照片", location="石河子市北三路52小区",
                                 now=now)
             for c, actor in ((here, "hall_staff1"), (there, "hall_staff9"))}
    return customer, {"here": here, "there": there, "elsewhere": elsewhere}, docs, items


def customer_page(client, user, customer) -> str:
    client.force_login(user)
    response = client.get(reverse("customers:detail", args=[customer.pk]))
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, key: str) -> str:
    start = page.index(f'<section class="card" id="history-{key}">')
    return page[start:page.index("</section>", start)]


def test_hall_staff_see_their_halls_complaints_and_what_is_on_them(client, example_user, story):
    customer, complaints, docs, items = story
    page = customer_page(client, example_user("hall_staff1"), customer)
    here = complaints["here"]
    shown = section(page, "complaintscomplaint")
    assert f'<a href="/complaints/{here.pk}/">{here.number}</a>' in shown and "电费突增，要求核查电表。" in shown
    assert "已受理" in shown and "2026-09-27 10:00" in shown
    assert complaints["there"].number not in page and complaints["elsewhere"].number not in page
    documents = section(page, "documentsdocument")
    assert f'<a href="/documents/{docs[here.pk].pk}/">未编号</a><br><small>所属案件 {here.number}</small>' in documents
    assert "客户投诉受理单" in documents and "草稿" in documents
    assert f"/documents/{docs[complaints['there'].pk].pk}/" not in page
    assert f"/documents/{docs[complaints['elsewhere'].pk].pk}/" not in page
    evidence = section(page, "evidenceevidenceitem")
    assert f'<a href="/evidence/items/{items[here.pk].pk}/">1</a>' in evidence
    assert f"{here.number} 电表照片" in evidence and "已提取" in evidence
    assert f"/evidence/items/{items[complaints['there'].pk].pk}/" not in page


def test_a_company_deputy_sees_both_halls_newest_first(client, example_user, story):
    customer, complaints, docs, items = story
    page = customer_page(client, example_user("company_deputy1"), customer)
    shown = section(page, "complaintscomplaint")
    assert shown.index(complaints["there"].number) < shown.index(complaints["here"].number)
    assert complaints["elsewhere"].number not in page
    for c in ("here", "there"):
        assert f"/documents/{docs[complaints[c].pk].pk}/" in section(page, "documentsdocument")
        assert f"/evidence/items/{items[complaints[c].pk].pk}/" in section(page, "evidenceevidenceitem")


def test_someone_who_sees_the_customer_but_none_of_its_cases_gets_empty_sections(client, example_user, story):
    customer, complaints, _, _ = story
    page = customer_page(client, example_user("inspector1"), customer)
    for key in ("complaintscomplaint", "documentsdocument", "evidenceevidenceitem"):
        assert "没有您可查看的记录。" in section(page, key)
    assert complaints["here"].number not in page


def test_an_out_of_scope_user_gets_404_not_the_history(client, example_user, org, story):
    customer = story[0]
    heat_office = CustomerFactory(office=org["tf-heat-east"])
    client.force_login(example_user("handler1"))
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 404
    assert client.get(reverse("customers:detail", args=[heat_office.pk])).status_code == 404


def test_a_section_shows_the_newest_rows_and_says_more_exist(client, example_user, monkeypatch, story):
    customer = story[0]
    monkeypatch.setattr(history, "SECTION_LIMIT", 1)
    page = customer_page(client, example_user("company_deputy1"), customer)
    shown = section(page, "complaintscomplaint")
    assert story[1]["there"].number in shown and story[1]["here"].number not in shown
    assert "只列出最近的 1 条。" in shown


def test_a_later_case_type_adds_its_section_by_registering(client, example_user, monkeypatch, story):
    customer = story[0]
    monkeypatch.setattr(history, "SECTIONS", dict(history.SECTIONS))
    history.register_history_section(
        "inspections.inspection", title="用电检查", position=15,
        rows=lambda user, c, limit: [HistoryRow(at=None, number=f"JC-{c.account_number}", title="现场检查",
                                                status="已立案")])
    page = customer_page(client, example_user("inspector1"), customer)
    keys = [k for k in ("complaintscomplaint", "inspectionsinspection", "documentsdocument") if f"history-{k}" in page]
    assert keys == ["complaintscomplaint", "inspectionsinspection", "documentsdocument"]
    assert "JC-1010000001" in section(page, "inspectionsinspection")


def test_section_6_7_iii_whistleblower_reports_are_never_in_a_customers_history(
        client, example_user, monkeypatch, org, now, story):
    customer = story[0]
    report, _ = report_receive(actor=example_user("hall_staff1"), channel=Channel.PHONE, received_at=now,
                               content=f"举报：户号{customer.account_number}的抄表员收受好处。", reporter_name="王建华",
                               now=now)
    report_case = CaseRef("whistleblowing.report", str(report.pk), report.number)
    # A record kept on the report that names the customer (written here directly: no context files one yet).
    document = Document.objects.create(
        target_type=report_case.target_type, target_id=report_case.target_id, doc_type="complaint_form",
        content={"complaint": "举报"}, created_at=now, created_by=example_user("discipline1"), updated_at=now,
        issuer_code="tf-discipline", customer_name=customer.name, customer_account=customer.account_number)
    # Even were reports registered as the customer's cases and as a section, they stay out.
    monkeypatch.setattr(history, "CASE_SOURCES", dict(history.CASE_SOURCES))
    monkeypatch.setattr(history, "SECTIONS", dict(history.SECTIONS))
    history.register_customer_cases("whistleblowing.report", lambda user, c: [report_case])
    history.register_history_section("whistleblowing.report", title="举报", rows=lambda user, c, limit: [
        HistoryRow(at=now, number=report.number, title="举报", status="已受理")])
    deputy = example_user("company_deputy1")
    assert {c.target_type for c in history.customer_cases(deputy, customer)} == {"complaints.complaint"}
    page = customer_page(client, deputy, customer)
    assert report.number not in page and f"/documents/{document.pk}/" not in page
    assert "history-whistleblowingreport" not in page
    # Discipline inspection, who alone sees reports, sits in its own unit (§6.7(iii)(1-6)) and has no
    # customer's page in scope.
    client.force_login(example_user("discipline1"))
    assert client.get(reverse("customers:detail", args=[customer.pk])).status_code == 404


def test_the_history_costs_the_same_queries_however_long_it_is(client, example_user, now, story,
                                                               django_assert_num_queries):
    customer, complaints, _, _ = story
    deputy = example_user("company_deputy1")
    client.force_login(deputy)
    url = reverse("customers:detail", args=[customer.pk])
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    flow = Flow(None, example_user, now)
    for _ in range(5):
        c = flow.receive(customer=customer)
        item_register(actor=example_user("hall_staff1"), target_type="complaints.complaint", target_id=str(c.pk),
                      kind="PHOTO", description="电表照片", location="石河子市北三路52小区", now=now)
    with django_assert_num_queries(len(before.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("/evidence/items/") == 7


def test_the_history_in_english(client, example_user, story):
    customer, complaints, docs, items = story
    client.force_login(example_user("hall_staff1"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("customers:detail", args=[customer.pk])).content.decode()
    here = complaints["here"]
    assert f'<a href="/documents/{docs[here.pk].pk}/">Not numbered</a><br><small>Case {here.number}</small>' in page
    assert "<td>Complaint form</td><td>Draft</td>" in page
    assert f"<td>Photographic evidence (immovable objects): {here.number} 电表照片</td><td>Collected</td>" in page
    client.force_login(example_user("inspector1"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "No records you may see." in client.get(reverse("customers:detail", args=[customer.pk])).content.decode()


def test_the_history_exports_the_rows_the_page_shows_with_their_section(client, example_user, story):
    from tests.integration.web.exports_helpers import csv_rows, xlsx_rows

    customer, complaints, docs, items = story
    client.force_login(example_user("hall_staff1"))
    url = reverse("customers:detail", args=[customer.pk])
    assert "export=xlsx" in client.get(url).content.decode()
    rows = csv_rows(client.get(url, {"export": "csv"}))
    here = complaints["here"]
    assert rows[0] == ["类别", "时间", "编号", "所属案件", "内容", "状态"]
    assert ["投诉", "2026-09-27 10:00:00", here.number, "", "电费突增，要求核查电表。", "已受理"] in rows
    assert [r[3] for r in rows[1:] if r[4] == "客户投诉受理单"] == [here.number]
    numbers = {r[2] for r in rows[1:]} | {r[3] for r in rows[1:]}
    assert complaints["there"].number not in numbers and complaints["elsewhere"].number not in numbers
    assert len(xlsx_rows(client.get(url, {"export": "xlsx"}))) == len(rows)
