"""factory_boy factories for customers. Units are made through the organisation's own
service (unit_create), which sets the materialised `path`."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from utilicase.customers.models import Customer, ServicePoint
from utilicase.org.models import Unit, UnitKind
from utilicase.org.services import unit_create

CREATED_AT = datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


class UnitFactory(factory.Factory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试营业所{n}")
    code = factory.Sequence(lambda n: f"test-unit-{n}")
    kind = UnitKind.OFFICE
    parent = None
    utility = ""

    @classmethod
    def _create(cls, model_class, **kwargs):
        return unit_create(actor=None, now=CREATED_AT, **kwargs)


class CustomerFactory(DjangoModelFactory):
    """Pass `office` (a business office); the enterprise defaults to the office's parent."""

    class Meta:
        model = Customer

    office = None
    enterprise = factory.LazyAttribute(lambda o: o.office.parent)
    account_number = factory.Sequence(lambda n: f"90{n:08d}")
    name = factory.Sequence(lambda n: f"测试客户{n}")
    address = factory.Sequence(lambda n: f"石河子市北三路{n % 60 + 1}小区1栋1单元101")
    contact_phone = factory.Sequence(lambda n: f"139{n:08d}")
    created_at = CREATED_AT


class ServicePointFactory(DjangoModelFactory):
    class Meta:
        model = ServicePoint

    customer = factory.SubFactory(CustomerFactory)
    utility = factory.LazyAttribute(lambda o: o.customer.enterprise.utility)
    voltage_level = "LOW"
    customer_class = "RESIDENTIAL"
    tariff_category = "居民生活用电"
    unit_price = Decimal("0.5100")
