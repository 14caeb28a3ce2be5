"""Accident investigation pages (§2.7): the work list of open cases by their next deadline, the
report taken from the customer, and the case page with its facts, the four don't-let-go items,
the compensation, its documents and evidence, the actions in the order of the transitions (a
refusal beside its form, with the clause) and the timeline. Each view reads the clock, parses a
form, and calls one selector or one service."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from utilicase.accidents import cases, forms, selectors, services
from utilicase.accidents import permissions as perms
from utilicase.accidents.domain import transitions as table
from utilicase.accidents.models import AccidentCase, Item
from utilicase.audit.timeline import case_timeline
from utilicase.calendar.selectors import deadlines_for
from utilicase.core.i18n import Message, translated
from utilicase.core.rules import RuleViolation
from utilicase.documents.domain.catalogue import CATALOGUE
from utilicase.fees.domain.compensation import MINIMUM_MINUTES
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25


@dataclass(frozen=True)
class Step:
    label: object
    clause: str
    form: type
    more: bool = False  # a record beside the line, opened from its name
    confirm: object = ""


# The case page's actions in the order of the work: the table's transitions (arrive, end,
# file_report, issue_notice, reinspect, refer, close) with the records made beside them.
STEPS = {
    "arrive": Step(gettext_lazy("到达现场"), "§2.7(2)", forms.ArriveForm),
    "entry": Step(gettext_lazy("登记调查记录"), "§2.7(1)", forms.EntryForm, more=True),
    "cause": Step(gettext_lazy("记录事故原因"), "§2.7(2)", forms.CauseForm),
    "cause_removed": Step(gettext_lazy("确认事故原因已消除"), "§2.7(2)", forms.CauseRemovedForm),
    "restore": Step(gettext_lazy("恢复供电"), "§2.7(2)", forms.RestoreForm),
    "end": Step(gettext_lazy("结束调查"), "§2.7(2)", forms.NoFields),
    "item": Step(gettext_lazy("记录“四不放过”落实情况"), "§2.7(4)", forms.ItemForm),
    "compensate": Step(gettext_lazy("计算赔偿"), "§2.7(5)", forms.CompensationForm, more=True),
    "charge": Step(gettext_lazy("生成赔偿应收款"), "§2.7(5)", forms.ChargeForm,
                   confirm=gettext_lazy("应收款生成后将导出到营销系统。确定生成吗？")),
    "damage": Step(gettext_lazy("登记其他损失"), "§2.7(5)", forms.DamageForm, more=True),
    "file_report": Step(gettext_lazy("完成事故调查报告"), "§2.7(4)", forms.ReportForm),
    "issue_notice": Step(gettext_lazy("送达结果通知书"), "§2.7(6)", forms.NoticeForm),
    "reinspect": Step(gettext_lazy("复查整改"), "§2.7(6)", forms.ReinspectForm),
    "refusal": Step(gettext_lazy("登记客户拒不整改"), "§2.7(6)", forms.RefusalForm),
    "refer": Step(gettext_lazy("报公司管理部门"), "§2.7(6)", forms.ReferForm),
    "close": Step(gettext_lazy("结案"), "§2.7(4)", forms.CloseForm,
                  confirm=gettext_lazy("结案后不能再办理本案件。确定结案吗？")),
}
ACTION_LABELS = {name: step.label for name, step in STEPS.items()}
# Transitions whose guards read what the form says (the page offers the form; the service judges it).
FORM_GUARDED = frozenset({"arrive", "issue_notice"})
# Steps taken by the managers over the customer's office.
MANAGERS_ONLY = frozenset({"close"})


# -- work list -----------------------------------------------------------------------------------

@login_required
def worklist(request):
    """Open cases soonest due first: the 5-working-day report (§2.7(4)) and the rectification
    deadlines (§2.7(6)) are the cases' next due times."""
    now = timezone.now()
    form = forms.WorklistFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = (selectors.case_list(user=request.user, now=now) if data.get("all")
            else selectors.open_cases(user=request.user, now=now).order_by(
                F("next_due_at").asc(nulls_last=True), F("rectification_date").asc(nulls_last=True), "reported_at",
                "id"))
    text = (data.get("q") or "").strip()
    if text:
        rows = rows.filter(Q(number__istartswith=text) | Q(customer__account_number__startswith=text)
                           | Q(customer__name__startswith=text))
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name="accidents", title=pgettext_lazy("section", "事故调查"),
                              columns=_worklist_columns(now), rows=export_rows(rows))
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accidents/worklist.html", {
        "page": page, "form": form, "now": now, "today": timezone.localtime(now).date(),
        "can_open": _can_open(request.user)})


def _worklist_columns(now) -> tuple[Column, ...]:
    """The work list's columns, as its page shows them (worklist.html)."""
    today = timezone.localtime(now).date()

    def due(c) -> str:
        if c.next_due_at:
            late = f" {_('已超期')}" if c.next_due_at < now else ""
            return f"{timezone.localtime(c.next_due_at):%Y-%m-%d %H:%M} {_('报告')}{late}"
        if c.rectification_date and c.status == "NOTICE_ISSUED":
            late = f" {_('已超期')}" if c.rectification_date < today else ""
            return f"{c.rectification_date:%Y-%m-%d} {_('整改')}{late}"
        return "—"

    return (
        Column(gettext_lazy("编号"), lambda c: c.number),
        Column(gettext_lazy("客户"), lambda c: f"{c.customer.account_number} {c.customer.name}"),
        Column(gettext_lazy("专业"), lambda c: c.get_utility_display()),
        Column(gettext_lazy("状态"), lambda c: c.get_status_display()),
        Column(gettext_lazy("报告时间"), lambda c: c.reported_at), Column(gettext_lazy("期限"), due),
    )


def _can_open(user) -> bool:
    return user.is_authenticated and user.role in perms.OPENER_ROLES and user.unit_id is not None


# -- a customer's report (§2.7(2)) ---------------------------------------------------------------

@login_required
def case_new(request):
    if not _can_open(request.user):
        raise PermissionDenied
    now = timezone.now()
    inspectors = (selectors.assignable_inspectors(case_or_unit=request.user.unit))
    form = forms.CaseForm(request.POST or None, inspectors=inspectors,
                          initial={"reported_at": timezone.localtime(now).replace(second=0, microsecond=0)})
    status, refusal = 200, None
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            customer = selectors.customers_for(user=request.user).filter(
                account_number=data["account_number"].strip()).first()
            if customer is None:
                form.add_error("account_number", _("您所在单位没有这个户号的客户。"))
            else:
                try:
                    case = services.case_open(
                        actor=request.user, customer=customer,
                        reported_at=data["reported_at"], reported_by_name=data["reported_by_name"],
                        accident_at=data["accident_at"], description=data["description"],
                        supply_interrupted=data["supply_interrupted"], inspectors=list(data["inspectors"]), now=now)
                except RuleViolation as exc:
                    refusal, status = exc, 409
                except services.AccidentInvalid as exc:
                    _add_errors(form, exc.errors)
                else:
                    messages.success(request, _("已受理事故报告 %(number)s。") % {"number": case.number})
                    return redirect("accidents:detail", case.pk)
    return render(request, "accidents/case_new.html", {"form": form, "refusal": refusal}, status=status)


# -- the case page -------------------------------------------------------------------------------

def _get(request, pk: int) -> AccidentCase:
    try:
        return selectors.case_get(user=request.user, id=pk)
    except AccidentCase.DoesNotExist:
        raise Http404 from None


def _offered(case: AccidentCase, facts: table.Facts) -> list[tuple[str, RuleViolation | None]]:
    """The steps the case's stage offers, each with why the regulation refuses it now (or None),
    in the order of STEPS."""
    status = case.status
    if status == table.CLOSED:
        return []
    offered = {o.transition.name: (None if o.transition.name in FORM_GUARDED else o.refusal)
               for o in table.TABLE.options(status, facts)}
    investigating = status in table.INVESTIGATING
    after_arrival = status != table.REPORTED
    if investigating:
        offered["entry"] = None
        offered["cause"] = None
    if after_arrival and facts.cause.strip() and not facts.cause_removed:
        offered["cause_removed"] = None
    if case.supply_interrupted and not facts.restored and after_arrival:
        offered["restore"] = table.restoration_refusal(facts)
    if after_arrival and facts.items_open:
        offered["item"] = None
    if after_arrival:
        offered.update(compensate=None, damage=None)
    if case.compensation_calculated_at is not None and case.compensation_charged_at is None and case.compensation:
        offered["charge"] = None
    if status == table.NOTICE_ISSUED and case.refused_at is None:
        offered["refusal"] = None
    return [(name, offered[name]) for name in STEPS if name in offered]


def _permitted(user, case: AccidentCase, name: str) -> bool:
    if name in MANAGERS_ONLY:
        return perms.can_close_case(user, case)
    return perms.can_work_case(user, case)


def _form(name: str, case: AccidentCase, data=None):
    step = STEPS[name]
    auto_id = f"id_{name}_%s"  # several action forms share a page
    initial = {}
    if name == "item":
        open_items = selectors.open_items(case)
        form = step.form(data, auto_id=auto_id, initial={"item": open_items[0] if open_items else ""})
        form.fields["item"].choices = [(i, Item(i).label) for i in open_items] or Item.choices
        return form
    if name == "file_report":
        initial = {"countermeasures": case.countermeasures}
    elif name == "arrive":
        initial = {"witness_name": case.witness_name}
    elif name == "cause":
        initial = {"cause": case.cause}
    elif name == "compensate":
        initial = {k: v for k, v in (case.compensation_input or {}).items()
                   if k in ("outage_minutes", "interrupted_rate_per_hour", "month")}
    return step.form(data, auto_id=auto_id, initial=initial)


def _entries(request, case: AccidentCase, posted: tuple | None) -> tuple[list, list]:
    """The actions the user may take now, each with its form (the posted one, refused or
    invalid, with what was typed and why), and those refused, with why."""
    available, others = [], []
    facts = selectors.case_facts(case)
    for name, refusal in _offered(case, facts):
        step = STEPS[name]
        entry = {"name": name, "label": step.label, "clause": step.clause, "confirm": step.confirm,
                 "more": step.more, "url": reverse("accidents:act", args=[case.pk, name])}
        permitted = _permitted(request.user, case, name)
        if posted and posted[0] == name and permitted:
            available.append({**entry, "form": posted[1], "refusal": posted[2]})
        elif permitted and refusal is None:
            available.append({**entry, "form": _form(name, case), "refusal": None})
        elif refusal is not None:
            others.append({**entry, "why": refusal.text(_), "clause": refusal.clause})
        elif name in MANAGERS_ONLY:
            others.append({**entry, "why": _("需由%(office)s的负责人办理。") % {"office": case.office.name}})
    return available, others


def _facts(case: AccidentCase) -> list[tuple[str, str]]:
    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    inspectors = _("、").join(u.display_name for u in selectors.inspectors(case=case))
    yes = _("是")
    return [
        (_("客户"), f"{case.customer.account_number} {case.customer.name}\n{case.customer.address}"),
        (_("专业"), case.get_utility_display()),
        (_("事故情况"), case.description),
        (_("事故发生时间"), when(case.accident_at)),
        (_("报告时间"), when(case.reported_at) + (f" · {case.reported_by_name}" if case.reported_by_name else "")),
        (_("调查人员"), inspectors),
        (pgettext("accident dispatch", "出发时间"), when(case.dispatched_at)),
        (_("到达时间"), when(case.arrived_at)),
        (_("已出示证件"), yes if case.identity_shown else (_("否") if case.arrived_at else "")),
        (_("客户方见证人"), case.witness_name),
        (_("事故原因"), case.cause),
        (_("调查结束时间"), when(case.investigation_ended_at)),
        (_("确认原因消除"), (when(case.cause_removed_at) + (
            f" · {case.cause_removed_by.display_name}" if case.cause_removed_by else "")
            + (f"\n{case.cause_removed_note}" if case.cause_removed_note else "")) if case.cause_removed_at else ""),
        (_("恢复供电时间"), when(case.restored_at) if case.supply_interrupted else _("客户未停电")),
        (_("调查报告"), (when(case.report_filed_at) + (f" · {case.report_number}" if case.report_number else ""))
         if case.report_filed_at else ""),
        (_("结果通知书"), (when(case.notice_issued_at) + (f" · {case.notice_number}" if case.notice_number else ""))
         if case.notice_issued_at else ""),
        (_("整改期限"), case.rectification_date.strftime("%Y-%m-%d") if case.rectification_date else ""),
        (_("复查"), (when(case.reinspected_at) + f"\n{case.reinspection_note}") if case.reinspected_at else ""),
        (_("拒不整改"), (when(case.refused_at) + f"\n{case.refusal_note}") if case.refused_at else ""),
        (_("报公司管理部门"), (when(case.referred_at) + f"\n{case.referral_note}") if case.referred_at else ""),
        (_("结案"), (when(case.closed_at) + (f"\n{case.closing_note}" if case.closing_note else ""))
         if case.closed_at else ""),
    ]


def _items(case: AccidentCase) -> list[dict]:
    """The four don't-let-go items (§2.7(4)) in the report's order, each with its record."""
    found = {i.item: i for i in selectors.items(case=case)}
    rows = []
    for code in table.FOUR_ITEMS:
        row = found.get(code)
        done = row is not None and row.done_at is not None
        rows.append({"code": code.lower(), "label": Item(code).label, "done": done,
                     "record": row.record if row else "", "recorded_at": row.done_at if row else None,
                     "recorded_by": row.done_by.display_name if row and row.done_by else ""})
    return rows


def _compensation_lines(case: AccidentCase) -> list[dict]:
    """The calculation's lines (§2.7(5)) in the reader's language, from the figures the result
    keeps; the lines as stored (Chinese) when a figure is missing."""
    result, given = case.compensation_result or {}, case.compensation_input or {}
    keys = ("outage_minutes", "charged_hours", "lost_supply", "unit", "price_month", "unit_price_yuan",
            "compensation_yuan")
    if not all(result.get(k) not in (None, "") for k in keys) or "interrupted_rate_per_hour" not in given:
        return [{"text": line.get("text", ""), "rule": line.get("rule", ""), "amount": line.get("amount_yuan") or ""}
                for line in selectors.compensation_lines(case=case)]
    values = {k: result[k] for k in keys}
    rule = next((line.get("rule", "") for line in selectors.compensation_lines(case=case)), "§2.7(5)")
    short = Decimal(str(values["outage_minutes"])) < MINIMUM_MINUTES
    duration = (_("停电时长 %(minutes)s 分钟，不足 1 小时按 1 小时计") if short
                else _("停电时长 %(minutes)s 分钟，按实际时间计 %(hours)s 小时"))
    return [
        {"text": duration % {"minutes": values["outage_minutes"], "hours": values["charged_hours"]}, "rule": rule,
         "amount": ""},
        {"text": _("少供量 = 中断负荷 %(rate)s %(unit)s/h × %(hours)s h = %(lost)s %(unit)s") % {
            "rate": given["interrupted_rate_per_hour"], "unit": values["unit"], "hours": values["charged_hours"],
            "lost": values["lost_supply"]}, "rule": rule, "amount": ""},
        {"text": _("赔偿金额 = 少供量 × 上月（%(month)s）平均售价 %(price)s 元/%(unit)s = %(amount)s 元") % {
            "month": values["price_month"], "price": values["unit_price_yuan"], "unit": values["unit"],
            "amount": values["compensation_yuan"]}, "rule": rule, "amount": values["compensation_yuan"]},
    ]


def _compensations(case: AccidentCase) -> list[dict]:
    if case.compensation_calculated_at is None:
        return []
    url = reverse("billing:case", args=[selectors.TARGET_TYPE, case.pk]) if case.compensation_charged_at else ""
    return [{"title": _("停电赔偿"), "lines": _compensation_lines(case), "amount": case.compensation,
             "receivable_url": url}]


def _render(request, case: AccidentCase, now, *, posted: tuple | None = None, status: int = 200):
    available, others = _entries(request, case, posted)
    here = reverse("accidents:detail", args=[case.pk])
    if posted and not any(a["name"] == posted[0] for a in available):
        return action_gone(request, here, posted[2])
    context = {
        "case": case, "now": now, "available": available, "others": others, "facts": _facts(case),
        "items": _items(case), "countermeasures": case.countermeasures, "compensations": _compensations(case),
        "damages": [{"description": d.description, "assessment": d.assessment, "amount": d.assessed_amount}
                    for d in selectors.damages(case=case)],
        "entries": selectors.entries(case=case),
        "evidence_url": reverse("evidence:register", args=[selectors.TARGET_TYPE, case.pk]),
        "new_document_url": reverse("documents:new", args=[selectors.TARGET_TYPE, case.pk]),
        "documents_url": reverse("documents:case", args=[selectors.TARGET_TYPE, case.pk]),
        "receivables_url": reverse("billing:case", args=[selectors.TARGET_TYPE, case.pk]),
        "new_documents": [(code, _(CATALOGUE[code].title(case.utility))) for code, declared in cases.DOCUMENTS.items()
                          if perms.can_work_case(request.user, case)
                          and (declared.precondition is None or declared.precondition(case) is None)],
        "deadlines": deadlines_for(target=case, now=now).select_related("owner", "owner_unit"),
        "events": case_timeline(target_type=selectors.TARGET_TYPE, target_id=case.pk),
    }
    return render(request, "accidents/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _render(request, _get(request, pk), timezone.now())


@login_required
@case_action("accidents:detail")
def act(request, pk: int, name: str):
    if name not in STEPS:
        raise Http404
    now = timezone.now()
    case = _get(request, pk)
    form = _form(name, case, request.POST)
    if form.is_valid():
        try:
            perform(name, user=request.user, case=case, data=form.cleaned_data, now=now)
        except RuleViolation as exc:
            return _render(request, case, now, posted=(name, form, exc), status=409)
        except services.AccidentInvalid as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": STEPS[name].label})
            return action_done(request, reverse("accidents:detail", args=[case.pk]))
    return _render(request, case, now, posted=(name, form, None), status=400)


def _add_errors(form, errors: dict[str, str]) -> None:
    """The service's input errors beside their fields (the calculator's `data.<field>` too)."""
    for field, message in errors.items():
        field = field.removeprefix("data.")
        if isinstance(message, Message):  # a marked message with its values: in the reader's language
            message = translated(message, _)
        form.add_error(field if field in form.fields else None, message)


def perform(name: str, *, user, case: AccidentCase, data: dict, now):
    """The one service each action calls, with what its form parsed."""
    data = {k: v for k, v in data.items() if k != "confirmed"}
    if name == "arrive":
        return services.case_arrive(actor=user, case=case, now=now, **data)
    if name == "entry":
        return services.entry_add(actor=user, case=case, now=now, **data)
    if name == "cause":
        return services.case_record_cause(actor=user, case=case, cause=data["cause"], now=now)
    if name == "cause_removed":
        return services.case_confirm_cause_removed(actor=user, case=case, note=data["note"], now=now)
    if name == "restore":
        return services.case_restore(actor=user, case=case, restored_at=data["restored_at"], now=now)
    if name == "end":
        return services.case_end_investigation(actor=user, case=case, now=now)
    if name == "item":
        return services.item_record(actor=user, case=case, item=data["item"], record=data["record"], now=now)
    if name == "compensate":
        return services.case_calculate_compensation(actor=user, case=case, data=data, now=now)
    if name == "charge":
        return services.case_charge_compensation(actor=user, case=case, due_date=data["due_date"], now=now)
    if name == "damage":
        return services.damage_record(actor=user, case=case, now=now, **data)
    if name == "file_report":
        return services.case_file_report(actor=user, case=case, countermeasures=data["countermeasures"], now=now)
    if name == "issue_notice":
        return services.case_issue_notice(actor=user, case=case, rectification_date=data["rectification_date"],
                                          now=now)
    if name == "reinspect":
        return services.case_reinspect(actor=user, case=case, note=data["note"], now=now)
    if name == "refusal":
        return services.case_record_refusal(actor=user, case=case, note=data["note"], now=now)
    if name == "refer":
        return services.case_refer(actor=user, case=case, note=data["note"], now=now)
    if name == "close":
        return services.case_close(actor=user, case=case, note=data["note"], now=now)
    raise Http404
