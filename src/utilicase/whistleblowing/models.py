"""Whistleblower reports (举报, §6.7).

Two halves, kept apart on purpose:

- `Report`: what routing needs (number, channel, when, who received it, where it goes, its
  state and dates). The front-line receiver sees this of their own intake until it is
  confirmed as a report; after that nobody but discipline inspection does.
- `ReportContent`, `ReportAttachment`, `ReportNote`, `ReportReply`: what the report says, who
  made it and how to reach them, the files, the investigation and the outcome. Only the
  discipline selectors read them. Their foreign keys have no reverse accessor
  (`related_name="+"`), so no template or serializer can reach them through a `Report`.

Every row is written by the services only; no status is ever edited by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilicase.org.models import Unit
from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.domain.numbers import report_address, report_key_new


class Channel(models.TextChoices):
    VISIT = "VISIT", _("来人")
    PHONE = "PHONE", _("来电")
    LETTER = "LETTER", _("来函")
    OPINION_BOX = "OPINION_BOX", _("意见箱")


class Status(models.TextChoices):
    RECEIVED = t.RECEIVED, _("已登记，待确认")
    NOT_A_REPORT = t.NOT_A_REPORT, _("不属于举报")
    WITH_DISCIPLINE = t.WITH_DISCIPLINE, _("已转纪检监察")
    INVESTIGATING = t.INVESTIGATING, _("调查中")
    REPLIED = t.REPLIED, _("已答复")


class FeedbackMethod(models.TextChoices):
    PHONE = t.PHONE, _("电话")
    SMS = t.SMS, _("短信")
    LETTER = t.LETTER, _("信函")
    IN_PERSON = t.IN_PERSON, _("当面")
    CLAIM_PAGE = t.CLAIM_PAGE, _("凭查询码查询")
    UNREACHABLE = t.UNREACHABLE, _("匿名且无联系方式，结果存档")


class Report(models.Model):
    """The routing half of a report. Holds nothing of what the report says or who made it."""

    number = models.CharField(_("编号"), max_length=20, unique=True)
    # Random, unrelated to id and number: the address of a report numbered before the random
    # scheme (domain/numbers.py, `address`).
    key = models.CharField(max_length=32, unique=True, default=report_key_new, editable=False)
    channel = models.CharField(_("来源"), max_length=20, choices=Channel.choices)
    received_at = models.DateTimeField(_("受理时间"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("受理人"),
    )
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("受理单位"),
    )
    discipline_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("纪检监察部门"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # SHA-256 of the claim code given to the reporter, "" when none was given.
    claim_code_hash = models.CharField(max_length=64, blank=True, default="")
    # Salted hash of the secret the reporter set at a claim (claims.py), "" until then.
    claim_secret_hash = models.CharField(max_length=128, blank=True, default="")
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    closed_reason = models.CharField(_("不属于举报的理由"), max_length=500, blank=True)
    complaint_number = models.CharField(_("转投诉编号"), max_length=30, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    investigation_started_at = models.DateTimeField(_("开始调查时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("举报")
        verbose_name_plural = _("举报")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["discipline_unit", "status", "received_at"], name="wb_report_discipline"),
            models.Index(fields=["received_by", "status"], name="wb_report_receiver"),
            models.Index(fields=["claim_code_hash"], name="wb_report_claim"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim_code_hash"], condition=~models.Q(claim_code_hash=""),
                                    name="wb_report_claim_code_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def address(self) -> str:
        """What pages and the API address the report by: its number when random, else its key."""
        return report_address(self.number, self.key)


class ReportContent(models.Model):
    """What the report says and who made it. Read by discipline selectors only."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, primary_key=True, related_name="+")
    content = models.TextField(_("举报内容"), blank=True)
    reporter_name = models.CharField(_("举报人姓名"), max_length=100, blank=True)
    reporter_contact = models.CharField(_("举报人联系方式"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("举报内容")
        verbose_name_plural = _("举报内容")

    def __str__(self) -> str:
        return f"{self.report_id}"

    @property
    def anonymous(self) -> bool:
        return not self.reporter_name.strip()


class ReportAttachment(models.Model):
    """A file of the report, stored under MEDIA_ROOT by its SHA-256 (`blobs`, namespace "whistleblowing")."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+")
    # 1, 2, … within the report: its address (the id counts every report's attachments).
    ordinal = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=50)
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["ordinal"]
        constraints = [models.UniqueConstraint(fields=["report", "ordinal"], name="wb_attachment_ordinal_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.ordinal}"


class ReportNote(models.Model):
    """A note of discipline inspection's investigation."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="+")
    # 1, 2, … within the report (the id counts every report's notes).
    ordinal = models.PositiveIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["ordinal"]
        constraints = [models.UniqueConstraint(fields=["report", "ordinal"], name="wb_note_ordinal_unique")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.ordinal}"


class ReportReply(models.Model):
    """The outcome of the investigation and the feedback given to the reporter (§6.7(iii)(7)).
    `feedback_content` is also what the claim page shows to the holder of the claim code."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, primary_key=True, related_name="+")
    outcome = models.TextField(_("调查处理结果"))
    feedback_method = models.CharField(_("反馈方式"), max_length=20, choices=FeedbackMethod.choices)
    feedback_content = models.TextField(_("反馈内容"))
    feedback_at = models.DateTimeField(_("反馈时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.report_id}"


class ClaimFailure(models.Model):
    """A failed claim (or one being checked), kept for a day to throttle guessing per client and
    per code. Address and code are kept only as keyed hashes: a reporter who mistypes their code
    leaves no address behind."""

    client_hash = models.CharField(max_length=64, db_index=True)
    code_hash = models.CharField(max_length=64, db_index=True, default="")
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
