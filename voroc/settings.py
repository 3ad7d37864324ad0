"""VOROC settings, driven by environment variables (see .env.example).

With nothing set this is the zero-setup development and demo configuration:
SQLite in var/, Celery tasks run eagerly, e-mail to the console. DATABASE_URL
and REDIS_URL switch to PostgreSQL and Redis; VOROC_PRODUCTION=1 turns on every
`check --deploy` setting and requires a real secret key and allowed hosts.
"""

from pathlib import Path

import django
import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("VOROC_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="dev-only-insecure-key-never-use-in-production-0123456789abcdef",
    )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER (a TemplatesSetting)
    "guardian",
    "auditlog",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_email",  # portal accounts only: a one-time code by e-mail (voroc/accounts/otp.py)
    "axes",
    "voroc.accounts",
    "leerlingen",
    "doorstroom",
    "aanmelding",
    "terugkoppeling",
    "rmc",
    "servicedesk",
    "dossier",
    "rapportage",
    "portaal",
    "demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/v1/docs/, served by WhiteNoise
    "api",
]

MIDDLEWARE = [
    "voroc.middleware.RequestIdMiddleware",  # first: every log line of a request carries its id
    "voroc.middleware.ClientAddressMiddleware",  # the client's address behind the proxy (VOROC_TRUSTED_PROXIES)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # A second session with a SameSite=None cookie, only while a SAML login is pending: the
    # provider posts the response from its own site, without the (SameSite=Lax) session cookie.
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Reads the POST body first: after MessageMiddleware so an oversized upload can say so.
    "voroc.middleware.RejectNulBytesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "voroc.accounts.middleware.SessionTimeoutMiddleware",
    "voroc.accounts.middleware.OTPRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "voroc.middleware.PrivacyHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "voroc.urls"
WSGI_APPLICATION = "voroc.wsgi.application"

# Every form renders through the project's templates (templates/forms/, voroc/forms.py).
FORM_RENDERER = "voroc.forms.FormRenderer"

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
                "voroc.context_processors.navigation",
                "voroc.accounts.context_processors.security",
                "terugkoppeling.context_processors.notificaties",
            ],
            # The form renderer's tags (voroc/forms.py); voroc itself is not an installed app.
            "libraries": {"formulieren": "voroc.templatetags.formulieren"},
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL points elsewhere.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'voroc.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection is kept for a minute (no new connection and authentication per request) and
# checked before reuse; behind PgBouncer in transaction mode set DATABASE_CONN_MAX_AGE=0.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
if "postgresql" in DATABASES["default"]["ENGINE"]:
    planner = []
    if not env.bool("DATABASE_JIT", default=False):
        # PostgreSQL's JIT compiles list queries with correlated subqueries (the rmc overview) for
        # ~0.6 s while they run in ~20 ms: off for this short-query workload (bench/rmc_overzicht.py).
        planner.append("-c jit=off")
    # The planner's cost of a random page read (PostgreSQL's default 4), only when set: 1.1, the
    # usual value for SSDs, made a school's pupil list 4x faster and the mbo worklist 2x slower on
    # the national picture (bench/RESULTS.md, section 8), so the server's own value is kept.
    if cost := env.str("DATABASE_RANDOM_PAGE_COST", default=""):
        planner.append(f"-c random_page_cost={float(cost)}")
    if planner:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(planner)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: the role the application logs in as, when migrations run as another (the owner).
# `migrate` then grants it its rights: no UPDATE, DELETE or TRUNCATE on the audit table
# (voroc/dbroles.py, docs/database-roles.md). Set it where migrate runs; empty: one role for all.
VOROC_DATABASE_APP_ROLE = env.str("VOROC_DATABASE_APP_ROLE", default="")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out username+address pairs
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "naam")},
    },
    {"NAME": "voroc.accounts.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    # Django's 20,000 common passwords plus a shipped Dutch list, also dressed up (no network).
    {"NAME": "voroc.accounts.password_validation.PredictablePasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2  # a reset link is valid for two hours

# Sessions live in the database so that a Redis outage logs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Idle timeout: a session ends this long after its last request (the page warns two minutes before).
VOROC_SESSION_IDLE_SECONDS = env.int("VOROC_SESSION_IDLE_SECONDS", default=30 * 60)
VOROC_SESSION_WARNING_SECONDS = 2 * 60
# The session row expires on the server too, a little later: the middleware ends it first, with a message.
SESSION_COOKIE_AGE = VOROC_SESSION_IDLE_SECONDS + 5 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # the expiry counts from the last request
SESSION_COOKIE_HTTPONLY = True
# Lax, not Strict: the return from a single sign-on provider is a cross-site navigation that must
# carry the session (its state and nonce; voroc/accounts/sso.py).
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Django's own Dutch messages win over an installed app's translation of the same text (Django REST
# framework says "Dit veld is vereist." where every form says "Dit veld is verplicht."): the
# catalogues in LOCALE_PATHS take precedence over those of the apps.
LOCALE_PATHS = [Path(django.__file__).resolve().parent / "conf" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic writes here (the image bakes it in; the stack smoke test uses a scratch folder).
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"  # never served directly: uploads go through scoped views
# Uploads (imports, LOB-paspoort): one size limit, checked while the file streams in (voroc/uploads.py)
# and again by the reader (voroc/tabular.py). The web server's body limit sits just above it.
VOROC_UPLOAD_MAX_BYTES = env.int("VOROC_UPLOAD_MAX_MB", default=10) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "voroc.uploads.MaxSizeUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file, not memory
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields besides files (the mbo CSV preview field)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# E-mail: console unless EMAIL_URL is set (e.g. smtp+tls://user:pass@host:587).
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="VOROC <noreply@voroc.nl>")

# Redis: broker and cache. Without REDIS_URL tasks run eagerly and the cache is local.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CELERY_BROKER_URL = "memory://"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
# A worker process that has grown past this (KiB) is replaced after its task: a PDF batch of 300
# forms takes a worker to about 1.1 GB (bench/RESULTS.md), which it would otherwise keep.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=600_000)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "max_retries": 1}
CELERY_IMPORTS = ("voroc.retention",)
# Results only for tasks that ask for them (the `ping` health check); kept an hour.
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 60 * 60
# Exactly one beat process runs these (README). Times are Europe/Amsterdam.
CELERY_BEAT_SCHEDULE: dict = {
    "retention-purge": {"task": "voroc.retention.retention_purge_task", "schedule": crontab(hour=2, minute=30)},
    "pdf-batches-opruimen": {"task": "doorstroom.tasks.pdf_batches_opruimen", "schedule": 60 * 60},
    # Uploaded pupil exports are deleted a week after their import was last touched.
    "leerlingimport-opruimen": {"task": "leerlingen.tasks.leerlingimport_opruimen", "schedule": 24 * 60 * 60},
    "herinneringen-mijlpalen": {
        "task": "terugkoppeling.tasks.herinneringen_versturen",
        "schedule": crontab(hour=6, minute=0),
    },
    "notificaties-dagelijks-overzicht": {
        "task": "terugkoppeling.tasks.digests_verzenden",
        "schedule": crontab(hour=7, minute=0),
    },
    "notificaties-outbox": {
        "task": "terugkoppeling.tasks.notificaties_outbox_verwerken",
        "schedule": crontab(minute="*/10"),
    },
    # API clients' notices that could not be queued (broker down), and the delivery log's clean-up.
    "webhooks-wachtrij": {"task": "api.tasks.webhooks_wachtrij_verwerken", "schedule": crontab(minute="5-59/10")},
    # The region's daily snapshot of counts (rapportage); a second run the same day replaces it.
    "rapportage-momentopname": {"task": "rapportage.tasks.momentopname_task", "schedule": crontab(hour=1, minute=15)},
    # Expired sessions (Django's clearsessions).
    "sessies-opruimen": {"task": "voroc.accounts.tasks.sessies_opruimen", "schedule": crontab(hour=3, minute=10)},
}

# Audit: who changed what; reads are logged explicitly by the views (voroc.audit).
AUDITLOG_DISABLE_REMOTE_ADDR = False
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

# Security headers and cookies. Production adds the HTTPS-only settings.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# The client's address: behind N reverse proxies (each appending to X-Forwarded-For) the N-th
# address from the right; with 0 the header is ignored. Lock-out, access log and audit use it.
VOROC_TRUSTED_PROXIES = env.int("VOROC_TRUSTED_PROXIES", default=0)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
    # Container health probes ask over plain HTTP inside the container (voroc/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^health/(live|ready)$"]

# The open API (api/, README "API"): only API clients' bearer tokens, JSON only, a rate per client.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiClientAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.CappedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ApiClientThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_client": env.str("VOROC_API_RATE", default="120/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
# Failed bearer tokens from one address: after this many within the window (seconds), a 429.
VOROC_API_FAILED_LIMIT = env.int("VOROC_API_FAILED_LIMIT", default=20)
VOROC_API_FAILED_WINDOW = env.int("VOROC_API_FAILED_WINDOW", default=600)
# A request body above this size is refused (413) before it is parsed.
VOROC_API_MAX_BODY_BYTES = env.int("VOROC_API_MAX_BODY_KB", default=1024) * 1024
SPECTACULAR_SETTINGS = {
    "TITLE": "VOROC API",
    "DESCRIPTION": "De open API van VOROC. Elke aanroep draagt `Authorization: Bearer <token>` van een API-client.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "LeerlingLeerwegEnum": "leerlingen.models.Leerweg",
        "OpleidingLeerwegEnum": "aanmelding.models.Leerweg",
        "AanmeldingStatusEnum": "aanmelding.status.Status",
        "AfwijzingsRedenEnum": "aanmelding.status.AfwijzingsReden",
    },
}

# Outbound notices of API clients (api/webhooks.py, README "API"): https only; plain http only to a
# loopback address and only when this is on (tests, development). Attempts per notice (Celery
# retries with exponential backoff from WEBHOOK_BACKOFF_SECONDS) and the timeout of one attempt.
VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK = env.bool("VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK", default=False)
VOROC_WEBHOOK_MAX_POGINGEN = env.int("VOROC_WEBHOOK_MAX_POGINGEN", default=6)
VOROC_WEBHOOK_BACKOFF_SECONDS = env.int("VOROC_WEBHOOK_BACKOFF_SECONDS", default=30)
VOROC_WEBHOOK_TIMEOUT_SECONDS = env.int("VOROC_WEBHOOK_TIMEOUT_SECONDS", default=10)
VOROC_WEBHOOK_LOG_DAGEN = env.int("VOROC_WEBHOOK_LOG_DAGEN", default=90)  # how long the delivery log keeps a row

# Retention (docs/domain.md, "Retention"): days per data kind, counted from the end of the school year.
VOROC_RETENTION_DAYS = {
    "leerling_dossier": env.int("RETENTION_LEERLING_DAYS", default=2 * 365),
    "aanmelding": env.int("RETENTION_AANMELDING_DAYS", default=365),
    "melding": env.int("RETENTION_MELDING_DAYS", default=5 * 365),
    # An uploaded national status file and its differences: days from the upload (working data).
    "statusvergelijking": env.int("RETENTION_STATUSVERGELIJKING_DAYS", default=90),
}
# The demo (make demo): a banner, and the second factor skipped for demo accounts only (below).
VOROC_DEMO = env.bool("VOROC_DEMO", default=False)

# The servicedesk's contact details in every page's footer, on the help page and the accessibility statement.
VOROC_SERVICEDESK_EMAIL = env.str("VOROC_SERVICEDESK_EMAIL", default="servicedesk@voroc.nl")
VOROC_SERVICEDESK_TELEFOON = env.str("VOROC_SERVICEDESK_TELEFOON", default="070 123 45 67")
VOROC_SERVICEDESK_BEREIKBAAR = env.str("VOROC_SERVICEDESK_BEREIKBAAR", default="op werkdagen van 8.30 tot 17.00 uur")

# Notifications and deadline reminders (terugkoppeling).
# Absolute links in mail point here.
VOROC_BASE_URL = env.str("VOROC_BASE_URL", default="http://127.0.0.1:8000")
# Mail choice of a user who has not set one and whose roles have no default of their own
# (voroc/accounts/roles.py MAIL_STANDAARD: decaan, intaker and consulent get "dagelijks"):
# "direct", "dagelijks" (digest) or "geen".
VOROC_NOTIFICATIE_MAIL_STANDAARD = env.str("VOROC_NOTIFICATIE_MAIL_STANDAARD", default="dagelijks")
# The outbox task sends immediate mails still waiting after this many minutes (broker was down).
VOROC_OUTBOX_WACHTTIJD_MINUTEN = env.int("VOROC_OUTBOX_WACHTTIJD_MINUTEN", default=5)
# Lead time per reminder: days before the milestone date it goes out (negative: days after).
VOROC_HERINNERING_DAGEN_VOORAF = {
    "formulieren_gereed": env.int("HERINNERING_FORMULIEREN_DAGEN", default=14),
    "risico_melden": env.int("HERINNERING_RISICO_DAGEN", default=0),
    "aanmelddeadline": env.int("HERINNERING_AANMELDDEADLINE_DAGEN", default=14),
    "aanmelddeadline_gemeente": env.int("HERINNERING_AANMELDDEADLINE_GEMEENTE_DAGEN", default=-1),
    "terugkoppeling_gereed": env.int("HERINNERING_TERUGKOPPELING_DAGEN", default=14),
    "diplomaresultaten": env.int("HERINNERING_DIPLOMA_DAGEN", default=0),
    "juni_controle": env.int("HERINNERING_JUNI_CONTROLE_DAGEN", default=0),
    "juni_controle_gemeente": env.int("HERINNERING_JUNI_CONTROLE_GEMEENTE_DAGEN", default=-1),
    "warme_overdracht": env.int("HERINNERING_WARME_OVERDRACHT_DAGEN", default=14),
    "noshow_melden": env.int("HERINNERING_NOSHOW_DAGEN", default=0),
}
# A reminder day the daily run missed (worker down) is caught up this many days later.
VOROC_HERINNERING_INHAALDAGEN = env.int("HERINNERING_INHAALDAGEN", default=6)
# The region's norms for the lead times on the monitor's report (rapportage), in days: from an
# application to its receipt, to the intake held, to the placement decision; from a risk melding
# to the municipality's first contact. The report shows the share within each.
VOROC_RAPPORTAGE_NORMEN = {
    "ontvangst": env.int("RAPPORTAGE_NORM_ONTVANGST_DAGEN", default=10),
    "intake": env.int("RAPPORTAGE_NORM_INTAKE_DAGEN", default=42),
    "besluit": env.int("RAPPORTAGE_NORM_BESLUIT_DAGEN", default=56),
    "eerste_contact": env.int("RAPPORTAGE_NORM_EERSTE_CONTACT_DAGEN", default=10),
}

# Logs go to stdout: one JSON object per line in production (request id, user id, never a query
# string or personal data; voroc/logformat.py), plain text in development. LOG_FORMAT overrides.
LOG_FORMAT = env.str("LOG_FORMAT", default="json" if PRODUCTION else "plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "voroc.logformat.UTCFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "voroc.logformat.JSONFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "stream": "ext://sys.stdout",
            "filters": ["no_query_strings"],
        }
    },
    # No query string (a searched-for name) in any line the application logs: voroc/logformat.py.
    "filters": {"no_query_strings": {"()": "voroc.logformat.StripQueryStrings"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "voroc.access": {"level": "INFO"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},  # runserver's lines
        # pysaml2's messages can carry a whole SAML response, the person's attributes with it; VOROC
        # logs its own reason for every refused login (voroc/accounts/sso.py) instead.
        "saml2": {"level": "CRITICAL"},
        "xmlschema": {"level": "WARNING"},
    },
}
# The Celery worker logs through LOGGING above (same format) instead of its own root handler.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Error reporting (Sentry SDK) only when a DSN is set; personal data scrubbed (voroc/errorreporting.py).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from voroc.errorreporting import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production" if PRODUCTION else "development"),
        release=env.str("VOROC_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Django admin is for superusers only and lives at an unguessable path in production.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="django-beheer/")

# Account security: two-factor authentication, sessions, invitations, lock-out (docs/adr/0005-account-security.md).
# Two-factor authentication (django-otp) for every signed-in user. Tests switch it off globally
# (tests/otp_plugin.py) unless marked `require_2fa`; the demo may skip it for its own accounts only.
VOROC_REQUIRE_2FA = env.bool("VOROC_REQUIRE_2FA", default=True)
VOROC_DEMO_SKIP_2FA_DOMAIN = env.str("VOROC_DEMO_SKIP_2FA_DOMAIN", default="demo.voroc.nl" if VOROC_DEMO else "")
OTP_TOTP_ISSUER = "VOROC"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
# A pupil or parent may take a code by e-mail instead of an authenticator app (portal accounts only).
OTP_EMAIL_SUBJECT = "Je inlogcode voor VOROC"
OTP_EMAIL_BODY_TEMPLATE_PATH = "accounts/otp_email_token.txt"
OTP_EMAIL_TOKEN_VALIDITY = 10 * 60
OTP_EMAIL_THROTTLE_FACTOR = 1
VOROC_RECOVERY_CODES = 10
VOROC_SESSION_ABSOLUTE_SECONDS = env.int("VOROC_SESSION_ABSOLUTE_SECONDS", default=60 * 60 * 12)
VOROC_REAUTH_SECONDS = 5 * 60  # re-authentication window before account changes
VOROC_INVITE_DAYS = 7
VOROC_ENROLMENT_LINK_HOURS = 72  # the link to enrol a new authenticator after a servicedesk reset
# Lock-out (django-axes): 5 failures per username and address, and at most VOROC_LOCKOUT_ACCOUNT_CAP
# per account from all addresses together (voroc/accounts/lockout.py); the lock lifts after 15 minutes.
AXES_FAILURE_LIMIT = 5
VOROC_LOCKOUT_ACCOUNT_CAP = env.int("VOROC_LOCKOUT_ACCOUNT_CAP", default=20)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "voroc.accounts.lockout.AccountCapHandler"
AXES_CLIENT_IP_CALLABLE = "voroc.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "voroc.accounts.lockout.axes_username"
AXES_LOCKOUT_CALLABLE = "voroc.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Single sign-on (OpenID Connect): the providers are rows per organisation (servicedesk), not
# settings. Their discovery documents are cached this long; calls to a provider time out after
# VOROC_OIDC_TIMEOUT seconds (voroc/accounts/oidc.py).
VOROC_OIDC_DISCOVERY_SECONDS = env.int("VOROC_OIDC_DISCOVERY_SECONDS", default=5 * 60)
VOROC_OIDC_TIMEOUT = env.int("VOROC_OIDC_TIMEOUT", default=10)
# Single sign-on (SAML 2.0, voroc/accounts/saml.py): providers are rows too. While a login is
# pending, its request id waits in djangosaml2's SAML session under this cookie (SameSite=None,
# Secure where the session cookie is); the callback deletes it.
SAML_SESSION_COOKIE_NAME = "voroc_saml"

# --- Unsafe production settings refuse to start -------------------------------------------
# Every entry point loads this module before anything else: manage.py, the WSGI and ASGI
# applications (gunicorn, uvicorn), the Celery worker and beat. Refusing here means no way of
# starting the application runs production without two-factor authentication. The system checks
# voroc.E001/E002 (voroc/accounts/checks.py) stay for settings changed after start-up.
if PRODUCTION:
    _unsafe = [
        name
        for name, on in (
            ("VOROC_REQUIRE_2FA=0", not VOROC_REQUIRE_2FA),
            ("VOROC_DEMO=1", VOROC_DEMO),
            ("VOROC_DEMO_SKIP_2FA_DOMAIN", bool(VOROC_DEMO_SKIP_2FA_DOMAIN)),
        )
        if on
    ]
    if _unsafe:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "VOROC_PRODUCTION=1 refuses to start with " + ", ".join(_unsafe) + ": production never skips "
            "two-factor authentication. Unset these variables."
        )
