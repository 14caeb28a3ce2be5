"""The order page's actions: their labels, their forms, and the one service each calls. The
order of ACTION_LABELS is the order the page lists them in (the stages of §2.4(2))."""

from django.http import Http404
from django.utils.translation import gettext_lazy

from utilicase.inspections import forms, selectors, services
from utilicase.inspections.models import InspectionOrder

ACTION_LABELS = {
    "edit": gettext_lazy("修改工作单"),
    "assign": gettext_lazy("更换检查人员"),
    "submit": gettext_lazy("提交审批"),
    "approve": gettext_lazy("审批通过"),
    "return": gettext_lazy("退回"),
    "appoint": gettext_lazy("预约客户"),
    "prepare": gettext_lazy("准备就绪"),
    "arrive": gettext_lazy("到达现场"),
    "inspect": gettext_lazy("开始检查"),
    "operation": gettext_lazy("记录客户设备操作"),
    "finding": gettext_lazy("记录检查发现的问题"),
    "leave": gettext_lazy("离开现场"),
    "archive": gettext_lazy("资料归档"),
    "close": gettext_lazy("结束检查"),
}
# Changes of a draft, opened from their names rather than shown in full.
MORE = frozenset({"edit", "assign"})
# Irreversible steps ask first.
CONFIRM = {"close": gettext_lazy("结束后不能再记录问题或办理本工作单。确定结束检查吗？")}
# The rectification loop (§2.5(3)): a re-inspection whose result is "rectified" accepts it.
FINDING_LABELS = {
    "reinspect": gettext_lazy("复查验收"),
    "refuse": gettext_lazy("拒不整改，移送"),
    "outcome": gettext_lazy("登记移送处理结果"),
}

_PLAIN = {"submit", "approve", "prepare", "inspect", "leave", "archive"}


def order_form(name: str, order: InspectionOrder, data=None):
    auto_id = f"id_{name}_%s"  # several action forms share a page
    if name in _PLAIN:
        return forms.NoFields(data, auto_id=auto_id)
    if name == "return":
        return forms.ReturnForm(data, auto_id=auto_id)
    if name == "edit":
        fields = ("purpose", "items", "planned_date", "support_police", "support_technical", "support_note",
                  "trigger_note")
        return forms.EditForm(data, auto_id=auto_id, initial={f: getattr(order, f) for f in fields})
    if name == "assign":
        return forms.AssignForm(data, auto_id=auto_id, inspectors=selectors.assignable_inspectors(order_or_unit=order),
                                initial={"inspectors": list(order.inspectors.values_list("pk", flat=True))})
    if name == "appoint":
        return forms.AppointForm(data, auto_id=auto_id, initial={"contact": order.customer.name})
    if name == "arrive":
        assigned = order.inspectors.order_by("username")
        return forms.ArriveForm(data, auto_id=auto_id, assigned=assigned)
    if name == "operation":
        return forms.OperationForm(data, auto_id=auto_id)
    if name == "finding":
        return forms.FindingForm(data, auto_id=auto_id)
    if name == "close":
        return forms.CloseForm(data, auto_id=auto_id)
    raise Http404


def perform(name: str, *, user, order: InspectionOrder, data: dict, now):
    if name == "edit":
        return services.order_update(actor=user, order=order, now=now, **data)
    if name == "assign":
        return services.order_assign_inspectors(actor=user, order=order, inspectors=list(data["inspectors"]), now=now)
    if name == "submit":
        return services.order_submit(actor=user, order=order, now=now)
    if name == "approve":
        return services.order_approve(actor=user, order=order, now=now)
    if name == "return":
        return services.order_return(actor=user, order=order, reason=data["reason"], now=now)
    if name == "appoint":
        return services.order_appoint(actor=user, order=order, appointment_at=data["appointment_at"],
                                      contact=data["contact"], method=data["method"], now=now)
    if name == "prepare":
        return services.order_prepare(actor=user, order=order, now=now)
    if name == "arrive":
        return services.order_arrive(actor=user, order=order, present=list(data["present"]),
                                     certificates_shown=data["certificates_shown"], now=now)
    if name == "inspect":
        return services.order_start_inspection(actor=user, order=order, now=now)
    if name == "operation":
        return services.order_record_operation(actor=user, order=order, equipment=data["equipment"],
                                               operation=data["operation"], consent=data["consent"],
                                               consent_by=data["consent_by"], operator_name=data["operator_name"],
                                               now=now)
    if name == "finding":
        return services.finding_record(actor=user, order=order, finding_type=data["finding_type"],
                                       description=data["description"], evidence_numbers=data["evidence_numbers"],
                                       rectification_required=data["rectification_required"],
                                       requirement=data["requirement"], due_date=data["due_date"], now=now)
    if name == "leave":
        return services.order_leave(actor=user, order=order, now=now)
    if name == "archive":
        return services.order_archive(actor=user, order=order, now=now)
    if name == "close":
        return services.order_close(actor=user, order=order, now=now)
    raise Http404


def finding_form(name: str, data=None, *, number: int = 0):
    auto_id = f"id_{name}_{number}_%s" if number else f"id_{name}_%s"
    if name == "reinspect":
        return forms.ReinspectForm(data, auto_id=auto_id)
    if name == "refuse":
        return forms.RefuseForm(data, auto_id=auto_id)
    if name == "outcome":
        return forms.OutcomeForm(data, auto_id=auto_id)
    raise Http404


def perform_finding(name: str, *, user, rectification, data: dict, now):
    if name == "reinspect":
        return services.rectification_reinspect(actor=user, rectification=rectification, result=data["result"],
                                                inspected_on=data["inspected_on"], note=data["note"], now=now)
    if name == "refuse":
        return services.rectification_refuse(actor=user, rectification=rectification, recipient=data["recipient"],
                                             referred_on=data["referred_on"], documents=data["documents"], now=now)
    if name == "outcome":
        referral = rectification.referrals.filter(outcome="").order_by("-id").first()
        if referral is None:
            raise Http404
        return services.referral_record_outcome(actor=user, referral=referral, outcome=data["outcome"], now=now)
    raise Http404
