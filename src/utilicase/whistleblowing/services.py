"""The writers of whistleblower reports (§6.7). Each runs in one transaction: it locks the
report, asks the transition table (guards cite clauses), writes with update_fields, and appends
one audit event with its clause.

Confidentiality by construction: audit payloads carry only the status, the number, ids, dates
and unit codes, never what the report says, who made it, how to reach them, or a file's name.
Nothing here logs, and no error message repeats what was typed."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext, gettext_noop

from utilicase.audit.services import audit_record
from utilicase.blobs.storage import blob_write
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadline_meet, deadline_open
from utilicase.core.hooks import hook
from utilicase.core.rules import RuleViolation
from utilicase.core.workdays import SHANGHAI, met_in_time
from utilicase.notifications.domain.rules import deadline_event
from utilicase.notifications.models import Kind as NotificationKind
from utilicase.notifications.services import notify
from utilicase.org.models import Role, User
from utilicase.whistleblowing import permissions as perm
from utilicase.whistleblowing.domain import transitions as t
from utilicase.whistleblowing.domain.claim import claim_code_hash, claim_code_new
from utilicase.whistleblowing.domain.files import CheckedFile, FileRefused, file_check, files_count_check
from utilicase.whistleblowing.domain.numbers import report_number_new
from utilicase.whistleblowing.models import (
    Channel,
    Report,
    ReportAttachment,
    ReportContent,
    ReportNote,
    ReportReply,
)
from utilicase.whistleblowing.selectors import (
    REPLY_KIND,
    complaint_taken,
    discipline_unit_of,
    open_reply_deadline,
    report_facts,
)

BLOB_NAMESPACE = "whistleblowing"
NUMBER_TRIES = 5
# Nothing received before this is taken (it also keeps absurd dates out of the database).
EARLIEST = datetime(2000, 1, 1, tzinfo=SHANGHAI)
MAX_LENGTH = {
    "content": 10000, "reporter_name": 100, "reporter_contact": 200, "reason": 500, "complaint_number": 30,
    "text": 10000, "outcome": 10000, "feedback_content": 4000, "original_name": 200,
}


class ReportInvalid(ValueError):
    """Input that cannot be recorded: names the field and the rule, never the value."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class NotPermitted(PermissionError):
    """The user sees the report but does not perform this action."""


@dataclass(frozen=True)
class IncomingFile:
    name: str
    data: bytes


def _text(field: str, value: str | None, *, required: bool = False) -> str:
    text = (value or "").strip()
    if "\x00" in text:
        raise ReportInvalid(field, gettext("含有不允许的字符。"))
    if required and not text:
        raise ReportInvalid(field, gettext("不能为空。"))
    if len(text) > MAX_LENGTH[field]:
        raise ReportInvalid(field, gettext("不能超过 %(n)d 个字。") % {"n": MAX_LENGTH[field]})
    return text


def _aware(field: str, value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ReportInvalid(field, gettext("须带时区。"))
    if value < EARLIEST:
        raise ReportInvalid(field, gettext("不能早于 2000 年。"))
    return value


def _check_files(files) -> list[tuple[IncomingFile, CheckedFile]]:
    files = list(files)
    try:
        files_count_check(len(files))
        return [(f, file_check(f.data)) for f in files]
    except FileRefused as exc:
        raise ReportInvalid("attachments", gettext(exc.msgid) % exc.params) from None


def _audit(report: Report, *, actor, action: str, clause: str, now: datetime,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    audit_record(actor=actor, action=f"whistleblowing.report.{action}", target=report, clause=clause,
                 before=before, after=after, now=now)


def _next_ordinal(model, report: Report) -> int:
    """The next number of an attachment or note within the report (the caller holds the report's lock)."""
    last = model.objects.filter(report=report).aggregate(last=Max("ordinal"))["last"]
    return (last or 0) + 1


def _attach(report: Report, *, actor, incoming: IncomingFile, checked: CheckedFile, now: datetime) -> ReportAttachment:
    blob_write(BLOB_NAMESPACE, incoming.data)
    return ReportAttachment.objects.create(
        report=report, ordinal=_next_ordinal(ReportAttachment, report), sha256=checked.sha256, size=checked.size, content_type=checked.content_type,
        original_name=(incoming.name or "")[: MAX_LENGTH["original_name"]], uploaded_by=actor, uploaded_at=now,
    )


def _save_numbered(report: Report, *, year: int) -> None:
    """Inserts the report under a fresh random number (domain/numbers.py), drawing again on the
    rare clash with an existing one."""
    for _ in range(NUMBER_TRIES):
        report.number = report_number_new(year)
        try:
            with transaction.atomic():  # savepoint: a clash leaves the caller's transaction usable
                report.save(force_insert=True)
            return
        except IntegrityError:
            if not Report.objects.filter(number=report.number).exists():
                raise  # another constraint: not a clash of numbers
    raise RuntimeError("no free report number")


@transaction.atomic
def report_receive(
    *, actor: User, channel: str, received_at: datetime, content: str = "", reporter_name: str = "",
    reporter_contact: str = "", claim_code_wanted: bool = False, files=(), confirm: bool = False, now: datetime,
) -> tuple[Report, str | None]:
    """Record a report taken at the counter, on the phone, from a letter or the opinion box
    (§6.7(i-ii)). The front line records what routing needs; content, reporter and files go to
    the confidential half, which they cannot read back. The reporter may stay anonymous and may
    be given a claim code: returned here once, only its hash is kept. The reply limit of 10
    working days runs from acceptance whatever happens next (§6.7(iii)(7)): it is opened here,
    owned by the discipline inspection unit, so an unconfirmed report is escalated like any
    other. With `confirm` it is also confirmed as a report at once (report_confirm, in the same
    transaction).
    Returns (report, claim code or None)."""
    if not perm.can_take_report(actor):
        raise NotPermitted("only front-line staff take reports")
    if channel not in Channel.values:
        raise ReportInvalid("channel", gettext("须为来人、来电、来函或意见箱。"))
    received_at = _aware("received_at", received_at)
    if received_at > now:
        raise ReportInvalid("received_at", gettext("不能晚于现在。"))
    content = _text("content", content)
    reporter_name = _text("reporter_name", reporter_name)
    reporter_contact = _text("reporter_contact", reporter_contact)
    checked = _check_files(files)
    discipline = discipline_unit_of(unit=actor.unit)
    if discipline is None:
        raise RuleViolation("§6.7(i-ii)", gettext_noop("公司未设纪检监察部门，举报无法登记。"))
    code = claim_code_new() if claim_code_wanted else None
    report = Report(
        channel=channel, received_at=received_at, received_by=actor,
        receiving_unit=actor.unit, discipline_unit=discipline, status=t.RECEIVED,
        claim_code_hash=claim_code_hash(code) if code else "", created_at=now,
    )
    _save_numbered(report, year=received_at.astimezone(SHANGHAI).year)
    number = report.number
    ReportContent.objects.create(report=report, content=content, reporter_name=reporter_name,
                                 reporter_contact=reporter_contact)
    attachments = [_attach(report, actor=actor, incoming=f, checked=c, now=now) for f, c in checked]
    _audit(report, actor=actor, action="received", clause="§6.7(i-ii)", now=now, after={
        "status": report.status, "number": number, "received_at": received_at.isoformat(),
        "receiving_unit": actor.unit.code, "discipline_unit": discipline.code,
        "attachments": [a.ordinal for a in attachments],
    })
    deadline_open(kind=REPLY_KIND, clause="§6.7(iii)(7)", target=report, owner=None, owner_unit=discipline,
                  start_at=received_at, working_days=t.REPLY_WORKING_DAYS, now=now, actor=actor)
    if confirm:
        report = report_confirm(actor=actor, report=report, now=now)
    return report, code


def _locked(*, actor: User, report: Report, transition: str) -> Report:
    """The report, locked for the rest of the transaction, if the actor performs `transition`.
    A report the actor may not see is missing to them (Report.DoesNotExist)."""
    locked = Report.objects.select_for_update().select_related("discipline_unit", "receiving_unit").get(pk=report.pk)
    if not perm.can_view_report(actor, locked):
        raise Report.DoesNotExist("no such report")
    if not perm.can_act_on_report(actor, locked, transition):
        raise NotPermitted(transition)
    return locked


@transaction.atomic
def report_confirm(*, actor: User, report: Report, now: datetime) -> Report:
    """Confirmed as a report: it goes to discipline inspection at once (§6.7(iii)(5)), and the
    front line loses sight of it. The reply limit, opened at receipt, does not move."""
    report = _locked(actor=actor, report=report, transition="confirm")
    t.TABLE.check("confirm", report.status, report_facts(report=report))
    before = report.status
    report.status, report.confirmed_at = t.WITH_DISCIPLINE, now
    report.save(update_fields=["status", "confirmed_at"])
    _audit(report, actor=actor, action="confirmed", clause="§6.7(iii)(5)", now=now,
           before={"status": before},
           after={"status": report.status, "confirmed_at": now.isoformat(),
                  "discipline_unit": report.discipline_unit.code})
    return report


@transaction.atomic
def report_close_not_a_report(
    *, actor: User, report: Report, reason: str, complaint_number: str = "", open_complaint: bool = False,
    now: datetime,
) -> Report:
    """Not a report (§6.7(i-ii): only what is confirmed as a report goes to discipline
    inspection): closed with the reason and the complaint it is handled as. Either it names the
    complaint already taken for it, which must exist in the report's company (a report has no
    customer record, so "the same customer" is checked as the same company), or, with
    `open_complaint`, discipline inspection (who alone reads the report) opens one from what the
    report said, through the complaints service (the hook "complaints.open_from_report"), and
    the report names it. Closing it meets the reply limit (the complaint carries its own), on
    time or late by the same rule as a reply. The content stays confidential all the same, and
    the complaint does not name the report."""
    report = _locked(actor=actor, report=report, transition="not_a_report")
    reason = _text("reason", reason)
    if open_complaint:
        if not perm.can_view_report_content(actor, report):
            raise NotPermitted("only discipline inspection opens a complaint from a report")
        t.TABLE.check("not_a_report", report.status, report_facts(report=report, reason=reason))
        complaint_number = _complaint_from(report, actor=actor, now=now)
    else:
        complaint_number = _text("complaint_number", complaint_number).upper()
        t.TABLE.check("not_a_report", report.status, report_facts(
            report=report, reason=reason, complaint_number=complaint_number,
            complaint_found=complaint_taken(number=complaint_number, unit=report.receiving_unit)))
    before = report.status
    report.status, report.closed_reason, report.complaint_number, report.closed_at = (
        t.NOT_A_REPORT, reason, complaint_number, now)
    report.save(update_fields=["status", "closed_reason", "complaint_number", "closed_at"])
    _audit(report, actor=actor, action="closed_not_a_report", clause="§6.7(i-ii)", now=now,
           before={"status": before}, after={"status": report.status, "closed_at": now.isoformat(),
                                             "complaint_opened": open_complaint,
                                             "late": _meet_reply_limit(report, actor=actor, now=now)})
    return report


def _complaint_from(report: Report, *, actor: User, now: datetime) -> str:
    """Opens the complaint from the report's content and reporter; its number. What the
    complaints service refuses is told by field, never by value."""
    content = ReportContent.objects.get(report=report)
    try:
        return hook("complaints.open_from_report")(
            actor=actor, hall=report.receiving_unit, taken_by=report.received_by, channel=report.channel,
            content=content.content, contact_name=content.reporter_name, contact_phone=content.reporter_contact,
            received_at=report.received_at, now=now)
    except ValueError as exc:
        fields = set(getattr(exc, "errors", {}))
        if "content" in fields:
            message = gettext("举报内容为空，无法据此开立投诉。")
        elif "contact_phone" in fields:
            message = gettext("举报人未留电话，无法据此开立投诉；请先按投诉受理，再填投诉编号。")
        else:
            message = gettext("无法据此开立投诉（受理营业厅不能受理投诉）；请先按投诉受理，再填投诉编号。")
        raise ReportInvalid("complaint_number", message) from None


def _meet_reply_limit(report: Report, *, actor: User, now: datetime) -> bool | None:
    """Meets the report's reply limit (§6.7(iii)(7)); whether that was late (None without one)."""
    deadline = open_reply_deadline(report=report)
    if deadline is None:
        return None
    met = deadline_meet(deadline=deadline, now=now, actor=actor)
    return not met_in_time(met.met_at, met.due_at)


@transaction.atomic
def report_investigate(*, actor: User, report: Report, now: datetime) -> Report:
    """Discipline inspection takes the report up (§6.7(i-ii): it investigates and handles)."""
    report = _locked(actor=actor, report=report, transition="investigate")
    t.TABLE.check("investigate", report.status, report_facts(report=report))
    before = report.status
    report.status, report.investigation_started_at = t.INVESTIGATING, now
    report.save(update_fields=["status", "investigation_started_at"])
    _audit(report, actor=actor, action="investigation_started", clause="§6.7(i-ii)", now=now,
           before={"status": before}, after={"status": report.status, "investigation_started_at": now.isoformat()})
    return report


@transaction.atomic
def report_note_add(*, actor: User, report: Report, text: str, now: datetime) -> ReportNote:
    """A note of the investigation (§6.7(i-ii)). A reply needs at least one."""
    report = _locked(actor=actor, report=report, transition="note")
    text = _text("text", text)
    t.TABLE.check("note", report.status, report_facts(report=report, note_text=text))
    note = ReportNote.objects.create(report=report, ordinal=_next_ordinal(ReportNote, report), text=text,
                                     written_by=actor, written_at=now)
    _audit(report, actor=actor, action="note_added", clause="§6.7(i-ii)", now=now,
           after={"status": report.status, "note": note.ordinal})
    return note


@transaction.atomic
def report_attachment_add(*, actor: User, report: Report, file: IncomingFile, now: datetime) -> ReportAttachment:
    """A file for the report, checked by content (PDF, JPEG, PNG; size limit)."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not perm.can_view_report(actor, locked):
        raise Report.DoesNotExist("no such report")
    if not perm.can_attach_to_report(actor, locked):
        raise NotPermitted("attach")
    [(incoming, checked)] = _check_files([file])
    attachment = _attach(locked, actor=actor, incoming=incoming, checked=checked, now=now)
    _audit(locked, actor=actor, action="attachment_added", clause="§6.7(i-ii)", now=now,
           after={"status": locked.status, "attachment": attachment.ordinal})
    return attachment


@transaction.atomic
def report_reply(
    *, actor: User, report: Report, outcome: str, feedback_method: str, feedback_content: str,
    feedback_at: datetime, now: datetime,
) -> ReportReply:
    """The outcome of the investigation and the feedback given to the reporter: how (by the
    contact left, §6.7(iii)(6); in person; on the claim page), what, when. Recording it meets the
    reply limit (§6.7(iii)(7)); the limit counts as met when it is recorded, so the KPIs cannot
    be moved by back-dating the feedback time."""
    report = _locked(actor=actor, report=report, transition="reply")
    outcome = _text("outcome", outcome)
    feedback_content = _text("feedback_content", feedback_content)
    feedback_at = _aware("feedback_at", feedback_at)
    facts = report_facts(report=report, outcome=outcome, feedback_method=feedback_method,
                         feedback_content=feedback_content, feedback_at=feedback_at, now=now)
    t.TABLE.check("reply", report.status, facts)
    reply = ReportReply.objects.create(
        report=report, outcome=outcome, feedback_method=feedback_method, feedback_content=feedback_content,
        feedback_at=feedback_at, recorded_by=actor, recorded_at=now,
    )
    before = report.status
    report.status, report.replied_at = t.REPLIED, now
    report.save(update_fields=["status", "replied_at"])
    late = _meet_reply_limit(report, actor=actor, now=now)
    _audit(report, actor=actor, action="replied", clause="§6.7(iii)(7)", now=now, before={"status": before},
           after={"status": report.status, "replied_at": now.isoformat(), "feedback_at": feedback_at.isoformat(),
                  "late": late})
    return reply


def report_escalate(deadline: Deadline, now: datetime) -> None:
    """Escalation handler of the `report.reply` deadline, run by the sweep inside its
    transaction once per deadline. The regulation names nobody above discipline inspection
    and the system has no such role, so the report is marked escalated: it stays on top of
    discipline inspection's list, highlighted, until replied. Marking twice changes nothing."""
    report = Report.objects.select_for_update().select_related("discipline_unit") \
        .filter(pk=int(deadline.target_id)).first()
    if report is None or report.escalated_at is not None or report.status not in t.OPEN_STATES:
        return
    report.escalated_at = now
    report.save(update_fields=["escalated_at"])
    _audit(report, actor=None, action="escalated", clause="§6.7(iii)(7)", now=now,
           after={"status": report.status, "escalated_at": now.isoformat(), "due_at": deadline.due_at.isoformat(),
                  "discipline_unit": report.discipline_unit.code})
    # Discipline inspection alone is told, and of nothing the report says (§6.7(iii)(1-6)).
    notify(recipients=User.objects.filter(unit=report.discipline_unit, role=Role.DISCIPLINE, is_active=True),
           kind=NotificationKind.ESCALATION, event_key=deadline_event(deadline.pk, "escalation"),
           title=gettext_noop("一件举报的答复已逾期，已标记督办"), target_type=deadline.target_type,
           target_id=deadline.target_id, clause="§6.7(iii)(7)", now=now)


@transaction.atomic
def reports_exported(*, actor: User, count: int, now: datetime) -> None:
    """An export of the list leaves an audit event (who, when, how many rows)."""
    if not perm.can_export_reports(actor):
        raise NotPermitted("export")
    audit_record(actor=actor, action="whistleblowing.report.exported", clause="§6.7(iii)(1-6)",
                 after={"count": count}, now=now)


@transaction.atomic
def report_claim_secret_reset(*, actor: User, report: Report, reason: str, now: datetime) -> Report:
    """Discipline inspection (a member in force of the report's unit) clears the claim secret set
    at a claim, when someone other than the reporter (the clerk who read the code out, say) set it
    and locked the reporter out (§6.7(i-ii): the feedback is for the reporter). The next claim with
    the code may set a new one. A reason is required; the event is confidential (discipline
    inspection alone sees it, also on the report's timeline). A report the actor may not see is
    missing to them; one they see but whose content they may not (the front line): NotPermitted."""
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if not perm.can_view_report(actor, locked):
        raise Report.DoesNotExist("no such report")
    if not perm.can_reset_claim_secret(actor, locked):
        raise NotPermitted("claim_secret_reset")
    reason = _text("reason", reason, required=True)
    if not locked.claim_secret_hash:
        raise RuleViolation("§6.7(i-ii)", gettext_noop("该举报没有设置查询密码，无需重置。"))
    locked.claim_secret_hash = ""
    locked.save(update_fields=["claim_secret_hash"])
    _audit(locked, actor=actor, action="claim_secret_reset", clause="§6.7(i-ii)", now=now,
           before={"claim_secret_set": True},
           after={"status": locked.status, "claim_secret_set": False, "reason": reason})
    return locked
