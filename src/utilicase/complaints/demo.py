"""Demo complaints: a handful in different states, written through the services (so each has
its number, deadlines and audit events), taken at the demo service hall by hall_staff1.

Times run backwards from `now`: one complaint is past its reply deadline and unanswered (the
next `utilicase sweep` escalates it to the hall head), one was replied, called back (satisfied)
and closed, one was reopened at its return visit (the customer not satisfied), one waits
for a department's reply, one opinion-book complaint waits for the hall head, one is assessed
(its visitor taken to the VIP room and the hall head told), and one was just taken on the phone.
"""

from datetime import datetime, timedelta

from django.db import transaction

from utilicase.complaints import services
from utilicase.complaints.models import Channel, Complaint, ComplaintCategory, Impact, ReplyMethod
from utilicase.customers.models import Customer
from utilicase.org.models import Unit, User


def _assess(actor, complaint, *, category: str, at_fault: bool, now: datetime) -> Complaint:
    return services.complaint_assess(
        actor=actor, complaint=complaint, category=ComplaintCategory.objects.get(code=category),
        impact=Impact.MODERATE, is_valid=True, validity_reason="经核实情况属实。", company_at_fault=at_fault,
        apology_text="对给您带来的不便深表歉意，我们将尽快处理。" if at_fault else "", now=now)


def _taken(actor, *, channel: str, content: str, at: datetime, customer: Customer | None = None,
           contact: tuple[str, str] = ("", ""), minutes: int = 8, confirm: bool = True) -> Complaint:
    ended = at + timedelta(minutes=minutes)
    complaint = services.complaint_receive(
        actor=actor, channel=channel, customer=customer, contact_name=contact[0], contact_phone=contact[1],
        content=content, reception_started_at=at, reception_ended_at=ended, now=ended)
    complaint = services.complaint_form_complete(actor=actor, complaint=complaint, now=ended + timedelta(minutes=6))
    if confirm:
        proof = {"method": "CONTACT", "contact": contact[1] or "13899001122"} if channel == "VISIT" \
            else {"method": "READ_BACK", "answer": "客户确认记录无误。"}
        complaint = services.complaint_record_confirm(actor=actor, complaint=complaint,
                                                      now=ended + timedelta(minutes=7), **proof)
    return complaint


@transaction.atomic
def make_demo_complaints(*, now: datetime) -> list[Complaint]:
    """Creates seven complaints; assumes the demo organisation (and, if loaded, customers)."""
    staff = User.objects.get(username="hall_staff1")
    handler = User.objects.get(username="handler1")
    marketing = Unit.objects.get(code="tf-power-marketing")
    customers = list(Customer.objects.filter(enterprise__code="tf-power").order_by("account_number")[:3])
    customer = customers[0] if customers else None
    made = []

    # Overdue: received 12 days ago, routed, never answered.
    at = now - timedelta(days=12)
    c = _taken(staff, channel=Channel.PHONE, content="家中电表走字异常，本月电费比上月高出一倍，要求核查。", at=at,
               customer=customer, contact=("", "") if customer else ("王建华", "13912345678"))
    c = _assess(staff, c, category="metering-billing", at_fault=False, now=at + timedelta(minutes=30))
    made.append(services.complaint_route(actor=staff, complaint=c, unit=marketing, handler=handler,
                                         now=at + timedelta(minutes=40)))

    # Replied and closed: received 9 days ago, answered in two days.
    at = now - timedelta(days=9)
    c = _taken(staff, channel=Channel.VISIT, content="营业厅窗口人员办理业务时态度冷淡，多次催促仍不理睬。", at=at,
               contact=("李秀英", "13899001122"))
    c = _assess(staff, c, category="service-attitude", at_fault=True, now=at + timedelta(minutes=25))
    c = services.complaint_route(actor=staff, complaint=c, unit=marketing, handler=handler,
                                 now=at + timedelta(minutes=35))
    services.complaint_reply(actor=handler, complaint=c, method=ReplyMethod.PHONE,
                             content="已对相关人员进行批评教育，并电话向客户致歉。", now=at + timedelta(days=2))
    services.complaint_return_visit(actor=staff, complaint=c, method="PHONE", reached=True, satisfaction="SATISFIED",
                                    comment="客户对处理结果表示满意。", now=at + timedelta(days=2, minutes=30))
    made.append(services.complaint_close(actor=staff, complaint=c, now=at + timedelta(days=2, hours=1)))

    # Replied, then reopened at the return visit: the customer was not satisfied (answered again
    # within 5 working days of the visit).
    at = now - timedelta(days=6)
    c = _taken(staff, channel=Channel.PHONE, content="抄表员估抄电量，电费与实际用电不符。", at=at,
               contact=("周敏", "13811223344"))
    c = _assess(staff, c, category="metering-billing", at_fault=False, now=at + timedelta(minutes=20))
    c = services.complaint_route(actor=staff, complaint=c, unit=marketing, handler=handler,
                                 now=at + timedelta(minutes=30))
    services.complaint_reply(actor=handler, complaint=c, method=ReplyMethod.PHONE,
                             content="已核对抄表记录，本月为实抄数据。", now=at + timedelta(days=1))
    services.complaint_return_visit(actor=staff, complaint=c, method="PHONE", reached=True,
                                    satisfaction="DISSATISFIED", comment="客户坚持认为读数有误，要求上门核对。",
                                    now=at + timedelta(days=1, hours=2))
    made.append(Complaint.objects.get(pk=c.pk))

    # Waiting for the department's reply.
    at = now - timedelta(days=2)
    c = _taken(staff, channel=Channel.PHONE, content="小区昨晚停电三小时，事先没有任何通知。", at=at,
               customer=customers[1] if len(customers) > 1 else None,
               contact=("", "") if len(customers) > 1 else ("张伟", "13700112233"))
    c = _assess(staff, c, category="suspension-restoration", at_fault=True, now=at + timedelta(minutes=20))
    made.append(services.complaint_route(actor=staff, complaint=c, unit=marketing, handler=handler,
                                         now=at + timedelta(minutes=30)))

    # Opinion book: with the hall head.
    at = now - timedelta(days=1)
    c = _taken(staff, channel=Channel.OPINION_BOOK, content="意见簿留言：营业厅叫号系统经常失灵，排队秩序混乱。",
               at=at, contact=("刘先生", "13600998877"), minutes=1, confirm=False)
    c = _assess(staff, c, category="service-attitude", at_fault=False, now=at + timedelta(minutes=15))
    made.append(services.complaint_route(actor=staff, complaint=c, unit=c.hall, now=at + timedelta(minutes=20)))

    # Assessed, not yet routed; the visitor was upset: taken to the VIP room, the hall head told
    # (§6.5(ii)(2)-(3): on the hall head's home page).
    at = now - timedelta(hours=3)
    c = _taken(staff, channel=Channel.VISIT, content="申请新装电表已两周，至今无人上门勘查。", at=at,
               contact=("陈立", "13500221133"))
    for kind, minutes in (("vip_room", 2), ("hall_head_told", 3)):
        c = services.complaint_counter_record(actor=staff, complaint=c, kind=kind, at=at + timedelta(minutes=minutes),
                                              now=at + timedelta(minutes=20))
    made.append(_assess(staff, c, category="new-connection", at_fault=False, now=at + timedelta(minutes=25)))

    # Just taken on the phone; the form is still open.
    at = now - timedelta(minutes=5)
    made.append(services.complaint_receive(
        actor=staff, channel=Channel.PHONE, contact_name="赵女士", contact_phone="13300556677",
        content="路灯线路老化，雨天有打火现象，担心安全。", reception_started_at=at,
        reception_ended_at=at + timedelta(minutes=3), now=now))
    return made
