"""Admin for customer reference data. Every save goes through the services, so each change
is validated like an import row and audited; nothing is deleted here (cases will refer to
customers, and a deletion would leave no audit trail)."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from utilicase.customers.domain.fields import class_voltage_error
from utilicase.customers.models import Customer, MonthlyAveragePrice, ServicePoint
from utilicase.customers.services import (
    CustomerInvalid,
    customer_create,
    customer_errors,
    customer_update,
    monthly_price_set,
    service_point_set,
)
from utilicase.org.selectors import units_in_scope


def _add_errors(form: forms.ModelForm, errors: dict[str, str]) -> None:
    for field, message in errors.items():
        form.add_error(field if field in form.fields else None, message)


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = ["enterprise", "office", "account_number", "name", "address", "contact_phone"]

    def clean(self):
        data = super().clean()
        instance = self.instance
        enterprise = data.get("enterprise") or (instance.enterprise if instance.pk else None)
        office = data.get("office")
        if enterprise is None or office is None:
            return data
        errors, _ = customer_errors(
            enterprise=enterprise, office=office,
            account_number=data.get("account_number", instance.account_number),
            name=data.get("name", ""), address=data.get("address", ""),
            contact_phone=data.get("contact_phone", ""), exclude_id=instance.pk,
        )
        _add_errors(self, errors)
        return data


class ServicePointInline(admin.TabularInline):
    model = ServicePoint
    extra = 0
    can_delete = False
    fields = readonly_fields = ["utility", "voltage_level", "customer_class", "tariff_category", "unit_price"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Customer)
class CustomerAdmin(NoDeleteAdmin):
    form = CustomerForm
    list_display = ["account_number", "name", "contact_phone", "enterprise", "office"]
    list_filter = ["enterprise", "office"]
    search_fields = ["=account_number", "=contact_phone", "name"]
    list_select_related = ["enterprise", "office"]
    inlines = [ServicePointInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = units_in_scope(user=request.user)
        return queryset.filter(Q(enterprise__in=scope) | Q(office__in=scope))

    def get_readonly_fields(self, request, obj=None):
        # The enterprise and the account number identify the account.
        return ["enterprise", "account_number", "created_at"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        now = timezone.now()
        try:
            if change:
                customer_update(actor=request.user, customer=Customer.objects.get(pk=obj.pk), office=data["office"],
                                name=data["name"], address=data["address"], contact_phone=data["contact_phone"],
                                now=now)
            else:
                created = customer_create(actor=request.user, now=now, **data)
                obj.pk = created.pk
                obj._state.adding = False
        except CustomerInvalid as exc:  # the form checked the same rules; only a race gets here
            raise ValueError(str(exc)) from exc


class ServicePointForm(forms.ModelForm):
    class Meta:
        model = ServicePoint
        fields = ["customer", "voltage_level", "customer_class", "tariff_category", "unit_price"]

    def clean(self):
        data = super().clean()
        if data.get("customer_class") and data.get("voltage_level"):
            if problem := class_voltage_error(data["customer_class"], data["voltage_level"]):
                self.add_error("voltage_level", problem)
        return data


class MonthlyAveragePriceForm(forms.ModelForm):
    class Meta:
        model = MonthlyAveragePrice
        fields = ["enterprise", "month_date", "price", "source"]

    def clean_month_date(self):
        month_date = self.cleaned_data["month_date"]
        if month_date.day != 1:
            raise forms.ValidationError("请填写该月第一天 (the first day of the month)")
        return month_date


@admin.register(ServicePoint)
class ServicePointAdmin(NoDeleteAdmin):
    form = ServicePointForm
    list_display = ["customer", "utility", "customer_class", "voltage_level", "tariff_category", "unit_price"]
    list_filter = ["utility", "customer_class", "voltage_level"]
    search_fields = ["=customer__account_number", "customer__name"]
    raw_id_fields = ["customer"]
    list_select_related = ["customer"]

    def get_readonly_fields(self, request, obj=None):
        return ["customer", "utility"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        customer = obj.customer if change else data["customer"]
        point = service_point_set(
            actor=request.user, customer=customer, voltage_level=data["voltage_level"],
            customer_class=data["customer_class"], tariff_category=data["tariff_category"],
            unit_price=data["unit_price"], now=timezone.now(),
        )
        obj.pk = point.pk
        obj._state.adding = False


@admin.register(MonthlyAveragePrice)
class MonthlyAveragePriceAdmin(NoDeleteAdmin):
    list_display = ["enterprise", "month_date", "price", "source"]
    list_filter = ["enterprise"]
    date_hierarchy = "month_date"
    form = MonthlyAveragePriceForm

    def get_readonly_fields(self, request, obj=None):
        return ["enterprise", "month_date"] if obj else []

    def save_model(self, request, obj, form, change):
        row = monthly_price_set(actor=request.user, enterprise=obj.enterprise, month_date=obj.month_date,
                                price=obj.price, source=obj.source, now=timezone.now())
        obj.pk = row.pk
        obj._state.adding = False
