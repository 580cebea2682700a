"""Xiezuo's one settings module, driven by environment variables.

| variable | default | meaning |
|---|---|---|
| DATABASE_URL | sqlite:///var/xiezuo.sqlite3 | database (SQLite or PostgreSQL) |
| XIEZUO_SECRET_KEY | generated once into var/secret_key | Django's secret key |
| XIEZUO_DEBUG | 0 | Django's debug mode |
| XIEZUO_ALLOWED_HOSTS | 127.0.0.1,localhost,[::1] (plus HOST) | comma-separated host names |
| XIEZUO_HTTPS | 0 | served behind HTTPS: secure cookies, HSTS, SSL redirect |
| XIEZUO_VAR_DIR | ./var | where the SQLite database, secret key and uploads live |
| XIEZUO_EMAIL_URL | console | `console` or `smtp://user:pass@host:port` |
| XIEZUO_SITE_URL | http://127.0.0.1:8000 | the site's address, for links in mails (reminders) |
| XIEZUO_PERSONAL_KEY | generated once into var/personal_key | Fernet key(s) of personal info |
| XIEZUO_PERSONAL_HASH_KEY | generated once into var/personal_hash_key | its lookup hashes' key |
| XIEZUO_HOME_PLACE | 45 | the division code of the helped region pages open on (Guangxi) |
| XIEZUO_TRUSTED_PROXIES | (none) | reverse proxies whose X-Forwarded-For is believed |
| XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT | 30 | failed sign-ins from one address, any names |
| XIEZUO_SLOW_REQUEST_MS | 1000 | requests slower than this are logged as a warning (0: never) |
| XIEZUO_REQUEST_LOG_LEVEL | INFO | `WARNING` keeps only the error and slow request lines |
| XIEZUO_METRICS_ALLOWED | 127.0.0.1,::1 | client addresses or networks /metrics answers |
| XIEZUO_METRICS_TOKEN | (none) | a bearer token that also opens /metrics |

| XIEZUO_ALLOW_SELF_APPROVAL | 0 | approve a report one entered or completed (flagged) |
"""

from __future__ import annotations

import base64
import contextlib
import ipaddress
import os
import secrets
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("XIEZUO_VAR_DIR", Path.cwd() / "var")).resolve()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _kept_key(variable: str, filename: str, generate: Callable[[], str]) -> str:
    """A key from the environment, else the one generated once into var/ (readable by the
    owner only): the secret key, the personal-information keys."""
    key = os.environ.get(variable)
    if key:
        return key
    path = VAR_DIR / filename
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Written whole under another name, then linked into place, which fails if another
    # process (a second gunicorn worker starting on an empty var/) got there first: then
    # its key is the one, and no process ever reads a half-written or a different key.
    fd, staged = tempfile.mkstemp(dir=VAR_DIR, prefix=f".{filename}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(generate())
        os.chmod(staged, 0o600)
        with contextlib.suppress(FileExistsError):
            os.link(staged, path)
    finally:
        os.unlink(staged)
    return path.read_text().strip()


def _fernet_key() -> str:
    # Fernet's key format (32 random bytes, url-safe base64), written without importing
    # cryptography into the settings
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


SECRET_KEY = _kept_key("XIEZUO_SECRET_KEY", "secret_key", lambda: secrets.token_urlsafe(50))
# Personal information (xiezuo.personal): identity numbers and phones are encrypted with
# the first of these keys and decrypted with any; the lookup hashes that find duplicates
# use a key of their own, so that rotating the encryption key leaves them unchanged.
XIEZUO_PERSONAL_KEYS = [
    k.strip()
    for k in _kept_key("XIEZUO_PERSONAL_KEY", "personal_key", _fernet_key).split(",")
    if k.strip()
]
XIEZUO_PERSONAL_HASH_KEY = _kept_key(
    "XIEZUO_PERSONAL_HASH_KEY", "personal_hash_key", lambda: secrets.token_urlsafe(32)
)
DEBUG = _flag("XIEZUO_DEBUG")
HTTPS = _flag("XIEZUO_HTTPS")

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("XIEZUO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]
if os.environ.get("HOST") and os.environ["HOST"] not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(os.environ["HOST"])
if os.environ.get("HOST") == "0.0.0.0":
    ALLOWED_HOSTS.append("*")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "axes",
    "ninja",  # its own Swagger UI files for the API docs, served from here, not a CDN
    "xiezuo.places",
    "xiezuo.accounts",
    "xiezuo.personal",
    "xiezuo.occupations",
    "xiezuo.labour",
    "xiezuo.pairings",
    "xiezuo.plans",
    "xiezuo.projects",
    "xiezuo.ledger",
    "xiezuo.investment",
    "xiezuo.exchange",
    "xiezuo.consumption",
    "xiezuo.tourism",
    "xiezuo.disclosure",
    "xiezuo.indicators",
    "xiezuo.reports",
    "xiezuo.reports.progress",
    "xiezuo.reports.assessment",
    "xiezuo.web",
    "xiezuo.demo",
    "xiezuo.dhis2",
]

MIDDLEWARE = [
    # first: the request id, the request's log line and metrics, for every answer
    "xiezuo.observability.RequestLog",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # outside everything that may refuse a request under /api/ with a Django page
    "xiezuo.api.ApiErrors",
    "xiezuo.bodies.BodyLimits",
    "xiezuo.locked.LockedDatabase",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "xiezuo.accounts.middleware.LoginRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "xiezuo.accounts.audit.AuditActorMiddleware",
    "axes.middleware.AxesMiddleware",
    "xiezuo.web.middleware.RefusedParameters",
    "xiezuo.web.middleware.PrivateResponses",
    "xiezuo.web.middleware.ContentSecurityPolicy",
]

ROOT_URLCONF = "xiezuo.urls"
WSGI_APPLICATION = "xiezuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["xiezuo.web.templatetags.xiezuo"],
        },
    }
]

# How long a request waits for a lock another writer holds before it answers 503
# (xiezuo.locked): SQLite's busy timeout, PostgreSQL's lock_timeout.
DB_LOCK_WAIT = float(os.environ.get("XIEZUO_DB_LOCK_WAIT", "20"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xiezuo.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; a busy timeout waits for the lock.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": DB_LOCK_WAIT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # a persistent connection the server dropped (a restart) is replaced, not used and failed
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={int(DB_LOCK_WAIT * 1000)}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
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

# Login throttling (django-axes): 5 failures for one user name from one address
# lock that pair out for 15 minutes; 30 failures from one address, whatever the
# user names, lock the address out (xiezuo.accounts.lockout). The address is the
# client's: behind a reverse proxy listed in XIEZUO_TRUSTED_PROXIES, the one it
# forwards in X-Forwarded-For.
AXES_FAILURE_LIMIT = int(os.environ.get("XIEZUO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "xiezuo.accounts.lockout.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "xiezuo.accounts.lockout.client_address"
XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("XIEZUO_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
XIEZUO_TRUSTED_PROXIES = [
    ipaddress.ip_network(part.strip(), strict=False)
    for part in os.environ.get("XIEZUO_TRUSTED_PROXIES", "").split(",")
    if part.strip()
]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "xiezuo.api.csrf_failure"  # the same page; JSON under /api/ (ApiErrors)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if HTTPS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    # an upload is written under a temporary name, named once whole (see xiezuo.storage)
    "default": {"BACKEND": "xiezuo.storage.StagedFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = False

_email_url = os.environ.get("XIEZUO_EMAIL_URL", "console")
if _email_url == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    _parsed = urlparse(_email_url)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _parsed.hostname or "localhost"
    EMAIL_PORT = _parsed.port or 25
    EMAIL_HOST_USER = unquote(_parsed.username or "")
    EMAIL_HOST_PASSWORD = unquote(_parsed.password or "")
    EMAIL_USE_TLS = _parsed.scheme == "smtp+tls"
DEFAULT_FROM_EMAIL = os.environ.get("XIEZUO_FROM_EMAIL", "xiezuo@localhost")
# Links in mails (the work plan's reminders) start with this address.
XIEZUO_SITE_URL = os.environ.get("XIEZUO_SITE_URL", "http://127.0.0.1:8000")

# Audit trail (django-auditlog): the actor is set by AuditActorMiddleware for
# pages and by the API's authentication for tokens.
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_INCLUDE_ALL_MODELS = False

# Logs go to stderr as JSON lines (xiezuo.logs, xiezuo.observability): one line per request on
# `xiezuo.requests` (INFO; 5xx as ERROR), a warning on `xiezuo.requests.slow` for requests
# slower than XIEZUO_SLOW_REQUEST_MS (0: none), and warnings and errors of everything
# else, each with the id of the request it happened in.
XIEZUO_SLOW_REQUEST_MS = float(os.environ.get("XIEZUO_SLOW_REQUEST_MS", "1000"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "xiezuo.logs.RequestIdFilter"}},
    "formatters": {"json": {"()": "xiezuo.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "xiezuo.requests": {
            "level": os.environ.get("XIEZUO_REQUEST_LOG_LEVEL", "INFO").upper(),
        },
    },
}

# /metrics (xiezuo.metrics) answers these client addresses, or a request with
# `Authorization: Bearer <XIEZUO_METRICS_TOKEN>`; anybody else gets a 404.
XIEZUO_METRICS_ALLOWED = [
    ipaddress.ip_network(part.strip(), strict=False)
    for part in os.environ.get("XIEZUO_METRICS_ALLOWED", "127.0.0.1,::1").split(",")
    if part.strip()
]
XIEZUO_METRICS_TOKEN = os.environ.get("XIEZUO_METRICS_TOKEN", "")

NINJA_PAGINATION_PER_PAGE = 100

# The largest request body read in the request (JSON, form fields), in MB; larger ones are
# refused with 413 (xiezuo.bodies). Larger files go to the background import.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(float(os.environ.get("XIEZUO_MAX_BODY_MB", "10")) * 1024 * 1024)

# Uploads of data values: files up to this size are imported in the request;
# larger ones in the background, by a thread ("thread") or by
# `xiezuo imports run` ("worker").
XIEZUO_IMPORT_INLINE_BYTES = int(os.environ.get("XIEZUO_IMPORT_INLINE_BYTES", str(512 * 1024)))
XIEZUO_IMPORT_JOBS = os.environ.get("XIEZUO_IMPORT_JOBS", "thread")

XIEZUO_PROGRAMME_NAME = _("Guangdong–Guangxi East–West cooperation")
# The place pages open on when none is asked for and the user has no scope:
# the programme's helped region.
XIEZUO_HOME_PLACE = os.environ.get("XIEZUO_HOME_PLACE", "45")
# Four eyes on reports: whoever entered values in a report or marked it complete does not
# approve it. A deployment with one approver per county turns this on; such an approval
# is then flagged on the approval record (and so in the audit trail and the approval pages).
XIEZUO_ALLOW_SELF_APPROVAL = _flag("XIEZUO_ALLOW_SELF_APPROVAL")
