"""The evidence register of a case (§2.6(2), §2.7(3)): items with their photos and recordings
(stored by content hash), seals, the custody log, and the customer's confirmations.

Evidence attaches to any case by (`target_type`, `target_id`) through the case registry
(`core.cases`). Rows are written by `evidence.services` only. Items, files and custody entries
are never changed; a seal is changed once, when a custody move finds it broken."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilicase.evidence.domain import custody as rules


class AppendOnlyError(Exception):
    pass


class ItemKind(models.TextChoices):
    PHOTO = "PHOTO", _("拍照取证（不可移动物品）")
    PHYSICAL = "PHYSICAL", _("物证")
    METER = "METER", _("计量表计")
    TOOL = "TOOL", _("窃电(热、气)工具")
    TRACE = "TRACE", _("痕迹")
    RECORDING = "RECORDING", _("录音")


class Media(models.TextChoices):
    PHOTO = "PHOTO", _("照片")
    RECORDING = "RECORDING", _("录音")


class CustodyStep(models.TextChoices):
    COLLECTED = rules.COLLECTED, _("提取")
    STORED = rules.STORED, _("入库保管")
    SENT_FOR_APPRAISAL = rules.SENT_FOR_APPRAISAL, _("送技术鉴定")
    APPRAISAL_RESULT = rules.APPRAISAL_RESULT, _("鉴定结果")
    RETURNED = rules.RETURNED, _("退还")
    DISPOSED = rules.DISPOSED, _("处置")


# The state an item is in after each step, as pages show it.
STATE_LABELS = {
    rules.COLLECTED: _("已提取"), rules.STORED: _("已入库保管"), rules.SENT_FOR_APPRAISAL: _("已送技术鉴定"),
    rules.APPRAISAL_RESULT: _("已出鉴定结果"), rules.RETURNED: _("已退还"), rules.DISPOSED: _("已处置"),
}


class SealState(models.TextChoices):
    INTACT = rules.INTACT, _("封条完好")
    BROKEN = rules.BROKEN, _("封条已损坏/已启封")


class EvidenceItem(models.Model):
    """One entry of a case's evidence register, numbered 1, 2, 3… within the case."""

    target_type = models.CharField(_("案件类型"), max_length=100)
    target_id = models.CharField(_("案件编号"), max_length=64)
    number = models.PositiveIntegerField(_("登记序号"))
    kind = models.CharField(_("类别"), max_length=20, choices=ItemKind.choices)
    description = models.TextField(_("名称及特征"))
    location = models.CharField(_("提取地点"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    collected_at = models.DateTimeField(_("提取时间"))
    collectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("提取人"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("登记人"))
    registered_at = models.DateTimeField(_("登记时间"))

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["target_type", "target_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["target_type", "target_id", "number"], name="evidence_item_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="evidence_item_number_positive"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="evidence_item_gps_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_kind_display()}"


class EvidenceFile(models.Model):
    """A photo or recording of an item: the content is stored once by its SHA-256 (namespace
    "evidence"), so the same file attached to two items is one stored file. `captured_at` is
    the time the phone reported, `exif_taken_at` the camera's own DateTimeOriginal."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="files", verbose_name=_("证据"))
    media = models.CharField(_("类型"), max_length=20, choices=Media.choices)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_type = models.CharField(_("文件格式"), max_length=50)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("上传人"))
    uploaded_at = models.DateTimeField(_("上传时间"))
    captured_at = models.DateTimeField(_("拍摄时间（手机上报）"), null=True, blank=True)
    exif_taken_at = models.DateTimeField(_("拍摄时间（照片EXIF）"), null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        ordering = ["item_id", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "sha256"], name="evidence_file_once_per_item")]
        indexes = [models.Index(fields=["sha256"], name="evidence_file_sha256")]

    def __str__(self) -> str:
        return f"{self.get_media_display()} {self.sha256[:12]}"

    @property
    def reference_at(self):
        """The time the camera's EXIF time is compared with."""
        return self.captured_at or self.uploaded_at


# The purpose of the witnesses' Signature rows on a seal the customer refused to confirm (§2.6(2)).
SEAL_WITNESS_PURPOSE = "evidence.seal.witness"


class Seal(models.Model):
    """A seal (封条) put on an item, confirmed by the customer's signature. Seal numbers are
    unique across the company (they are printed on the seals, which the company buys for all
    its enterprises). An item carries at most one seal that has not been found broken."""

    number = models.CharField(_("封条编号"), max_length=40, unique=True)
    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="seals", verbose_name=_("封存物品"))
    sealed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("封存人"))
    sealed_at = models.DateTimeField(_("封存时间"))
    customer_signature = models.ForeignKey("documents.Signature", on_delete=models.PROTECT, null=True,
                                           related_name="+", verbose_name=_("客户确认签字"))
    # §2.6(2): a customer who refuses to confirm the seal; two witnesses sign (Signature rows on
    # the seal) and a photo is taken (a file of the item).
    customer_refused = models.BooleanField(_("客户拒签"), default=False)
    refusal_photo = models.ForeignKey("EvidenceFile", on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("拒签照片"))
    broken_at = models.DateTimeField(_("发现损坏/启封时间"), null=True, blank=True)
    broken_note = models.CharField(_("损坏/启封说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("封条")
        verbose_name_plural = _("封条")
        ordering = ["item_id", "sealed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["item"], condition=models.Q(broken_at__isnull=True),
                                    name="evidence_seal_one_intact_per_item"),
        ]

    def __str__(self) -> str:
        return self.number


class CustodyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the custody log is append-only")

    def delete(self):
        raise AppendOnlyError("the custody log is append-only")


class CustodyEntry(models.Model):
    """One move in an item's chain of custody. Append-only: the model refuses to change or
    delete a row, and the database aborts UPDATE (and, on PostgreSQL, DELETE) — migration 0002."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="custody", verbose_name=_("证据"))
    seq = models.PositiveIntegerField(_("序号"))
    step = models.CharField(_("环节"), max_length=30, choices=CustodyStep.choices)
    moved_at = models.DateTimeField(_("时间"))
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("经手人"))
    location = models.CharField(_("地点/去向"), max_length=200)
    note = models.CharField(_("说明"), max_length=1000, blank=True)
    seal = models.ForeignKey(Seal, on_delete=models.PROTECT, null=True, blank=True, related_name="checks",
                             verbose_name=_("封条"))
    seal_state = models.CharField(_("封条状态"), max_length=10, choices=SealState.choices, blank=True)
    seal_note = models.CharField(_("封条情况说明"), max_length=500, blank=True)
    result = models.TextField(_("鉴定结论"), blank=True)
    report_sha256 = models.CharField(max_length=64, blank=True)
    report_size = models.PositiveBigIntegerField(null=True, blank=True)
    report_content_type = models.CharField(max_length=50, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))

    objects = CustodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("保管流转记录")
        verbose_name_plural = _("保管流转记录")
        ordering = ["item_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["item", "seq"], name="evidence_custody_seq_unique"),
            models.CheckConstraint(
                condition=models.Q(seal__isnull=True, seal_state="") | (models.Q(seal__isnull=False) & ~models.Q(seal_state="")),
                name="evidence_custody_seal_state_with_seal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}#{self.seq} {self.step}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("the custody log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the custody log is append-only")


class RegisterConfirmation(models.Model):
    """The customer's signature on the register as it stood (§2.6(2): "register it in detail and
    have the customer sign"): which items it covered, and a snapshot of what they were shown
    (descriptions, file hashes, seal numbers)."""

    target_type = models.CharField(_("案件类型"), max_length=100)
    target_id = models.CharField(_("案件编号"), max_length=64)
    item_numbers = models.JSONField(_("确认的证据序号"))
    snapshot = models.JSONField(_("确认时的登记内容"))
    signer_name = models.CharField(_("签字人"), max_length=50)
    signature = models.ForeignKey("documents.Signature", on_delete=models.PROTECT, null=True, related_name="+",
                                  verbose_name=_("客户签字"))
    confirmed_at = models.DateTimeField(_("确认时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("记录人"))

    class Meta:
        verbose_name = _("证据登记客户确认")
        verbose_name_plural = _("证据登记客户确认")
        ordering = ["target_type", "target_id", "confirmed_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="evidence_confirmation_target")]

    def __str__(self) -> str:
        return f"{self.signer_name} {self.item_numbers}"
