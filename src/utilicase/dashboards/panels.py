"""What each dashboard counts, declared once: a panel is a set of cases (of one table, within a
unit's subtree and a period) with its figures (a condition each, counted by the database in one
query), the rates between them, the sums of money, and the breakdowns (one grouped query each).
The same conditions select the cases behind a figure, so a drill-down list has exactly the
figure's rows. Only counts and case numbers leave a panel: no case's content."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, Exists, F, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, TruncMonth
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.accidents import models as acc
from utilicase.accidents.selectors import TARGET_TYPE as ACCIDENT
from utilicase.calendar.kinds import LABELS as KIND_LABELS
from utilicase.calendar.kinds import kind_label
from utilicase.calendar.models import Deadline
from utilicase.calendar.selectors import met_in_time_q, overdue_q
from utilicase.complaints import models as cmp
from utilicase.complaints.selectors.kpis import SATISFIED
from utilicase.complaints.selectors.scope import TARGET_TYPE as COMPLAINT
from utilicase.complaints.selectors.scope import day_start
from utilicase.dashboards.domain.period import Period
from utilicase.enforcement import models as enf
from utilicase.enforcement.selectors import TARGET_TYPE as ENFORCEMENT_CASE
from utilicase.fieldwork import models as fw
from utilicase.fieldwork.selectors import TARGET_TYPE as FIELD_ORDER
from utilicase.inspections import models as ins
from utilicase.inspections.selectors import TARGET_TYPE as INSPECTION
from utilicase.org.models import Role
from utilicase.org.permissions import MANAGER_ROLES
from utilicase.web.exports import Column
from utilicase.whistleblowing import models as wb
from utilicase.whistleblowing.selectors import REPLY_KIND as REPORT_REPLY_KIND
from utilicase.whistleblowing.selectors import TARGET_TYPE as REPORT

Where = Callable[[datetime], Q]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    where: Where | None = None  # None: every case of the panel
    clause: str = ""


@dataclass(frozen=True)
class Rate:
    label: str
    part: str    # figure keys
    whole: str
    target: float | None = None
    clause: str = ""


@dataclass(frozen=True)
class Amount:
    key: str
    label: str
    field: str
    figure: str  # the figure whose cases the amount is summed over (and its drill-down)


@dataclass(frozen=True)
class Duration:
    """The median time, in hours, from `start` (an expression on a case) to `end` (a column),
    over the cases of `figure`."""
    key: str
    label: str
    start: Callable
    end: str
    figure: str
    clause: str = ""


@dataclass(frozen=True)
class Breakdown:
    key: str
    label: str
    field: str                       # grouped by (a column, or "bucket" for `bucket`)
    labels: dict | None = None       # value -> label (choices)
    label_field: str = ""            # or a related column naming the value
    bucket: Callable | None = None   # an expression grouped by, e.g. the month of a date
    part: str = ""                   # a figure counted per group too (for a rate per group)


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    roles: frozenset
    base: Callable[[list[int], Period, datetime], QuerySet]
    target_type: str
    columns: tuple[Column, ...]
    figures: tuple[Figure, ...] = ()
    rates: tuple[Rate, ...] = ()
    amounts: tuple[Amount, ...] = ()
    durations: tuple[Duration, ...] = ()
    breakdowns: tuple[Breakdown, ...] = ()
    target_id: Callable = field(default=lambda row: str(row.pk))
    restrict: Callable | None = None  # (queryset, user) -> the part of it the user may count
    related: tuple[str, ...] = ()     # read with a drill-down's rows (select_related)
    note: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    panels: tuple[Panel, ...]


MANAGERS = MANAGER_ROLES
COMPLAINT_ROLES = MANAGERS | {Role.HALL_HEAD}
REPORT_ROLES = frozenset({Role.DISCIPLINE})


def _in_period(name: str, period: Period) -> Q:
    return Q(**{f"{name}__gte": day_start(period.first), f"{name}__lt": day_start(period.end)})


def _days_in_period(name: str, period: Period) -> Q:
    return Q(**{f"{name}__gte": period.first, f"{name}__lte": period.last})


def _col(header, value) -> Column:
    return Column(header, value)


NUMBER = _col(_("编号"), lambda r: r.number)
STATUS = _col(_("状态"), lambda r: r.get_status_display())
UTILITY = _col(_("专业"), lambda r: r.get_utility_display())


# --- complaints (§6.6) and whistleblower reports (§6.7) --------------------------------------

def _complaints(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return cmp.Complaint.objects.filter(Q(hall_id__in=unit_ids) | Q(routed_to_unit_id__in=unit_ids),
                                        _in_period("reception_started_at", period))


def _replied(now) -> Q:
    return Q(replied_at__isnull=False)


def _replied_on_time(now) -> Q:
    # as complaints.selectors.kpis: replied, before the reply deadline (or with none)
    return Q(replied_at__isnull=False) & (Q(reply_due_at__isnull=True) | met_in_time_q("replied_at", "reply_due_at"))


def _reply_overdue(now) -> Q:
    return Q(replied_at__isnull=True) & overdue_q("reply_due_at", now)


def _form_due(now) -> Q:
    return Q(form_deadline__isnull=False)


def _form_on_time(now) -> Q:
    return Q(form_deadline__met_at__isnull=False) & met_in_time_q("form_deadline__met_at", "form_deadline__due_at")


COMPLAINTS = Panel(
    key="complaints", title=_("投诉"), roles=COMPLAINT_ROLES, base=_complaints, target_type=COMPLAINT,
    columns=(NUMBER, _col(_("受理渠道"), lambda r: r.get_channel_display()),
             _col(_("接待开始时间"), lambda r: r.reception_started_at), STATUS,
             _col(_("答复时间"), lambda r: r.replied_at), _col(_("答复截止时间"), lambda r: r.reply_due_at)),
    figures=(
        Figure("received", _("受理")),
        Figure("replied", _("已答复"), _replied, "§6.6(8)"),
        Figure("replied_on_time", _("按期答复"), _replied_on_time, "§6.6(8)"),
        Figure("reply_overdue", _("逾期未答复"), _reply_overdue, "§6.6(8)"),
        Figure("form_due", _("须15分钟内完成投诉单"), _form_due, "§6.6(6)"),
        Figure("form_on_time", _("15分钟内完成投诉单"), _form_on_time, "§6.6(6)"),
        # the return visit (回访): as complaints.selectors.kpis, the latest visit that reached the customer
        Figure("visited", _("回访到客户"), lambda now: ~Q(satisfaction="")),
        Figure("satisfied", _("回访满意"), lambda now: Q(satisfaction__in=SATISFIED)),
    ),
    rates=(
        Rate(_("答复率"), "replied", "received", 1.0, "§6.6(8)"),
        Rate(_("按期答复率"), "replied_on_time", "received", 1.0, "§6.6(8)"),
        Rate(_("投诉单15分钟完成率"), "form_on_time", "form_due", 1.0, "§6.6(6)"),
        Rate(_("回访满意率"), "satisfied", "visited"),
    ),
    breakdowns=(
        Breakdown("by_category", _("按投诉类别"), "category", label_field="category__name", part="replied"),
        Breakdown("by_channel", _("按受理渠道"), "channel", labels=dict(cmp.Channel.choices), part="replied"),
    ),
)


def _reports(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return wb.Report.objects.filter(receiving_unit_id__in=unit_ids, received_at__gte=day_start(period.first),
                                    received_at__lt=day_start(period.end))


def _report_done(now) -> Q:
    # a report closed as not a report is done when it was closed (as whistleblowing.selectors.report_kpis)
    return Q(replied_at__isnull=False) | Q(closed_at__isnull=False)


def _report_reply_deadline():
    return Deadline.objects.filter(kind=REPORT_REPLY_KIND, target_type=REPORT,
                                   target_id=Cast(OuterRef("pk"), output_field=CharField()))


def _report_on_time(now) -> Q:
    return Q(Exists(_report_reply_deadline().filter(met_at__isnull=False, met_at__lt=F("due_at"))))


def _report_overdue(now) -> Q:
    return Q(Exists(_report_reply_deadline().filter(met_at__isnull=True, due_at__lte=now)))


REPORTS = Panel(
    key="reports", title=_("举报"), roles=REPORT_ROLES, base=_reports, target_type=REPORT,
    columns=(_col(_("编号"), lambda r: r.number or "—"), _col(_("受理时间"), lambda r: r.received_at), STATUS),
    figures=(
        Figure("reports_received", _("受理")),
        Figure("reports_replied", _("已答复"), _report_done, "§6.7(iii)(7)"),
        Figure("reports_on_time", _("按期答复"), _report_on_time, "§6.7(iii)(7)"),
        Figure("reports_overdue", _("逾期未答复"), _report_overdue, "§6.7(iii)(7)"),
    ),
    rates=(
        Rate(_("答复率"), "reports_replied", "reports_received", 1.0, "§6.7(iii)(7)"),
        Rate(_("按期答复率"), "reports_on_time", "reports_received", 1.0, "§6.7(iii)(7)"),
    ),
    restrict=lambda reports, user: reports.filter(discipline_unit_id=user.unit_id),
    breakdowns=(Breakdown("reports_by_channel", _("按受理渠道"), "channel", labels=dict(wb.Channel.choices)),),
)


# --- inspections (§2.5) -----------------------------------------------------------------------

DONE_ORDER = (ins.Status.LEFT_SITE, ins.Status.ARCHIVED, ins.Status.CLOSED)


def _plan_entries(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return ins.PlanEntry.objects.filter(plan__office_id__in=unit_ids).filter(_days_in_period("planned_date", period))


def _entry_done(now) -> Q:
    return Q(order__status__in=DONE_ORDER)


PLANS = Panel(
    key="plans", title=_("检查计划完成情况"), roles=MANAGERS, base=_plan_entries, target_type=INSPECTION,
    target_id=lambda r: str(r.order_id) if r.order_id else "", related=("plan__office", "customer", "order"),
    columns=(_col(_("营业所"), lambda r: r.plan.office.name), _col(_("客户"), lambda r: str(r.customer)),
             _col(_("计划检查日期"), lambda r: r.planned_date),
             _col(_("检查工作单"), lambda r: r.order.number if r.order_id else "—")),
    figures=(Figure("planned", _("计划检查客户"), None, "§2.5(1)"),
             Figure("plan_done", _("已完成检查"), _entry_done, "§2.5(1)")),
    rates=(Rate(_("计划完成率"), "plan_done", "planned", 1.0, "§2.5(1)"),),
    breakdowns=(
        Breakdown("plan_by_office", _("按营业所"), "plan__office", label_field="plan__office__name", part="plan_done"),
        Breakdown("plan_by_month", _("按月份"), "bucket", bucket=lambda: TruncMonth("planned_date"), part="plan_done"),
    ),
)


def _orders(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return ins.InspectionOrder.objects.filter(office_id__in=unit_ids).filter(_days_in_period("planned_date", period))


ORDERS = Panel(
    key="orders", title=_("检查工作单"), roles=MANAGERS, base=_orders, target_type=INSPECTION,
    columns=(NUMBER, _col(_("检查类别"), lambda r: r.get_kind_display()), STATUS,
             _col(_("计划检查日期"), lambda r: r.planned_date)),
    figures=(Figure("orders", _("检查工作单")),),
    breakdowns=(Breakdown("orders_by_kind", _("按检查类别"), "kind", labels=dict(ins.Kind.choices)),
                Breakdown("orders_by_stage", _("按环节"), "status", labels=dict(ins.Status.choices))),
)


def _rectifications(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return ins.Rectification.objects.filter(order__office_id__in=unit_ids).filter(_days_in_period("due_date", period))


RECT_OPEN = Q(accepted_at__isnull=True, refused_at__isnull=True)

RECTIFICATIONS = Panel(
    key="rectifications", title=_("整改闭环"), roles=MANAGERS, base=_rectifications, target_type=INSPECTION,
    target_id=lambda r: str(r.order_id), related=("order",),
    columns=(_col(_("检查工作单"), lambda r: r.order.number), _col(_("整改期限"), lambda r: r.due_date),
             _col(_("状态"), lambda r: r.get_status_display()), _col(_("验收时间"), lambda r: r.accepted_at)),
    figures=(Figure("rect_due", _("整改期限在期内"), None, "§2.5(3)"),
             Figure("rect_open", _("未闭环"), lambda now: RECT_OPEN, "§2.5(3)"),
             Figure("rect_overdue", _("逾期未闭环"), lambda now: RECT_OPEN & overdue_q("due_at", now), "§2.5(3)"),
             Figure("rect_closed", _("已闭环"), lambda now: ~RECT_OPEN, "§2.5(3)")),
)


# --- enforcement (chapter 3, §1.2) -------------------------------------------------------------

def _cases(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return enf.EnforcementCase.objects.filter(office_id__in=unit_ids).filter(_in_period("created_at", period))


def _suspended(path: str):
    return lambda now: Q(Exists(enf.Suspension.objects.filter(case=OuterRef("pk"), path=path)))


ENFORCEMENT = Panel(
    key="enforcement", title=pgettext_lazy("section", "违约用电、窃电查处"), roles=MANAGERS, base=_cases,
    target_type=ENFORCEMENT_CASE,
    columns=(NUMBER, _col(_("案件类别"), lambda r: r.get_kind_display()), UTILITY, STATUS,
             _col(_("合计（元）"), lambda r: r.total), _col(_("缴清时间"), lambda r: r.paid_at)),
    figures=(
        Figure("cases", _("立案")),
        Figure("assessed", _("已计算费用"), lambda now: Q(fees_calculated_at__isnull=False)),
        Figure("collected", _("已缴清"), lambda now: Q(paid_at__isnull=False)),
        Figure("outstanding", _("未缴清"), lambda now: Q(fees_calculated_at__isnull=False, paid_at__isnull=True)),
        Figure("suspended_on_site", _("现场停电"), _suspended(enf.Path.ON_SITE), "§1.2(1)"),
        Figure("suspended_approved", _("两级审批后停电"), _suspended(enf.Path.APPROVED), "§1.2(2)"),
        Figure("restored", _("已恢复供电"), lambda now: Q(restored_at__isnull=False)),
        Figure("referred", _("已移送"), lambda now: Q(Exists(enf.Referral.objects.filter(case=OuterRef("pk"))))),
    ),
    amounts=(Amount("assessed_amount", _("应收费用（元）"), "total", "assessed"),
             Amount("collected_amount", _("已收费用（元）"), "total", "collected"),
             Amount("outstanding_amount", _("未收费用（元）"), "total", "outstanding")),
    durations=(Duration("restoration_hours", _("停电至恢复供电用时中位数（小时）"), lambda: Subquery(
        enf.Suspension.objects.filter(case=OuterRef("pk")).order_by().values("case")
        .annotate(first=Min("suspended_at")).values("first")[:1]), "restored_at", "restored"),),
    breakdowns=(Breakdown("cases_by_kind", _("按案件类别"), "kind", labels=dict(enf.Kind.choices)),
                Breakdown("cases_by_utility", _("按专业"), "utility", labels=dict(enf.EnforcementCase.utility.field.choices))),
)


# --- accidents (§2.7) ---------------------------------------------------------------------------

def _accidents(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return acc.AccidentCase.objects.filter(office_id__in=unit_ids).filter(_in_period("reported_at", period))


ACCIDENTS = Panel(
    key="accidents", title=_("事故调查"), roles=MANAGERS, base=_accidents, target_type=ACCIDENT,
    columns=(NUMBER, UTILITY, STATUS, _col(_("报告时间"), lambda r: r.reported_at),
             _col(_("报告完成时间"), lambda r: r.report_filed_at), _col(_("赔偿金额（元）"), lambda r: r.compensation)),
    figures=(
        Figure("accidents", _("受理事故")),
        Figure("report_due", _("须提交调查报告"), lambda now: Q(report_deadline__isnull=False), "§2.7(4)"),
        Figure("report_on_time", _("按期提交调查报告"), lambda now: Q(report_deadline__met_at__isnull=False)
               & met_in_time_q("report_deadline__met_at", "report_deadline__due_at"), "§2.7(4)"),
        Figure("report_overdue", _("逾期未提交调查报告"), lambda now: Q(report_deadline__met_at__isnull=True)
               & overdue_q("report_deadline__due_at", now), "§2.7(4)"),
        Figure("compensated", _("计算赔偿"), lambda now: Q(compensation_calculated_at__isnull=False)),
    ),
    rates=(Rate(_("调查报告按期率"), "report_on_time", "report_due", 1.0, "§2.7(4)"),),
    amounts=(Amount("compensation_amount", _("赔偿金额（元）"), "compensation", "compensated"),),
)


# --- field service (chapter 4) --------------------------------------------------------------------

def _field_orders(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    return fw.FieldWorkOrder.objects.filter(office_id__in=unit_ids).filter(_in_period("created_at", period))


FIELDWORK = Panel(
    key="fieldwork", title=pgettext_lazy("section", "现场服务"), roles=MANAGERS, base=_field_orders,
    target_type=FIELD_ORDER,
    columns=(NUMBER, _col(_("服务类别"), lambda r: r.get_kind_display()), STATUS,
             _col(_("到达时间"), lambda r: r.arrived_at), _col(_("迟到分钟数"), lambda r: r.minutes_late),
             _col(_("评价"), lambda r: r.rating)),
    figures=(
        Figure("field_orders", _("工单")),
        Figure("arrived", _("已到达"), lambda now: Q(arrived_at__isnull=False), "§4.4(3)"),
        Figure("punctual", _("准时到达"), lambda now: Q(arrived_at__isnull=False, minutes_late=0), "§4.4(3)"),
        Figure("late", _("迟到"), lambda now: Q(arrived_at__isnull=False, minutes_late__gt=0), "§4.4(3)"),
        Figure("rated", _("已评价"), lambda now: Q(rating__isnull=False), "§4.4(5)"),
        Figure("satisfied", _("评价4分及以上"), lambda now: Q(rating__gte=4), "§4.4(5)"),
        Figure("damaged", _("有损坏"), lambda now: Q(Exists(fw.Damage.objects.filter(order=OuterRef("pk")))),
               "§4.4(5)"),
    ),
    rates=(Rate(_("准时率"), "punctual", "arrived", 1.0, "§4.4(3)"),
           Rate(_("满意率（4分及以上）"), "satisfied", "rated", None, "§4.4(5)")),
    breakdowns=(Breakdown("ratings", _("按评价分数"), "rating", labels={n: str(n) for n in range(1, 6)}),),
)


# --- deadlines: everything overdue now ----------------------------------------------------------

def _overdue(unit_ids: list[int], period: Period, now: datetime) -> QuerySet:
    # the period does not apply: what is overdue is overdue now, whenever it started
    return Deadline.objects.filter(owner_unit_id__in=unit_ids, met_at__isnull=True, due_at__lte=now)


def _deadline_scope(deadlines: QuerySet, user) -> QuerySet:
    # a whistleblower report's deadline is named only to discipline inspection (§6.7)
    return deadlines if user.role == Role.DISCIPLINE else deadlines.exclude(target_type=REPORT)


DEADLINES = Panel(
    key="deadlines", title=_("当前逾期事项"), roles=COMPLAINT_ROLES, base=_overdue, target_type="",
    target_id=lambda r: r.target_id, restrict=_deadline_scope, related=("owner", "owner_unit"),
    columns=(_col(_("案件"), lambda r: getattr(r, "case_number", "") or r.target_id),
             _col(_("事项"), lambda r: kind_label(r.kind)), _col(_("条款"), lambda r: r.clause),
             _col(_("截止时间"), lambda r: r.due_at),
             _col(_("负责人"), lambda r: (r.owner.get_full_name() or r.owner.username) if r.owner_id else "—"),
             _col(_("责任单位"), lambda r: r.owner_unit.name if r.owner_unit_id else "—")),
    figures=(Figure("overdue", _("逾期未完成")),),
    breakdowns=(Breakdown("overdue_by_owner", _("按负责人"), "owner", label_field="owner__full_name"),
                Breakdown("overdue_by_unit", _("按责任单位"), "owner_unit", label_field="owner_unit__name"),
                Breakdown("overdue_by_kind", _("按事项"), "kind", labels=KIND_LABELS)),  # filled by the case types
)


SECTIONS = (
    Section("complaints", _("投诉与举报"), (COMPLAINTS, REPORTS)),
    Section("inspections", _("用电检查"), (PLANS, ORDERS, RECTIFICATIONS)),
    Section("enforcement", pgettext_lazy("section", "违约用电、窃电查处"), (ENFORCEMENT,)),
    Section("accidents", _("事故调查"), (ACCIDENTS,)),
    Section("fieldwork", pgettext_lazy("section", "现场服务"), (FIELDWORK,)),
    Section("deadlines", _("逾期事项"), (DEADLINES,)),
)
BY_KEY = {s.key: s for s in SECTIONS}
