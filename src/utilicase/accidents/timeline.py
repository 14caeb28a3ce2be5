"""The labels of the actions accidents writes, as the case timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "accidents.case.opened": _("事故报告已登记"),
    "accidents.case.arrived": _("已到达现场（出示证件，客户方见证）"),
    "accidents.entry.added": _("调查记录已登记"),
    "accidents.case.cause_recorded": _("事故原因已记录"),
    "accidents.case.investigation_ended": _("事故调查已结束"),
    "accidents.case.cause_removed": _("已确认事故原因消除"),
    "accidents.case.restored": _("已恢复供电"),
    "accidents.item.recorded": _("“四不放过”事项已落实"),
    "accidents.case.report_filed": _("事故调查报告已完成"),
    "accidents.case.notice_issued": _("事故调查结果通知书已送达"),
    "accidents.case.reinspected": _("整改已复查"),
    "accidents.case.refusal_recorded": _("客户拒不整改已登记"),
    "accidents.case.referred": _("已报公司管理部门"),
    "accidents.case.closed": _("事故调查案件已结案"),
    "accidents.compensation.calculated": _("赔偿已计算"),
    "accidents.compensation.charged": _("赔偿应收款已生成"),
    "accidents.damage.recorded": _("其他损失已登记"),
    "accidents.damage.claimed": _("其他损失已索赔"),
}
