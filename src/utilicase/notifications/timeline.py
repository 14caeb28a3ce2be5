"""The labels of the actions notifications writes, as a timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "notifications.preference.set": _("通知提前量已设置"),
}
