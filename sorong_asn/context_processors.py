from django.utils.functional import cached_property

from performance import selectors as performance
from recruitment import selectors as recruitment


class Sections:
    """Which sections this user can use: the menu asks the same functions the views enforce.
    Each is computed only when a template reads it."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def recruitment(self) -> bool:
        return recruitment.in_recruitment_menu(self.user)

    @cached_property
    def team(self) -> bool:
        return performance.may_use_team(self.user)

    @cached_property
    def approvals(self) -> bool:
        return performance.may_use_approvals(self.user)

    @cached_property
    def follow_up(self) -> bool:
        return performance.may_use_follow_up(self.user)


def sections(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"sections": Sections(user)}
