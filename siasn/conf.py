"""SIASN connection settings, read from the environment (README, section SIASN). Off when unset."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class SiasnConfig:
    base_url: str
    apim_token_url: str
    sso_token_url: str
    consumer_key: str
    consumer_secret: str
    sso_client_id: str
    sso_username: str
    sso_password: str
    sso_token: str
    instansi_id: str
    concurrency: int
    timeout: float
    retry_seconds: int
    jenis_diklat_ids: dict
    latihan_struktural_ids: dict

    @property
    def enabled(self) -> bool:
        """Synchronisation runs only with an API address, a token address and a consumer key."""
        return bool(self.base_url and self.apim_token_url and self.consumer_key)

    @property
    def has_sso_password(self) -> bool:
        return bool(self.sso_token_url and self.sso_client_id and self.sso_username and self.sso_password)


def config() -> SiasnConfig:
    get = lambda name, default="": getattr(settings, name, default)  # noqa: E731
    return SiasnConfig(
        base_url=get("SIASN_BASE_URL").rstrip("/"),
        apim_token_url=get("SIASN_APIM_TOKEN_URL"),
        sso_token_url=get("SIASN_SSO_TOKEN_URL"),
        consumer_key=get("SIASN_CONSUMER_KEY"),
        consumer_secret=get("SIASN_CONSUMER_SECRET"),
        sso_client_id=get("SIASN_SSO_CLIENT_ID"),
        sso_username=get("SIASN_SSO_USERNAME"),
        sso_password=get("SIASN_SSO_PASSWORD"),
        sso_token=get("SIASN_SSO_TOKEN"),
        instansi_id=get("SIASN_INSTANSI_ID"),
        concurrency=max(1, int(get("SIASN_CONCURRENCY", 4))),
        timeout=float(get("SIASN_TIMEOUT", 20)),
        retry_seconds=max(1, int(get("SIASN_RETRY_SECONDS", 60))),
        jenis_diklat_ids=get("SIASN_JENIS_DIKLAT_IDS", {}) or {},
        latihan_struktural_ids=get("SIASN_LATIHAN_STRUKTURAL_IDS", {}) or {},
    )


def enabled() -> bool:
    return config().enabled
