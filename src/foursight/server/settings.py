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


PLACEHOLDER_SECRET = "foursight-development-only-secret-change-me"  # noqa: S105

ENVIRONMENT = setting(
    "FOURSIGHT_ENV",
    "development",
    str,
    "development or production; production refuses the placeholder secret",
)
DATA_DIR = Path(
    setting(
        "FOURSIGHT_DATA_DIR", "var", str, "directory for the embedded database and evidence store"
    )
).resolve()
SECRET_KEY = setting(
    "FOURSIGHT_SECRET_KEY",
    PLACEHOLDER_SECRET,
    str,
    "Django secret key; required outside development",
)
if ENVIRONMENT != "development" and SECRET_KEY == PLACEHOLDER_SECRET:
    raise InvalidInput(
        "FOURSIGHT_SECRET_KEY must be set outside development (FOURSIGHT_ENV=development allows the placeholder)",
        field="FOURSIGHT_SECRET_KEY",
    )
DEBUG = setting("FOURSIGHT_DEBUG", False, _bool, "show Django debug pages (never in production)")
ALLOWED_HOSTS = setting(
    "FOURSIGHT_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", "testserver"],
    lambda raw: [h.strip() for h in raw.split(",") if h.strip()],
    "comma-separated host names the server answers to",
)
AUDIT_KEY = setting(
    "FOURSIGHT_AUDIT_KEY",
    "",
    str,
    "HMAC key for the audit hash chain (default: derived from the secret key)",
) or ("audit:" + SECRET_KEY)
LOGIN_MAX_FAILURES = setting(
    "FOURSIGHT_LOGIN_MAX_FAILURES",
    5,
    int,
    "failed logins per user name or address before throttling",
)
LOGIN_LOCKOUT_MINUTES = setting(
    "FOURSIGHT_LOGIN_LOCKOUT_MINUTES", 15, int, "the window over which failed logins are counted"
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
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "transaction_mode": "IMMEDIATE"}
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
NEW_USER_PASSWORD = setting(
    "FOURSIGHT_NEW_PASSWORD", "", str, "password for `foursight user create` without --password"
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
EVIDENCE_WORKER = setting(
    "FOURSIGHT_EVIDENCE_WORKER",
    "thread",
    str,
    "thread: evidence import jobs run in the server process; off: a separate worker",
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
    *(f"foursight.{app}" for app in DOMAIN_APPS),
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
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
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
]
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
            ]
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
SESSION_COOKIE_SECURE = ENVIRONMENT == "production"
CSRF_COOKIE_SECURE = ENVIRONMENT == "production"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Splink reports every training step at INFO; its warnings (untrained levels) stay.
    "loggers": {"splink": {"level": "WARNING"}},
}
