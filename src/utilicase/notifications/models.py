"""The in-app inbox: one row per person told of one event (a deadline entering its lead time,
a deadline running out, an application awaiting their decision, an escalation). The pair
(recipient, event key) is unique, so the database itself refuses a second notice of the same
event, also when two sweeps race. Written only by the services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    APPROACHING = "approaching", _("期限临近")
    OVERDUE = "overdue", _("已逾期")
    APPROVAL = "approval", _("待审批")
    ESCALATION = "escalation", _("督办")


class Notification(models.Model):
    """`title` is the reader-independent form of what it says: {"msgid": marked Chinese text,
    "params": values, themselves marked text where they are words}, rendered in the reader's
    language when shown. It never carries a whistleblower report's content."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications",
                                  verbose_name=_("接收人"))
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    event_key = models.CharField(_("事件"), max_length=200)
    title = models.JSONField(_("标题"))
    target_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    clause = models.CharField(_("条款"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event_key"], name="notifications_once_per_event"),
        ]
        indexes = [
            # The inbox (unread first, newest first) and the unread count of the navigation.
            models.Index(fields=["recipient", "read_at", "-created_at"], name="notifications_inbox"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_key} → {self.recipient_id}"


class Preference(models.Model):
    """A person's own lead time for deadline warnings (none: the site's default)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preference", verbose_name=_("用户"))
    lead_hours = models.PositiveIntegerField(_("提前提醒小时数"))

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")
        constraints = [
            models.CheckConstraint(condition=models.Q(lead_hours__gte=1, lead_hours__lte=720),
                                   name="notifications_lead_hours_range"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.lead_hours} h"
