from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class CustomersConfig(AppConfig):
    name = "utilicase.customers"
    label = "customers"
    verbose_name = pgettext_lazy("section", "客户")
