"""The inbox: deadline warnings from the sweep (once when a deadline enters the lead time, once
when it runs out), nothing from a rolled-back change, email once, the whistleblower rule, and
the page and API that show each person their own notices only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from utilicase.calendar.services import deadline_meet, deadline_open, deadline_reassign
from utilicase.core.i18n import Message
from utilicase.notifications.models import Kind, Notification, Preference
from utilicase.notifications.services import deadline_reminders_sweep, notify
from utilicase.org.services import token_create

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def _open(org, now, *, owner=None, unit="tf-hall", hours=72, kind="complaint.reply", target=None):
    """A deadline `hours` from `now` (a minute limit, so the instants are exact)."""
    return deadline_open(kind=kind, clause="§6.6(8)", target=target or org["tf-hall"], owner=owner,
                         owner_unit=org[unit] if unit else None, start_at=now, minutes=int(hours * 60), now=now)


def _mine(user):
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", "event_key"))


def test_a_deadline_three_days_away_gets_nothing_with_a_one_day_lead(org, example_user, now):
    staff = example_user("hall_staff1")
    _open(org, now, owner=staff, hours=72)
    assert deadline_reminders_sweep(now) == 0
    assert deadline_reminders_sweep(now + 47 * HOUR) == 0  # 25 h left
    assert _mine(staff) == []


def test_approaching_once_then_overdue_once_even_when_the_sweep_runs_twice(org, example_user, now):
    staff = example_user("hall_staff1")
    deadline = _open(org, now, owner=staff, hours=72)
    warned_at = deadline.due_at - 23 * HOUR
    assert deadline_reminders_sweep(warned_at) == 1
    assert deadline_reminders_sweep(warned_at + HOUR) == 0
    assert _mine(staff) == [(Kind.APPROACHING, f"deadline:{deadline.pk}:approaching")]
    late = deadline.due_at  # at due_at it has run out (the instant is exclusive)
    assert deadline_reminders_sweep(late) == 1
    assert deadline_reminders_sweep(late + HOUR) == 0
    assert _mine(staff) == [(Kind.APPROACHING, f"deadline:{deadline.pk}:approaching"),
                            (Kind.OVERDUE, f"deadline:{deadline.pk}:overdue")]
    # Only the owner: the hall's other staff are told nothing of an owned deadline.
    assert _mine(example_user("hall_head1")) == []
    notice = Notification.objects.get(kind=Kind.OVERDUE)
    assert (notice.target_type, notice.target_id, notice.clause) == ("org.unit", str(org["tf-hall"].pk), "§6.6(8)")


def test_a_met_deadline_is_not_reported(org, example_user, now):
    staff = example_user("hall_staff1")
    deadline = _open(org, now, owner=staff, hours=10)
    deadline_meet(deadline=deadline, now=now + HOUR)
    assert deadline_reminders_sweep(deadline.due_at + HOUR) == 0


def test_the_lead_time_is_the_reader_s_own_when_set(org, example_user, now, settings):
    staff, head = example_user("hall_staff1"), example_user("hall_head1")
    Preference.objects.create(user=head, lead_hours=96)
    _open(org, now, owner=None, unit="tf-hall", hours=24 * 5)
    at = now + 24 * HOUR  # 4 days left: inside 96 h, outside the default 24 h
    assert deadline_reminders_sweep(at) == 1
    assert [k for k, _ in _mine(head)] == [Kind.APPROACHING] and _mine(staff) == []
    settings.NOTIFY_LEAD_HOURS = 100
    assert deadline_reminders_sweep(at + HOUR) == 1  # the default grew: the staff member's turn
    assert [k for k, _ in _mine(staff)] == [Kind.APPROACHING]


def test_an_unowned_deadline_goes_to_the_active_staff_of_its_unit(org, example_user, now):
    gone = example_user("hall_staff1")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    deadline = _open(org, now, owner=None, unit="tf-hall", hours=1)
    assert deadline_reminders_sweep(deadline.due_at + HOUR) == 1
    assert [n.recipient.username for n in Notification.objects.all()] == ["hall_head1"]


def test_a_limit_shorter_than_the_lead_time_gets_no_warning_only_the_overdue_notice(org, example_user, now):
    staff = example_user("hall_staff1")
    deadline = _open(org, now, owner=staff, hours=0.25)  # the 15-minute form of §6.6(6)
    assert deadline_reminders_sweep(now + timedelta(minutes=5)) == 0
    assert deadline_reminders_sweep(deadline.due_at) == 1


def test_the_database_refuses_a_second_notice_of_one_event(org, example_user, now):
    staff = example_user("hall_staff1")
    Notification.objects.create(recipient=staff, kind=Kind.OVERDUE, event_key="deadline:1:overdue",
                                title={"msgid": "x", "params": {}}, created_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(recipient=staff, kind=Kind.OVERDUE, event_key="deadline:1:overdue",
                                    title={"msgid": "x", "params": {}}, created_at=now)
    # ...and a bulk insert of it is ignored, not failed (what two racing sweeps do).
    Notification.objects.bulk_create([Notification(recipient=staff, kind=Kind.OVERDUE, event_key="deadline:1:overdue",
                                                   title={"msgid": "x", "params": {}}, created_at=now)],
                                     ignore_conflicts=True)
    assert Notification.objects.count() == 1


def test_notify_waits_for_the_commit(org, example_user, now, django_capture_on_commit_callbacks):
    staff = example_user("hall_staff1")
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(recipients=[staff], kind=Kind.APPROVAL, event_key="test:1", title=Message("投诉"), now=now)
            assert Notification.objects.count() == 0  # not before the commit
    assert _mine(staff) == [(Kind.APPROVAL, "test:1")]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[staff], kind=Kind.APPROVAL, event_key="test:2", title=Message("投诉"), now=now)
            raise RuntimeError("rolled back")
    assert callbacks == [] and _mine(staff) == [(Kind.APPROVAL, "test:1")]


# -- email ----------------------------------------------------------------------------------------------------------

def test_email_once_per_notice_when_configured(org, example_user, now, settings):
    settings.NOTIFY_EMAIL = True
    staff, head = example_user("hall_staff1"), example_user("hall_head1")
    staff.email = "sun@example.com"
    staff.save(update_fields=["email"])  # the head has no address: inbox only
    deadline = _open(org, now, owner=None, unit="tf-hall", hours=2)
    deadline_reminders_sweep(deadline.due_at + HOUR)
    deadline_reminders_sweep(deadline.due_at + 2 * HOUR)
    assert [m.to for m in mail.outbox] == [["sun@example.com"]]
    assert "投诉答复" in mail.outbox[0].subject and "已逾期" in mail.outbox[0].subject
    assert "/notifications/" in mail.outbox[0].body
    assert Notification.objects.get(recipient=staff).emailed_at == deadline.due_at + HOUR
    assert Notification.objects.get(recipient=head).emailed_at is None


def test_no_email_unless_configured(org, example_user, now):
    staff = example_user("hall_staff1")
    staff.email = "sun@example.com"
    staff.save(update_fields=["email"])
    deadline = _open(org, now, owner=staff, hours=2)
    assert deadline_reminders_sweep(deadline.due_at) == 1
    assert mail.outbox == []


# -- the whistleblower rule (§6.7(iii)(1-6)) ----------------------------------------------------------------------

def test_a_report_s_deadline_reaches_discipline_inspection_only_and_says_nothing_of_it(
        org, example_user, now, settings, django_capture_on_commit_callbacks):
    from utilicase.calendar.models import Deadline
    from utilicase.calendar.services import deadlines_sweep
    from utilicase.whistleblowing.services import report_receive

    settings.NOTIFY_EMAIL = True
    member = example_user("discipline1")
    member.email = "zheng@example.com"
    member.save(update_fields=["email"])
    report, _ = report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now - timedelta(days=30),
                               content="SECRET-CONTENT the manager takes bribes", reporter_name="SECRET-NAME", now=now)
    deadline = Deadline.objects.get(target_type="whistleblowing.report", target_id=str(report.pk))
    late = deadline.due_at + HOUR
    assert deadline_reminders_sweep(late) == 1
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(now=late)
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(now=late + HOUR)
    notices = list(Notification.objects.order_by("id"))
    assert [(n.recipient.username, n.kind) for n in notices] == [("discipline1", Kind.OVERDUE),
                                                                 ("discipline1", Kind.ESCALATION)]
    assert notices[0].event_key == f"deadline:{deadline.pk}:overdue"
    stored = repr([(n.title, n.event_key, n.target_id) for n in notices])
    assert "SECRET" not in stored and report.number not in stored
    assert [m.to for m in mail.outbox] == [["zheng@example.com"]] * 2
    for message in mail.outbox:
        assert "SECRET" not in message.subject + message.body and report.number not in message.subject + message.body
        assert message.subject == "您有一条新通知"
    # A report's deadline handed to someone outside discipline inspection tells them nothing.
    other, _ = report_receive(actor=example_user("hall_staff1"), channel="PHONE", received_at=now - timedelta(days=30),
                              content="SECRET-CONTENT again", now=now)
    other_deadline = Deadline.objects.get(target_type="whistleblowing.report", target_id=str(other.pk))
    deadline_reassign(deadline=other_deadline, owner=example_user("hall_head1"), owner_unit=org["tf-hall"], now=now)
    assert deadline_reminders_sweep(late + 2 * HOUR) == 0
    with django_capture_on_commit_callbacks(execute=True):
        deadlines_sweep(now=late + 2 * HOUR)
    assert Notification.objects.exclude(recipient=member).count() == 0


# -- the sweep command -------------------------------------------------------------------------------------------

def test_the_sweep_command_notifies_once(org, example_user, capsys):
    staff = example_user("hall_staff1")
    real_now = timezone.now()
    _open(org, real_now - 3 * HOUR, owner=staff, hours=1)
    call_command("sweep", "--lang", "en")
    call_command("sweep", "--lang", "en")
    lines = capsys.readouterr().out.splitlines()
    assert "sent 1 deadline reminder(s)" in lines and "sent 0 deadline reminder(s)" in lines
    assert [k for k, _ in _mine(staff)] == [Kind.OVERDUE]


# -- the page and the API ---------------------------------------------------------------------------------------

@pytest.fixture
def notices(org, example_user, now):
    """hall_staff1: an old read notice and two unread ones about the hall; hall_head1: one."""
    staff, head = example_user("hall_staff1"), example_user("hall_head1")
    old = _open(org, now - 100 * HOUR, owner=staff, hours=1)
    deadline_reminders_sweep(old.due_at)
    first = _open(org, now - 10 * HOUR, owner=staff, hours=1)
    second = _open(org, now - 5 * HOUR, owner=staff, hours=1)
    deadline_reminders_sweep(first.due_at)
    deadline_reminders_sweep(second.due_at)
    Notification.objects.filter(event_key=f"deadline:{old.pk}:overdue").update(read_at=now - 90 * HOUR)
    theirs = _open(org, now - 5 * HOUR, owner=head, hours=1)
    deadline_reminders_sweep(theirs.due_at)
    by_key = {n.event_key.split(":")[1]: n for n in Notification.objects.all()}
    return {"old": by_key[str(old.pk)], "first": by_key[str(first.pk)], "second": by_key[str(second.pk)],
            "theirs": by_key[str(theirs.pk)]}


def test_inbox_lists_one_s_own_unread_first_newest_first(as_user, notices):
    response = as_user("hall_staff1").get("/notifications/")
    assert response.status_code == 200
    listed = [n.pk for n in response.context["page"].object_list]
    assert listed == [notices["second"].pk, notices["first"].pk, notices["old"].pk]
    html = response.content.decode()
    assert 'class="badge overdue">2</span>' in html  # the navigation's unread count
    assert f'data-notification="{notices["theirs"].pk}"' not in html


def test_mark_one_and_all_read_and_another_s_is_missing(as_user, notices):
    client = as_user("hall_staff1")
    assert client.post(f"/notifications/{notices['theirs'].pk}/read/").status_code == 404
    assert Notification.objects.get(pk=notices["theirs"].pk).read_at is None
    assert client.post(f"/notifications/{notices['first'].pk}/read/").status_code == 302
    assert Notification.objects.get(pk=notices["first"].pk).read_at is not None
    assert Notification.objects.get(pk=notices["second"].pk).read_at is None
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient__username="hall_staff1", read_at__isnull=True).exists()
    assert Notification.objects.get(pk=notices["theirs"].pk).read_at is None


def test_preferences_form(as_user, example_user):
    client = as_user("hall_staff1")
    assert client.post("/notifications/preferences/", {"lead_hours": "48"}).status_code == 302
    assert Preference.objects.get(user=example_user("hall_staff1")).lead_hours == 48
    response = client.post("/notifications/preferences/", {"lead_hours": "0"})
    assert response.status_code == 200 and response.context["form"].errors["lead_hours"]
    assert Preference.objects.get(user=example_user("hall_staff1")).lead_hours == 48
    client.post("/notifications/preferences/", {"lead_hours": ""})
    assert not Preference.objects.exists()


def test_the_inbox_reads_in_english(as_user, notices, client):
    client.cookies["django_language"] = "en"
    response = as_user("hall_staff1").get("/notifications/", headers={"accept-language": "en"})
    html = response.content.decode()
    assert "Notifications" in html and "is overdue" in html and "Complaint reply" in html
    assert "已逾期" not in html


def test_api_lists_and_marks_only_one_s_own(client, example_user, notices, now):
    _, token = token_create(actor=None, user=example_user("hall_staff1"), now=now)
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/notifications", headers=headers).json()
    assert body["unread"] == 2
    assert [n["id"] for n in body["items"]] == [notices["second"].pk, notices["first"].pk, notices["old"].pk]
    assert body["items"][0]["kind"] == "overdue" and "已逾期" in body["items"][0]["title"]
    assert client.post(f"/api/v1/notifications/{notices['theirs'].pk}/read", headers=headers).status_code == 404
    done = client.post(f"/api/v1/notifications/{notices['first'].pk}/read", headers=headers)
    assert done.status_code == 200 and done.json()["read_at"] is not None
    assert client.get("/api/v1/notifications?unread_only=true", headers=headers).json()["unread"] == 1
    far = client.get("/api/v1/notifications?offset=888728081359333301944320", headers=headers)
    assert far.status_code == 422 and far.json()["detail"][0]["loc"] == ["query", "offset"]
    assert client.get("/api/v1/notifications?offset=100000", headers=headers).json()["items"] == []


def test_an_unowned_deadline_skips_a_member_who_may_not_open_its_case(org, example_user, now, monkeypatch):
    """An office's deadline on a case its field worker may not open (an inspection order) is not
    sent to them: the notice's link would answer 404. The others of the office are told, once."""
    from utilicase.core import cases

    monkeypatch.setattr(cases, "CASE_TYPES", dict(cases.CASE_TYPES))
    cases.register_case_type("org.unit", info=lambda case: None,
                             load=lambda user, target_id: None if user.username == "field_worker1" else object())
    deadline = _open(org, now, owner=None, unit="tf-power-city", hours=1, target=org["tf-hall"])
    staff = sorted(example_user(u).username for u in ("inspector1", "inspector2", "office_head1", "field_worker1"))
    assert all(example_user(u).unit.code == "tf-power-city" for u in staff)
    assert deadline_reminders_sweep(deadline.due_at + HOUR) == 3
    assert sorted(n.recipient.username for n in Notification.objects.all()) == ["inspector1", "inspector2",
                                                                               "office_head1"]
    assert deadline_reminders_sweep(deadline.due_at + 2 * HOUR) == 0
