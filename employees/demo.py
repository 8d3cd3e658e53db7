"""Demo data for the Kota Sorong government (see shared DEMO.md hints)."""

DEFAULT_PASSWORD = "sorong-demo-2026"
LOGINS = ["admin", "hr", "kepala", "kepala2", "atasan", "pegawai"]


def seed(*, stdout, count: int, password: str, seed: int) -> None:
    raise NotImplementedError


def print_logins(*, stdout, password: str) -> None:
    stdout.write("Akun demo (hanya untuk demo): " + ", ".join(LOGINS) + f" — kata sandi: {password}")
