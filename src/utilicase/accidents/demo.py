"""Demo accident cases (§2.7), written through the services (numbers, documents, deadlines,
receivables, audit events):

- a general power customer's cable-head breakdown twelve days ago that cut the company's feeder
  to its neighbours: investigated with the customer's electrician as witness, cause removed and
  supply restored, the four don't-let-go items recorded, the signed report filed, compensation
  calculated at the previous month's average price and charged to billing, other damage
  assessed and claimed, the result notice served and the rectification re-inspected;
- a residential customer's accident reported yesterday: on site, cause recorded, investigation
  ended: the report is due within 5 working days (§2.7(4)).

Needs the demo organisation, demo customers of 城区供电营业所 and the demo monthly prices."""

import io
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from utilicase.accidents import cases, services
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase
from utilicase.customers.models import Customer
from utilicase.documents import services as documents
from utilicase.documents.serving import service_record
from utilicase.org.models import User


def _ink(points) -> bytes:
    image = Image.new("RGBA", (400, 150), (0, 0, 0, 0))
    ImageDraw.Draw(image).line(points, fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _customer(customer_class: str) -> Customer | None:
    return (Customer.objects.filter(office__code="tf-power-city", enterprise__utility="POWER",
                                    service_points__customer_class=customer_class)
            .exclude(accident_cases__isnull=False).exclude(enforcement_cases__isnull=False)
            .select_related("office", "enterprise").order_by("-account_number").first())


def _document(case: AccidentCase, code: str, *, writer: User, at: datetime, **content) -> None:
    fresh = AccidentCase.objects.get(pk=case.pk)
    draft = documents.document_create(actor=writer, case=cases.info(fresh), doc_type_code=code,
                                      content={**cases.DOCUMENTS[code].content(fresh), **content}, now=at)
    documents.document_sign(actor=writer, document=draft, signer_role="INSPECTOR", signer_name=writer.display_name,
                            png=_ink([(20, 80), (90, 30), (160, 90), (230, 35), (330, 70)]), now=at)
    issued = documents.document_issue(actor=writer, document=draft, now=at)
    if issued.type.served:
        service_record(actor=writer, document=issued, method="SIGNED", signer_name=fresh.witness_name or "客户",
                       customer_signature=_ink([(30, 60), (100, 95), (170, 25), (250, 90), (320, 40)]),
                       now=at + timedelta(minutes=5))


ITEMS = {
    table.CAUSE_FOUND: "电缆终端头受潮，绝缘击穿，越级跳闸造成公司10kV线路停电，原因已查清。",
    table.RESPONSIBLE_DEALT_WITH: "客户电工班长未按规定巡视，客户已按内部制度处理。",
    table.MEASURES_TAKEN: "更换终端头，配电室加装除湿机，保护定值已校核。",
    table.PEOPLE_EDUCATED: "客户组织全体电工学习本次事故通报。",
}


@transaction.atomic
def make_demo_accidents(*, now: datetime) -> list[AccidentCase]:
    users = {u.username: u for u in User.objects.filter(username__in=["inspector1", "inspector2", "office_head1"])
             .select_related("unit")}
    general, residential = _customer("GENERAL"), _customer("RESIDENTIAL")
    if len(users) < 3 or None in (general, residential):
        return []
    inspector, pair = users["inspector1"], [users["inspector1"], users["inspector2"]]
    made = []

    at = now - timedelta(days=12)
    case = services.case_open(actor=inspector, customer=general, inspectors=pair, reported_at=at,
                              reported_by_name="客户电工 李强", accident_at=at - timedelta(minutes=15),
                              description="客户配电室10kV电缆头放电，开关越级跳闸，公司10kV线路停电。", now=at)
    services.case_arrive(actor=inspector, case=case, dispatched_at=at + timedelta(minutes=5),
                         arrived_at=at + timedelta(minutes=35), identity_shown=True, witness_name="李强",
                         now=at + timedelta(minutes=35))
    services.entry_add(actor=inspector, case=case, at=at + timedelta(minutes=40), operated_by="李强",
                       text="客户电工拉开进线开关并验电接地，检查人员在旁协助检查、向客户询问运行情况。",
                       now=at + timedelta(minutes=45))
    services.case_record_cause(actor=inspector, case=case, cause="电缆终端头受潮，绝缘击穿。",
                               now=at + timedelta(hours=1))
    services.case_confirm_cause_removed(actor=inspector, case=case, note="客户更换终端头，耐压试验合格。",
                                        now=at + timedelta(hours=3))
    services.case_restore(actor=inspector, case=case, now=at + timedelta(hours=3, minutes=10))
    services.case_end_investigation(actor=inspector, case=case, now=at + timedelta(hours=4))
    month = timezone.localtime(at).strftime("%Y-%m")
    services.case_calculate_compensation(actor=inspector, case=case, now=at + timedelta(hours=5), data={
        "outage_minutes": 100, "interrupted_rate_per_hour": 1500, "month": month})
    services.case_charge_compensation(actor=inspector, case=case, now=at + timedelta(hours=5, minutes=10),
                                      due_date=timezone.localtime(at).date() + timedelta(days=15))
    services.damage_record(actor=inspector, case=case, description="公司10kV线路分段开关触头烧损。",
                           assessment="按检修班评估的更换费用。", assessed_amount=Decimal("8600.00"),
                           claim="已向客户发出索赔函。", now=at + timedelta(hours=6))
    for item, record in ITEMS.items():
        services.item_record(actor=inspector, case=case, item=item, record=record, now=at + timedelta(days=2))
    _document(case, "accident_report", writer=inspector, at=at + timedelta(days=3),
              countermeasures="定期巡视电缆头，雨季前做绝缘检测。")
    services.case_file_report(actor=inspector, case=case, countermeasures="定期巡视电缆头，雨季前做绝缘检测。",
                              now=at + timedelta(days=3, hours=1))
    due = timezone.localtime(at).date() + timedelta(days=20)
    _document(case, "accident_result_notice", writer=inspector, at=at + timedelta(days=4),
              rectification_date=due.isoformat(), rectification="加装除湿设备，完善巡视制度。")
    services.case_issue_notice(actor=inspector, case=case, rectification_date=due, now=at + timedelta(days=4, hours=1))
    made.append(services.case_reinspect(actor=inspector, case=case, note="除湿机已安装，巡视记录完整。",
                                        now=at + timedelta(days=10)))

    at = now - timedelta(days=1)
    case = services.case_open(actor=inspector, customer=residential, inspectors=pair, reported_at=at,
                              reported_by_name=residential.name, description="客户户内漏电保护器频繁跳闸，表箱内有烧焦气味。",
                              now=at)
    services.case_arrive(actor=inspector, case=case, dispatched_at=at + timedelta(minutes=3),
                         arrived_at=at + timedelta(minutes=25), identity_shown=True, witness_name=residential.name,
                         now=at + timedelta(minutes=25))
    services.case_record_cause(actor=inspector, case=case, cause="户内线路接头松动发热。", now=at + timedelta(hours=1))
    made.append(services.case_end_investigation(actor=inspector, case=case, now=at + timedelta(hours=2)))
    return made
