"""Shared by scripts/load and scripts/fault: a production-like server on this machine.

PostgreSQL (127.0.0.1:5432, database rk_bops_<name>, recreated with the demo data), Redis
(127.0.0.1:6379, database 5), gunicorn with gunicorn.conf.py and DEBUG off. Loopback only.
"""

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG = "postgres://postgres@127.0.0.1:5432"


def production_env(database_url, redis_url, port, **extra):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "navigator.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "no",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "BIND": f"127.0.0.1:{port}",
        **extra,
    }


def manage(env, *args):
    subprocess.run(
        [BIN / "python", "manage.py", *args, "--verbosity", "0"], env=env, cwd=ROOT, check=True
    )


def prepare_database(name, env):
    """A fresh database with the demo data, and the static files collected."""
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", f"{PG}/postgres", "-q", "-c", sql], check=True)
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo_data")
    manage(env, "collectstatic", "--noinput")


def start_gunicorn(env, log_path):
    log = open(log_path, "w")  # noqa: SIM115 (kept open while the server runs)
    server = subprocess.Popen(
        [BIN / "gunicorn", "-c", "gunicorn.conf.py"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    url = f"http://{env['BIND']}/healthz"
    for _ in range(150):
        try:
            urllib.request.urlopen(url, timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not start; see {log_path}")


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GB RAM, Python {sys.version.split()[0]}"


def map_queries():
    """Realistic answers in both regions: every municipality, a few situations each."""
    codes = sorted(
        row["fields"]["code"]
        for fixture in ROOT.glob("fixtures/*.json")
        for row in json.loads(fixture.read_text())
        if row["model"] == "pathways.municipality"
    )
    situations = [
        "",
        "&inlagd=ja",
        "&ta_sig=nej&behov=resor",
        "&boende=sarskilt&behov=hjalpmedel",
        "&alder=barn&roll=narstaende",
    ]
    return [f"kommun={code}{situation}" for code in codes for situation in situations]
