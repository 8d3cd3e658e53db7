import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.core.management import call_command
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_no_missing_migrations(db):
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


def test_check_deploy_passes_with_production_settings():
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"
    }  # fmt: skip
    env.update(
        DJANGO_SETTINGS_MODULE="sorong_asn.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="asn.sorongkota.go.id",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_login_locked_after_five_wrong_passwords(client, world):
    url = reverse("login")
    for _ in range(5):
        response = client.post(url, {"username": "pegawai", "password": "salah"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(url, {"username": "pegawai", "password": "rahasia-uji-123"}, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_works_with_right_password(client, world):
    response = client.post(reverse("login"), {"username": "pegawai", "password": "rahasia-uji-123"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.user_pegawai.pk)
