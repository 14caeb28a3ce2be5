"""The labels of the actions inspections write, as the case timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "inspections.plan.created": _("月度检查计划已编制"),
    "inspections.plan.entry_added": _("计划检查客户已添加"),
    "inspections.plan.orders_generated": _("已按计划生成检查工作单"),
    "inspections.order.created": _("检查工作单已开具"),
    "inspections.order.changed": _("检查工作单已修改"),
    "inspections.order.inspectors_assigned": _("检查人员已指派"),
    "inspections.order.tip_off_linked": _("专项检查已关联举报来源"),
    "inspections.order.submitted": _("检查工作单已提交审批"),
    "inspections.order.approved": _("检查工作单已审批"),
    "inspections.order.returned": _("检查工作单已退回"),
    "inspections.order.appointed": _("已与客户预约检查"),
    "inspections.order.prepared": _("检查已准备就绪"),
    "inspections.order.arrived": _("检查人员已到达现场并出示检查证"),
    "inspections.order.inspection_started": _("现场检查已开始"),
    "inspections.order.left_site": _("检查人员已离开现场"),
    "inspections.order.archived": _("检查资料已归档"),
    "inspections.order.closed": _("检查已结束"),
    "inspections.order.operation_recorded": _("客户设备操作已记录"),
    "inspections.order.enforcement_required": _("已发现违约用电、窃电嫌疑，须立案查处"),
    "inspections.finding.recorded": _("检查发现的问题已记录"),
    "inspections.rectification.reinspected": _("整改已复查"),
    "inspections.rectification.accepted": _("整改已验收"),
    "inspections.rectification.refused": _("客户拒不整改，已移送"),
    "inspections.referral.outcome_recorded": _("移送处理结果已登记"),
}
