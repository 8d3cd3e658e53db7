from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Pengembangan kompetensi")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from employees.selection import SelectionAction, register

        from . import notifications  # noqa: F401  (subscribes to this app's events)
        from .models import TrainingSession
        from .selectors import forget_sessions_open_for_nomination, sessions_open_for_nomination

        post_save.connect(forget_sessions_open_for_nomination, sender=TrainingSession)
        post_delete.connect(forget_sessions_open_for_nomination, sender=TrainingSession)

        # the employee list offers "nominate the selected people" without importing this app
        register(
            SelectionAction(
                label=_("Sesi pelatihan"),
                button=_("Usulkan ke sesi"),
                url_name="training:nominate-selection",
                choices=sessions_open_for_nomination,
            )
        )
