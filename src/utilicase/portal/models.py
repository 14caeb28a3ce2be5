"""The customer portal's sign-in: one-time codes sent to the phone on file, and the attempts
kept to throttle guessing. A customer is never a Django user: a signed-in customer is the id
kept in the session (portal.session).

Codes are kept as a keyed hash (HMAC under DJANGO_SECRET_KEY), never as typed; attempts keep
keyed hashes of the account and of the client's address."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    """A sign-in code sent to a customer's phone: valid until `expires_at`, once, for a few
    wrong tries."""

    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("客户"))
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("发送时间"))
    expires_at = models.DateTimeField(_("失效时间"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    wrong_tries = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("登录验证码")
        verbose_name_plural = _("登录验证码")
        indexes = [models.Index(fields=["customer", "created_at"], name="portal_code_customer")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.created_at:%Y-%m-%d %H:%M}"


class SignInAttempt(models.Model):
    """A code asked for or a wrong code typed: counted per account and per client within the
    window; a successful sign-in takes the account's back."""

    account_hash = models.CharField(max_length=64, db_index=True)
    client_hash = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M}"
