"""Documents served on customers, and the signatures captured on screen for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utilicase.documents.domain.catalogue import CATALOGUE, DocType, doc_type
from utilicase.documents.domain.numbers import display_number
from utilicase.documents.domain.service import serves


class SignerRole(models.TextChoices):
    CUSTOMER = "CUSTOMER", _("客户")
    CUSTOMER_OPERATOR = "CUSTOMER_OPERATOR", _("客户电工")
    INSPECTOR = "INSPECTOR", _("检查员")
    WITNESS = "WITNESS", _("见证人")
    STAFF = "STAFF", _("工作人员")


class Signature(models.Model):
    """A handwritten signature captured on a phone or tablet: the PNG (stored by its SHA-256),
    who signed in which role, when, and what was signed (`target_type`/`target_id`, `purpose`).
    Written only by `signature_capture`; never changed."""

    target_type = models.CharField(_("对象类型"), max_length=100)
    target_id = models.CharField(_("对象编号"), max_length=64)
    purpose = models.CharField(_("用途"), max_length=60)
    signer_role = models.CharField(_("签字人身份"), max_length=20, choices=SignerRole.choices)
    signer_name = models.CharField(_("签字人"), max_length=50)
    image_sha256 = models.CharField(max_length=64)
    image_size = models.PositiveIntegerField()
    signed_at = models.DateTimeField(_("签字时间"))
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("采集人"))

    class Meta:
        verbose_name = _("签名")
        verbose_name_plural = _("签名")
        indexes = [models.Index(fields=["target_type", "target_id"], name="documents_signature_target")]

    def __str__(self) -> str:
        return f"{self.get_signer_role_display()} {self.signer_name}"


# -- documents -----------------------------------------------------------------------------------

class DocumentStatus(models.TextChoices):
    DRAFT = "DRAFT", _("草稿")
    ISSUED = "ISSUED", _("已签发")
    SERVED = "SERVED", _("已送达")
    DISCARDED = "DISCARDED", _("已作废")


DOC_TYPE_CHOICES = [(code, t.title("")) for code, t in CATALOGUE.items()]

# What may still change once a document is issued: its service and its replacement by a newer
# version, each set once. Everything else is frozen here, in the services, and by database
# triggers (migrations 0003 and 0004), which also let its status only move forward.
MUTABLE_AFTER_ISSUE = frozenset({"status", "served_at", "superseded_at"})


class DocumentImmutable(Exception):
    """A write that would change an issued document (a programming error: services refuse first)."""


class DocumentQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) - MUTABLE_AFTER_ISSUE and self.exclude(status=DocumentStatus.DRAFT).exists():
            raise DocumentImmutable("issued documents cannot be changed")
        return super().update(**kwargs)

    def delete(self):
        raise DocumentImmutable("documents are never deleted; a draft is discarded")


class Document(models.Model):
    """One version of a document of a case (`target_type`/`target_id`, see core.cases).

    Written only by the services in documents/services.py. The case facts printed on it (case
    number, issuer, customer) are copied from the case when the draft is made and again when it
    is issued, so the issued document says what it said on the day, whatever the case says later.
    """

    target_type = models.CharField(_("案件类型"), max_length=100)
    target_id = models.CharField(_("案件编号"), max_length=64)
    doc_type = models.CharField(_("文书类别"), max_length=40, choices=DOC_TYPE_CHOICES)
    status = models.CharField(_("状态"), max_length=20, choices=DocumentStatus.choices,
                              default=DocumentStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="corrections", verbose_name=_("更正的文书"))
    correction_reason = models.TextField(_("更正原因"), blank=True)
    content = models.JSONField(_("内容"), default=dict)

    case_number = models.CharField(_("案件号"), max_length=60, blank=True)
    utility = models.CharField(_("专业"), max_length=10, blank=True)
    issuer_code = models.CharField(_("签发单位代码"), max_length=40)
    issuer_short_name = models.CharField(_("文号简称"), max_length=20, blank=True)
    issuer_name = models.CharField(_("签发单位"), max_length=100, blank=True)
    customer_name = models.CharField(_("客户名称"), max_length=100, blank=True)
    customer_account = models.CharField(_("户号"), max_length=40, blank=True)
    customer_address = models.CharField(_("地址"), max_length=200, blank=True)

    number = models.CharField(_("文号"), max_length=80, blank=True)
    sequence_year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence_no = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("签发人"))
    content_sha256 = models.CharField(max_length=64, blank=True)
    verify_token = models.CharField(max_length=64, blank=True)
    served_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("被更正时间"), null=True, blank=True)
    discarded_at = models.DateTimeField(_("作废时间"), null=True, blank=True)

    created_at = models.DateTimeField(_("创建时间"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("创建人"))
    updated_at = models.DateTimeField(_("修改时间"))

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("文书")
        verbose_name_plural = _("文书")
        indexes = [models.Index(fields=["target_type", "target_id"], name="documents_document_target")]
        constraints = [
            models.UniqueConstraint(fields=["number", "version"], condition=~models.Q(number=""),
                                    name="documents_document_number_version"),
            models.UniqueConstraint(fields=["doc_type", "issuer_code", "sequence_year", "sequence_no", "version"],
                                    condition=models.Q(sequence_no__isnull=False),
                                    name="documents_document_sequence_version"),
            models.UniqueConstraint(fields=["verify_token"], condition=~models.Q(verify_token=""),
                                    name="documents_document_verify_token"),
            # One live correction per document, so versions form a chain.
            models.UniqueConstraint(fields=["replaces"], condition=~models.Q(status="DISCARDED"),
                                    name="documents_document_one_correction"),
            models.CheckConstraint(condition=models.Q(status__in=DocumentStatus.values),
                                   name="documents_document_status_known"),
            models.CheckConstraint(
                condition=(models.Q(status__in=["DRAFT", "DISCARDED"], number="", content_sha256="")
                           | (~models.Q(status__in=["DRAFT", "DISCARDED"]) & ~models.Q(number="")
                              & ~models.Q(content_sha256="") & ~models.Q(verify_token=""))),
                name="documents_document_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number_display or f"{self.type.title(self.utility)} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            update_fields = kwargs.get("update_fields")
            stored = Document.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored not in (None, DocumentStatus.DRAFT):
                if update_fields is None or set(update_fields) - MUTABLE_AFTER_ISSUE:
                    raise DocumentImmutable(f"document {self.pk} is issued and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DocumentImmutable("documents are never deleted; a draft is discarded")

    @property
    def type(self) -> DocType:
        return doc_type(self.doc_type)

    @property
    def number_display(self) -> str:
        return display_number(self.number, self.version)

    def title(self, lang: str = "zh") -> str:
        return self.type.title(self.utility, lang)

    @property
    def is_draft(self) -> bool:
        return self.status == DocumentStatus.DRAFT

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None


class CopyKind(models.TextChoices):
    KEPT = "KEPT", _("存根联")
    CUSTOMER = "CUSTOMER", _("客户联")
    SINGLE = "SINGLE", _("单联")


class AppendOnly(models.Model):
    """Rows written once and never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise DocumentImmutable(f"{self._meta.label} rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DocumentImmutable(f"{self._meta.label} rows are never deleted")


class DocumentCopy(AppendOnly):
    """The PDF of one copy of an issued document, rendered once at issue and stored by hash."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="copies")
    kind = models.CharField(_("联次"), max_length=10, choices=CopyKind.choices)
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("文书联次")
        verbose_name_plural = _("文书联次")
        ordering = ["document_id", "id"]
        constraints = [models.UniqueConstraint(fields=["document", "kind"], name="documents_copy_once")]

    def __str__(self) -> str:
        return f"{self.document} {self.get_kind_display()}"


class ServiceMethod(models.TextChoices):
    SIGNED = "SIGNED", _("客户签收")
    REFUSED = "REFUSED", _("客户拒签")
    LEFT_WITH_WITNESSES = "LEFT_WITH_WITNESSES", _("留置送达（见证人在场）")
    REGISTERED_POST = "REGISTERED_POST", _("挂号邮寄送达")
    NOTARISED = "NOTARISED", _("公证送达")
    PUBLIC_NOTICE = "PUBLIC_NOTICE", _("公告送达")


class ServiceRecord(AppendOnly):
    """One record of service (or of the customer's refusal to sign) of an issued document.
    Signatures (the customer's, the witnesses') are Signature rows on this record."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="service_records")
    method = models.CharField(_("送达方式"), max_length=30, choices=ServiceMethod.choices)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("登记人"))
    signer_name = models.CharField(_("签收人"), max_length=50, blank=True)
    witness_names = models.JSONField(_("见证人"), default=list, blank=True)
    tracking_number = models.CharField(_("挂号邮件号码"), max_length=30, blank=True)
    notary_office = models.CharField(_("公证机构"), max_length=200, blank=True)
    notice_place = models.CharField(_("公告地点"), max_length=200, blank=True)
    notice_start_date = models.DateField(_("公告开始日期"), null=True, blank=True)
    notice_end_date = models.DateField(_("公告结束日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("送达记录")
        verbose_name_plural = _("送达记录")
        ordering = ["document_id", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.document} {self.get_method_display()}"

    @property
    def serves(self) -> bool:
        return serves(self.method)


class ProofKind(models.TextChoices):
    PHOTO = "PHOTO", _("照片")
    RECEIPT = "RECEIPT", _("邮寄回执")
    CERTIFICATE = "CERTIFICATE", _("公证书")


class ServiceProof(AppendOnly):
    """A file proving service (a photo, a posting receipt, a notarial certificate), its type
    judged by content, stored by hash."""

    service = models.ForeignKey(ServiceRecord, on_delete=models.PROTECT, related_name="proofs")
    kind = models.CharField(_("类别"), max_length=20, choices=ProofKind.choices)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("送达凭证")
        verbose_name_plural = _("送达凭证")
        ordering = ["service_id", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"
