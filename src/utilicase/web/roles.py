"""What each role's pages offer: the main navigation, and on the home page a line on the role's
work with its links."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.org.models import Role
from utilicase.org.permissions import can_manage_reference_data


@dataclass(frozen=True)
class RoleHome:
    duty: str
    links: list[tuple[str, str]]  # (label, url)


_DUTIES = {
    Role.INSPECTOR: _("持检查证开展用电(热、气)检查、取证、开具通知、实施停(限)电。"),
    Role.OFFICE_HEAD: _("审批日常检查；接收居民及一般客户窃电停电的事后报告（§1.2(1)）。"),
    Role.ENTERPRISE_DEPUTY: _("重要客户窃电停电的第一级审核（§1.2(2)）。"),
    Role.COMPANY_DEPUTY: _("重要客户窃电停电的最终批准（§1.2(2)）。"),
    Role.FIELD_WORKER: _("执行现场服务工单（第四章）。"),
    Role.HALL_STAFF: _("在柜台、电话、意见簿和意见箱受理投诉与举报（§6.5）。"),
    Role.HALL_HEAD: _("答复意见簿投诉，管理营业厅（§6.6(7)）。"),
    Role.HANDLER: _("调查并答复转办到本部门的投诉（§6.5(i)）。"),
    Role.DISCIPLINE: _("受理、调查并答复举报，唯一可见举报内容与举报人（§6.7）。"),
    Role.ADMIN: _("维护组织、人员、检查证、电价、工作日历等基础数据。"),
}

_MAIN = [(_("首页"), "home"), (pgettext_lazy("section", "投诉"), "complaints:worklist"),
         (pgettext_lazy("section", "客户"), "customers:list"),
         (_("工作日计算"), "calendar:due")]
# Reports are seen by discipline inspection, and taken (not seen) at the front line (§6.7).
_REPORTS = [(_("举报"), "whistleblowing:list")]
_REPORT_ROLES = {Role.DISCIPLINE, Role.HALL_STAFF, Role.HALL_HEAD}
_ADMIN = [(_("基础数据"), "admin:index")]
# Violation and theft cases are worked by inspectors; the deputies decide §1.2(2) applications,
# the office head receives the post-hoc reports of §1.2(1).
_ENFORCEMENT = [(pgettext_lazy("section", "违约用电、窃电查处"), "enforcement:worklist")]
_ENFORCEMENT_ROLES = {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY}
_BILLING = [(pgettext_lazy("section", "应收与缴费"), "billing:list")]
# Inspections are the work of inspectors and of the managers who plan and approve them (§2.4, §2.5).
_INSPECTIONS = [(pgettext_lazy("section", "用电检查"), "inspections:worklist")]
_INSPECTION_ROLES = {Role.INSPECTOR, Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY}
# Customer equipment accidents are investigated by inspectors, overseen by their managers (§2.7).
_ACCIDENTS = [(pgettext_lazy("section", "事故调查"), "accidents:worklist")]
# A special inspection started by a tip-off is linked to its source by whoever may see the
# source (§2.6(1)): discipline inspection for reports, the hall and departments for complaints.
_TIP_OFF = [(_("关联举报来源"), "inspections:tip_off")]
# Field service (chapter 4) is the work of field workers and of the heads over their offices.
_FIELDWORK = [(pgettext_lazy("section", "现场服务"), "fieldwork:worklist")]
_FIELDWORK_ROLES = {Role.FIELD_WORKER, Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY}
# Management dashboards (issue 12): managers, the hall head (complaints), discipline (reports).
_DASHBOARDS = [(_("管理看板"), "dashboards:index")]
_DASHBOARD_ROLES = {Role.OFFICE_HEAD, Role.ENTERPRISE_DEPUTY, Role.COMPANY_DEPUTY, Role.HALL_HEAD, Role.DISCIPLINE,
                    Role.ADMIN}
_TIP_OFF_ROLES = {Role.DISCIPLINE, Role.HALL_STAFF, Role.HALL_HEAD, Role.HANDLER}


def _links(names) -> list[tuple[str, str]]:
    out = []
    for label, name in names:
        try:
            out.append((label, reverse(name)))
        except NoReverseMatch:  # a page of a context that is not installed
            continue
    return out


def main_links(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return []
    names = list(_MAIN)
    if user.role in _INSPECTION_ROLES:
        names[1:1] = _INSPECTIONS
    if user.role == Role.FIELD_WORKER:
        names[1:1] = _FIELDWORK
    elif user.role in _FIELDWORK_ROLES:
        names += _FIELDWORK
    if user.role in _ENFORCEMENT_ROLES:
        names[1 + (user.role in _INSPECTION_ROLES):1] = _ENFORCEMENT
    if user.role in _INSPECTION_ROLES:
        at = 1 + (user.role in _INSPECTION_ROLES) + (user.role in _ENFORCEMENT_ROLES)
        names[at:at] = _ACCIDENTS
    if user.role in _REPORT_ROLES:
        names += _REPORTS
    if user.is_superuser or (user.role and user.role != Role.DISCIPLINE):
        names += _BILLING
    if user.role in _TIP_OFF_ROLES:
        names += _TIP_OFF
    if user.role in _DASHBOARD_ROLES or user.is_superuser:
        names += _DASHBOARDS
    if can_manage_reference_data(user):
        names += _ADMIN
    return _links(names)


def role_home(user) -> RoleHome:
    role = Role(user.role) if user.role in Role.values else None
    return RoleHome(duty=_DUTIES.get(role, _("尚未分配角色，请联系系统管理员。")), links=main_links(user)[1:])


def navigation(request) -> dict:
    """Context processor: the main navigation for the signed-in user."""
    return {"nav_links": main_links(request.user)}
