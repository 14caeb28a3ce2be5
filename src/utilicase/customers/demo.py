"""Demo customers and monthly average prices around Shihezi (石河子), Xinjiang.

Reproducible from the seed; written with bulk_create (a few queries for hundreds of rows).
Both functions assume the customers of these enterprises do not exist yet. They write no
audit events: the caller (`utilicase demo`) records the demo load as a whole.
"""

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from utilicase.customers.domain.fields import VOLTAGE_OF_CLASS
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.org.models import Unit

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN_NAMES = (
    "伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建国 建华 志强 海燕 红梅"
    " 文博 子涵 浩然 雨轩 欣怡 梓萱 俊杰 晓东 春花 振华 德明 玉兰 淑珍 国庆 新民 卫东 丽娟 雪莲 天宇 嘉怡"
).split()
# Uyghur and Kazakh names, written as they are in Chinese records.
MINORITY_NAMES = (
    "买买提·艾力", "阿依古丽·吐尔逊", "艾合买提·尼亚孜", "古丽娜尔·阿不都", "热依拉·买买提",
    "努尔兰·哈力克", "阿力木·沙吾提", "再努尔·吾斯曼",
)
TRADE_NAMES = (
    "恒源", "鑫盛", "瑞丰", "博远", "金泰", "宏达", "众和", "新源", "华兴", "丰泰", "绿原", "北疆", "银泉",
    "金垦", "汇通", "佳信", "西部", "润泽", "嘉禾", "远航",
)
GENERAL_TRADES = (
    "纺织", "食品", "棉业", "建材", "物流", "商贸", "机械制造", "塑业", "农业科技", "餐饮管理", "酒店管理",
    "印务", "番茄制品", "乳业", "汽车服务", "果业",
)
IMPORTANT_KINDS = (
    "化工有限责任公司", "水泥有限公司", "污水处理有限公司", "数据中心有限公司", "硅业有限公司",
    "医院", "水务有限公司", "钢铁有限公司",
)
ROADS = ("北一路", "北二路", "北三路", "北四路", "东一路", "东二路", "东三路", "西一路", "西二路", "西三路",
         "南子午路", "北子午路")
BUSINESS_STREETS = (
    ("石河子开发区", ("北八路", "北九路", "东六路", "东七路", "纬五路")),
    ("石河子市", ("北四东路", "北三东路", "东环路", "西环路", "乌伊公路")),
    ("石河子化工新材料产业园", ("纬三路", "纬五路", "经二路")),
)
TOWNS = ("北泉镇", "石河子镇", "一二一团", "一三三团", "一四三团", "一四七团", "一五〇团")
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "158", "159", "177", "180", "181", "182", "186", "187", "189", "199")

# (tariff category, unit price in yuan per kWh, GJ or m³) by utility and class.
TARIFFS = {
    "POWER": {
        "RESIDENTIAL": (("居民生活用电", "0.5100"), ("居民生活用电(合表)", "0.5300")),
        "GENERAL": (("一般工商业", "0.6150"), ("农业生产用电", "0.4580")),
        "IMPORTANT": (("大工业", "0.4230"), ("一般工商业(高压)", "0.5870")),
    },
    "HEAT": {
        "RESIDENTIAL": (("居民供热", "22.0000"),),
        "GENERAL": (("非居民供热", "28.5000"),),
        "IMPORTANT": (("非居民供热", "28.5000"), ("工业蒸汽", "26.8000")),
    },
    "GAS": {
        "RESIDENTIAL": (("居民生活用气", "2.0700"),),
        "GENERAL": (("非居民用气", "2.4500"),),
        "IMPORTANT": (("工业用气", "2.2300"), ("非居民用气", "2.4500")),
    },
}
# Monthly average unit selling price ranges (yuan per kWh, GJ, m³).
PRICE_RANGES = {
    "POWER": (Decimal("0.50"), Decimal("0.60")),
    "HEAT": (Decimal("20"), Decimal("30")),
    "GAS": (Decimal("2.0"), Decimal("2.5")),
}
UTILITY_WEIGHT = {"POWER": 2, "HEAT": 1, "GAS": 1}
UTILITY_DIGIT = {"POWER": "1", "HEAT": "2", "GAS": "3"}


def _person(rng: random.Random) -> str:
    if rng.random() < 0.06:
        return rng.choice(MINORITY_NAMES)
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def _company(rng: random.Random, customer_class: str) -> str:
    trade_name = rng.choice(TRADE_NAMES)
    if customer_class == "IMPORTANT":
        kind = rng.choice(IMPORTANT_KINDS)
        return f"石河子市{trade_name}{kind}" if kind == "医院" else f"新疆{trade_name}{kind}"
    return f"石河子市{trade_name}{rng.choice(GENERAL_TRADES)}有限公司"


def _home_address(rng: random.Random) -> str:
    if rng.random() < 0.15:
        town = rng.choice(TOWNS)
        if town.endswith("团"):
            return f"{town}{rng.randint(1, 20)}连{rng.randint(1, 80)}号"
        return f"石河子市{town}{rng.choice(('幸福路', '团结路', '振兴街'))}{rng.randint(1, 200)}号"
    floor, room = rng.randint(1, 6), rng.randint(1, 2)
    return (f"石河子市{rng.choice(ROADS)}{rng.randint(1, 60)}小区{rng.randint(1, 40)}栋"
            f"{rng.randint(1, 4)}单元{floor}{room:02d}")


def _business_address(rng: random.Random) -> str:
    area, streets = rng.choice(BUSINESS_STREETS)
    return f"{area}{rng.choice(streets)}{rng.randint(1, 260)}号"


def _mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def _landline(rng: random.Random) -> str:
    return f"0993-{rng.randint(2, 6)}{rng.randrange(10**6):06d}"


def _split(total: int, weights: list[int]) -> list[int]:
    """`total` shared in proportion to `weights`, the remainder to the largest weights."""
    whole = sum(weights)
    shares = [total * w // whole for w in weights]
    for i in sorted(range(len(weights)), key=lambda i: -weights[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _classes(count: int, rng: random.Random) -> list[str]:
    """Mostly residential, some general, a few important (at least one of each when possible)."""
    important = max(1, round(count * 0.04)) if count >= 3 else 0
    general = max(1, round(count * 0.16)) if count >= 2 else 0
    classes = ["IMPORTANT"] * important + ["GENERAL"] * general
    classes += ["RESIDENTIAL"] * (count - len(classes))
    rng.shuffle(classes)
    return classes


def _offices(offices_by_enterprise: dict, enterprise: Unit) -> list[Unit]:
    for key in (enterprise, enterprise.pk, enterprise.code):
        if offices_by_enterprise.get(key):
            return list(offices_by_enterprise[key])
    raise ValueError(f"enterprise {enterprise.code} has no business office to serve its customers")


def make_demo_customers(
    *, enterprises: list[Unit], offices_by_enterprise: dict, count: int = 300, seed: int = 2026, now: datetime,
) -> list[Customer]:
    """About `count` customers shared over the enterprises (power twice as many as heat or
    gas), each with one service point of its enterprise's utility. `offices_by_enterprise`
    maps each enterprise (the Unit, its id or its code) to its business offices."""
    rng = random.Random(seed)
    shares = _split(count, [UTILITY_WEIGHT.get(e.utility, 1) for e in enterprises])
    customers: list[Customer] = []
    points: list[ServicePoint] = []
    for enterprise, share in zip(enterprises, shares, strict=True):
        offices = _offices(offices_by_enterprise, enterprise)
        sequence = {office.pk: rng.randint(10_000, 90_000) for office in offices}
        for customer_class in _classes(share, rng):
            office_index = rng.randrange(len(offices))
            office = offices[office_index]
            sequence[office.pk] += rng.randint(1, 37)
            residential = customer_class == "RESIDENTIAL"
            customer = Customer(
                enterprise=enterprise,
                office=office,
                account_number=f"{UTILITY_DIGIT.get(enterprise.utility, '9')}{office_index + 1:02d}"
                               f"{sequence[office.pk]:07d}",
                name=_person(rng) if residential else _company(rng, customer_class),
                address=_home_address(rng) if residential else _business_address(rng),
                contact_phone=_mobile(rng) if residential or rng.random() < 0.3 else _landline(rng),
                created_at=now - timedelta(days=rng.randint(30, 15 * 365), minutes=rng.randint(0, 1440)),
            )
            category, price = rng.choice(TARIFFS[enterprise.utility][customer_class])
            customers.append(customer)
            points.append(ServicePoint(
                customer=customer, utility=enterprise.utility, voltage_level=VOLTAGE_OF_CLASS[customer_class],
                customer_class=customer_class, tariff_category=category, unit_price=Decimal(price),
            ))
    Customer.objects.bulk_create(customers, batch_size=500)
    # bulk_create has given each customer its pk; the service points pick it up when saved.
    ServicePoint.objects.bulk_create(points, batch_size=500)
    return customers


def _month_back(month_date: date, months: int) -> date:
    index = month_date.year * 12 + month_date.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def make_demo_prices(
    *, enterprises: list[Unit], months: int = 24, end_month_date: date, seed: int = 2026,
) -> list[MonthlyAveragePrice]:
    """Monthly average prices of the `months` months up to and including `end_month_date`'s
    month, per enterprise: a slow drift inside the utility's plausible range."""
    rng = random.Random(seed)
    end = end_month_date.replace(day=1)
    rows: list[MonthlyAveragePrice] = []
    for enterprise in enterprises:
        low, high = PRICE_RANGES.get(enterprise.utility, (Decimal("1"), Decimal("2")))
        span = high - low
        level = Decimal(rng.uniform(0.3, 0.7))
        for back in range(months - 1, -1, -1):
            level = min(Decimal("0.98"), max(Decimal("0.02"), level + Decimal(rng.uniform(-0.08, 0.08))))
            price = (low + span * level).quantize(Decimal("0.0001"))
            rows.append(MonthlyAveragePrice(enterprise=enterprise, month_date=_month_back(end, back), price=price,
                                            source="billing"))
    MonthlyAveragePrice.objects.bulk_create(rows, batch_size=500)
    return rows


def demo_portal_customer() -> Customer | None:
    """The customer the demo signs in to the portal as: the power enterprise's first account,
    the one the demo complaint and theft case are of (which account that is depends on how many
    customers the demo made)."""
    return (Customer.objects.filter(enterprise__code="tf-power").select_related("enterprise", "office")
            .order_by("account_number").first())
