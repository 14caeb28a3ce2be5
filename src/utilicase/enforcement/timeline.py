"""The labels of the actions enforcement writes, as the case timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "enforcement.case.opened": _("违约用电、窃电案件已立案"),
    "enforcement.case.act_stopped": _("违约用电、窃电行为已当场制止"),
    "enforcement.case.inspectors_assigned": _("承办检查人员已指派"),
    "enforcement.case.notice_served": _("违约用电或窃电通知书已送达"),
    "enforcement.case.fees_calculated": _("追补费用和违约使用费已计算"),
    "enforcement.case.charged": _("应收费用已生成"),
    "enforcement.case.paid": _("费用已全部交清"),
    "enforcement.case.payment_reversed": _("收款已冲正，费用重新待缴"),
    "enforcement.case.correction_accepted": _("整改已验收"),
    "enforcement.case.liability_borne": _("客户已承担相应责任"),
    "enforcement.case.referred": _("案件已移送"),
    "enforcement.case.referred_for_liability": _("已移送追究行政或刑事责任"),
    "enforcement.referral.outcome_recorded": _("移送处理结果已登记"),
    "enforcement.case.closed": _("案件已结案"),
    "enforcement.case.dismissed": _("案件已撤销"),
    "enforcement.application.submitted": _("停电申请已提交"),
    "enforcement.application.reviewed": _("停电申请已经企业主管副经理审核"),
    "enforcement.application.approved": _("停电申请已经股份公司主管副经理批准"),
    "enforcement.application.rejected": _("停电申请已驳回"),
    "enforcement.supply.suspended": _("已停止供电"),
    "enforcement.supply.limited": _("已限制供电"),
    "enforcement.supply.obstruction_recorded": _("现场阻挠：已报警并报告上级"),
    "enforcement.supply.reported": _("停电情况已事后报告营业所所长"),
    "enforcement.supply.restored": _("已恢复供电"),
}
