"""The work lists at scale: the next due time kept on the complaint (so the list is read in due
order from an index) stays right through every deadline change, the search box, the capped
pager, and a fixed number of queries per page."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from tests.unit.calendar import notices
from utilicase.calendar.models import HolidayNotice
from utilicase.calendar.services import deadlines_recompute_provisional, deadlines_sweep, holiday_notice_load
from utilicase.complaints.models import Complaint
from utilicase.complaints.selectors import Filters, complaint_list, complaint_worklist
from utilicase.config.api_types import CappedPages
from utilicase.core.workdays import SHANGHAI
from utilicase.web.paging import CappedPaginator, page_rows

pytestmark = pytest.mark.django_db


def next_due(c: Complaint):
    return Complaint.objects.values_list("next_due_at", flat=True).get(pk=c.pk)


def reply_due(c: Complaint):
    return Complaint.objects.values_list("reply_due_at", flat=True).get(pk=c.pk)


def test_next_due_follows_the_deadlines_form_then_reply_then_none_s6_6_6_s6_6_8(flow):
    c = flow.receive()
    assert next_due(c) == c.form_deadline.due_at  # 15 minutes after reception
    assert reply_due(c) == c.reply_deadline.due_at
    flow.complete_form(c)
    assert next_due(c) == c.reply_deadline.due_at
    flow.confirm(c)
    flow.assess(c)
    flow.route(c)
    assert next_due(c) == c.reply_deadline.due_at  # routing moves the owner, not the limit
    flow.reply(c)
    assert next_due(c) is None
    c.refresh_from_db()
    assert c.replied_at == c.reply.replied_at and c.reply_due_at == c.reply_deadline.due_at
    flow.close(c)
    assert next_due(c) is None


def test_next_due_moves_when_a_notice_load_recomputes_the_reply_deadline_s6_6_8(flow, example_user, now):
    start = datetime(2027, 2, 4, 10, 0, tzinfo=SHANGHAI)  # before the 2027 Spring Festival, no data yet
    c = flow.receive(started_at=start, minutes=0, now=start)
    flow.complete_form(c, at=start + timedelta(minutes=5))
    # Provisional: the statutory Spring Festival (2/5 eve, 2/6-8) is already rest: 2/9, 10, 11, 12, 15.
    assert next_due(c) == datetime(2027, 2, 16, 0, 0, tzinfo=SHANGHAI)
    other = flow.receive(started_at=now - timedelta(minutes=10))
    holiday_notice_load(actor=example_user("admin"), year=2027, notice_text=notices.NOTICE_2027, now=now)
    # 2/5-2/13 off: 2/15, 16, 17, 18, 19.
    assert next_due(c) == datetime(2027, 2, 20, 0, 0, tzinfo=SHANGHAI)
    assert reply_due(c) == datetime(2027, 2, 20, 0, 0, tzinfo=SHANGHAI)  # the KPIs' copy moves too
    assert next_due(other) == other.form_deadline.due_at  # untouched


def test_next_due_moves_when_provisional_deadlines_are_recomputed_s6_6_8(flow, now):
    start = datetime(2027, 2, 4, 10, 0, tzinfo=SHANGHAI)
    c = flow.receive(started_at=start, minutes=0, now=start)
    flow.complete_form(c, at=start + timedelta(minutes=5))
    HolidayNotice.objects.create(year=2027, rest_days=["2027-02-05"], working_days=[], notice_text="-",
                                 loaded_at=now)
    assert deadlines_recompute_provisional(now=now) == 1
    assert next_due(c) == datetime(2027, 2, 13, 0, 0, tzinfo=SHANGHAI)  # 2/8, 9, 10, 11, 12


def test_the_sweep_puts_the_escalated_complaint_first_on_the_hall_heads_list_s6_6_8(flow, example_user):
    late_one, on_time = flow.routed(), flow.routed(started_at=flow.now + timedelta(days=20))
    late = late_one.reply_deadline.due_at + timedelta(minutes=1)
    assert deadlines_sweep(now=late) == 1
    listed = list(complaint_worklist(user=example_user("hall_head1"), now=late))
    assert [x.pk for x in listed] == [late_one.pk]
    assert listed[0].is_overdue and listed[0].next_due_at == late_one.reply_deadline.due_at
    assert next_due(on_time) == on_time.reply_deadline.due_at > late


def test_the_work_list_orders_by_due_then_reception_with_none_last(flow, example_user, now):
    replied = flow.replied(started_at=now - timedelta(days=1))  # no open deadline, back at the hall
    old = flow.assessed(started_at=now - timedelta(hours=5))
    new = flow.receive(started_at=now - timedelta(minutes=30))  # its form falls due first
    same_day = flow.assessed(started_at=now - timedelta(hours=4))  # same reply due as `old`, received later
    listed = [c.pk for c in complaint_worklist(user=example_user("hall_staff1"), now=now)]
    assert listed == [new.pk, old.pk, same_day.pk, replied.pk]


def _three(flow, customer, now):
    by_customer = flow.receive(customer=customer, contact_name="", contact_phone="",
                               started_at=now - timedelta(minutes=30))
    by_phone = flow.receive(contact_name="赵小兰", contact_phone="13700001111", started_at=now - timedelta(minutes=20))
    by_name = flow.receive(contact_name="王建设", contact_phone="13600002222", started_at=now - timedelta(minutes=10))
    return by_customer, by_phone, by_name


@pytest.mark.parametrize(("text", "expected"), [
    ("", ["by_customer", "by_phone", "by_name"]),
    ("ts2026", ["by_customer", "by_phone", "by_name"]),  # number prefix, any case
    ("1010000", ["by_customer"]),  # the customer's account number by its beginning
    ("13912345678", ["by_customer"]),  # the customer's phone
    ("13700001111", ["by_phone"]),  # the caller's phone, exactly
    ("1370000", []),  # a phone is matched whole, never by a part
    ("王建", ["by_customer", "by_name"]),  # the beginning of the customer's (王建华) or caller's name
    ("建华", []),  # never the middle of a name (no LIKE '%x%' scan)
])
def test_search_box_number_account_phone_name(flow, customer, example_user, now, text, expected):
    found = dict(zip(["by_customer", "by_phone", "by_name"], _three(flow, customer, now), strict=True))
    rows = complaint_worklist(user=example_user("hall_staff1"), now=now, filters=Filters(text=text))
    assert sorted(c.pk for c in rows) == sorted(found[k].pk for k in expected)


def test_search_by_whole_number_and_within_the_users_sight_only(flow, customer, example_user, now):
    c, *_ = _three(flow, customer, now)
    rows = complaint_list(user=example_user("hall_staff1"), now=now, filters=Filters(text=f" {c.number} "))
    assert [x.pk for x in rows] == [c.pk]
    assert list(complaint_list(user=example_user("inspector1"), now=now, filters=Filters(text=c.number))) == []
    assert list(complaint_worklist(user=example_user("handler1"), now=now, everything=True,
                                   filters=Filters(text="王建"))) == []


def test_the_pager_stops_counting_past_its_cap(flow, example_user, now, monkeypatch):
    for minutes in (50, 40, 30, 20, 10):
        flow.receive(started_at=now - timedelta(minutes=minutes))
    rows = complaint_worklist(user=example_user("hall_staff1"), now=now)
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    paginator = CappedPaginator(rows, 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (4, True, 2)
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    paginator = CappedPaginator(rows, 2)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)


def test_the_work_list_page_says_more_than_the_cap(client, flow, example_user, now, monkeypatch):
    for minutes in (30, 20, 10):
        flow.receive(started_at=now - timedelta(minutes=minutes))
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    client.force_login(example_user("hall_staff1"))
    html = client.get(reverse("complaints:worklist")).content.decode()
    assert "超过 2 件" in html and "只列出前 2 件" not in html  # one page of 25 holds them all
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    html = client.get(reverse("complaints:worklist")).content.decode()
    assert "共 3 件" in html


def test_the_api_list_caps_its_count(client, flow, example_user, now, monkeypatch):
    for minutes in (30, 20, 10):
        flow.receive(started_at=now - timedelta(minutes=minutes))
    client.force_login(example_user("hall_staff1"))
    got = client.get("/api/v1/complaints").json()
    assert (got["count"], got["count_capped"], len(got["items"])) == (3, False, 3)
    monkeypatch.setattr(CappedPages, "cap", 2)
    got = client.get("/api/v1/complaints").json()
    assert (got["count"], got["count_capped"], len(got["items"])) == (2, True, 3)


def test_work_list_and_search_take_the_same_queries_for_one_row_or_many(client, flow, customer, example_user, now,
                                                                        django_assert_max_num_queries):
    client.force_login(example_user("hall_staff1"))
    flow.receive(customer=customer, contact_name="", contact_phone="")
    client.get(reverse("complaints:worklist"))
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("complaints:worklist"), {"q": "王建"})
    for _ in range(6):
        c = flow.receive(customer=customer, contact_name="", contact_phone="")
        flow.complete_form(c)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("complaints:worklist"), {"q": "王建"})
    assert response.content.decode().count("1010000001 王建华") == 7


def test_home_deadlines_name_case_and_customer_with_minutes_left_s6_6_6(client, flow, customer, example_user, now,
                                                                        django_assert_max_num_queries):
    c = flow.receive(customer=customer, contact_name="", contact_phone="", started_at=now - timedelta(minutes=10))
    client.force_login(example_user("hall_staff1"))
    with django_assert_max_num_queries(12) as one:
        html = client.get("/").content.decode()
    # The view reads the real clock, so these deadlines are long overdue; the minutes left are
    # checked through the filter (test_minutes_left_only_under_an_hour).
    assert f"{c.number} 王建华" in html
    for minutes in (10, 20):
        flow.receive(contact_name=f"联系人{minutes}", started_at=now - timedelta(minutes=minutes))
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get("/").content.decode()
    assert "联系人10" in html and "联系人20" in html


def test_minutes_left_only_under_an_hour(flow, now):
    from utilicase.web.templatetags.utilicase import minutes_left

    c = flow.receive(started_at=now - timedelta(minutes=10))  # form due at now + 15 min
    form = c.form_deadline
    assert minutes_left(form, now) == 15
    assert minutes_left(form, now + timedelta(minutes=14, seconds=1)) == 1  # rounded up
    assert minutes_left(form, form.due_at - timedelta(minutes=60)) is None  # an hour to go
    assert minutes_left(form, form.due_at - timedelta(minutes=59)) == 59
    assert minutes_left(form, form.due_at) is None  # due: shown as overdue instead
    assert minutes_left(c.reply_deadline, now) is None
    assert c.reply_deadline.due_date == date(2026, 10, 13)


def test_home_deadlines_merge_owned_and_unowned_in_due_order_up_to_the_limit(org, example_user, now):
    from utilicase.calendar.selectors import open_deadlines_for
    from utilicase.calendar.services import deadline_open

    staff, hall = example_user("hall_staff1"), org["tf-hall"]

    def opened(owner, n):
        return deadline_open(kind="complaint.reply", clause="§6.6(8)", target=hall, owner=owner, owner_unit=hall,
                             start_at=now, working_days=n, now=now)

    mine_3, unit_2, mine_1, unit_4 = opened(staff, 3), opened(None, 2), opened(staff, 1), opened(None, 4)
    opened(example_user("hall_head1"), 1)  # the head's own: not the staff's, though of the same unit
    got = open_deadlines_for(user=staff, now=now, limit=3)
    assert [d.pk for d in got] == [mine_1.pk, unit_2.pk, mine_3.pk]
    assert [d.pk for d in open_deadlines_for(user=staff, now=now)] == [mine_1.pk, unit_2.pk, mine_3.pk, unit_4.pk]


def test_kpi_counts_a_reply_at_the_exact_end_of_the_limit_as_late_s6_6_8(flow, example_user, now):
    from utilicase.complaints.selectors import complaint_kpis

    start = datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI)
    just_before, exact = flow.routed(started_at=start), flow.routed(started_at=start)
    flow.routed(started_at=datetime(2026, 9, 29, 10, 0, tzinfo=SHANGHAI))  # due 10/13: not yet overdue on 9/30
    flow.reply(just_before, at=just_before.reply_deadline.due_at - timedelta(microseconds=1))
    flow.reply(exact, at=exact.reply_deadline.due_at)
    total = complaint_kpis(user=example_user("company_deputy1"), month_date=date(2026, 9, 1), now=now).total
    assert (total.received, total.replied, total.replied_on_time, total.overdue_now) == (3, 2, 1, 0)


def _pages(rows, per_page: int, *, narrowed: bool) -> list[list[int]]:
    """The pages as the pager reads them: a list counted to at most the cap is narrowed to its ids
    first; a longer one (more than the cap: many thousands) is read page by page as it is."""
    if narrowed:
        paginator = CappedPaginator(rows, per_page)
        return [[c.pk for c in paginator.page(n).object_list] for n in paginator.page_range]
    pages = [[c.pk for c in page_rows(rows, offset=offset, limit=per_page)] for offset in range(0, 12, per_page)]
    return [page for page in pages if page]


@pytest.mark.parametrize("narrowed", [False, True])
def test_a_handlers_pages_merge_owned_and_unowned_in_due_order(flow, example_user, now, narrowed):
    """handler1's list is the complaints routed to them and those of their department with no
    handler named: two parts read separately and merged. Received out of creation order, several
    due on the same day (the National Day holiday), so reception breaks the ties."""
    received = {"a": 9, "b": 2, "c": 7, "d": 1, "e": 8, "f": 3, "g": 6}  # days before now
    owned = {"a", "c", "d", "g"}
    made = {}
    for key, days in received.items():
        made[key] = flow.route(flow.assessed(started_at=now - timedelta(days=days, hours=1)),
                               handler="handler1" if key in owned else None)
    flow.replied(started_at=now - timedelta(days=10))  # back at the hall: not the handler's
    rows = complaint_worklist(user=example_user("handler1"), now=now)
    by_reception = [made[k].pk for k in ("a", "e", "c", "g", "f", "b", "d")]
    dues = [next_due(Complaint(pk=pk)) for pk in by_reception]
    assert dues == sorted(dues) and len(set(dues)) < len(dues)  # ties of due time are ordered by reception
    assert _pages(rows, 2, narrowed=narrowed) == [by_reception[0:2], by_reception[2:4], by_reception[4:6], by_reception[6:]]
    assert _pages(rows, 3, narrowed=narrowed) == [by_reception[0:3], by_reception[3:6], by_reception[6:]]
    assert [c.pk for c in rows] == by_reception


@pytest.mark.parametrize("narrowed", [False, True])
def test_a_hall_heads_pages_list_each_complaint_once_across_parts_s6_6_8(flow, example_user, now, narrowed):
    """hall_head1's list: their own, the hall's with nobody named, and every escalated one of the
    hall; an escalated complaint that is also their own or unowned is listed once."""
    def receive(actor, days, *, escalated=False, unowned=False):
        c = flow.receive(actor=actor, started_at=now - timedelta(days=days, hours=1))
        flow.complete_form(c, actor=actor)
        Complaint.objects.filter(pk=c.pk).update(
            **({"escalated_at": now} if escalated else {}), **({"current_owner": None} if unowned else {}))
        return c.pk

    head_own = receive("hall_head1", 4)
    head_own_escalated = receive("hall_head1", 9, escalated=True)
    unowned = receive("hall_staff1", 3, unowned=True)
    unowned_escalated = receive("hall_staff1", 8, unowned=True, escalated=True)
    staff_escalated = receive("hall_staff1", 7, escalated=True)
    receive("hall_staff1", 6)  # the staff's own, not escalated: not on the head's list
    staff_escalated_2 = receive("hall_staff1", 2, escalated=True)
    rows = complaint_worklist(user=example_user("hall_head1"), now=now)
    expected = [head_own_escalated, unowned_escalated, staff_escalated, head_own, unowned, staff_escalated_2]
    assert _pages(rows, 2, narrowed=narrowed) == [expected[0:2], expected[2:4], expected[4:6]]
    assert _pages(rows, 4, narrowed=narrowed) == [expected[0:4], expected[4:6]]
    assert [c.pk for c in rows] == expected
