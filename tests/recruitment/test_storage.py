import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_applications_leave_room_for_the_ranking_to_update_in_place():
    """Ranking rewrites every application of a round; half-empty pages keep those updates off the indexes."""
    if connection.vendor != "postgresql":
        pytest.skip("fillfactor is a PostgreSQL storage setting")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'recruitment_application'")
        assert "fillfactor=50" in (cursor.fetchone()[0] or [])
