"""Settings, driven by environment variables with safe defaults for a local run.

GOUVERNAIL_DATABASE_URL   database URL (default: SQLite file under GOUVERNAIL_DATA_DIR)
GOUVERNAIL_DATA_DIR       where the SQLite database and collected static files live (default: ./var)
GOUVERNAIL_SECRET_KEY     required when GOUVERNAIL_DEBUG is off (or a file GOUVERNAIL_DATA_DIR/secret_key)
GOUVERNAIL_DEBUG          "1"/"true" for development
GOUVERNAIL_ALLOWED_HOSTS  comma-separated host names
GOUVERNAIL_EMAIL_URL      SMTP server of the reminders: smtp://user:password@host:587 (STARTTLS) or
                          smtps://user:password@host:465 (TLS); without it, e-mails are not sent (the log
                          names their recipients and subject, never their body)
GOUVERNAIL_DEFAULT_FROM_EMAIL  sender address of the reminders
GOUVERNAIL_CACHE_DIR      cache shared by the workers (default: GOUVERNAIL_DATA_DIR/cache)
GOUVERNAIL_TRUSTED_PROXY_COUNT  reverse proxies in front of Gouvernail adding X-Forwarded-For (default: 0),
                          so that failed logins are counted per client address
GOUVERNAIL_MIN_GROUP_SIZE smallest group shown in a breakdown by service (default: 5)
GOUVERNAIL_CONNECTOR_KEY  Fernet key encrypting connector secrets (required when GOUVERNAIL_DEBUG is off,
                          or a file GOUVERNAIL_DATA_DIR/connector_key; a system check says when missing)
GOUVERNAIL_UPLOAD_MAX_MB   largest uploaded file, in MB (default: 50)
GOUVERNAIL_IMPORT_MAX_ROWS, GOUVERNAIL_IMPORT_MAX_COLUMNS  largest imported sheet (default: 200000 × 200)
GOUVERNAIL_EXPORT_TASK_ROWS  longest list exported in the request; longer ones are exported by the
                          worker and offered on the job's page (default: 10000)
GOUVERNAIL_ENTRA_AUTHORITY  Entra ID sign-in host of the Graph and Defender connectors
                          (default: https://login.microsoftonline.com; another for a national cloud)
GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS  comma-separated CIDRs that connectors may reach although
                          they are loopback, link-local or unspecified (refused by default), e.g.
                          127.0.0.0/8,::1/128 when a source runs on the same machine
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GOUVERNAIL_DATA_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("GOUVERNAIL_DEBUG", default=False)
_INSECURE_KEY = "gouvernail-insecure-development-key-do-not-use-in-production"
_SECRET_KEY_FILE = DATA_DIR / "secret_key"
SECRET_KEY = os.environ.get("GOUVERNAIL_SECRET_KEY", "")
if not SECRET_KEY and _SECRET_KEY_FILE.exists():
    # `make run` writes this file once, so a local installation keeps its sessions across restarts.
    SECRET_KEY = _SECRET_KEY_FILE.read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "GOUVERNAIL_SECRET_KEY est obligatoire hors mode debug (GOUVERNAIL_DEBUG=1 pour un essai local)."
        )
    SECRET_KEY = _INSECURE_KEY

ALLOWED_HOSTS = env_list("GOUVERNAIL_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("GOUVERNAIL_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",
    "django_tables2",
    "django_filters",
    "django_htmx",
    "csp",
    "bootstrap",
    "gouvernail.core",
    "gouvernail.inventory",
    "gouvernail.applications",
    "gouvernail.vendors",
    "gouvernail.servicedesk",
    "gouvernail.awareness",
    "gouvernail.collaboration",
    "gouvernail.epn",
    "gouvernail.steering",
    "gouvernail.governance",
    "gouvernail.dataprotection",
    "gouvernail.continuity",
    "gouvernail.access",
    "gouvernail.finance",
    "gouvernail.metrics",
    "gouvernail.connectors",
    "gouvernail.reports",
    "gouvernail.compliance",
    "gouvernail.mutualisation",
    "gouvernail.demo",
    "django_tasks",
    "django_tasks_db",
    "gouvernail.jobs",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "gouvernail.api",
    "gouvernail.backup",
    "gouvernail.sso",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gouvernail.core.middleware.OrganisationMiddleware",
]

ROOT_URLCONF = "gouvernail.urls"
WSGI_APPLICATION = "gouvernail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gouvernail.core.context_processors.gouvernail",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("GOUVERNAIL_DATABASE_URL", f"sqlite:///{DATA_DIR / 'gouvernail.sqlite3'}"),
        conn_max_age=int(os.environ.get("GOUVERNAIL_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite keeps one connection per thread; a long-lived one would hold its file lock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # WAL: readers (every page) never wait for a writer (a sync, an import), and a writer waits
    # up to `timeout` seconds for another instead of failing at once. IMMEDIATE transactions take
    # the write lock when they begin, so two writers queue instead of one failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory test database

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (syncs, imports after their preview, large exports, COPIL packs, reminders) is a task
# of Django's tasks API stored in the database and run by `gouvernail worker`: no broker to run.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Exports above this many rows are prepared by the worker and offered on the job's page. 20 000
# rows took 5.4 s in the request on a slow 2-core machine (bench/exports.py): half of that keeps
# every request well under gunicorn's patience and the 5 s goal.
GOUVERNAIL_EXPORT_TASK_ROWS = int(os.environ.get("GOUVERNAIL_EXPORT_TASK_ROWS", "10000"))
AUTH_USER_MODEL = "core.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gouvernail.core.passwords.GuessablePasswordValidator"},
]

# Accounts: e-mail login, no self sign-up (accounts are created by an administrator), TOTP MFA.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "gouvernail.core.accounts.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
# Failed passwords are counted by core.throttling (growing waits per account and address); this
# limit of allauth's now applies to the MFA codes typed after a right password.
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key"}
# Behind a reverse proxy, the client's address is the one it adds to X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("GOUVERNAIL_TRUSTED_PROXY_COUNT", "0"))
# Sign-in with an organisation's Microsoft Entra ID (gouvernail.sso): the apps are built from each
# organisation's settings, a Microsoft account signs in only as an existing member matched by its
# verified e-mail, never creates an account; no provider token is kept.
SOCIALACCOUNT_ADAPTER = "gouvernail.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Gouvernail"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

LANGUAGE_CODE = "fr"
# The interface exists in French only: a browser asking for English must not get English
# dates and validation messages in a French page.
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
# Uploaded and generated files (logos, archived COPIL packs): served by views that check
# permissions, never as a public static directory.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"
# Limits on uploaded files, checked by core.uploads before any reader allocates: a sheet's
# extent and cells, a zip's expanded size and compression ratio, a CSV cell, an image's pixels.
GOUVERNAIL_UPLOAD_MAX_BYTES = int(os.environ.get("GOUVERNAIL_UPLOAD_MAX_MB", "50")) * 1024 * 1024
GOUVERNAIL_IMPORT_MAX_ROWS = int(os.environ.get("GOUVERNAIL_IMPORT_MAX_ROWS", "200000"))
GOUVERNAIL_IMPORT_MAX_COLUMNS = int(os.environ.get("GOUVERNAIL_IMPORT_MAX_COLUMNS", "200"))
GOUVERNAIL_IMPORT_MAX_CELLS = 5_000_000  # calamine builds the grid: 32 bytes a cell, about 160 MB
GOUVERNAIL_IMPORT_MAX_EXPANDED_BYTES = 256 * 1024 * 1024
GOUVERNAIL_IMPORT_MAX_COMPRESSION_RATIO = 200  # real workbooks stay under 50; zip bombs reach 1 000
GOUVERNAIL_IMPORT_MAX_CELL_CHARS = 32_767  # Excel's own limit
GOUVERNAIL_IMAGE_MAX_PIXELS = 16_000_000
GOUVERNAIL_IMAGE_MAX_SIDE = 1024
GOUVERNAIL_UPLOAD_MAX_AGE_SECONDS = 24 * 3600  # an import abandoned between preview and commit
FILE_UPLOAD_HANDLERS = [
    "gouvernail.core.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# One cache shared by every worker, in files: failed-login counts (core.throttling), allauth's
# rate limits (password reset, MFA codes), rendered charts, run progress. A cache in memory let
# each worker count on its own; a database cache would not show run progress, written inside the
# run's transaction.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("GOUVERNAIL_CACHE_DIR", str(DATA_DIR / "cache")),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# Without a mail server, a mail is only logged as not sent (recipients and subject, never the body).
EMAIL_BACKEND = os.environ.get("GOUVERNAIL_EMAIL_BACKEND", "gouvernail.core.mail.UnsentMailBackend")
_EMAIL_URL = os.environ.get("GOUVERNAIL_EMAIL_URL", "")
if _EMAIL_URL:
    _email = urlsplit(_EMAIL_URL)
    if _email.scheme not in {"smtp", "smtps"} or not _email.hostname:
        raise ImproperlyConfigured(
            "GOUVERNAIL_EMAIL_URL : attendu smtp://utilisateur:motdepasse@serveur:587 (ou smtps://…)."
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname
    EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_email.username or "")
    EMAIL_HOST_PASSWORD = unquote(_email.password or "")
    EMAIL_USE_SSL = _email.scheme == "smtps"
    EMAIL_USE_TLS = _email.scheme == "smtp" and EMAIL_PORT != 25
    EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("GOUVERNAIL_DEFAULT_FROM_EMAIL", "gouvernail@localhost")

SESSION_COOKIE_HTTPONLY = True
# GOUVERNAIL_SECURE_COOKIES=1: the instance is served over HTTPS only.
SESSION_COOKIE_SECURE = env_bool("GOUVERNAIL_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if SESSION_COOKIE_SECURE:
    # Browsers that saw the site once never reach it over HTTP again (a year, renewed on each visit).
    # Subdomains are left out: a local authority's other sites may not all have HTTPS yet.
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False
if ALLAUTH_TRUSTED_PROXY_COUNT:
    # The proxy terminates TLS and says so; without this, HSTS is never sent behind it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts only from the site's own static files (Bootstrap, htmx), never
# inline, so that text slipping through escaping cannot run. Inline styles stay allowed: the
# charts and Gantt charts are matplotlib SVGs inside the page (style attributes and a <style>
# element), progress bars set their width, and htmx adds its indicator's style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # data: for Bootstrap's form icons and the MFA QR code.
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# The REST API (gouvernail.api): personal tokens or the session (its CSRF check kept), JSON
# only — no browsable API, whose forms would list related rows outside the organisation.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "gouvernail.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["gouvernail.api.permissions.RolePermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Amounts and measurements as JSON numbers: what a BI tool reads without conversion.
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Gouvernail",
    "DESCRIPTION": (
        "Les listes de Gouvernail (référentiel, plan d'action, projets, feuille de route, décisions et "
        "registre, conformité, indicateurs et mesures), avec les droits de votre rôle dans votre organisation. "
        "Authentification : jeton d'API personnel (en-tête « Authorization: Bearer JETON »)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# Gouvernail
GOUVERNAIL_PAGE_SIZE = 50
# Indicators never show a breakdown by service of fewer people than this (« effectif insuffisant »).
GOUVERNAIL_MIN_GROUP_SIZE = int(os.environ.get("GOUVERNAIL_MIN_GROUP_SIZE", "5"))
# Where the Graph and Defender connectors get their tokens (a national cloud has its own host).
GOUVERNAIL_ENTRA_AUTHORITY = os.environ.get("GOUVERNAIL_ENTRA_AUTHORITY", "https://login.microsoftonline.com")
# Loopback, link-local and unspecified addresses a connector may reach all the same (see
# connectors.network; a system check refuses an entry that is not a CIDR).
GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS = env_list("GOUVERNAIL_CONNECTOR_ALLOWED_NETWORKS")
# Read when GOUVERNAIL_CONNECTOR_KEY is unset: `make run` writes it once, like secret_key
# (connectors.crypto; a system check refuses to start without a key when debug is off).
GOUVERNAIL_CONNECTOR_KEY_FILE = DATA_DIR / "connector_key"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GOUVERNAIL_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates each step of every PDF at INFO level: keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
