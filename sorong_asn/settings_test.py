"""Test settings: the production settings with a test key, fast hashing and in-memory mail."""

import os

os.environ.setdefault("DJANGO_TESTING", "1")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tasks run in-process unless a test starts a real worker (the `celery_worker` fixture).
CELERY_TASK_ALWAYS_EAGER = True
# The live server wraps every request in a media handler that needs a string prefix (None breaks all pages).
MEDIA_URL = "/test-media/"
