"""Rehabkartan settings: one file, configured from the environment.

With nothing set it runs in development on a SQLite file. Production sets at least SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    """A setting from the environment, or from the file named by NAME_FILE (Docker secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def envbool(name, default="no"):
    """A yes/no setting; anything else stops the start (DEBUG=ture must not mean "off")."""
    value = env(name, default).strip().lower()
    if value not in TRUE + FALSE:
        raise ImproperlyConfigured(
            f"{name}={value!r}: write one of {', '.join(TRUE + FALSE[:-1])}."
        )
    return value in TRUE


def envint(name, default):
    return int(env(name, str(default)))


def envlist(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG")
TESTING = False  # True only in the test suite's settings (tests/settings.py)

_DEV_SECRET = "insecure-development-key-never-used-in-production"
SECRET_KEY = env("SECRET_KEY") or (_DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    # A production start without a real key must stop, not quietly sign sessions with a known one.
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for development).")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ACCESSIBILITY_CONTACT_EMAIL = env("ACCESSIBILITY_CONTACT_EMAIL")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for the TemplatesSetting renderer below
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",  # sign-in through the region's identity provider (OIDC_* below)
    "allauth.socialaccount.providers.openid_connect",
    "simple_history",  # who changed which row when, revertible from admin
    "import_export",  # CSV and XLSX import/export of units and guidance in admin
    "pathways",
    "pathways.discharge",  # staff discharge maps: its own app, it uses the public map, not the reverse
    "pathways.signin",  # the sign-in audit and the limits counted from it
]

MIDDLEWARE = [
    # Outermost: one log line and the metrics per request, timed over the whole stack (issue 24).
    "navigator.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "pathways.middleware.permissions_policy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # the history's "who"
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "pathways.middleware.StaffSessionMiddleware",  # MFA required; idle and absolute timeouts
]

ROOT_URLCONF = "navigator.urls"
WSGI_APPLICATION = "navigator.wsgi.application"

# Widgets drawn with the project's templates too (templates/pathways/widgets/: the questions).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "libraries": {"review_tags": "pathways.admin.index_tags"},
        },
    },
]

# SQLite file by default so a checkout just runs; DATABASE_URL=postgres://… for PostgreSQL.
# Connections are kept between requests (checked before reuse) instead of one connect per request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# --- Time-bounded database work (issue 24) ------------------------------------------------------
# A stalled database (a held lock, a network path that stops forwarding) must become the 503 page
# (pathways.views.errors) within 2 s, never a thread that waits without limit:
# - DB_CONNECT_TIMEOUT (s): a connect; 2 is psycopg's shortest. tcp_user_timeout drops a connection
#   whose packets go unanswered (a cut network) after as long, instead of the kernel's 15 minutes.
# - DB_LOCK_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS: the server gives up waiting for a lock, or on a
#   statement; every query here takes milliseconds. 0 turns one off (a long one-off job).
# - DB_ANSWER_TIMEOUT_MS: the client gives up on an answer that does not come at all (the server's
#   own timeouts cannot arrive then); longer than the statement timeout, so that the server's
#   answer comes first when it can (navigator/postgresql/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["ENGINE"] = "navigator.postgresql"
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=envint("DB_CONNECT_TIMEOUT", 2),
        tcp_user_timeout=envint("DB_CONNECT_TIMEOUT", 2) * 1000,
        options=(
            f"-c lock_timeout={envint('DB_LOCK_TIMEOUT_MS', 500)}"
            f" -c statement_timeout={envint('DB_STATEMENT_TIMEOUT_MS', 1000)}"
        ),
        answer_timeout=envint("DB_ANSWER_TIMEOUT_MS", 1500) / 1000 or None,
    )
# --- end of time-bounded database work -----------------------------------------------------------

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# "default": with REDIS_URL one Redis shared by every worker and server (the regional data and its
# version, rate limits); a Redis outage costs speed, never a page (navigator/cache.py). Without it,
# a per-process cache; the data version then comes from the database, so workers still agree.
# "local": rendered map pages, per process and bounded (least recently used are dropped).
# "pdf": rendered public PDFs, a budget of their own so that a flood of distinct maps cannot
# drop them: with REDIS_URL the shared Redis, so one worker's render serves every worker and
# server (a render costs ~100 ms, a round trip well under one); without it per process and bounded.
CACHE_IS_SHARED = bool(env("REDIS_URL"))
_REDIS_CACHE = {
    "BACKEND": "navigator.cache.ResilientRedisCache",
    "LOCATION": env("REDIS_URL"),
    # A stalled Redis costs one such timeout, then is skipped for a few seconds (navigator/cache.py).
    "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
}
CACHES = {
    "default": _REDIS_CACHE
    if CACHE_IS_SHARED
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local",
        "OPTIONS": {"MAX_ENTRIES": envint("LOCAL_CACHE_ENTRIES", 300)},
    },
    "pdf": _REDIS_CACHE
    if CACHE_IS_SHARED
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pdf",
        # A public PDF is 40-60 KB: 100 of them are some 5 MB per worker.
        "OPTIONS": {"MAX_ENTRIES": envint("PDF_CACHE_ENTRIES", 100)},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Swedish first; English shipped complete.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development WhiteNoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The patient pages load nothing from elsewhere: no web fonts, no CDNs, no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# --- Embedding (README, "Embedding the map"; pathways/embed.py) ---------------------------------
# The sites (origins such as https://www.falun.se) that may frame the public map and the
# questions: CSP frame-ancestors on exactly those pages. Empty: no site may frame any page. An
# origin is only scheme, host and port, so nothing else can slip into the policy header.
EMBED_ALLOWED_ORIGINS = envlist("EMBED_ALLOWED_ORIGINS")
for _origin in EMBED_ALLOWED_ORIGINS:
    if not re.fullmatch(r"https?://[a-z0-9.-]+(:[0-9]+)?", _origin):
        raise ImproperlyConfigured(
            f"EMBED_ALLOWED_ORIGINS: {_origin!r} is not an origin such as https://www.falun.se"
        )
# --- end of embedding ------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No camera, microphone, location or payment APIs: the pages need none (pathways.middleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Sessions live in the database only: a just-made discharge map's token sits in its staff member's
# session for a while, and a token must never reach the cache (README, "Discharge maps").
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Behind TRUSTED_PROXY_COUNT reverse proxies (the last ones to append to X-Forwarded-For): allauth's
# rate limits count the visitor's address, not the proxy's, and the proxy's X-Forwarded-Proto says
# whether the visitor came over https. With 0, no forwarded header is believed.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A public https address turns on what https makes possible: secure cookies, redirects, HSTS.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "yes" if HTTPS else "no")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "yes" if HTTPS else "no")
SECURE_REDIRECT_EXEMPT = [r"^healthz"]  # the container's own health checks speak plain http
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "yes")
# The browsers' preload list binds the domain and all its subdomains for years: the region's own
# decision (SECURE_HSTS_PRELOAD=yes), so `check --deploy` is not asked to insist on it.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Staff accounts: created by administrators, never by sign-up (see pathways/accounts.py).
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "pathways.accounts.NoSignupAccountAdapter"
ACCOUNT_FORMS = {"login": "pathways.accounts.StaffLoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
# Staff often share ward computers: a sign-in lasts until the browser closes (and 12 h at most).
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rehabkartan"
# A code typed as its 30 s step ends still counts: one step either side, as RFC 6238 (5.2)
# recommends for the delay between reading a code and the server checking it.
MFA_TOTP_TOLERANCE = 1
LOGIN_REDIRECT_URL = "/personal/"
LOGIN_URL = "/accounts/login/"

# --- Sign-in audit and limits (pathways.signin; docs/decisions/0009-sign-in-limits.md) ---
# Failed passwords and wrong TOTP codes are counted from the audit's rows in the database, and a
# used code's time step is stored there: a cache that fails open must not open the second factor.
# allauth's cache-based "login_failed" limit is off (its per-login part let anyone lock a known
# user out); its "login" limit, requests per address, stays in the cache, where failing open
# costs no security.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": "30/m/ip"}
MFA_FORMS = {
    "authenticate": "pathways.signin.forms.CountedAuthenticateForm",
    "reauthenticate": "pathways.signin.forms.CountedReauthenticateForm",
}
# Rows of both audits (discharge maps, sign-ins) older than this many days are deleted by
# purge_expired_maps; 0 keeps them.
AUDIT_DAYS = envint("AUDIT_DAYS", 0)

# --- Staff sign-in through the region's identity provider (OpenID Connect) ----------------------
# allauth's `openid_connect` provider, configured here from the environment only (README, "Staff
# sign-in"). Without OIDC_SERVER_URL there is no IdP button and local accounts (password and TOTP)
# are the only way in. The rules (roles from claims, the IdP's second factor) are pathways/oidc.py.
OIDC_SERVER_URL = env("OIDC_SERVER_URL").rstrip("/")  # the issuer; its /.well-known/ is read
# The claim whose values say who someone is here, and which values make them staff (may sign in
# and make discharge maps) or the editors of a region ("value=region slug").
OIDC_ROLES_CLAIM = env("OIDC_ROLES_CLAIM", "groups")
OIDC_STAFF_VALUES = envlist("OIDC_STAFF_VALUES")
OIDC_EDITOR_VALUES = {}
for _pair in envlist("OIDC_EDITOR_VALUES"):
    _value, _equals, _slug = _pair.rpartition("=")
    if not (_value and _slug):
        raise ImproperlyConfigured(
            f"OIDC_EDITOR_VALUES: write claim-value=region-slug, not {_pair!r}."
        )
    OIDC_EDITOR_VALUES[_value.strip()] = _slug.strip()
# The IdP's sign-in is the second factor only if the ID token's `amr` holds one of these or its
# `acr` is one of these; otherwise TOTP is asked as for a local account. Empty: never.
OIDC_MFA_AMR = envlist("OIDC_MFA_AMR")
OIDC_MFA_ACR = envlist("OIDC_MFA_ACR")
if OIDC_SERVER_URL:
    _missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET") if not env(name)]
    if not (OIDC_STAFF_VALUES or OIDC_EDITOR_VALUES):
        _missing.append("OIDC_STAFF_VALUES or OIDC_EDITOR_VALUES")
    if _missing:
        raise ImproperlyConfigured(f"OIDC_SERVER_URL is set: set {', '.join(_missing)} too.")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "region",  # the redirect URI: /accounts/oidc/region/login/callback/
                "name": env("OIDC_NAME") or _("Logga in med regionens inloggning"),
                "client_id": env("OIDC_CLIENT_ID"),
                "secret": env("OIDC_CLIENT_SECRET"),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "oauth_pkce_enabled": True,
                    "scope": envlist("OIDC_SCOPES", "openid,profile,email"),
                },
            }
        ]
        if OIDC_SERVER_URL
        else []
    }
}
SOCIALACCOUNT_ADAPTER = "pathways.oidc.RegionIdentityProviderAdapter"
# The first sign-in of someone the claims give a role makes their account at once: the sign-up
# form never opens. An e-mail address is not needed for that, nor trusted to link accounts.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False  # the app calls nothing on the user's behalf
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS else "http"  # the redirect URI the IdP is given
# --- end of the identity provider's settings ------------------------------------------------------

# Password-reset mail: printed to the console unless SMTP is configured (EMAIL_HOST).
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", "yes"),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "rehabkartan@localhost")

# The public PDF: renders per visitor and minute, and at once per worker (pathways/views/pdf.py).
PDF_RENDERS_PER_MINUTE = envint("PDF_RENDERS_PER_MINUTE", 10)
PDF_RENDERS_PER_WORKER = envint("PDF_RENDERS_PER_WORKER", 2)
# Processes of each worker that lay PDFs out (pathways/layout.py); 0 lays them out in the worker.
PDF_PROCESSES = envint("PDF_PROCESSES", 1)

# Discharge maps hold personal additions; they are deleted this many days after they are made.
DISCHARGE_MAP_DAYS = envint("DISCHARGE_MAP_DAYS", 30)
# Signed-in (staff) sessions end after this long without a request, and after this long at most.
STAFF_IDLE_MINUTES = envint("STAFF_IDLE_MINUTES", 30)
STAFF_SESSION_HOURS = envint("STAFF_SESSION_HOURS", 12)
# Staff share ward computers: the session cookie ends when the browser closes, and the session
# itself ends on the server after the idle limit (pathways.middleware), whatever the browser keeps.
# The store keeps it 5 minutes longer, so the next request can say why it was signed out.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = (STAFF_IDLE_MINUTES + 5) * 60

# --- Logs, metrics and error reporting (issue 24; docs/production.md) ------------------------------
# LOG_FORMAT: "json" (the default without DEBUG) writes one JSON object a line with a timestamp
# (navigator/jsonlog.py); "text" the plain lines of development. One line per request comes from
# navigator/request_log.py; gunicorn's own access log is then off (gunicorn.conf.py).
LOG_FORMAT = env("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: write json or text.")
# /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is a 404.
METRICS_TOKEN = env("METRICS_TOKEN")
# Errors to a self-hosted Sentry or GlitchTip, personal data scrubbed (navigator/error_reporting.py).
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    from navigator import error_reporting

    error_reporting.start(SENTRY_DSN, env("SENTRY_ENVIRONMENT", "production"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_tokens": {"()": "navigator.redact.RedactTokens"},
        "no_traceback": {"()": "navigator.jsonlog.NoTraceback"},
    },
    "formatters": {
        "json": {"()": "navigator.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        # Every line passes the filter: a patient link's token is never written (navigator/redact.py).
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_tokens"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request loggers log to their own handlers by default; here they use the filtered one.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # A request for another Host (a scanner, a wrong DNS name): one line, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "filters": ["no_traceback"],
            "propagate": False,
        },
        # WeasyPrint reports every layout step at INFO; only its warnings are worth a log line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Import limits (pathways/safe_files.py) -------------------------------------------------
# A region's units and guidance are a few thousand rows, well under a megabyte; these leave room
# and refuse a file that would hold a worker's memory and CPU (a 50 MB CSV, an XLSX zip bomb).
IMPORT_MAX_BYTES = 5_000_000
IMPORT_MAX_ROWS = 10_000
IMPORT_MAX_UNPACKED_BYTES = 50_000_000
