"""The client's address, as seen through a configured number of trusted reverse proxies.

Behind the README's nginx every request arrives from 127.0.0.1, so keying rate limits, the login lockout
and the access log on REMOTE_ADDR would put the whole city in one bucket. Each trusted proxy appends the
address it received the request from to X-Forwarded-For; with `TRUSTED_PROXY_COUNT = n` the client is the
n-th entry from the right. Entries further left were written by the client itself and are never trusted.
With `TRUSTED_PROXY_COUNT = 0` (no proxy, the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not chain:
        return remote
    candidate = chain[-count] if len(chain) >= count else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
