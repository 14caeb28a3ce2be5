"""The document types: what each is called (in Chinese, with its English rendering), the clause
it rests on, the content a case supplies for it (its fields), whether it is made in two copies
(存根联 kept, 客户联 the customer's), how it is served on the customer, and the word its number
carries.

Content is a dict of field name -> value, cleaned by `clean_content` into plain strings (dates
ISO `YYYY-MM-DD`, times `YYYY-MM-DD HH:MM` as written on the document, amounts with two
decimals), so that the issued content canonicalises and hashes the same everywhere.

Copies. The regulation names two copies for the inspection result notice (§2.5(2)), the
violation or theft notice (§2.6(3)) and the accident investigation report (§2.7(4)). The
suspension notice (§1.1) and the accident result notice (§2.7(6)) are also notices handed to the
customer that the enterprise must be able to show it gave, so they have two copies as well. The
inspection order, survey record, transcript, field work order and complaint form are records the
enterprise keeps (signed by the customer where the regulation says so): one copy.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from utilicase.core.i18n import Message, gettext_noop

# Utility codes as in org.Utility; "" when the case has none.
UTILITY_WORD = {"POWER": "电", "HEAT": "热", "GAS": "气"}
UTILITY_WORD_EN = {"POWER": "electricity", "HEAT": "heat", "GAS": "gas"}
ANY_UTILITY_WORD = "电(热、气)"
ANY_UTILITY_WORD_EN = "electricity, heat or gas"

# Service: how a document reaches the customer (see domain/service.py for the proof each needs).
SERVE_BY_NOTICE = "NOTICE"  # signed, or on refusal any other valid means (§2.5(2), §2.6(3))
SERVE_BY_CONFIRMATION = "CONFIRMATION"  # the customer confirms by signing (or refuses); no other means
SERVE_NEVER = ""  # an internal record: not served

TEXT, TEXTAREA, DATE, DATETIME, AMOUNT, CHOICE = "text", "textarea", "date", "datetime", "amount", "choice"
MAX_TEXT = 200
MAX_TEXTAREA = 5000
MAX_AMOUNT = Decimal("1000000000")



@dataclass(frozen=True)
class Field:
    name: str
    label_zh: str
    label_en: str
    kind: str = TEXT
    required: bool = True
    choices: tuple[tuple[str, str, str], ...] = ()  # (code, zh, en)

    def choice_label(self, code: str, lang: str = "zh") -> str:
        for value, zh, en in self.choices:
            if value == code:
                return en if lang == "en" else zh
        return code


@dataclass(frozen=True)
class DocType:
    code: str
    title_zh: str  # "{u}" is replaced by the utility word (电/热/气)
    title_en: str  # "{u}" is replaced by electricity/heat/gas
    clause: str
    number_word: str
    fields: tuple[Field, ...]
    two_copies: bool
    serve: str = SERVE_BY_NOTICE
    number_format: str = ""  # "" = DEFAULT_NUMBER_FORMAT (see domain/numbers.py)

    @property
    def served(self) -> bool:
        return self.serve != SERVE_NEVER

    def get_field(self, name: str) -> Field | None:
        for f in self.fields:
            if f.name == name:
                return f
        return None

    def title(self, utility: str, lang: str = "zh") -> str:
        """The title for a case of this utility ("" for any). The Chinese title is a message
        catalogue entry too (see `titles`), so a message quoting it reads in the reader's language."""
        if lang == "en":
            return self.title_en.replace("{u}", UTILITY_WORD_EN.get(utility, ANY_UTILITY_WORD_EN))
        return self.title_zh.replace("{u}", UTILITY_WORD.get(utility, ANY_UTILITY_WORD))

    def titles(self) -> list[tuple[str, str]]:
        """(Chinese, English) of every title the type carries: one per utility and the one for
        any utility when the title names it, else one. Each Chinese title is in the message
        catalogue with this English (a test holds them equal): a refusal passes the title as a
        parameter (`%(title)s`) and it is translated with the message."""
        utilities = ["", *UTILITY_WORD] if "{u}" in self.title_zh else [""]
        return [(self.title(u), self.title(u, "en")) for u in utilities]


_INSPECTION_KINDS = (("ROUTINE", "日常检查", "routine inspection"), ("SPECIAL", "专项检查", "special inspection"),
                     ("ACCIDENT", "事故调查", "accident investigation"))
_ACTS = (("violation", "违约用电(热、气)", "violation of use"), ("theft", "窃电(热、气)", "theft"))
_SCOPES = (("FULL", "停止供应", "full suspension"), ("LIMITED", "限制供应", "limitation"))
# The complaint channels (§6.5(i)), as complaints.Channel codes them.
_CHANNELS = (("VISIT", "来人", "Walk-in"), ("PHONE", "来电", "Phone call"), ("OPINION_BOOK", "意见簿", "Opinion book"),
             ("OPINION_BOX", "意见箱", "Opinion box"), ("LETTER", "来函", "Letter"), ("ONLINE", "网上", "Online"))

CATALOGUE: dict[str, DocType] = {t.code: t for t in [
    DocType(
        "suspension_notice", "停(限){u}通知单", "Notice of suspension (or limitation) of {u} supply", "§1.1", "停",
        fields=(
            Field("reason", "停(限)供原因", "Reason", TEXTAREA),
            Field("legal_basis", "依据的规定及条款", "Regulation and provision relied on"),
            Field("amount_due", "应交未交费用（元）", "Fees due and unpaid (yuan)", AMOUNT, required=False),
            Field("scope", "停(限)供方式", "Full or limited", CHOICE, choices=_SCOPES),
            Field("planned_at", "计划停(限)供时间", "Planned time of suspension", DATETIME),
        ),
        two_copies=True,
    ),
    DocType(
        "inspection_order", "检查工作单", "Inspection order", "§2.4(3)", "检单",
        fields=(
            Field("inspection_kind", "检查类别", "Kind of inspection", CHOICE, choices=_INSPECTION_KINDS),
            Field("purpose", "检查内容", "What is inspected", TEXTAREA),
            Field("inspectors", "检查人员", "Inspectors"),
            Field("planned_date", "计划检查日期", "Planned date", DATE),
            Field("approver", "审批人", "Approved by", required=False),
            Field("support", "请求配合（公安、技术监督）", "Support requested (police, technical supervision)",
                  required=False),
        ),
        two_copies=False, serve=SERVE_NEVER,
    ),
    DocType(
        "result_notice", "检查结果通知单", "Inspection result notice", "§2.5(2)", "检",
        fields=(
            Field("inspection_date", "检查日期", "Date of inspection", DATE),
            Field("findings", "检查发现的问题", "What was found", TEXTAREA),
            Field("rules_broken", "违反的安全规定或国家规定", "Safety or national rules broken", TEXTAREA),
            Field("rectification", "整改要求", "Rectification required", TEXTAREA),
            Field("rectification_date", "整改期限", "Rectify by", DATE),
        ),
        two_copies=True,
    ),
    DocType(
        "violation_notice", "违约用{u}或窃{u}通知书", "Notice of violation of use or theft of {u}", "§2.6(3)", "违",
        fields=(
            Field("act", "行为类别", "Kind of act", CHOICE, choices=_ACTS),
            Field("found_at", "发现时间", "Found at", DATETIME),
            Field("facts", "违约或窃用事实", "Facts", TEXTAREA),
            Field("legal_basis", "处理依据", "Rules applied"),
            Field("back_billing", "追补费用（元）", "Back-billing (yuan)", AMOUNT, required=False),
            Field("violation_fee", "违约使用费（元）", "Violation fee (yuan)", AMOUNT, required=False),
            Field("pay_by_date", "缴费期限", "Pay by", DATE, required=False),
            Field("demands", "要求", "What the customer must do", TEXTAREA),
        ),
        two_copies=True,
    ),
    DocType(
        "survey_record", "现场勘查记录", "Site survey record", "§2.6(2)", "勘",
        fields=(
            Field("survey_at", "勘查时间", "Time of survey", DATETIME),
            Field("place", "勘查地点", "Place"),
            Field("present", "在场人员", "Present"),
            Field("findings", "勘查情况", "What was found", TEXTAREA),
            Field("evidence", "提取的证据", "Evidence collected", TEXTAREA, required=False),
        ),
        two_copies=False, serve=SERVE_NEVER,
    ),
    DocType(
        "transcript", "调查笔录", "Interview transcript", "§2.6(2)", "录",
        fields=(
            Field("interview_at", "询问时间", "Time of interview", DATETIME),
            Field("place", "询问地点", "Place"),
            Field("interviewer", "询问人", "Interviewer"),
            Field("recorder", "记录人", "Recorder", required=False),
            Field("interviewee", "被询问人", "Interviewee"),
            Field("record", "询问记录（问答）", "Questions and answers", TEXTAREA),
        ),
        two_copies=False, serve=SERVE_NEVER,
    ),
    DocType(
        "accident_report", "事故调查报告", "Accident investigation report", "§2.7(4)", "事报",
        fields=(
            Field("accident_at", "事故发生时间", "Time of the accident", DATETIME),
            Field("description", "事故经过", "What happened", TEXTAREA),
            # The four don't-let-go (四不放过), §2.7(4): each must be written.
            Field("cause_found", "事故原因已查清", "Cause found", TEXTAREA),
            Field("responsible_dealt_with", "责任人员已处理", "Responsible people dealt with", TEXTAREA),
            Field("people_educated", "有关人员已受到教育", "People educated", TEXTAREA),
            Field("measures_taken", "防范措施已落实", "Preventive measures taken", TEXTAREA),
            Field("countermeasures", "反事故措施建议", "Anti-accident measures proposed", TEXTAREA, required=False),
        ),
        two_copies=True,
    ),
    DocType(
        "accident_result_notice", "事故调查结果通知书", "Accident investigation result notice", "§2.7(6)", "事通",
        fields=(
            Field("summary", "调查结论", "Findings of the investigation", TEXTAREA),
            Field("cause", "事故原因", "Cause", TEXTAREA),
            Field("rectification", "整改要求", "Rectification required", TEXTAREA),
            Field("rectification_date", "整改期限", "Rectify by", DATE),
        ),
        two_copies=True,
    ),
    DocType(
        "restoration_notice", "恢复供{u}通知单", "Notice of restoration of {u} supply", "§2.6(4)", "复",
        fields=(
            Field("suspended_at", "停(限)供时间", "Suspended at", DATETIME),
            Field("fees_paid", "已交清费用（元）", "Fees paid (yuan)", AMOUNT, required=False),
            Field("correction", "整改验收情况", "Correction accepted", TEXTAREA),
            Field("liability", "承担责任情况", "Liability borne", TEXTAREA),
            Field("restore_at", "恢复供应时间", "Supply restored at", DATETIME),
        ),
        two_copies=True,
    ),
    DocType(
        "field_work_order", "现场服务工单", "Field work order", "§4.4(5)", "服",
        fields=(
            Field("service_kind", "服务项目", "Service"),
            Field("work_done", "完成的工作", "Work done", TEXTAREA),
            Field("completed_at", "完工时间", "Completed at", DATETIME),
            Field("damage", "损坏及修复或赔偿", "Damage and its repair or compensation", TEXTAREA, required=False),
            Field("safety_reminder", "安全提示", "Safety reminder", TEXTAREA, required=False),
        ),
        two_copies=False, serve=SERVE_BY_CONFIRMATION,
    ),
    DocType(
        "complaint_form", "客户投诉受理单", "Complaint form", "§6.5(ii)(7)", "诉",
        fields=(
            Field("received_at", "受理时间", "Received at", DATETIME),
            Field("channel", "受理渠道", "Channel", CHOICE, choices=_CHANNELS),
            Field("complainant", "投诉人", "Complainant"),
            Field("contact", "联系方式", "Contact", required=False),
            Field("complaint", "投诉内容", "Complaint", TEXTAREA),
            Field("handling", "处理意见", "Handling", TEXTAREA, required=False),
        ),
        two_copies=False, serve=SERVE_BY_CONFIRMATION,
    ),
]}


class UnknownDocType(KeyError):
    pass


def doc_type(code: str) -> DocType:
    try:
        return CATALOGUE[code]
    except KeyError:
        raise UnknownDocType(code) from None


_DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S")
_AMOUNT = re.compile(r"^\d{1,12}(\.\d{1,2})?$")


def _clean_value(spec: Field, value) -> str:
    """The canonical text of one value; ValueError with the reason."""
    if spec.kind == AMOUNT and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(gettext_noop("须为文字。"))
    text = value.strip().replace("\r\n", "\n")
    if "\x00" in text:
        raise ValueError(gettext_noop("含有不允许的字符。"))
    if spec.kind == TEXT:
        if "\n" in text:
            raise ValueError(gettext_noop("只能填写一行。"))
        if len(text) > MAX_TEXT:
            raise ValueError(Message("不能超过 %(n)d 个字。", n=MAX_TEXT))
        return text
    if spec.kind == TEXTAREA:
        if len(text) > MAX_TEXTAREA:
            raise ValueError(Message("不能超过 %(n)d 个字。", n=MAX_TEXTAREA))
        return text
    if spec.kind == DATE:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(gettext_noop("日期格式应为 YYYY-MM-DD。")) from None
    if spec.kind == DATETIME:
        for fmt in _DATETIME_FORMATS:
            try:
                return datetime.strptime(text, fmt).strftime("%Y-%m-%d %H:%M")
            except ValueError:
                continue
        raise ValueError(gettext_noop("时间格式应为 YYYY-MM-DD HH:MM。"))
    if spec.kind == AMOUNT:
        if not _AMOUNT.match(text):
            raise ValueError(gettext_noop("金额以元为单位，最多两位小数，如 1234.50。"))
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(gettext_noop("金额以元为单位，最多两位小数，如 1234.50。")) from None
        if amount >= MAX_AMOUNT:
            raise ValueError(gettext_noop("金额过大。"))
        return f"{amount:.2f}"
    if spec.kind == CHOICE:
        codes = [c for c, _, _ in spec.choices]
        if text not in codes:
            raise ValueError(one_of(codes))
        return text
    raise AssertionError(f"unknown field kind {spec.kind}")  # pragma: no cover


def one_of(codes) -> Message:
    """The error of a value that is not one of `codes`."""
    return Message("须为以下之一：%(codes)s。", codes=", ".join(codes))


def clean_content(code: str, data) -> tuple[dict[str, str], dict[str, str]]:
    """(the cleaned content, errors by field name). Unknown fields and missing required ones are
    errors; an optional field left empty is left out."""
    spec = doc_type(code)
    if not isinstance(data, dict):
        return {}, {"content": gettext_noop("内容须为“字段名: 值”的对象。")}
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for name in data:
        if spec.get_field(name) is None:
            errors[str(name)] = gettext_noop("此类文书没有这个字段。")
    for f in spec.fields:
        value = data.get(f.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if f.required:
                errors[f.name] = gettext_noop("必填。")
            continue
        try:
            cleaned[f.name] = _clean_value(f, value)
        except ValueError as exc:
            errors[f.name] = exc.args[0]
    return cleaned, errors


def display_value(spec: Field, value: str, lang: str = "zh") -> str:
    """A cleaned value as printed on the document."""
    if not value:
        return ""
    if spec.kind == CHOICE:
        return spec.choice_label(value, lang)
    if lang == "en":
        return value
    if spec.kind == DATE:
        y, m, d = value.split("-")
        return f"{y}年{int(m)}月{int(d)}日"
    if spec.kind == DATETIME:
        day, time = value.split(" ")
        y, m, d = day.split("-")
        return f"{y}年{int(m)}月{int(d)}日 {time}"
    return value
