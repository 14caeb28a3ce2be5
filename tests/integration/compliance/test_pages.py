"""Compliance by clause as managers read it: the page, its exports (.xlsx read back with openpyxl,
.csv), the PDF (read back with pdftotext), the monthly report of an enterprise (page and command),
who may read which rows, and the whistleblower reports' confidentiality (§6.7(iii)(1-6))."""

import csv
import io
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from tests.integration.compliance.conftest import at
from tests.integration.compliance.test_rules import _admin_id, _field_order
from utilicase.audit.models import AuditEvent
from utilicase.whistleblowing import services as reports

pytestmark = pytest.mark.django_db

SEPT = {"first": "2026-09-01", "last": "2026-09-30"}


def pdf_text(body: bytes, tmp_path) -> str:
    path = tmp_path / "read.pdf"
    path.write_bytes(body)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True,
                          text=True).stdout


@pytest.fixture
def field_orders(org, customers, unit):
    """Four field orders of the power city office that reached the site in September: two on time
    (one by a delay told beforehand), two late; one of a heat office; one of August."""
    power, heat, city = customers["power"], customers["heat"], unit("tf-power-city")
    orders = {
        "on_time": _field_order(power, city, slot_day=10, arrived=at(9, 10, 10, 30)),
        "late": _field_order(power, city, slot_day=11, arrived=at(9, 11, 11, 20), late=20),
        "told": _field_order(power, city, slot_day=12, arrived=at(9, 12, 11, 40), notified=at(9, 12, 8, 30), late=40),
        "told_late": _field_order(power, city, slot_day=13, arrived=at(9, 13, 11, 40), notified=at(9, 13, 9, 30),
                                  late=40),
        "heat": _field_order(heat, unit("tf-heat-east"), slot_day=10, arrived=at(9, 10, 12)),
        "august": _field_order(power, city, slot_day=28, month=8, arrived=at(8, 28, 12)),
    }
    assert _admin_id()
    return orders


def _query(unit, **extra):
    return {"unit": unit.pk, **SEPT, **extra}


def _row(html: str, key: str) -> str:
    start = html.index(f'data-rule="{key}"')
    return html[start:html.index("</tr>", start)]


def test_the_table_shows_each_clause_with_its_figures(as_user, field_orders, unit):
    response = as_user("office_head1").get(reverse("compliance:table"), _query(unit("tf-power-city")))
    assert response.status_code == 200
    html = response.content.decode()
    row = _row(html, "fieldwork.punctuality")
    assert "§4.4(3)" in row
    cells = [c.split(">", 1)[1].split("<")[0].strip() for c in row.split("<td")[1:]]
    assert cells[2:4] == ["4", "2"]  # subject, complied
    assert ">2</a>" in cells[4] or "2" in row.split("<td")[5]
    assert cells[6] == "50.0%"
    for clause in ("§1.2(1)", "§1.2(2)", "§2.4(3)", "§2.4(4)", "§2.7(4)", "§6.6(6)", "§6.6(8)"):
        assert clause in html
    assert "§6.7(iii)(7)" not in html


def test_the_exceptions_list_names_exactly_the_late_orders_with_links(as_user, field_orders, unit):
    url = reverse("compliance:exceptions", args=["fieldwork.punctuality"])
    response = as_user("office_head1").get(url, _query(unit("tf-power-city")))
    html = response.content.decode()
    for name in ("late", "told_late"):
        order = field_orders[name]
        assert f'href="{reverse("fieldwork:detail", args=[order.pk])}"' in html
        assert order.number in html
    for name in ("on_time", "told", "heat", "august"):
        assert f'>{field_orders[name].number}<' not in html


def test_the_table_and_the_exceptions_as_excel_and_csv(as_user, field_orders, unit):
    client = as_user("enterprise_deputy1")
    response = client.get(reverse("compliance:table"), _query(unit("tf-power"), export="xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["条款", "事项", "适用件数", "已履行", "例外", "未到期", "履行率"]
    punctuality = next(r for r in rows if r[0] == "§4.4(3)" and r[1] == "按预约时间到达现场")
    assert punctuality[2:] == [4, 2, 2, 0, "50.0%"]

    url = reverse("compliance:exceptions", args=["fieldwork.punctuality"])
    response = client.get(url, _query(unit("tf-power"), export="csv"))
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0][:3] == ["案件编号", "客户或来人", "原因"]
    assert sorted(r[0] for r in table[1:]) == sorted([field_orders["late"].number, field_orders["told_late"].number])
    assert {r[2] for r in table[1:]} == {"逾期完成"}


def test_the_report_as_pdf_carries_the_clauses_and_figures(as_user, field_orders, unit, tmp_path):
    response = as_user("office_head1").get(reverse("compliance:report_pdf"), _query(unit("tf-power-city")))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "条款执行情况" in text
    line = next(ln for ln in text.splitlines() if "§4.4(3)" in ln and "按预约时间到达现场" in ln)
    assert line.split()[-5:] == ["4", "2", "2", "0", "50.0%"]
    assert field_orders["late"].number in text and field_orders["told_late"].number in text
    assert field_orders["on_time"].number not in text


def test_the_monthly_report_of_an_enterprise(as_user, field_orders, tmp_path):
    response = as_user("enterprise_deputy1").get(reverse("compliance:monthly", args=["tf-power", "2026-09"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "企业月报" in text and "2026-09-01" in text and "2026-09-30" in text
    counts = next(ln for ln in text.splitlines() if ln.strip().startswith("现场服务"))
    assert counts.split()[1:] == ["4", "0"]  # opened in September (created 8:00 on the slot day), none completed
    assert "§4.4(3)" in text
    # Another enterprise is out of the deputy's scope; a month that is not one is no page.
    assert as_user("enterprise_deputy1").get(reverse("compliance:monthly", args=["tf-heat", "2026-09"])).status_code == 404
    assert as_user("enterprise_deputy1").get(reverse("compliance:monthly", args=["tf-power", "2026-13"])).status_code == 404
    form = as_user("enterprise_deputy1").get(reverse("compliance:monthly_pick"), {"enterprise": "tf-power",
                                                                                 "month": "2026-09"})
    assert form["Location"] == reverse("compliance:monthly", args=["tf-power", "2026-09"])


def test_the_monthly_command_writes_the_pdf_in_the_operator_language(field_orders, tmp_path):
    out = tmp_path / "monthly.pdf"
    call_command("compliance", "monthly", "--enterprise", "tf-power", "--month", "2026-09", "--out", str(out),
                 "--lang", "en", stdout=io.StringIO())
    text = pdf_text(out.read_bytes(), tmp_path)
    assert "Monthly report" in text and "§4.4(3)" in text
    line = next(ln for ln in text.splitlines() if "§4.4(3)" in ln and "50.0%" in ln)
    assert line.split()[-5:] == ["4", "2", "2", "0", "50.0%"]


def test_who_may_read_compliance(as_user, org, unit):
    url = reverse("compliance:table")
    for username in ("inspector1", "field_worker1", "hall_staff1", "handler1"):
        assert as_user(username).get(url).status_code == 404, username
    # A unit outside the reader's scope is not offered and not read.
    response = as_user("office_head1").get(url, _query(unit("tf-heat-east")))
    assert response.status_code == 200 and "data-rule" not in response.content.decode()
    # The hall head reads the complaint rows only.
    html = as_user("hall_head1").get(url).content.decode()
    assert "§6.6(6)" in html and "§6.6(8)" in html
    assert "§1.2(2)" not in html and "§4.4(3)" not in html


@pytest.fixture
def overdue_report(org, example_user):
    report, _secret = reports.report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=at(9, 1),
                                            content="A bribe was paid.", now=at(9, 1))
    return report


def test_report_rows_and_numbers_only_for_discipline_inspection(as_user, overdue_report, unit, tmp_path):
    company = _query(unit("tianfu"))
    assert as_user("admin").get(reverse("compliance:table"), company).status_code == 404  # reference data only
    for username in ("company_deputy1",):
        client = as_user(username)
        html = client.get(reverse("compliance:table"), company).content.decode()
        assert "§6.7(iii)(7)" not in html and overdue_report.number not in html
        sheet = client.get(reverse("compliance:table"), {**company, "export": "xlsx"}).content
        rows = list(load_workbook(io.BytesIO(sheet)).active.iter_rows(values_only=True))
        assert not [r for r in rows if r[0] == "§6.7(iii)(7)"]
        text = pdf_text(client.get(reverse("compliance:report_pdf"), company).content, tmp_path)
        assert "§6.7(iii)(7)" not in text and overdue_report.number not in text
        for key in ("whistleblowing.reply_rate", "deadline:report.reply"):
            assert client.get(reverse("compliance:exceptions", args=[key]), company).status_code == 404
        monthly = pdf_text(client.get(reverse("compliance:monthly", args=["tianfu", "2026-09"])).content, tmp_path)
        assert "§6.7(iii)(7)" not in monthly and "举报" not in monthly

    discipline = as_user("discipline1")
    own = _query(unit("tf-discipline"))
    html = discipline.get(reverse("compliance:table"), own).content.decode()
    row = _row(html, "whistleblowing.reply_rate")
    assert "§6.7(iii)(7)" in row
    assert "§4.4(3)" not in html  # discipline inspection reads the report rows alone
    listed = discipline.get(reverse("compliance:exceptions", args=["whistleblowing.reply_rate"]), own).content.decode()
    assert overdue_report.number in listed
    # The report numbers leaving as a file leave an audit event, as an export of the list does.
    exported = AuditEvent.objects.filter(action="whistleblowing.report.exported")
    assert not exported.exists()
    sheet = discipline.get(reverse("compliance:exceptions", args=["whistleblowing.reply_rate"]), {**own, "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [overdue_report.number]
    assert [e.after["count"] for e in exported] == [1]
    text = pdf_text(discipline.get(reverse("compliance:report_pdf"), own).content, tmp_path)
    assert overdue_report.number in text
    assert exported.all().count() == 3  # the reply rate's exception and the reply deadline's
