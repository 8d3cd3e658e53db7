"""A per-address request counter in Django's cache, for public forms (registration, status, password reset).

The counters live in the shared cache (Redis when REDIS_URL is set), so every gunicorn worker and every
web machine counts together; without Redis each process keeps its own count. The address is the client's
as seen through the trusted proxies (`employees.clientip`)."""

from django.core.cache import cache

from .clientip import client_ip


def rate_limited(request, bucket: str, limit: tuple[int, int]) -> bool:
    """Count requests per address; True once `limit` = (requests, seconds) is passed within the window."""
    key = f"rl:{bucket}:{client_ip(request) or '-'}"
    cache.add(key, 0, timeout=limit[1])
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit[1])
        count = 1
    return count > limit[0]
