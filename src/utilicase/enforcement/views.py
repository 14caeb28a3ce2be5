"""Enforcement pages: the work lists of each role (an inspector's open cases, the deputies'
inbox of §1.2(2) suspension applications, the office head's post-hoc reports of §1.2(1)), the
case page with its fee breakdown and actions, and the on-site suspension page for a phone
(§1.3). Each view reads the clock, parses a form, and calls one selector or one service."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.timeline import case_timeline
from utilicase.calendar.selectors import deadlines_for
from utilicase.core.rules import RuleViolation
from utilicase.enforcement import forms, selectors, services
from utilicase.enforcement import permissions as perms
from utilicase.enforcement.domain import transitions as table
from utilicase.enforcement.models import EnforcementCase, Path, Recipient, ReferralReason, Status
from utilicase.org.models import Role
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25
TARGET_TYPE = selectors.TARGET_TYPE

# -- the case's actions, in the order of the case: stop the act, notice, fees, suspension,
# referral, correction and liability, restoration, closure -------------------------------------------

ACTION_LABELS = {
    "stop": gettext_lazy("记录制止违约、窃电行为"),
    "serve_notice": gettext_lazy("通知书已送达，进入费用计算"),
    "calculate": gettext_lazy("计算追补费用和违约使用费"),
    "charge": gettext_lazy("生成应收款"),
    "apply": gettext_lazy("申请停电"),
    "review": gettext_lazy("审核停电申请"),
    "approve": gettext_lazy("批准停电申请"),
    "reject": gettext_lazy("驳回停电申请"),
    "suspend": gettext_lazy("停(限)电"),
    "report": gettext_lazy("向营业所所长事后报告"),
    "refer": gettext_lazy("移送有关部门"),
    "outcome": gettext_lazy("登记移送处理结果"),
    "correct": gettext_lazy("整改验收合格"),
    "liability": gettext_lazy("登记客户已承担责任"),
    "restore": gettext_lazy("恢复供电"),
    "close": gettext_lazy("结案"),
    "dismiss": gettext_lazy("撤销案件"),
}
ORDER = list(ACTION_LABELS)
CONFIRM = {
    "close": gettext_lazy("结案后不能再办理本案件。确定结案吗？"),
    "dismiss": gettext_lazy("撤销后不能再办理本案件。确定撤销吗？"),
}
# What is done at the customer's: the on-site page offers these.
SITE_ACTIONS = ("stop", "apply", "suspend", "report", "restore")
STAGES = (table.DISCOVERED, table.NOTICE_SERVED, table.FEES_CALCULATED, table.FEES_DUE, table.PAID, table.CLOSED)
NEW_DOCUMENTS = (
    ("violation_notice", gettext_lazy("开具违约用电或窃电通知书")),
    ("survey_record", gettext_lazy("现场勘查记录")),
    ("transcript", gettext_lazy("调查笔录")),
    ("suspension_notice", gettext_lazy("开具停(限)电通知单")),
    ("restoration_notice", gettext_lazy("开具恢复供电通知单")),
)


@dataclass(frozen=True)
class Entry:
    """An action on the page: the backend's (transition) or a record of the case."""

    name: str
    clause: str
    refusal: RuleViolation | None
    permitted: bool

    @property
    def available(self) -> bool:
        return self.refusal is None and self.permitted


def _records(user, case: EnforcementCase, now) -> list[Entry]:
    """The records of a case that are not transitions: each offered while it is still to do."""
    if case.status == table.CLOSED:
        return []
    work = perms.can_work_case(user, case)
    out = []
    if case.act_stopped_at is None:
        out.append(Entry("stop", "§2.6(3)", None, work))
    application = selectors.applications(case=case).filter(status__in=sorted(table.APPLICATION_OPEN)).last()
    if application is not None:
        deputy = user.role in (Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY)  # others are not asked (§1.2(2))
        for a in selectors.application_actions(user=user, application=application):
            out.append(Entry(a.name, a.clause, a.refusal, a.permitted and deputy))
    if _report_due(case) is not None:
        out.append(Entry("report", "§1.2(1)", None, work))
    # A referral is made whenever its reason holds (§1.1, §2.6(4)-(5)); the service checks which.
    out.append(Entry("refer", "§2.6(5)", None, work))
    if case.referrals.filter(outcome_at__isnull=True).exists():
        out.append(Entry("outcome", "§1.1", None, work))
    if case.status != table.DISCOVERED:
        if case.correction_accepted_at is None:
            out.append(Entry("correct", "§2.6(4)", None, work))
        if case.liability_borne_at is None:
            out.append(Entry("liability", "§2.6(4)", None, work))
    return out


def _report_due(case: EnforcementCase):
    """The on-site suspension (§1.2(1)) whose post-hoc report to the office head is not filed."""
    return case.suspensions.filter(report_deadline__isnull=False, reported_at__isnull=True).order_by("id").first()


def case_entries(user, case: EnforcementCase, now) -> list[Entry]:
    entries = [Entry(a.name, a.clause, a.refusal, a.permitted)
               for a in selectors.case_actions(user=user, case=case, now=now) if a.name != "refer"]
    entries += _records(user, case, now)
    return sorted((e for e in entries if e.name in ACTION_LABELS), key=lambda e: ORDER.index(e.name))


def _open_application(case):
    application = selectors.applications(case=case).filter(status__in=sorted(table.APPLICATION_OPEN)).last()
    if application is None:
        raise Http404
    return application


def action_form(name: str, case: EnforcementCase, data=None, *, now=None):
    auto_id = f"id_{name}_%s"  # several action forms share a page
    now = now or timezone.now()
    local = timezone.localtime(now).replace(second=0, microsecond=0, tzinfo=None)
    if name == "stop":
        return forms.StopForm(data, auto_id=auto_id)
    if name in ("serve_notice", "restore"):
        return forms.NoFields(data, auto_id=auto_id)
    if name == "calculate":
        initial = dict(case.fee_input or {})
        initial.setdefault("act_date", timezone.localtime(case.discovered_at).date())
        initial.setdefault("customer_type", "residential" if case.customer_class == table.RESIDENTIAL else "power")
        return forms.CalculateForm(data, auto_id=auto_id, initial=initial)
    if name == "charge":
        return forms.ChargeForm(data, auto_id=auto_id)
    if name == "apply":
        return forms.ApplyForm(data, auto_id=auto_id)
    if name in ("review", "approve"):
        return forms.CommentForm(data, auto_id=auto_id)
    if name in ("reject", "dismiss"):
        return forms.ReasonForm(data, auto_id=auto_id)
    if name == "suspend":
        return forms.SuspendForm(data, auto_id=auto_id, legal_bases=_legal_bases())
    if name == "report":
        return forms.ReportForm(data, auto_id=auto_id)
    if name == "refer":
        return forms.ReferForm(data, auto_id=auto_id, reasons=ReferralReason.choices, recipients=Recipient.choices,
                               initial={"referred_on": local.date()})
    if name == "outcome":
        return forms.OutcomeForm(data, auto_id=auto_id)
    if name in ("correct", "liability"):
        return forms.NoteForm(data, auto_id=auto_id)
    if name == "close":
        return forms.CloseForm(data, auto_id=auto_id)
    raise Http404


def moment(value, now, *, blank="now"):
    """A time typed on a page, to the minute: left blank, now (what happens on site is recorded
    as it happens); in the current minute, now itself (the minute typed has begun, and a step of
    this minute may follow one recorded to the second in it)."""
    if value is None:
        return now if blank == "now" else None
    if value <= now < value + timedelta(minutes=1):
        return now
    return value


def perform(name: str, *, user, case: EnforcementCase, form, now):
    """The one service an action calls."""
    data = form.cleaned_data
    if name == "stop":
        return services.case_record_act_stopped(actor=user, case=case, stopped_at=moment(data["stopped_at"], now),
                                               how=data["method"], now=now)
    if name == "serve_notice":
        return services.case_serve_notice(actor=user, case=case, now=now)
    if name == "calculate":
        return services.case_calculate_fees(actor=user, case=case, data=form.calculation(case.kind), now=now)
    if name == "charge":
        return services.case_charge(actor=user, case=case, due_date=data["due_date"], now=now)
    if name == "apply":
        return services.application_submit(actor=user, case=case, scope=data["scope"], reason=data["reason"],
                                            now=now)
    if name == "review":
        return services.application_review(actor=user, application=_open_application(case),
                                           comment=data["comment"], now=now)
    if name == "approve":
        return services.application_approve(actor=user, application=_open_application(case),
                                            comment=data["comment"], now=now)
    if name == "reject":
        return services.application_reject(actor=user, application=_open_application(case), reason=data["reason"],
                                           now=now)
    if name == "suspend":
        return services.case_suspend(actor=user, case=case, scope=data["scope"],
                                     suspended_at=moment(data["suspended_at"], now),
                                legal_basis=data["legal_basis"], customer_response=data["customer_response"],
                                response_note=data["response_note"],
                                police_called_at=moment(data["police_called_at"], now, blank=None),
                                superior_reported_at=moment(data["superior_reported_at"], now, blank=None),
                                superior_name=data["superior_name"], now=now)
    if name == "report":
        suspension = _report_due(case)
        if suspension is None:
            raise Http404
        return services.suspension_report(actor=user, suspension=suspension, text=data["report"], now=now)
    if name == "refer":
        return services.referral_record(actor=user, case=case, reason=data["reason"], recipient=data["recipient"],
                                        referred_on=data["referred_on"], documents=data["documents"], now=now)
    if name == "outcome":
        referral = case.referrals.filter(outcome_at__isnull=True).order_by("recorded_at", "id").first()
        if referral is None:
            raise Http404
        return services.referral_record_outcome(actor=user, referral=referral, outcome=data["outcome"], now=now)
    if name == "correct":
        return services.case_accept_correction(actor=user, case=case, note=data["note"], now=now)
    if name == "liability":
        return services.case_record_liability(actor=user, case=case, note=data["note"], now=now)
    if name == "restore":
        return services.case_restore(actor=user, case=case, now=now)
    if name == "close":
        return services.case_close(actor=user, case=case, now=now)
    if name == "dismiss":
        return services.case_dismiss(actor=user, case=case, reason=data["reason"], now=now)
    raise Http404


# -- work lists --------------------------------------------------------------------------------------

MINE, APPROVE, REPORTS, ALL = "mine", "approve", "reports", "all"
LISTS = (MINE, APPROVE, REPORTS, ALL)
LIST_LABELS = {
    MINE: gettext_lazy("我的在办案件"), APPROVE: gettext_lazy("待我审批的停电申请"),
    REPORTS: gettext_lazy("现场停电事后报告"), ALL: gettext_lazy("我可见的全部"),
}


def _tabs(user) -> list[str]:
    """The lists of a role, its own work first."""
    if user.role == Role.INSPECTOR:
        return [MINE, REPORTS, ALL]
    if user.role in (Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY):
        return [APPROVE, ALL]
    if user.role == Role.OFFICE_HEAD:
        return [REPORTS, ALL]
    return [ALL]


def _search(rows, text: str, prefix: str = ""):
    from django.db.models import Q

    text = text.strip()
    if not text:
        return rows
    return rows.filter(Q(**{f"{prefix}number__istartswith": text})
                       | Q(**{f"{prefix}customer__account_number__startswith": text})
                       | Q(**{f"{prefix}customer__name__startswith": text}))


def _customer(case) -> str:
    return f"{case.customer.account_number} {case.customer.name}"


# The work list's columns, as its page shows them (worklist.html), by tab.
CASE_COLUMNS = (
    Column(gettext_lazy("案件"), lambda c: c.number), Column(gettext_lazy("客户"), _customer),
    Column(gettext_lazy("类别"), lambda c: f"{c.get_kind_display()} · {c.get_utility_display()}"),
    Column(gettext_lazy("状态"), lambda c: f"{c.get_status_display()} · {c.get_supply_display()}"),
    Column(gettext_lazy("期限"), lambda c: c.next_due_at or c.due_date),
)
WORKLIST_COLUMNS = {
    APPROVE: (
        Column(gettext_lazy("案件"), lambda a: a.case.number), Column(gettext_lazy("客户"), lambda a: _customer(a.case)),
        Column(gettext_lazy("申请"), lambda a: f"{a.applied_by.display_name} "
               f"{timezone.localtime(a.applied_at):%Y-%m-%d %H:%M}"),
        Column(gettext_lazy("状态"), lambda a: a.get_status_display()),
    ),
    REPORTS: (
        Column(gettext_lazy("案件"), lambda s: s.case.number), Column(gettext_lazy("客户"), lambda s: _customer(s.case)),
        Column(gettext_lazy("停电时间"), lambda s: f"{timezone.localtime(s.suspended_at):%Y-%m-%d %H:%M} · "
               f"{s.suspended_by.display_name}"),
        Column(gettext_lazy("报告截止"), lambda s: s.report_due_at),
    ),
}


def _rows(user, tab: str, now, text: str):
    if tab == APPROVE:
        return _search(selectors.applications_to_decide(user=user), text, "case__")
    if tab == REPORTS:
        return _search(selectors.reports_to_file(user=user), text, "case__")
    if tab == MINE:
        mine = selectors.open_cases(user=user, now=now).filter(inspectors=user)
        return _search(mine, text)
    return _search(selectors.case_list(user=user, now=now), text)


@login_required
def worklist(request):
    now = timezone.now()
    tabs = _tabs(request.user)
    tab = request.GET.get("list") or tabs[0]
    if tab not in LISTS:
        raise Http404
    form = forms.WorklistFilter(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name=f"enforcement-{tab}", title=LIST_LABELS[tab],
                              columns=WORKLIST_COLUMNS.get(tab, CASE_COLUMNS),
                              rows=export_rows(_rows(request.user, tab, now, text)))
    page = CappedPaginator(_rows(request.user, tab, now, text), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "enforcement/worklist.html", {
        "page": page, "form": form, "tab": tab, "now": now,
        "tabs": [(name, LIST_LABELS[name]) for name in tabs],
        "can_open": request.user.role in perms.OPENER_ROLES,
    })


@login_required
def case_new(request):
    """A case opened by an inspector on site, without an inspection (§2.6(3))."""
    if request.user.role not in perms.OPENER_ROLES:
        raise PermissionDenied
    now = timezone.now()
    form = forms.OpenForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            customer = selectors.customers_for(user=request.user).filter(
                account_number=data["account_number"].strip()).first()
            if customer is None:
                form.add_error("account_number", _("您的单位没有这个户号的客户。"))
            else:
                try:
                    case = services.case_open(actor=request.user, customer=customer, kind=data["kind"],
                                              facts=data["description"],
                                              discovered_at=moment(data["discovered_at"], now),
                                              act_stopped_at=moment(data["stopped_at"], now, blank=None),
                                              act_stopped_how=data["method"],
                                              now=now)
                except RuleViolation as exc:
                    form.add_error(None, f"{exc.text(_)} {exc.clause}")
                    status = 409
                except services.EnforcementInvalid as exc:
                    _add_errors(form, exc.errors)
                else:
                    messages.success(request, _("已立案：%(number)s。") % {"number": case.number})
                    return redirect("enforcement:site", case.pk)
    return render(request, "enforcement/new.html", {"form": form}, status=status)


# -- the case page and the on-site page ------------------------------------------------------------------

def _get(request, pk: int) -> EnforcementCase:
    try:
        return selectors.case_get(user=request.user, id=pk)
    except EnforcementCase.DoesNotExist:
        raise Http404 from None


def _stage_bar(case: EnforcementCase) -> list[dict]:
    stages = list(STAGES)
    if case.status == table.REFERRED:
        stages[stages.index(table.PAID)] = table.REFERRED
    labels = dict(Status.choices)
    reached = stages.index(case.status) if case.status in stages else 0
    return [{"label": labels[s], "done": i < reached or case.status == table.CLOSED, "current": i == reached}
            for i, s in enumerate(stages)]


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _yuan(amount) -> str:
    """An amount of money to the fen, as the page prints it."""
    return f"{Decimal(amount or 0):.2f}"


def _fees(case: EnforcementCase, now) -> dict:
    """The breakdown lines and the receivables with their balance, each linked to billing's page."""
    receivables = []
    today = timezone.localtime(now).date()
    for r in selectors.receivables(case=case):
        balance = getattr(r, "balance", None)
        receivables.append({"label": r.get_fee_type_display(), "amount": _yuan(r.amount), "balance": _yuan(balance),
                            "due_date": r.due_date, "url": _url("billing:pay", r.pk) if balance else "",
                            "overdue": bool(balance) and r.due_date < today})
    balance = selectors.balance(case)
    return {"lines": _fee_lines(case), "receivables": receivables,
            "balance": _yuan(balance),
            "url": _url("billing:case", TARGET_TYPE, str(case.pk))}


def _fee_lines(case: EnforcementCase) -> list[dict]:
    """The breakdown lines in the reader's language. What is stored is the calculator's answer in
    Chinese; the same input is calculated again to have its marked messages, and those lines are
    shown when they come to the stored total (else, rules changed since, the stored lines)."""
    stored = selectors.fee_lines(case=case)
    if not case.fee_input:
        return stored
    from utilicase.core.i18n import translated
    from utilicase.fees.domain.errors import CalculationInvalid
    from utilicase.fees.services import calculate

    try:
        again = calculate(dict(case.fee_input), enterprise=case.customer.enterprise)
    except CalculationInvalid:
        return stored
    if again.get("total_yuan") != (case.fee_result or {}).get("total_yuan"):
        return stored
    return [{**line, "text": translated(line["text"], _)} for line in again["lines"]]


def _legal_bases() -> list[tuple[str, str]]:
    """The catalogue of rule set + article a suspension rests on (§1.3), in the reader's language."""
    return [(code, _(label)) for code, label in selectors.legal_basis_choices()]


def _facts(case: EnforcementCase, now) -> dict:
    path = selectors.suspension_path(case, now)
    from utilicase.customers.models import CustomerClass, VoltageLevel

    classes, voltages = dict(CustomerClass.choices), dict(VoltageLevel.choices)
    return {"path_label": dict(Path.choices)[path], "path_clause": table.PATH_CLAUSE[path],
            "customer_class": classes.get(case.customer_class, case.customer_class),
            "voltage": voltages.get(case.voltage_level, case.voltage_level),
            "inspectors": list(selectors.inspectors(case=case)), "cut": case.supply in table.CUT,
            "order_url": _url("inspections:detail", case.inspection_order_id) if case.inspection_order_id else ""}


def _documents(user, case: EnforcementCase) -> list[dict]:
    """The case's documents (notices, survey record, transcript), each named in the reader's
    language with its number and state, linked to its page."""
    from django.utils.translation import get_language

    from utilicase.documents.selectors import case_documents

    found = case_documents(user=user, target_type=TARGET_TYPE, target_id=str(case.pk))
    if found is None:
        return []
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    return [{"label": f"{d.title(lang)} {d.number_display or ''} · {d.get_status_display()}".strip(),
             "url": reverse("documents:detail", args=[d.pk])} for d in found.documents[:20]]


def _suspensions(case: EnforcementCase) -> list:
    """The case's suspensions, the legal basis told named in the reader's language."""
    bases = dict(_legal_bases())
    rows = list(selectors.suspensions(case=case))
    for row in rows:
        row.basis_label = bases.get(row.legal_basis, row.legal_basis_label)
    return rows


def _entries(request, case, now, posted: tuple | None, *, site: bool) -> tuple[list, list]:
    """The case's actions for the page: those the user may take now, each with its form (the
    posted one, refused or invalid, with what was typed and why) and those refused, with why."""
    available, others = [], []
    for e in case_entries(request.user, case, now):
        if site and e.name not in SITE_ACTIONS:
            continue
        url = reverse("enforcement:act", args=[case.pk, e.name]) + ("?from=site" if site else "")
        entry = {"name": e.name, "clause": e.clause, "label": ACTION_LABELS[e.name],
                 "confirm": CONFIRM.get(e.name, ""), "url": url}
        if posted and posted[0] == e.name:
            available.append({**entry, "form": posted[1], "refusal": posted[2]})
        elif e.available:
            available.append({**entry, "form": action_form(e.name, case, now=now)})
        elif e.permitted and e.refusal is not None:
            others.append({**entry, "why": e.refusal.text(_), "clause": e.refusal.clause})
    return available, others


def _render(request, case: EnforcementCase, now, *, site: bool = False, posted: tuple | None = None,
            status: int = 200):
    available, others = _entries(request, case, now, posted, site=site)
    here = reverse("enforcement:site" if site else "enforcement:detail", args=[case.pk])
    if posted and not any(a["name"] == posted[0] for a in available):
        if posted[2] is not None:
            # Refused and not on the page any more (the posted action's turn is gone): say why on the page.
            return action_gone(request, here, posted[2])
        return action_gone(request, here, None)
    context = {
        "case": case, "now": now, "available": available, "others": others, "stages": _stage_bar(case),
        "facts": _facts(case, now),
        "applications": selectors.applications(case=case), "suspensions": _suspensions(case),
        "referrals": selectors.referrals(case=case),
        "evidence_url": reverse("evidence:register", args=[TARGET_TYPE, case.pk]),
        "documents_url": reverse("documents:case", args=[TARGET_TYPE, case.pk]),
    }
    if site:
        return render(request, "enforcement/site.html", context, status=status)
    context.update({
        "documents": _documents(request.user, case),
        "fees": _fees(case, now),
        "new_document_url": reverse("documents:new", args=[TARGET_TYPE, case.pk]),
        "new_documents": NEW_DOCUMENTS,
        "deadlines": deadlines_for(target=case, now=now).select_related("owner", "owner_unit"),
        "events": case_timeline(target_type=TARGET_TYPE, target_id=case.pk),
    })
    return render(request, "enforcement/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    return _render(request, _get(request, pk), timezone.now())


@login_required
def site(request, pk: int):
    """The on-site page: the same case, the steps done at the customer's, one column for a phone."""
    return _render(request, _get(request, pk), timezone.now(), site=True)


def _from_site(request) -> bool:
    return request.GET.get("from") == "site"


@login_required
@case_action("enforcement:detail")
def act(request, pk: int, name: str):
    if name not in ACTION_LABELS:
        raise Http404
    now = timezone.now()
    case = _get(request, pk)
    form = action_form(name, case, request.POST, now=now)
    if form.is_valid():
        try:
            perform(name, user=request.user, case=case, form=form, now=now)
        except RuleViolation as exc:
            return _render(request, _get(request, pk), now, site=_from_site(request), posted=(name, form, exc),
                           status=409)
        except services.EnforcementInvalid as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": ACTION_LABELS[name]})
            target = "enforcement:site" if _from_site(request) else "enforcement:detail"
            return action_done(request, reverse(target, args=[case.pk]))
    return _render(request, case, now, site=_from_site(request), posted=(name, form, None), status=400)


def _add_errors(form, errors: dict) -> None:
    for field, message in errors.items():
        field = field.removeprefix("data.")  # the calculator's input fields
        form.add_error(field if field in form.fields else None, str(message))
