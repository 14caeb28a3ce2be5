"""How an audit event's action reads on a timeline: by its last word ("…complaint.routed" → 转办).
An action whose word is not listed shows as it is."""

from django.utils.translation import pgettext_lazy

# An event on a timeline reads in the past tense ("Routed") where the same Chinese word on a
# button is a command ("Route"): the context "event" keeps the two apart.
VERBS = {
    "received": pgettext_lazy("event", "受理"),
    "form_completed": pgettext_lazy("event", "完成投诉单"),
    "record_confirmed": pgettext_lazy("event", "客户确认记录"),
    "assessed": pgettext_lazy("event", "分类评估"),
    "routed": pgettext_lazy("event", "转办"),
    "replied": pgettext_lazy("event", "答复"),
    "closed": pgettext_lazy("event", "办结"),
    "escalated": pgettext_lazy("event", "超期督办"),
    "handed_over": pgettext_lazy("event", "交接"),
    "linked": pgettext_lazy("event", "关联"),
    "confirmed": pgettext_lazy("event", "确认"),
    "drafted": pgettext_lazy("event", "起草"),
    "edited": pgettext_lazy("event", "修改"),
    "issued": pgettext_lazy("event", "签发"),
    "served": pgettext_lazy("event", "送达"),
    "superseded": pgettext_lazy("event", "被更正"),
    "correction_started": pgettext_lazy("event", "开始更正"),
    "discarded": pgettext_lazy("event", "作废草稿"),
    "captured": pgettext_lazy("event", "签名"),
    "opened": pgettext_lazy("event", "开始计时"),
    "met": pgettext_lazy("event", "按期完成"),
    "reassigned": pgettext_lazy("event", "转交期限"),
    "recomputed": pgettext_lazy("event", "重算期限"),
    "created": pgettext_lazy("event", "创建"),
    "updated": pgettext_lazy("event", "更新"),
    "registered": pgettext_lazy("event", "登记"),
    "moved": pgettext_lazy("event", "移交"),
    "applied": pgettext_lazy("event", "施封"),
    "added": pgettext_lazy("event", "添加"),
    "exported": pgettext_lazy("event", "导出"),
    "investigation_started": pgettext_lazy("event", "开始调查"),
    "note_added": pgettext_lazy("event", "添加调查记录"),
    "closed_not_a_report": pgettext_lazy("event", "不属举报，结束"),
    "loaded": pgettext_lazy("event", "导入"),
    "revoked": pgettext_lazy("event", "吊销"),
    "set": pgettext_lazy("event", "设置"),
}


def action_label(action: str) -> str:
    return str(VERBS.get(action.rsplit(".", 1)[-1], action))
