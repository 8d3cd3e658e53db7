"""Whole-page cache for the public announcement pages.

A published announcement never changes: a correction is a new announcement that replaces it. So the page
an anonymous visitor sees depends only on the URL and on which announcements exist; the key carries both
(the newest number, its time and the count: one query), and publishing a correction moves every key at once.
A visitor with a session or a pending message gets the page rendered for them, never a shared copy.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation

from .models import Announcement

TIMEOUT = 60 * 60  # an hour: the key moves on every publication anyway


def _shareable(request) -> bool:
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies
    )


def _key(request) -> str:
    state = Announcement.objects.aggregate(last=Max("number"), n=Count("id"), at=Max("published_at"))
    at = state["at"].timestamp() if state["at"] else 0
    url = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pengumuman:{state['last']}:{state['n']}:{at}:{translation.get_language()}:{url}"


def public_page(view):
    """Serve the stored copy of a public page to anonymous visitors; store a fresh 200 for the next one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _shareable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200 and not response.cookies
        ):  # stored before the middleware adds per-visitor headers
            cache.set(key, response, TIMEOUT)
        return response

    return wrapper
