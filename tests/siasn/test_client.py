"""The client against the fake SIASN server: both tokens, caching, 401 refresh, pasted tokens, failures."""

import time

import pytest

from siasn import fake
from siasn.client import NotFound, SiasnClient, SiasnError, jwt_expiry
from siasn.models import PastedToken
from siasn.services import token_paste

NIP = "198609262015051001"


@pytest.fixture
def person(fake_siasn):
    fake_siasn.people[NIP] = {"id": "pns-1", "nipBaru": NIP, "nama": "Yohanis Kambuaya"}
    return fake_siasn.people[NIP]


def _api_calls(state):
    return [r for r in state.requests if r.path.startswith(fake.API)]


def test_every_call_carries_both_tokens(db, fake_siasn, person):
    assert SiasnClient().data_utama(NIP)["id"] == "pns-1"
    call = _api_calls(fake_siasn)[0]
    assert call.headers["Authorization"].startswith("Bearer apim-")
    assert call.headers["Auth"].startswith("bearer ")
    apim = next(r for r in fake_siasn.requests if r.path == fake.APIM_TOKEN_PATH)
    assert apim.body == {"grant_type": "client_credentials"} and apim.headers["Authorization"].startswith("Basic ")
    sso = next(r for r in fake_siasn.requests if r.path == fake.SSO_TOKEN_PATH)
    assert sso.body == {
        "grant_type": "password",
        "client_id": "sorong-asn",
        "username": "operator",
        "password": "sandi-uji",
    }


def test_tokens_are_cached_between_calls(db, fake_siasn, person):
    SiasnClient().data_utama(NIP)
    SiasnClient().data_utama(NIP)
    token_calls = [r for r in fake_siasn.requests if not r.path.startswith(fake.API)]
    assert len(token_calls) == 2  # one of each, reused by the second client


def test_token_cache_stays_below_lifetime(db, fake_siasn, person):
    fake_siasn.token_lifetime = 61  # cached for one second only (a minute of margin)
    SiasnClient().data_utama(NIP)
    time.sleep(1.2)
    SiasnClient().data_utama(NIP)
    assert len([r for r in fake_siasn.requests if r.path == fake.APIM_TOKEN_PATH]) == 2


def test_expired_token_is_refreshed_once_and_the_call_retried(db, fake_siasn, person):
    client = SiasnClient()
    client.data_utama(NIP)
    fake_siasn.expire_tokens()  # the server forgets every gateway token: the next call gets 401
    assert client.data_utama(NIP)["nama"] == "Yohanis Kambuaya"
    statuses = [r.path for r in fake_siasn.requests]
    assert statuses.count(fake.APIM_TOKEN_PATH) == 2
    assert len(_api_calls(fake_siasn)) == 3


def test_401_after_refresh_is_reported_not_looped(db, fake_siasn, person):
    fake_siasn.fail(fake.API, status=401, times=5)
    with pytest.raises(SiasnError, match="401"):
        SiasnClient().data_utama(NIP)
    assert len(_api_calls(fake_siasn)) == 2


def test_pasted_sso_token_is_used_instead_of_the_password(db, fake_siasn, person, settings, world):
    settings.SIASN_SSO_PASSWORD = ""
    token_paste(token=fake.sso_token(600), by=world.hr)
    assert SiasnClient().data_utama(NIP)["id"] == "pns-1"
    assert not [r for r in fake_siasn.requests if r.path == fake.SSO_TOKEN_PATH]


def test_expired_pasted_sso_token_says_so(db, fake_siasn, person, settings, world):
    settings.SIASN_SSO_PASSWORD = ""
    expired = fake.sso_token(-60)
    PastedToken.objects.create(token=expired, expires_at=jwt_expiry(expired))
    with pytest.raises(SiasnError, match="kedaluwarsa"):
        SiasnClient().data_utama(NIP)
    assert not _api_calls(fake_siasn)  # nothing sent with a token known to be dead


def test_pasting_an_expired_token_is_refused(db, world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="kedaluwarsa"):
        token_paste(token=fake.sso_token(-5), by=world.hr)
    assert not PastedToken.objects.exists()


def test_unknown_nip_is_not_found(db, fake_siasn):
    with pytest.raises(NotFound, match="tidak ditemukan"):
        SiasnClient().data_utama("199001012015011001")


def test_server_error_is_transient(db, fake_siasn, person):
    fake_siasn.fail("/apisiasn/1.0/pns/data-utama", status=500)
    with pytest.raises(SiasnError) as caught:
        SiasnClient().data_utama(NIP)
    assert caught.value.transient and caught.value.status == 500
    assert "fake failure" in caught.value.raw


def test_slow_answer_past_the_timeout_is_transient(db, fake_siasn, person, settings):
    settings.SIASN_TIMEOUT = 0.3
    fake_siasn.fail("/apisiasn/1.0/pns/data-utama", status=0, delay=1.0)
    with pytest.raises(SiasnError, match="tidak menjawab") as caught:
        SiasnClient().data_utama(NIP)
    assert caught.value.transient


def test_validation_error_carries_siasn_message(db, fake_siasn):
    with pytest.raises(SiasnError, match="tahun wajib diisi") as caught:
        SiasnClient().save("/skp22/save", {"pnsDinilaiOrang": "x"})
    assert not caught.value.transient


def test_unreachable_server_is_transient(db, settings):
    settings.SIASN_BASE_URL = "http://127.0.0.1:9/apisiasn/1.0"
    settings.SIASN_APIM_TOKEN_URL = "http://127.0.0.1:9/oauth2/token"
    settings.SIASN_CONSUMER_KEY = "k"
    with pytest.raises(SiasnError) as caught:
        SiasnClient().apim_token()
    assert caught.value.transient
