"""Field service (现场服务, chapter 4): field work orders of the seven kinds of §4.3 with their
assigned workers, appointment (§4.4(1)), checklists (§4.4(2), (4)), arrival (§4.4(3)), finish,
damage and rating (§4.4(5)), meals and lodging (§4.4(6)), and the one-time rating links.

Order numbers are `FW` + year + six digits (numbering key "fieldwork"). A link to another case
(an enforcement case, an inspection order) is a generic reference (`link_type`, `link_id`),
resolved through the case registry (core.cases), never a foreign key to another app.

Every row here is written by `fieldwork.services` only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.fieldwork.domain import transitions as table
from utilicase.org.models import Utility


class Kind(models.TextChoices):
    NEW_CONNECTION = table.NEW_CONNECTION, _("新装接电")
    METERING = table.METERING, _("计量装置装拆、故障处理及校验")
    READING_ARREARS = table.READING_ARREARS, _("抄表及欠费催收")
    FAULT_REPAIR = table.FAULT_REPAIR, _("故障抢修")
    SUSPENSION_RESTORATION = table.SUSPENSION_RESTORATION, _("停电及复电")
    LOAD_MANAGEMENT = table.LOAD_MANAGEMENT, _("负荷管理")
    INSPECTION = table.INSPECTION, _("用电检查")


class Status(models.TextChoices):
    NEW = table.NEW, _("待预约")
    APPOINTED = table.APPOINTED, _("已预约")
    DEPARTED = table.DEPARTED, _("已出发")
    ARRIVED = table.ARRIVED, _("已到达")
    WORKING = table.WORKING, _("作业中")
    COMPLETED = table.COMPLETED, _("已完工")
    CANCELLED = table.CANCELLED, _("已取消")


class ChecklistStage(models.TextChoices):
    BEFORE_LEAVING = table.BEFORE_LEAVING, _("出发前")
    BEFORE_WORK = table.BEFORE_WORK, _("作业前")


class Reached(models.TextChoices):
    CUSTOMER = table.CUSTOMER, _("客户本人")
    OTHER = table.OTHER, _("其他人")


class Remedy(models.TextChoices):
    REPAIR = table.REPAIR, _("修复")
    COMPENSATION = table.COMPENSATION, _("赔偿")


class RatingVia(models.TextChoices):
    ON_SITE = "ON_SITE", _("现场")
    LINK = "LINK", _("评价链接")


OPEN = ~models.Q(status__in=[table.COMPLETED, table.CANCELLED])


class ChecklistItem(models.Model):
    """A configurable checklist item (§4.4(2) before leaving, §4.4(4) before work); a blank
    utility applies to every utility."""

    stage = models.CharField(_("环节"), max_length=20, choices=ChecklistStage.choices)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices, blank=True)
    text = models.CharField(_("检查项"), max_length=200)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("现场服务检查项")
        verbose_name_plural = _("现场服务检查项")
        ordering = ["stage", "position", "id"]

    def __str__(self) -> str:
        return self.text


class FieldWorkOrder(models.Model):
    """A field work order (现场服务工单) of one of the seven kinds of §4.3."""

    number = models.CharField(_("工单编号"), max_length=20, unique=True)
    kind = models.CharField(_("服务类别"), max_length=30, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.NEW)
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="field_work_orders",
                                 verbose_name=_("客户"))
    office = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="field_work_orders",
                               verbose_name=_("营业所"))  # the customer's business office
    description = models.TextField(_("服务内容"))
    link_type = models.CharField(_("关联案件类型"), max_length=100, blank=True)
    link_id = models.CharField(_("关联案件"), max_length=64, blank=True)
    link_number = models.CharField(_("关联案件编号"), max_length=30, blank=True)
    workers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="field_work_orders",
                                     verbose_name=_("现场服务人员"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("开单人"))
    created_at = models.DateTimeField(_("开单时间"))
    # §4.4(1) appointment
    reached = models.CharField(_("接听人"), max_length=10, choices=Reached.choices, blank=True)
    reached_name = models.CharField(_("接听人姓名"), max_length=50, blank=True)
    customer_contact = models.CharField(_("客户联系方式"), max_length=50, blank=True)
    slot_start = models.DateTimeField(_("预约开始时间"), null=True, blank=True)
    slot_end = models.DateTimeField(_("预约结束时间"), null=True, blank=True)
    address = models.CharField(_("服务地址"), max_length=200, blank=True)
    address_confirmed = models.BooleanField(_("地址已确认"), default=False)
    preparation = models.TextField(_("需客户准备事项"), blank=True)
    appointed_at = models.DateTimeField(_("预约时间"), null=True, blank=True)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("预约人"))
    # §4.4(3) delay known beforehand, arrival
    delay_reason = models.CharField(_("延误原因"), max_length=200, blank=True)
    delay_announced_at = models.DateTimeField(_("延误登记时间"), null=True, blank=True)
    delay_notified_at = models.DateTimeField(_("延误告知客户时间"), null=True, blank=True)
    departed_at = models.DateTimeField(pgettext_lazy("field work", "出发时间"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("到达时间"), null=True, blank=True)
    minutes_late = models.PositiveIntegerField(_("迟到分钟数"), default=0)
    apology = models.CharField(_("致歉情况"), max_length=200, blank=True)
    work_started_at = models.DateTimeField(_("开工时间"), null=True, blank=True)
    # §4.4(5) finish
    work_done = models.TextField(_("完成的工作"), blank=True)
    borrowed_items = models.CharField(_("借用物品"), max_length=200, blank=True)
    borrowed_returned = models.BooleanField(_("借用物品已归还"), default=False)
    safety_reminder = models.TextField(_("安全提示"), blank=True)
    safety_reminded_at = models.DateTimeField(_("安全提示时间"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("客户确认时间"), null=True, blank=True)
    confirmed_by_name = models.CharField(_("确认人"), max_length=50, blank=True)
    confirmation_signature_sha256 = models.CharField(max_length=64, blank=True)
    completed_at = models.DateTimeField(_("完工时间"), null=True, blank=True)
    cancelled_reason = models.CharField(_("取消原因"), max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(_("评价"), null=True, blank=True)
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    rating_via = models.CharField(_("评价方式"), max_length=10, choices=RatingVia.choices, blank=True)
    # §4.4(6) meals and lodging
    meals_declared_at = models.DateTimeField(_("食宿声明时间"), null=True, blank=True)
    meals_happened = models.BooleanField(_("在客户处食宿"), null=True, blank=True)
    meals_amount = models.DecimalField(_("已付食宿费（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    meals_paid_to = models.CharField(_("收款人"), max_length=50, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("现场服务工单")
        verbose_name_plural = _("现场服务工单")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                                   name="fieldwork_rating_1_5"),
        ]

    def __str__(self) -> str:
        return self.number


class ChecklistRecord(models.Model):
    """A completed checklist of one stage of an order: the items ticked, as they read then."""

    order = models.ForeignKey(FieldWorkOrder, on_delete=models.PROTECT, related_name="checklists")
    stage = models.CharField(_("环节"), max_length=20, choices=ChecklistStage.choices)
    items = models.JSONField(_("检查项"), default=list)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("检查人"))
    checked_at = models.DateTimeField(_("检查时间"))

    class Meta:
        verbose_name = _("现场服务检查单")
        verbose_name_plural = _("现场服务检查单")
        constraints = [models.UniqueConstraint(fields=["order", "stage"], name="fieldwork_checklist_once")]

    def __str__(self) -> str:
        return f"{self.order} {self.get_stage_display()}"


class Damage(models.Model):
    """Damage to the customer's property and its repair or compensation (§4.4(5))."""

    order = models.ForeignKey(FieldWorkOrder, on_delete=models.PROTECT, related_name="damages")
    description = models.CharField(_("损坏情况"), max_length=500)
    remedy = models.CharField(_("处理方式"), max_length=20, choices=Remedy.choices)
    remedy_note = models.CharField(_("处理说明"), max_length=500, blank=True)
    amount = models.DecimalField(_("赔偿金额（元）"), max_digits=10, decimal_places=2, null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    recorded_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("客户财物损坏")
        verbose_name_plural = _("客户财物损坏")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.description


class RatingLink(models.Model):
    """A one-time link (or QR code) for the customer's rating (§4.4(5)): only the token's
    SHA-256 is kept; valid once, until it expires."""

    order = models.ForeignKey(FieldWorkOrder, on_delete=models.PROTECT, related_name="rating_links")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评价链接")
        verbose_name_plural = _("评价链接")

    def __str__(self) -> str:
        return f"{self.order} #{self.pk}"


class RatingFailure(models.Model):
    """A failed public rating attempt, kept (keyed hash of the client) to throttle guessing."""

    client_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
