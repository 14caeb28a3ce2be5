"""Heat and gas penalty rules, which differ by city: configured per enterprise by an
administrator, versioned by effective date (a calculation uses the set in force on the date of
the act). Electricity's rule sets are national and live in fees/domain/rulesets.py as data."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalUtility(models.TextChoices):
    HEAT = "HEAT", _("热力")
    GAS = "GAS", _("燃气")


class LocalRuleSet(models.Model):
    """One version of an enterprise's heat or gas rules. Heat: back-billed heating fee =
    area × price per m² per heating season × seasons, plus a fee per m² of unauthorised
    connection. Gas: back-billed gas = volume × price per m³, plus a multiple (at most
    `gas_max_fee_multiple`) of it. `example` marks seeded values that are not real rules."""

    enterprise = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("供应企业"), limit_choices_to={"kind": "ENTERPRISE"})
    utility = models.CharField(_("专业"), max_length=10, choices=LocalUtility.choices)
    code = models.CharField(_("规则代码"), max_length=40, help_text=_("如“HEAT-2025”，显示在计算明细中"))
    name = models.CharField(_("规则名称"), max_length=200)
    article = models.CharField(_("依据条款"), max_length=200, help_text=_("计算明细中引用的地方规定及条款"))
    effective_from = models.DateField(_("施行日期"))
    heating_price_yuan_per_m2_season = models.DecimalField(
        _("采暖费（元/平方米·采暖期）"), max_digits=12, decimal_places=2, null=True, blank=True)
    connection_fee_yuan_per_m2 = models.DecimalField(
        _("私接违约使用费（元/平方米）"), max_digits=12, decimal_places=2, null=True, blank=True)
    gas_price_yuan_per_m3 = models.DecimalField(
        _("燃气价格（元/立方米）"), max_digits=12, decimal_places=4, null=True, blank=True)
    gas_max_fee_multiple = models.DecimalField(
        _("违约使用费倍数上限"), max_digits=6, decimal_places=2, null=True, blank=True)
    example = models.BooleanField(_("示例数值"), default=False,
                                  help_text=_("示例规则的数值仅为演示，计算结果会注明“示例”"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("修改人"))
    changed_at = models.DateTimeField(_("修改时间"))

    class Meta:
        verbose_name = _("热力、燃气费用规则")
        verbose_name_plural = _("热力、燃气费用规则")
        ordering = ["enterprise", "utility", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "utility", "effective_from"],
                                    name="fees_local_rule_set_one_per_date"),
            models.CheckConstraint(
                condition=~models.Q(utility="HEAT") | (models.Q(heating_price_yuan_per_m2_season__gte=0,
                                                                heating_price_yuan_per_m2_season__isnull=False)
                                                       & models.Q(connection_fee_yuan_per_m2__gte=0,
                                                                  connection_fee_yuan_per_m2__isnull=False)),
                name="fees_local_rule_set_heat_complete"),
            models.CheckConstraint(
                condition=~models.Q(utility="GAS") | (models.Q(gas_price_yuan_per_m3__gt=0,
                                                               gas_price_yuan_per_m3__isnull=False)
                                                      & models.Q(gas_max_fee_multiple__gte=0,
                                                                 gas_max_fee_multiple__isnull=False)),
                name="fees_local_rule_set_gas_complete"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        needed = (("heating_price_yuan_per_m2_season", "connection_fee_yuan_per_m2") if self.utility == LocalUtility.HEAT
                  else ("gas_price_yuan_per_m3", "gas_max_fee_multiple") if self.utility == LocalUtility.GAS else ())
        missing = {name: _("此专业的规则必须填写。") for name in needed if getattr(self, name) is None}
        if missing:
            raise ValidationError(missing)
