"""The public claim page's lookup: a claim code gives the report's status and the feedback
meant for the reporter, nothing else.

The clerk who took the report (on the phone, say) also knows its code. So at a claim the
reporter may set a claim secret of their own; from then on the code alone opens nothing, and
code and secret together are needed (the clerk can still see that a secret has been set).
Only the secret's salted hash is kept.

Guessing is throttled per client and per code (failures within a window lock further
attempts): an attempt is recorded as a failure before the code and secret are checked, in one
atomic step with the count (org.throttle), and a success takes it back. So parallel guesses
cannot outrun the limit, and successful lookups leave no trace. Failures keep only keyed hashes
of the client address and the code, for a day."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from utilicase.audit.services import audit_record
from utilicase.org.throttle import throttle_lock
from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.domain.claim import claim_code_hash
from utilicase.whistleblowing.models import ClaimFailure, Report, ReportReply

FAILURE_LIMIT = 10
WINDOW = timedelta(seconds=900)
KEEP = timedelta(days=1)
SECRET_MIN, SECRET_MAX = 8, 128

# What the reporter is told of each state (the staff's labels say more than they need).
PUBLIC_STATUS = {
    t.RECEIVED: _("已受理，正在处理。"),
    t.WITH_DISCIPLINE: _("已转纪检监察部门，正在处理。"),
    t.INVESTIGATING: _("纪检监察部门正在调查处理。"),
    t.REPLIED: _("已办结并答复。"),
    t.NOT_A_REPORT: _("经核实不属于举报事项，已按其他途径处理。"),
}


class ClaimThrottled(Exception):
    """Too many failures from this client, or for this code: try again later."""


class ClaimSecretNeeded(Exception):
    """The code is right, but its report has a claim secret and the one given is missing or
    wrong (counted as a failure)."""


@dataclass(frozen=True)
class ClaimAnswer:
    status: str
    status_text: str
    feedback: str | None
    secret_set: bool


def _keyed(text: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (text or "").encode(), hashlib.sha256).hexdigest()


def _attempt_begin(*, client_key: str, code_key: str, now: datetime) -> ClaimFailure:
    """Counts and records in one atomic step; ClaimThrottled while the client or the code is
    locked out (nothing is recorded then, and the code is not even looked at)."""
    with transaction.atomic():
        throttle_lock(f"claim:client:{client_key}", f"claim:code:{code_key}")
        recent = ClaimFailure.objects.filter(at__gte=now - WINDOW)
        if (recent.filter(client_hash=client_key).count() >= FAILURE_LIMIT
                or recent.filter(code_hash=code_key).count() >= FAILURE_LIMIT):
            raise ClaimThrottled()
        ClaimFailure.objects.filter(at__lt=now - KEEP).delete()
        return ClaimFailure.objects.create(client_hash=client_key, code_hash=code_key, at=now)


@transaction.atomic
def _open(*, digest: str, secret: str, new_secret: str, now: datetime) -> ClaimAnswer | None:
    reports = Report.objects.only("pk", "status", "claim_secret_hash").filter(claim_code_hash=digest)
    report = (reports.select_for_update() if new_secret else reports).first() if digest else None
    if report is None:
        return None
    if report.claim_secret_hash:
        if not check_password(secret, report.claim_secret_hash):
            raise ClaimSecretNeeded()
    elif new_secret:
        report.claim_secret_hash = make_password(new_secret)
        report.save(update_fields=["claim_secret_hash"])
        audit_record(actor=None, action="whistleblowing.report.claim_secret_set", target=report,
                     clause="§6.7(i-ii)", after={"status": report.status, "claim_secret_set": True}, now=now)
    feedback = None
    if report.status == t.REPLIED:
        feedback = ReportReply.objects.filter(report_id=report.pk).values_list("feedback_content", flat=True).first()
    return ClaimAnswer(status=report.status, status_text=str(PUBLIC_STATUS[report.status]), feedback=feedback,
                       secret_set=bool(report.claim_secret_hash))


def claim_lookup(*, code: str, client: str | None, now: datetime, secret: str = "",
                 new_secret: str = "") -> ClaimAnswer | None:
    """The answer for this code (and the report's claim secret, once it has one); None for a
    code that matches nothing, ClaimSecretNeeded for a missing or wrong secret (both recorded
    as failures), ClaimThrottled while locked out. With `new_secret`, a report that has no
    secret yet gets it (§6.7(i-ii): the feedback is for the reporter)."""
    if new_secret and not SECRET_MIN <= len(new_secret) <= SECRET_MAX:
        raise ValueError(f"a claim secret has {SECRET_MIN} to {SECRET_MAX} characters")
    digest = claim_code_hash(code)
    attempt = _attempt_begin(client_key=_keyed(client), code_key=_keyed(digest), now=now)
    answer = _open(digest=digest, secret=secret, new_secret=new_secret, now=now)
    if answer is not None:
        attempt.delete()
    return answer
