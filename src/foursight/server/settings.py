"""Django settings: every environment variable is read here, through :func:`setting`.

Each setting is documented in ``docs/settings.md`` (a test checks the two lists match).
The embedded default needs none of them: SQLite under ``./var``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import dj_database_url

from foursight.errors import InvalidInput
from foursight.server.apps import DOMAIN_APPS
from foursight.server.headers import CONTENT_SECURITY_POLICY_DIRECTIVES
from foursight.server.keys import resolve_keys

T = TypeVar("T")

#: Every setting read from the environment: name -> one-line description.
DOCUMENTED: dict[str, str] = {}


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def setting(name: str, default: T, cast: Callable[[str], T], doc: str) -> T:
    """Read ``name`` from the environment, cast it, or fall back to ``default``."""
    DOCUMENTED[name] = doc
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return cast(raw)
    except ValueError as exc:
        raise InvalidInput(f"Setting {name}: {exc}", field=name) from exc


ENVIRONMENT = setting(
    "FOURSIGHT_ENV",
    "development",
    str,
    "development, or the name of a deployment (e.g. production); outside development keys must be given",
)
#: Anything but development is a deployment: given keys, Secure cookies, HSTS.
DEPLOYED = ENVIRONMENT != "development"
DATA_DIR = Path(
    setting(
        "FOURSIGHT_DATA_DIR", "var", str, "directory for the embedded database and evidence store"
    )
).resolve()
SECRET_KEY, AUDIT_KEY = resolve_keys(
    ENVIRONMENT,
    DATA_DIR,
    setting(
        "FOURSIGHT_SECRET_KEY",
        "",
        str,
        "Django secret key; required outside development, generated into the data directory in it",
    ),
    setting(
        "FOURSIGHT_AUDIT_KEY",
        "",
        str,
        "HMAC key of the audit hash chain; required outside development, generated in it",
    ),
)
AUDIT_ANCHOR_PATH = setting(
    "FOURSIGHT_AUDIT_ANCHOR_PATH",
    "",
    str,
    "append-only anchor log of the audit chain (default audit-anchors.log in the data directory)",
)
DEBUG = setting("FOURSIGHT_DEBUG", False, _bool, "show Django debug pages (never in production)")
if DEBUG and ENVIRONMENT == "production":
    raise InvalidInput(
        "FOURSIGHT_DEBUG=true is refused when FOURSIGHT_ENV=production: debug pages show "
        "settings and personal data",
        field="FOURSIGHT_DEBUG",
    )
ALLOWED_HOSTS = setting(
    "FOURSIGHT_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", "testserver"],
    lambda raw: [h.strip() for h in raw.split(",") if h.strip()],
    "comma-separated host names the server answers to",
)
LOGIN_MAX_FAILURES = setting(
    "FOURSIGHT_LOGIN_MAX_FAILURES",
    5,
    int,
    "failed sign-ins for one user name from one address before that pair waits out the window",
)
LOGIN_LOCKOUT_MINUTES = setting(
    "FOURSIGHT_LOGIN_LOCKOUT_MINUTES", 15, int, "the window over which failed logins are counted"
)
LOGIN_ACCOUNT_FAILURES = setting(
    "FOURSIGHT_LOGIN_ACCOUNT_FAILURES",
    10,
    int,
    "failed sign-ins for one user name, any address, before an increasing delay",
)
LOGIN_ADDRESS_FAILURES = setting(
    "FOURSIGHT_LOGIN_ADDRESS_FAILURES",
    100,
    int,
    "failed sign-ins from one address, any user name, before an increasing delay",
)
LOGIN_MAX_DELAY_SECONDS = setting(
    "FOURSIGHT_LOGIN_MAX_DELAY_SECONDS", 300, int, "the longest account or address delay"
)
REQUIRE_2FA = setting(
    "FOURSIGHT_REQUIRE_2FA",
    ENVIRONMENT != "development",
    _bool,
    "require a one-time code for admin, supervisor, STAC and offender-unit users",
)
TOKEN_TTL_HOURS = setting("FOURSIGHT_TOKEN_TTL_HOURS", 12, int, "lifetime of an API bearer token")
JUSTIFICATION_MINUTES = setting(
    "FOURSIGHT_JUSTIFICATION_MINUTES",
    60,
    int,
    "how long a page justification for out-of-BCU access lasts",
)
SMALL_NUMBER_THRESHOLD = setting(
    "FOURSIGHT_SMALL_NUMBER_THRESHOLD",
    5,
    int,
    "aggregate counts below this are suppressed for analysts",
)
INSIGHTS_MAX_AGE = setting("FOURSIGHT_INSIGHTS_MAX_AGE", 300, int, "insights export age limit (s)")
LINK_THRESHOLD = setting("FOURSIGHT_LINK_THRESHOLD", 0.99, float, "link two mentions at or above")
REVIEW_THRESHOLD = setting("FOURSIGHT_REVIEW_THRESHOLD", 0.5, float, "queue pairs for review from")
LINK_MIN_TRAINING = setting("FOURSIGHT_LINK_MIN_TRAINING", 2000, int, "mentions to train on")
HARM_WINDOW_DAYS = setting("FOURSIGHT_HARM_WINDOW_DAYS", 365, int, "harm ranking window, days")
HARM_TOP_N = setting("FOURSIGHT_HARM_TOP_N", 100, int, "offenders kept per harm ranking")
_default_db = f"sqlite:///{DATA_DIR / 'foursight.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        setting("DATABASE_URL", _default_db, str, "database URL; PostgreSQL in production"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: readers never wait for the writer, and a commit is one fsync of the
    # log instead of three of a rollback journal (every page view commits an audit entry,
    # so commits are serialised: about 1 ms each with WAL against 20 ms without). FULL
    # keeps each commit durable across a power loss; the mode persists in the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL",
    }
# One test database per test process, so that parallel runs on one server never collide.
DATABASES["default"]["TEST"] = {
    "NAME": None
    if DATABASES["default"]["ENGINE"].endswith("sqlite3")
    else f"test_{DATABASES['default']['NAME']}_{os.getpid()}"
}

# Read by the test suite and CI only; documented so that the list stays complete.
setting(
    "FOURSIGHT_TEST_DATABASE_URL",
    "",
    str,
    "when set, `make test` runs the app tests on this PostgreSQL too",
)
setting("FOURSIGHT_CHROMIUM", "/usr/bin/chromium", str, "Chromium binary for the browser tests")
RISK_REVIEW_DAYS = setting("FOURSIGHT_RISK_REVIEW_DAYS", 28, int, "days between risk reassessments")
RISK_TRIGGER_DAYS = setting("FOURSIGHT_RISK_TRIGGER_DAYS", 3, int, "days to reassess after trigger")
MARAC_ESCALATION_DAYS = setting("FOURSIGHT_MARAC_ESCALATION_DAYS", 365, int, "MARAC window")
EVIDENCE_INLINE_BYTES = setting(
    "FOURSIGHT_EVIDENCE_INLINE_BYTES",
    5_000_000,
    int,
    "upload size above which an evidence import runs as a background job",
)
UPLOAD_MAX_BYTES = setting(
    "FOURSIGHT_UPLOAD_MAX_BYTES",
    512 * 1024 * 1024,
    int,
    "largest file an upload may carry (bytes); refused while it streams in, naming the limit",
)
MEDIA_UPLOAD_MAX_BYTES = setting(
    "FOURSIGHT_MEDIA_UPLOAD_MAX_BYTES",
    8 * 1024**3,
    int,
    "largest exhibit file (video, audio, photographs, documents) registered (bytes)",
)
FILE_UPLOAD_HANDLERS = [
    "foursight.server.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
EVIDENCE_WORKER = setting(
    "FOURSIGHT_EVIDENCE_WORKER",
    "thread",
    str,
    "thread: evidence tasks run in a worker thread of the server process; off: separate workers",
)
INTAKE_REPORT_LIMIT = setting(
    "FOURSIGHT_INTAKE_REPORT_LIMIT",
    5,
    int,
    "online reports per hour from one address (counted in memory, the address never stored)",
)
INTAKE_INFORMATION_LIMIT = setting(
    "FOURSIGHT_INTAKE_INFORMATION_LIMIT",
    60,
    int,
    "anonymous information forms per hour from everyone together (no address is used)",
)
INTAKE_VICTIM_LIMIT = setting(
    "FOURSIGHT_INTAKE_VICTIM_LIMIT", 30, int, "diary entries or uploads per hour on one victim link"
)
VICTIM_LINK_DAYS = setting("FOURSIGHT_VICTIM_LINK_DAYS", 90, int, "how long a victim's link lasts")
VICTIM_PASSCODE_TRIES = setting(
    "FOURSIGHT_VICTIM_PASSCODE_TRIES", 5, int, "wrong passcodes before a victim link is locked"
)
VICTIM_LOCK_MINUTES = setting(
    "FOURSIGHT_VICTIM_LOCK_MINUTES", 15, int, "how long a victim link stays locked after that"
)
VICTIM_SESSION_MINUTES = setting(
    "FOURSIGHT_VICTIM_SESSION_MINUTES", 30, int, "how long a victim stays signed in"
)
VICTIM_UPLOAD_BYTES = setting(
    "FOURSIGHT_VICTIM_UPLOAD_BYTES",
    100_000_000,
    int,
    "largest file a victim may upload from their page, in bytes",
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Serves the API docs' Swagger UI from its own static files, with no inline script
    # (the policy would block the CDN page used otherwise).
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django's task framework (backport) and its database backend: background work
    # (evidence imports) queued in this database, so no broker (foursight.evidence.jobs).
    "django_tasks",
    "django_tasks_db",
    *(f"foursight.{app}" for app in DOMAIN_APPS),
]
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "evidence"],
    }
}
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "foursight.server.headers.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "foursight.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "foursight.server.middleware.ErrorPageMiddleware",
]
ROOT_URLCONF = "foursight.server.urls"
WSGI_APPLICATION = "foursight.server.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Every path that sets a password runs these (accounts/passwords.py): docs/security.md.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "foursight.accounts.passwords.VarietyValidator"},
]
OTP_TOTP_ISSUER = "Foursight"
# Wrong codes count in Foursight's own sign-in throttle (accounts/throttle.py), which is
# bounded; django-otp's per-device doubling delay is not, and would let a guesser lock
# the real user out, so it is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent.parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "foursight.server.context.navigation",
                "foursight.server.forms.form_context",
            ],
            "builtins": ["foursight.server.display", "foursight.server.formtags"],
        },
    }
]
STATIC_URL = "/static/"
STATICFILES_DIRS = [Path(__file__).resolve().parent.parent / "static"]
STATIC_ROOT = None  # served from the package by WhiteNoise finders; nothing to collect
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_TZ = True
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
# Security headers and cookies (docs/security.md): development serves plain HTTP on
# localhost; every deployment is HTTPS only.
SESSION_COOKIE_SECURE = DEPLOYED
CSRF_COOKIE_SECURE = DEPLOYED
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_HSTS_SECONDS = setting(
    "FOURSIGHT_HSTS_SECONDS",
    31_536_000 if DEPLOYED else 0,
    int,
    "Strict-Transport-Security max-age (default one year outside development, off in it)",
)
if DEPLOYED and SECURE_HSTS_SECONDS <= 0:
    raise InvalidInput(
        f"FOURSIGHT_HSTS_SECONDS must be positive when FOURSIGHT_ENV={ENVIRONMENT}",
        field="FOURSIGHT_HSTS_SECONDS",
    )
if setting(
    "FOURSIGHT_BEHIND_HTTPS_PROXY",
    False,
    _bool,
    "trust the proxy's X-Forwarded-Proto: https (only behind a proxy that sets it)",
):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Splink reports every training step at INFO; its warnings (untrained levels) stay.
    "loggers": {"splink": {"level": "WARNING"}},
}
