"""Example heat and gas rules for the demo enterprises: the values are EXAMPLES (marked
`example`, and every calculation with them says so), not any city's rules."""

from datetime import date
from decimal import Decimal

from utilicase.fees.models import LocalRuleSet, LocalUtility
from utilicase.fees.services import local_rule_set_save
from utilicase.org.models import Unit, UnitKind, Utility


def seed_example_rules(*, actor, now) -> list[LocalRuleSet]:
    """One example rule set for each heat and gas enterprise that has none (safe to run again)."""
    made = []
    for enterprise in Unit.objects.filter(kind=UnitKind.ENTERPRISE, utility__in=[Utility.HEAT, Utility.GAS]):
        utility = LocalUtility.HEAT if enterprise.utility == Utility.HEAT else LocalUtility.GAS
        if LocalRuleSet.objects.filter(enterprise=enterprise, utility=utility).exists():
            continue
        if utility == LocalUtility.HEAT:
            rule_set = LocalRuleSet(
                enterprise=enterprise, utility=utility, code="HEAT-EXAMPLE", effective_from=date(2020, 1, 1),
                name="示例：供热违约处理规则（数值仅为示例）", article="示例条款：私接采暖设施",
                heating_price_yuan_per_m2_season=Decimal("25.00"), connection_fee_yuan_per_m2=Decimal("10.00"),
                example=True)
        else:
            rule_set = LocalRuleSet(
                enterprise=enterprise, utility=utility, code="GAS-EXAMPLE", effective_from=date(2020, 1, 1),
                name="示例：燃气违约处理规则（数值仅为示例）", article="示例条款：盗用燃气",
                gas_price_yuan_per_m3=Decimal("2.8000"), gas_max_fee_multiple=Decimal("3.00"), example=True)
        made.append(local_rule_set_save(actor=actor, rule_set=rule_set, now=now))
    return made


def make_demo_fee_rules(*, now) -> list[LocalRuleSet]:
    from utilicase.org.models import User

    return seed_example_rules(actor=User.objects.filter(username="admin").first(), now=now)
