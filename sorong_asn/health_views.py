from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from employees.health import health_report


@never_cache
@require_GET
def health(request):
    """For monitors, without login: 200 when every part runs, 503 otherwise. No personal data."""
    ok, checks = health_report()
    return JsonResponse({"status": "ok" if ok else "gangguan", "checks": checks}, status=200 if ok else 503)
