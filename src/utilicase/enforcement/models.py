"""Enforcement cases (违约用电、窃电查处, chapter 1, §2.6(2)-(5)): the case of a violation of use
or a theft, the §1.2(2) suspension applications with their two approvals, the suspensions (and
limitations) of supply with what was told on site (§1.3), and the referrals (§1.1, §2.6(4)-(5)).

Case numbers are `CC` + year + six digits (`CC2026000123`): 查处 → CC, the year the case was
opened, a gapless per-year sequence (numbering key "enforcement").

The documents of a case (violation or theft notice, survey record, transcript, suspension
notice, restoration notice) and its evidence register attach to it generically (target type
`enforcement.enforcementcase`). Its fees are receivables in billing (same target).

Every row here is written by `enforcement.services` only; `status` and `supply` never by a form
or the admin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilicase.enforcement.domain import transitions as table
from utilicase.org.models import Utility


class Kind(models.TextChoices):
    VIOLATION = table.VIOLATION, _("违约用电")
    THEFT = table.THEFT, _("窃电")


class Source(models.TextChoices):
    FINDING = table.FROM_FINDING, _("检查发现")
    ON_SITE = table.ON_SITE_OPENED, _("现场查获")


class Status(models.TextChoices):
    DISCOVERED = table.DISCOVERED, _("已立案")
    NOTICE_SERVED = table.NOTICE_SERVED, _("通知书已送达")
    FEES_CALCULATED = table.FEES_CALCULATED, _("费用已计算")
    FEES_DUE = table.FEES_DUE, _("待缴费")
    PAID = table.PAID, _("已缴清")
    REFERRED = table.REFERRED, _("已移送")
    CLOSED = table.CLOSED, _("已结案")


class Supply(models.TextChoices):
    NORMAL = table.NORMAL, _("正常供电")
    SUSPENDED = table.SUSPENDED, _("已停电")
    LIMITED = table.LIMITED, _("已限电")
    RESTORED = table.RESTORED, _("已恢复供电")


class Scope(models.TextChoices):
    FULL = table.FULL, _("停止供应")
    LIMITED = table.PARTIAL, _("限制供应")


class Path(models.TextChoices):
    ON_SITE = table.ON_SITE, _("现场停电（居民、一般客户窃电）")
    APPROVED = table.APPROVED_PATH, _("两级审批后停电（重要客户窃电）")
    UNPAID = table.UNPAID, _("逾期未交费停电")


class ApplicationStatus(models.TextChoices):
    PENDING_REVIEW = table.PENDING_REVIEW, _("待企业主管副经理审核")
    PENDING_APPROVAL = table.PENDING_APPROVAL, _("待股份公司主管副经理批准")
    APPROVED = table.A_APPROVED, _("已批准")
    REJECTED = table.A_REJECTED, _("已驳回")
    USED = table.A_USED, _("已执行停电")


class ReferralReason(models.TextChoices):
    REFUSED_TO_PAY = table.REFUSED_TO_PAY, _("拒交费用")
    UNPAID_SUSPENDED = table.UNPAID_SUSPENDED, _("停电后仍未交费")
    REFUSED_TO_COOPERATE = table.REFUSED_TO_COOPERATE, _("拒不配合、拒绝处理")
    LARGE_AMOUNT = table.LARGE_AMOUNT, _("窃电数额巨大")


class Recipient(models.TextChoices):
    POWER_ADMINISTRATION = table.POWER_ADMINISTRATION, _("电力管理部门")
    JUDICIAL = table.JUDICIAL, _("司法机关")
    MANAGEMENT = table.MANAGEMENT, _("管理部门")
    PUBLIC_SECURITY = table.PUBLIC_SECURITY, _("公安机关（追究刑事责任）")
    ADMINISTRATIVE = table.ADMINISTRATIVE, _("行政主管部门（追究行政责任）")


class CustomerResponse(models.TextChoices):
    COOPERATED = "COOPERATED", _("配合")
    REFUSED_THEN_COOPERATED = "REFUSED_THEN_COOPERATED", _("经解释后配合")
    REFUSED = "REFUSED", _("拒绝配合")
    OBSTRUCTED = "OBSTRUCTED", _("拒绝并强行阻挠")
    ABSENT = "ABSENT", _("客户不在场")


OPEN = ~models.Q(status=Status.CLOSED)
WORK_ORDER = ["next_due_at", "discovered_at", "id"]


class EnforcementCase(models.Model):
    """A violation-of-use or theft case (§2.6(2)-(5)) of one customer and utility."""

    number = models.CharField(_("案件编号"), max_length=20, unique=True)
    kind = models.CharField(_("案件类别"), max_length=20, choices=Kind.choices)
    source = models.CharField(_("案件来源"), max_length=20, choices=Source.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DISCOVERED)
    supply = models.CharField(_("供电状态"), max_length=20, choices=Supply.choices, default=Supply.NORMAL)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="enforcement_cases",
                                 verbose_name=_("客户"))
    office = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="enforcement_cases",
                               verbose_name=_("营业所"))  # the customer's business office
    # The customer's class and voltage when the case was opened: they decide the suspension path (§1.2).
    customer_class = models.CharField(_("客户类别"), max_length=20)
    voltage_level = models.CharField(_("电压等级"), max_length=10)
    inspection_order = models.ForeignKey("inspections.InspectionOrder", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="enforcement_cases",
                                         verbose_name=_("检查工作单"))
    finding = models.OneToOneField("inspections.Finding", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="enforcement_case", verbose_name=_("检查发现的问题"))
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="enforcement_cases",
                                        verbose_name=_("承办检查人员"))
    facts = models.TextField(_("违约或窃电事实"))
    discovered_at = models.DateTimeField(_("发现时间"))
    # §2.6(3): the act is stopped at once: how and when.
    act_stopped_at = models.DateTimeField(_("制止时间"), null=True, blank=True)
    act_stopped_how = models.TextField(_("制止方式"), blank=True)
    act_stopped_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+", verbose_name=_("制止人"))
    notice_served_at = models.DateTimeField(_("通知书送达时间"), null=True, blank=True)

    # §2.6(4): the fees, as calculated (input and the calculator's answer with its breakdown).
    fee_input = models.JSONField(_("计算参数"), default=dict, blank=True)
    fee_result = models.JSONField(_("计算结果"), default=dict, blank=True)
    rule_set = models.CharField(_("计算依据"), max_length=20, blank=True)
    back_billing = models.DecimalField(_("追补费用（元）"), max_digits=14, decimal_places=2, default=0)
    violation_fee = models.DecimalField(_("违约使用费（元）"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("合计（元）"), max_digits=14, decimal_places=2, default=0)
    fees_calculated_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    fees_calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+", verbose_name=_("计算人"))
    due_date = models.DateField(_("缴费期限"), null=True, blank=True)
    charged_at = models.DateTimeField(_("生成应收款时间"), null=True, blank=True)
    paid_at = models.DateTimeField(_("缴清时间"), null=True, blank=True)

    # §2.6(4): the correction accepted, the liability borne.
    correction_accepted_at = models.DateTimeField(_("整改验收时间"), null=True, blank=True)
    correction_accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+",
                                               verbose_name=_("整改验收人"))
    correction_note = models.TextField(_("整改情况"), blank=True)
    liability_borne_at = models.DateTimeField(_("承担责任登记时间"), null=True, blank=True)
    liability_borne_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人"))
    liability_note = models.TextField(_("承担责任情况"), blank=True)

    restored_at = models.DateTimeField(_("恢复供电时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    closing_note = models.TextField(_("结案说明"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("立案人"))
    created_at = models.DateTimeField(_("立案时间"))
    # The earliest due time of the case's open deadlines (the post-hoc report of an on-site
    # suspension, §1.2(1)), kept by `services.case_sync_due` (a due listener of the calendar).
    next_due_at = models.DateTimeField(_("最近期限"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("违约用电、窃电案件")
        verbose_name_plural = _("违约用电、窃电案件")
        ordering = ["-discovered_at", "-id"]
        indexes = [
            models.Index(fields=["office", "status"], name="enforcement_office_status"),
            models.Index(fields=["status", "due_date"], name="enforcement_status_due"),
            *(models.Index(fields=[*key, *WORK_ORDER], name=name, condition=OPEN)
              for key, name in (([], "enforcement_open_due"), (["office"], "enforcement_open_office_due"))),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source=table.ON_SITE_OPENED) | models.Q(inspection_order__isnull=False),
                name="enforcement_finding_has_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class SuspensionApplication(models.Model):
    """An inspector's application to suspend an important customer's supply (§1.2(2)): reviewed by
    the enterprise deputy manager, then approved by the company deputy manager; a rejection at
    either step ends it with its reason."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("状态"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.PENDING_REVIEW)
    scope = models.CharField(_("停(限)供方式"), max_length=10, choices=Scope.choices, default=Scope.FULL)
    reason = models.TextField(_("申请理由"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("申请人"))
    applied_at = models.DateTimeField(_("申请时间"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approval_comment = models.TextField(_("批准意见"), blank=True)
    rejected_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("驳回人"))
    rejected_at = models.DateTimeField(_("驳回时间"), null=True, blank=True)
    rejection_reason = models.TextField(_("驳回理由"), blank=True)

    class Meta:
        verbose_name = _("停电申请")
        verbose_name_plural = _("停电申请")
        ordering = ["applied_at", "id"]
        indexes = [models.Index(fields=["status", "applied_at"], name="enforcement_application_status")]
        constraints = [
            # One application in work per case at a time.
            models.UniqueConstraint(fields=["case"], condition=models.Q(status__in=sorted(table.APPLICATION_OPEN)),
                                    name="enforcement_one_open_application"),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True) | (
                    models.Q(reviewed_by__isnull=False) & ~models.Q(approved_by=models.F("reviewed_by"))
                    & ~models.Q(approved_by=models.F("applied_by"))),
                name="enforcement_application_two_people",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_status_display()}"


class Suspension(models.Model):
    """A suspension or limitation of the customer's supply, the path it followed and what was told
    on site (§1.3); its restoration (§2.6(4)). For the §1.2(1) path, the post-hoc report to the
    office head (its deadline, when filed)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="suspensions")
    path = models.CharField(_("停电程序"), max_length=20, choices=Path.choices)
    scope = models.CharField(_("停(限)供方式"), max_length=10, choices=Scope.choices)
    application = models.OneToOneField(SuspensionApplication, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="suspension", verbose_name=_("停电申请"))
    notice_number = models.CharField(_("停(限)电通知单文号"), max_length=80, blank=True)
    suspended_at = models.DateTimeField(_("停(限)电时间"))
    suspended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("执行人"))
    # §1.3: on site.
    legal_basis = models.CharField(_("告知的停电依据"), max_length=60)
    legal_basis_label = models.CharField(_("依据（规定及条款）"), max_length=200)
    customer_response = models.CharField(_("客户答复"), max_length=30, choices=CustomerResponse.choices)
    response_note = models.TextField(_("现场情况"), blank=True)
    police_called_at = models.DateTimeField(_("报警（110）时间"), null=True, blank=True)
    superior_reported_at = models.DateTimeField(_("报告上级时间"), null=True, blank=True)
    superior_name = models.CharField(_("报告的上级"), max_length=100, blank=True)
    # §1.2(1): the post-hoc report to the office head.
    report_deadline = models.ForeignKey("workcalendar.Deadline", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("报告期限"))
    report_due_at = models.DateTimeField(_("报告截止时间"), null=True, blank=True, editable=False)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("报告人"))
    report_text = models.TextField(_("报告内容"), blank=True)
    restored_at = models.DateTimeField(_("恢复供电时间"), null=True, blank=True)
    restored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("恢复人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("停(限)电记录")
        verbose_name_plural = _("停(限)电记录")
        ordering = ["suspended_at", "id"]
        indexes = [
            models.Index(fields=["report_due_at", "id"], name="enforcement_report_open_due",
                         condition=models.Q(report_deadline__isnull=False, reported_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(restored_at__isnull=True),
                                    name="enforcement_one_active_suspension"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_scope_display()} {self.suspended_at:%Y-%m-%d}"


class Referral(models.Model):
    """A referral (§1.1, §2.6(4)-(5)): why, to whom, when, with which documents; the outcome."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="referrals")
    reason = models.CharField(_("移送理由"), max_length=30, choices=ReferralReason.choices)
    recipient = models.CharField(_("移送单位"), max_length=30, choices=Recipient.choices)
    clause = models.CharField(_("依据条款"), max_length=20)
    referred_on = models.DateField(_("移送日期"))
    documents = models.TextField(_("移送材料"))
    outcome = models.TextField(_("处理结果"), blank=True)
    outcome_at = models.DateTimeField(_("结果登记时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("移送")
        verbose_name_plural = _("移送")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.case} → {self.get_recipient_display()}"
