"""The test identity provider's settings (django-oauth-toolkit with OpenID Connect)."""

import os

SECRET_KEY = "test-identity-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "tests.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
# No CSRF middleware: the tests post the provider's sign-in form themselves, on loopback.
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PROVIDER_DATABASE"]}
}
# Tables made straight from the models (`migrate --run-syncdb`): a throwaway database starts in a
# fraction of the time its migrations take.
MIGRATION_MODULES = {app.rpartition(".")[2]: None for app in INSTALLED_APPS}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
USE_TZ = True
LOGIN_URL = "/login/"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ["PROVIDER_RSA_KEY"],
    "PKCE_REQUIRED": True,
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.people.ClaimsValidator",
    # The app under test runs at http://testserver (Django's test client).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http"],
}
LOGGING = {"version": 1, "root": {"level": "WARNING"}}
