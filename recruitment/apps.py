from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "recruitment"
    verbose_name = _("Rekrutmen")

    def ready(self):
        from . import listeners, notifications  # noqa: F401  (subscribe to events)
