"""No secrets in logs or the cache: gunicorn with the production configuration (gunicorn.conf.py, settings'
LOGGING) is asked for patient links, and its whole output is searched for the tokens."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from pathways.discharge.sealing import new_token

pytestmark = pytest.mark.django_db  # the served database is a copy of the test database

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


@contextmanager
def running_gunicorn(folder, served_database, **env):
    """gunicorn as production runs it (gunicorn.conf.py) on the test data, with these settings
    added to the environment; yields (base URL, log file)."""
    port = free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": served_database,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        **env,
    }
    log = folder / "log.txt"
    with log.open("w") as out:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", "gunicorn.conf.py"],
            env={name: value for name, value in environment.items() if value is not None},
            cwd=BASE_DIR,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        # A busy machine (the whole suite on every core) can take many seconds to import the app.
        deadline = time.monotonic() + 60
        while server.poll() is None and time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base, log
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory, served_database):
    folder = tmp_path_factory.mktemp("gunicorn")
    # gunicorn's own access log (tests/test_observability.py: the JSON lines)
    with running_gunicorn(folder, served_database, LOG_FORMAT="text") as server:
        yield server


def test_link_tokens_never_reach_the_access_log_or_django_log_lines(gunicorn):
    base, log = gunicorn
    # The module's other tests share this server: count only the lines written from here on.
    line = '"GET /d/[redacted]/'  # gunicorn's access line of a link, redacted
    before = log.read_text().count(line)
    tokens = [new_token() for _ in range(3)]
    for token, suffix in zip(tokens, ["", "pdf/", "kalender.ics"], strict=True):
        status, _headers = get(f"{base}/d/{token}/{suffix}")
        assert status == 404
    # gunicorn writes its access line after the response: wait for the three, never a fixed time.
    deadline = time.monotonic() + 10
    while (text := log.read_text()).count(line) < before + 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert text.count(line) == before + 3, text
    assert "Not Found: /d/[redacted]/" in text  # Django's own warning
    assert not any(token in text for token in tokens)


# Spellings the router opens (gunicorn decodes the path once) and 404 spellings that still hold a
# token: none may reach the access log or Django's "Not Found" lines.
ENCODED_SPELLINGS = [
    "/d%2f{token}/",
    "/%64/{token}/",
    "/%64%2F{token}/pdf/",
    "/D/{token}/",
    "/%44/{token}/",
    "//d//{token}/",
    "/%2564/{token}/",
    "/karta/?next=%2Fd%2F{token}%2F",
]


def test_encoded_and_capitalised_link_paths_are_redacted_too(gunicorn):
    base, log = gunicorn
    tokens = [new_token() for _ in ENCODED_SPELLINGS]
    for token, spelling in zip(tokens, ENCODED_SPELLINGS, strict=True):
        status, _headers = get(base + spelling.format(token=token))
        assert status in (200, 301, 400, 404)
    deadline = time.monotonic() + 10
    while log.read_text().count("/d/[redacted]") < len(tokens) and time.monotonic() < deadline:
        time.sleep(0.05)
    text = log.read_text()
    assert text.count("/d/[redacted]") >= len(tokens), text
    assert "Not Found: /d/[redacted]/" in text
    assert not any(token in text for token in tokens), text


def test_no_server_banner(gunicorn):
    base, _log = gunicorn
    status, headers = get(f"{base}/healthz")
    assert status == 200
    assert "Server" not in headers


def test_a_just_made_token_is_kept_in_no_cache(staff_client):
    from django.core.cache import caches

    from pathways.discharge.tests.test_discharge import create_map

    _discharge_map, token = create_map(staff_client)
    assert staff_client.get(f"/d/{token}/").status_code == 200
    for name in ("default", "local", "pdf"):
        stored = caches[name]._cache.values()  # LocMemCache: the pickled values
        assert not any(token.encode() in value for value in stored), name
