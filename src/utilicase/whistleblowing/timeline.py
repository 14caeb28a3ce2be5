"""The labels of the actions whistleblower reports write, as the report's timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "whistleblowing.report.received": _("举报已受理"),
    "whistleblowing.report.confirmed": _("举报已确认受理"),
    "whistleblowing.report.closed_not_a_report": _("已认定不属举报并结束"),
    "whistleblowing.report.investigation_started": _("调查已开始"),
    "whistleblowing.report.note_added": _("调查记录已添加"),
    "whistleblowing.report.attachment_added": _("附件已添加"),
    "whistleblowing.report.replied": _("举报已答复"),
    "whistleblowing.report.claim_secret_set": _("举报人已设置查询密码"),
    "whistleblowing.report.claim_secret_reset": _("纪检监察部门已重置查询密码"),
    "whistleblowing.report.escalated": _("举报已超期督办"),
    "whistleblowing.report.exported": _("举报清单已导出"),
}
