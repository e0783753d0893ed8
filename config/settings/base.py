"""certdesk settings. Everything that differs between machines comes from the environment;
`.env.example` lists every variable."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, not {value!r}")


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set (or DEBUG=true for a local run)")
    SECRET_KEY = "certdesk-local-development-key-not-for-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "certdesk.core",
    "certdesk.accounts",
    "certdesk.courses",
    "certdesk.audit",
    "certdesk.certificates",
    "certdesk.dashboard",
    "certdesk.verify",
    "certdesk.mfe",
    "certdesk.demo",
]

MIDDLEWARE = [
    "certdesk.core.middleware.RequestIdMiddleware",
    "certdesk.core.middleware.ServiceUnavailableMiddleware",
    "certdesk.core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
APPEND_SLASH = False

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
            ],
        },
    },
]


def database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'certdesk.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["ENGINE"] = "certdesk.core.db.sqlite3"
        # WAL lets readers go on while one writer commits; NORMAL sync is safe with WAL.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-16384;",
        }
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif config["ENGINE"] == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})["connect_timeout"] = 5
    return config


DATABASES = {"default": database_from_env()}


def cache_from_env() -> dict:
    """In-process memory by default (each process counts its own throttle hits); a shared
    Redis when `CERTDESK_CACHE_URL` is set, so that every worker counts together."""
    url = os.environ.get("CERTDESK_CACHE_URL", "")
    if url:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "certdesk"}


CACHES = {"default": cache_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/dashboard/"
LOGOUT_REDIRECT_URL = "/login"

# Bodies up to 10 MB on every API endpoint (SPEC §5); the CSV upload checks its file itself.
CERTDESK_MAX_BODY_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = CERTDESK_MAX_BODY_BYTES
# An uploaded file over 1 MB is spooled to a temporary file instead of held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Product switches -----------------------------------------------------------------
CERTDESK_CERTIFICATES_ENABLED = env_bool("CERTDESK_CERTIFICATES_ENABLED", True)
CERTDESK_AUTO_GENERATION = env_bool("CERTDESK_AUTO_GENERATION", True)
CERTDESK_MFE_CERTIFICATES_PATH = os.environ.get(
    "CERTDESK_MFE_CERTIFICATES_PATH", "/instructor-dashboard/{course_key}/certificates"
)
CERTDESK_MFE_DIST = os.environ.get("CERTDESK_MFE_DIST", "")
CERTDESK_MFE_ORIGINS = env_list("CERTDESK_MFE_ORIGINS")
CERTDESK_VERIFY_THROTTLE = os.environ.get("CERTDESK_VERIFY_THROTTLE", "60/min")
# TrueType fonts of the certificate PDF, tried in order for each character: "regular"
# or "regular:bold" files (Debian's fonts-dejavu-core and fonts-wqy-zenhei by default).
CERTDESK_PDF_FONTS = env_list("CERTDESK_PDF_FONTS") or [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    ":/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]
CERTDESK_NUM_PROXIES = int(os.environ.get("CERTDESK_NUM_PROXIES", "0"))

# --- Open edX JWT (SPEC §4) -------------------------------------------------------------
CERTDESK_JWT_ALGORITHM = os.environ.get("CERTDESK_JWT_ALGORITHM", "HS256")
CERTDESK_JWT_SECRET_KEY = os.environ.get("CERTDESK_JWT_SECRET_KEY", "")
CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET = os.environ.get("CERTDESK_JWT_PUBLIC_SIGNING_JWK_SET", "")
CERTDESK_JWT_PRIVATE_SIGNING_JWK = os.environ.get("CERTDESK_JWT_PRIVATE_SIGNING_JWK", "")
CERTDESK_JWT_ISSUER = os.environ.get("CERTDESK_JWT_ISSUER", "certdesk")
CERTDESK_JWT_AUDIENCE = os.environ.get("CERTDESK_JWT_AUDIENCE", "certdesk")
CERTDESK_JWT_LEEWAY = int(os.environ.get("CERTDESK_JWT_LEEWAY", "1"))
CERTDESK_JWT_COOKIE_LIFETIME = int(os.environ.get("CERTDESK_JWT_COOKIE_LIFETIME", "3600"))
# Domain of the two JWT cookies; set it (e.g. `.example.org`) when the front end runs on
# another host of the same site and must read the header-payload cookie. Unset = host-only.
CERTDESK_JWT_COOKIE_DOMAIN = os.environ.get("CERTDESK_JWT_COOKIE_DOMAIN") or None

# --- Front-end origins: CORS with credentials and CSRF trust (SPEC §4, §12) ------------
CORS_ALLOWED_ORIGINS = CERTDESK_MFE_ORIGINS
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "content-type",
    "use-jwt-cookie",
    "x-csrftoken",
    "x-requested-with",
    "x-request-id",
]
CSRF_TRUSTED_ORIGINS = CERTDESK_MFE_ORIGINS
CSRF_FAILURE_VIEW = "certdesk.core.views.csrf_failure"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", False)

# --- REST framework and the OpenAPI schema ----------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "certdesk.accounts.authentication.ApiTokenAuthentication",
        "certdesk.accounts.authentication.JwtHeaderAuthentication",
        "certdesk.accounts.authentication.JwtCookieAuthentication",
        "certdesk.accounts.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "certdesk.core.exception_handler.handle_exception",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": CERTDESK_NUM_PROXIES,
    # `?format=csv` is the issued list's export, not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
}
REST_KNOX = {
    "TOKEN_TTL": None,
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "certdesk API",
    "DESCRIPTION": "Course-certificate management. The instructor API v2 is HTTP-compatible "
    "with the Open edX instructor API v2 for certificates.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Celery (SPEC §7.6). No broker = jobs run in-process after commit. -------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A job is acknowledged when it ends; a worker that dies first leaves it unacknowledged,
# and Redis hands it out again once this many seconds have passed since its delivery. It
# must exceed the longest job, or a job still running is delivered twice (ADR 0008).
CERTDESK_CELERY_VISIBILITY_TIMEOUT = int(
    os.environ.get("CERTDESK_CELERY_VISIBILITY_TIMEOUT", "3600")
)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CERTDESK_CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for such messages: a fifth of the timeout, 1 to 10 s.
    "unacked_restore_interval": max(1, min(10, CERTDESK_CELERY_VISIBILITY_TIMEOUT // 5)),
    "unacked_restore_throttle": 1,
}
# On a lost broker connection the broker redelivers unacknowledged jobs anyway: stop
# running them here rather than have two workers run one job at once.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
