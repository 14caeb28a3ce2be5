"""The fee calculator (the one entry point for the CLI, the API and other contexts) and the
audited writes of the heat and gas rules an administrator configures per enterprise.

    calculate(data, *, enterprise=None) -> dict   # the contract's output object

`data` is the contract's input object (issue 10; fees/domain/calculation.py). Heat and gas use
the rules of `enterprise` (an org Unit: the enterprise or a unit under it) or, when not given, of
the enterprise whose `code` is the input's "enterprise" field. Bad input raises
CalculationInvalid with `.errors` (field -> reason, a marked Chinese message)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from utilicase.audit.services import audit_record
from utilicase.core.i18n import Message, gettext_noop
from utilicase.customers.models import MonthlyAveragePrice
from utilicase.fees.domain.calculation import calculate as calculate_pure
from utilicase.fees.domain.errors import CalculationInvalid
from utilicase.fees.domain.rulesets import GasRules, HeatRules
from utilicase.fees.models import LocalRuleSet, LocalUtility
from utilicase.org.models import Unit, UnitKind

__all__ = ["CalculationInvalid", "calculate", "local_rule_set_save", "local_rules_in_force"]


def local_rules_in_force(enterprise: Unit, utility: str, act_date: date) -> HeatRules | GasRules | None:
    """The enterprise's heat or gas rules in force on `act_date` (the latest effective by then)."""
    row = (LocalRuleSet.objects.filter(enterprise=enterprise, utility=utility.upper(), effective_from__lte=act_date)
           .order_by("-effective_from").first())
    if row is None:
        return None
    if row.utility == LocalUtility.HEAT:
        return HeatRules(code=row.code, effective_from=row.effective_from, article=f"{row.code} {row.article}",
                         heating_price_yuan_per_m2_season=row.heating_price_yuan_per_m2_season,
                         connection_fee_yuan_per_m2=row.connection_fee_yuan_per_m2, example=row.example)
    return GasRules(code=row.code, effective_from=row.effective_from, article=f"{row.code} {row.article}",
                    price_yuan_per_m3=row.gas_price_yuan_per_m3, max_fee_multiple=row.gas_max_fee_multiple,
                    example=row.example)


def _enterprise_named(data: Any) -> Unit | None:
    code = data.get("enterprise")
    if not isinstance(code, str) or not code or len(code) > 40:
        raise CalculationInvalid({"enterprise": gettext_noop("应为供应企业的代码。")})
    unit = Unit.objects.filter(code=code, kind=UnitKind.ENTERPRISE).first()
    if unit is None:
        raise CalculationInvalid({"enterprise": gettext_noop("没有这个代码的供应企业。")})
    return unit


def calculate(data: dict, *, enterprise: Unit | None = None) -> dict:
    """The contract's output object for the input object `data` (see the module)."""
    if enterprise is not None and enterprise.kind != UnitKind.ENTERPRISE:
        enterprise = enterprise.enterprise()
    if isinstance(data, dict) and "enterprise" in data:
        data = dict(data)
        if data.get("enterprise") is not None:
            named = _enterprise_named(data)
            if enterprise is not None and named != enterprise:
                # a case's calculation uses the case's enterprise: the input cannot choose another's rules
                raise CalculationInvalid({"enterprise": Message("应为 %(code)s。", code=enterprise.code)})
            enterprise = named
        del data["enterprise"]
    local = None
    if enterprise is not None:
        def local(utility: str, act_date: date):
            return local_rules_in_force(enterprise, utility, act_date)
    return calculate_pure(data, local_rules=local, monthly_price=_monthly_prices(enterprise),
                          today=timezone.localdate())


UTILITY_CODES = {"electricity": "POWER", "heat": "HEAT", "gas": "GAS"}


def _monthly_prices(enterprise: Unit | None):
    """§2.7(5): the average unit price of `month` (customers' monthly prices, imported from the
    billing system) of the utility's enterprise: the given one (its utility must match), else the
    one enterprise of that utility."""
    def price(utility: str, month: date) -> Decimal | None:
        code = UTILITY_CODES.get(utility)
        if enterprise is not None:
            if enterprise.utility != code:
                raise CalculationInvalid({"utility": Message("应为企业 %(code)s 的专业。", code=enterprise.code)})
            chosen = enterprise
        else:
            found = list(Unit.objects.filter(kind=UnitKind.ENTERPRISE, utility=code)[:2])
            if len(found) != 1:
                raise CalculationInvalid({"enterprise": gettext_noop("该专业有多个供应企业：请指明企业。")})
            chosen = found[0]
        return (MonthlyAveragePrice.objects.filter(enterprise=chosen, month_date=month)
                .values_list("price", flat=True).first())
    return price


_FIELDS = ("enterprise_id", "utility", "code", "name", "article", "effective_from",
           "heating_price_yuan_per_m2_season", "connection_fee_yuan_per_m2", "gas_price_yuan_per_m3",
           "gas_max_fee_multiple", "example")


def _state(rule_set: LocalRuleSet) -> dict[str, Any]:
    return {name: getattr(rule_set, name) for name in _FIELDS}


@transaction.atomic
def local_rule_set_save(*, actor, rule_set: LocalRuleSet, now: datetime) -> LocalRuleSet:
    """Create or change an enterprise's heat or gas rule set (validated by the model's
    full_clean), recording before and after in the audit chain."""
    before = None
    if rule_set.pk is not None:
        stored = LocalRuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        before = _state(stored) if stored is not None else None
    rule_set.changed_by = actor if getattr(actor, "pk", None) else None
    rule_set.changed_at = now
    rule_set.full_clean()
    rule_set.save()
    audit_record(actor=actor, action="fees.local_rule_set.changed" if before else "fees.local_rule_set.created",
                 target=rule_set, before=before, after=_state(rule_set), now=now)
    return rule_set
