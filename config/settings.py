"""Settings read from the environment; the defaults give a working site on one machine."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# Where the site keeps what it writes (the SQLite file, e-mails as files, uploads, collected static
# files). Nothing is created on import: each directory is made by what first writes there
# (config.sqlite on the first connection, collectstatic, the e-mail file backend, file storage).
VAR_DIR = Path(os.environ.get("SPOLU_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-spolu-0123456789"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "axes",
    "jobs",
    "events",
    "messaging",
    "registrations",
    "volunteers",
    "awards",
    "drives",
    "api",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.DefaultLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses TRACE and other odd methods, control characters in the path and oversized bodies
    # before CSRF or a view reads anything (Czech 405, 404, 413).
    "config.middleware.RequestGuardMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it can turn any answer of a locked-out sign-in or API token into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "events.context_processors.department",
                "accounts.context_processors.account",
            ],
        },
    },
]

# SQLite is the embedded default (config.sqlite: Django's backend that makes the file's directory on
# the first connection). IMMEDIATE transactions take the write lock up front, so
# parallel read-then-write requests queue for up to `timeout` seconds instead of failing
# with "database is locked".
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
}
SQLITE_ENGINE = "config.sqlite"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASES["default"]["ENGINE"] in (SQLITE_ENGINE, "django.db.backends.sqlite3"):
        DATABASES["default"].update(ENGINE=SQLITE_ENGINE, OPTIONS=dict(SQLITE_OPTIONS))
else:
    DATABASES = {
        "default": {
            "ENGINE": SQLITE_ENGINE,
            "NAME": VAR_DIR / "spolu.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

Q_CLUSTER = {
    "name": "spolu",
    "workers": int(os.environ.get("Q_WORKERS", "2")),
    "timeout": 60,
    "retry": 120,
    "max_attempts": 3,
    "catch_up": False,
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# One door for everyone with an account: the site's own Czech sign-in page (the admin's redirects there).
LOGIN_URL = "accounts:sign_in"
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out account or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Wrong passwords (and wrong API tokens, see api/authentication.py) are counted in the database by
# django-axes, so every web server shares one count. After SPOLU_SIGNIN_FAILURE_LIMIT failures
# within the cool-off, an account (from any address) and an address (for any account) are locked
# until SPOLU_SIGNIN_COOLOFF_MINUTES have passed since the last failure. Staff can unlock sooner
# in the admin (Access attempts) or with `manage.py axes_reset_username NAME`.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("SPOLU_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SPOLU_SIGNIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = "accounts.lockout.lockout_parameters"
# The address as the throttles see it (REST_FRAMEWORK["NUM_PROXIES"] below): X-Forwarded-For is
# read only when SPOLU_NUM_PROXIES says a proxy of ours wrote it, so it cannot be forged.
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out_response"
# Tries while locked out do not push the end of the lockout further, so "try again in 15 minutes"
# stays true for a person who tries once more.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful sign-in forgives only that account's failures from that address
# (accounts.lockout.forgive_own_mistakes): axes' own reset would wipe the address's count too.
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

LANGUAGE_CODE = "cs"
LANGUAGES = [("cs", _("Czech")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Prague"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Filled by `manage.py collectstatic` (which creates it); with DEBUG on, files are served from their apps.
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# The largest body any page or API call takes (the biggest, a door's offline batch of 500 scans,
# is ~120 kB); config.middleware refuses a larger Content-Length with 413 before anything reads it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Spolu <spolu@example.org>")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

# No inline script or style anywhere (they live in static/js and static/css), so an injected <script>
# or style="" does nothing. The door scanner's camera needs no source: its stream is set as the
# video's srcObject, not loaded from a URL. django-csp 4 reads this one dict (the CSP_* settings of
# 3.x are gone).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the icons the API documentation (Swagger UI) draws; an image cannot run script.
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.LimitedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    # JSON bounded in size and depth with Czech refusals (api/parsers.py); forms for the browsable API.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The client's address for throttles is REMOTE_ADDR, never a forgeable X-Forwarded-For;
    # behind a reverse proxy set SPOLU_NUM_PROXIES to the number of proxies in front.
    "NUM_PROXIES": int(os.environ.get("SPOLU_NUM_PROXIES", "0")),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spolu API",
    "DESCRIPTION": "Programme, registrations and check-in of the social-services department.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The default enum hook, then the refusals of the layers in front of every view (413, 429 locked_out).
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.shared_refusals"],
}

# How far ahead dates of a recurring series exist as rows; a daily job extends it.
SPOLU_HORIZON_DAYS = int(os.environ.get("SPOLU_HORIZON_DAYS", "400"))
# A rule with more dates than this within the horizon is refused as absurd.
SPOLU_MAX_DATES_IN_HORIZON = int(os.environ.get("SPOLU_MAX_DATES_IN_HORIZON", "500"))
# The department people call or write to: the footer, refusals, printed tickets and error pages
# (events.context_processors.department_contact). The hours are written as the office says them, with
# Czech or English day names ("po–pá 8–15", "po–čt 8–17; pá 8–14:30"): each page says them in its
# own language (events.office_hours); text in another form is shown as written.
SPOLU_DEPARTMENT_NAME = os.environ.get("SPOLU_DEPARTMENT_NAME", "Odbor sociálních služeb Magistrátu města Plzně")
SPOLU_DEPARTMENT_ADDRESS = os.environ.get("SPOLU_DEPARTMENT_ADDRESS", "Martinská 2, 301 00 Plzeň")
SPOLU_DEPARTMENT_PHONE = os.environ.get("SPOLU_DEPARTMENT_PHONE", "378 033 351")
SPOLU_DEPARTMENT_EMAIL = os.environ.get("SPOLU_DEPARTMENT_EMAIL", "socialnisluzby@plzen.eu")
SPOLU_DEPARTMENT_HOURS = os.environ.get("SPOLU_DEPARTMENT_HOURS", "po–pá 8–15")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Axes tells every failed sign-in at INFO and again at WARNING; the warnings (who failed, who is
    # locked out) are the ones staff need.
    "loggers": {"axes": {"level": "WARNING"}},
}
# Personal data of attendees is anonymised this many days after their last date.
SPOLU_ANONYMISE_AFTER_DAYS = int(os.environ.get("SPOLU_ANONYMISE_AFTER_DAYS", "30"))
# Registrations that went through (form errors do not count): from the public per client
# address and per phone or e-mail; from a signed-in account (staff, organizers) per account.
SPOLU_REGISTRATION_THROTTLE = os.environ.get("SPOLU_REGISTRATION_THROTTLE", "60/hour")
SPOLU_REGISTRATION_CONTACT_THROTTLE = os.environ.get("SPOLU_REGISTRATION_CONTACT_THROTTLE", "40/day")
SPOLU_STAFF_REGISTRATION_THROTTLE = os.environ.get("SPOLU_STAFF_REGISTRATION_THROTTLE", "600/hour")
# Anonymous pledges to charity drives and nominations for the Anděl award, per client address.
SPOLU_PLEDGE_THROTTLE = os.environ.get("SPOLU_PLEDGE_THROTTLE", "20/hour")
SPOLU_NOMINATION_THROTTLE = os.environ.get("SPOLU_NOMINATION_THROTTLE", "20/hour")
# A running drive closes by itself this many days after its last day.
SPOLU_DRIVE_CLOSE_AFTER_DAYS = int(os.environ.get("SPOLU_DRIVE_CLOSE_AFTER_DAYS", "7"))
# Nominations that did not win are anonymised this many days after judging closes.
SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS = int(os.environ.get("SPOLU_NOMINATIONS_ANONYMISE_AFTER_DAYS", "183"))
# How long a worker's claim on an outbox message lasts (longer than any SMTP timeout): the message
# of a worker that died is sent again once its claim has expired (messaging.outbox.LEASE).
SPOLU_OUTBOX_LEASE_SECONDS = int(os.environ.get("SPOLU_OUTBOX_LEASE_SECONDS", "300"))
