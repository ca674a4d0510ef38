"""Stretchlog's settings: one file, driven by a few environment variables.

SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" for local development; off by default
ALLOWED_HOSTS comma-separated host names
DATABASE_URL  e.g. postgres://user@host:5432/name; a SQLite file in the checkout by default
HTTPS         on by default when DEBUG is off: HTTPS redirect, HSTS, secure __Host- cookies;
              "0" only to serve plain http on loopback (a local `make serve`, the benchmark)
BEHIND_PROXY  "1" behind a TLS-terminating proxy that sets X-Forwarded-Proto and appends the
              client's address to X-Forwarded-For
EMAIL_FILE_PATH a folder: emails are written there as files instead of sent (a trial run,
              the reminder workers' test); otherwise SMTP when EMAIL_HOST is set, else the console
MEDIA_ROOT    where uploaded pictures are kept on this machine; `media/` in the checkout
MEDIA_STORAGE another storage backend for them (several hosts), with MEDIA_STORAGE_OPTIONS (JSON)

Yes/no and number settings are read strictly: a value that is neither stops start-up with the
variable's name, so that a typo never turns a protection off.
"""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """A yes/no setting. Anything but the words below stops start-up: a typo such as
    HTTPS=ture must not quietly turn a protection off."""
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value: use one of "
        f"{', '.join(sorted(TRUE))} or {', '.join(sorted(FALSE))}."
    )


def envint(name: str, default: int, minimum: int = 0) -> int:
    """A whole-number setting, at least `minimum`; anything else stops start-up."""
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number of at least {minimum}."
        )
    return number


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envjson(name: str) -> dict:
    """A JSON object setting, {} when unset; anything but an object stops start-up."""
    value = os.environ.get(name, "").strip()
    try:
        options = json.loads(value) if value else {}
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise ImproperlyConfigured(f'{name} is not a JSON object such as {{"bucket_name": "x"}}.')
    return options


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable, "
            "or set DEBUG=1 for local development."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "journal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_ratelimit",
    "django_q",
    # The library's published versions, with who published each (journal/editorial.py).
    "reversion",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages are compressed too (Django pads them against BREACH; CSRF tokens are masked).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The CSRF cookie only when it changes: a page fetched in the background must not set back
    # the token a sign-in has just renewed.
    "journal.middleware.CsrfCookieWhenNewMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Every signed-in person has a profile, however their account was made.
    "journal.middleware.ProfileMiddleware",
    "journal.middleware.PersonTagMiddleware",
    # A form sent while the database cannot write: "not saved yet", with what was typed.
    "journal.middleware.CouldNotSaveMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "stretchlog.urls"
WSGI_APPLICATION = "stretchlog.wsgi.application"

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
            ],
        },
    },
]

FORM_RENDERER = "stretchlog.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, but the file is created readable by its owner only.
    DATABASES["default"]["ENGINE"] = "stretchlog.sqlite3"
    # Persistent connections are not useful for a local file.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers carry on while one writer writes; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue (up to `timeout` seconds)
        # instead of failing with "database is locked" half-way through.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too (beside the database, named test-...), so that threads and the
    # live server see real locking.
    database_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {
        "NAME": str(database_file.with_name(f"test-{database_file.name}"))
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Each process keeps its own cache, for the trends page's charts (20 to 75 KB a person and
# range, so at most about 20 MB a process). Their keys carry a stamp read from the database,
# so processes or hosts never serve a copy another one has made stale. An hour at most, so a
# stretch renamed in the admin shows within the hour.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
    # The counts behind the limits on password resets and sign-ups: in the database, so that
    # every process and host counts together. `migrate` makes the table (journal migration 0017,
    # as `manage.py createcachetable` would).
    "limits": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "stretchlog_limits",
    },
}
RATELIMIT_USE_CACHE = "limits"
# django-ratelimit prefers memcached or Redis, whose increments are atomic; the database cache's
# are not, so two requests at the very same moment may count once. For limits of a few an hour
# that is a request more at worst, and it needs no cache server.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
# plotly.js comes from the npm registry (package.json); `make` installs it into node_modules.
STATICFILES_DIRS = [("vendor/plotly", BASE_DIR / "node_modules" / "plotly.js-basic-dist-min")]
# The service worker's runtime (Workbox) and the page's small IndexedDB helper, from npm too.
STATICFILES_DIRS += [
    ("vendor/workbox", BASE_DIR / "node_modules" / f"workbox-{name}" / "build")
    for name in ("core", "routing", "strategies", "precaching", "window")
]
STATICFILES_DIRS += [("vendor/idb-keyval", BASE_DIR / "node_modules" / "idb-keyval" / "dist")]
# Production (STATIC_HASHED=1, after collectstatic): hashed names, gzip, far-future cache
# headers, all served by the app. Otherwise (development, tests) plain names from the folders.
STATIC_HASHED = envbool("STATIC_HASHED", False)
if STATIC_HASHED:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Uploaded pictures (journal/pictures.py): a folder on this machine by default, created on the
# first upload. Several hosts share one storage instead (README, "Pictures on several hosts").
# The app serves them itself at MEDIA_URL (journal/views/media.py), in production too.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# No upload is kept past this size, whatever the form: the rest is read and thrown away, and the
# form says how large the file was (journal/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "journal.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    # MEDIA_STORAGE names another backend (with its MEDIA_STORAGE_OPTIONS), e.g. django-storages'
    # S3 storage for several hosts; it is not installed with the app (README).
    "default": {
        "BACKEND": os.environ.get("MEDIA_STORAGE") or "django.core.files.storage.FileSystemStorage",
        "OPTIONS": envjson("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": "stretchlog.storage.StaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security. Production runs on HTTPS: redirect, HSTS for a year with subdomains, and
# cookies that only travel over HTTPS, named __Host- so no subdomain can set them.
HTTPS = envbool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_NAME = "__Host-sessionid" if HTTPS else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if HTTPS else "csrftoken"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Scripts and styles only from our own files: no inline script or style, no eval (htmx is
# configured for it in base.html). The one hash is that of an empty string: plotly.js adds
# an empty <style> element and fills it with rules through the CSSOM, which CSP allows.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    }
}

# Accounts
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
# Logging out shows registration/logged_out.html, so people see that it worked.
LOGOUT_REDIRECT_URL = None

# Repeated failed logins for one username from one address lock it out for a while.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "journal.views.accounts.locked_out"

# The number the emergency notice offers to call (tap to call on a phone). 112 reaches the
# emergency services from mobile phones in the EU and many other countries; set the local one
# (999, 911, 000…) for each deployment.
EMERGENCY_NUMBER = os.environ.get("EMERGENCY_NUMBER", "112")

# Email (password resets, reminders): printed to the console unless an SMTP host is set, or
# written as files to EMAIL_FILE_PATH when that is set, so that each email of a run of several
# worker processes can be counted afterwards (tests/test_reminder_workers.py).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", "")
if EMAIL_FILE_PATH:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_PORT = envint("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Stretchlog <noreply@localhost>")

# Sign-ins, sign-outs and failed sign-ins (django-axes) and server errors go to the console.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "INFO", "propagate": True},
        # Imports: how long checking and writing took.
        "journal.transfer": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Server errors (500s) with their tracebacks, whatever DEBUG is.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Reminders (journal/reminders/): a django-q2 cluster (`manage.py qcluster`, which `make run`
# starts) keeps its queue in this database and runs the reminder schedule every minute. One
# cluster a host; on PostgreSQL any number of hosts share the work (README, "Reminders").
Q_CLUSTER = {
    "name": "stretchlog",
    "orm": "default",
    "workers": envint("REMINDER_WORKERS", 2, minimum=1),
    # A send that takes longer than this is stopped; a stopped or crashed task is offered again
    # after `retry`, and its reminder's row says whether it already went (never twice).
    "timeout": 50,
    "retry": 60,
    "max_attempts": 3,
    # After a worker was down, the schedule runs once, not once for every minute missed.
    "catch_up": False,
    "poll": 1,
    "save_limit": 500,
    "ack_failures": True,
    "label": "Task queue",
}
# The address reminders link to (emails, calendar events and notifications leave the site).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Web push: the server's VAPID key pair (`make` writes one to .vapid.env once; README).
# Without them, notifications are not offered; email and the calendar still work.
VAPID_PRIVATE_KEY = os.environ.get("VAPID_PRIVATE_KEY", "")
VAPID_PUBLIC_KEY = os.environ.get("VAPID_PUBLIC_KEY", "")
VAPID_CONTACT = os.environ.get("VAPID_CONTACT", "mailto:noreply@localhost")
# Push services are public https addresses. Only in development and tests may a subscription
# point at plain http or at this machine's own network, where a stand-in push service runs:
# otherwise anyone signed in could make the server send requests inside its own network.
PUSH_LOCAL_ENDPOINTS = envbool("PUSH_LOCAL_ENDPOINTS", DEBUG)
