"""The working-day calendar's stored data (administrator-loaded State Council notices) and the
deadlines every case type opens: one row per obligation with a time limit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayNotice(models.Model):
    """One year's State Council holiday notice as an administrator pasted it. It replaces the
    `holidays` package's data for that year and makes the year official. Written only by
    `holiday_notice_load`."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    rest_days = models.JSONField(_("放假日期"), default=list, help_text=_("ISO 日期列表，含周末"))
    working_days = models.JSONField(_("调休上班日期"), default=list, help_text=_("ISO 日期列表"))
    notice_text = models.TextField(_("通知原文"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("导入人"),
    )
    loaded_at = models.DateTimeField(_("导入时间"))

    class Meta:
        verbose_name = _("节假日安排通知")
        verbose_name_plural = _("节假日安排通知")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=1900, year__lte=2100),
                                   name="workcalendar_notice_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.year}"


class Deadline(models.Model):
    """An obligation with a time limit: what (`kind`, `clause`), on which record (`target_type`
    "app_label.model" + `target_id`), whose (`owner`, `owner_unit`), from when, and until when.

    `due_at` is the exclusive instant the limit ends (for N working days: 00:00 after the Nth
    working day). Met in time means done strictly before `due_at` (core.workdays.met_in_time). Overdue is never
    stored: it is `due_at <= now and met_at is null`, derived when
    read (see selectors). Written only through the services."""

    kind = models.CharField(_("事项"), max_length=60)
    clause = models.CharField(_("条款"), max_length=30, blank=True)
    target_type = models.CharField(_("对象类型"), max_length=100)
    target_id = models.CharField(_("对象编号"), max_length=64)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines",
        verbose_name=_("责任人"),
    )
    owner_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines",
        verbose_name=_("责任单位"),
    )
    start_at = models.DateTimeField(_("起算时间"))
    working_days = models.PositiveIntegerField(_("工作日数"), null=True, blank=True)
    minutes = models.PositiveIntegerField(_("分钟数"), null=True, blank=True)
    due_at = models.DateTimeField(_("截止时间"))
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    provisional = models.BooleanField(_("暂定"), default=False)
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["owner", "met_at", "due_at"], name="workcal_deadline_owner_open"),
            models.Index(fields=["owner_unit", "met_at", "due_at"], name="workcal_deadline_unit_open"),
            # A unit's unowned open deadlines in due order (home page), without its owned ones.
            models.Index(fields=["owner_unit", "due_at", "id"], name="workcal_deadline_unowned_open",
                         condition=models.Q(owner__isnull=True, met_at__isnull=True)),
            models.Index(fields=["target_type", "target_id"], name="workcal_deadline_target"),
            models.Index(fields=["met_at", "provisional"], name="workcal_deadline_provisional"),
        ]
        constraints = [
            # Exactly one kind of limit; working-day limits end on a date, minute limits do not.
            models.CheckConstraint(
                condition=(
                    models.Q(working_days__isnull=False, minutes__isnull=True, due_date__isnull=False)
                    | models.Q(working_days__isnull=True, minutes__isnull=False, due_date__isnull=True)
                ),
                name="workcalendar_deadline_one_limit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.target_type}#{self.target_id}"
