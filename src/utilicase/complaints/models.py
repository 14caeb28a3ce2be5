"""Complaints (投诉, §6.5, §6.6): the complaint itself, its configurable categories, hand-overs
of first-contact responsibility, the reply, and links to other records.

Numbers are `TS` + year + six digits (`TS2026000123`): 投诉 → TS, the year of acceptance, and
a gapless per-year sequence (numbering key "complaint"). Plain ASCII, so it is typed on a phone
keypad and searched without an input method.

Every row here is written by `complaints.services` only; `status` never by a form or the admin.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.complaints.domain import transitions as table
from utilicase.core.workdays import met_in_time


class Channel(models.TextChoices):
    VISIT = "VISIT", _("来人")
    PHONE = "PHONE", _("来电")
    OPINION_BOOK = "OPINION_BOOK", _("意见簿")
    OPINION_BOX = "OPINION_BOX", _("意见箱")
    LETTER = "LETTER", _("来函")
    ONLINE = "ONLINE", _("网上")


class Status(models.TextChoices):
    RECEIVED = table.RECEIVED, _("已受理")
    ASSESSED = table.ASSESSED, _("已研判")
    ROUTED = table.ROUTED, _("已转办")
    REPLIED = table.REPLIED, _("已答复")
    REOPENED = table.REOPENED, _("不满意重办")
    CLOSED = table.CLOSED, _("已办结")


class Impact(models.TextChoices):
    MINOR = "MINOR", _("轻微")
    MODERATE = "MODERATE", _("一般")
    SERIOUS = "SERIOUS", _("严重")


class RecordConfirmation(models.TextChoices):
    READ_BACK = table.READ_BACK, _("向客户复述笔录并经确认")
    SIGNATURE = table.SIGNATURE, _("客户在工作单上签名确认")
    CONTACT = table.CONTACT, _("客户留下联系方式")


class ReplyMethod(models.TextChoices):
    PHONE = "PHONE", _("电话")
    LETTER = "LETTER", _("书面")
    IN_PERSON = "IN_PERSON", _("当面")
    SMS = "SMS", _("短信")
    POSTED = table.POSTED, _("公告（未留联系方式）")  # §6.5(i): a notice, the hall's board


class Satisfaction(models.TextChoices):
    SATISFIED = table.SATISFIED, _("满意")
    BASICALLY_SATISFIED = table.BASICALLY_SATISFIED, _("基本满意")
    DISSATISFIED = table.DISSATISFIED, _("不满意")


class VisitMethod(models.TextChoices):
    PHONE = "PHONE", _("电话")
    SMS = "SMS", _("短信")
    IN_PERSON = "IN_PERSON", _("当面")


class LinkType(models.TextChoices):
    CUSTOMER = "CUSTOMER", _("客户")
    INCIDENT = "INCIDENT", _("突发事件")  # §6.6(9): free-form reference to a supply incident
    # Inspection and enforcement cases are added when those contexts exist.


# An open complaint (the work lists' partial indexes and queries use this same condition), and
# the work lists' order: soonest due first (none last), then by reception.
OPEN = ~models.Q(status=Status.CLOSED)
WORK_ORDER = ["next_due_at", "reception_started_at", "id"]


class ComplaintCategory(models.Model):
    """A complaint category (§6.6(1)); administrators maintain the list. Seeded by migration 0002."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("投诉分类")
        verbose_name_plural = _("投诉分类")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Complaint(models.Model):
    number = models.CharField(_("投诉编号"), max_length=20, unique=True)
    channel = models.CharField(_("受理渠道"), max_length=20, choices=Channel.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
        verbose_name=_("客户"),
    )
    contact_name = models.CharField(_("联系人"), max_length=100, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    content = models.TextField(_("投诉内容"))
    reception_started_at = models.DateTimeField(_("接待开始时间"), db_index=True)
    reception_ended_at = models.DateTimeField(_("接待结束时间"))

    hall = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="complaints_received", verbose_name=_("受理营业厅"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("受理人"),
    )
    # 首问负责制 (§6.5(ii)(1)): the receiver, until a hand-over is recorded.
    first_contact_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_first_contact",
        verbose_name=_("首问负责人"),
    )
    # Whoever must act next: the first-contact owner, then the routed unit (and its handler).
    current_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_owned",
        verbose_name=_("当前办理人"),
    )
    current_owner_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="complaints_owned", verbose_name=_("当前办理单位"),
    )

    form_completed_at = models.DateTimeField(_("投诉单完成时间"), null=True, blank=True)
    form_deadline = models.ForeignKey(
        "workcalendar.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("填单期限"),
    )
    record_confirmed_at = models.DateTimeField(_("客户确认时间"), null=True, blank=True)
    record_confirmation = models.CharField(
        _("确认方式"), max_length=20, choices=RecordConfirmation.choices, blank=True,
    )
    # The proof of the confirmation (§6.5(ii)(7)): one of these, by the method.
    record_signature_sha256 = models.CharField(_("客户签名"), max_length=64, blank=True)
    record_contact = models.CharField(_("客户留下的联系方式"), max_length=30, blank=True)
    record_answer = models.TextField(_("客户对复述的答复"), blank=True)

    # At the counter (§6.5(ii)(2)-(3)), visits only: who took the upset visitor to the VIP room
    # (贵宾室) and when; who told the hall head that the customer complained mid-service, and when.
    vip_room_at = models.DateTimeField(_("引导至贵宾室时间"), null=True, blank=True)
    vip_room_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("引导人"),
    )
    hall_head_told_at = models.DateTimeField(_("报告营业厅负责人时间"), null=True, blank=True)
    hall_head_told_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("报告人"),
    )

    category = models.ForeignKey(
        ComplaintCategory, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints",
        verbose_name=_("分类"),
    )
    impact = models.CharField(_("影响程度"), max_length=20, choices=Impact.choices, blank=True)
    is_valid = models.BooleanField(_("投诉成立"), null=True, blank=True)
    validity_reason = models.TextField(_("成立与否的理由"), blank=True)
    company_at_fault = models.BooleanField(_("属我方原因"), null=True, blank=True)
    apology_text = models.TextField(_("致歉内容"), blank=True)
    apologised_at = models.DateTimeField(_("致歉时间"), null=True, blank=True)
    assessed_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("研判人"),
    )

    routed_to_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_routed",
        verbose_name=_("转办单位"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="complaints_handled",
        verbose_name=_("处理人"),
    )
    routed_at = models.DateTimeField(_("转办时间"), null=True, blank=True)
    reply_deadline = models.ForeignKey(
        "workcalendar.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("答复期限"),
    )
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    # The earliest due time of the complaint's open deadlines (the form's, then the reply's), a
    # copy kept by the calendar's services whenever one opens, is met or moves (see
    # `services.complaint_sync_due`), so that work lists are read in due order from an index.
    next_due_at = models.DateTimeField(_("最近期限"), null=True, blank=True, editable=False)
    # Copies for the KPIs (counted on this table alone): when the reply was recorded (the
    # reply row's time, written with it) and the reply deadline's due time (kept with next_due_at).
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True, editable=False)
    reply_due_at = models.DateTimeField(_("答复截止时间"), null=True, blank=True, editable=False)
    # When the complaint was first passed on (§6.6(6)); `routed_at` moves when the hall head routes on.
    first_routed_at = models.DateTimeField(_("首次转办时间"), null=True, blank=True, editable=False)
    # The satisfaction said at the latest return visit that reached the customer (a KPI copy).
    satisfaction = models.CharField(_("回访满意度"), max_length=20, choices=Satisfaction.choices, blank=True,
                                    editable=False)

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = pgettext_lazy("section", "投诉")
        ordering = ["-reception_started_at", "-id"]
        indexes = [
            models.Index(fields=["hall", "status"], name="complaints_hall_status"),
            models.Index(fields=["routed_to_unit", "status"], name="complaints_routed_status"),
            models.Index(fields=["current_owner", "status"], name="complaints_owner_status"),
            models.Index(fields=["current_owner_unit", "status"], name="complaints_owner_unit_status"),
            # Work lists: open complaints in the list's order (due, then reception), per way of
            # being on a list (owner, unowned in a unit, hall, routed unit, escalated in a hall),
            # so that a page is an index range scan, or one per part merged (see selectors).
            *(models.Index(fields=[*key, *WORK_ORDER], name=name, condition=condition)
              for key, name, condition in (
                  ([], "complaints_open_due", OPEN),
                  (["current_owner"], "complaints_open_owner_due", OPEN),
                  (["current_owner_unit"], "complaints_open_unit_due", OPEN & models.Q(current_owner__isnull=True)),
                  (["hall"], "complaints_open_hall_due", OPEN),
                  (["routed_to_unit"], "complaints_open_routed_due", OPEN),
                  (["hall"], "complaints_open_escalated_due", OPEN & models.Q(escalated_at__isnull=False)),
              )),
            # The list of everything a user may see, newest first, and the search box.
            models.Index(fields=["-reception_started_at", "-id"], name="complaints_newest"),
            models.Index(fields=["contact_phone"], name="complaints_contact_phone"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(customer__isnull=False) | (~models.Q(contact_name="") & ~models.Q(contact_phone=""))
                           | models.Q(channel__in=sorted(table.ANONYMOUS_CHANNELS), contact_phone="")),
                name="complaints_customer_or_contact",
            ),
            models.CheckConstraint(
                condition=models.Q(reception_ended_at__gte=models.F("reception_started_at")),
                name="complaints_reception_order",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def escalated(self) -> bool:
        return self.escalated_at is not None

    @property
    def form_late(self) -> bool | None:
        """Whether the form was completed after its 15-minute limit (§6.6(6)); None while open."""
        if self.form_completed_at is None or self.form_deadline is None:
            return None
        return not met_in_time(self.form_completed_at, self.form_deadline.due_at)

    @property
    def open_deadline(self):
        """The deadline that falls due next: the form's while it is open, then the reply's."""
        for deadline in (self.form_deadline, self.reply_deadline):
            if deadline is not None and deadline.met_at is None:
                return deadline
        return None

    @property
    def no_contact_left(self) -> bool:
        """An opinion-box or opinion-book complaint left with no way to reach the customer (§6.5(i))."""
        return self.customer_id is None and not self.contact_phone

    @property
    def caller_name(self) -> str:
        return self.contact_name or (self.customer.name if self.customer_id else "")

    def facts(self, **asked) -> table.Facts:
        """The snapshot the transition guards read (see domain/transitions.py)."""
        return table.Facts(
            channel=self.channel,
            form_completed=self.form_completed_at is not None,
            record_confirmed=self.record_confirmed_at is not None,
            assessed=self.assessed_at is not None,
            routed_to_hall=self.routed_to_unit_id is not None and self.routed_to_unit_id == self.hall_id,
            has_reply=hasattr(self, "reply"),
            phone_left=bool(self.contact_phone or (self.customer_id and self.customer.contact_phone)),
            address_left=bool(self.customer_id and self.customer.address),
            no_contact=self.no_contact_left,
            reopened=self.status == Status.REOPENED,
            **asked,
        )


class ComplaintHandOver(models.Model):
    """A recorded hand-over of first-contact responsibility (§6.5(ii)(1))."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="hand_overs")
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("移交人"))
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("接收人"))
    handed_over_at = models.DateTimeField(_("移交时间"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("首问移交")
        verbose_name_plural = _("首问移交")
        ordering = ["handed_over_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.from_user} → {self.to_user}"


class ComplaintReply(models.Model):
    """The reply to the customer (§6.6(8)); one per complaint."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="reply")
    method = models.CharField(_("答复方式"), max_length=20, choices=ReplyMethod.choices)
    content = models.TextField(_("答复内容"))
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("答复人"))
    replied_at = models.DateTimeField(_("答复时间"), db_index=True)

    class Meta:
        verbose_name = _("投诉答复")
        verbose_name_plural = _("投诉答复")

    def __str__(self) -> str:
        return f"{self.complaint} {self.get_method_display()}"


class ReturnVisit(models.Model):
    """A call back to the customer after the reply (回访): reached or not, how satisfied. A
    customer not satisfied reopens the complaint to the one who replied, with a new deadline
    (`redo_deadline`), and the second answer is recorded here."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="return_visits")
    number = models.PositiveSmallIntegerField(_("回访序号"))
    method = models.CharField(_("回访方式"), max_length=20, choices=VisitMethod.choices)
    reached = models.BooleanField(_("联系到客户"))
    satisfaction = models.CharField(_("满意度"), max_length=20, choices=Satisfaction.choices, blank=True)
    comment = models.TextField(_("客户意见"), blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("回访人"))
    visited_at = models.DateTimeField(_("回访时间"))
    redo_deadline = models.ForeignKey(
        "workcalendar.Deadline", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("重新答复期限"),
    )
    answer = models.TextField(_("再次答复内容"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("再次答复人"))
    answered_at = models.DateTimeField(_("再次答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "number"], name="complaints_return_visit_number"),
            models.CheckConstraint(
                condition=(models.Q(reached=True) & ~models.Q(satisfaction=""))
                | (models.Q(reached=False) & models.Q(satisfaction="")),
                name="complaints_return_visit_satisfaction_when_reached"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} #{self.number}"


class ComplaintLink(models.Model):
    """A link from a complaint to another record: a customer (target_id is its id) or a supply
    incident (a free-form reference, §6.6(9)); later steps add inspection and enforcement cases."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="links")
    target_type = models.CharField(_("关联类型"), max_length=20, choices=LinkType.choices)
    target_id = models.CharField(_("关联对象"), max_length=64)
    label = models.CharField(_("说明"), max_length=200, blank=True)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("关联人"))
    linked_at = models.DateTimeField(_("关联时间"))

    class Meta:
        verbose_name = _("投诉关联")
        verbose_name_plural = _("投诉关联")
        ordering = ["linked_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "target_type", "target_id"], name="complaints_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint} → {self.target_type}:{self.target_id}"
