from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.org.throttle import login_attempt_begin, login_failures_clear

LOCKED = _("登录失败次数过多，请稍后再试。")


class _Throttled:
    """Refuses to check the password at all while the username or address is locked out; each
    attempt is counted before its password is checked (org.throttle)."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # nothing is checked: the missing field says so itself
        ip = self.request.META.get("REMOTE_ADDR") if self.request else None
        now = timezone.now()
        if not login_attempt_begin(username=username, ip=ip, now=now):
            raise forms.ValidationError(LOCKED, code="locked")
        cleaned = super().clean()  # a wrong password leaves the attempt recorded as a failure
        if self.get_user() is not None:  # only a right password clears the count
            login_failures_clear(username=username, now=now)
        return cleaned


class ThrottledLoginForm(_Throttled, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": _("用户名或密码不正确。")}


class ThrottledAdminLoginForm(_Throttled, AdminAuthenticationForm):
    """The admin's login page, throttled like the site's: one count for both pages."""


class ConfirmedForm(forms.Form):
    """An irreversible step: the user confirms it first. With JavaScript the browser asks
    (hx-confirm) and sends confirmed=1; without it, the box (shown only then) is ticked."""

    confirmed = forms.BooleanField(label=_("我已确认：此操作不可撤销"),
                                   error_messages={"required": _("请确认后再提交：此操作不可撤销。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"] = self.fields.pop("confirmed")  # asked last, next to the button
