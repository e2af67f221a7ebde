"""Nothing lost: a dump of the demo data restored into a fresh database gives the same maps, and
every migration runs forwards on a database that holds the data.

PostgreSQL: pg_dump and psql, as docs/production.md tells an operator to. SQLite: its own online
backup into a fresh file. The maps are compared as the JSON API gives them, for every
municipality in one of two situations, by a separate process on each database.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
MAPS = """
import json, django
django.setup()
from django.test import Client
from pathways.models import Municipality
client = Client()
maps = {}
situations = ("&inlagd=ja&behov=resor", "&boende=sarskilt&alder=barn&behov=hjalpmedel")
codes = sorted(Municipality.objects.values_list("code", flat=True))
for index, code in enumerate(codes):  # the two situations in turn: both in both regions
    answers = situations[index % 2]
    response = client.get(f"/api/karta/?kommun={code}{answers}")
    assert response.status_code == 200, (code, answers, response.status_code)
    maps[code + answers] = response.json()
print(json.dumps(maps, sort_keys=True))
"""


MIGRATE_BACK_AND_FORTH = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", "pathways", "0001", interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
"""


def run(database_url, *args):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def maps(database_url):
    return json.loads(run(database_url, "-c", MAPS))


@pytest.fixture(scope="module")
def served_maps(served_database):
    """The maps of the test database itself, which both tests compare against."""
    served = maps(served_database)
    assert len(served) == 29
    return served


@pytest.fixture
def restored(served_database, tmp_path):
    """The test database dumped and restored into a fresh one (dropped afterwards); its URL."""
    source = urlparse(served_database)
    if source.scheme == "sqlite":
        target = tmp_path / "restored.sqlite3"
        with sqlite3.connect(source.path) as db, sqlite3.connect(target) as copy:
            db.backup(copy)  # SQLite's online backup (the sqlite3 shell's .backup)
        yield f"sqlite:///{target}"
        return
    name = f"{source.path.lstrip('/')}_restored"
    server = source._replace(path="/postgres").geturl()
    drop = f"DROP DATABASE IF EXISTS {name}"
    for sql in (drop, f"CREATE DATABASE {name}"):
        subprocess.run(["psql", server, "-q", "-c", sql], check=True)
    dump = subprocess.run(
        ["pg_dump", "--no-owner", served_database], check=True, capture_output=True
    ).stdout
    copy = source._replace(path=f"/{name}").geturl()
    subprocess.run(
        ["psql", copy, "-q", "-v", "ON_ERROR_STOP=1"], input=dump, check=True, capture_output=True
    )
    yield copy
    subprocess.run(["psql", server, "-q", "-c", drop], check=True)


def test_a_restored_dump_gives_identical_maps(served_maps, restored):
    assert maps(restored) == served_maps


def test_every_migration_runs_forwards_on_a_database_holding_the_demo_data(served_maps, restored):
    # Back to the first migration, data and all, and every later one forwards over the data.
    run(restored, "-c", MIGRATE_BACK_AND_FORTH)
    assert maps(restored) == served_maps
