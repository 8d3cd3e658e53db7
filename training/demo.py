"""Demo data for this app, called by `manage.py seed_demo` after the employee register exists."""


def seed(*, stdout, today, seed: int) -> None:
    """Idempotent: a second run changes nothing."""
