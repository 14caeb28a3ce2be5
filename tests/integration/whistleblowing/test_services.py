"""Every service transition of a report and every refusal, with its audit event."""

from datetime import timedelta

import pytest

from tests.integration.whistleblowing.conftest import PDF, SECRET_CONTENT, SECRET_NAME
from utilicase.audit.models import AuditEvent
from utilicase.blobs.storage import blob_read
from utilicase.calendar.models import Deadline
from utilicase.calendar.services import deadlines_sweep
from utilicase.core.rules import RuleViolation
from utilicase.numbering.models import Sequence
from utilicase.org.models import Unit
from utilicase.whistleblowing import services
from utilicase.whistleblowing.domain.numbers import report_number_valid
from utilicase.whistleblowing.models import Report, ReportAttachment, ReportContent, ReportNote, ReportReply
from utilicase.whistleblowing.selectors import report_list

pytestmark = pytest.mark.django_db


def _events(report):
    return list(AuditEvent.objects.filter(target_type="whistleblowing.report", target_id=str(report.pk))
                .order_by("seq").values_list("action", "clause"))


def test_intake_records_routing_and_keeps_content_apart_s6_7_i_ii(take, org, now):
    report, code = take()
    assert report_number_valid(report.number) and report.number.startswith("JB2026")
    assert (report.status, report.channel, report.received_at) == ("RECEIVED", "PHONE", now)
    assert report.receiving_unit.code == "tf-hall" and report.discipline_unit.code == "tf-discipline"
    content = ReportContent.objects.get(report=report)
    assert (content.content, content.reporter_name) == (SECRET_CONTENT, SECRET_NAME)
    assert code is None and report.claim_code_hash == ""
    assert _events(report) == [("whistleblowing.report.received", "§6.7(i-ii)")]
    # The reply limit runs from receipt, confirmed or not, and is discipline inspection's.
    limit = Deadline.objects.get()
    assert (limit.kind, limit.clause, limit.owner_unit.code, limit.due_date.isoformat()) == (
        "report.reply", "§6.7(iii)(7)", "tf-discipline", "2026-10-20")


def test_numbers_carry_the_year_and_do_not_count_reports(take, now):
    numbers = [take()[0].number for _ in range(20)]
    assert all(report_number_valid(n) and n.startswith("JB2026") for n in numbers)
    assert len(set(numbers)) == 20
    # a running number would differ by 1 from one report to the next; random ones almost never do
    steps = {int(b[2:-1]) - int(a[2:-1]) for a, b in zip(numbers, numbers[1:], strict=False)}
    assert steps != {1} and len(steps) > 10
    assert take(received_at=now.replace(year=2025))[0].number.startswith("JB2025")
    assert not Sequence.objects.exists()  # nothing counts reports


def test_a_clashing_number_is_drawn_again(take, monkeypatch):
    taken = take()[0].number
    drawn = iter([taken, taken, "JB202612345670"])
    monkeypatch.setattr(services, "report_number_new", lambda year: next(drawn))
    assert take()[0].number == "JB202612345670"


def test_intake_is_for_front_line_staff(take):
    for username in ("inspector1", "discipline1", "admin", "handler1"):
        with pytest.raises(services.NotPermitted):
            take(username)
    assert take("hall_head1")[0].received_by.username == "hall_head1"


def test_intake_refuses_bad_input_naming_the_field(take, now):
    cases = [({"channel": "EMAIL"}, "channel"), ({"received_at": now + timedelta(minutes=1)}, "received_at"),
             ({"content": "长" * 10001}, "content"), ({"reporter_contact": "1" * 201}, "reporter_contact")]
    for kwargs, field in cases:
        with pytest.raises(services.ReportInvalid) as exc:
            take(**kwargs)
        assert exc.value.field == field
        assert "长长长" not in str(exc.value)
    assert not Report.objects.exists()


def test_intake_without_a_discipline_unit_is_refused_s6_7_i_ii(take, org):
    Unit.objects.filter(code="tf-discipline").update(kind="DEPARTMENT")
    with pytest.raises(RuleViolation) as exc:
        take()
    assert exc.value.clause == "§6.7(i-ii)"


def test_claim_code_is_returned_once_and_only_its_hash_kept(take):
    report, code = take(claim_code_wanted=True)
    assert len(code) == 19 and code.count("-") == 3
    report.refresh_from_db()
    assert len(report.claim_code_hash) == 64 and code.replace("-", "") not in report.claim_code_hash


def test_intake_files_are_stored_by_content_hash(take):
    report, _ = take(files=[services.IncomingFile("信.pdf", PDF), services.IncomingFile("copy.pdf", PDF)])
    files = list(ReportAttachment.objects.filter(report=report))
    assert len(files) == 2 and files[0].sha256 == files[1].sha256
    assert blob_read("whistleblowing", files[0].sha256) == PDF
    assert files[0].content_type == "application/pdf" and files[0].original_name == "信.pdf"


def test_intake_refuses_a_file_that_is_not_pdf_jpeg_or_png(take):
    with pytest.raises(services.ReportInvalid) as exc:
        take(files=[services.IncomingFile("x.pdf", b"MZ not really a pdf")])
    assert exc.value.field == "attachments"
    assert not Report.objects.exists()


def test_confirm_routes_to_discipline_and_opens_the_reply_limit_s6_7_iii_5(take, example_user, now):
    report, _ = take()
    confirmed = services.report_confirm(actor=example_user("hall_staff1"), report=report, now=now)
    assert (confirmed.status, confirmed.confirmed_at) == ("WITH_DISCIPLINE", now)
    deadline = Deadline.objects.get(target_type="whistleblowing.report", target_id=str(report.pk))
    assert (deadline.kind, deadline.clause, deadline.working_days) == ("report.reply", "§6.7(iii)(7)", 10)
    assert deadline.owner is None and deadline.owner_unit.code == "tf-discipline"
    assert deadline.start_at == report.received_at
    assert _events(report)[-1] == ("whistleblowing.report.confirmed", "§6.7(iii)(5)")


def test_confirm_twice_is_refused_s6_7_iii_5(take, example_user, now):
    report, _ = take(confirm=True)
    with pytest.raises(RuleViolation) as exc:
        services.report_confirm(actor=example_user("discipline1"), report=report, now=now)
    assert exc.value.clause == "§6.7(iii)(5)"


def test_after_confirmation_the_receiver_cannot_act_s6_7_iii_5(take, example_user, now):
    report, _ = take(confirm=True)
    with pytest.raises(Report.DoesNotExist):
        services.report_investigate(actor=example_user("hall_staff1"), report=report, now=now)


def test_another_front_line_user_cannot_confirm_someone_elses_intake_s6_7_iii_5(take, example_user, now):
    report, _ = take()
    with pytest.raises(Report.DoesNotExist):
        services.report_confirm(actor=example_user("hall_head1"), report=report, now=now)


def test_not_a_report_closes_with_reason_and_complaint_number_s6_7_i_ii(take, example_user, now, complaint_number):
    report, _ = take()
    closed = services.report_close_not_a_report(actor=example_user("hall_staff1"), report=report,
                                                reason="属于服务投诉", complaint_number=complaint_number.lower(),
                                                now=now)
    assert (closed.status, closed.closed_reason, closed.complaint_number, closed.closed_at) == (
        "NOT_A_REPORT", "属于服务投诉", complaint_number, now)
    assert _events(report)[-1] == ("whistleblowing.report.closed_not_a_report", "§6.7(i-ii)")
    limit = Deadline.objects.get(kind="report.reply")
    assert limit.met_at == now
    assert AuditEvent.objects.get(action="whistleblowing.report.closed_not_a_report").after["late"] is False


@pytest.mark.parametrize("number", ["", "TS2026999999"])
def test_not_a_report_names_a_complaint_taken_in_the_company_s6_7_i_ii(take, example_user, now, number):
    report, _ = take()
    with pytest.raises(RuleViolation) as exc:
        services.report_close_not_a_report(actor=example_user("hall_staff1"), report=report, reason="属于投诉",
                                           complaint_number=number, now=now)
    assert exc.value.clause == "§6.7(i-ii)"
    report.refresh_from_db()
    assert report.status == "RECEIVED"


def test_not_a_report_finds_the_complaint_only_in_the_report_s_company_s6_7_i_ii(example_user, complaint_number, now):
    """The complaints context answers through its hook (whistleblowing does not import it): the
    complaint's id for a link, and nothing from another company's units."""
    from utilicase.complaints.models import Complaint
    from utilicase.org.services import unit_create
    from utilicase.whistleblowing.selectors import complaint_for, complaint_taken

    hall = example_user("hall_staff1").unit
    assert complaint_for(number=complaint_number, unit=hall) == str(Complaint.objects.get(number=complaint_number).pk)
    assert complaint_for(number="", unit=hall) is None
    other = unit_create(actor=None, name="另一能源股份有限公司", code="other", kind="COMPANY", parent=None, now=now)
    other_hall = unit_create(actor=None, name="另一营业厅", code="other-hall", kind="HALL", parent=other, now=now)
    assert complaint_for(number=complaint_number, unit=other_hall) is None
    assert complaint_taken(number=complaint_number, unit=hall) is True
    assert complaint_taken(number=complaint_number, unit=other_hall) is False


def test_an_unconfirmed_report_is_escalated_like_any_other_s6_7_iii_7(take, example_user, now):
    report, _ = take()
    due = Deadline.objects.get(kind="report.reply").due_at
    assert deadlines_sweep(now=due) == 1
    report.refresh_from_db()
    assert report.escalated_at == due and report.status == "RECEIVED"
    rows = list(report_list(user=example_user("discipline1"), now=due))
    assert [(r.pk, r.is_overdue) for r in rows] == [(report.pk, True)]


def test_not_a_report_without_reason_is_refused_s6_7_i_ii(take, example_user, now):
    report, _ = take()
    with pytest.raises(RuleViolation) as exc:
        services.report_close_not_a_report(actor=example_user("hall_staff1"), report=report, reason=" ", now=now)
    assert exc.value.clause == "§6.7(i-ii)"
    report.refresh_from_db()
    assert report.status == "RECEIVED"


def test_not_a_report_after_confirmation_is_refused_s6_7_i_ii(take, example_user, now):
    report, _ = take(confirm=True)
    with pytest.raises(RuleViolation) as exc:
        services.report_close_not_a_report(actor=example_user("discipline1"), report=report, reason="x", now=now)
    assert exc.value.clause == "§6.7(i-ii)"


def test_investigate_and_note_s6_7_i_ii(take, example_user, now):
    discipline = example_user("discipline1")
    report, _ = take(confirm=True)
    report = services.report_investigate(actor=discipline, report=report, now=now)
    note = services.report_note_add(actor=discipline, report=report, text="约谈当事人", now=now)
    assert report.status == "INVESTIGATING" and report.investigation_started_at == now
    assert ReportNote.objects.get(pk=note.pk).text == "约谈当事人"
    assert _events(report)[-2:] == [("whistleblowing.report.investigation_started", "§6.7(i-ii)"),
                                    ("whistleblowing.report.note_added", "§6.7(i-ii)")]


def test_investigating_twice_is_refused_s6_7_i_ii(take, example_user, now):
    discipline = example_user("discipline1")
    report, _ = take(confirm=True)
    services.report_investigate(actor=discipline, report=report, now=now)
    with pytest.raises(RuleViolation) as exc:
        services.report_investigate(actor=discipline, report=report, now=now)
    assert exc.value.clause == "§6.7(i-ii)"


def test_investigating_before_confirmation_is_refused_s6_7_i_ii(take, example_user, now):
    report, _ = take()
    with pytest.raises(RuleViolation) as exc:
        services.report_investigate(actor=example_user("discipline1"), report=report, now=now)
    assert exc.value.clause == "§6.7(i-ii)"


def test_the_front_line_does_not_investigate_its_own_intake(take, example_user, now):
    report, _ = take()
    with pytest.raises(services.NotPermitted):
        services.report_investigate(actor=example_user("hall_staff1"), report=report, now=now)


def test_empty_note_is_refused_s6_7_i_ii(take, example_user, now):
    discipline = example_user("discipline1")
    report, _ = take(confirm=True)
    services.report_investigate(actor=discipline, report=report, now=now)
    with pytest.raises(RuleViolation) as exc:
        services.report_note_add(actor=discipline, report=report, text="  ", now=now)
    assert exc.value.clause == "§6.7(i-ii)"


@pytest.fixture
def investigating(take, example_user, now):
    def make(noted: bool = True, **kwargs):
        discipline = example_user("discipline1")
        report, code = take(confirm=True, **kwargs)
        services.report_investigate(actor=discipline, report=report, now=now)
        if noted:
            services.report_note_add(actor=discipline, report=report, text="调查", now=now)
        return report

    return make


def _reply(example_user, report, at, **kwargs):
    args = {"outcome": "属实，已处理", "feedback_method": "PHONE", "feedback_content": "已查实处理", "feedback_at": at,
            **kwargs}
    return services.report_reply(actor=example_user("discipline1"), report=report, now=at, **args)


def test_reply_records_outcome_and_feedback_and_meets_the_limit_s6_7_iii_7(investigating, example_user, now):
    report = investigating()
    at = now + timedelta(days=3)
    reply = _reply(example_user, report, at)
    report.refresh_from_db()
    assert (report.status, report.replied_at) == ("REPLIED", at)
    stored = ReportReply.objects.get(report=report)
    assert (stored.outcome, stored.feedback_method, stored.feedback_content, stored.feedback_at) == (
        "属实，已处理", "PHONE", "已查实处理", at)
    assert reply.recorded_by.username == "discipline1"
    assert Deadline.objects.get(target_id=str(report.pk)).met_at == at
    event = AuditEvent.objects.filter(action="whistleblowing.report.replied").get()
    assert (event.clause, event.after["late"]) == ("§6.7(iii)(7)", False)


def test_late_reply_is_recorded_as_late_not_refused_s6_7_iii_7(investigating, example_user, now):
    report = investigating()
    at = now + timedelta(days=40)
    _reply(example_user, report, at)
    assert AuditEvent.objects.get(action="whistleblowing.report.replied").after["late"] is True


def test_reply_without_investigation_note_is_refused_s6_7_i_ii(investigating, example_user, now):
    report = investigating(noted=False)
    with pytest.raises(RuleViolation) as exc:
        _reply(example_user, report, now)
    assert exc.value.clause == "§6.7(i-ii)"
    report.refresh_from_db()
    assert report.status == "INVESTIGATING" and not ReportReply.objects.exists()


def test_reply_without_feedback_content_is_refused_s6_7_iii_7(investigating, example_user, now):
    with pytest.raises(RuleViolation) as exc:
        _reply(example_user, investigating(), now, feedback_content="")
    assert exc.value.clause == "§6.7(iii)(7)"


def test_reply_to_an_opinion_box_report_goes_to_the_contact_left_s6_7_iii_6(investigating, example_user, now):
    report = investigating(channel="OPINION_BOX", claim_code_wanted=True)
    with pytest.raises(RuleViolation) as exc:
        _reply(example_user, report, now, feedback_method="CLAIM_PAGE")
    assert exc.value.clause == "§6.7(iii)(6)"
    assert _reply(example_user, report, now, feedback_method="SMS").feedback_method == "SMS"


def test_contact_feedback_without_contact_is_refused_s6_7_iii_6(investigating, example_user, now):
    report = investigating(reporter_contact="")
    with pytest.raises(RuleViolation) as exc:
        _reply(example_user, report, now, feedback_method="PHONE")
    assert exc.value.clause == "§6.7(iii)(6)"


def test_anonymous_unreachable_reporter_gets_the_outcome_archived_s6_7_i_ii(investigating, example_user, now):
    report = investigating(reporter_name="", reporter_contact="")
    assert _reply(example_user, report, now, feedback_method="UNREACHABLE").feedback_method == "UNREACHABLE"


def test_reply_twice_is_refused_s6_7_iii_7(investigating, example_user, now):
    report = investigating()
    _reply(example_user, report, now)
    with pytest.raises(RuleViolation) as exc:
        _reply(example_user, report, now)
    assert exc.value.clause == "§6.7(iii)(7)"


def test_discipline_attaches_files_while_handling(take, example_user, now):
    report, _ = take(confirm=True)
    attachment = services.report_attachment_add(actor=example_user("discipline1"), report=report, now=now,
                                                file=services.IncomingFile("扫描.png", b"\x89PNG\r\n\x1a\n123IEND\xaeB`\x82"))
    assert attachment.content_type == "image/png"
    event = AuditEvent.objects.get(action="whistleblowing.report.attachment_added")
    assert event.after == {"status": "WITH_DISCIPLINE", "attachment": 1}


def test_no_attachments_after_the_reply(investigating, example_user, now):
    report = investigating()
    _reply(example_user, report, now)
    with pytest.raises(services.NotPermitted):
        services.report_attachment_add(actor=example_user("discipline1"), report=report, now=now,
                                       file=services.IncomingFile("x.pdf", PDF))


def test_every_transition_writes_one_event_with_its_clause(full_report):
    assert _events(full_report) == [
        ("whistleblowing.report.received", "§6.7(i-ii)"),
        ("whistleblowing.report.confirmed", "§6.7(iii)(5)"),
        ("whistleblowing.report.investigation_started", "§6.7(i-ii)"),
        ("whistleblowing.report.note_added", "§6.7(i-ii)"),
        ("whistleblowing.report.replied", "§6.7(iii)(7)"),
    ]
