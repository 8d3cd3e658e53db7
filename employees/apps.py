from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployeesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "employees"
    verbose_name = _("Kepegawaian")

    def ready(self):
        from . import listeners, notifications  # noqa: F401  (subscribe to events)
