"""Demo reports in every state, written through the services (so numbered, audited and with
their deadlines like real ones). Needs the demo organisation (hall_staff1, hall_head1,
discipline1)."""

from datetime import datetime, timedelta

from django.db import transaction

from utilicase.complaints.services import complaint_receive
from utilicase.org.models import User
from utilicase.whistleblowing import services
from utilicase.whistleblowing.models import Report


def _user(username: str) -> User:
    return User.objects.select_related("unit").get(username=username)


@transaction.atomic
def make_demo_reports(*, now: datetime) -> list[Report]:
    """Six reports: one awaiting confirmation, one found not to be a report, one just with
    discipline inspection, one being investigated, one replied (with a claim code), and one
    received three weeks ago and still unanswered (overdue; the sweep escalates it)."""
    staff, head, discipline = _user("hall_staff1"), _user("hall_head1"), _user("discipline1")
    made = []

    pending, _ = services.report_receive(
        actor=staff, channel="PHONE", received_at=now - timedelta(minutes=20),
        content="来电反映抄表员多次上门时索要好处费，要求核查。", reporter_name="", reporter_contact="",
        claim_code_wanted=True, now=now)
    made.append(pending)

    not_one, _ = services.report_receive(
        actor=head, channel="VISIT", received_at=now - timedelta(days=2),
        content="来人反映营业厅排队时间过长。", reporter_name="马建军", reporter_contact="13899001122", now=now)
    complaint = complaint_receive(
        actor=head, channel="VISIT", contact_name="马建军", contact_phone="13899001122", content="营业厅排队时间过长。",
        reception_started_at=now - timedelta(days=2), reception_ended_at=now - timedelta(days=2), now=now)
    made.append(services.report_close_not_a_report(
        actor=head, report=not_one, reason="反映服务效率问题，属于投诉，已按投诉受理。",
        complaint_number=complaint.number, now=now))

    with_discipline, _ = services.report_receive(
        actor=staff, channel="LETTER", received_at=now - timedelta(days=1, hours=3),
        content="来函举报某施工队私接临时用电，疑有工作人员默许。", reporter_name="", reporter_contact="石河子市北四路邮政信箱12号",
        confirm=True, now=now)
    made.append(with_discipline)

    investigating, _ = services.report_receive(
        actor=staff, channel="OPINION_BOX", received_at=now - timedelta(days=4),
        content="意见箱纸条：燃气公司安检人员推销指定厂家的报警器。", reporter_name="", reporter_contact="13700002233",
        confirm=True, now=now)
    investigating = services.report_investigate(actor=discipline, report=investigating, now=now)
    services.report_note_add(actor=discipline, report=investigating, text="已调取近三个月安检工单，约谈涉及人员两名。", now=now)
    made.append(investigating)

    replied, _ = services.report_receive(
        actor=staff, channel="VISIT", received_at=now - timedelta(days=9),
        content="来人举报热力公司收费员收取现金不开票据。", reporter_name="", reporter_contact="",
        claim_code_wanted=True, confirm=True, now=now)
    replied = services.report_investigate(actor=discipline, report=replied, now=now)
    services.report_note_add(actor=discipline, report=replied, text="核对收费台账与票据存根，情况属实。", now=now)
    services.report_reply(
        actor=discipline, report=replied, outcome="收费员违反收费纪律，已调离岗位并退还多收款项。",
        feedback_method="CLAIM_PAGE", feedback_content="您反映的问题经调查属实，已严肃处理。感谢您的监督。",
        feedback_at=now, now=now)
    made.append(Report.objects.get(pk=replied.pk))

    overdue, _ = services.report_receive(
        actor=staff, channel="PHONE", received_at=now - timedelta(days=21),
        content="来电举报电力检查中存在人情执法。", reporter_name="", reporter_contact="13512345678",
        confirm=True, now=now)
    made.append(overdue)
    return made
