"""Inspections (用电检查, §2.4, §2.5, §2.6(1)): monthly plans and their entries, inspection
orders (检查工作单) with their assigned inspectors, the operations on customer equipment,
findings, and the rectification loop with its referrals.

Order numbers are `JC` + year + six digits (`JC2026000123`): 检查 → JC, the year the order was
opened, a gapless per-year sequence (numbering key "inspection"), like complaints' `TS…`.

Every row here is written by `inspections.services` only; `status` never by a form or the admin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilicase.inspections.domain import transitions as table
from utilicase.org.models import Utility


class Kind(models.TextChoices):
    ROUTINE = table.ROUTINE, _("日常检查")
    SPECIAL = table.SPECIAL, _("专项检查")
    ACCIDENT = table.ACCIDENT, _("事故调查")


class Status(models.TextChoices):
    DRAFT = table.DRAFT, _("草稿")
    SUBMITTED = table.SUBMITTED, _("待审批")
    APPROVED = table.APPROVED, _("已审批")
    APPOINTED = table.APPOINTED, _("已预约")
    PREPARED = table.PREPARED, _("准备就绪")
    ARRIVED = table.ARRIVED, _("已到达现场")
    INSPECTING = table.INSPECTING, _("现场检查中")
    LEFT_SITE = table.LEFT_SITE, _("已离开现场")
    ARCHIVED = table.ARCHIVED, _("资料已归档")
    CLOSED = table.CLOSED, _("已结束")


class Trigger(models.TextChoices):
    SUSPICION = table.SUSPICION, _("违约、窃电嫌疑")
    TIP_OFF = table.TIP_OFF, _("举报")


class SuspicionSource(models.TextChoices):
    INSPECTOR = "INSPECTOR", _("检查人员发现")
    METER_DATA = "METER_DATA", _("计量数据异常")
    LINE_LOSS = "LINE_LOSS", _("线损分析")


class AppointmentMethod(models.TextChoices):
    PHONE = "PHONE", _("电话")
    SMS = "SMS", _("短信")
    IN_PERSON = "IN_PERSON", _("当面")
    LETTER = "LETTER", _("书面")


class FindingType(models.TextChoices):
    SAFETY_DEFECT = table.SAFETY_DEFECT, _("安全隐患")
    NATIONAL_RULES = table.NATIONAL_RULES, _("违反国家规定")
    SUSPECTED_VIOLATION = table.SUSPECTED_VIOLATION, _("违约用电嫌疑")
    SUSPECTED_THEFT = table.SUSPECTED_THEFT, _("窃电嫌疑")


class RectificationStatus(models.TextChoices):
    OPEN = table.R_OPEN, _("整改中")
    ACCEPTED = table.R_ACCEPTED, _("已验收")
    REFUSED = table.R_REFUSED, _("拒不整改")


class ReinspectionResult(models.TextChoices):
    NOT_YET = table.NOT_YET, _("未整改到位")
    ACCEPTED = table.ACCEPTED, _("整改合格")


class Recipient(models.TextChoices):
    ECONOMIC_TRADE_COMMISSION = "ECONOMIC_TRADE_COMMISSION", _("经贸委")
    WORK_SAFETY_BUREAU = "WORK_SAFETY_BUREAU", _("安监局")


# Orders still in work, and the work lists' order: soonest due first (none last), then planned date.
OPEN = ~models.Q(status=Status.CLOSED)
WORK_ORDER = ["next_due_at", "planned_date", "id"]


class InspectionPlan(models.Model):
    """A business office's monthly inspection plan for one utility (§2.5(1))."""

    office = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="inspection_plans",
                               verbose_name=_("营业所"))
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    month_date = models.DateField(_("月份"), help_text=_("该月第一天"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("编制人"))
    created_at = models.DateTimeField(_("编制时间"))

    class Meta:
        verbose_name = _("月度检查计划")
        verbose_name_plural = _("月度检查计划")
        ordering = ["-month_date", "office_id", "utility"]
        constraints = [
            models.UniqueConstraint(fields=["office", "utility", "month_date"], name="inspections_plan_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.month_date:%Y-%m} {self.get_utility_display()}"


class PlanEntry(models.Model):
    """One customer of a plan: when, by whom; the routine order generated from it (one at most)."""

    plan = models.ForeignKey(InspectionPlan, on_delete=models.PROTECT, related_name="entries")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("客户"))
    planned_date = models.DateField(_("计划检查日期"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("检查人员"))
    order = models.OneToOneField("InspectionOrder", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="plan_entry", verbose_name=_("检查工作单"))

    class Meta:
        verbose_name = _("计划检查客户")
        verbose_name_plural = _("计划检查客户")
        ordering = ["planned_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "customer"], name="inspections_entry_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.customer}"


class InspectionOrder(models.Model):
    """An inspection order (检查工作单, §2.4(3)) and its stages (§2.4(2))."""

    number = models.CharField(_("工作单编号"), max_length=20, unique=True)
    kind = models.CharField(_("检查类别"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="inspection_orders",
                                 verbose_name=_("客户"))
    office = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="inspection_orders",
                               verbose_name=_("营业所"))  # the customer's business office
    purpose = models.TextField(_("检查目的"))
    items = models.TextField(_("检查内容"), blank=True)
    organiser_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="inspections_organised",
                                       verbose_name=_("组织单位"))
    organiser = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("组织人"))
    # Whose head approves (§2.4(3)): the customer's office (routine) or the organising unit.
    approval_unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="inspections_to_approve",
                                      verbose_name=_("审批单位"))
    approver_role = models.CharField(_("审批人岗位"), max_length=30)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, through="OrderInspector",
                                        related_name="inspection_orders", verbose_name=_("检查人员"))
    planned_date = models.DateField(_("计划检查日期"))
    support_police = models.BooleanField(_("请求公安配合"), default=False)
    support_technical = models.BooleanField(_("请求技术监督配合"), default=False)
    support_note = models.CharField(_("配合说明"), max_length=200, blank=True)

    # §2.6(1): what started a special inspection. A tip-off's source is linked generically (the
    # case registry's target type and id); it is never shown to the inspectors.
    trigger = models.CharField(_("启动原因"), max_length=20, choices=Trigger.choices, blank=True)
    suspicion_source = models.CharField(_("嫌疑来源"), max_length=20, choices=SuspicionSource.choices, blank=True)
    trigger_note = models.TextField(_("启动说明"), blank=True)
    source_type = models.CharField(_("举报来源类型"), max_length=100, blank=True)
    source_id = models.CharField(_("举报来源编号"), max_length=64, blank=True)
    source_number = models.CharField(_("举报来源案号"), max_length=40, blank=True)
    source_linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+", verbose_name=_("关联人"))
    source_linked_at = models.DateTimeField(_("关联时间"), null=True, blank=True)

    submitted_at = models.DateTimeField(_("提交审批时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("审批人"))
    approved_at = models.DateTimeField(_("审批时间"), null=True, blank=True)

    # The appointment (§2.4(2)): when, with whom, how.
    appointment_at = models.DateTimeField(_("预约检查时间"), null=True, blank=True)
    appointment_contact = models.CharField(_("预约对象"), max_length=100, blank=True)
    appointment_method = models.CharField(_("预约方式"), max_length=20, choices=AppointmentMethod.choices, blank=True)
    appointed_at = models.DateTimeField(_("预约登记时间"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("预约人"))

    prepared_at = models.DateTimeField(_("准备完成时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到达现场时间"), null=True, blank=True)
    certificates_shown_at = models.DateTimeField(_("出示检查证时间"), null=True, blank=True)
    inspection_started_at = models.DateTimeField(_("开始检查时间"), null=True, blank=True)
    left_site_at = models.DateTimeField(_("离开现场时间"), null=True, blank=True)
    archived_at = models.DateTimeField(_("归档时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # A suspected violation or theft was found: an enforcement case (step 5) is required.
    enforcement_required_at = models.DateTimeField(_("需立案查处时间"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("开单人"))
    created_at = models.DateTimeField(_("开单时间"))
    # The earliest due time of the order's open deadlines (its rectifications'), a copy kept by
    # the calendar's services (`services.order_sync_due`), so work lists read in due order.
    next_due_at = models.DateTimeField(_("最近期限"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("检查工作单")
        verbose_name_plural = _("检查工作单")
        ordering = ["-planned_date", "-id"]
        indexes = [
            models.Index(fields=["office", "status"], name="inspections_office_status"),
            models.Index(fields=["organiser_unit", "status"], name="inspections_organiser_status"),
            models.Index(fields=["approval_unit", "status", "planned_date"], name="inspections_to_approve"),
            models.Index(fields=["planned_date", "status"], name="inspections_planned"),
            *(models.Index(fields=[*key, *WORK_ORDER], name=name, condition=OPEN)
              for key, name in (([], "inspections_open_due"), (["office"], "inspections_open_office_due"))),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=table.SPECIAL) | models.Q(trigger="", source_type="", source_id="", source_number=""),
                name="inspections_trigger_only_special",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=table.STAGES) | models.Q(approved_at__isnull=False),
                name="inspections_stage_after_approval",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class OrderInspector(models.Model):
    """An inspector assigned to an order; at arrival, whether present and the certificate shown."""

    order = models.ForeignKey(InspectionOrder, on_delete=models.PROTECT, related_name="assignments")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("检查人员"))
    present = models.BooleanField(_("到场"), default=False)
    certificate = models.ForeignKey("org.Certificate", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("出示的检查证"))

    class Meta:
        verbose_name = _("检查人员")
        verbose_name_plural = _("检查人员")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "inspector"], name="inspections_inspector_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.inspector}"


class EquipmentOperation(models.Model):
    """An operation of customer-owned equipment (§2.4(4)): with the customer's consent, by the
    customer's own operator."""

    order = models.ForeignKey(InspectionOrder, on_delete=models.PROTECT, related_name="operations")
    equipment = models.CharField(_("设备"), max_length=200)
    operation = models.CharField(_("操作内容"), max_length=200)
    consent_by = models.CharField(_("同意操作的客户方人员"), max_length=100)
    operator_name = models.CharField(_("客户方操作人员"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("客户设备操作记录")
        verbose_name_plural = _("客户设备操作记录")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.order} {self.equipment}"


class Finding(models.Model):
    """What the inspection found (§2.5(2)), numbered 1, 2, 3… within the order. `evidence_numbers`
    are the register numbers of the order's evidence items (the evidence register attaches to the
    order as a case: target type and id)."""

    order = models.ForeignKey(InspectionOrder, on_delete=models.PROTECT, related_name="findings")
    number = models.PositiveIntegerField(_("序号"))
    finding_type = models.CharField(_("问题类别"), max_length=30, choices=FindingType.choices)
    description = models.TextField(_("问题描述"))
    evidence_numbers = models.JSONField(_("证据登记序号"), default=list, blank=True)
    rectification_required = models.BooleanField(_("须整改"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("检查发现的问题")
        verbose_name_plural = _("检查发现的问题")
        ordering = ["order_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["order", "number"], name="inspections_finding_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order} #{self.number}"


class Rectification(models.Model):
    """A required rectification (§2.5(3)): its deadline, re-inspections, acceptance or refusal."""

    finding = models.OneToOneField(Finding, on_delete=models.PROTECT, related_name="rectification")
    order = models.ForeignKey(InspectionOrder, on_delete=models.PROTECT, related_name="rectifications")
    requirement = models.TextField(_("整改要求"))
    due_date = models.DateField(_("整改期限"))
    deadline = models.ForeignKey("workcalendar.Deadline", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("期限"))
    # A copy of the deadline's due time, for the overdue work list from an index.
    due_at = models.DateTimeField(_("整改截止时间"), editable=False)
    status = models.CharField(_("状态"), max_length=20, choices=RectificationStatus.choices,
                              default=RectificationStatus.OPEN)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("验收人"))
    refused_at = models.DateTimeField(_("拒不整改时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("整改")
        verbose_name_plural = _("整改")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["due_at", "id"], name="inspections_rect_open_due",
                         condition=models.Q(status=table.R_OPEN)),
        ]

    def __str__(self) -> str:
        return f"{self.finding} {self.get_status_display()}"


class Reinspection(models.Model):
    """A follow-up visit to check the rectification (§2.5(3))."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="reinspections")
    result = models.CharField(_("复查结果"), max_length=20, choices=ReinspectionResult.choices)
    note = models.TextField(_("复查说明"), blank=True)
    inspected_on = models.DateField(_("复查日期"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("复查人"))
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("整改复查")
        verbose_name_plural = _("整改复查")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.rectification} {self.get_result_display()}"


class Referral(models.Model):
    """The customer refused to rectify: the matter is reported to the economic and trade
    commission (经贸委) or the work-safety bureau (安监局) (§2.5(3))."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="referrals")
    recipient = models.CharField(_("报送单位"), max_length=30, choices=Recipient.choices)
    referred_on = models.DateField(_("报送日期"))
    documents = models.TextField(_("报送材料"))
    outcome = models.TextField(_("处理结果"), blank=True)
    outcome_at = models.DateTimeField(_("结果登记时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("移送报告")
        verbose_name_plural = _("移送报告")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.rectification} → {self.get_recipient_display()}"
