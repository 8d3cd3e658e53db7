"""Settings for Sorong ASN, all read from the environment (see .env.example)."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# A key is required outside debug; the fallback only serves local development and tests.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="") or (
    "dev-only-insecure-key-change-me" if DEBUG or env.bool("DJANGO_TESTING", default=False) else ""
)
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("DJANGO_SECRET_KEY wajib diisi saat DJANGO_DEBUG mati.")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "django_celery_beat",
    "axes",
    "csp",
    "sorong_asn",
    "employees",
    "performance",
    "recruitment",
    "training",
    "siasn",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "employees.scope.ScopeMemoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sorong_asn.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "employees.context_processors.roles",
                "sorong_asn.context_processors.sections",
            ],
        },
    },
]

WSGI_APPLICATION = "sorong_asn.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # SSD storage: random reads cost little more than sequential ones. PostgreSQL's default (4.0)
    # makes it scan whole tables instead of walking the supervisor and unit indexes for scoping.
    # JIT off: the dashboards' GROUP BYs carry correlated subqueries whose estimated cost passes the JIT
    # threshold, and compiling them took 1.3 s for a query that runs in 0.1 s (IP ASN at 100,000 employees).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={env.float('DATABASE_RANDOM_PAGE_COST', default=1.1)} "
        f"-c jit={'on' if env.bool('DATABASE_JIT', default=False) else 'off'}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "employees.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute-force lockout: 5 wrong passwords lock that username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Reverse proxies in front of gunicorn whose X-Forwarded-For is trusted (nginx alone: 1). The client
# address for rate limits, the login lockout and the access log comes from employees.clientip.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "employees.clientip.client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["sorong_asn.formats"]
TIME_ZONE = "Asia/Jayapura"
USE_I18N = True
USE_TZ = True
# Off: years and IDs must never print as "2.026"; large counts use humanize intcomma explicitly.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploads are private: outside the static root, served only through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env.bool("DJANGO_TESTING", default=False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")  # `manage.py backup`; copy it off the server
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Sorong ASN <noreply@sorongkota.go.id>")

# Celery: through Redis when REDIS_URL is set, otherwise tasks run in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# A page that queues work while the broker is down must not hang: one quick retry, then the job waits
# in its table (employees/jobs.py) and the sweep sends it later.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A job still "running" after this many seconds lost its worker: the sweep retries it (employees/jobs.py).
JOBS_STALE_AFTER = env.int("JOBS_STALE_AFTER", default=15 * 60)

# SIASN synchronisation (README, SIASN): off while SIASN_BASE_URL, SIASN_APIM_TOKEN_URL or the key is empty.
SIASN_BASE_URL = env("SIASN_BASE_URL", default="")
SIASN_APIM_TOKEN_URL = env("SIASN_APIM_TOKEN_URL", default="")
SIASN_SSO_TOKEN_URL = env("SIASN_SSO_TOKEN_URL", default="")
SIASN_CONSUMER_KEY = env("SIASN_CONSUMER_KEY", default="")
SIASN_CONSUMER_SECRET = env("SIASN_CONSUMER_SECRET", default="")
SIASN_SSO_CLIENT_ID = env("SIASN_SSO_CLIENT_ID", default="")
SIASN_SSO_USERNAME = env("SIASN_SSO_USERNAME", default="")
SIASN_SSO_PASSWORD = env("SIASN_SSO_PASSWORD", default="")
SIASN_SSO_TOKEN = env("SIASN_SSO_TOKEN", default="")
SIASN_INSTANSI_ID = env("SIASN_INSTANSI_ID", default="")
SIASN_CONCURRENCY = env.int("SIASN_CONCURRENCY", default=4)
SIASN_TIMEOUT = env.float("SIASN_TIMEOUT", default=20.0)
SIASN_RETRY_SECONDS = env.int("SIASN_RETRY_SECONDS", default=60)
SIASN_JENIS_DIKLAT_IDS = env.json("SIASN_JENIS_DIKLAT_IDS", default={})
SIASN_LATIHAN_STRUKTURAL_IDS = env.json("SIASN_LATIHAN_STRUKTURAL_IDS", default={})

# Redis down is not an error page: the cache degrades to misses (see sorong_asn/cache.py).
CACHES = (
    {
        "default": {
            "BACKEND": "sorong_asn.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    if REDIS_URL
    else {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
)

# Security headers; the CSP forbids inline scripts and every other host.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^sehat/$"]  # monitors may ask over plain HTTP on the internal network
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "axes": {"level": "WARNING"}},
}
