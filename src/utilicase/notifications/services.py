"""Writes of the inbox. `notify` records its notices once the caller's transaction commits (a
rolled-back change tells no one), each (recipient, event) at most once: the database refuses a
second row, so two sweeps racing still notify once. Email goes out once per notice through
Django's email backend when `settings.NOTIFY_EMAIL` is on and the recipient has an address.

Deadline warnings (approaching, overdue) are the sweep's step `deadline_reminders_sweep`,
registered with the calendar in AppConfig.ready(); approvals and escalations are notified by
the case types' services that create them."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from utilicase.audit.services import audit_record
from utilicase.calendar.kinds import LABELS as KIND_LABELS
from utilicase.calendar.models import Deadline
from utilicase.core import cases
from utilicase.core.i18n import Message
from utilicase.notifications.domain.rules import (
    MAX_LEAD_HOURS,
    MIN_LEAD_HOURS,
    deadline_event,
    in_lead_time,
    worth_warning,
)
from utilicase.notifications.models import Kind, Notification, Preference
from utilicase.notifications.selectors import render_title
from utilicase.org.models import DisciplineGrant, GrantStatus, Role, User
from utilicase.org.permissions import CONFIDENTIAL_TARGET_TYPES
from utilicase.web.targets import TARGET_DESCRIBERS, target_url

log = logging.getLogger(__name__)


def message_json(message: Message | str) -> dict:
    """The stored form of a title: its marked Chinese text and its values."""
    if isinstance(message, Message):
        return {"msgid": message.msgid, "params": {k: str(v) for k, v in message.params.items()}}
    return {"msgid": str(message), "params": {}}


def notify(*, recipients: Iterable[User], kind: str, event_key: str, title: Message | str,
           target_type: str = "", target_id: str = "", clause: str = "", now: datetime) -> None:
    """Tell each active recipient of one event, after the current transaction commits (at once
    outside a transaction). A recipient already told of `event_key` is not told again."""
    if target_type in CONFIDENTIAL_TARGET_TYPES:
        recipients = _discipline_members(recipients)
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient_id=user.pk, kind=kind, event_key=event_key, title=message_json(title),
                                 target_type=target_type, target_id=str(target_id), clause=clause, created_at=now))
    if rows:
        transaction.on_commit(lambda: _deliver(rows, now=now), robust=True)


def _discipline_members(users: Iterable[User]) -> list[User]:
    """Of these users, the discipline inspection members in force (§6.7(iii)(1-6)): the only
    ones a notice about a whistleblower report may reach."""
    users = list(users)
    members = set(DisciplineGrant.objects.filter(
        status=GrantStatus.CONFIRMED, user_id__in=[u.pk for u in users], user__role=Role.DISCIPLINE,
        user__unit_id=F("unit_id")).values_list("user_id", flat=True))
    return [u for u in users if u.pk in members]


def _deliver(rows: list[Notification], *, now: datetime) -> int:
    """Insert the notices the database does not hold yet (a conflicting one is ignored), then
    email them. Returns how many this call found new."""
    keys = {row.event_key for row in rows}
    held = set(Notification.objects.filter(event_key__in=keys, recipient_id__in={r.recipient_id for r in rows})
               .values_list("recipient_id", "event_key"))
    new = [row for row in rows if (row.recipient_id, row.event_key) not in held]
    if not new:
        return 0
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if settings.NOTIFY_EMAIL:
        _email(new, now=now)
    return len(new)


def _email(rows: list[Notification], *, now: datetime) -> None:
    """One email per notice: each row is claimed by setting `emailed_at` where it is still
    empty, so of two processes only one sends; a failed send clears the claim again."""
    pairs = Q()
    for row in rows:
        pairs |= Q(recipient_id=row.recipient_id, event_key=row.event_key)
    pending = Notification.objects.filter(pairs, emailed_at__isnull=True).exclude(recipient__email="") \
        .select_related("recipient")
    for notice in pending:
        if not Notification.objects.filter(pk=notice.pk, emailed_at__isnull=True).update(emailed_at=now):
            continue
        subject, body = email_text(notice)
        try:
            send_mail(subject, body, None, [notice.recipient.email])
        except Exception:  # the notice stays in the inbox; the next event may email again
            log.exception("notification %s: email not sent", notice.pk)
            Notification.objects.filter(pk=notice.pk).update(emailed_at=None)


def email_text(notice: Notification) -> tuple[str, str]:
    """Subject and body in the site's language (Chinese). A notice about a confidential record
    says only that there is one: its title stays in the inbox, behind the sign-in."""
    inbox = settings.SITE_URL.rstrip("/") + reverse("notifications:inbox")
    with translation.override(settings.LANGUAGE_CODE):
        if notice.target_type in CONFIDENTIAL_TARGET_TYPES:
            subject = translation.gettext("您有一条新通知")
            return subject, f"{subject}\n\n{inbox}\n"
        title = render_title(notice)
        url = target_url(notice.target_type, notice.target_id)
        lines = [title, "", inbox]
        if url:
            lines.insert(2, settings.SITE_URL.rstrip("/") + url)
        return title, "\n".join(lines) + "\n"


# -- deadlines: the sweep's step ------------------------------------------------------------------------------------

def _msgid(label) -> str:
    """The marked Chinese text of a lazily translated label."""
    with translation.override(None):
        return str(label)


def _due_text(deadline: Deadline) -> str:
    if deadline.due_date is not None:
        return deadline.due_date.isoformat()
    return timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M")


def deadline_title(deadline: Deadline, what: str, number: str) -> Message:
    kind = _msgid(KIND_LABELS.get(deadline.kind, deadline.kind))
    due = _due_text(deadline)
    if what == Kind.APPROACHING:
        if number:
            return Message(gettext_noop("%(kind)s %(number)s 将于 %(due)s 到期"), kind=kind, number=number, due=due)
        return Message(gettext_noop("%(kind)s 将于 %(due)s 到期"), kind=kind, due=due)
    if number:
        return Message(gettext_noop("%(kind)s %(number)s 已逾期（期限 %(due)s）"), kind=kind, number=number, due=due)
    return Message(gettext_noop("%(kind)s 已逾期（期限 %(due)s）"), kind=kind, due=due)


def _recipients(deadlines: list[Deadline]) -> dict[int, list[User]]:
    """Who is told of each deadline: its owner, or the active staff of its unit when nobody
    owns it; for a confidential record (a whistleblower report) only discipline inspection."""
    unit_ids = {d.owner_unit_id for d in deadlines if d.owner_id is None and d.owner_unit_id is not None}
    staff: dict[int, list[User]] = {}
    for user in User.objects.filter(unit_id__in=unit_ids, is_active=True).order_by("id"):
        staff.setdefault(user.unit_id, []).append(user)
    out = {}
    for d in deadlines:
        if d.owner_id is not None:
            out[d.pk] = [d.owner] if d.owner.is_active else []
        else:
            out[d.pk] = staff.get(d.owner_unit_id, [])
    confidential = [d for d in deadlines if d.target_type in CONFIDENTIAL_TARGET_TYPES]
    if confidential:
        members = {u.pk for u in _discipline_members({u for d in confidential for u in out[d.pk]})}
        for d in confidential:
            out[d.pk] = [u for u in out[d.pk] if u.pk in members]
    return out


def _numbers(deadlines: list[Deadline]) -> dict[tuple[str, str], str]:
    """Each deadline's case number from its target type's describer (one query per type);
    none for a confidential record."""
    ids: dict[str, set[str]] = {}
    for d in deadlines:
        if d.target_type not in CONFIDENTIAL_TARGET_TYPES and d.target_type in TARGET_DESCRIBERS:
            ids.setdefault(d.target_type, set()).add(d.target_id)
    out = {}
    for target_type, target_ids in ids.items():
        for target_id, (number, _party) in TARGET_DESCRIBERS[target_type](sorted(target_ids)).items():
            out[(target_type, target_id)] = number
    return out


def lead_hours_of(user_ids: Iterable[int]) -> dict[int, int]:
    return dict(Preference.objects.filter(user_id__in=list(user_ids)).values_list("user_id", "lead_hours"))


def deadline_reminders_sweep(now: datetime) -> int:
    """Tell the owner (or, unowned, the staff of the owner unit) once when an open deadline
    enters their lead time (`settings.NOTIFY_LEAD_HOURS`, or their own), and once when it runs
    out. Overdue deadlines are looked for back to `settings.NOTIFY_OVERDUE_LOOKBACK_DAYS`.
    Idempotent: a second run tells no one again. Returns how many notices were new."""
    default = settings.NOTIFY_LEAD_HOURS
    longest = max(default, Preference.objects.aggregate(m=Max("lead_hours"))["m"] or 0)
    lookback = timedelta(days=settings.NOTIFY_OVERDUE_LOOKBACK_DAYS)
    deadlines = list(Deadline.objects.filter(met_at__isnull=True, due_at__gt=now - lookback,
                                             due_at__lte=now + timedelta(hours=longest))
                     .select_related("owner").order_by("due_at", "id"))
    if not deadlines:
        return 0
    recipients = _recipients(deadlines)
    numbers = _numbers(deadlines)
    leads = lead_hours_of({u.pk for users in recipients.values() for u in users})
    rows = []
    unowned: set[tuple[int, str]] = set()  # (recipient, event) of the deadlines nobody owns
    staff: dict[int, User] = {}
    for d in deadlines:
        number = numbers.get((d.target_type, d.target_id), "")
        if d.due_at <= now:
            users, what = recipients[d.pk], Kind.OVERDUE
        else:
            what = Kind.APPROACHING
            users = [u for u in recipients[d.pk]
                     if in_lead_time(due_at=d.due_at, now=now, lead_hours=leads.get(u.pk, default))
                     and worth_warning(start_at=d.start_at, due_at=d.due_at, lead_hours=leads.get(u.pk, default))]
        title = message_json(deadline_title(d, what, number))
        rows += [Notification(recipient_id=u.pk, kind=what, event_key=deadline_event(d.pk, what), title=title,
                              target_type=d.target_type, target_id=d.target_id, clause=d.clause, created_at=now)
                 for u in users]
        if d.owner_id is None:
            unowned.update((u.pk, deadline_event(d.pk, what)) for u in users)
            staff.update({u.pk: u for u in users})
    rows = _who_may_open(rows, unowned, staff)
    return _deliver(rows, now=now) if rows else 0


def _who_may_open(rows: list[Notification], unowned: set[tuple[int, str]], staff: dict[int, User]) -> list[Notification]:
    """Without the notices of a unit's unowned deadline to a member who may not open its case (an
    office's field worker and the office's inspection orders): the notice's link would answer 404.
    Checked only for notices not held yet, one query per member and case type (core.cases.openable)."""
    pending = [r for r in rows if (r.recipient_id, r.event_key) in unowned and r.target_type in cases.CASE_TYPES]
    if not pending:
        return rows
    held = set(Notification.objects.filter(event_key__in={r.event_key for r in pending},
                                           recipient_id__in={r.recipient_id for r in pending})
               .values_list("recipient_id", "event_key"))
    asked: dict[int, set[tuple[str, str]]] = {}
    for r in pending:
        if (r.recipient_id, r.event_key) not in held:
            asked.setdefault(r.recipient_id, set()).add((r.target_type, r.target_id))
    opens = {recipient_id: cases.openable(staff[recipient_id], keys) for recipient_id, keys in asked.items()}
    refused = {(r.recipient_id, r.event_key) for r in pending
               if r.recipient_id in opens and (r.target_type, r.target_id) not in opens[r.recipient_id]}
    return [r for r in rows if (r.recipient_id, r.event_key) not in refused]


# -- the reader's own changes ---------------------------------------------------------------------------------------

def mark_read(*, user: User, notification_id: int, now: datetime) -> Notification:
    """Mark one of the user's own notices read (another's is missing: DoesNotExist)."""
    notice = Notification.objects.get(pk=notification_id, recipient=user)
    if notice.read_at is None:
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=now)
        notice.read_at = now
    return notice


def mark_all_read(*, user: User, now: datetime) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now)


class PreferenceInvalid(ValueError):
    """Bad input to a preference: (field, marked message); nothing is stored."""


@transaction.atomic
def preference_set(*, user: User, lead_hours: int | None, now: datetime) -> Preference | None:
    """Set (or, with None, clear back to the site's default) the user's lead time in hours."""
    before = Preference.objects.filter(user=user).values_list("lead_hours", flat=True).first()
    if lead_hours is None:
        Preference.objects.filter(user=user).delete()
        preference = None
    else:
        if not MIN_LEAD_HOURS <= lead_hours <= MAX_LEAD_HOURS:
            raise PreferenceInvalid("lead_hours", Message(gettext_noop("提前提醒小时数须在 %(min)s 到 %(max)s 之间。"),
                                                          min=MIN_LEAD_HOURS, max=MAX_LEAD_HOURS))
        preference, _ = Preference.objects.update_or_create(user=user, defaults={"lead_hours": lead_hours})
    audit_record(actor=user, action="notifications.preference.set", target=user, now=now,
                 before={"lead_hours": before}, after={"lead_hours": lead_hours})
    return preference
