"""KPIs per unit and month on a constructed set (§6.6(8)): the selector, the JSON and the page."""

import csv
import io
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint
from utilicase.complaints.selectors import complaint_kpis

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


@pytest.fixture
def september(flow):
    """Marketing: A replied in 24 h (on time), B in 216 h (late: due 09-08 24:00), C unanswered
    (due 09-09 24:00, overdue on 09-30). The hall: D, an opinion-book complaint the head answered
    in 2 h; E, never routed nor answered (due 09-11 24:00). F was accepted in August."""

    def routed(started: str, **kwargs):
        c = flow.receive(started_at=at(started), minutes=0, **kwargs)
        flow.complete_form(c, at=at(started) + timedelta(minutes=5))
        if c.channel != Channel.OPINION_BOOK:
            flow.confirm(c, at=at(started) + timedelta(minutes=6))
        flow.assess(c, at=at(started) + timedelta(minutes=7))
        return c

    a = routed("2026-09-01T10:00")
    flow.route(a, at=at("2026-09-01T10:10"))
    flow.reply(a, at=at("2026-09-02T10:00"))
    b = routed("2026-09-01T11:00")
    flow.route(b, at=at("2026-09-01T11:10"))
    flow.reply(b, at=at("2026-09-10T11:00"))
    c = routed("2026-09-02T09:00")
    flow.route(c, at=at("2026-09-02T09:10"))
    d = routed("2026-09-03T10:00", channel=Channel.OPINION_BOOK)
    flow.route(d, unit="tf-hall", handler=None, at=at("2026-09-03T10:10"))
    flow.reply(d, actor="hall_head1", at=at("2026-09-03T12:00"))
    flow.receive(started_at=at("2026-09-04T10:00"), minutes=0)
    f = routed("2026-08-31T10:00")
    flow.route(f, at=at("2026-08-31T10:10"))
    flow.reply(f, at=at("2026-08-31T11:00"))


def test_kpis_per_unit_for_the_month_s6_6_8(september, example_user, now):
    table = complaint_kpis(user=example_user("company_deputy1"), month_date=now.date().replace(day=1), now=now)
    rows = {unit.code: figures for unit, figures in table.rows}
    assert list(rows) == ["tf-power-marketing", "tf-hall"]  # the organisation's order (the hall was made last)
    marketing, hall = rows["tf-power-marketing"], rows["tf-hall"]
    assert (marketing.received, marketing.replied, marketing.replied_on_time, marketing.overdue_now) == (3, 2, 1, 1)
    assert (marketing.reply_rate, marketing.on_time_rate, marketing.median_hours_to_reply) == (0.6667, 0.3333, 120.0)
    assert (hall.received, hall.replied, hall.replied_on_time, hall.overdue_now) == (2, 1, 1, 1)
    assert (hall.reply_rate, hall.on_time_rate, hall.median_hours_to_reply) == (0.5, 0.5, 2.0)
    total = table.total
    assert (total.received, total.replied, total.replied_on_time, total.overdue_now) == (5, 3, 2, 2)
    assert (total.reply_rate, total.on_time_rate, total.median_hours_to_reply) == (0.6, 0.4, 24.0)


def test_kpis_are_limited_to_what_the_user_sees(september, example_user, now):
    table = complaint_kpis(user=example_user("handler1"), month_date=now.date(), now=now)
    assert [(u.code, f.received) for u, f in table.rows] == [("tf-power-marketing", 3)]
    assert complaint_kpis(user=example_user("inspector1"), month_date=now.date(), now=now).rows == []


def test_august_is_its_own_month(september, example_user, now):
    table = complaint_kpis(user=example_user("company_deputy1"), month_date=now.date().replace(month=8), now=now)
    assert [(u.code, f.received, f.replied_on_time, f.median_hours_to_reply) for u, f in table.rows] == [
        ("tf-power-marketing", 1, 1, 1.0)]


def test_kpis_as_json(september, client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    body = client.get("/api/v1/complaints/kpis", {"month": "2026-09"}).json()
    assert body["month"] == "2026-09"
    assert body["units"][0] == {"unit": {"code": "tf-power-marketing", "name": "供电公司营销部"}, "received": 3,
                                "replied": 2, "reply_rate": 0.6667, "replied_on_time": 1, "on_time_rate": 0.3333,
                                "median_hours_to_reply": 120.0, "overdue_now": 1,
                                "visited": 0, "satisfied": 0, "satisfaction_rate": None}
    assert body["total"]["reply_rate"] == 0.6 and body["total"]["overdue_now"] == 2
    assert client.get("/api/v1/complaints/kpis", {"month": "2026-13"}).status_code == 422
    assert client.get("/api/v1/complaints/kpis").json()["month"] == "2026-09"


def test_kpi_page(september, client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    page = client.get("/complaints/kpis/", {"month": "2026-09"}).content.decode()
    assert "投诉指标 2026-09" in page
    assert "供电公司营销部" in page and "66.7%" in page and "33.3%" in page and "120.0" in page
    assert "天富客户服务营业厅" in page and "50.0%" in page and "60.0%" in page and "40.0%" in page
    empty = client.get("/complaints/kpis/", {"month": "2026-07"}).content.decode()
    assert "该月没有您可见的投诉" in empty


@pytest.fixture
def july(flow, example_user):
    """Routing in July (§6.6(6)), form completed → first routing: A 5 min, B 30 min, C 25 min
    (an opinion-book complaint the hall head passed on a day later: its first routing counts),
    and an anonymous opinion-box complaint D routed after 10 min; E never routed."""

    def routed(started: str, route_after: int, **kwargs):
        c = flow.receive(started_at=at(started), minutes=0, **kwargs)
        flow.complete_form(c, at=at(started) + timedelta(minutes=5))
        if c.channel in (Channel.PHONE, Channel.VISIT):
            flow.confirm(c, at=at(started) + timedelta(minutes=6))
        flow.assess(c, at=at(started) + timedelta(minutes=5))
        book = c.channel == Channel.OPINION_BOOK
        flow.route(c, unit="tf-hall" if book else "tf-power-marketing", handler=None if book else "handler1",
                   at=at(started) + timedelta(minutes=5 + route_after))
        return c

    routed("2026-07-01T10:00", 5)
    routed("2026-07-02T10:00", 30)
    c = routed("2026-07-03T10:00", 25, channel=Channel.OPINION_BOOK)
    services.complaint_route(actor=example_user("hall_head1"), complaint=c, unit=flow.org["tf-power-marketing"],
                             reason="需核查电表", now=at("2026-07-04T10:00"))
    routed("2026-07-06T10:00", 10, channel=Channel.OPINION_BOX, contact_name="", contact_phone="", no_contact=True)
    flow.receive(started_at=at("2026-07-07T10:00"), minutes=0)


def test_time_from_form_to_first_routing_per_hall_s6_6_6(july, example_user, now):
    table = complaint_kpis(user=example_user("company_deputy1"), month_date=at("2026-07-01T00:00").date(), now=now)
    assert [(hall.code, f.routed, f.median_minutes_to_route) for hall, f in table.routing] == [("tf-hall", 4, 17.5)]
    assert (table.routing_total.routed, table.routing_total.median_minutes_to_route) == (4, 17.5)
    assert table.total.received == 5  # the anonymous complaint counts like any other (§6.5(i))


def test_routing_time_in_the_json_and_on_the_page_s6_6_6(july, client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    body = client.get("/api/v1/complaints/kpis", {"month": "2026-07"}).json()
    assert body["routing"] == [{"hall": {"code": "tf-hall", "name": "天富客户服务营业厅"}, "routed": 4,
                                "median_minutes_to_route": 17.5}]
    assert body["routing_total"] == {"routed": 4, "median_minutes_to_route": 17.5}
    page = client.get("/complaints/kpis/", {"month": "2026-07"}).content.decode()
    section = page.split("转办及时性")[1]
    assert "不适用15分钟填单时限" in section and "<td>天富客户服务营业厅</td><td data-label=\"已转办\">4</td>" in section
    assert "17.5" in section


def _visited(flow):
    """Of the September set, A (marketing) visited and satisfied, D (the hall) visited and not
    satisfied, on 09-15 (F, accepted in August, comes first)."""
    _f, a, _b, _c, d, _e = Complaint.objects.order_by("reception_started_at")
    for c, satisfaction in ((a, "SATISFIED"), (d, "DISSATISFIED")):
        services.complaint_return_visit(actor=flow.user("hall_staff1"), complaint=c, method="PHONE", reached=True,
                                        satisfaction=satisfaction, now=at("2026-09-15T10:00"))


KPI_HEADERS = ["单位", "受理", "已答复", "答复率", "按时答复", "按时率", "答复用时中位数(小时)", "当前超期", "回访",
               "满意", "满意率"]


def test_kpi_table_exports_as_csv_with_the_page_s_figures_and_the_total(september, flow, client, example_user, now,
                                                                        monkeypatch):
    _visited(flow)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    page = client.get("/complaints/kpis/", {"month": "2026-09"}).content.decode()
    assert "export=xlsx" in page and "export=csv" in page
    response = client.get("/complaints/kpis/", {"month": "2026-09", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "complaint-kpis-2026-09-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        KPI_HEADERS,
        ["供电公司营销部", "3", "2", "66.7%", "1", "33.3%", "120.0", "1", "1", "1", "100.0%"],
        ["天富客户服务营业厅", "2", "1", "50.0%", "1", "50.0%", "2.0", "1", "1", "0", "0.0%"],
        ["合计", "5", "3", "60.0%", "2", "40.0%", "24.0", "2", "2", "1", "50.0%"],
    ]


def test_kpi_table_exports_as_excel_in_english(september, flow, client, example_user, now, monkeypatch):
    _visited(flow)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("handler1"))
    client.cookies["django_language"] = "en"
    response = client.get("/complaints/kpis/", {"month": "2026-09", "export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Unit" and rows[0][-1] != "满意率" and len(rows[0]) == 11
    # handler1 sees marketing's complaints only: one unit and the total
    assert rows[1:] == [("供电公司营销部", 3, 2, "66.7%", 1, "33.3%", "120.0", 1, 1, 1, "100.0%"),
                        ("Total", 3, 2, "66.7%", 1, "33.3%", "120.0", 1, 1, 1, "100.0%")]


def test_kpi_export_of_a_month_without_complaints_has_the_headers_only(september, client, example_user, now,
                                                                       monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    response = client.get("/complaints/kpis/", {"month": "2026-07", "export": "csv"})
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [KPI_HEADERS]


def test_routing_table_exports_as_excel_s6_6_6(july, client, example_user, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    page = client.get("/complaints/kpis/", {"month": "2026-07"}).content.decode()
    assert "table=routing" in page.split("转办及时性")[1]
    response = client.get("/complaints/kpis/", {"month": "2026-07", "export": "xlsx", "table": "routing"})
    assert "complaint-routing-2026-07-" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("受理营业厅", "已转办", "填单至转办用时中位数(分钟)"), ("天富客户服务营业厅", 4, "17.5"),
                    ("合计", 4, "17.5")]
