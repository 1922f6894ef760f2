"""Settings for every environment, read from environment variables.

Development defaults work out of the box (SQLite under ``var/``); anything a
deployment must choose (secret key, hosts, database) comes from the environment.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("BTS_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    normalised = value.strip().lower()
    if normalised in {"1", "true", "yes", "on"}:
        return True
    if normalised in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (1/0, true/false), not {value!r}."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}."
        ) from None


# --- Core ----------------------------------------------------------------------
DEBUG = env_bool("DEBUG", True)

# Only good for a developer's machine; refused below whenever DEBUG is off.
DEVELOPMENT_SECRET_KEY = "django-insecure-bts-catalog-development-only"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is unset, the development key or shorter than "
        "32 characters. Set SECRET_KEY to a long random value."
    )

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications --------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "taggit",
    "django_filters",
    "productions.apps.ProductionsConfig",
    "media_assets.apps.MediaAssetsConfig",
    "audience.apps.AudienceConfig",
    "webhooks.apps.WebhooksConfig",
    "showcase.apps.ShowcaseConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bts_catalog.api.throttling.RateLimitHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the page cache, so that its replayed API answers are validated too.
    "bts_catalog.api.conditional.ApiConditionalGetMiddleware",
    "bts_catalog.caching.PageCacheMiddleware",
    "bts_catalog.db_router.ReadYourWritesMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of authentication (login throttling).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bts_catalog.urls"
WSGI_APPLICATION = "bts_catalog.wsgi.application"
ASGI_APPLICATION = "bts_catalog.asgi.application"

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
            "libraries": {"fragments": "bts_catalog.fragments"},
        },
    },
]

# Form widgets drawn through Jinja2 where Django ships them for it (faster).
FORM_RENDERER = "bts_catalog.form_renderer.FormRenderer"

# --- Cache ---------------------------------------------------------------------
# Redis when REDIS_URL is set (shared by every worker and machine); otherwise a
# per-process memory cache. django-redis keeps one client per process (Django's
# own backend builds a new one for every call) and parses replies with hiredis.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bts",
            "TIMEOUT": 300,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bts-catalog",
        }
    }
# Anonymous page views are cached this long (0 turns the page cache off); any
# change to the catalogue or its posts invalidates them at once.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# The parts of pages that read the same for every visitor (cards, credits, the
# making-of timeline) are kept this long for signed-in visitors, whose pages the
# page cache never serves (bts_catalog.fragments; 0 turns them off). Any change
# invalidates them at once, as it does pages.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 300)

# --- Background work -----------------------------------------------------------
# With a broker (the local Redis or RabbitMQ), renditions are made by Celery
# workers; without one they are made inline, in the request that stores the image.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "bts-catalog"
# `celery -A bts_catalog beat` runs these; without a broker, cron runs
# `manage.py send_notifications` instead.
CELERY_BEAT_SCHEDULE = {
    "deliver-notifications": {
        "task": "audience.tasks.deliver_notifications",
        "schedule": 60.0,
    },
    # Without a broker, cron runs `manage.py deliver_webhooks` instead.
    "deliver-webhooks": {
        "task": "webhooks.tasks.deliver_due",
        "schedule": 60.0,
    },
}

# --- Webhooks ------------------------------------------------------------------
# Deliveries go to public addresses only, unless this is on (development, tests).
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
WEBHOOKS_TIMEOUT_SECONDS = env_int("WEBHOOKS_TIMEOUT_SECONDS", 10)
# A failed delivery is tried again after base, 2×base, 4×base… seconds.
WEBHOOKS_MAX_ATTEMPTS = env_int("WEBHOOKS_MAX_ATTEMPTS", 6)
WEBHOOKS_RETRY_BASE_SECONDS = env_int("WEBHOOKS_RETRY_BASE_SECONDS", 30)
# An endpoint is paused after this many deliveries in a row were given up.
WEBHOOKS_PAUSE_AFTER_FAILURES = env_int("WEBHOOKS_PAUSE_AFTER_FAILURES", 10)

# --- Database ------------------------------------------------------------------
# SQLite under var/ unless DATABASE_URL names another database (PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite lets one writer in at a time. Without a write-ahead log, readers
    # block the writer's commit; a deferred transaction that reads before it
    # writes asks for the write lock too late to wait, and fails at once with
    # "database is locked". WAL lets readers work alongside the writer, IMMEDIATE
    # takes the write lock at BEGIN, and the busy timeout makes writers queue.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
    }


def _postgresql_options(database: dict) -> None:
    """Switch PostgreSQL's JIT compilation off for this site's connections
    (DATABASE_JIT=1 leaves the server's setting).

    Every query here is short. JIT compiles once the planner's estimate passes
    jit_above_cost, and estimates count the branches that a condition skips
    too: compiling such a query took 20–25 ms where running it took 5. Set as a
    connection option, it costs no round trip; behind a pooler that refuses
    startup options (PgBouncer without ignore_startup_parameters), set
    DATABASE_JIT=1 and ``jit = off`` on the server instead.
    """
    if database["ENGINE"].startswith("django.db.backends.postgresql") and not (
        env_bool("DATABASE_JIT", False)
    ):
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()


_postgresql_options(DATABASES["default"])
# A read replica takes the reads; a client that has just written reads from the
# primary for a while (bts_catalog.db_router).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    _postgresql_options(DATABASES["replica"])
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["bts_catalog.db_router.PrimaryReplicaRouter"]
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 15)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ----------------------------------------------------------------------
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the username or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "media_assets:my-posts"
LOGOUT_REDIRECT_URL = "showcase:home"

# --- Login throttling (django-axes) -------------------------------------------
# After AXES_FAILURE_LIMIT failed sign-ins for one username from one address, that
# pair is locked out for AXES_COOLOFF_MINUTES; the lockout page says so.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_VERBOSE = False

# --- Content Security Policy (django-csp) ------------------------------------
# No inline script or style anywhere: pages, admin and API docs load their code
# and styles from files.
_MEDIA_ORIGIN = (
    [f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"]
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    else []
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # blob: for pictures the page itself makes: the panorama viewer (pannellum)
        # fetches its picture and shows it through a blob: URL, and the contribution
        # form previews a chosen file through one.
        "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGIN],
        "media-src": ["'self'", *_MEDIA_ORIGIN],
        "font-src": ["'self'"],
        # The media origin too: the panorama viewer fetches its picture.
        "connect-src": ["'self'", *_MEDIA_ORIGIN],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        # The embedded players (media_assets.embeds.EMBED_FRAME_HOSTS), framed only
        # once a visitor presses play.
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://www.tiktok.com",
            "https://www.instagram.com",
            "https://platform.twitter.com",
        ],
    }
}

# --- Internationalisation ------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = False  # English only: no translation lookups on every rendered value
USE_TZ = True

# --- Static and media files ----------------------------------------------------
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The panorama viewer, as npm ci put it in node_modules/ (package-lock.json).
    # Pages work without it (a panorama shows flat); Django's checks warn that the
    # folder is missing until `make install` has run.
    ("vendor/pannellum", BASE_DIR / "node_modules" / "pannellum" / "build"),
]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
# Without collectstatic (development, tests) whitenoise finds files in the apps.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG)
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Let Django itself serve uploads (development, tests); a deployment's web server or
# object storage serves them otherwise.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# S3-compatible object storage for uploads when a bucket is named.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
# Files never served by URL (the originals of videos): on disk here, or under
# private/ in the bucket with signed addresses.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "bts_catalog.files.PrivateFileStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
            "object_parameters": {},
        },
    }

# --- Uploads -------------------------------------------------------------------
# Limits enforced by bts_catalog.images for every upload path (admin, forms, API).
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 50_000_000)
IMAGE_UPLOAD_MAX_SIDE = env_int("IMAGE_UPLOAD_MAX_SIDE", 12_000)
IMAGE_UPLOAD_MAX_FRAMES = env_int("IMAGE_UPLOAD_MAX_FRAMES", 200)
# Videos (bts_catalog.videos): bytes, seconds and pixels (8K) at most.
VIDEO_MAX_BYTES = env_int("VIDEO_MAX_BYTES", 2 * 1024**3)
VIDEO_MAX_SECONDS = env_int("VIDEO_MAX_SECONDS", 20 * 60)
VIDEO_MAX_PIXELS = env_int("VIDEO_MAX_PIXELS", 7680 * 4320)
# Where uploads wait on disk while a request reads them (None: the system's).
FILE_UPLOAD_TEMP_DIR = os.environ.get("FILE_UPLOAD_TEMP_DIR") or None
# Images a signed-in (non-curator) account may add per day, over all its posts.
UPLOAD_DAILY_QUOTA = env_int("UPLOAD_DAILY_QUOTA", 60)
# Questions to the crew a signed-in account may ask per hour, over all posts.
QUESTIONS_PER_HOUR = env_int("QUESTIONS_PER_HOUR", 10)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Django 6 makes https the scheme URL form fields assume; opt in now.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Email ---------------------------------------------------------------------
# Console by default; SMTP as soon as EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "BTS Catalog <noreply@localhost>"
)
# Where the site answers, for the absolute links in emails (no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000")

# --- Django REST framework -----------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that a request without credentials gets a 401 with a
        # WWW-Authenticate header rather than a bare 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly",
    ],
    # JSON only; the views that take a file upload name multipart themselves.
    "DEFAULT_PARSER_CLASSES": ["bts_catalog.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "bts_catalog.api.pagination.CataloguePagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        # DRF's, noting the RateLimit-* headers' values on the request.
        "bts_catalog.api.throttling.AnonRateThrottle",
        "bts_catalog.api.throttling.UserRateThrottle",
        "bts_catalog.api.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
        "uploads": os.environ.get("API_THROTTLE_UPLOADS", "30/hour"),
    },
    "EXCEPTION_HANDLER": "bts_catalog.api.errors.exception_handler",
    "NON_FIELD_ERRORS_KEY": "non_field_errors",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "BTS Catalog API",
    "DESCRIPTION": (
        "Productions, people, credits and behind-the-scenes posts. Reading is open "
        "to everyone; crew accounts submit posts about productions they are "
        "credited on; curators edit the catalogue. Authenticate with a session or "
        "with `Authorization: Token <key>`. Every answer names its `API-Version`; "
        "what changed in each version, and the deprecation policy, are in the "
        "API changelog (`docs/api-changelog.md` in the source)."
    ),
    # The API's own version (semantic versioning; docs/api-changelog.md): the
    # major one is in the path, /api/v1/.
    "VERSION": "1.2.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "bts_catalog.api.schema.document_errors_and_rate_limits",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ProductionKindEnum": "productions.models.ProductionKind",
        "ProductionStatusEnum": "productions.models.ProductionStatus",
        "PostKindEnum": "media_assets.models.PostKind",
        "PostPhaseEnum": "media_assets.models.PostPhase",
        "PostStatusEnum": "media_assets.models.PostStatus",
        "ProvenanceEnum": "media_assets.models.Provenance",
        "SourcePlatformEnum": "media_assets.models.SourcePlatform",
        "MediaKindEnum": "media_assets.models.MediaKind",
        "PerformanceKindEnum": "productions.models.PerformanceKind",
        "VersionKindEnum": "productions.models.VersionKind",
        "DatePrecisionEnum": "bts_catalog.partial_dates.DatePrecision",
        "FollowKindEnum": "audience.models.FollowKind",
        "FrequencyEnum": "audience.models.Frequency",
        "NotificationKindEnum": "audience.models.NotificationKind",
        "MediaAssetStatusEnum": "media_assets.models.MediaStatus",
        "ProjectionEnum": "media_assets.models.Projection",
        "MergeRecordKindEnum": "productions.models.MergeKind",
        "AnchorTypeEnum": "media_assets.api.serializers.ANCHOR_FIELDS",
    },
}

# --- Taggit --------------------------------------------------------------------
TAGGIT_CASE_INSENSITIVE = True

# --- Logging -------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

VAR_DIR.mkdir(parents=True, exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from here
