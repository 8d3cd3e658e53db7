"""Where to go after a POST action: the page's `next` only when it points back into this site."""

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *args, **kwargs) -> str:
    """`next` from the form (or the query string) if it stays on this host, else the `fallback` URL or name.

    Without the check `next=https://evil.example` would send the user to another site after approving."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # a path on this host only: "zzz" would be taken for a URL name and fail to resolve
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback, *args, **kwargs)
