"""A fake SIASN Web Service: a real threaded HTTP server on 127.0.0.1 that speaks the contract the client uses.

Used by the tests (a pytest fixture starts it) and by `manage.py siasn_fake_server` for the demo. It issues
both tokens and lets them expire, answers data-utama, ref-unor and the rw-* reads, accepts skp22/kursus/diklat
saves and document uploads, and can be told to fail (500), to answer slowly, or to refuse data. It records
every request with its parsed body.
"""

import base64
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

API = "/apisiasn/1.0"
APIM_TOKEN_PATH = "/oauth2/token"
SSO_TOKEN_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
SAVE_IDS = {"/skp22/save": "rwSkpId", "/kursus/save": "rwKursusId", "/diklat/save": "rwDiklatId"}
REQUIRED = {
    "/skp22/save": ["tahun", "hasilKinerjaNilai", "perilakuKerjaNilai", "kuadranKinerjaNilai", "pnsDinilaiOrang"],
    "/kursus/save": ["jenisDiklatId", "namaKursus", "jumlahJam", "tanggalKursus", "tahunKursus", "pnsOrangId"],
    "/diklat/save": ["latihanStrukturalId", "nomor", "tanggal", "tahun", "pnsOrangId"],
}
RIWAYAT = {"rw-skp22": "/skp22/save", "rw-kursus": "/kursus/save", "rw-diklat": "/diklat/save"}
DATE = re.compile(r"^\d{2}-\d{2}-\d{4}$")


def sso_token(lifetime: int, *, now: float | None = None) -> str:
    """A JWT-shaped SSO token whose `exp` the fake (and the client) can read; unsigned, like a test key."""

    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    exp = int((now or time.time()) + lifetime)
    return f"{part({'alg': 'none'})}.{part({'exp': exp, 'iss': 'public-siasn', 'jti': uuid.uuid4().hex})}.fake"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict
    body: object


@dataclass
class FakeState:
    consumer_key: str = "kunci-uji"
    consumer_secret: str = "rahasia-uji"
    sso_client_id: str = "sorong-asn"
    sso_username: str = "operator"
    sso_password: str = "sandi-uji"
    token_lifetime: int = 3600
    units: list = field(default_factory=list)
    people: dict = field(default_factory=dict)
    records: dict = field(default_factory=lambda: {path: [] for path in SAVE_IDS})
    documents: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    apim_tokens: dict = field(default_factory=dict)
    faults: list = field(default_factory=list)  # [path prefix, status, times, delay seconds]
    read_delay: float = 0.0  # every data-utama answer waits this long (to watch concurrency)
    in_flight: int = 0
    max_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fail(self, prefix: str, *, status: int = 500, times: int = 1, delay: float = 0.0, body=None) -> None:
        """The next `times` calls under `prefix` answer `status` with `body` (0 = answer normally, after doing
        the work) after `delay` seconds."""
        body = body if body is not None else {"Error": "Internal Server Error", "Message": "fake failure"}
        with self.lock:
            self.faults.append([prefix, status, times, delay, body])

    def expire_tokens(self) -> None:
        with self.lock:
            self.apim_tokens.clear()

    def bodies(self, path: str) -> list:
        return [r.body for r in self.requests if r.method == "POST" and r.path == API + path]

    def _fault(self, path: str):
        with self.lock:
            for fault in self.faults:
                if path.startswith(fault[0]) and fault[2] > 0:
                    fault[2] -= 1
                    return fault[1], fault[3], fault[4]
        return None, 0.0, None


class Handler(BaseHTTPRequestHandler):
    server_version = "FakeSIASN/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def state(self) -> FakeState:
        return self.server.state

    def log_message(self, *args):  # quiet in tests; the demo command prints its own lines
        if getattr(self.server, "verbose", False):
            super().log_message(*args)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def _handle(self, method: str):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = _parse(raw, self.headers.get("Content-Type", ""))
        path = self.path.split("?")[0]
        self.state.requests.append(Recorded(method, path, dict(self.headers), body))
        status, delay, fault_body = self.state._fault(path)
        if status:
            time.sleep(delay)
            return self._json(status, fault_body)
        if path == APIM_TOKEN_PATH:
            return self._json(*self._apim_token(body))
        if path == SSO_TOKEN_PATH:
            return self._json(*self._sso_token(body))
        if not path.startswith(API):
            return self._json(404, {"Error": "Not Found", "Message": path})
        if not self._authorised():
            return self._json(401, {"Error": "Unauthorized", "Message": "Invalid Credentials"})
        answer = self._api(method, path[len(API) :], body)
        time.sleep(delay)  # a slow answer: the work is done, the reply comes late
        return self._json(*answer)

    def _apim_token(self, form):
        expected = base64.b64encode(f"{self.state.consumer_key}:{self.state.consumer_secret}".encode()).decode()
        if self.headers.get("Authorization") != f"Basic {expected}" or form.get("grant_type") != "client_credentials":
            return 401, {"error": "invalid_client"}
        token = f"apim-{uuid.uuid4().hex}"
        with self.state.lock:
            self.state.apim_tokens[token] = time.time() + self.state.token_lifetime
        return 200, {"access_token": token, "expires_in": self.state.token_lifetime, "token_type": "Bearer"}

    def _sso_token(self, form):
        s = self.state
        wanted = {
            "grant_type": "password",
            "client_id": s.sso_client_id,
            "username": s.sso_username,
            "password": s.sso_password,
        }
        if any(form.get(k) != v for k, v in wanted.items()):
            return 401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}
        return 200, {"access_token": sso_token(s.token_lifetime), "expires_in": s.token_lifetime}

    def _authorised(self) -> bool:
        bearer = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        with self.state.lock:
            if self.state.apim_tokens.get(bearer, 0) <= time.time():
                return False
        sso = (self.headers.get("Auth") or "").removeprefix("bearer ")
        try:
            claims = sso.split(".")[1]
            exp = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))["exp"]
        except (IndexError, KeyError, ValueError):
            return False
        return exp > time.time()

    def _api(self, method, path, body):
        if method == "GET" and path.startswith("/pns/data-utama/"):
            self._slow_read()
            person = self.state.people.get(path.rsplit("/", 1)[1])
            return (200, {"code": 1, "data": person}) if person else (404, {"code": 0, "data": "Data tidak ditemukan"})
        if method == "GET" and path == "/referensi/ref-unor":
            return 200, {"code": 1, "data": self.state.units}
        match = re.match(r"^/pns/(rw-\w+)/(\d+)$", path)
        if method == "GET" and match and match.group(1) in RIWAYAT:
            return 200, {"code": 1, "data": self._riwayat(RIWAYAT[match.group(1)], match.group(2))}
        if method == "POST" and path in SAVE_IDS:
            return self._save(path, body)
        if method == "POST" and path == "/upload-dok-rw":
            if not body.get("id_riwayat") or not body.get("file"):
                return 400, {"success": False, "message": "id_riwayat dan file wajib diisi"}
            self.state.documents.append(body)
            return 200, {"success": True, "mapData": {"dokUri": f"dok/{uuid.uuid4().hex}.pdf"}}
        return 404, {"code": 0, "data": "Data tidak ditemukan"}

    def _slow_read(self):
        s = self.state
        with s.lock:
            s.in_flight += 1
            s.max_in_flight = max(s.max_in_flight, s.in_flight)
        time.sleep(s.read_delay)
        with s.lock:
            s.in_flight -= 1

    def _riwayat(self, save_path, nip):
        person = self.state.people.get(nip) or {}
        owner = "pnsDinilaiOrang" if save_path == "/skp22/save" else "pnsOrangId"
        return [r for r in self.state.records[save_path] if person and r.get(owner) == person.get("id")]

    def _save(self, path, body):
        if not isinstance(body, dict):
            return 400, {"success": False, "message": "Body harus JSON"}
        missing = [k for k in REQUIRED[path] if body.get(k) in (None, "")]
        wrong_dates = [k for k, v in body.items() if k.startswith("tanggal") and v and not DATE.match(str(v))]
        if missing or wrong_dates:
            words = [f"{k} wajib diisi" for k in missing] + [f"{k} harus dd-mm-yyyy" for k in wrong_dates]
            return 400, {"success": False, "message": ", ".join(words)}
        with self.state.lock:
            rows = self.state.records[path]
            existing = next((r for r in rows if body.get("id") and r["id"] == body["id"]), None)
            if existing is not None:
                existing.update(body)
                record_id = existing["id"]
            else:
                record_id = uuid.uuid4().hex
                rows.append({**body, "id": record_id})
        return 200, {"success": True, "mapData": {SAVE_IDS[path]: record_id}}

    def _json(self, status, data):
        raw = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        try:
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout); the work is done all the same


def _parse(raw: bytes, content_type: str):
    if content_type.startswith("application/json"):
        try:
            return json.loads(raw or b"null")
        except ValueError:
            return raw.decode("utf-8", "replace")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return {k: v[0] for k, v in parse_qs(raw.decode()).items()}
    if content_type.startswith("multipart/form-data"):
        boundary = content_type.split("boundary=", 1)[1].encode()
        fields = {}
        for part in raw.split(b"--" + boundary):
            head, _, value = part.partition(b"\r\n\r\n")
            name = re.search(rb'name="([^"]+)"', head)
            if name:
                fields[name.group(1).decode()] = (
                    value.removesuffix(b"\r\n") if b"filename=" in head else (value.removesuffix(b"\r\n").decode())
                )
        return fields
    return raw.decode("utf-8", "replace")


class FakeSiasn:
    """Start with `FakeSiasn().start()`; `settings()` gives the SIASN_* settings that point at it."""

    def __init__(self, state: FakeState | None = None, *, port: int = 0, verbose: bool = False):
        self.state = state or FakeState()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.httpd.daemon_threads = True
        self.httpd.state, self.httpd.verbose = self.state, verbose
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "FakeSiasn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def settings(self) -> dict:
        s = self.state
        return {
            "SIASN_BASE_URL": self.url + API,
            "SIASN_APIM_TOKEN_URL": self.url + APIM_TOKEN_PATH,
            "SIASN_SSO_TOKEN_URL": self.url + SSO_TOKEN_PATH,
            "SIASN_CONSUMER_KEY": s.consumer_key,
            "SIASN_CONSUMER_SECRET": s.consumer_secret,
            "SIASN_SSO_CLIENT_ID": s.sso_client_id,
            "SIASN_SSO_USERNAME": s.sso_username,
            "SIASN_SSO_PASSWORD": s.sso_password,
            "SIASN_INSTANSI_ID": "8271",
        }


def data_utama(employee, unor_id: str) -> dict:
    """A data-utama answer for a register employee (the fields the comparison reads)."""
    from .rules import siasn_date

    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, employee.nip)),
        "nipBaru": employee.nip,
        "nama": employee.name,
        "gelarDepan": employee.front_title,
        "gelarBelakang": employee.back_title,
        "nik": employee.nik,
        "tglLahir": siasn_date(employee.birth_date),
        "tempatLahir": employee.birth_place,
        "jenisKelamin": "M" if employee.sex == "L" else "F",
        "statusPegawai": employee.employment_type.upper(),
        "golRuangAkhir": employee.golongan,
        "jabatanNama": employee.position_title,
        "jenisJabatanId": "2" if employee.position_type == "fungsional" else "4",
        "unorId": unor_id,
        "unorNama": employee.unit.name,
        "tmtPns": siasn_date(employee.tmt_pns),
        "tmtCpns": siasn_date(employee.tmt_cpns),
        "pendidikanTerakhirNama": employee.education_level,
    }


def fill_from_register(state: FakeState, *, people: int = 40) -> list[str]:
    """Units and people as SIASN would hold them for the demo register, with differences to accept:
    a new unit, a promotion, a new title, a transfer and a person missing from the register."""
    from employees.models import Employee, OrgUnit

    units = list(OrgUnit.objects.order_by("pk"))
    ids = {u.pk: u.siasn_id or f"8271{u.pk:06d}" for u in units}
    state.units = [
        {
            "Id": ids[u.pk],
            "DiatasanId": ids.get(u.parent_id, "8271"),
            "NamaUnor": u.name,
            "NamaJabatan": u.head_position,
            "EselonId": "",
            "InstansiId": "8271",
        }
        for u in units
    ]
    departments = [u for u in units if u.parent_id is None]
    if departments:
        state.units.append(
            {
                "Id": "8271999001",
                "DiatasanId": ids[departments[0].pk],
                "InstansiId": "8271",
                "NamaUnor": "Bidang Transformasi Digital",
                "NamaJabatan": "Kepala Bidang",
                "EselonId": "",
            }
        )
    staff = list(
        Employee.objects.filter(nip__isnull=False, employment_type="pns").select_related("unit").order_by("pk")[:people]
    )
    for employee in staff:
        state.people[employee.nip] = data_utama(employee, ids[employee.unit_id])
    if len(staff) >= 3:
        first, second, third = (state.people[e.nip] for e in staff[:3])
        first["golRuangAkhir"] = _next_golongan(first["golRuangAkhir"])
        second["gelarBelakang"] = (second["gelarBelakang"] + ", M.Si.").lstrip(", ")
        third["unorId"], third["unorNama"] = "8271999001", "Bidang Transformasi Digital"
    newcomer = _newcomer(ids[departments[0].pk] if departments else "")
    state.people[newcomer["nipBaru"]] = newcomer
    return list(state.people)


def _newcomer(unor_id: str) -> dict:
    """Someone SIASN knows and the register does not (yet)."""
    from datetime import date

    from employees.identifiers import build_nik, build_nip

    born, tmt = date(1994, 7, 17), date(2019, 3, 1)
    nip = build_nip(birth_date=born, tmt_cpns=tmt, male=False, serial=917)
    return {
        "id": str(uuid.uuid5(uuid.NAMESPACE_OID, nip)),
        "nipBaru": nip,
        "nama": "Yuliana Rumbiak",
        "gelarDepan": "",
        "gelarBelakang": "S.Kom.",
        "nik": build_nik(region="927101", birth_date=born, male=False, serial=917),
        "tglLahir": "17-07-1994",
        "tempatLahir": "Sorong",
        "jenisKelamin": "F",
        "statusPegawai": "PNS",
        "golRuangAkhir": "III/a",
        "jabatanNama": "Pranata Komputer Ahli Pertama",
        "jenisJabatanId": "2",
        "unorId": unor_id,
        "tmtCpns": "01-03-2019",
        "tmtPns": "01-03-2020",
        "pendidikanTerakhirNama": "S1 Teknik Informatika",
    }


def _next_golongan(golongan: str) -> str:
    from employees.ranks import PNS_GOLONGAN

    if golongan in PNS_GOLONGAN and golongan != PNS_GOLONGAN[-1]:
        return PNS_GOLONGAN[PNS_GOLONGAN.index(golongan) + 1]
    return golongan
