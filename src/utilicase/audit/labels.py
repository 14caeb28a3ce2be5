"""How an audit event's action reads on a timeline: by its last word ("…complaint.routed" → 转办).
An action whose word is not listed shows as it is."""

from django.utils.translation import gettext_lazy as _

VERBS = {
    "received": _("受理"), "form_completed": _("完成投诉单"), "record_confirmed": _("客户确认记录"),
    "assessed": _("分类评估"), "routed": _("转办"), "replied": _("答复"), "closed": _("办结"),
    "escalated": _("超期督办"), "handed_over": _("交接"), "linked": _("关联"), "confirmed": _("确认"),
    "drafted": _("起草"), "edited": _("修改"), "issued": _("签发"), "served": _("送达"),
    "superseded": _("被更正"), "correction_started": _("开始更正"), "discarded": _("作废草稿"),
    "captured": _("签名"), "opened": _("开始计时"), "met": _("按期完成"), "reassigned": _("转交期限"),
    "recomputed": _("重算期限"), "created": _("创建"), "updated": _("更新"), "registered": _("登记"),
    "moved": _("移交"), "applied": _("施封"), "added": _("添加"), "exported": _("导出"),
    "investigation_started": _("开始调查"), "note_added": _("添加调查记录"), "closed_not_a_report": _("不属举报，结束"),
    "loaded": _("导入"), "revoked": _("吊销"), "set": _("设置"),
}


def action_label(action: str) -> str:
    return str(VERBS.get(action.rsplit(".", 1)[-1], action))
