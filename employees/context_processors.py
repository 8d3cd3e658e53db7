from django.utils.functional import SimpleLazyObject

from .health import system_alerts
from .models import Notification


def roles(request):
    """Role flags and the unread count for the navigation; each is queried only when a template reads it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        ),
        # HR's banner when the worker or beat is silent or jobs wait too long (cached a minute)
        "system_alerts": SimpleLazyObject(lambda: system_alerts() if user.is_hr else []),
    }
