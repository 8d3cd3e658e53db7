from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiasnConfig(AppConfig):
    name = "siasn"
    verbose_name = _("Sinkronisasi SIASN")

    def ready(self):
        from . import listeners  # noqa: F401  (subscribes to the domain events)
