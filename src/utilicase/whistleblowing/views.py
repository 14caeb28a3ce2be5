"""Report pages. Every record goes through the selectors: a report the user may not see
answers Django's plain 404, byte for byte the one of a report that does not exist. The
confidential pages are never cached."""

import io
import secrets
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from utilicase.blobs.storage import BlobMissing, blob_read
from utilicase.core.rules import RuleViolation
from utilicase.web.actions import action_done, action_gone, case_action
from utilicase.web.exports import ROW_LIMIT, Column, export_format, table_response
from utilicase.web.forms import ConfirmedForm
from utilicase.web.paging import CappedPaginator
from utilicase.whistleblowing import permissions as perm
from utilicase.whistleblowing import selectors, services
from utilicase.whistleblowing.claims import ClaimSecretNeeded, ClaimThrottled, claim_lookup
from utilicase.whistleblowing.forms import (
    AttachmentForm,
    ClaimForm,
    ClaimSecretForm,
    ClaimSecretResetForm,
    FilterForm,
    IntakeForm,
    MonthForm,
    NotAReportForm,
    NoteForm,
    ReplyForm,
)
from utilicase.whistleblowing.models import Report, ReportAttachment

PAGE_SIZE = 50
ACTION_LABELS = {
    "confirm": gettext_lazy("确认为举报，转纪检监察部门"),
    "not_a_report": gettext_lazy("不属于举报，办结"),
    "investigate": gettext_lazy("开始调查"),
    "note": gettext_lazy("记录调查情况"),
    "reply": gettext_lazy("记录调查结果和反馈"),
}
# The action forms of the report's page; those that cannot be undone are confirmed first.
ACTION_FORMS = {"confirm": ConfirmedForm, "not_a_report": NotAReportForm, "investigate": Form, "note": NoteForm,
                "attach": AttachmentForm, "claim_secret_reset": ClaimSecretResetForm}
CONFIRM = {
    "confirm": gettext_lazy("确认后，该举报只有纪检监察部门可以查看，您将不能再打开它。确定转纪检监察部门吗？"),
    "not_a_report": gettext_lazy("办结后不能撤销。确定按不属于举报办结吗？"),
    "reply": gettext_lazy("记录后答复期限即完成，不能修改。确定保存调查结果和反馈吗？"),
    "claim_secret_reset": gettext_lazy("重置后，下一个凭查询码查询的人可以设置新的查询密码。确定重置吗？"),
}
_INTAKE_TOKENS = "whistleblowing.intake_tokens"
MAX_OPEN_FORMS = 5


def _report_or_404(user, address: str) -> Report:
    try:
        return selectors.report_get(user=user, address=address)
    except Report.DoesNotExist:
        raise Http404 from None


def _local_minute(now: datetime) -> str:
    return timezone.localtime(now).strftime("%Y-%m-%dT%H:%M")


def _filters(request, user) -> tuple[FilterForm, selectors.ReportFilters]:
    form = FilterForm(request.GET or None)
    if not form.is_valid():
        return form, selectors.ReportFilters()
    data = form.cleaned_data
    overdue = {"1": True, "0": False}.get(data["overdue"])
    return form, selectors.ReportFilters(
        status=data["status"] or None, overdue=overdue, received_from=data["received_from"],
        received_to=data["received_to"], q=data["q"] or None,
    )


def _local_minute(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# What an export of the list holds: what discipline inspection's list and a report's page show of
# its progress; nothing of what was reported, nor by whom.
EXPORT_COLUMNS = (
    Column(gettext_lazy("编号"), lambda r: r.number), Column(gettext_lazy("状态"), lambda r: r.get_status_display()),
    Column(gettext_lazy("来源"), lambda r: r.get_channel_display()),
    Column(gettext_lazy("受理时间"), lambda r: _local_minute(r.received_at)),
    Column(gettext_lazy("确认时间"), lambda r: _local_minute(r.confirmed_at)),
    Column(gettext_lazy("答复期限"), lambda r: r.due_date.isoformat() if r.due_date else ""),
    Column(gettext_lazy("是否超期"), lambda r: _("是") if r.is_overdue else _("否")),
    Column(gettext_lazy("督办时间"), lambda r: _local_minute(r.escalated_at)),
    Column(gettext_lazy("答复时间"), lambda r: _local_minute(r.replied_at)),
)


@never_cache
@login_required
def report_list(request):
    if export_format(request):
        return report_export(request)
    now = timezone.now()
    user = request.user
    form, filters = _filters(request, user)
    if not perm.can_search_reports(user):
        filters = selectors.ReportFilters(q=filters.q)  # the front line gets no filters, and no search
    reports = selectors.report_list(user=user, filters=filters, now=now)
    page = CappedPaginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "whistleblowing/list.html", {
        "page": page, "form": form, "query": query.urlencode(), "now": now,
        "is_discipline": perm.is_discipline(user), "is_front_line": perm.can_take_report(user),
        "filtered": any(v for v in vars(filters).values() if v is not None),
    })


def _intake_token_new(request) -> str:
    tokens = request.session.get(_INTAKE_TOKENS, [])[-(MAX_OPEN_FORMS - 1):]
    token = secrets.token_urlsafe(16)
    request.session[_INTAKE_TOKENS] = [*tokens, token]
    return token


def _intake_token_use(request, token: str) -> bool:
    tokens = request.session.get(_INTAKE_TOKENS, [])
    if token not in tokens:
        return False
    request.session[_INTAKE_TOKENS] = [t for t in tokens if t != token]
    return True


@never_cache
@login_required
def report_new(request):
    """The intake form. On success the answer is rendered directly, not redirected to: the claim
    code is shown this once and never stored anywhere, not even in the session. A one-time form
    token keeps a reload from taking the same report twice."""
    user = request.user
    if not perm.can_take_report(user):
        raise Http404
    now = timezone.now()
    form = IntakeForm(request.POST or None, request.FILES or None,
                      initial={"received_at": _local_minute(now), "claim_code_wanted": True})
    token = request.POST.get("intake_token", "")
    if request.method == "POST" and token and token not in request.session.get(_INTAKE_TOKENS, []):
        messages.info(request, _("该登记已提交过，未重复登记。"))
        return redirect("whistleblowing:list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = [services.IncomingFile(name=f.name, data=f.read()) for f in data["attachments"]]
        try:
            confirmed = request.POST.get("then") == "confirm"
            report, code = services.report_receive(
                actor=user, channel=data["channel"], received_at=data["received_at"], content=data["content"],
                reporter_name=data["reporter_name"], reporter_contact=data["reporter_contact"],
                claim_code_wanted=data["claim_code_wanted"], files=files, confirm=confirmed, now=now,
            )
        except services.ReportInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except RuleViolation as exc:
            form.add_error(None, f"{exc.clause} {exc.text(_)}")
        else:
            _intake_token_use(request, token)
            visible = None if confirmed else report  # once confirmed, the front line no longer sees it
            return render(request, "whistleblowing/received.html",
                          {"code": code, "confirmed": confirmed, "report": visible})
    if request.method == "POST" and token:
        intake_token = token
    else:
        intake_token = _intake_token_new(request)
    return render(request, "whistleblowing/new.html", {"form": form, "intake_token": intake_token})


@never_cache
@login_required
def report_detail(request, address: str):
    return _render_detail(request, _report_or_404(request.user, address))


def _render_detail(request, report: Report, *, posted: tuple | None = None, status: int = 200):
    """The report's page. `posted` (name, form, refusal or None): the action just refused or
    invalid, shown in its own block with what was typed and why."""
    now = timezone.now()
    user = request.user
    forms = {name: form_class(auto_id=f"id_{name}_%s") for name, form_class in ACTION_FORMS.items()}
    refusals = {}
    if posted:
        forms[posted[0]], refusals[posted[0]] = posted[1], posted[2]
    if not perm.can_view_report_content(user, report) and "way" in forms["not_a_report"].fields:
        forms["not_a_report"].without_opening()  # only discipline inspection reads what to open
    actions = [
        {"name": o.transition.name, "label": ACTION_LABELS[o.transition.name], "allowed": o.allowed,
         "clause": o.refusal.clause if o.refusal else o.transition.clause,
         "message": o.refusal.message if o.refusal else "", "posted": o.transition.name in refusals,
         "form": forms.get(o.transition.name), "refusal": refusals.get(o.transition.name),
         "confirm": CONFIRM.get(o.transition.name, "")}
        for o in selectors.report_options(user=user, report=report)
    ]
    can_attach = perm.can_attach_to_report(user, report) and perm.can_view_report_content(user, report)
    can_reset = perm.can_reset_claim_secret(user, report) and bool(report.claim_secret_hash)
    own_block = {"attach": can_attach, "claim_secret_reset": can_reset}
    if posted and not (own_block[posted[0]] if posted[0] in own_block else any(a["posted"] for a in actions)):
        return action_gone(request, reverse("whistleblowing:detail", args=[report.address]), posted[2])
    context = {
        "report": report,
        "actions": actions,
        "events": selectors.report_timeline(user=user, report=report),
        "deadlines": list(selectors.report_deadlines(user=user, report=report, now=now)),
        "confidential": perm.can_view_report_content(user, report),
        "can_attach": can_attach,
        "attachment_form": forms["attach"], "attachment_refusal": refusals.get("attach"),
        "can_reset_claim_secret": can_reset, "reset_form": forms["claim_secret_reset"],
        "reset_refusal": refusals.get("claim_secret_reset"), "reset_confirm": CONFIRM["claim_secret_reset"],
    }
    if context["confidential"]:
        context.update({
            "content": selectors.report_content(user=user, report=report),
            "attachments": selectors.report_attachments(user=user, report=report),
            "notes": selectors.report_notes(user=user, report=report),
            "reply": selectors.report_reply(user=user, report=report),
        })
    return render(request, "whistleblowing/detail.html", context, status=status)


def _act(request, address: str, name: str, perform) -> HttpResponse:
    """Run one action, `perform(report, data)` (it returns the success message), on the report:
    then to its page, or to the list when the user can no longer see it (the front line after
    confirming). Refused or invalid: the page again, the action's form as typed with why."""
    report = _report_or_404(request.user, address)
    form = ACTION_FORMS[name](request.POST, request.FILES, auto_id=f"id_{name}_%s")
    if form.is_valid():
        try:
            message = perform(report, form.cleaned_data)
        except services.NotPermitted:
            raise PermissionDenied from None
        except services.ReportInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except RuleViolation as exc:
            return _render_detail(request, report, posted=(name, form, exc), status=409)
        else:
            messages.success(request, message)
            try:
                selectors.report_get(user=request.user, address=address)
            except Report.DoesNotExist:
                return action_done(request, reverse("whistleblowing:list"))
            return action_done(request, reverse("whistleblowing:detail", args=[address]))
    return _render_detail(request, report, posted=(name, form, None), status=400)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_confirm(request, address: str):
    def confirm(report, data):
        services.report_confirm(actor=request.user, report=report, now=timezone.now())
        return _("已确认为举报，转纪检监察部门处理。此后该记录只有纪检监察部门可以查看。")

    return _act(request, address, "confirm", confirm)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_not_a_report(request, address: str):
    def close(report, data):
        closed = services.report_close_not_a_report(
            actor=request.user, report=report, reason=data["reason"], complaint_number=data["complaint_number"],
            open_complaint=data["open_complaint"], now=timezone.now())
        if data["open_complaint"]:
            return _("已按不属于举报办结，并开立投诉 %(number)s。") % {"number": closed.complaint_number}
        return _("已按不属于举报办结。")

    return _act(request, address, "not_a_report", close)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_investigate(request, address: str):
    def investigate(report, data):
        services.report_investigate(actor=request.user, report=report, now=timezone.now())
        return _("已开始调查。")

    return _act(request, address, "investigate", investigate)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_note(request, address: str):
    def note(report, data):
        services.report_note_add(actor=request.user, report=report, text=data["text"], now=timezone.now())
        return _("调查记录已保存。")

    return _act(request, address, "note", note)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_attach(request, address: str):
    def attach(report, data):
        upload = data["file"]
        services.report_attachment_add(actor=request.user, report=report, now=timezone.now(),
                                       file=services.IncomingFile(name=upload.name, data=upload.read()))
        return _("附件已上传。")

    return _act(request, address, "attach", attach)


@never_cache
@login_required
@case_action("whistleblowing:detail", key="address")
def report_claim_secret_reset(request, address: str):
    def reset(report, data):
        services.report_claim_secret_reset(actor=request.user, report=report, reason=data["reason"],
                                           now=timezone.now())
        return _("查询密码已重置。下一次凭查询码查询时可以设置新的查询密码。")

    return _act(request, address, "claim_secret_reset", reset)


@never_cache
@login_required
def report_reply(request, address: str):
    user = request.user
    report = _report_or_404(user, address)
    if not perm.can_act_on_report(user, report, "reply"):
        raise PermissionDenied
    now = timezone.now()
    form = ReplyForm(request.POST or None, initial={"feedback_at": _local_minute(now)})
    refusal, status = None, 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_reply(actor=user, report=report, outcome=data["outcome"],
                                  feedback_method=data["feedback_method"], feedback_content=data["feedback_content"],
                                  feedback_at=data["feedback_at"], now=now)
        except services.ReportInvalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except RuleViolation as exc:
            refusal, status = exc, 409
        else:
            messages.success(request, _("已记录调查结果和反馈，答复期限已完成。"))
            return action_done(request, reverse("whistleblowing:detail", args=[address]))
    if form.errors:
        status = 400
    return render(request, "whistleblowing/reply.html",
                  {"report": report, "form": form, "refusal": refusal, "confirm": CONFIRM["reply"]}, status=status)


@never_cache
@login_required
def attachment_download(request, address: str, ordinal: int):
    user = request.user
    report = _report_or_404(user, address)
    try:
        attachment = selectors.report_attachment_get(user=user, report=report, ordinal=ordinal)
    except (Report.DoesNotExist, ReportAttachment.DoesNotExist):
        raise Http404 from None
    try:
        data = blob_read(services.BLOB_NAMESPACE, attachment.sha256)
    except BlobMissing:
        raise Http404 from None
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(attachment.content_type, "bin")
    response = FileResponse(io.BytesIO(data), content_type=attachment.content_type, as_attachment=True,
                            filename=f"{report.number}-{attachment.ordinal}.{extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
@login_required
def report_export(request):
    """The discipline list as CSV, or Excel with `?export=xlsx` (the list's columns and the
    report's dates, never its content nor its reporter, §6.7(iii)(1-6)). Anyone else: 404."""
    user = request.user
    if not perm.can_export_reports(user):
        raise Http404
    now = timezone.now()
    filters = _filters(request, user)[1]
    rows = list(selectors.report_list(user=user, filters=filters, now=now)[:ROW_LIMIT])
    services.reports_exported(actor=user, count=len(rows), now=now)
    return table_response(fmt=export_format(request) or "csv", name="reports", title=_("举报"),
                          columns=EXPORT_COLUMNS, rows=rows)


@never_cache
@login_required
def report_kpis(request):
    user = request.user
    if not perm.can_view_report_kpis(user):
        raise Http404
    now = timezone.now()
    form = MonthForm(request.GET or None)
    month_date = form.cleaned_data["month"] if form.is_valid() else timezone.localdate(now).replace(day=1)
    kpis = selectors.report_kpis(user=user, month_date=month_date, now=now)
    reply_pct = None if kpis.reply_rate is None else round(kpis.reply_rate * 100, 1)
    on_time_pct = None if kpis.on_time_rate is None else round(kpis.on_time_rate * 100, 1)
    if fmt := export_format(request):
        def pct(value):
            return "—" if value is None else f"{value}%"

        median = kpis.median_hours_to_reply
        rows = [(_("受理"), kpis.received), (_("已答复"), kpis.replied), (_("答复率"), pct(reply_pct)),
                (_("按时答复"), kpis.replied_on_time), (_("按时率"), pct(on_time_pct)),
                (_("当前超期未答复"), kpis.overdue_now),
                (_("答复用时中位数（小时）"), "—" if median is None else median)]
        return table_response(fmt=fmt, name=f"report-kpis-{month_date:%Y-%m}", title=_("举报答复指标"),
                              columns=KPI_COLUMNS, rows=rows)
    return render(request, "whistleblowing/kpis.html", {
        "form": form, "month": month_date, "kpis": kpis, "reply_pct": reply_pct, "on_time_pct": on_time_pct,
    })


# The KPI page's figures, one row each, as the page lists them (kpis.html).
KPI_COLUMNS = (Column(gettext_lazy("指标"), lambda r: r[0]), Column(gettext_lazy("数值"), lambda r: r[1]))


def _client(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


@never_cache
def claim(request):
    """Public (no login): a reporter's claim code (and claim secret, once set) gives the status
    and the feedback meant for them, nothing else. The code is posted, never put in the address.
    A report without a secret offers to set one."""
    post = request.POST if request.method == "POST" else None
    setting = post is not None and "new_secret" in post
    form = ClaimForm(None if setting else post)
    secret_form = ClaimSecretForm(post, auto_id="secret_%s") if setting else None
    posted = secret_form if setting else form
    answer, error, status = None, None, 200
    if post is not None and posted.is_valid():
        data = posted.cleaned_data
        try:
            answer = claim_lookup(code=data["code"], secret=data.get("secret", ""),
                                  new_secret=data.get("new_secret", ""), client=_client(request), now=timezone.now())
        except ClaimThrottled:
            error, status = _("查询失败次数过多，请稍后再试。"), 429
        except ClaimSecretNeeded:
            error = _("该查询码已设置查询密码，请输入正确的查询密码。")
        else:
            if answer is None:
                error = _("没有找到与该查询码对应的举报。请核对后重新输入。")
    if answer is not None and not answer.secret_set:
        secret_form = ClaimSecretForm(initial={"code": data["code"]}, auto_id="secret_%s")
    elif answer is not None or error:
        secret_form = None
    response = render(request, "whistleblowing/claim.html", {
        "form": form, "secret_form": secret_form, "answer": answer, "error": error,
        "secret_just_set": setting and answer is not None,
    }, status=status)
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send "Origin: null" and fail CSRF
    return response
