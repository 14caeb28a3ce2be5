"""Every clause id of the service regulation (shared/regulation/clauses.md) with its title.

Clause ids are `§C.A(i)`: chapter, article, item. Where the regulation groups items
(`§6.6(1-4)`), both the group id and each single item (`§6.6(4)`) are known, so a rule can
cite exactly the item it enforces.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Clause:
    id: str
    title_zh: str
    title_en: str


_TABLE: list[tuple[str, str, str]] = [
    ("§1.1", "拒交违约费用的停(限)电与移送", "Suspension and referral when a violator refuses to pay"),
    ("§1.2(1)", "居民及一般客户窃电现场停电、事后报告所长", "Theft by residential or general customers: on-site suspension, post-hoc report"),
    ("§1.2(2)", "重要客户窃电停电须两级审批", "Theft by important customers: two-level approval before suspension"),
    ("§1.3", "停电现场告知依据与冲突处置", "On-site suspension: legal basis told, obstruction handled"),
    ("§2.4(1)", "检查工作内容：日常、专项、事故调查", "Inspection kinds: routine, special, accident investigation"),
    ("§2.4(2)", "检查工作流程", "Inspection workflow stages"),
    ("§2.4(3)", "检查工作单及审批", "Inspection order and its approval"),
    ("§2.4(4)", "两名以上检查员、出示检查证、客户设备由客户操作", "Two inspectors, certificates shown, customer equipment operated by the customer"),
    ("§2.5(1)", "日常检查按月度计划", "Routine inspection by the monthly plan"),
    ("§2.5(2)", "检查结果通知单一式两份及送达", "Inspection result notice in two copies and its service"),
    ("§2.5(3)", "整改闭环与拒不整改的报告", "Rectification loop and referral on refusal"),
    ("§2.6(1)", "专项检查的启动", "Special inspection triggers"),
    ("§2.6(2)", "取证、封存与签字确认", "Evidence, seals and customer confirmation"),
    ("§2.6(3)", "制止并开具违约用电或窃电通知书", "Stop the act; violation or theft notice in two copies"),
    ("§2.6(4)", "追补费用、违约使用费与恢复供电", "Back-billing, violation fee and restoration"),
    ("§2.6(5)", "拒不配合或数额巨大的移送追责", "Referral for liability: refusal or very large theft"),
    ("§2.7(1)", "事故调查协助客户、客户见证、不操作客户设备", "Accident investigation: customer witnesses, inspectors do not operate"),
    ("§2.7(2)", "接报即赴现场、查明原因后尽快恢复供电", "Go at once, find the cause, restore supply"),
    ("§2.7(3)", "事故调查取证", "Accident evidence"),
    ("§2.7(4)", "5个工作日内协助出具事故调查报告（四不放过）", "Accident report within 5 working days (four don't-let-go)"),
    ("§2.7(5)", "客户过错致停电的赔偿计算", "Compensation for outages caused by the customer"),
    ("§2.7(6)", "事故调查结果通知书与整改复查", "Accident result notice and re-inspection"),
    ("§4.3", "现场服务项目", "Field service kinds"),
    ("§4.4(1)", "电话预约规范", "Appointment by phone"),
    ("§4.4(2)", "出发前准备", "Before leaving"),
    ("§4.4(3)", "准时到达与迟到告知", "Arrival on time; lateness told in advance"),
    ("§4.4(4)", "工具与安全措施", "Tools and safety measures"),
    ("§4.4(5)", "完工确认、损坏赔偿、服务评价", "Completion: confirmation, damage, rating"),
    ("§4.4(6)", "不在客户处食宿", "No lodging or meals at the customer's"),
    ("§6.5(i)", "投诉受理、工单、转办与答复", "Complaint intake, work order, routing and answer"),
    ("§6.5(ii)(1-8)", "首问负责制与接待规范", "First-contact responsibility and reception"),
    ("§6.6(1-4)", "投诉分类、影响评估、有效性与责任认定", "Complaint classification, impact, validity and fault"),
    ("§6.6(6)", "接待结束后15分钟内完成投诉单", "Complaint form within 15 minutes of reception"),
    ("§6.6(7)", "意见簿投诉由营业厅负责人答复", "Opinion-book complaints answered by the hall head"),
    ("§6.6(8)", "5个工作日内答复，答复率100%", "Reply within 5 working days; reply rate 100%"),
    ("§6.6(9)", "未尽事项按应急预案执行", "Other matters follow the emergency plan"),
    ("§6.7(i-ii)", "举报受理并转纪检监察部门", "Whistleblower reports go to discipline inspection"),
    ("§6.7(iii)(1-6)", "举报接待规范与保密", "Receiving reports; confidentiality"),
    ("§6.7(iii)(7)", "举报10个工作日内答复，答复率100%", "Reply to reports within 10 working days; reply rate 100%"),
]

_ITEMS: list[tuple[str, str]] = [
    *((f"§6.5(ii)({n})", "§6.5(ii)(1-8)") for n in range(1, 9)),
    *((f"§6.6({n})", "§6.6(1-4)") for n in range(1, 5)),
    ("§6.7(i)", "§6.7(i-ii)"),
    ("§6.7(ii)", "§6.7(i-ii)"),
    *((f"§6.7(iii)({n})", "§6.7(iii)(1-6)") for n in range(1, 7)),
]

CLAUSES: dict[str, Clause] = {cid: Clause(cid, zh, en) for cid, zh, en in _TABLE}
for _item, _group in _ITEMS:
    CLAUSES[_item] = Clause(_item, CLAUSES[_group].title_zh, CLAUSES[_group].title_en)


class UnknownClause(KeyError):
    pass


def get(clause_id: str) -> Clause:
    """The clause with this id; UnknownClause for an id the regulation does not have."""
    try:
        return CLAUSES[clause_id]
    except KeyError:
        raise UnknownClause(clause_id) from None


def is_known(clause_id: str) -> bool:
    return clause_id in CLAUSES
