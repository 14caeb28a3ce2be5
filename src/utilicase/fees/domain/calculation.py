"""The calculations: electricity theft (GB Art. 102-103), the six violation items (Art. 100), and
an enterprise's heat and gas rules. Each computed amount is rounded half-up to the fen when it is
computed; a fee that is a multiple of an amount is that multiple of the rounded amount; every
result carries its breakdown lines, each naming the rule (rule set + article) it applies.

`calculate(data, local_rules=...)` takes the contract's input object and returns its output
object, or raises CalculationInvalid naming each bad field."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from utilicase.core.i18n import Message, gettext_noop
from utilicase.fees.domain import rulesets
from utilicase.fees.domain.compensation import MonthlyPrice, calculate_compensation
from utilicase.fees.domain.errors import CalculationInvalid
from utilicase.fees.domain.inputs import REQUIRED, Reader
from utilicase.fees.domain.money import fen, plain, times, yuan
from utilicase.fees.domain.rulesets import AUTO, CUSTOMER_TYPES, ElectricityRuleSet, GasRules, HeatRules

UTILITIES = ("electricity", "heat", "gas")
KINDS = ("theft", "violation", "compensation")

MAX_CAPACITY = Decimal(1_000_000)  # kW (kVA)
MAX_DAYS = Decimal(36_600)
MAX_HOURS = Decimal(24)
MAX_PRICE = Decimal(1000)  # yuan per kWh, per m³ or per kW·month
MAX_ENERGY = Decimal(10) ** 12  # kWh
MAX_MONTHS = Decimal(1200)
MAX_TIMES = Decimal(100_000)
MAX_AREA = Decimal(10) ** 8  # m²
MAX_SEASONS = Decimal(100)
MAX_VOLUME = Decimal(10) ** 12  # m³


@dataclass
class Line:
    text: str  # a marked Chinese message with its values (core.i18n.Message)
    amount: Decimal | None
    rule: str


@dataclass
class Result:
    kind: str
    utility: str
    rule_set: str
    verified: bool
    act_date: date
    item: int | None = None
    energy_kwh: Decimal | None = None
    fee_multiple: Decimal | None = None
    back_billing: Decimal = Decimal("0.00")
    violation_fee: Decimal = Decimal("0.00")
    lines: list[Line] = field(default_factory=list)
    note: str = ""

    @property
    def total(self) -> Decimal:
        return fen(self.back_billing + self.violation_fee)

    def as_dict(self) -> dict:
        """The contract's output object (amounts as strings with two decimals; texts are marked
        Chinese messages: translate them for the reader's language)."""
        return {
            "kind": self.kind,
            "utility": self.utility,
            "item": self.item,
            "rule_set": self.rule_set,
            "rule_set_verified": self.verified,
            "act_date": self.act_date.isoformat(),
            "energy_kwh": None if self.energy_kwh is None else f"{self.energy_kwh:f}",
            "fee_multiple": None if self.fee_multiple is None else plain(self.fee_multiple),
            "back_billing_yuan": yuan(self.back_billing),
            "violation_fee_yuan": yuan(self.violation_fee),
            "total_yuan": yuan(self.total),
            "lines": [{"text": line.text, "amount_yuan": None if line.amount is None else yuan(line.amount),
                       "rule": line.rule} for line in self.lines],
            "note": self.note or None,
        }


def _rule_set(r: Reader, act_date: date | None) -> ElectricityRuleSet | None:
    code = r.choice("rule_set", rulesets.rule_set_codes(), default=AUTO)
    if code is None or act_date is None:
        return None
    current = rulesets.in_force(act_date)
    if current is None:
        r.fail("act_date", Message("%(date)s 时尚无施行的规则（最早的 %(code)s 自 %(from)s 起施行）。",
                                   date=act_date.isoformat(), code=rulesets.GB_1996.code,
                                   **{"from": rulesets.GB_1996.effective_from.isoformat()}))
        return None
    if code == AUTO:
        return current
    chosen = rulesets.by_code(code)
    if chosen is not current:
        r.fail("rule_set", Message("行为开始之日（%(date)s）施行的是 %(current)s，不是 %(code)s（§2.6(4)：按行为发生时"
                                   "施行的规则计算）。", date=act_date.isoformat(), current=current.code, code=code))
        return None
    return chosen


def _multiple(r: Reader, rs: ElectricityRuleSet, cap: Decimal) -> Decimal:
    """The fee multiple: fixed by GB-1996 (a different `fee_multiple` is refused); under a rule
    set whose multiples are caps, the contract's multiple (at most the cap), the cap by default."""
    given = r.number("fee_multiple", high=Decimal(1000))
    if given is None:
        return cap
    if not rs.multiples_are_caps:
        if given != cap:
            r.fail("fee_multiple", Message("%(code)s 规定的倍数为 %(cap)s 倍，不可另定。", code=rs.code, cap=cap))
        return cap
    if given > cap:
        r.fail("fee_multiple", Message("不得高于 %(code)s 规定的上限 %(cap)s 倍。", code=rs.code, cap=cap))
        return cap
    return given


def _capacity(r: Reader, *, required: bool) -> tuple[Decimal | None, str]:
    """Capacity in kW: `capacity_kw`, or `capacity_kva` counted as kW (Art. 103); the unit given."""
    kw = r.number("capacity_kw", high=MAX_CAPACITY, positive=True)
    kva = r.number("capacity_kva", high=MAX_CAPACITY, positive=True)
    if kw is not None and kva is not None:
        r.fail("capacity_kva", gettext_noop("capacity_kw 与 capacity_kva 只能给出一个。"))
        return None, "kW"
    if kw is None and kva is None and required and "capacity_kw" not in r.errors and "capacity_kva" not in r.errors:
        r.fail("capacity_kw", gettext_noop("请给出 capacity_kw 或 capacity_kva。"))
    return (kw, "kW") if kw is not None else (kva, "kVA")


# "fee = multiple × <base> = amount", one whole message per base (so each reads naturally when translated)
FEE_OF = {
    "back_billing": gettext_noop("违约使用电费 = %(multiple)s × 追补电费 %(base)s 元 = %(amount)s 元"),
    "difference": gettext_noop("违约使用电费 = %(multiple)s × 差额电费 %(base)s 元 = %(amount)s 元"),
    "basic_charge": gettext_noop("违约使用电费 = %(multiple)s × 基本电费 %(base)s 元 = %(amount)s 元"),
    "over_energy": gettext_noop("违约使用电费 = %(multiple)s × 超用电量电费 %(base)s 元 = %(amount)s 元"),
}


def _fee_line(rs: ElectricityRuleSet, key: str, multiple: Decimal, base_name: str, base: Decimal,
              amount: Decimal) -> Line:
    return Line(Message(FEE_OF[base_name], multiple=Decimal(plain(multiple)), base=base, amount=amount),
                amount, rs.rule(key))


def _theft(r: Reader, rs: ElectricityRuleSet | None, result_args: dict) -> Result | None:
    customer_type = r.choice("customer_type", CUSTOMER_TYPES)
    price = r.number("price_yuan_per_kwh", high=MAX_PRICE, required=True, positive=True)
    stolen = r.number("stolen_kwh", high=MAX_ENERGY)
    capacity, unit = _capacity(r, required=stolen is None)
    days = r.number("days", high=MAX_DAYS, positive=True)
    hours = r.number("hours_per_day", high=MAX_HOURS, positive=True)
    if stolen is not None and (capacity is not None or days is not None or hours is not None):
        r.fail("stolen_kwh", gettext_noop("stolen_kwh（查明的窃电量）与 capacity_kw、capacity_kva、days、"
                                          "hours_per_day（按容量与时间计算）只能选一种。"))
    multiple = _multiple(r, rs, rs.theft_multiple) if rs else None
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**result_args)
    lines = result.lines
    if stolen is not None:
        energy = fen(stolen)
        lines.append(Line(Message("窃电量（查明的电量）：%(energy)s kWh", energy=energy), None, rs.rule("energy")))
    else:
        if days is None:
            days = Decimal(rs.unknown_days)
            lines.append(Line(Message("窃电时间无法确定：按 %(days)s 天计（不少于 %(days)s 天）", days=days), None,
                              rs.rule("energy")))
        if hours is None:
            hours = Decimal(rs.unknown_hours_per_day[customer_type])
            lines.append(Line(Message(UNKNOWN_HOURS[customer_type], hours=hours), None, rs.rule("energy")))
        energy = fen(times(capacity, days, hours))
        text = ("窃电量 = 窃电容量 %(capacity)s kW × %(days)s 天 × %(hours)s 小时/天 = %(energy)s kWh" if unit == "kW"
                else "窃电量 = 窃电容量 %(capacity)s kVA（视同 kW）× %(days)s 天 × %(hours)s 小时/天 = %(energy)s kWh")
        lines.append(Line(Message(text, capacity=capacity, days=days, hours=hours, energy=energy), None,
                          rs.rule("energy")))
    back = fen(times(energy, price))
    lines.append(Line(Message("追补电费 = %(energy)s kWh × %(price)s 元/kWh = %(amount)s 元",
                              energy=energy, price=price, amount=back), back, rs.rule("theft")))
    fee = fen(times(multiple, back))
    lines.append(_fee_line(rs, "theft", multiple, "back_billing", back, fee))
    result.energy_kwh, result.fee_multiple, result.back_billing, result.violation_fee = energy, multiple, back, fee
    return result


UNKNOWN_HOURS = {
    "residential": gettext_noop("每日窃电时间无法确定：居民客户按每天 %(hours)s 小时计"),
    "lighting": gettext_noop("每日窃电时间无法确定：照明客户按每天 %(hours)s 小时计"),
    "power": gettext_noop("每日窃电时间无法确定：动力客户按每天 %(hours)s 小时计"),
}


def _violation(r: Reader, rs: ElectricityRuleSet | None, result_args: dict) -> Result | None:
    item = r.choice("item", (1, 2, 3, 4, 5, 6))
    customer_type = r.choice("customer_type", CUSTOMER_TYPES)
    two_part = r.flag("two_part_tariff", required=item in (2, 4))
    if item is None or rs is None:
        # read the rest so that each bad field is named, then stop
        r.read.update(ITEM_FIELDS)
        r.unknown_fields()
        raise CalculationInvalid(r.errors or {"item": REQUIRED})
    if item == 3 and not rs.item3:
        r.fail("item", Message("%(code)s 已无超计划分配用电指标一项（第 3 项）。", code=rs.code))
    result_args["item"] = item
    return ITEMS[item](r, rs, result_args, customer_type=customer_type, two_part=bool(two_part))


ITEM_FIELDS = {"price_difference_yuan_per_kwh", "energy_kwh", "capacity_kw", "capacity_kva", "days", "hours_per_day",
               "basic_charge_yuan_per_kw_month", "months", "over_kw", "times", "over_energy_kwh", "price_yuan_per_kwh",
               "fee_multiple"}


def _item1(r: Reader, rs, args, **_kw) -> Result | None:
    """Art. 100(1): the price difference for the period used (3 months when unknown); fee 2 × it."""
    difference = r.number("price_difference_yuan_per_kwh", high=MAX_PRICE, required=True, positive=True)
    energy = r.number("energy_kwh", high=MAX_ENERGY)
    capacity, unit = _capacity(r, required=energy is None)
    days = r.number("days", high=MAX_DAYS, positive=True)
    hours = r.number("hours_per_day", high=MAX_HOURS, positive=True, required=energy is None)
    if energy is not None and (capacity is not None or days is not None or hours is not None):
        r.fail("energy_kwh", gettext_noop("energy_kwh 与 capacity_kw、capacity_kva、days、hours_per_day 只能选一种。"))
    multiple = _multiple(r, rs, rs.item1_multiple)
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**args)
    if energy is None:
        if days is None:
            days = Decimal(rs.item1_unknown_days)
            result.lines.append(Line(Message("使用起讫日期无法确定：按 3 个月（%(days)s 天）计", days=days), None,
                                     rs.rule("item1")))
        energy = fen(times(capacity, days, hours))
        text = ("电量 = 容量 %(capacity)s kW × %(days)s 天 × %(hours)s 小时/天 = %(energy)s kWh" if unit == "kW"
                else "电量 = 容量 %(capacity)s kVA（视同 kW）× %(days)s 天 × %(hours)s 小时/天 = %(energy)s kWh")
        result.lines.append(Line(Message(text, capacity=capacity, days=days, hours=hours, energy=energy), None,
                                 rs.rule("item1")))
    else:
        energy = fen(energy)
    back = fen(times(energy, difference))
    result.lines.append(Line(Message("补交差额电费 = %(energy)s kWh × 电价差 %(price)s 元/kWh = %(amount)s 元",
                                     energy=energy, price=difference, amount=back), back, rs.rule("item1")))
    fee = fen(times(multiple, back))
    result.lines.append(_fee_line(rs, "item1", multiple, "difference", back, fee))
    result.energy_kwh, result.fee_multiple, result.back_billing, result.violation_fee = energy, multiple, back, fee
    return result


def _basic_charge_item(key: str, multiple_attr: str, rate_attr: str, per_time: bool):
    """Art. 100(2) and (4): two-part tariff: the basic charge of the capacity for the months used,
    fee a multiple of it; others: a fee per kW (kVA) (per occurrence for item 4)."""

    def compute(r: Reader, rs, args, *, two_part: bool, **_kw) -> Result | None:
        capacity, unit = _capacity(r, required=True)
        if two_part:
            basic = r.number("basic_charge_yuan_per_kw_month", high=MAX_PRICE, required=True, positive=True)
            months = r.number("months", high=MAX_MONTHS, required=True, positive=True)
            multiple = _multiple(r, rs, getattr(rs, multiple_attr))
        else:
            count = r.number("times", high=MAX_TIMES, required=True, positive=True, integer=True) if per_time else None
        r.unknown_fields()
        if r.errors:
            return None
        result = Result(**args)
        if two_part:
            back = fen(times(capacity, basic, months))
            result.lines.append(Line(Message("补交基本电费 = %(capacity)s %(unit)s × %(basic)s 元/(kW·月) × %(months)s 个月"
                                             " = %(amount)s 元", capacity=capacity, unit=unit, basic=basic,
                                             months=months, amount=back), back, rs.rule(key)))
            fee = fen(times(multiple, back))
            result.lines.append(_fee_line(rs, key, multiple, "basic_charge", back, fee))
            result.fee_multiple = multiple
        else:
            back = Decimal("0.00")
            rate = getattr(rs, rate_attr)
            if per_time:
                fee = fen(times(rate, capacity, count))
                result.lines.append(Line(Message("违约使用电费 = %(rate)s 元/kW × %(capacity)s %(unit)s × %(times)s 次"
                                                 " = %(amount)s 元", rate=rate, capacity=capacity, unit=unit,
                                                 times=count, amount=fee), fee, rs.rule(key)))
            else:
                fee = fen(times(rate, capacity))
                result.lines.append(Line(Message("违约使用电费 = %(rate)s 元/kW × %(capacity)s %(unit)s = %(amount)s 元",
                                                 rate=rate, capacity=capacity, unit=unit, amount=fee), fee,
                                         rs.rule(key)))
        result.back_billing, result.violation_fee = back, fee
        return result

    return compute


def _item3(r: Reader, rs, args, **_kw) -> Result | None:
    """Art. 100(3) (GB-1996 only): 1 yuan per kW over the quota per occurrence, plus 5 × the
    charge of the energy used beyond it."""
    over_kw = r.number("over_kw", high=MAX_CAPACITY, required=True)
    count = r.number("times", high=MAX_TIMES, required=True, positive=True, integer=True)
    over_energy = r.number("over_energy_kwh", high=MAX_ENERGY, required=True)
    price = r.number("price_yuan_per_kwh", high=MAX_PRICE, required=True, positive=True)
    multiple = _multiple(r, rs, rs.item3_multiple)
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**args)
    capacity_fee = fen(times(rs.item3_yuan_per_kw, over_kw, count))
    result.lines.append(Line(Message("超指标容量违约使用电费 = %(rate)s 元/kW × %(kw)s kW × %(times)s 次 = %(amount)s 元",
                                     rate=rs.item3_yuan_per_kw, kw=over_kw, times=count, amount=capacity_fee),
                             capacity_fee, rs.rule("item3")))
    energy = fen(over_energy)
    charge = fen(times(energy, price))
    result.lines.append(Line(Message("超用电量电费（计算基数，不另收）= %(energy)s kWh × %(price)s 元/kWh = %(amount)s 元",
                                     energy=energy, price=price, amount=charge), None, rs.rule("item3")))
    energy_fee = fen(times(multiple, charge))
    result.lines.append(_fee_line(rs, "item3", multiple, "over_energy", charge, energy_fee))
    result.energy_kwh, result.fee_multiple = energy, multiple
    result.violation_fee = fen(capacity_fee + energy_fee)
    return result


def _item5(r: Reader, rs, args, *, customer_type: str, **_kw) -> Result | None:
    """Art. 100(5): 500 yuan per occurrence for a residential customer, 5,000 for others."""
    count = r.number("times", high=MAX_TIMES, required=True, positive=True, integer=True)
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**args)
    rate = rs.item5_yuan_residential if customer_type == "residential" else rs.item5_yuan_other
    fee = fen(times(rate, count))
    text = ("违约使用电费（居民客户）= %(rate)s 元/次 × %(times)s 次 = %(amount)s 元" if customer_type == "residential"
            else "违约使用电费（非居民客户）= %(rate)s 元/次 × %(times)s 次 = %(amount)s 元")
    result.lines.append(Line(Message(text, rate=rate, times=count, amount=fee),
                             fee, rs.rule("item5")))
    result.violation_fee = fee
    return result


def _item6(r: Reader, rs, args, **_kw) -> Result | None:
    """Art. 100(6): 500 yuan per kW (kVA) of the source brought in, supplied out or paralleled."""
    capacity, unit = _capacity(r, required=True)
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**args)
    fee = fen(times(rs.item6_yuan_per_kw, capacity))
    result.lines.append(Line(Message("违约使用电费 = %(rate)s 元/kW × %(capacity)s %(unit)s = %(amount)s 元",
                                     rate=rs.item6_yuan_per_kw, capacity=capacity, unit=unit, amount=fee), fee,
                             rs.rule("item6")))
    result.violation_fee = fee
    return result


ITEMS: dict[int, Callable] = {
    1: _item1,
    2: _basic_charge_item("item2", "item2_multiple", "item2_yuan_per_kw", per_time=False),
    3: _item3,
    4: _basic_charge_item("item4", "item4_multiple", "item4_yuan_per_kw", per_time=True),
    5: _item5,
    6: _item6,
}


def _heat(r: Reader, rules: HeatRules, args: dict) -> Result | None:
    """Heat (local rules): back-billed heating fee = area × price per m² per season × seasons;
    an unauthorised connection adds a fee per m²."""
    area = r.number("area_m2", high=MAX_AREA, required=True, positive=True)
    seasons = r.number("seasons", high=MAX_SEASONS, positive=True)
    r.unknown_fields()
    if r.errors:
        return None
    result = Result(**args)
    if seasons is None:
        seasons = Decimal(1)
        result.lines.append(Line(Message("采暖期数无法确定：按 %(seasons)s 个采暖期计", seasons=seasons), None,
                                 rules.article))
    back = fen(times(area, rules.heating_price_yuan_per_m2_season, seasons))
    result.lines.append(Line(Message("追补采暖费 = %(area)s m² × %(price)s 元/(m²·采暖期) × %(seasons)s 个采暖期 = %(amount)s 元",
                                     area=area, price=rules.heating_price_yuan_per_m2_season, seasons=seasons,
                                     amount=back), back, rules.article))
    fee = fen(times(area, rules.connection_fee_yuan_per_m2))
    result.lines.append(Line(Message("违约使用费 = %(area)s m² × %(rate)s 元/m² = %(amount)s 元", area=area,
                                     rate=rules.connection_fee_yuan_per_m2, amount=fee), fee, rules.article))
    result.back_billing, result.violation_fee = back, fee
    return result


def _gas(r: Reader, rules: GasRules, args: dict) -> Result | None:
    """Gas (local rules): back-billed gas = volume × price, fee = multiple × the back-billing
    (at most the configured maximum, the maximum when not given)."""
    volume = r.number("volume_m3", high=MAX_VOLUME, required=True, positive=True)
    price = r.number("price_yuan_per_m3", high=MAX_PRICE, positive=True)
    multiple = r.number("fee_multiple", high=Decimal(1000))
    if multiple is not None and multiple > rules.max_fee_multiple:
        r.fail("fee_multiple", Message("不得高于 %(code)s 规定的上限 %(cap)s 倍。", code=rules.code,
                                       cap=rules.max_fee_multiple))
    r.unknown_fields()
    if r.errors:
        return None
    multiple = rules.max_fee_multiple if multiple is None else multiple
    price = rules.price_yuan_per_m3 if price is None else price
    result = Result(**args)
    back = fen(times(volume, price))
    result.lines.append(Line(Message("追补燃气费 = %(volume)s m³ × %(price)s 元/m³ = %(amount)s 元", volume=volume,
                                     price=price, amount=back), back, rules.article))
    fee = fen(times(multiple, back))
    result.lines.append(Line(Message("违约使用费 = %(multiple)s × 追补燃气费 %(base)s 元 = %(amount)s 元",
                                     multiple=Decimal(plain(multiple)), base=back, amount=fee), fee, rules.article))
    result.back_billing, result.violation_fee, result.fee_multiple = back, fee, multiple
    return result


LocalRules = Callable[[str, date], HeatRules | GasRules | None]


def calculate(data, *, local_rules: LocalRules | None = None, monthly_price: MonthlyPrice | None = None,
              today: date | None = None) -> dict:
    """The contract's output object for the input object `data`. `local_rules(utility, act_date)`
    gives the enterprise's heat or gas rules in force on that date (None when there are none);
    `monthly_price(utility, month)` the average unit price of a month for the compensation kind
    (§2.7(5), fees/domain/compensation.py). `today`: an act dated after it is refused (§2.6(4): the
    fees are of an act that took place; a date like 9999-12-31 is a typing error)."""
    if isinstance(data, dict) and data.get("kind") == "compensation":
        return calculate_compensation(data, monthly_price=monthly_price)
    r = Reader(data)
    if r.errors:
        raise CalculationInvalid(r.errors)
    kind = r.choice("kind", KINDS)
    utility = r.choice("utility", UTILITIES, default="electricity")
    act_date = r.day("act_date")
    if act_date is not None and today is not None and act_date > today:
        r.fail("act_date", Message("§2.6(4) 行为日期 %(date)s 晚于今天（%(today)s）。", date=act_date.isoformat(),
                                   today=today.isoformat()))
    args = {"kind": kind, "utility": utility, "act_date": act_date}
    if utility in ("heat", "gas"):
        rules = None
        if local_rules is None:
            r.fail("utility", Message("%(utility)s 的规则由企业配置：请指明企业。", utility=utility))
        elif act_date is not None:
            rules = local_rules(utility, act_date)
            if rules is None:
                r.fail("utility", Message("该企业在 %(date)s 没有施行的%(utility)s规则：请管理员配置。",
                                          date=act_date.isoformat(), utility=UTILITY_LABELS[utility]))
        if rules is None or kind is None:
            r.read.update({"area_m2", "seasons", "volume_m3", "price_yuan_per_m3", "fee_multiple"})
            r.unknown_fields()
            raise CalculationInvalid(r.errors)
        args.update(rule_set=rules.code, verified=False)
        result = (_heat if utility == "heat" else _gas)(r, rules, args)
        if result is not None and rules.example:
            result.note = gettext_noop("示例规则：数值仅为示例，不可用于实际计费，请管理员按当地规定配置。")
    else:
        rs = _rule_set(r, act_date)
        if rs is not None:
            args.update(rule_set=rs.code, verified=rs.verified, note=rs.note)
        if kind == "theft":
            result = _theft(r, rs, args)  # rs is None only when act_date or rule_set is already refused
        elif kind == "violation":
            result = _violation(r, rs, args)
        else:
            r.read.update(THEFT_FIELDS | ITEM_FIELDS | {"item", "two_part_tariff"})
            r.unknown_fields()
            result = None
    if r.errors or result is None:
        raise CalculationInvalid(r.errors or {"body": REQUIRED})
    return result.as_dict()


THEFT_FIELDS = {"customer_type", "price_yuan_per_kwh", "stolen_kwh", "capacity_kw", "capacity_kva", "days",
                "hours_per_day", "fee_multiple"}

UTILITY_LABELS = {"electricity": gettext_noop("电力"), "heat": gettext_noop("热力"), "gas": gettext_noop("燃气")}
