"""The plumbing of every workflow action, written once: POST only, load in scope, run the service,
turn a refusal into a message, redirect to a safe `next`."""

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from .permissions import require_hr
from .redirects import safe_next


@dataclass(frozen=True)
class Action:
    """One thing a user might do now: allowed, or refused with the reason. Each workflow has one selector
    returning these (`appraisal_actions`, `session_actions`), read by its page, its views and its checks."""

    allowed: bool
    reason: str = ""
    # Refused although the step is this user's (the moment is not): the page shows the reason as text.
    explain: bool = False

    def __bool__(self) -> bool:
        return self.allowed


def explained(actions: dict, labels: dict) -> list[tuple[str, str]]:
    """(label, reason) of each refused action the page explains in text (`partials/refused_actions.html`):
    a reason in a `title` alone is seen neither on a phone nor by many screen readers."""
    return [
        (labels[name], action.reason)
        for name, action in actions.items()
        if isinstance(action, Action) and not action and action.explain and name in labels
    ]


def form_errors(form) -> list[str]:
    """Every error of an invalid form, each with its field's label."""
    out = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        out += [f"{label}: {error}" if label else error for error in errors]
    return out


def workflow_post(
    *,
    load: Callable,
    then: Callable,
    form: type | None = None,
    form_kwargs: Callable | None = None,
    invalid: str = "",
    hr: bool = False,
):
    """Decorate `view(request, obj[, form], **rest)` that runs one service and returns the success message
    (or a response of its own).

    - POST only; login required; with `hr`, HR officers only, checked before anything is looked up.
    - `load(request, **url_kwargs)` returns the object within the user's scope or raises Http404; the URL
      arguments it does not name go on to the view.
    - `form` is bound to POST and FILES (plus `form_kwargs(request)`) and validated first: an invalid form
      becomes a message (`invalid`, or each field error) and the view does not run, so the `cleaned_data`
      of an invalid form is never read.
    - Each message of a `ValidationError` from the service becomes an error message; `PermissionDenied`
      stays a 403, as every service refusal is one wherever it is raised.
    - Then a redirect to a safe `next`, or to `then(obj)`.
    """

    def decorate(view):
        loads = set(inspect.signature(load).parameters) - {"request"}

        @wraps(view)
        def wrapper(request, **kwargs):
            if hr:
                require_hr(request.user)
            obj = load(request, **{k: v for k, v in kwargs.items() if k in loads})
            kwargs = {k: v for k, v in kwargs.items() if k not in loads}
            extra = {}
            if form is not None:
                bound = form(request.POST, request.FILES, **(form_kwargs(request) if form_kwargs else {}))
                if not bound.is_valid():
                    for message in [invalid] if invalid else form_errors(bound):
                        messages.error(request, message)
                    return redirect(safe_next(request, then(obj)))
                extra["form"] = bound
            try:
                done = view(request, obj, **extra, **kwargs)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                if isinstance(done, HttpResponse):
                    return done
                if done:
                    messages.success(request, done)
            return redirect(safe_next(request, then(obj)))

        return login_required(require_POST(wrapper))

    return decorate
