"""Nothing lost: a dump of the demo data restored into a fresh database gives the same maps, and
every migration runs forwards on a database that holds the data.

PostgreSQL: pg_dump and psql, as docs/production.md tells an operator to. SQLite: its own online
backup into a fresh file. The maps are compared as the JSON API gives
them, for every municipality in a few situations, by a separate process on each database.
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
for code in sorted(Municipality.objects.values_list("code", flat=True)):
    for answers in ("", "&inlagd=ja&behov=resor", "&boende=sarskilt&alder=barn&behov=hjalpmedel"):
        response = client.get(f"/api/karta/?kommun={code}{answers}")
        assert response.status_code == 200, (code, answers, response.status_code)
        maps[code + answers] = response.json()
print(json.dumps(maps, sort_keys=True))
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


def restored_copy(source_url, tmp_path):
    """Dump the source database and restore the dump into a fresh one; its URL."""
    source = urlparse(source_url)
    if source.scheme == "sqlite":
        target = tmp_path / "restored.sqlite3"
        with sqlite3.connect(source.path) as db, sqlite3.connect(target) as copy:
            db.backup(copy)  # SQLite's online backup (the sqlite3 shell's .backup)
        return f"sqlite:///{target}"
    name = f"{source.path.lstrip('/')}_restored"
    server = source._replace(path="/postgres").geturl()
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", server, "-q", "-c", sql], check=True)
    dump = subprocess.run(
        ["pg_dump", "--no-owner", source_url], check=True, capture_output=True
    ).stdout
    restored = source._replace(path=f"/{name}").geturl()
    subprocess.run(
        ["psql", restored, "-q", "-v", "ON_ERROR_STOP=1"],
        input=dump,
        check=True,
        capture_output=True,
    )
    return restored


def test_a_restored_dump_gives_identical_maps(served_database, tmp_path):
    restored = restored_copy(served_database, tmp_path)
    original = maps(served_database)
    assert len(original) == 29 * 3
    assert maps(restored) == original


def test_every_migration_runs_forwards_on_a_database_holding_the_demo_data(
    served_database, tmp_path
):
    database = restored_copy(served_database, tmp_path)
    before = maps(database)
    manage = ["manage.py", "migrate", "--noinput", "--verbosity", "0"]
    run(database, *manage, "pathways", "0001")  # back to the first migration, data and all
    run(database, *manage)  # and every later one forwards, over the data
    assert maps(database) == before
