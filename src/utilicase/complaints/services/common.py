"""What the complaint services share: the deadline kinds and limits, the input error, the
complaint's number, the row lock and the checks of input fields."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from utilicase.calendar.models import Deadline
from utilicase.complaints.domain import transitions as table
from utilicase.complaints.models import Complaint
from utilicase.customers.domain.fields import FieldInvalid, parse_phone

FORM_KIND = "complaint.form"
REPLY_KIND = "complaint.reply"
FORM_MINUTES = 15
REPLY_WORKING_DAYS = 5
CONTENT_MAX = 5000
SHORT_MAX = 200


class ComplaintInvalid(ValueError):
    """Input that cannot be stored: the reasons by field name."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def number_format(year: int, n: int) -> str:
    return f"TS{year}{n:06d}"


def _lock(complaint: Complaint) -> Complaint:
    # OF self: PostgreSQL cannot lock the nullable side of the outer joins to the deadlines.
    return (Complaint.objects.select_for_update(of=("self",))
            .select_related("hall", "form_deadline", "reply_deadline").get(pk=complaint.pk))


def _check(name: str, complaint: Complaint, **asked) -> None:
    table.TABLE.check(name, complaint.status, complaint.facts(**asked))


def _phone(value: str | None, *, field: str, errors: dict[str, str]) -> str:
    phone = (value or "").strip()
    if phone:
        try:
            return parse_phone(phone)
        except FieldInvalid:
            errors[field] = _("“%(value)s”不是电话号码。") % {"value": phone}
    return phone


def _text(value: str | None, *, field: str, errors: dict[str, str], limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("必填。")
    elif len(text) > limit:
        errors[field] = _("不能超过 %(n)d 个字。") % {"n": limit}
    return text


def _choice(value: str | None, choices, *, field: str, errors: dict[str, str]) -> str:
    if value not in choices.values:
        errors[field] = _("“%(value)s”不是可选值（%(choices)s）。") % {
            "value": value or "", "choices": ", ".join(choices.values)}
    return value or ""


def _aware(value: datetime) -> datetime:
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _open(deadline: Deadline | None) -> bool:
    return deadline is not None and deadline.met_at is None
