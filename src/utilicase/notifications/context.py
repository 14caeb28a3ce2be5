"""Context processor: the inbox link of the navigation with its unread count, counted only
when a page shows it (one small query)."""

from django.urls import reverse
from django.utils.functional import cached_property

from utilicase.notifications.selectors import UNREAD_CAP, unread_count


class InboxLink:
    def __init__(self, user):
        self.user = user
        self.url = reverse("notifications:inbox")

    @cached_property
    def unread(self) -> str:
        count = unread_count(user=self.user)
        return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count) if count else ""


def inbox_link(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_link": InboxLink(user)}
