"""Reads of the inbox: always the reader's own notices, never anyone else's."""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext

from utilicase.core.i18n import Message, translated
from utilicase.notifications.models import Notification, Preference
from utilicase.web.targets import target_url

UNREAD_CAP = 99  # the navigation shows "99+" past it


def inbox(*, user) -> QuerySet[Notification]:
    """The user's notices, unread first, newest first."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return (Notification.objects.filter(recipient=user)
            .annotate(read_rank=Case(When(read_at__isnull=True, then=Value(0)), default=Value(1),
                                     output_field=IntegerField()))
            .order_by("read_rank", "-created_at", "-id"))


def unread_count(*, user, cap: int = UNREAD_CAP) -> int:
    """How many unread notices the user has, counted up to cap + 1 (one small indexed query)."""
    if not user.is_authenticated:
        return 0
    return len(Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("pk", flat=True)[: cap + 1])


def render_title(notice: Notification) -> str:
    """The notice's title in the active language."""
    title = notice.title or {}
    params = title.get("params") or {}
    msgid = title.get("msgid", "")
    try:
        return translated(Message(msgid, **params), gettext) if params else gettext(msgid)
    except (KeyError, TypeError, ValueError):  # a catalogue entry that does not fit its values
        return Message(msgid, **params) if params else msgid


def decorate(rows) -> list[Notification]:
    """Set `text` and `url` (the case's page, when it has one) on each row."""
    for row in rows:
        row.text = render_title(row)
        row.url = target_url(row.target_type, row.target_id) if row.target_type else None
    return rows


def lead_hours(*, user) -> int | None:
    """The user's own lead time, or None for the site's default."""
    return Preference.objects.filter(user=user).values_list("lead_hours", flat=True).first()
