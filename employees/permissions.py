"""Who is an HR officer (BKPSDM): one service check and one view decorator for every app."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_hr(user, message: str = "") -> None:
    """Services call this before anything else: only HR officers pass, everyone else gets a 403 with
    `message` (or a general one)."""
    if user is None or not user.is_authenticated or not user.is_hr:
        raise PermissionDenied(message or _("Hanya petugas BKPSDM yang boleh melakukan ini."))


def hr_required(view):
    """Login, then HR or 403 — before the view looks anything up, so ids cannot be probed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        require_hr(request.user, _("Halaman ini hanya untuk petugas BKPSDM."))
        return view(request, *args, **kwargs)

    return login_required(wrapper)
