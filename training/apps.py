from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self):
        from . import notifications  # noqa: F401  (subscribes to this app's events)
