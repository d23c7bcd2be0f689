"""K-OFFSET settings, read from the environment (see core.env and docs/architecture.md).

A fresh checkout runs on SQLite under var/ with no configuration; production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS and the e-mail variables.
"""

import json
from pathlib import Path

import bootstrap_wrapper
from django.utils.translation import gettext_lazy as _

from core.env import (
    ConfigError,
    env_bool,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", required=not DEBUG) or "django-insecure-local-demo-only"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "huey.contrib.djhuey",
    "ninja",
    "django_filters",
    "django_countries",
    "simple_history",
    "csp",
    # K-OFFSET apps; dependencies point down this list (docs/architecture.md).
    "core",
    "audit",
    "search",
    "accounts",
    "notifications",
    "companies",
    "offsets",
    "wishlists",
    "matching",
    "inquiries",
    "alerts",
    "events",
    "notices",
    "consultations",
    "dashboards",
    "portal",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.OrganizationGateMiddleware",
    "accounts.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "koffset.urls"
WSGI_APPLICATION = "koffset.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
    # Plain-text templates (e-mail subjects and bodies): nothing is HTML-escaped, so "R&D" stays "R&D".
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'koffset.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids
    # "database is locked" upgrades from read to write transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Test databases are created from template0 so their LC_CTYPE is UTF-8 (core.checks).
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
# An optional PostgreSQL read replica: guests' page views (GET, no API key) read from it through
# core.db_router; every write, every signed-in request and anything inside a transaction uses the
# primary. Replication lag shows only to guests, as slightly older public pages.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = env_database("DATABASE_REPLICA_URL", "") | {
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "core.db_router.GuestReadsOnReplicaMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "accounts.backends.KdiaAdminBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"

# django-allauth: e-mail is the login; e-mail must be verified; attempts are throttled.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.OrganizationSignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[K-OFFSET] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "K-OFFSET"
# Tests may enter TOTP codes computed from the stored secret; no bypass code exists.
MFA_TOTP_INSECURE_BYPASS_CODE = None

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "koffset_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Seoul"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
# Uploads go only through Django's storage API (core.files streams them), so an object store can
# replace the disk: FILE_STORAGE_BACKEND names the storage class, FILE_STORAGE_OPTIONS (JSON) its
# arguments. With several app servers the default disk storage needs MEDIA_ROOT on a shared volume.
try:
    FILE_STORAGE_OPTIONS = json.loads(env_str("FILE_STORAGE_OPTIONS", "") or "{}")
except ValueError as error:
    raise ConfigError("FILE_STORAGE_OPTIONS", f"must be a JSON object ({error})") from None
if not isinstance(FILE_STORAGE_OPTIONS, dict):
    raise ConfigError("FILE_STORAGE_OPTIONS", 'must be a JSON object, e.g. {"bucket_name": "koffset"}')
STORAGES = {
    "default": {
        "BACKEND": env_str("FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": FILE_STORAGE_OPTIONS,
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if DEBUG:
    STATIC_ROOT.mkdir(
        parents=True, exist_ok=True
    )  # WhiteNoise expects it; collectstatic fills it in production
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served from a public URL; views stream them after a permission check.
MEDIA_URL = "/files/"

# The cache is shared by every app server process (sessions stay in the database): rate limits,
# allauth's login throttling and the search index version (search.indexing) must agree across
# processes, so a per-process memory cache is never the default. REDIS_URL selects Redis;
# without it the cache is a database table (made by `migrate`, see core.apps).
REDIS_URL = env_str("REDIS_URL", "")
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "koffset")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError("REDIS_URL", f"must be a redis://, rediss:// or unix:// URL, not {REDIS_URL!r}")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            # A stalled Redis fails a request within seconds instead of holding a worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "koffset_cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            # Culling drops keys in key order once the table is this full; keep it well above the
            # rate-limit counters a busy hour leaves, so long-lived keys are rarely culled.
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        }
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", required=False) or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "K-OFFSET <no-reply@k-offset.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work (matching runs, digests, reminders, e-mail) goes through huey. TASK_QUEUE:
# "immediate" runs each task in the process that queues it (the demo and the tests need no
# worker); "sqlite" keeps the queue in var/tasks.sqlite3 for one machine; a redis:// URL serves
# several app servers. Workers: `python manage.py run_huey`; failed tasks are retried.
TASK_QUEUE = env_str("TASK_QUEUE", "immediate" if DEBUG else "sqlite")
HUEY = {
    "name": "koffset",
    "immediate": TASK_QUEUE == "immediate",
    "results": False,
    "consumer": {"workers": env_int("TASK_WORKERS", 2, minimum=1), "worker_type": "thread", "periodic": True},
}
if TASK_QUEUE.startswith("redis://"):
    HUEY |= {"huey_class": "huey.RedisHuey", "url": TASK_QUEUE}
elif TASK_QUEUE in ("immediate", "sqlite"):
    HUEY |= {"huey_class": "huey.SqliteHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}
    if TASK_QUEUE == "sqlite":
        VAR_DIR.mkdir(parents=True, exist_ok=True)
else:
    raise ConfigError("TASK_QUEUE", f"must be immediate, sqlite or a redis:// URL, not {TASK_QUEUE!r}")
# The worker writes a heartbeat into the shared cache every minute (core.tasks); /healthz calls
# it stale when the last one is older than this.
WORKER_HEARTBEAT_STALE_MINUTES = env_int("WORKER_HEARTBEAT_STALE_MINUTES", 5, minimum=2)
# An import (companies.jobs) that has shown no progress for this many minutes is taken as
# interrupted (its process died) and marked failed, so KDIA can run it again.
IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 10, minimum=1)

# KDIA's consultation desk: a resolved case may be reopened by its requester for this many days;
# a case waiting on KDIA longer than this many days is overdue (queue flag, reminder).
CONSULTATION_REOPEN_DAYS = env_int("CONSULTATION_REOPEN_DAYS", 30, minimum=0)
CONSULTATION_OVERDUE_DAYS = env_int("CONSULTATION_OVERDUE_DAYS", 5, minimum=1)

# /api/v1 rate limits ("number/period", period s, min, hour or day): per API key or signed-in
# person, and per IP address for guests. Over the limit the API answers 429 with Retry-After.
API_RATE_LIMIT_PER_KEY = env_str("API_RATE_LIMIT_PER_KEY", "600/min")
API_RATE_LIMIT_PER_IP = env_str("API_RATE_LIMIT_PER_IP", "120/min")

# Security headers. The Content-Security-Policy allows no inline script or style.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Blend multilingual sentence embeddings into search ranking (USE multilingual v3, shipped on PyPI).
SEARCH_EMBEDDINGS = env_bool("SEARCH_EMBEDDINGS", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
}
