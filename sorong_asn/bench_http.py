"""The benchmark's HTTP stage: the app under gunicorn with the repo's gunicorn.conf.py (same production
settings as the benchmark process), a bounded threaded load generator on 127.0.0.1 at 1, 8 and 32
concurrent users over the main pages of HR, a department head and the public (each logged in through
the login form), then the memory of each worker and the weight of each role's pages over the wire."""

import gzip
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urljoin

from django.conf import settings

from .bench_data import BENCH_PASSWORD, work_dir

LEVELS = (1, 8, 32)
TIMEOUT_S = 10
# Behind the production proxy: HTTPS, so the SSL redirect and secure cookies stay as configured.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}


class Server:
    def __init__(self, port: int, pid: int):
        self.port, self.pid = port, pid

    def request(self, method, url, *, cookie="", body=None, headers=None, timeout=TIMEOUT_S):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            all_headers = {**PROXY_HEADERS, **(headers or {})}
            if cookie:
                all_headers["Cookie"] = cookie
            conn.request(method, url, body=body, headers=all_headers)
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, log_path: Path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "sorong_asn.wsgi"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = Server(port, process.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                server.request("GET", "/masuk/", timeout=5)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn tidak mulai; lihat {log_path}") from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=60)


def _cookies(headers_list) -> dict:
    jar = {}
    for value in headers_list:
        for name, morsel in SimpleCookie(value).items():
            jar[name] = morsel.value
    return jar


def login(server: Server, username: str) -> str:
    """The login form as a browser fills it; returns the session's Cookie header."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT_S)
    conn.request("GET", "/masuk/", headers=PROXY_HEADERS)
    response = conn.getresponse()
    page = response.read().decode()
    jar = _cookies(v for k, v in response.getheaders() if k.lower() == "set-cookie")
    conn.close()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode({"username": username, "password": BENCH_PASSWORD, "csrfmiddlewaretoken": token})
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT_S)
    conn.request("POST", "/masuk/", body=body, headers={
        **PROXY_HEADERS, "Content-Type": "application/x-www-form-urlencoded", "Origin": "https://127.0.0.1",
        "Cookie": f"csrftoken={jar['csrftoken']}",
    })  # fmt: skip
    response = conn.getresponse()
    response.read()
    jar.update(_cookies(v for k, v in response.getheaders() if k.lower() == "set-cookie"))
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login {username} gagal: HTTP {response.status}")
    return f"sessionid={jar['sessionid']}; csrftoken={jar['csrftoken']}"


def _percentile(values, q):
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100)[q - 1], 1)


def load(server: Server, roles: list[tuple[str, str, list[tuple[str, str]]]], users: int, seconds: float) -> dict:
    """`users` threads, each a person of one role cycling through that role's pages without pause."""
    times, errors = defaultdict(list), defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    visits = [(cookie, label, url) for _, cookie, pages in roles for label, url in pages]

    def person(i):
        # fewer people than roles: each goes through every role's pages, so all pages are measured
        mine = visits if users < len(roles) else [v for v in visits if v[0] == roles[i % len(roles)][1]]
        j = i
        while time.monotonic() < deadline:
            cookie, label, url = mine[j % len(mine)]
            j += 1
            start = time.perf_counter()
            try:
                status = server.request("GET", url, cookie=cookie)[0]
            except TimeoutError:
                status = "timeout"
            except OSError as exc:
                status = type(exc).__name__
            ms = (time.perf_counter() - start) * 1000
            with lock:
                (times if status == 200 else errors)[label].append(ms if status == 200 else str(status))

    started = time.perf_counter()
    threads = [threading.Thread(target=person, args=(i,)) for i in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    labels = [label for _, _, pages in roles for label, _ in pages]
    pages = {
        label: {"n": len(times[label]), "p50_ms": _percentile(times[label], 50),
                "p95_ms": _percentile(times[label], 95), "p99_ms": _percentile(times[label], 99),
                "errors": len(errors[label]),
                "error_kinds": sorted(set(errors[label]))}
        for label in labels
    }  # fmt: skip
    done = sum(len(v) for v in times.values())
    every = [ms for v in times.values() for ms in v]
    return {
        "users": users, "seconds": round(elapsed, 1), "requests_per_s": round(done / elapsed, 1),
        "p50_ms": _percentile(every, 50), "p95_ms": _percentile(every, 95), "p99_ms": _percentile(every, 99),
        "errors": sum(len(v) for v in errors.values()),
        "timeouts": sum(v.count("timeout") for v in errors.values()), "load": round(os.getloadavg()[0], 2),
        "pages": pages,
    }  # fmt: skip


def worker_rss(master_pid: int) -> dict:
    """Resident memory (MB) of the gunicorn master and of each worker, from /proc."""

    def rss(pid):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
        return None

    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return {"master_mb": rss(master_pid), "workers_mb": [rss(int(pid)) for pid in children]}


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def weight(server: Server, cookie: str, first: str, later: str) -> dict:
    """Compressed bytes of a first visit (the page and every stylesheet, script and font it pulls in)
    and of a later page (HTML only: static files are cached as immutable). Static files come as
    whitenoise serves them (brotli, else gzip); HTML as the proxy compresses it (gzip level 6)."""
    status, _, body = server.request("GET", first, cookie=cookie)
    html_first = len(gzip.compress(body, 6))
    assets, mutable, seen = 0, [], set()
    queue = _asset_urls(body.decode())
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        _, headers, data = server.request("GET", url, headers={"Accept-Encoding": "br, gzip"})
        assets += len(data)
        if "immutable" not in headers.get("Cache-Control", ""):
            mutable.append(url)
        if url.split("?")[0].endswith(".css"):
            text = data if headers.get("Content-Encoding") is None else _plain(server, url)
            # a browser fetches the first font format it supports: woff2
            fonts = re.findall(r'url\("?([^")]+\.woff2)[^")]*"?\)', text.decode("utf-8", "replace"))
            queue += [urljoin(url, f) for f in fonts]
    later_status, _, later_body = server.request("GET", later, cookie=cookie)
    return {
        "first_visit_kb": round((html_first + assets) / 1024, 1), "html_kb": round(html_first / 1024, 1),
        "static_kb": round(assets / 1024, 1), "static_files": len(seen), "not_immutable": mutable,
        "later_page_kb": round(len(gzip.compress(later_body, 6)) / 1024, 1), "status": [status, later_status],
    }  # fmt: skip


def _plain(server: Server, url: str) -> bytes:
    return server.request("GET", url, headers={"Accept-Encoding": "identity"})[2]


def run(*, database_url: str, ctx: dict, announcement: dict, seconds: float, log) -> dict:
    emp = ctx["sample_employee"]
    number, code = announcement["number"], announcement["formation"]
    log_path = work_dir() / "gunicorn.log"
    with gunicorn(database_url, log_path) as server:
        hr = login(server, "bench_hr")
        head = login(server, "bench_kepala")
        staff = login(server, "bench_pegawai")
        roles = [
            ("hr", hr, [("BKPSDM: beranda", "/"), ("BKPSDM: daftar pegawai", "/pegawai/"),
                        ("BKPSDM: cari \"an\"", "/pegawai/?q=an"), ("BKPSDM: profil", f"/pegawai/{emp.pk}/"),
                        ("BKPSDM: dasbor", "/dasbor/")]),
            ("kepala", head, [("kepala PD: beranda", "/"), ("kepala PD: daftar pegawai", "/pegawai/"),
                              ("kepala PD: persetujuan SKP", "/kinerja/persetujuan/"),
                              ("kepala PD: dasbor", "/dasbor/")]),
            ("publik", "", [("publik: pengumuman", f"/pengumuman/{number}/"),
                            ("publik: hasil formasi", f"/pengumuman/{number}/{code}/")]),
        ]  # fmt: skip
        load(server, roles, 8, min(seconds, 3))  # every worker loads its templates and connections first
        levels = []
        for users in LEVELS:
            levels.append(load(server, roles, users, seconds))
            level = levels[-1]
            log(f"  HTTP {users} pengguna: {level['requests_per_s']} permintaan/dtk, p50 {level['p50_ms']} ms, "
                f"p95 {level['p95_ms']} ms, p99 {level['p99_ms']} ms, {level['errors']} galat, "
                f"beban {level['load']}")  # fmt: skip
        memory = worker_rss(server.pid)
        log(f"  memori gunicorn: induk {memory['master_mb']} MB, pekerja {memory['workers_mb']} MB")
        weights = {
            "BKPSDM": weight(server, hr, "/", "/pegawai/"),
            "kepala PD": weight(server, head, "/", "/pegawai/"),
            "pegawai": weight(server, staff, "/", f"/pegawai/{emp.pk}/"),
            "publik": weight(server, "", f"/pengumuman/{number}/", f"/pengumuman/{number}/{code}/"),
        }
        for role, w in weights.items():
            log(f"  bobot {role}: kunjungan pertama {w['first_visit_kb']} KB, halaman berikutnya "
                f"{w['later_page_kb']} KB")  # fmt: skip
    return {"levels": levels, "memory": memory, "weight": weights}
