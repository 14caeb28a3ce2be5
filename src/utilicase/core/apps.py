from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registers the pure core's management commands; core itself holds no models."""

    name = "utilicase.core"
    label = "core"
