"""The labels of the actions fieldwork writes, as the case timeline shows them."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "fieldwork.order.created": _("现场服务工单已开具"),
    "fieldwork.order.workers_assigned": _("现场服务人员已指派"),
    "fieldwork.order.appointed": _("已电话预约客户"),
    "fieldwork.order.delay_announced": _("已登记事先知道的延误"),
    "fieldwork.order.delay_notified": _("已将延误告知客户"),
    "fieldwork.order.departed": _("出发前检查已完成"),
    "fieldwork.order.arrived": _("已到达现场"),
    "fieldwork.order.work_started": _("作业前检查已完成，开始作业"),
    "fieldwork.order.damage_recorded": _("客户财物损坏及处理已登记"),
    "fieldwork.order.finish_recorded": _("完工情况已登记"),
    "fieldwork.order.confirmed": _("客户已签字确认工单"),
    "fieldwork.order.meals_declared": _("食宿情况已声明"),
    "fieldwork.order.completed": _("现场服务已完工"),
    "fieldwork.order.cancelled": _("现场服务工单已取消"),
    "fieldwork.order.rated": _("客户已评价"),
    "fieldwork.order.rating_link_created": _("评价链接已生成"),
    "fieldwork.checklist_item.saved": _("现场服务检查项已保存"),
}
