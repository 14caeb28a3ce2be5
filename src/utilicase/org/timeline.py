"""The labels of the actions the organisation writes, as timelines show them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "org.unit.created": _("单位已创建"),
    "org.staff.created": _("员工账号已创建"),
    "org.staff.changed": _("员工账号已修改"),
    "org.staff.password_set": _("密码已由他人设置"),
    "org.staff.password_changed": _("密码已由本人修改"),
    "org.discipline.proposed": _("纪检监察成员已提名"),
    "org.discipline.confirmed": _("纪检监察成员资格已确认"),
    "org.discipline.declined": _("纪检监察成员提名已拒绝"),
    "org.discipline.removed": _("纪检监察成员资格已撤销"),
    "org.discipline.installed": _("纪检监察首名成员已在安装时授予"),
    "org.discipline.member_changed": _("纪检监察成员账号已由管理员修改"),
    "org.certificate.issued": _("检查证已发放"),
    "org.certificate.revoked": _("检查证已吊销"),
    "org.token.created": _("API令牌已创建"),
    "org.token.revoked": _("API令牌已吊销"),
}
