"""The test suite's settings: production's, plus what only tests want (pyproject.toml selects them)."""

import os

# The suite signs its sessions with a throwaway key; subprocesses it starts inherit it.
os.environ.setdefault("SECRET_KEY", "test-suite-only-key-never-used-in-production")

from navigator.settings import *  # noqa: E402, F403

TESTING = True
# Fast hashing: the suite signs in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files straight from the source folders: no collectstatic manifest needed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = True

# --- The database's answer timeout on a busy test machine (issue 24) -----------------------------
# Production gives up on an answer after DB_ANSWER_TIMEOUT_MS and then counts the database as
# stalled. The suite shares its cores with a browser and other jobs, so a slow answer is not a
# stall here; tests/test_stall.py proves the bound with this longer one.
if "answer_timeout" in DATABASES["default"].get("OPTIONS", {}):  # noqa: F405
    DATABASES["default"]["OPTIONS"]["answer_timeout"] = 5.0  # noqa: F405
