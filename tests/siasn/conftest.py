import pytest
from django.core.cache import cache

from siasn.fake import FakeSiasn


@pytest.fixture
def fake_siasn(settings):
    """A real fake SIASN HTTP server on 127.0.0.1, with the SIASN_* settings pointing at it."""
    server = FakeSiasn().start()
    for key, value in server.settings().items():
        setattr(settings, key, value)
    settings.SIASN_TIMEOUT = 2
    settings.SIASN_RETRY_SECONDS = 1
    cache.clear()  # no token cached by another test
    yield server.state
    server.stop()
    cache.clear()


def unit_row(sid, name, parent="8271", head=""):
    return {
        "Id": sid,
        "DiatasanId": parent,
        "NamaUnor": name,
        "NamaJabatan": head,
        "EselonId": "",
        "InstansiId": "8271",
    }


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit():` runs what the block queued for after the commit (tasks run eagerly here)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
