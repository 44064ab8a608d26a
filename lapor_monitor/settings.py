"""One settings module for every environment, configured by environment variables.

See README.md ("Konfigurasi") for the variables. Nothing exists only in production.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lapor_monitor.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
# Without SECRET_KEY the app still starts (demo, tests), with a key that
# `check --deploy` flags as insecure.
SECRET_KEY = env_secret("SECRET_KEY") or "django-insecure-lapor-monitor-development-only-key"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public read-only mode: dashboard pages and JSON readable without logging in (never admin).
LAPOR_PUBLIC_DASHBOARD = env_bool("LAPOR_PUBLIC_DASHBOARD", False)
# LAPOR!'s tracking page of a report; `{tracking_id}` is replaced by the ticket's tracking ID.
LAPOR_TICKET_URL = env_str("LAPOR_TICKET_URL", "https://www.lapor.go.id/laporan/detil/{tracking_id}")
if "{tracking_id}" not in LAPOR_TICKET_URL:
    raise ImproperlyConfigured("LAPOR_TICKET_URL must contain {tracking_id}.")
# Where readers reach the site: the links in subscription emails (unsubscribe, PDFs over the
# attachment limit) start with it.
LAPOR_SITE_URL = env_str("LAPOR_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A subscription email attaches its PDF up to this size; a larger one is sent as a link.
LAPOR_EMAIL_ATTACHMENT_MAX_BYTES = env_int("LAPOR_EMAIL_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
# Background work after publishing (evaluations/delivery): tries per task before it is marked
# failed on the close page, and the wait before the second try (doubling after each failure).
LAPOR_TASK_ATTEMPTS = env_int("LAPOR_TASK_ATTEMPTS", 5)
LAPOR_TASK_RETRY_SECONDS = env_int("LAPOR_TASK_RETRY_SECONDS", 60)
# Processes that render a month's PDFs (generate_reports, the publishing task); 0 = one per CPU.
LAPOR_RENDER_PROCESSES = env_int("LAPOR_RENDER_PROCESSES", 0)
# Whom readers ask about the data ("Tentang data ini" on the dashboards).
LAPOR_CONTACT = env_str(
    "LAPOR_CONTACT",
    "Asisten Deputi Sistem Informasi Pelayanan Publik, Kementerian PANRB — sp4n-lapor@menpan.go.id",
)

INSTALLED_APPS = [
    "lapor_monitor.admin_site.LaporAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "csp",
    "lapor_monitor.admin_site.LoginGuardConfig",  # django-axes
    "django_tasks",
    "django_tasks_db",
    "agencies",
    "evaluations",
]

# The task queue: django-tasks with its database backend, so the queue lives in the database
# the app already uses (PostgreSQL in production) and workers on any machine share it. A
# worker is `manage.py db_worker` (make serve, make demo, docs/deploy.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # HTML and JSON gzip-compressed (static files come compressed from WhiteNoise). CSRF tokens
    # are masked anew on every response, which is Django's answer to BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lapor_monitor.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "lapor_monitor.middleware.DatabaseUnavailableMiddleware",
    "lapor_monitor.middleware.OneDataVersionMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lapor_monitor.urls"
WSGI_APPLICATION = "lapor_monitor.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            # Persistent connections (checked before reuse): opening one costs PostgreSQL a
            # process and a SCRAM exchange, more than the page's own queries.
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The dashboards' queries are short; PostgreSQL's JIT would spend more compiling them
    # (hundreds of ms when a row estimate runs high) than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Email (subscriptions): SMTP when EMAIL_HOST is set, else printed on the console.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "LAPOR! Monitor <noreply@lapor-monitor.invalid>")

# The cache (page bodies, see evaluations/web/page_cache.py). With REDIS_URL, Redis through
# Django's RedisCache, shared by every worker and app server; a Redis that is down is a miss
# (lapor_monitor/cache.py), never an error page. Without it, each process keeps its own.
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r}: use redis://host:port/db (or rediss://, unix://)"
        )
    CACHES = {
        "default": {
            "BACKEND": "lapor_monitor.cache.SafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "lapor"),
            "KEY_FUNCTION": "lapor_monitor.cache.make_key",
            "TIMEOUT": 600,
            # A Redis that does not answer costs a page at most this long (then 5 s of misses).
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous readers of the public dashboard (LAPOR_PUBLIC_DASHBOARD) may keep a page this long
# (Cache-Control: public); logged-in readers revalidate every time (private, no-cache).
LAPOR_PUBLIC_MAX_AGE = env_int("LAPOR_PUBLIC_MAX_AGE", 60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# README "Kata sandi dan log-in": at least 12 characters, not common, not only guessable words.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "lapor_monitor.passwords.GuessableWordsValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Refuses log-ins after repeated failures (django-axes), then the usual model backend.
    "lapor_monitor.auth.LoginGuardBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
# Each entry counts on its own: failures against one username from any addresses (a password
# guessed from many machines), and failures from one address over any usernames (spraying).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# An upload above this is refused before it is read into memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Security. Behind HTTPS (LAPOR_HTTPS=true): redirect, HSTS and secure cookies.
HTTPS = env_bool("LAPOR_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("LAPOR_BEHIND_PROXY", False):
    # nginx in front sets X-Forwarded-Proto; see docs/deploy.md.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): no inline script or style anywhere.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_NONE],
    }
}

LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["stdout"], "level": env_str("LOG_LEVEL", "INFO")},
    # django-axes announces itself at every start; keep its warnings only.
    "loggers": {
        "axes.apps": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
