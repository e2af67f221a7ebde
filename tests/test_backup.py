"""Nothing lost: a dump of the demo data restored into a fresh database gives the same maps, and
every migration runs forwards on a database that holds the data.

PostgreSQL: pg_dump and psql, as docs/production.md tells an operator to. SQLite: its own online
backup into a fresh file. The maps are compared as the JSON API gives them, for every
municipality in one of two situations: the test database's in this process, the restored copy's
in another, before and after its migrations run back and forth.
"""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.test import Client

from pathways.models import Municipality

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
SITUATIONS = ("&inlagd=ja&behov=resor", "&boende=sarskilt&alder=barn&behov=hjalpmedel")


def all_maps():
    """Every municipality's map as the JSON API gives it, the two situations in turn (so both
    are tried in both regions)."""
    client = Client()
    maps = {}
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    for index, code in enumerate(codes):
        answers = SITUATIONS[index % 2]
        response = client.get(f"/api/karta/?kommun={code}{answers}")
        assert response.status_code == 200, (code, answers, response.status_code)
        maps[code + answers] = response.json()
    return maps


# The oldest migration the demo data fits: 0008 added the answers (lss, korttid, ung, 85plus) that
# its rows use, and an older schema's checks refuse them. Moves on when a migration adds values.
OLDEST_FITTING = "0008"

# On the restored copy, in one process (starting Django costs a second): its maps; then back to the
# oldest migration the data fits, data and all, and every later one forwards over the data; then its
# maps again.
RESTORE_CHECK = """
import json, django
django.setup()
from django.core.management import call_command
from pathways import catalog
from tests.test_backup import OLDEST_FITTING, all_maps
restored = all_maps()
call_command("migrate", "pathways", OLDEST_FITTING, interactive=False, verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
catalog._latest.clear()  # read the migrated rows, not this process's copy of the old ones
print(json.dumps({"restored": restored, "migrated": all_maps()}))
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


# What a row was compared with exists only from migration 0003 on: going back before it loses
# the review dates' meaning (pathways/migrations/0003_reviewed_against_a_source.py), so the maps
# after going back and forth are compared without them.
REVIEW_KEYS = {
    "reviewed_on",
    "compared_with",
    "source_dated",
    "number_reviewed_on",
    "latest_review",
}


def without_review(value):
    if isinstance(value, dict):
        return {k: without_review(v) for k, v in value.items() if k not in REVIEW_KEYS}
    if isinstance(value, list):
        return [without_review(v) for v in value]
    return value


def test_a_restored_dump_gives_the_same_maps_before_and_after_every_migration(restored):
    served = all_maps()  # the test database's own, in this process
    assert len(served) == 29
    maps = json.loads(run(restored, "-c", RESTORE_CHECK))
    assert maps["restored"] == served
    assert without_review(maps["migrated"]) == without_review(served)
