"""Accident cases (事故调查, §2.7): a customer's equipment accident, from the report to the
result notice's re-inspection; the investigation entries (§2.7(1)), the four don't-let-go items
with their records (§2.7(4)), the compensation (§2.7(5)) and other damage claims.

Case numbers are `SG` + year + six digits (`SG2026000123`): 事故 → SG, numbering key "accidents".
Documents (survey record, transcript, accident report, result notice) and the evidence register
(§2.7(3), as §2.6(2)) attach generically (target type `accidents.accidentcase`); the
compensation is a receivable in billing (same target).

Every row here is written by `accidents.services` only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.accidents.domain import transitions as table
from utilicase.org.models import Utility


class Status(models.TextChoices):
    REPORTED = table.REPORTED, _("已报告")
    ON_SITE = table.ON_SITE, _("已到达现场")
    INVESTIGATED = table.INVESTIGATED, _("调查已结束")
    REPORT_FILED = table.REPORT_FILED, _("调查报告已完成")
    NOTICE_ISSUED = table.NOTICE_ISSUED, _("结果通知书已送达")
    RECTIFIED = table.RECTIFIED, _("整改已复查")
    REFERRED = table.REFERRED, _("已报公司管理部门")
    CLOSED = table.CLOSED, _("已结案")


class Item(models.TextChoices):
    CAUSE_FOUND = table.CAUSE_FOUND, _("事故原因已查清")
    RESPONSIBLE_DEALT_WITH = table.RESPONSIBLE_DEALT_WITH, _("责任人员已处理")
    MEASURES_TAKEN = table.MEASURES_TAKEN, _("整改措施已落实")
    PEOPLE_EDUCATED = table.PEOPLE_EDUCATED, _("有关人员已受到教育")


class ClaimStatus(models.TextChoices):
    ASSESSED = "ASSESSED", _("已评估")
    CLAIMED = "CLAIMED", _("已索赔")
    SETTLED = "SETTLED", _("已结清")


OPEN = ~models.Q(status=Status.CLOSED)
WORK_ORDER = ["next_due_at", "reported_at", "id"]


class AccidentCase(models.Model):
    """An equipment accident of one customer (§2.7)."""

    number = models.CharField(_("案件编号"), max_length=20, unique=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.REPORTED)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="accident_cases",
                                 verbose_name=_("客户"))
    office = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="accident_cases",
                               verbose_name=_("营业所"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="accident_cases",
                                        verbose_name=_("调查人员"))
    description = models.TextField(_("事故情况"))
    accident_at = models.DateTimeField(_("事故发生时间"), null=True, blank=True)
    # §2.7(2): the report, going at once.
    reported_at = models.DateTimeField(_("报告时间"))
    reported_by_name = models.CharField(_("报告人"), max_length=100, blank=True)
    dispatched_at = models.DateTimeField(pgettext_lazy("accident dispatch", "出发时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    identity_shown = models.BooleanField(_("已出示证件"), default=False)
    # §2.7(1): the customer's witness.
    witness_name = models.CharField(_("客户方见证人"), max_length=100, blank=True)
    # §2.7(2): the cause, its removal, restoration.
    supply_interrupted = models.BooleanField(_("客户已停电"), default=True)
    cause = models.TextField(_("事故原因"), blank=True)
    investigation_ended_at = models.DateTimeField(_("调查结束时间"), null=True, blank=True)
    cause_removed_at = models.DateTimeField(_("确认原因消除时间"), null=True, blank=True)
    cause_removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("确认人"))
    cause_removed_note = models.TextField(_("原因消除情况"), blank=True)
    restored_at = models.DateTimeField(_("恢复供电时间"), null=True, blank=True)
    # §2.7(4): the report within 5 working days of the end of the investigation.
    report_deadline = models.ForeignKey("workcalendar.Deadline", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("报告期限"))
    report_filed_at = models.DateTimeField(_("报告完成时间"), null=True, blank=True)
    report_number = models.CharField(_("调查报告文号"), max_length=80, blank=True)
    countermeasures = models.TextField(_("反事故措施"), blank=True)
    # §2.7(5): compensation.
    compensation_input = models.JSONField(_("赔偿计算参数"), default=dict, blank=True)
    compensation_result = models.JSONField(_("赔偿计算结果"), default=dict, blank=True)
    compensation = models.DecimalField(_("赔偿金额（元）"), max_digits=14, decimal_places=2, default=0)
    compensation_calculated_at = models.DateTimeField(_("赔偿计算时间"), null=True, blank=True)
    compensation_charged_at = models.DateTimeField(_("赔偿应收款生成时间"), null=True, blank=True)
    # §2.7(6): the result notice, re-inspection, referral.
    notice_number = models.CharField(_("结果通知书文号"), max_length=80, blank=True)
    notice_issued_at = models.DateTimeField(_("结果通知书送达时间"), null=True, blank=True)
    rectification_date = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_deadline = models.ForeignKey("workcalendar.Deadline", null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+",
                                               verbose_name=_("整改期限"))
    reinspected_at = models.DateTimeField(_("复查时间"), null=True, blank=True)
    reinspected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("复查人"))
    reinspection_note = models.TextField(_("复查情况"), blank=True)
    refused_at = models.DateTimeField(_("客户拒不整改登记时间"), null=True, blank=True)
    refusal_note = models.TextField(_("拒不整改情况"), blank=True)
    referred_at = models.DateTimeField(_("报公司管理部门时间"), null=True, blank=True)
    referral_note = models.TextField(_("报告内容"), blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closing_note = models.TextField(_("结案说明"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("登记人"))
    created_at = models.DateTimeField(_("登记时间"))
    next_due_at = models.DateTimeField(_("最近期限"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("事故调查案件")
        verbose_name_plural = _("事故调查案件")
        ordering = ["-reported_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status"], name="accidents_office_status"),
            *(models.Index(fields=[*key, *WORK_ORDER], name=name, condition=OPEN)
              for key, name in (([], "accidents_open_due"), (["office"], "accidents_open_office_due"))),
        ]

    def __str__(self) -> str:
        return self.number


class Entry(models.Model):
    """What was done or asked during the investigation (§2.7(1)): by the customer's people, with
    the inspectors assisting and the questions raised with the customer."""

    case = models.ForeignKey(AccidentCase, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(_("时间"))
    text = models.TextField(_("内容"))
    operated_by = models.CharField(_("操作人（客户方）"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("调查记录")
        verbose_name_plural = _("调查记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.at:%Y-%m-%d %H:%M}"


class DontLetGo(models.Model):
    """One of the four don't-let-go items (四不放过, §2.7(4)) with its record."""

    case = models.ForeignKey(AccidentCase, on_delete=models.PROTECT, related_name="items")
    item = models.CharField(_("事项"), max_length=30, choices=Item.choices)
    record = models.TextField(_("落实情况"), blank=True)
    done_at = models.DateTimeField(_("落实时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name=_("登记人"))

    class Meta:
        verbose_name = _("四不放过事项")
        verbose_name_plural = _("四不放过事项")
        ordering = ["case_id", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "item"], name="accidents_one_item_each")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_item_display()}"


class Damage(models.Model):
    """Other damage caused by the accident (§2.7(5)): its assessment and the claim."""

    case = models.ForeignKey(AccidentCase, on_delete=models.PROTECT, related_name="damages")
    description = models.TextField(_("损失情况"))
    assessment = models.TextField(_("评估情况"))
    assessed_amount = models.DecimalField(_("评估金额（元）"), max_digits=14, decimal_places=2)
    claim = models.TextField(_("索赔情况"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.ASSESSED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("其他损失")
        verbose_name_plural = _("其他损失")
        ordering = ["recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(assessed_amount__gte=0),
                                              name="accidents_damage_not_negative")]

    def __str__(self) -> str:
        return f"{self.case} {self.assessed_amount}"
