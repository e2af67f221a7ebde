"""The project as a whole: migrations complete, settings safe by default."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _start(**env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "navigator.settings", **env},
        capture_output=True,
        text=True,
    )


def test_a_production_start_refuses_to_run_without_a_secret_key():
    result = _start()
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_a_production_start_runs_with_a_secret_key():
    result = _start(SECRET_KEY="a-real-secret-from-the-environment")
    assert result.stdout.strip() == "started", result.stderr
