"""Receivables of cases (fees the customer owes), the payments against them, and the numbered
batches in which fee entries go to the billing (营销) system.

Written only by billing/services.py. A receivable's amount, case and fee type never change; what
is paid is the sum of its payments (kept on the receivable as `paid`, updated under its row lock).
Payments are append-only: a wrong one is corrected by a reversing entry (negative amount) that
names it. A receipt number stands once (payment_record refuses it again, under the receivable's
row lock); once its payment is reversed it may be recorded again, e.g. on the right receivable.
An entry belongs to exactly one export batch (ExportEntry.receivable is unique)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from utilicase.billing.domain import fees


class FeeType(models.TextChoices):
    BACK_BILLING = fees.BACK_BILLING, _("追补费用")
    VIOLATION_FEE = fees.VIOLATION_FEE, _("违约使用费")
    COMPENSATION = fees.COMPENSATION, _("赔偿费用")
    OTHER = fees.OTHER, _("其他费用")


class PaymentSource(models.TextChoices):
    MANUAL = fees.MANUAL, _("人工登记")
    BILLING_API = fees.BILLING_API, _("营销系统接口")
    CSV = fees.CSV, _("文件导入")
    REVERSAL = fees.REVERSAL, _("冲正")


MONEY = {"max_digits": 14, "decimal_places": 2}


class Receivable(models.Model):
    """A fee the customer of a case owes (`target_type`/`target_id`, see core.cases), with the
    breakdown it was calculated from. `unit` is the customer's office when the account is known
    (else the case's enterprise): whoever has it in scope sees the receivable in lists."""

    target_type = models.CharField(_("案件类型"), max_length=100)
    target_id = models.CharField(_("案件编号"), max_length=64)
    case_number = models.CharField(_("案件号"), max_length=60)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)
    account_number = models.CharField(_("户号"), max_length=40)
    customer_name = models.CharField(_("客户名称"), max_length=100, blank=True)
    fee_type = models.CharField(_("费用类别"), max_length=20, choices=FeeType.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    paid = models.DecimalField(_("已缴（元）"), default=Decimal("0.00"), **MONEY)
    due_date = models.DateField(_("缴费期限"))
    breakdown = models.JSONField(_("计算明细"), default=list, blank=True)
    clause = models.CharField(_("条款"), max_length=20)
    enterprise = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("企业"))
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属单位"))
    settled_at = models.DateTimeField(_("缴清时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("创建人"))

    class Meta:
        verbose_name = _("应收费用")
        verbose_name_plural = _("应收费用")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="billing_receivable_target"),
            models.Index(fields=["due_date", "id"], name="billing_receivable_due"),
            models.Index(fields=["enterprise", "id"], name="billing_receivable_enterprise"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="billing_receivable_amount_positive"),
            models.CheckConstraint(condition=Q(paid__gte=0) & Q(paid__lte=F("amount")),
                                   name="billing_receivable_paid_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number} {self.get_fee_type_display()} {self.amount}"

    @property
    def balance(self) -> Decimal:
        return self.amount - self.paid


class Payment(models.Model):
    """A payment against a receivable, or the reversal of one (negative amount, `reverses` set).
    Never changed, never deleted."""

    receivable = models.ForeignKey(Receivable, on_delete=models.PROTECT, related_name="payments",
                                   verbose_name=_("应收费用"))
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    receipt_number = models.CharField(_("收据号"), max_length=60)
    paid_at = models.DateTimeField(_("缴费时间"))
    source = models.CharField(_("来源"), max_length=20, choices=PaymentSource.choices)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name=_("冲正的收款"))
    reason = models.CharField(_("冲正原因"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("登记人"))

    class Meta:
        verbose_name = _("收款")
        verbose_name_plural = _("收款")
        indexes = [models.Index(fields=["receipt_number"], name="billing_payment_receipt")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0)) | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="billing_payment_sign",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.amount}"


class ExportBatch(models.Model):
    """A numbered batch of fee entries for the billing system, per enterprise and year
    (number "2026-0001"); never changed."""

    enterprise = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("企业"))
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence_no = models.PositiveIntegerField(_("序号"))
    entry_count = models.PositiveIntegerField(_("条目数"))
    total = models.DecimalField(_("合计（元）"), **MONEY)
    created_at = models.DateTimeField(_("导出时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("导出人"))

    class Meta:
        verbose_name = _("导出批次")
        verbose_name_plural = _("导出批次")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "year", "sequence_no"], name="billing_batch_number_once"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"{self.year}-{self.sequence_no:04d}"


class ExportEntry(models.Model):
    """A fee entry as exported: what the billing system was told, copied from the receivable.
    A receivable is exported once: in exactly one batch."""

    batch = models.ForeignKey(ExportBatch, on_delete=models.PROTECT, related_name="entries",
                              verbose_name=_("导出批次"))
    line = models.PositiveIntegerField(_("行号"))
    receivable = models.OneToOneField(Receivable, on_delete=models.PROTECT, related_name="export_entry",
                                      verbose_name=_("应收费用"))
    account_number = models.CharField(_("户号"), max_length=40)
    fee_type = models.CharField(_("费用类别"), max_length=20, choices=FeeType.choices)
    amount = models.DecimalField(_("金额（元）"), **MONEY)
    case_number = models.CharField(_("案件号"), max_length=60)
    document_number = models.CharField(_("文号"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("导出条目")
        verbose_name_plural = _("导出条目")
        constraints = [models.UniqueConstraint(fields=["batch", "line"], name="billing_entry_line_once")]

    def __str__(self) -> str:
        return f"{self.batch.number}/{self.line}"
