from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "performance"
    verbose_name = _("Kinerja (SKP)")

    def ready(self):
        from . import notifications  # noqa: F401  (subscribes to this app's events)
