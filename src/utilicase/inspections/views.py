"""Inspection pages: the work lists of each role, the monthly plans, the order page with its
actions, findings and rectification loop, and the on-site page for the inspector's phone. Each
view reads the clock, parses a form, and calls one selector or one service."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utilicase.audit.timeline import case_timeline
from utilicase.calendar.selectors import deadlines_for
from utilicase.core.rules import RuleViolation
from utilicase.evidence.forms import ItemForm as EvidenceItemForm
from utilicase.inspections import forms, page_selectors, selectors, services
from utilicase.inspections import permissions as perms
from utilicase.inspections.domain import transitions as table
from utilicase.inspections.models import InspectionOrder, InspectionPlan
from utilicase.inspections.page_actions import (
    ACTION_LABELS,
    CONFIRM,
    FINDING_LABELS,
    MORE,
    finding_form,
    order_form,
    perform,
    perform_finding,
)
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import Column, export_format, export_rows, table_response
from utilicase.web.paging import CappedPaginator

PAGE_SIZE = 25


def _today(now) -> date:
    return timezone.localtime(now).date()


# -- work lists ----------------------------------------------------------------------------------

# The work list's columns, as its page shows them (worklist.html): orders, or overdue rectifications.
ORDER_COLUMNS = (
    Column(gettext_lazy("工作单"), lambda o: o.number),
    Column(gettext_lazy("客户"), lambda o: f"{o.customer.account_number} {o.customer.name}"),
    Column(gettext_lazy("类别"), lambda o: f"{o.get_kind_display()} · {o.get_utility_display()}"),
    Column(gettext_lazy("状态"), lambda o: o.get_status_display()),
    Column(gettext_lazy("计划日期"), lambda o: o.planned_date),
    Column(gettext_lazy("期限"), lambda o: o.next_due_at),
)
RECTIFICATION_COLUMNS = (
    Column(gettext_lazy("工作单"), lambda r: r.order.number),
    Column(gettext_lazy("客户"), lambda r: f"{r.order.customer.account_number} {r.order.customer.name}"),
    Column(gettext_lazy("问题"), lambda r: f"{r.finding.number}. {r.finding.get_finding_type_display()}"),
    Column(gettext_lazy("整改期限"), lambda r: r.due_date),
)

@login_required
def worklist(request):
    now = timezone.now()
    tabs = page_selectors.worklist_tabs(user=request.user)
    tab = request.GET.get("list") or tabs[0]
    if tab not in page_selectors.LISTS:
        raise Http404
    form = forms.WorklistFilter(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    rows = page_selectors.worklist(user=request.user, name=tab, today=_today(now), now=now, text=text)
    fmt = export_format(request)
    if fmt:
        columns = RECTIFICATION_COLUMNS if tab == page_selectors.OVERDUE else ORDER_COLUMNS
        return table_response(fmt=fmt, name=f"inspections-{tab}", title=page_selectors.LIST_LABELS[tab],
                              columns=columns, rows=export_rows(rows))
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "inspections/worklist.html", {
        "page": page, "form": form, "tab": tab, "now": now, "today": _today(now),
        "tabs": [(name, page_selectors.LIST_LABELS[name]) for name in tabs],
        "rectifications": tab == page_selectors.OVERDUE,
        "can_plan": page_selectors.can_plan(request.user), "can_open": page_selectors.can_open(request.user),
    })


# -- plans (§2.5(1)) -----------------------------------------------------------------------------

def _month(request, now) -> tuple[forms.MonthForm, date]:
    form = forms.MonthForm(request.GET or None)
    month = form.cleaned_data.get("month") if form.is_valid() else None
    local = timezone.localtime(now)
    return form, month or date(local.year, local.month, 1)


COMPLETION_COLUMNS = (
    Column(gettext_lazy("营业所"), lambda r: gettext_lazy("合计") if r["total"] else r["office"].name),
    Column(gettext_lazy("专业"), lambda r: r.get("utility", "")),
    Column(gettext_lazy("计划户数"), lambda r: r["planned"]),
    Column(gettext_lazy("已检查"), lambda r: r["done"]),
    Column(gettext_lazy("超期未检"), lambda r: r["overdue"]),
)


@login_required
def plans(request):
    now = timezone.now()
    form, month = _month(request, now)
    if fmt := export_format(request):
        return table_response(fmt=fmt, name=f"inspection-plans-{month:%Y-%m}", title=_("计划完成情况"),
                              columns=COMPLETION_COLUMNS,
                              rows=page_selectors.plan_completion(user=request.user, month_date=month, now=now))
    return render(request, "inspections/plans.html", {
        "form": form, "month": month, "plans": page_selectors.plans_of_month(user=request.user, month_date=month),
        "completion": page_selectors.plan_completion(user=request.user, month_date=month, now=now),
        "can_plan": page_selectors.can_plan(request.user),
    })


@login_required
def plan_new(request):
    if not page_selectors.can_plan(request.user):
        raise PermissionDenied
    now = timezone.now()
    offices = page_selectors.plan_offices(user=request.user)
    form = forms.PlanForm(request.POST or None, offices=offices, initial={"month": _month(request, now)[1]})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.plan_create(actor=request.user, office=data["office"], utility=data["utility"],
                                            month_date=data["month"], now=now)
            except services.InspectionInvalid as exc:
                _add_errors(form, exc.errors)
            else:
                messages.success(request, _("已编制检查计划，请添加计划检查的客户。"))
                return redirect("inspections:plan", plan.pk)
    return render(request, "inspections/plan_new.html", {"form": form}, status=status)


def _plan(request, pk: int) -> InspectionPlan:
    plan = page_selectors.plan_get(user=request.user, id=pk)
    if plan is None:
        raise Http404
    return plan


def _render_plan(request, plan: InspectionPlan, *, entry_form=None, status: int = 200):
    editable = perms.can_edit_plan(request.user, plan)
    if entry_form is None and editable:
        entry_form = forms.PlanEntryForm(inspectors=page_selectors.inspectors_for(user=request.user),
                                         auto_id="id_entry_%s")
    return render(request, "inspections/plan.html", {
        "plan": plan, "entries": page_selectors.plan_entries(plan=plan), "editable": editable,
        "entry_form": entry_form, "events": case_timeline(target_type=plan._meta.label_lower, target_id=plan.pk),
    }, status=status)


@login_required
def plan_detail(request, pk: int):
    return _render_plan(request, _plan(request, pk))


@login_required
@case_action("inspections:plan")
def plan_entry_add(request, pk: int):
    plan = _plan(request, pk)
    now = timezone.now()
    form = forms.PlanEntryForm(request.POST, inspectors=page_selectors.inspectors_for(user=request.user),
                               auto_id="id_entry_%s")
    if form.is_valid():
        data = form.cleaned_data
        customer = page_selectors.customer_by_account(user=request.user, account_number=data["account_number"],
                                                      plan=plan)
        if customer is None:
            form.add_error("account_number", _("本营业所该专业没有这个户号的客户。"))
        else:
            try:
                services.plan_entry_add(actor=request.user, plan=plan, customer=customer,
                                        planned_date=data["planned_date"], inspectors=list(data["inspectors"]),
                                        now=now)
            except services.InspectionInvalid as exc:
                _add_errors(form, exc.errors)
            else:
                messages.success(request, _("已将客户 %(name)s 列入计划。") % {"name": customer.name})
                return action_done(request, reverse("inspections:plan", args=[plan.pk]))
    return _render_plan(request, plan, entry_form=form, status=400)


@login_required
@case_action("inspections:plan")
def plan_generate(request, pk: int):
    plan = _plan(request, pk)
    orders = services.plan_generate_orders(actor=request.user, plan=plan, now=timezone.now())
    messages.success(request, _("已生成 %(n)d 张检查工作单。") % {"n": len(orders)})
    return action_done(request, reverse("inspections:plan", args=[plan.pk]))


# -- orders --------------------------------------------------------------------------------------

@login_required
def order_new(request):
    if not page_selectors.can_open(request.user):
        raise PermissionDenied
    now = timezone.now()
    form = forms.OrderForm(request.POST or None, inspectors=page_selectors.inspectors_for(user=request.user))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            customer = page_selectors.customer_by_account(user=request.user, account_number=data["account_number"])
            try:
                order = services.order_create(
                    actor=request.user, kind=data["kind"], customer=customer, purpose=data["purpose"],
                    items=data["items"], planned_date=data["planned_date"], inspectors=list(data["inspectors"]),
                    support_police=data["support_police"], support_technical=data["support_technical"],
                    support_note=data["support_note"], trigger=data["trigger"],
                    suspicion_source=data["suspicion_source"], trigger_note=data["trigger_note"], now=now)
            except services.InspectionInvalid as exc:
                _add_errors(form, {("account_number" if k == "customer" else k): v for k, v in exc.errors.items()})
            else:
                messages.success(request, _("已开具检查工作单 %(number)s。") % {"number": order.number})
                return redirect("inspections:detail", order.pk)
    return render(request, "inspections/order_new.html", {"form": form}, status=status)


def _get(request, pk: int) -> InspectionOrder:
    try:
        return selectors.order_get(user=request.user, id=pk)
    except InspectionOrder.DoesNotExist:
        raise Http404 from None


def _stage_bar(order: InspectionOrder) -> list[dict]:
    """The stages of §2.4(2), each done, current or to come; the appointment of an unannounced
    inspection is shown struck out (it is never made)."""
    reached = table.STATES.index(order.status)
    bar = []
    for stage in ("SUBMITTED", "APPROVED", *table.STAGES):
        index = table.STATES.index(stage)
        skipped = stage == table.APPOINTED and (table.unannounced(order.kind) or
                                                (reached > index and order.appointed_at is None))
        bar.append({"label": page_selectors.STAGE_LABELS[stage], "done": reached > index and not skipped,
                    "current": reached == index, "skipped": skipped})
    return bar


def _entries(request, order: InspectionOrder, posted: tuple | None, *, site: bool) -> tuple[list, list]:
    """The order's actions for the page: those the user may take now, each with its form (the
    posted one, refused or invalid, with what was typed and why) and those refused, with why."""
    available, others = [], []
    for action in page_selectors.order_actions(user=request.user, order=order, site=site):
        url = reverse("inspections:act", args=[order.pk, action.name]) + ("?from=site" if site else "")
        entry = {"action": action, "label": ACTION_LABELS[action.name], "confirm": CONFIRM.get(action.name, ""),
                 "url": url, "stage": action.name in table.STAGE_ACTIONS or action.name in ("submit", "approve"),
                 "more": action.name in MORE}
        if posted and posted[0] == action.name:
            available.append({**entry, "form": posted[1], "refusal": posted[2]})
        elif action.available:
            available.append({**entry, "form": order_form(action.name, order)})
        elif action.shown_refused:
            others.append({**entry, "why": action.why, "clause": action.refusal.clause if action.refusal else
                           action.clause})
    return available, others


def _from_site(request) -> bool:
    """An action posted from the on-site page (its forms post to `?from=site`) answers there."""
    return request.GET.get("from") == "site"


def _render_detail(request, order: InspectionOrder, now, *, site: bool = False, posted: tuple | None = None,
                   status: int = 200, finding_posted: tuple | None = None):
    """The order page, or with `site` the on-site page. `posted` (name, form, refusal or None):
    the order action just refused or invalid; `finding_posted` (finding number, name, form,
    refusal or None): the same for a rectification's action."""
    available, others = _entries(request, order, posted, site=site)
    here = reverse("inspections:site" if site else "inspections:detail", args=[order.pk])
    if posted and not any(a["action"].name == posted[0] for a in available):
        return action_gone(request, here, posted[2])
    findings = page_selectors.findings_for_page(user=request.user, order=order, posted=finding_posted,
                                                form_for=finding_form, now=now, site=site)
    if finding_posted and not any(f.forms_shown(finding_posted[1]) for f in findings
                                  if f.number == finding_posted[0]):
        return action_gone(request, here, finding_posted[3])
    context = {
        "order": order, "now": now, "available": available, "others": others, "stages": _stage_bar(order),
        "facts": page_selectors.order_facts(order=order), "findings": findings,
        "evidence_url": reverse("evidence:register", args=[selectors.TARGET_TYPE, order.pk]),
        "new_document_url": reverse("documents:new", args=[selectors.TARGET_TYPE, order.pk]),
        "documents_url": reverse("documents:case", args=[selectors.TARGET_TYPE, order.pk]),
    }
    if site:
        context.update(site=True, evidence_kinds=EvidenceItemForm.base_fields["kind"].choices,
                       evidence_new_url=reverse("evidence:item_new", args=[selectors.TARGET_TYPE, order.pk]),
                       confirm_url=reverse("evidence:confirm", args=[selectors.TARGET_TYPE, order.pk]))
        return render(request, "inspections/site.html", context, status=status)
    context.update({
        "deadlines": deadlines_for(target=order, now=now).select_related("owner", "owner_unit"),
        "events": case_timeline(target_type=selectors.TARGET_TYPE, target_id=order.pk),
        "operations": order.operations.all(),
    })
    return render(request, "inspections/detail.html", context, status=status)


@login_required
def detail(request, pk: int):
    now = timezone.now()
    return _render_detail(request, _get(request, pk), now)


@login_required
def site(request, pk: int):
    """The on-site page: the same order and actions, one column for a phone, with the camera and
    the signature pad."""
    return _render_detail(request, _get(request, pk), timezone.now(), site=True)


@login_required
@case_action("inspections:detail")
def act(request, pk: int, name: str):
    if name not in ACTION_LABELS:
        raise Http404
    now = timezone.now()
    order = _get(request, pk)
    form = order_form(name, order, request.POST)
    if form.is_valid():
        try:
            perform(name, user=request.user, order=order, data=form.cleaned_data, now=now)
        except RuleViolation as exc:
            return _render_detail(request, order, now, site=_from_site(request), posted=(name, form, exc),
                                  status=409)
        except services.InspectionInvalid as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": ACTION_LABELS[name]})
            return action_done(request, _back(request, order))
    return _render_detail(request, order, now, site=_from_site(request), posted=(name, form, None), status=400)


@login_required
@case_action("inspections:detail")
def finding_act(request, pk: int, number: int, name: str):
    if name not in FINDING_LABELS:
        raise Http404
    now = timezone.now()
    order = _get(request, pk)
    rectification = page_selectors.rectification_of(user=request.user, order=order, number=number)
    if rectification is None:
        raise Http404
    form = finding_form(name, request.POST, number=number)
    if form.is_valid():
        try:
            perform_finding(name, user=request.user, rectification=rectification, data=form.cleaned_data, now=now)
        except RuleViolation as exc:
            return _render_detail(request, order, now, site=_from_site(request),
                                  finding_posted=(number, name, form, exc), status=409)
        except services.InspectionInvalid as exc:
            _add_errors(form, exc.errors)
        else:
            messages.success(request, _("已完成：%(action)s。") % {"action": FINDING_LABELS[name]})
            return action_done(request, _back(request, order))
    return _render_detail(request, order, now, site=_from_site(request), finding_posted=(number, name, form, None),
                          status=400)


def _back(request, order) -> str:
    name = "inspections:site" if _from_site(request) else "inspections:detail"
    return reverse(name, args=[order.pk])


def _add_errors(form, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


@login_required
def tip_off(request):
    """Link a special order to the tip-off that started it (§2.6(1)). Whoever may see the source
    links it by the order's number; the answer names the order and nothing else of it."""
    now = timezone.now()
    form = forms.TipOffForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            order = page_selectors.order_for_tip_off(user=request.user, number=data["order_number"])
            if order is None:
                form.add_error("order_number", _("没有这个编号的检查工作单，或它不是待关联举报的专项检查。"))
            else:
                try:
                    services.order_link_tip_off(actor=request.user, order=order, source_type=data["source_type"],
                                                source_number=data["source_number"], now=now)
                except RuleViolation as exc:
                    form.add_error(None, f"{exc.text(_)} {exc.clause}")
                    status = 409
                except services.InspectionInvalid as exc:
                    _add_errors(form, exc.errors)
                else:
                    messages.success(request, _("检查工作单 %(number)s 已关联举报来源。") % {"number": order.number})
                    return redirect("inspections:tip_off")
    return render(request, "inspections/tip_off.html", {"form": form}, status=status)
