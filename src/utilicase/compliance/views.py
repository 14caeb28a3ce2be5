"""Compliance by clause: the table of a unit and period (page, .xlsx/.csv, PDF), one clause's
exceptions with links to their cases (page, .xlsx/.csv), and the monthly report PDF of an
enterprise. Each view reads the clock, checks the reader, parses the form, and reads through
the selectors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext_lazy as _

from utilicase.compliance import rendering, selectors
from utilicase.compliance.forms import MonthlyForm, PeriodForm
from utilicase.compliance.permissions import can_view_compliance
from utilicase.compliance.registry import Period, month_period
from utilicase.org.models import UnitKind
from utilicase.web.exports import Column, export_format, table_response


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


TABLE_COLUMNS = (
    Column(_("条款"), lambda r: r.clause),
    Column(_("事项"), lambda r: r.title),
    Column(_("适用件数"), lambda r: r.outcome.subject),
    Column(_("已履行"), lambda r: r.outcome.complied),
    Column(_("例外"), lambda r: r.outcome.exceptions),
    Column(_("未到期"), lambda r: r.outcome.pending),
    Column(_("履行率"), lambda r: _rate(r.outcome.rate)),
)
EXCEPTION_COLUMNS = (
    Column(_("案件编号"), lambda f: f.case_number),
    Column(_("客户或来人"), lambda f: f.case_party),
    Column(_("原因"), lambda f: f.reason_label),
    Column(_("截止时间"), lambda f: f.due_at),
    Column(_("完成时间"), lambda f: f.done_at),
    Column(_("说明"), lambda f: f.note),
)


def _reader(request):
    if not can_view_compliance(request.user):
        raise Http404
    return request.user


def _period_form(request):
    now = timezone.now()
    units = selectors.units_for(user=request.user)
    form = PeriodForm(request.GET, units=units, today=timezone.localdate(now))
    return form, now


def _query(form) -> str:
    d = form.cleaned_data
    return urlencode({"unit": d["unit"].pk, "first": d["first"].isoformat(), "last": d["last"].isoformat()})


def _exported(pairs, *, user, now) -> None:
    """Exceptions leaving the system: each rule that asks is told how many (an audit event)."""
    for rule, findings in pairs:
        if rule.on_export is not None and findings:
            rule.on_export(actor=user, count=len(findings), now=now)


def _pdf_response(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, name)
    return response


@login_required
def table(request):
    user = _reader(request)
    form, now = _period_form(request)
    rows = []
    if form.is_valid():
        d = form.cleaned_data
        rows = selectors.compliance_table(user=user, unit=d["unit"], period=Period(d["first"], d["last"]), now=now)
        fmt = export_format(request)
        if fmt:
            return table_response(fmt=fmt, name="compliance", title=_("条款执行情况"), columns=TABLE_COLUMNS,
                                  rows=rows)
    enterprises = selectors.units_for(user=user).filter(kind__in=[UnitKind.ENTERPRISE, UnitKind.COMPANY])
    today = timezone.localdate(now)
    monthly = MonthlyForm(None, enterprises=enterprises)
    return render(request, "compliance/table.html", {
        "form": form, "rows": rows, "query": _query(form) if form.is_valid() else "",
        "monthly": monthly, "has_enterprises": enterprises.exists(), "this_month": today.strftime("%Y-%m"),
    })


@login_required
def exceptions(request, key: str):
    user = _reader(request)
    rule = selectors.rule_for(user=user, key=key)
    if rule is None:
        raise Http404
    form, now = _period_form(request)
    outcome, findings = None, []
    if form.is_valid():
        d = form.cleaned_data
        outcome = selectors.evaluate(rule, unit=d["unit"], period=Period(d["first"], d["last"]), now=now)
        findings = outcome.findings
        fmt = export_format(request)
        if fmt:
            _exported([(rule, findings)], user=user, now=now)
            return table_response(fmt=fmt, name="compliance-exceptions", title=rule.clause or _("例外"),
                                  columns=EXCEPTION_COLUMNS, rows=findings)
    return render(request, "compliance/exceptions.html", {
        "form": form, "rule": rule, "outcome": outcome, "findings": findings,
        "query": _query(form) if form.is_valid() else "",
    })


@login_required
def report_pdf(request):
    user = _reader(request)
    form, now = _period_form(request)
    if not form.is_valid():
        raise Http404
    d = form.cleaned_data
    rows = selectors.compliance_table(user=user, unit=d["unit"], period=Period(d["first"], d["last"]), now=now)
    body = rendering.report_pdf(unit=d["unit"], period=Period(d["first"], d["last"]), rows=rows, now=now)
    _exported([(r.rule, r.outcome.findings) for r in rows], user=user, now=now)
    return _pdf_response(body, f"compliance-{d['unit'].code}-{d['first']}-{d['last']}.pdf")


@login_required
def monthly_pick(request):
    """The monthly report form: on to the PDF's address."""
    user = _reader(request)
    enterprises = selectors.units_for(user=user).filter(kind__in=[UnitKind.ENTERPRISE, UnitKind.COMPANY])
    form = MonthlyForm(request.GET, enterprises=enterprises)
    if not form.is_valid():
        return redirect("compliance:table")
    return redirect(reverse("compliance:monthly", args=[form.cleaned_data["enterprise"].code,
                                                        form.cleaned_data["month"]]))


@login_required
def monthly(request, code: str, month: str):
    user = _reader(request)
    enterprise = selectors.enterprise_for(user=user, code=code)
    try:
        period = month_period(month)
    except ValueError:
        raise Http404 from None
    if enterprise is None:
        raise Http404
    now = timezone.now()
    rows = selectors.compliance_table(user=user, unit=enterprise, period=period, now=now)
    body = rendering.monthly_pdf(user=user, enterprise=enterprise, period=period, rows=rows, now=now)
    _exported([(r.rule, r.outcome.findings) for r in rows], user=user, now=now)
    return _pdf_response(body, f"monthly-{enterprise.code}-{month}.pdf")
