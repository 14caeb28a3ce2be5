"""The pure domain's codes and limits are the models' choices and column sizes."""

from utilicase.customers.domain import fields
from utilicase.customers.models import Customer, CustomerClass, ServicePoint, VoltageLevel
from utilicase.org.models import Utility


def test_domain_codes_are_the_model_choices():
    assert tuple(Utility.values) == fields.UTILITIES
    assert tuple(VoltageLevel.values) == fields.VOLTAGE_LEVELS
    assert tuple(CustomerClass.values) == fields.CUSTOMER_CLASSES


def test_domain_length_limits_are_the_column_sizes():
    for name in ("account_number", "name", "address", "contact_phone"):
        assert Customer._meta.get_field(name).max_length == fields.MAX_LENGTH[name]
    assert ServicePoint._meta.get_field("tariff_category").max_length == fields.MAX_LENGTH["tariff_category"]
