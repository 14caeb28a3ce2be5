"""Customers of the enterprises, their service point (one per utility), and the billing
system's monthly average unit selling price per enterprise (used by §2.7(5))."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from utilicase.customers.domain import fields as rules
from utilicase.org.models import Unit, Utility


class VoltageLevel(models.TextChoices):
    LOW = "LOW", _("低压")
    HIGH = "HIGH", _("高压")


class CustomerClass(models.TextChoices):
    RESIDENTIAL = "RESIDENTIAL", _("居民")
    GENERAL = "GENERAL", _("一般客户")
    IMPORTANT = "IMPORTANT", _("重要客户")


class Customer(models.Model):
    """A customer account of one enterprise. Someone who takes power and heat has two
    accounts, one in each enterprise."""

    # No index of its own: the unique (enterprise, account number) index serves it.
    enterprise = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="customers", verbose_name=_("供应企业"),
        limit_choices_to={"kind": "ENTERPRISE"}, db_index=False,
    )
    office = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="served_customers", verbose_name=_("营业所"),
        limit_choices_to={"kind": "OFFICE"},
    )
    # db_index gives PostgreSQL a second, pattern-ops index, so prefix search uses it too.
    account_number = models.CharField(
        _("户号"), max_length=rules.MAX_LENGTH["account_number"], db_index=True
    )
    name = models.CharField(_("户名"), max_length=rules.MAX_LENGTH["name"])
    address = models.CharField(_("用电(热、气)地址"), max_length=rules.MAX_LENGTH["address"])
    contact_phone = models.CharField(
        _("联系电话"), max_length=rules.MAX_LENGTH["contact_phone"], db_index=True
    )
    created_at = models.DateTimeField(_("建档时间"))

    class Meta:
        verbose_name = _("客户")
        verbose_name_plural = pgettext_lazy("section", "客户")
        ordering = ["enterprise_id", "account_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "account_number"], name="customers_customer_account_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_number} {self.name}"


class ServicePoint(models.Model):
    """What the customer takes from the enterprise: the utility (the enterprise's own),
    voltage level, class and tariff. The class decides the suspension procedure (§1.2)."""

    # No index of its own: the unique (customer, utility) index serves it.
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="service_points", verbose_name=_("客户"), db_index=False,
    )
    utility = models.CharField(_("专业"), max_length=10, choices=Utility.choices)
    voltage_level = models.CharField(_("电压等级"), max_length=10, choices=VoltageLevel.choices)
    customer_class = models.CharField(_("客户类别"), max_length=20, choices=CustomerClass.choices)
    tariff_category = models.CharField(_("电价类别"), max_length=rules.MAX_LENGTH["tariff_category"])
    unit_price = models.DecimalField(
        _("单价(元)"), max_digits=rules.PRICE_MAX_DIGITS, decimal_places=rules.PRICE_DECIMAL_PLACES
    )

    class Meta:
        verbose_name = _("服务点")
        verbose_name_plural = _("服务点")
        constraints = [
            models.UniqueConstraint(fields=["customer", "utility"], name="customers_service_point_unique"),
            # 居民和一般客户(低压客户、非重要客户) §1.2(1); 重要客户(高压客户) §1.2(2).
            models.CheckConstraint(
                condition=(
                    models.Q(customer_class__in=["RESIDENTIAL", "GENERAL"], voltage_level="LOW")
                    | models.Q(customer_class="IMPORTANT", voltage_level="HIGH")
                ),
                name="customers_service_point_class_voltage",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gt=0), name="customers_service_point_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.get_utility_display()} {self.get_customer_class_display()}"


class MonthlyAveragePrice(models.Model):
    """The billing system's (营销系统) average unit selling price of one enterprise in one
    month, in yuan per kWh, GJ or m³. §2.7(5) prices compensation at last month's value."""

    enterprise = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="monthly_prices", verbose_name=_("供应企业"),
        limit_choices_to={"kind": "ENTERPRISE"},
    )
    month_date = models.DateField(_("月份"), help_text=_("该月第一天"))
    price = models.DecimalField(
        _("平均单价(元)"), max_digits=rules.PRICE_MAX_DIGITS, decimal_places=rules.PRICE_DECIMAL_PLACES
    )
    source = models.CharField(_("来源"), max_length=rules.MAX_LENGTH["source"], default="billing")

    class Meta:
        verbose_name = _("月平均售价")
        verbose_name_plural = _("月平均售价")
        ordering = ["enterprise_id", "-month_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "month_date"], name="customers_monthly_price_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="customers_monthly_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.month_date:%Y-%m} {self.price}"
