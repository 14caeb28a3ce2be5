"""The public claim page's lookup: a claim code gives the report's status and the feedback
meant for the reporter, nothing else. Guessing is throttled per client (failures within a
window lock further attempts). Successful lookups leave no trace; failures keep only a keyed
hash of the client address, for a day."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.domain.claim import claim_code_hash
from utilicase.whistleblowing.models import ClaimFailure, Report, ReportReply

FAILURE_LIMIT = getattr(settings, "REPORT_CLAIM_FAILURE_LIMIT", 10)
WINDOW = timedelta(seconds=getattr(settings, "REPORT_CLAIM_WINDOW_SECONDS", 900))
KEEP = timedelta(days=1)

# What the reporter is told of each state (the staff's labels say more than they need).
PUBLIC_STATUS = {
    t.RECEIVED: _("已受理，正在处理。"),
    t.WITH_DISCIPLINE: _("已转纪检监察部门，正在处理。"),
    t.INVESTIGATING: _("纪检监察部门正在调查处理。"),
    t.REPLIED: _("已办结并答复。"),
    t.NOT_A_REPORT: _("经核实不属于举报事项，已按其他途径处理。"),
}


class ClaimThrottled(Exception):
    """Too many wrong codes from this client: try again later."""


@dataclass(frozen=True)
class ClaimAnswer:
    status: str
    status_text: str
    feedback: str | None


def _client_key(client: str | None) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), (client or "").encode(), hashlib.sha256).hexdigest()


def claim_locked(*, client: str | None, now: datetime) -> bool:
    return ClaimFailure.objects.filter(client_hash=_client_key(client), at__gte=now - WINDOW).count() >= FAILURE_LIMIT


@transaction.atomic
def claim_lookup(*, code: str, client: str | None, now: datetime) -> ClaimAnswer | None:
    """The answer for this code, None for a code that matches nothing (recorded as a failure),
    ClaimThrottled while the client is locked out (the code is not even looked at)."""
    if claim_locked(client=client, now=now):
        raise ClaimThrottled()
    digest = claim_code_hash(code)
    report = Report.objects.filter(claim_code_hash=digest).only("pk", "status").first() if digest else None
    if report is None:
        ClaimFailure.objects.create(client_hash=_client_key(client), at=now)
        ClaimFailure.objects.filter(at__lt=now - KEEP).delete()
        return None
    feedback = None
    if report.status == t.REPLIED:
        feedback = ReportReply.objects.filter(report_id=report.pk).values_list("feedback_content", flat=True).first()
    return ClaimAnswer(status=report.status, status_text=str(PUBLIC_STATUS[report.status]), feedback=feedback)
