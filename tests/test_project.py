"""The project as a whole: migrations complete, the public map independent of the discharge app."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_complete():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


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
