"""Notifications API: the caller's own inbox, and marking a notice read."""

from datetime import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from utilicase.notifications import selectors, services
from utilicase.notifications.models import Notification

router = Router(tags=["notifications"])

MAX_LIMIT = 100
MAX_OFFSET = 100_000  # a database offset must stay a 64-bit integer; no inbox is read that far


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    clause: str
    target_type: str
    target_id: str
    url: str | None = None
    created_at: datetime
    read_at: datetime | None = None


class InboxOut(Schema):
    unread: int
    items: list[NotificationOut]


def _out(notice: Notification) -> dict:
    return {"id": notice.pk, "kind": notice.kind, "title": notice.text, "clause": notice.clause,
            "target_type": notice.target_type, "target_id": notice.target_id, "url": notice.url,
            "created_at": notice.created_at, "read_at": notice.read_at}


@router.get("", response=InboxOut, summary="The caller's notifications, unread first, newest first")
def inbox(request: HttpRequest, unread_only: bool = False, offset: int = Query(0, ge=0, le=MAX_OFFSET),
          limit: int = Query(25, ge=1, le=MAX_LIMIT)):
    """`unread` counts the unread ones up to 100 (100 means "more than 99"); `offset` at most
    100,000 (a list read further is narrowed with `unread_only`)."""
    rows = selectors.inbox(user=request.auth)
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    items = selectors.decorate(list(rows[offset: offset + limit]))
    return {"unread": selectors.unread_count(user=request.auth), "items": [_out(n) for n in items]}


@router.post("/{int:notification_id}/read", response=NotificationOut, summary="Mark one notification read")
def read(request: HttpRequest, notification_id: int):
    """Another user's notification answers 404, as a missing one does."""
    try:
        notice = services.mark_read(user=request.auth, notification_id=notification_id, now=timezone.now())
    except Notification.DoesNotExist:
        raise HttpError(404, "no such notification") from None
    return _out(selectors.decorate([notice])[0])
