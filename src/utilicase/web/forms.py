from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utilicase.org.throttle import login_failure_record, login_failures_clear, login_locked


class ThrottledLoginForm(AuthenticationForm):
    """Refuses to check the password at all while the username or address is locked out."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。"),
        "locked": _("登录失败次数过多，请稍后再试。"),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = self.request.META.get("REMOTE_ADDR") if self.request else None
        now = timezone.now()
        if login_locked(username=username, ip=ip, now=now):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, ip=ip, now=now)
            raise
        login_failures_clear(username=username, now=now)
        return cleaned


class ConfirmedForm(forms.Form):
    """An irreversible step: the user confirms it first. With JavaScript the browser asks
    (hx-confirm) and sends confirmed=1; without it, the box (shown only then) is ticked."""

    confirmed = forms.BooleanField(label=_("我已确认：此操作不可撤销"),
                                   error_messages={"required": _("请确认后再提交：此操作不可撤销。")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"] = self.fields.pop("confirmed")  # asked last, next to the button
