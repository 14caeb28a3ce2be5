"""The demo organisation: one company, three enterprises (power, heat, gas) with two business
offices each, a service hall, discipline inspection, and a member of staff for every role."""

from datetime import date, datetime, timedelta

from django.db import transaction

from utilicase.org.models import Role, Unit, UnitKind, User, Utility
from utilicase.org.services import certificate_issue, discipline_install, staff_create, unit_create

DEMO_PASSWORD = "demo-pass-2026"

# (code, name, kind, parent code, utility, short name for document numbers)
UNITS = [
    ("tianfu", "天富能源股份有限公司", UnitKind.COMPANY, None, "", "天富"),
    ("tf-power", "天富供电公司", UnitKind.ENTERPRISE, "tianfu", Utility.POWER, "天富电"),
    ("tf-power-city", "城区供电营业所", UnitKind.OFFICE, "tf-power", "", ""),
    ("tf-power-dev", "开发区供电营业所", UnitKind.OFFICE, "tf-power", "", ""),
    ("tf-power-marketing", "供电公司营销部", UnitKind.DEPARTMENT, "tf-power", "", ""),
    ("tf-heat", "天富供热公司", UnitKind.ENTERPRISE, "tianfu", Utility.HEAT, "天富热"),
    ("tf-heat-east", "东区供热营业所", UnitKind.OFFICE, "tf-heat", "", ""),
    ("tf-heat-west", "西区供热营业所", UnitKind.OFFICE, "tf-heat", "", ""),
    ("tf-gas", "天富燃气公司", UnitKind.ENTERPRISE, "tianfu", Utility.GAS, "天富气"),
    ("tf-gas-city", "城区燃气营业所", UnitKind.OFFICE, "tf-gas", "", ""),
    ("tf-gas-north", "北区燃气营业所", UnitKind.OFFICE, "tf-gas", "", ""),
    ("tf-hall", "天富客户服务营业厅", UnitKind.HALL, "tianfu", "", ""),
    ("tf-discipline", "纪检监察部", UnitKind.DISCIPLINE, "tianfu", "", ""),
]

# (username, full name, role, unit code, certificates: [(utility, number)]). Discipline inspection is
# not a role one is created with: its member is granted as at installation (§6.7(iii)(1-6)).
STAFF = [
    ("inspector1", "王建国", Role.INSPECTOR, "tf-power-city",
     [(Utility.POWER, "XJ-D-2024-0131"), (Utility.HEAT, "XJ-R-2024-0057")]),
    ("inspector2", "李海燕", Role.INSPECTOR, "tf-power-city",
     [(Utility.POWER, "XJ-D-2024-0132"), (Utility.GAS, "XJ-Q-2024-0044")]),
    ("office_head1", "张志强", Role.OFFICE_HEAD, "tf-power-city", []),
    ("enterprise_deputy1", "刘洪涛", Role.ENTERPRISE_DEPUTY, "tf-power", []),
    ("company_deputy1", "陈立新", Role.COMPANY_DEPUTY, "tianfu", []),
    ("field_worker1", "赵勇", Role.FIELD_WORKER, "tf-power-city", []),
    ("hall_staff1", "孙丽娜", Role.HALL_STAFF, "tf-hall", []),
    ("hall_head1", "周敏", Role.HALL_HEAD, "tf-hall", []),
    ("handler1", "吴俊", Role.HANDLER, "tf-power-marketing", []),
    ("discipline1", "郑文华", Role.DISCIPLINE, "tf-discipline", []),
    ("admin", "系统管理员", Role.ADMIN, "tianfu", []),
]


def demo_loaded() -> bool:
    return Unit.objects.filter(code="tianfu").exists()


@transaction.atomic
def load_demo_org(*, now: datetime) -> dict[str, Unit]:
    """The units and the staff (with certificates); returns the units by code."""
    units: dict[str, Unit] = {}
    for code, name, kind, parent, utility, short in UNITS:
        units[code] = unit_create(actor=None, name=name, code=code, kind=kind, parent=units.get(parent),
                                  utility=utility, short_name=short, now=now)
    today = now.date()
    for username, full_name, role, unit_code, certs in STAFF:
        member = role == Role.DISCIPLINE
        user: User = staff_create(actor=None, username=username, full_name=full_name, role="" if member else role,
                                  unit=None if member else units[unit_code], password=DEMO_PASSWORD,
                                  is_admin=(role == Role.ADMIN), now=now)
        if member:
            discipline_install(user=user, unit=units[unit_code], now=now)
        for utility, number in certs:
            certificate_issue(actor=None, holder=user, number=number, utility=utility,
                              valid_from_date=date(today.year - 1, 1, 1), valid_to_date=date(today.year + 2, 12, 31),
                              now=now)
    return units


@transaction.atomic
def load_demo(*, now: datetime, customers: int = 300) -> dict[str, int]:
    from utilicase.accidents.demo import make_demo_accidents
    from utilicase.complaints.demo import make_demo_complaints
    from utilicase.customers.demo import make_demo_customers, make_demo_prices
    from utilicase.documents.demo import make_demo_documents
    from utilicase.enforcement.demo import make_demo_enforcement
    from utilicase.evidence.demo import make_demo_evidence
    from utilicase.fees.demo import make_demo_fee_rules
    from utilicase.fieldwork.demo import make_demo_fieldwork
    from utilicase.inspections.demo import make_demo_inspections
    from utilicase.notifications.demo import make_demo_notifications
    from utilicase.whistleblowing.demo import make_demo_reports

    units = load_demo_org(now=now)
    today = now.date()
    enterprises = [u for u in units.values() if u.kind == UnitKind.ENTERPRISE]
    offices = {e: [u for u in units.values() if u.kind == UnitKind.OFFICE and u.parent_id == e.pk] for e in enterprises}
    made = make_demo_customers(enterprises=enterprises, offices_by_enterprise=offices, count=customers, seed=2026, now=now)
    month_start = today.replace(day=1)
    last_month = (month_start - timedelta(days=1)).replace(day=1)
    prices = make_demo_prices(enterprises=enterprises, months=24, end_month_date=last_month, seed=2026)
    return {
        "units": len(units), "staff": len(STAFF), "customers": _count(made), "prices": _count(prices),
        "complaints": _count(make_demo_complaints(now=now)),
        "whistleblower reports": _count(make_demo_reports(now=now)),
        "inspection orders": _count(make_demo_inspections(now=now)),
        "documents": _count(make_demo_documents(now=now)),
        "evidence items": _count(make_demo_evidence(now=now)),
        "fee rule sets (examples)": _count(make_demo_fee_rules(now=now)),
        "enforcement cases": _count(make_demo_enforcement(now=now)),
        "field work orders": _count(make_demo_fieldwork(now=now)),
        "accident cases": _count(make_demo_accidents(now=now)),
        "notifications": _count(make_demo_notifications(now=now)),
    }


def _count(result) -> int:
    return result if isinstance(result, int) else len(result)
