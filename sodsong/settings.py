"""One settings file, driven by the environment (see docs/operations.md for every variable)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dj_database_url

from sodsong.core.observability import init_error_reporting, logging_config
from sodsong.env import EnvError, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SODSONG_VAR_DIR", str(BASE_DIR / "var")))

# Demo mode is explicit: demo accounts and their passwords only work when it is on.
# Under pytest the suite runs in test mode (throwaway key, immediate jobs) without extra setup.
TESTING = env_bool("SODSONG_TESTING", "pytest" in sys.modules)
DEMO_MODE = env_bool("SODSONG_DEMO", False)
DEBUG = env_bool("SODSONG_DEBUG", False)

# Set by `sodsong` (cli.py) for the read-only commands that sign nothing and touch no data
# (parse-letter, extract-identifiers, render-sample-letters, help): they need no secret key.
OFFLINE_COMMAND = env_bool("_SODSONG_OFFLINE_COMMAND", False)

_secret = env_str("SODSONG_SECRET_KEY", "")
if not _secret:
    if OFFLINE_COMMAND and not (DEMO_MODE or DEBUG or TESTING):
        import secrets

        # A random key for this one process: whatever it might sign is never seen again.
        _secret = "offline-" + secrets.token_urlsafe(48)
    elif not (DEMO_MODE or DEBUG or TESTING):
        raise EnvError(
            "SODSONG_SECRET_KEY must be set outside demo, debug and test mode "
            "(read-only commands such as `sodsong parse-letter` run without it)"
        )
    else:
        # Throwaway key for demo/dev/test runs only: never reused across processes that matter.
        _secret = "insecure-demo-key-" + str(BASE_DIR)  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("SODSONG_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("SODSONG_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",  # the API docs page from static files, not a CDN with inline script (#17 M11)
    "huey.contrib.djhuey",
    "sodsong.core",
    "sodsong.audit",
    "sodsong.geo",
    "sodsong.accounts",
    "sodsong.people",
    "sodsong.jobs",
    "sodsong.survey",
    "sodsong.entities",
    "sodsong.tips",
    "sodsong.cases",
    "sodsong.misconduct",
    "sodsong.awareness",
    "sodsong.indicators",
    "sodsong.documents",
    "sodsong.directives",
    "sodsong.web",
    "sodsong.demo",
]

MIDDLEWARE = [
    "sodsong.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sodsong.core.faults.RenewingSessionMiddleware",  # Django's, renewing at most once a minute
    "sodsong.web.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sodsong.accounts.middleware.SessionEpochMiddleware",
    "sodsong.accounts.middleware.TwoFactorRequiredMiddleware",
    "sodsong.core.middleware.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sodsong.web.middleware.SecurityHeadersMiddleware",
]

ROOT_URLCONF = "sodsong.urls"
WSGI_APPLICATION = "sodsong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "sodsong.web.context_processors.sodsong",
            ],
            "builtins": ["sodsong.web.templatetags.thai"],
        },
    }
]

# --- database -----------------------------------------------------------------------------
# SQLite (WAL) under var/ is the embedded default; DATABASE_URL selects PostgreSQL.
_db_url = env_str("DATABASE_URL", "")
if _db_url:
    # Persistent connections are checked before a request reuses one (CONN_HEALTH_CHECKS): after
    # a PostgreSQL restart or a cut connection the crash suite saw requests answer 500 until each
    # worker's stale connection had failed once (issue 12, scripts/check-hard crash --only db-drop).
    DATABASES = {
        "default": dj_database_url.parse(_db_url, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise EnvError(
            "DATABASE_URL must point at PostgreSQL (postgres://…); SQLite is the default"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SODSONG_SQLITE_PATH", str(VAR_DIR / "sodsong.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- auth and sessions --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["sodsong.accounts.backends.SodsongBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session cookie expires after this many idle seconds; a request renews it,
# at most once a minute (sodsong.core.faults: pages that only read do not write each time).
SESSION_COOKIE_AGE = env_int("SODSONG_IDLE_TIMEOUT_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = False
SODSONG_SESSION_RENEW_SECONDS = min(60, SESSION_COOKIE_AGE // 10)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_MODE = env_bool("SODSONG_SECURE_COOKIES", not (DEMO_MODE or DEBUG or TESTING))
SESSION_COOKIE_SECURE = SECURE_MODE
CSRF_COOKIE_SECURE = SECURE_MODE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# HTTPS only in production (#17 M11): HSTS for a year and a redirect of plain HTTP. Behind the
# reverse proxy that ends TLS, its X-Forwarded-Proto says the request was HTTPS; it is trusted
# only when the operator says a proxy is there (SODSONG_TRUSTED_PROXY_HOPS, docs/operations.md).
SECURE_HSTS_SECONDS = env_int(
    "SODSONG_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_MODE else 0, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SODSONG_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SODSONG_HSTS_PRELOAD", True)
SECURE_SSL_REDIRECT = env_bool("SODSONG_SSL_REDIRECT", SECURE_MODE)
# /healthz answers the load balancer over plain HTTP on the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy and Permissions-Policy: sodsong.web.middleware.SecurityHeadersMiddleware.
# The OpenAPI docs page (/api/v1/docs) needs a signed-in user unless this is on.
SODSONG_PUBLIC_API_DOCS = env_bool("SODSONG_PUBLIC_API_DOCS", DEMO_MODE or DEBUG or TESTING)

LOGIN_MAX_FAILURES = env_int("SODSONG_LOGIN_MAX_FAILURES", 5, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("SODSONG_LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)
# Per client address too (#17 L14): this many failed sign-ins from one address, on any accounts,
# within LOGIN_LOCKOUT_SECONDS refuse further sign-ins from it for the rest of that window.
LOGIN_MAX_FAILURES_PER_ADDRESS = env_int("SODSONG_LOGIN_MAX_FAILURES_PER_ADDRESS", 30, minimum=1)
# Enrolling a second factor needs a sign-in at most this old (#17 L14).
LOGIN_FRESH_SECONDS = env_int("SODSONG_LOGIN_FRESH_SECONDS", 10 * 60, minimum=60)
# The key for TOTP secrets at rest (sodsong/accounts/crypto.py); derived from the secret key
# when unset.
SODSONG_TOTP_KEY = env_str("SODSONG_TOTP_KEY", "")
# TOTP is required for every officer role outside demo mode; demo may turn it on too.
TOTP_REQUIRED = env_bool("SODSONG_TOTP_REQUIRED", not DEMO_MODE)
API_TOKEN_DEFAULT_DAYS = env_int("SODSONG_API_TOKEN_DAYS", 90, minimum=1)

# --- i18n: Thai first, English through the switch -----------------------------------------
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "sodsong" / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"

# --- static files and attachments ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("SODSONG_STATIC_ROOT", str(VAR_DIR / "static")))
_storage_backend = env_choice("SODSONG_STORAGE", ("filesystem", "s3"), "filesystem")
if _storage_backend == "s3":
    _attachments = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("SODSONG_S3_BUCKET"),
            "endpoint_url": env_str("SODSONG_S3_ENDPOINT", "") or None,
            "region_name": env_str("SODSONG_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _attachments = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # Outside STATIC_ROOT and never served directly: only through the access-checked view.
        "OPTIONS": {
            "location": env_str("SODSONG_MEDIA_DIR", "")
            or (
                tempfile.mkdtemp(prefix="sodsong-test-media-")
                if TESTING
                else str(VAR_DIR / "media")
            )
        },
    }
STORAGES = {
    "default": _attachments,
    "attachments": _attachments,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING or DEMO_MODE
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or DEMO_MODE
ATTACHMENT_MAX_BYTES = env_int("SODSONG_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024
# Spreadsheets are read in a child process limited to this much memory (sodsong.core.sheet_reader).
UPLOAD_READER_MEMORY_MB = env_int("SODSONG_UPLOAD_READER_MEMORY_MB", 3072, minimum=256)
# Letters (PDF through pdftotext, DOCX, text) are read in a child process with these limits
# (sodsong.directives.letter_reader); pdftotext inherits them. The time stays under gunicorn's
# --timeout 60 (docs/operations.md), so the user gets the Thai message, not a killed worker.
LETTER_READER_MEMORY_MB = env_int("SODSONG_LETTER_READER_MEMORY_MB", 1024, minimum=64)
LETTER_READER_TIMEOUT_S = env_int("SODSONG_LETTER_READER_TIMEOUT_S", 30, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- background jobs ----------------------------------------------------------------------
# Huey runs on SQLite storage by default and on Redis in production (SODSONG_JOBS=redis).
_jobs_backend = env_choice("SODSONG_JOBS", ("sqlite", "redis", "immediate"), "sqlite")
if TESTING:
    _jobs_backend = "immediate"
if _jobs_backend == "redis":
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "sodsong",
        "immediate": False,
        "connection": {"url": env_str("REDIS_URL", "redis://127.0.0.1:6379/0")},
        "consumer": {"workers": env_int("SODSONG_JOB_WORKERS", 2, minimum=1)},
    }
elif _jobs_backend == "sqlite":
    # The embedded queue and database live under var/; create it rather than fail obscurely.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sodsong",
        "filename": str(VAR_DIR / "jobs.sqlite3"),
        "immediate": False,
        "consumer": {"workers": env_int("SODSONG_JOB_WORKERS", 2, minimum=1)},
    }
else:
    HUEY = {"huey_class": "huey.MemoryHuey", "name": "sodsong", "immediate": True}

# --- deployment ---------------------------------------------------------------------------
# One deployment serves one province (its 2-digit DOPA code) or the whole nation ("TH").
DEPLOYMENT_AREA = env_str("SODSONG_DEPLOYMENT_AREA", "TH")
if DEPLOYMENT_AREA != "TH" and not (len(DEPLOYMENT_AREA) == 2 and DEPLOYMENT_AREA.isdigit()):
    raise EnvError("SODSONG_DEPLOYMENT_AREA must be TH or a 2-digit province code")

# The Garuda emblem for official letters (a PNG path); a neutral placeholder is used when unset.
SODSONG_GARUDA_IMAGE = env_str("SODSONG_GARUDA_IMAGE", "")

# Tips: unverified tips expire after this many days; proxies in front of the app that append
# to X-Forwarded-For (0 = use the socket address); the public base URL for links in e-mails.
SODSONG_TIP_RETENTION_DAYS = env_int("SODSONG_TIP_RETENTION_DAYS", 180, minimum=1)
# Survey import uploads (whole villages' personal data) lose their files after this many days.
SODSONG_IMPORT_RETENTION_DAYS = env_int("SODSONG_IMPORT_RETENTION_DAYS", 30, minimum=1)
SODSONG_TRUSTED_PROXY_HOPS = env_int("SODSONG_TRUSTED_PROXY_HOPS", 0, minimum=0)
# Production must say whether a proxy is in front (#17 M9): unset, every client would share the
# proxy's address in the rate limits; the deploy check (sodsong.E002) refuses to pass.
SODSONG_TRUSTED_PROXY_HOPS_SET = bool(env_str("SODSONG_TRUSTED_PROXY_HOPS", ""))
if SODSONG_TRUSTED_PROXY_HOPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SODSONG_BASE_URL = env_str("SODSONG_BASE_URL", "")

# E-mail: off (console in demo/debug) unless a backend is configured.
EMAIL_BACKEND = env_str(
    "SODSONG_EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.console.EmailBackend"
    if (DEMO_MODE or DEBUG)
    else "django.core.mail.backends.dummy.EmailBackend",
)
EMAIL_HOST = env_str("SODSONG_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("SODSONG_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("SODSONG_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("SODSONG_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("SODSONG_EMAIL_TLS", False)
DEFAULT_FROM_EMAIL = env_str("SODSONG_EMAIL_FROM", "sodsong@localhost")

# Salt for hashing client addresses (rate limits) and other one-way keys.
HASH_SALT = env_str("SODSONG_HASH_SALT", "") or SECRET_KEY

# Timestamps and a request id on every line; one JSON object a line with SODSONG_LOG_FORMAT=json;
# unhandled errors to a Sentry-compatible server when SODSONG_SENTRY_DSN is set (core/observability).
LOGGING = logging_config(
    level=env_str("SODSONG_LOG_LEVEL", "INFO"),
    json_lines=env_choice("SODSONG_LOG_FORMAT", ("text", "json"), "text") == "json",
)
init_error_reporting(
    env_str("SODSONG_SENTRY_DSN", ""),
    environment="demo" if DEMO_MODE else "debug" if DEBUG else "production",
)

NINJA_PAGINATION_PER_PAGE = 50

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "sodsong.web.finders.SarabunFinder",
]
