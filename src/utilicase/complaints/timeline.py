"""The labels of the actions complaints write, as the case timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "complaints.complaint.received": _("投诉已受理"),
    "complaints.complaint.form_completed": _("投诉单已填写完成"),
    "complaints.complaint.record_confirmed": _("投诉记录已经客户确认"),
    "complaints.complaint.handed_over": _("投诉已移交"),
    "complaints.complaint.assessed": _("投诉已分类评估"),
    "complaints.complaint.routed": _("投诉已转办"),
    "complaints.complaint.replied": _("投诉已答复客户"),
    "complaints.complaint.closed": _("投诉已办结"),
    "complaints.complaint.return_visited": _("已回访客户"),
    "complaints.complaint.replied_again": _("不满意投诉已再次答复"),
    "complaints.complaint.linked": _("投诉已关联其他记录"),
    "complaints.complaint.vip_room": _("已引导客户到贵宾室"),
    "complaints.complaint.hall_head_told": _("已报告营业厅负责人（客户在服务中投诉）"),
    "complaints.complaint.escalated": _("投诉已超期督办"),
    "complaints.category.added": _("投诉分类已添加"),
    "complaints.category.changed": _("投诉分类已修改"),
}
