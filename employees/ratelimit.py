"""A per-address request counter in Django's cache, for public forms (registration, status, password reset)."""

from django.core.cache import cache


def rate_limited(request, bucket: str, limit: tuple[int, int]) -> bool:
    """Count requests per address; True once `limit` = (requests, seconds) is passed within the window."""
    key = f"rl:{bucket}:{request.META.get('REMOTE_ADDR', '-')}"
    cache.add(key, 0, timeout=limit[1])
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=limit[1])
        count = 1
    return count > limit[0]
