from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "utilicase.dashboards"
    label = "dashboards"
    verbose_name = "dashboards"
