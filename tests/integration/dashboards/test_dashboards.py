"""Dashboards against hand-built data: each figure, the cases behind it (as many as the figure),
its export read back, the unit picker's scope, and the whistleblower rule (§6.7)."""

import io
import re
from datetime import datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.integration.complaints.conftest import Flow, ensure_categories
from tests.integration.customers.factories import CustomerFactory
from utilicase.complaints import services
from utilicase.complaints.models import Channel, ComplaintCategory
from utilicase.dashboards import selectors
from utilicase.dashboards.domain.period import month
from utilicase.dashboards.panels import COMPLAINTS, FIELDWORK
from utilicase.fieldwork.models import Damage, FieldWorkOrder, Kind, Remedy

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text + "+08:00")


@pytest.fixture
def flow(org, example_user, now):
    ensure_categories()
    return Flow(org, example_user, now)


@pytest.fixture
def september(flow):
    """A: phone, replied in 1 day (on time), form in 5 min, basically satisfied at the return
    visit. B: phone, replied on 09-10 (late), form in 20 min (late, §6.6(6)), not reached at the
    return visit. C: visit, routed, unanswered (overdue on 09-30). D: an
    opinion-book complaint (no 15-minute form). E: accepted in August (outside the period)."""

    def routed(started: str, form_after: int = 5, **kwargs):
        c = flow.receive(started_at=at(started), minutes=0, **kwargs)
        flow.complete_form(c, at=at(started) + timedelta(minutes=form_after))
        if c.channel != Channel.OPINION_BOOK:
            flow.confirm(c, at=at(started) + timedelta(minutes=form_after + 1))
        flow.assess(c, at=at(started) + timedelta(minutes=form_after + 2))
        hall = {"unit": "tf-hall", "handler": None} if c.channel == Channel.OPINION_BOOK else {}
        flow.route(c, at=at(started) + timedelta(minutes=form_after + 5), **hall)
        return c

    a = routed("2026-09-01T10:00")
    flow.reply(a, at=at("2026-09-02T10:00"))
    b = routed("2026-09-01T11:00", form_after=20)
    flow.reply(b, at=at("2026-09-10T11:00"))
    # return visits (回访): A's customer basically satisfied; B's not reached
    for c, reached in ((a, True), (b, False)):
        services.complaint_return_visit(actor=flow.user("hall_staff1"), complaint=c, method="PHONE", reached=reached,
                                        satisfaction="BASICALLY_SATISFIED" if reached else "",
                                        now=at("2026-09-12T10:00"))
    routed("2026-09-02T09:00", channel=Channel.VISIT)
    routed("2026-09-03T10:00", channel=Channel.OPINION_BOOK)
    e = routed("2026-08-31T10:00")
    flow.reply(e, at=at("2026-08-31T11:00"))


def _figures(panel, user, unit, now, period=None):
    return selectors.panel_figures(panel, user=user, unit=unit, period=period or month(now.date()), now=now)


def test_complaint_figures_for_the_company_s6_6_8_s6_6_6(september, example_user, org, now):
    deputy = example_user("company_deputy1")
    f = _figures(COMPLAINTS, deputy, org["tianfu"], now)
    assert f.counts == {"received": 4, "replied": 2, "replied_on_time": 1, "reply_overdue": 2,
                        "form_due": 3, "form_on_time": 2, "visited": 1, "satisfied": 1}
    rates = {str(r.label): value for r, value in f.rates}
    assert rates == {"答复率": 0.5, "按期答复率": 0.25, "投诉单15分钟完成率": 0.6667, "回访满意率": 1.0}
    channels = {g.value: (g.count, g.part) for g in f.groups["by_channel"]}
    assert channels == {Channel.PHONE: (2, 2), Channel.VISIT: (1, 0), Channel.OPINION_BOOK: (1, 0)}
    metering = ComplaintCategory.objects.get(code="metering-billing").name
    assert [(g.label, g.count, g.part) for g in f.groups["by_category"]] == [(metering, 4, 2)]


def test_the_drill_down_lists_the_cases_behind_a_figure_and_exports_them(september, client, example_user, now,
                                                                          org, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    query = {"unit": org["tianfu"].pk, "from": "2026-09-01", "to": "2026-09-30"}
    page = client.get("/dashboards/complaints/", query)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "style=" not in html
    assert "/dashboards/complaints/reply_overdue/?unit=" in html
    listed = client.get("/dashboards/complaints/reply_overdue/", query)
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 2
    assert len(re.findall(r'href="/complaints/\d+/"', listed.content.decode())) == 2
    book = load_workbook(io.BytesIO(client.get("/dashboards/complaints/replied/", {**query, "export": "xlsx"}).content))
    rows = list(book.active.values)
    assert rows[0][0] == "编号" and len(rows) == 1 + 2
    group = client.get("/dashboards/complaints/by_channel/", {**query, "value": Channel.PHONE, "only": "replied"})
    assert group.context["page"].paginator.count == 2
    table = client.get("/dashboards/complaints/", {**query, "export": "csv"}).content.decode("utf-8-sig")
    assert "投诉,受理,4," in table and "投诉,答复率,50.0%,§6.6(8)" in table


def test_the_reports_are_counted_for_discipline_inspection_only(september, client, example_user, now, org,
                                                                monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    client.force_login(example_user("company_deputy1"))
    assert client.get("/dashboards/complaints/reports_received/").status_code == 404
    assert "reports" not in [p.key for p in selectors.panels_for(example_user("company_deputy1"),
                                                                 selectors.section_get(example_user("company_deputy1"),
                                                                                       "complaints"))]
    client.force_login(example_user("discipline1"))
    page = client.get("/dashboards/complaints/", {"period": "2026-09"})
    assert page.status_code == 200
    assert [p["panel"].key for p in page.context["panels"]] == ["reports"]
    assert [s.key for s in page.context["sections"]] == ["complaints"]
    assert client.get("/dashboards/complaints/received/").status_code == 404


@pytest.fixture
def field_orders(org, example_user):
    """City office in September: on time and rated 5; late by 12 minutes and rated 2, with a
    damage; not yet arrived. Development-zone office: one on time (out of the city head's scope).
    City office in August: one on time (outside the period)."""
    creator = example_user("office_head1")
    city, dev = org["tf-power-city"], org["tf-power-dev"]
    customer = CustomerFactory(office=city)
    made = []

    def order(n, office, created, **kw):
        o = FieldWorkOrder.objects.create(number=f"FW-T-{n}", kind=Kind.METERING, utility="POWER", customer=customer,
                                          office=office, description="x", created_by=creator,
                                          created_at=at(created), **kw)
        made.append(o)
        return o

    order(1, city, "2026-09-02T09:00", arrived_at=at("2026-09-03T09:00"), rating=5)
    late = order(2, city, "2026-09-05T09:00", arrived_at=at("2026-09-06T09:12"), minutes_late=12, rating=2)
    Damage.objects.create(order=late, description="地板划伤", remedy=Remedy.REPAIR, recorded_by=creator,
                          recorded_at=at("2026-09-06T10:00"))
    order(3, city, "2026-09-20T09:00")
    order(4, dev, "2026-09-02T09:00", arrived_at=at("2026-09-03T09:00"), rating=5)
    order(5, city, "2026-08-30T09:00", arrived_at=at("2026-08-31T09:00"), rating=5)
    return made


def test_field_service_figures_s4_4_3(field_orders, example_user, org, now):
    head = example_user("office_head1")
    f = _figures(FIELDWORK, head, org["tf-power-city"], now)
    assert f.counts == {"field_orders": 3, "arrived": 2, "punctual": 1, "late": 1, "rated": 2, "satisfied": 1,
                        "damaged": 1}
    assert {str(r.label): v for r, v in f.rates} == {"准时率": 0.5, "满意率（4分及以上）": 0.5}
    assert [(g.value, g.count) for g in f.groups["ratings"]] == [(None, 1), (2, 1), (5, 1)]
    deputy = _figures(FIELDWORK, example_user("enterprise_deputy1"), org["tf-power"], now)
    assert deputy.counts["field_orders"] == 4 and deputy.counts["punctual"] == 2


def test_an_office_head_picks_only_their_office(field_orders, client, example_user, org, now, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    head = example_user("office_head1")
    assert [u.code for u in selectors.pickable_units(head)] == ["tf-power-city"]
    client.force_login(head)
    assert client.get("/dashboards/fieldwork/", {"unit": org["tf-power-dev"].pk}).status_code == 404
    assert client.get("/dashboards/fieldwork/late/", {"unit": org["tf-power"].pk}).status_code == 404
    page = client.get("/dashboards/fieldwork/", {"period": "2026-09"})
    assert page.status_code == 200 and page.context["unit"] == org["tf-power-city"]
    listed = client.get("/dashboards/fieldwork/late/", {"period": "2026-09"})
    assert [r["cells"][0] for r in listed.context["rows"]] == ["FW-T-2"]
    csv = client.get("/dashboards/fieldwork/field_orders/", {"period": "2026-09", "export": "csv"})
    assert csv.content.decode("utf-8-sig").count("FW-T-") == 3
    assert client.get("/dashboards/").status_code == 302
    client.force_login(example_user("inspector1"))
    assert client.get("/dashboards/").status_code == 403


def test_overdue_deadlines_by_owner(september, example_user, org, now):
    from utilicase.dashboards.panels import DEADLINES

    f = _figures(DEADLINES, example_user("company_deputy1"), org["tianfu"], now)
    # C's reply (handler1, 09-09 24:00) and D's (the hall, routed to the hall head) are overdue
    assert f.counts["overdue"] >= 2
    by_owner = {g.label: g.count for g in f.groups["overdue_by_owner"]}
    assert by_owner.get(example_user("handler1").full_name, 0) >= 1 and "handler1" not in by_owner  # named, as on pages
    assert sum(by_owner.values()) == f.counts["overdue"]
    by_kind = {g.value: g.label for g in f.groups["overdue_by_kind"]}
    assert by_kind["complaint.reply"] == "投诉答复（5个工作日）"  # the kind's name, not its code


def test_the_hall_head_sees_the_hall_s_complaints_and_the_managers_find_the_link(september, client, example_user,
                                                                                 org, now, monkeypatch):
    from utilicase.web.roles import main_links

    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    head = example_user("hall_head1")
    assert [u.code for u in selectors.pickable_units(head)] == ["tf-hall"]
    assert [s.key for s in selectors.sections_for(head)] == ["complaints", "deadlines"]
    f = _figures(COMPLAINTS, head, org["tf-hall"], now)
    assert (f.counts["received"], f.counts["replied"]) == (4, 2)  # every complaint the hall received
    client.force_login(head)
    assert client.get("/dashboards/inspections/").status_code == 404
    assert ("管理看板", "/dashboards/") in [(str(label), url) for label, url in main_links(head)]
    assert "/dashboards/" in [url for _, url in main_links(example_user("office_head1"))]
    assert "/dashboards/" not in [url for _, url in main_links(example_user("inspector1"))]


def test_the_administrator_gets_no_dashboard_as_no_case_page(september, client, example_user, now, monkeypatch):
    """Reference data is the administrator's work, not cases: no unit to pick, no section, 403."""
    from utilicase.web.roles import main_links

    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    admin = example_user("admin")
    assert selectors.pickable_units(admin) == [] and selectors.sections_for(admin) == []
    assert "/dashboards/" not in [url for _, url in main_links(admin)]
    client.force_login(admin)
    assert client.get("/dashboards/").status_code == 403
    assert client.get("/dashboards/complaints/").status_code in (403, 404)
