"""Admin of the heat and gas rules each enterprise configures. Every save goes through
fees.services.local_rule_set_save (validated and audited); nothing is deleted here (a later
version with a later effective date replaces a set; calculations of past acts still use the set
then in force)."""

from django.contrib import admin
from django.utils import timezone

from utilicase.fees.models import LocalRuleSet
from utilicase.fees.services import local_rule_set_save


@admin.register(LocalRuleSet)
class LocalRuleSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "enterprise", "utility", "effective_from", "example", "changed_at"]
    list_filter = ["utility", "example", "enterprise"]
    search_fields = ["code", "name"]
    readonly_fields = ["changed_by", "changed_at"]
    fields = ["enterprise", "utility", "code", "name", "article", "effective_from",
              "heating_price_yuan_per_m2_season", "connection_fee_yuan_per_m2", "gas_price_yuan_per_m3",
              "gas_max_fee_multiple", "example", "changed_by", "changed_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "enterprise", "utility"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        local_rule_set_save(actor=request.user, rule_set=obj, now=timezone.now())
