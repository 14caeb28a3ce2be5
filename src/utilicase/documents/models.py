"""Documents served on customers, and the signatures captured on screen for them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
