"""The project as a whole: migrations complete, settings safe by default."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
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


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = "." * node.level + (node.module or "")
            yield from (f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def test_the_public_map_does_not_import_the_discharge_app():
    """The discharge app uses the map (query.load_map), never the other way round (decision 0005).
    The benchmark, which measures the whole site, is the one exception."""
    root = Path(settings.BASE_DIR) / "pathways"
    offenders = [
        f"{path.relative_to(root)}: {name}"
        for path in root.rglob("*.py")
        if "discharge" not in path.relative_to(root).parts[:1] and path.name != "benchmark.py"
        for name in _imports(path)
        if "discharge" in name.split(".")
    ]
    assert not offenders
