"""The writers of complaints (§6.5, §6.6). Each service is one transaction: it checks who may act
(`permissions`, NotAllowed → 403), what the regulation allows now (the transition table,
RuleViolation → 409), the input (ComplaintInvalid → 422), then writes with update_fields,
moves the complaint's deadlines, and appends one audit event citing its clause.

Deadlines: `complaint.form` — 15 minutes from the end of reception (§6.6(6)), met by the
completed form, a late form recorded as late; only for visits and calls, the receptions the
clause speaks of (a letter, an online complaint, the opinion box and book are written by the
customer: no reception to end, no 15-minute form; they have the reply deadline, and the time
from their completed form to routing is measured like every complaint's); `complaint.reply` — 5 working days from the day
of acceptance, that day not counted (§6.6(8)), reassigned with the complaint when it is routed,
met by the reply, and escalated once to the hall head by the sweep when it runs out.

The services are split by step: intake.py (taking a complaint, its form, the confirmed record, its
links), counter.py (what happened at the counter), routing.py (hand-over, assessment, routing),
closing.py (reply and close), followup.py (the return visit after the reply and the answer given
again to a customer not satisfied), deadlines.py (due times kept on the complaint, escalation),
categories.py (reference data); common.py is what they share. `services.<name>` stays the address
of each.
"""

from utilicase.complaints import permissions as perms
from utilicase.complaints.services.categories import complaint_category_save
from utilicase.complaints.services.closing import complaint_close, complaint_reply
from utilicase.complaints.services.common import (
    CONTENT_MAX,
    FORM_KIND,
    FORM_MINUTES,
    REPLY_KIND,
    REPLY_WORKING_DAYS,
    SHORT_MAX,
    ComplaintInvalid,
    number_format,
)
from utilicase.complaints.services.counter import COUNTER_FIELDS, complaint_counter_record
from utilicase.complaints.services.deadlines import complaint_escalate, complaint_sync_due
from utilicase.complaints.services.followup import REDO_KIND, complaint_reply_again, complaint_return_visit
from utilicase.complaints.services.intake import (
    CONFIRM_PURPOSE,
    complaint_form_complete,
    complaint_link,
    complaint_receive,
    complaint_receive_from_report,
    complaint_record_confirm,
    open_from_report,
)
from utilicase.complaints.services.routing import complaint_assess, complaint_hand_over, complaint_route

__all__ = [
    "CONFIRM_PURPOSE", "CONTENT_MAX", "COUNTER_FIELDS", "FORM_KIND", "FORM_MINUTES", "REDO_KIND", "REPLY_KIND",
    "REPLY_WORKING_DAYS", "SHORT_MAX", "ComplaintInvalid", "complaint_assess", "complaint_category_save",
    "complaint_close", "complaint_counter_record", "complaint_escalate", "complaint_form_complete",
    "complaint_hand_over", "complaint_link", "complaint_receive", "complaint_receive_from_report",
    "complaint_record_confirm", "complaint_reply", "complaint_reply_again", "complaint_return_visit",
    "complaint_route", "complaint_sync_due", "number_format",
    "open_from_report", "perms",
]
