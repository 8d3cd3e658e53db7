"""HTTP client of the SIASN Web Service: two tokens on every call, a refresh and one retry on 401.

Every call to the SIMPEG API carries the API-gateway token (`Authorization: Bearer`, OAuth2 client
credentials) and the SSO token (`Auth: bearer`, Keycloak realm public-siasn: a password login or a token
pasted by HR). Both are cached in Django's cache a minute below their lifetimes. The client reads the
database once, when it is built, so its methods can run in worker threads.
"""

import base64
import hashlib
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from .conf import SiasnConfig, config

TOKEN_MARGIN = 60  # seconds before expiry a cached token is no longer used


class SiasnError(Exception):
    """A failed call, with a message in Indonesian for the page and the raw answer for the log."""

    def __init__(self, message: str, *, status: int | None = None, raw: str = "", transient: bool = False):
        super().__init__(message)
        self.message, self.status, self.raw, self.transient = message, status, raw[:4000], transient


class NotFound(SiasnError):
    pass


@dataclass
class Answer:
    status: int
    body: object
    raw: str


def jwt_expiry(token: str) -> datetime | None:
    """The `exp` claim of a JWT (the SSO token is one), without checking its signature; None if unreadable."""
    try:
        part = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        return datetime.fromtimestamp(int(claims["exp"]), tz=UTC)
    except (IndexError, KeyError, ValueError, TypeError):
        return None


def pasted_token() -> tuple[str, datetime | None]:
    """The newest SSO token pasted in the settings page or admin, else the one in the environment."""
    from .models import PastedToken

    row = PastedToken.objects.first()
    if row is not None:
        return row.token, row.expires_at
    token = config().sso_token
    return token, jwt_expiry(token) if token else None


def _cache_key(kind: str, cfg: SiasnConfig) -> str:
    digest = hashlib.sha256(f"{cfg.apim_token_url}|{cfg.consumer_key}|{cfg.sso_username}".encode()).hexdigest()
    return f"siasn:{kind}:{digest[:16]}"


def cached_token_expiry(kind: str) -> datetime | None:
    """When the cached API-gateway ('apim') or SSO ('sso') token expires, for the settings page."""
    entry = cache.get(_cache_key(kind, config()))
    return datetime.fromtimestamp(entry[1], tz=UTC) if entry else None


class SiasnClient:
    def __init__(self, cfg: SiasnConfig | None = None):
        self.cfg = cfg or config()
        self.sso_pasted, self.sso_pasted_expiry = pasted_token()

    # --- reads -------------------------------------------------------------------------------------
    def data_utama(self, nip: str) -> dict:
        answer = self.call("GET", f"/pns/data-utama/{urllib.parse.quote(nip)}")
        data = answer.body.get("data") if isinstance(answer.body, dict) else None
        if not isinstance(data, dict):
            raise SiasnError(_("Jawaban SIASN untuk data utama tidak dikenali."), status=answer.status, raw=answer.raw)
        return data

    def ref_unor(self) -> list[dict]:
        answer = self.call("GET", "/referensi/ref-unor")
        rows = answer.body.get("data") if isinstance(answer.body, dict) else answer.body
        if not isinstance(rows, list):
            raise SiasnError(_("Jawaban SIASN untuk ref-unor tidak dikenali."), status=answer.status, raw=answer.raw)
        instansi = self.cfg.instansi_id
        return [r for r in rows if isinstance(r, dict) and (not instansi or str(r.get("InstansiId")) == instansi)]

    def riwayat(self, kind: str, nip: str) -> list[dict]:
        """The records SIASN already holds (rw-skp22, rw-kursus, rw-diklat), to find one sent before a timeout."""
        try:
            answer = self.call("GET", f"/pns/{kind}/{urllib.parse.quote(nip)}")
        except NotFound:
            return []
        rows = answer.body.get("data") if isinstance(answer.body, dict) else None
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    # --- writes ------------------------------------------------------------------------------------
    def save(self, path: str, body: dict) -> dict:
        """POST a record; returns SIASN's `mapData` (the new record's id) or raises with its message."""
        answer = self.call("POST", path, json_body=body)
        return self._map_data(answer)

    def upload_document(self, *, id_riwayat: str, id_ref_dokumen: str, filename: str, content: bytes) -> dict:
        fields = {"id_riwayat": id_riwayat, "id_ref_dokumen": id_ref_dokumen}
        answer = self.call("POST", "/upload-dok-rw", multipart=(fields, filename, content))
        return self._map_data(answer)

    @staticmethod
    def _map_data(answer: Answer) -> dict:
        body = answer.body if isinstance(answer.body, dict) else {}
        if body.get("success") is True:
            return body.get("mapData") or {}
        raise SiasnError(_refusal(body), status=answer.status, raw=answer.raw)

    # --- plumbing ----------------------------------------------------------------------------------
    def call(self, method: str, path: str, *, json_body=None, multipart=None) -> Answer:
        for attempt in (1, 2):
            headers = {
                "Authorization": f"Bearer {self.apim_token(refresh=attempt == 2)}",
                "Auth": f"bearer {self.sso_token(refresh=attempt == 2)}",
                "Accept": "application/json",
            }
            answer = self._send(method, self.cfg.base_url + path, headers, json_body=json_body, multipart=multipart)
            if answer.status != 401:
                break
        return self._check(answer)

    def _check(self, answer: Answer) -> Answer:
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status == 401:
            raise SiasnError(
                _("SIASN menolak token (401) walau sudah diperbarui; periksa kunci konsumen dan token SSO."),
                status=401,
                raw=answer.raw,
            )
        if answer.status == 404 or body.get("code") == 0:
            raise NotFound(str(body.get("data") or "Data tidak ditemukan di SIASN."), status=404, raw=answer.raw)
        if answer.status == 429 or answer.status >= 500:
            raise SiasnError(
                (_("Server SIASN sedang bermasalah (HTTP %(status)s); akan dicoba lagi.") % {"status": answer.status}),
                status=answer.status,
                raw=answer.raw,
                transient=True,
            )
        if answer.status >= 400:
            raise SiasnError(_refusal(body, answer.status), status=answer.status, raw=answer.raw)
        return answer

    def apim_token(self, *, refresh: bool = False) -> str:
        def fetch():
            basic = base64.b64encode(f"{self.cfg.consumer_key}:{self.cfg.consumer_secret}".encode()).decode()
            return self._token_request(
                self.cfg.apim_token_url, {"grant_type": "client_credentials"}, {"Authorization": f"Basic {basic}"}
            )

        return self._cached("apim", fetch, refresh)

    def sso_token(self, *, refresh: bool = False) -> str:
        if self.sso_pasted and (self.sso_pasted_expiry is None or self.sso_pasted_expiry > timezone.now()):
            return self.sso_pasted
        if not self.cfg.has_sso_password:
            if self.sso_pasted:
                when = timezone.localtime(self.sso_pasted_expiry).strftime("%d-%m-%Y %H:%M")
                raise SiasnError(
                    _("Token SSO yang ditempel sudah kedaluwarsa (%(when)s WIT); tempel token baru.") % {"when": when}
                )
            raise SiasnError(_("Token SSO SIASN belum diisi; tempel token di halaman pengaturan SIASN."))
        form = {
            "grant_type": "password",
            "client_id": self.cfg.sso_client_id,
            "username": self.cfg.sso_username,
            "password": self.cfg.sso_password,
        }
        return self._cached("sso", lambda: self._token_request(self.cfg.sso_token_url, form, {}), refresh)

    def _cached(self, kind: str, fetch, refresh: bool) -> str:
        key = _cache_key(kind, self.cfg)
        entry = None if refresh else cache.get(key)
        if entry:
            return entry[0]
        token, lifetime = fetch()
        expires = datetime.now(tz=UTC).timestamp() + lifetime
        cache.set(key, (token, expires), timeout=max(1, lifetime - TOKEN_MARGIN))
        return token

    def _token_request(self, url: str, form: dict, headers: dict) -> tuple[str, int]:
        headers = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        answer = self._send("POST", url, headers, data=urllib.parse.urlencode(form).encode())
        body = answer.body if isinstance(answer.body, dict) else {}
        if answer.status != 200 or not body.get("access_token"):
            raise SiasnError(
                (
                    _("Token SIASN tidak dapat diambil (HTTP %(status)s); periksa kunci dan kata sandi.")
                    % {"status": answer.status}
                ),
                status=answer.status,
                raw=answer.raw,
                transient=answer.status >= 500,
            )
        return body["access_token"], int(body.get("expires_in") or 300)

    def _send(self, method, url, headers, *, data=None, json_body=None, multipart=None) -> Answer:
        if json_body is not None:
            data = json.dumps(json_body).encode()
            headers = {**headers, "Content-Type": "application/json"}
        elif multipart is not None:
            data, content_type = _multipart(*multipart)
            headers = {**headers, "Content-Type": content_type}
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=self.cfg.timeout) as response:  # the configured SIASN URL only
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except TimeoutError as exc:
            raise SiasnError(
                (
                    _("SIASN tidak menjawab dalam %(timeout)s detik; akan dicoba lagi.")
                    % {"timeout": format(self.cfg.timeout, "g")}
                ),
                transient=True,
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SiasnError(
                (_("SIASN tidak dapat dihubungi (%(exc)s); akan dicoba lagi.") % {"exc": exc}), transient=True
            ) from exc
        text = raw.decode("utf-8", "replace")
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            body = {}
        return Answer(status, body, text)


def _refusal(body: dict, status: int | None = None) -> str:
    """SIASN's own words for a refusal: {"success": false, "message": …} or {"Error": …, "Message": …}."""
    text = body.get("message") or body.get("Message") or body.get("Error") or body.get("error")
    if isinstance(text, (list, dict)):
        text = json.dumps(text, ensure_ascii=False)
    prefix = f"SIASN menolak data (HTTP {status})" if status else "SIASN menolak data"
    return f"{prefix}: {text}" if text else f"{prefix} tanpa keterangan."


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    safe = filename.replace('"', "")
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{safe}"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
