"""collectstatic with the production storage (debug off): every file a static file refers to exists."""

import io

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def test_collectstatic_with_the_manifest_storage(tmp_path):
    # overriding STORAGES and STATIC_ROOT rebuilds the storage (Django's setting_changed receiver)
    with override_settings(STORAGES=PRODUCTION, STATIC_ROOT=tmp_path, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
        manifest, _version = staticfiles_storage.load_manifest()
    assert "vendor/chartjs/chart.umd.min.js" in manifest
    assert "css/htmx-indicator.css" in manifest
    hashed = tmp_path / manifest["vendor/chartjs/chart.umd.min.js"]
    assert hashed.exists() and (tmp_path / f"{manifest['vendor/chartjs/chart.umd.min.js']}.gz").exists()
