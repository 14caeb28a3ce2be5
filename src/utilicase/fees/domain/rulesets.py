"""Penalty rule sets as data, versioned by effective date (§2.6(4): a case is calculated under the
rules in force on the date the act began).

- GB-1996: 《供电营业规则》 (1996, Ministry of Electric Power order No. 8), Art. 100 (six violation
  items), Art. 102 (theft) and Art. 103 (stolen energy): figures verified (clauses.md).
- GB-2024: the 2024 revision (NDRC order 2024 No. 14, in force 2024-06-01). NOT VERIFIED: the
  revision is reported to remove the planned-quota item and to turn the fixed multiples into caps
  ("not more than 2 ×", "not more than 3 ×") that the supply contract sets. Here each multiple is a
  parameter of the calculation (`fee_multiple`), at most the cap, the cap when not given; the
  article numbers are given as their 1996 counterparts. Verify against the official text.

Heat and gas rules differ by city: they are configured per enterprise (fees.models.LocalRuleSet),
not code; `HeatRules` and `GasRules` below are their pure form.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from utilicase.core.i18n import gettext_noop

AUTO = "auto"
CUSTOMER_TYPES = ("residential", "lighting", "power")


@dataclass(frozen=True)
class ElectricityRuleSet:
    code: str
    name: str
    effective_from: date
    verified: bool
    # False: the multiples are fixed by the rule; True: each is a cap, the contract sets the multiple.
    multiples_are_caps: bool
    # article of each rule, as cited in breakdown lines ("Art.103")
    articles: dict[str, str]
    theft_multiple: Decimal = Decimal(3)
    unknown_days: int = 180
    unknown_hours_per_day: dict[str, int] = field(
        default_factory=lambda: {"power": 12, "lighting": 6, "residential": 6})
    item1_multiple: Decimal = Decimal(2)
    item1_unknown_days: int = 90  # "3 months" where the period cannot be determined, counted as 90 days
    item2_multiple: Decimal = Decimal(3)
    item2_yuan_per_kw: Decimal = Decimal(50)
    item3: bool = True  # the planned-quota item exists
    item3_yuan_per_kw: Decimal = Decimal(1)
    item3_multiple: Decimal = Decimal(5)
    item4_multiple: Decimal = Decimal(2)
    item4_yuan_per_kw: Decimal = Decimal(30)
    item5_yuan_residential: Decimal = Decimal(500)
    item5_yuan_other: Decimal = Decimal(5000)
    item6_yuan_per_kw: Decimal = Decimal(500)
    note: str = ""

    def rule(self, key: str) -> str:
        """The rule a breakdown line applies: "GB-1996 Art.103"."""
        return f"{self.code} {self.articles[key]}"


_ARTICLES_1996 = {
    "theft": "Art.102", "energy": "Art.103",
    **{f"item{i}": f"Art.100({i})" for i in range(1, 7)},
}

GB_1996 = ElectricityRuleSet(
    code="GB-1996",
    name=gettext_noop("《供电营业规则》（1996）"),
    effective_from=date(1996, 10, 8),
    verified=True,
    multiples_are_caps=False,
    articles=_ARTICLES_1996,
)

GB_2024 = ElectricityRuleSet(
    code="GB-2024",
    name=gettext_noop("《供电营业规则》（2024）"),
    effective_from=date(2024, 6, 1),
    verified=False,
    multiples_are_caps=True,
    articles={key: f"(1996 {article})" for key, article in _ARTICLES_1996.items()},
    item3=False,
    note=gettext_noop("GB-2024 的倍数上限与条款编号尚未与官方文本核对，使用前请核对。"),
)

ELECTRICITY_RULE_SETS: tuple[ElectricityRuleSet, ...] = (GB_1996, GB_2024)  # by effective date


def in_force(act_date: date) -> ElectricityRuleSet | None:
    """The electricity rule set in force on `act_date` (None before the first)."""
    found = None
    for rule_set in ELECTRICITY_RULE_SETS:
        if rule_set.effective_from <= act_date:
            found = rule_set
    return found


def by_code(code: str) -> ElectricityRuleSet | None:
    return next((r for r in ELECTRICITY_RULE_SETS if r.code == code), None)


def rule_set_codes() -> list[str]:
    return [AUTO, *(r.code for r in ELECTRICITY_RULE_SETS)]


@dataclass(frozen=True)
class HeatRules:
    """An enterprise's heat rules (local regulations): back-billed heating fee by area and
    season, and a fee per m² of unauthorised connection."""

    code: str
    effective_from: date
    heating_price_yuan_per_m2_season: Decimal
    connection_fee_yuan_per_m2: Decimal
    example: bool = False
    article: str = ""


@dataclass(frozen=True)
class GasRules:
    """An enterprise's gas rules (local regulations): back-billed gas, plus a violation fee of a
    multiple (at most `max_fee_multiple`) of the back-billing."""

    code: str
    effective_from: date
    price_yuan_per_m3: Decimal
    max_fee_multiple: Decimal
    example: bool = False
    article: str = ""


# The catalogue of what a suspension can rest on (§1.3: the legal basis told to the customer).
_BASIS = (
    ("GB-1996 Art.100(1)", gettext_noop("《供电营业规则》（1996）第一百条第1项：擅自改变用电类别")),
    ("GB-1996 Art.100(2)", gettext_noop("《供电营业规则》（1996）第一百条第2项：擅自超过合同约定的容量用电")),
    ("GB-1996 Art.100(3)", gettext_noop("《供电营业规则》（1996）第一百条第3项：擅自超过计划分配的用电指标")),
    ("GB-1996 Art.100(4)", gettext_noop("《供电营业规则》（1996）第一百条第4项：擅自使用已暂停或已封存的电力设备")),
    ("GB-1996 Art.100(5)", gettext_noop("《供电营业规则》（1996）第一百条第5项：擅自迁移、更动或操作供电企业的计量装置等")),
    ("GB-1996 Art.100(6)", gettext_noop("《供电营业规则》（1996）第一百条第6项：擅自引入（供出）电源或并网")),
    ("GB-1996 Art.102", gettext_noop("《供电营业规则》（1996）第一百零二条：窃电")),
    ("GB-1996 Art.103", gettext_noop("《供电营业规则》（1996）第一百零三条：窃电量的确定")),
    ("GB-2024 violation", gettext_noop("《供电营业规则》（2024）违约用电条款（条款编号待核对）")),
    ("GB-2024 theft", gettext_noop("《供电营业规则》（2024）窃电条款（条款编号待核对）")),
    ("LOCAL heat", gettext_noop("当地供热管理规定（企业配置的规则）")),
    ("LOCAL gas", gettext_noop("当地燃气管理规定（企业配置的规则）")),
    ("REG §1.1", gettext_noop("公司服务规范 §1.1：拒交违约费用的停（限）电")),
)


def legal_basis_choices() -> list[tuple[str, str]]:
    """(code, label) of each rule set + article a suspension can rest on; labels are marked
    Chinese (translate them for display)."""
    return list(_BASIS)
