"""Rehabkartan settings: one file, configured from the environment.

With nothing set it runs in development on a SQLite file. Production sets at least SECRET_KEY,
ALLOWED_HOSTS and DATABASE_URL; see README.md.
"""

import os
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
    "simple_history",  # who changed which row when, revertible from admin
    "import_export",  # CSV and XLSX import/export of units and guidance in admin
    "pathways",
    "pathways.discharge",  # staff discharge maps: its own app, it uses the public map, not the reverse
]

MIDDLEWARE = [
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
# "local": rendered maps and PDFs, per process and bounded (least recently used are dropped).
CACHE_IS_SHARED = bool(env("REDIS_URL"))
if CACHE_IS_SHARED:
    _DEFAULT_CACHE = {
        "BACKEND": "navigator.cache.ResilientRedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
    }
else:
    _DEFAULT_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": _DEFAULT_CACHE,
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "local",
        "OPTIONS": {"MAX_ENTRIES": envint("LOCAL_CACHE_ENTRIES", 300)},
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
# In the cache: if the cache is down they count nothing and sign-in stays open (fail open). The
# second factor is what stops a guessed password; a cache outage must not lock the wards out.
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "login": "30/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Rehabkartan"
# A code typed as its 30 s step ends still counts: one step either side, as RFC 6238 (5.2)
# recommends for the delay between reading a code and the server checking it.
MFA_TOTP_TOLERANCE = 1
LOGIN_REDIRECT_URL = "/personal/"
LOGIN_URL = "/accounts/login/"

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "navigator.redact.RedactTokens"}},
    "handlers": {
        # Every line passes the filter: a patient link's token is never written (navigator/redact.py).
        "console": {"class": "logging.StreamHandler", "filters": ["redact_tokens"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's request loggers log to their own handlers by default; here they use the filtered one.
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO; only its warnings are worth a log line.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
