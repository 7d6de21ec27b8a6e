"""socplan settings: one file, configured from the environment.

Environment variables (all optional):

DATABASE_URL        database, default: SQLite file ``$SOCPLAN_DATA_DIR/socplan.sqlite3``
SOCPLAN_DATA_DIR    folder for the embedded database, secret key and uploads (default ``var/``)
CACHE_URL           cache shared by every process: redis://... or file:///path (REDIS_URL too);
                    default: a file cache in ``$SOCPLAN_DATA_DIR/cache``
SECRET_KEY          secret key; when absent one is generated once into the data folder
DEBUG               "1"/"true" to switch debugging on (off by default)
ALLOWED_HOSTS       comma-separated host names (default: localhost names)
CSRF_TRUSTED_ORIGINS comma-separated origins when served behind a proxy on another origin
EMAIL_URL           smtp://user:password@host:port (smtp+tls:// or smtp+ssl:// for encryption);
                    default: e-mails are printed to the console
DEFAULT_FROM_EMAIL  sender address of e-mails
SITE_URL            absolute address of the site used in e-mails (default http://127.0.0.1:8000)
TIME_ZONE           default Europe/Prague
MAP_TILE_URL        tile server for maps (default OpenStreetMap)
MAP_TILE_ATTRIBUTION attribution shown on maps
SOCPLAN_SITE_NAME   the installation's name in the header (default socplan)
SOCPLAN_SITE_LOGO   its logo: a path under the static files or an https address
SOCPLAN_SITE_LOGO_ALT the logo's text alternative (default: the name)
SOCPLAN_SITE_COLOUR its accent colour, e.g. #1b5e20 (dark enough for white text)
SOCPLAN_OPENDATA_PUBLISHER the IČO of the public body publishing the open-data catalogue
SOCPLAN_OPENDATA_PUBLISHERS  IČO of the bodies of single processes: "slug=IČO,slug=IČO"
"""

import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("SOCPLAN_DATA_DIR", PROJECT_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written once, readable by the owner only; never part of the repository.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The installation's own face (socplan.core.branding): its name in the header, a logo (a path
# under the static files or an https address) and an accent colour ("#1b5e20"; a colour too
# light for white text on it is ignored).
SITE_NAME = os.environ.get("SOCPLAN_SITE_NAME", "")
SITE_LOGO = os.environ.get("SOCPLAN_SITE_LOGO", "")
SITE_LOGO_ALT = os.environ.get("SOCPLAN_SITE_LOGO_ALT", "")
SITE_COLOUR = os.environ.get("SOCPLAN_SITE_COLOUR", "")

# The local open-data catalogue (DCAT-AP-CZ, socplan.api.opendata): the publisher is a public
# body of the register of public administration, known by its IČO; a process run by another
# body names its own ("slug=IČO,slug=IČO").
OPENDATA_PUBLISHER = os.environ.get("SOCPLAN_OPENDATA_PUBLISHER", "").strip()
OPENDATA_PUBLISHERS = dict(
    item.split("=", 1) for item in env_list("SOCPLAN_OPENDATA_PUBLISHERS") if "=" in item
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules",
    "django_htmx",
    "axes",
    "socplan.core",
    "socplan.accounts",
    "socplan.territory",
    "socplan.organisation",
    "socplan.catalogue",
    "socplan.library",
    "socplan.analysis",
    "socplan.planning",
    "socplan.consultation",
    "socplan.monitoring",
    "socplan.documents",
    "socplan.api",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "socplan.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "socplan.core.middleware.LoginRequiredMiddleware",
    # last: turns a refused sign-in (too many failures) into the "try later" page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socplan.urls"
WSGI_APPLICATION = "socplan.wsgi.application"

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
                "socplan.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'socplan.sqlite3'}",
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections are kept like PostgreSQL's (conn_max_age above): a new SQLite connection
    # reads the whole schema at its first query, about 1.5 ms of CPU on every request.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,  # busy timeout in seconds
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # first: refuses a sign-in while the account or the address is locked out (django-axes)
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:dashboard"
LOGOUT_REDIRECT_URL = "home:index"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 7  # invitations and resets: one week

# Behind a proxy (nginx, a load balancer) the client's address comes from X-Forwarded-For:
# TRUSTED_PROXIES says how many proxies append to it (0: use the connection's address).
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
# Sign-in throttling (django-axes): after LOGIN_FAILURE_LIMIT failed attempts for one account,
# or from one address, further attempts are refused for LOGIN_LOCKOUT_MINUTES. Failed attempts
# are counted in the database (axes' tables: shared by every process and server); successful
# sign-ins are not logged; a successful sign-in resets the account's count.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_DISABLE_ACCESS_LOG = True
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_CALLABLE = "socplan.accounts.throttling.username"
AXES_CLIENT_IP_CALLABLE = "socplan.core.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "socplan.accounts.throttling.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Public forms (password reset, suggestions, meeting replies): socplan.core.ratelimit.
RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Prague")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["socplan.core.formats"]  # the interface's dates (core/formats)

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]  # socplan/static is not inside an app
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "socplan.core.storage.StaticFilesStorage"},
}
# Static files work before `collectstatic` too (tests, first start); after it, the hashed
# and compressed copies in STATIC_ROOT are served with long cache lifetimes.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The document library keeps its files outside MEDIA_ROOT: every download goes through a
# view that checks permission (internal documents).
LIBRARY_ROOT = Path(os.environ.get("LIBRARY_ROOT", DATA_DIR / "library"))
LIBRARY_MAX_UPLOAD_BYTES = int(os.environ.get("LIBRARY_MAX_UPLOAD_MB", "20")) * 1024 * 1024
# Files made for a user (results of background jobs: plan documents, booklets) are kept
# outside MEDIA_ROOT too, and served only by views that check permission (core/files.py).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", DATA_DIR / "private"))


def _email_settings() -> dict:
    url = os.environ.get("EMAIL_URL")
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtp+ssl" else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
    }


globals().update(_email_settings())
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "socplan <socplan@localhost>")
# Notices that may come in bursts (public suggestions in the catalogue) are collected into
# one digest e-mail per recipient, sent this many minutes after the first of them.
MAIL_DIGEST_MINUTES = int(os.environ.get("MAIL_DIGEST_MINUTES", "60"))
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SECURE_COOKIES = env_bool("SECURE_COOKIES")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
if SECURE_COOKIES:
    # Served over HTTPS, usually behind a proxy that terminates TLS and says so in
    # X-Forwarded-Proto (the proxy must set or strip that header on every request).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}" if parts.netloc else ""


# Content-Security-Policy (socplan.core.middleware): scripts, styles and everything else from
# the site itself; no inline script (a nonce when one cannot be avoided), no inline style
# attribute; map tiles from the tile server; no framing.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", *filter(None, [_origin(MAP_TILE_URL)])],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# Background jobs, queued with django-tasks: the database backend in the embedded set-up (the
# worker runs beside `socplan serve`, or alone as `socplan db_worker`); tests run them at once.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Seconds a background job may run before its page shows it as failed (socplan.core.jobs).
JOB_TIME_LIMIT = int(os.environ.get("JOB_TIME_LIMIT", str(6 * 3600)))


# The cache carries the progress of background jobs and the heartbeats of imports and of
# the job worker between processes (web server, worker, commands): it must be shared by all
# of them, never a per-process memory cache (a system check refuses one, core/checks.py).
# A file cache in the data folder by default; CACHE_URL (or REDIS_URL) ``redis://...`` /
# ``rediss://...`` for Redis, ``file:///path`` for a file cache elsewhere.
def _caches() -> dict:
    url = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
    parts = urlsplit(url)
    if parts.scheme in ("redis", "rediss", "unix"):
        default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    elif parts.scheme == "file" and parts.path:
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": unquote(parts.path),
        }
    elif url:
        raise ValueError(f"CACHE_URL: use redis://, rediss:// or file:///path, not {url!r}")
    else:
        default = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    return {"default": default}


CACHES = _caches()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_in_one_line": {"()": "socplan.core.log.ForbiddenInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["forbidden_in_one_line"]}},
}
