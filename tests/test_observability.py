"""What a region's IT runs on: JSON log lines from gunicorn as production starts it, one line for a
wrong Host, /metrics only with its token, error reports without a patient-link token or a staff
member's additions, and /robots.txt and a favicon instead of 404s."""

import json
import time
import urllib.request
from datetime import UTC, datetime

import pytest

from navigator.error_reporting import scrub
from pathways.discharge.sealing import new_token

from .test_logs import get, running_gunicorn

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def json_gunicorn(tmp_path_factory, served_database):
    folder = tmp_path_factory.mktemp("gunicorn-json")
    with running_gunicorn(
        folder,
        served_database,
        HOME=str(folder),  # where gunicorn 27 would put its control socket
        XDG_RUNTIME_DIR=None,
        LOG_FORMAT="json",
    ) as (base, log):
        yield base, log, folder


def log_lines(log, until):
    deadline = time.monotonic() + 10
    while not until(text := log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return text.splitlines()


def test_each_request_is_one_json_line_with_time_status_duration_and_redacted_path(json_gunicorn):
    base, log, _home = json_gunicorn
    token = new_token()
    assert get(f"{base}/d/{token}/")[0] == 404
    assert get(f"{base}/robots.txt")[0] == 200
    lines = log_lines(log, lambda text: '"/robots.txt"' in text)
    assert not any(token in line for line in lines)
    records = [json.loads(line) for line in lines if line.startswith("{")]
    requests = [r for r in records if r["logger"] == "rehabkartan.request"]
    by_path = {r["path"]: r for r in requests}
    assert by_path["/d/[redacted]/"]["status"] == 404
    robots = by_path["/robots.txt"]
    assert (robots["method"], robots["status"], robots["level"]) == ("GET", 200, "INFO")
    assert robots["duration_ms"] >= 0 and robots["time"].endswith("+00:00")
    assert not any("GET /robots.txt HTTP" in line for line in lines)  # no gunicorn access line


def test_a_wrong_host_is_one_line_without_traceback(json_gunicorn):
    base, log, _home = json_gunicorn
    request = urllib.request.Request(f"{base}/healthz/ready", headers={"Host": "evil.example"})
    try:
        urllib.request.urlopen(request, timeout=10)
    except urllib.error.HTTPError as error:
        assert error.code == 400
    lines = log_lines(log, lambda text: "evil.example" in text and '"status": 400' in text)
    host_lines = [line for line in lines if "Invalid HTTP_HOST" in line]
    assert len(host_lines) == 1
    assert "exception" not in json.loads(host_lines[0])
    assert not any("Traceback" in line for line in lines)


def test_metrics_need_the_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
    settings.METRICS_TOKEN = "s3cret-metrics-token"
    client.get("/robots.txt")
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 404
    answered = client.get("/metrics", headers={"Authorization": "Bearer s3cret-metrics-token"})
    assert answered.status_code == 200
    text = answered.content.decode()
    assert 'rehabkartan_requests_total{method="GET",status="200",view="robots_txt"}' in text
    for name in ("request_seconds", "pdf_renders_total", "cache_lookups", "rate_limited_total"):
        assert f"rehabkartan_{name}" in text
    assert "/robots.txt" not in text  # views are labels, never paths


def test_an_error_report_keeps_no_token_and_no_form_data():
    token = new_token()
    event = {
        "message": f"Not Found: /d/{token}/",
        "request": {
            "method": "POST",
            "url": f"https://rehabkartan.example.se/d/{token}/",
            "data": {"addition": "Ring dottern Anna på 070-174 06 05"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Referer": f"https://rehabkartan.example.se/d/{token}/"},
            "query_string": "x=1",
        },
        "user": {"username": "dora"},
        "breadcrumbs": {"values": [{"message": f"GET /d/{token}/pdf/"}]},
        "timestamp": datetime.now(UTC),
    }
    scrubbed = scrub(event)
    assert isinstance(scrubbed["timestamp"], datetime)  # what is not text is left as it is
    sent = json.dumps(scrubbed, default=str)
    assert token not in sent
    assert "Anna" not in sent and "sessionid" not in sent and "dora" not in sent
    assert scrub(event)["request"] == {
        "method": "POST",
        "url": "https://rehabkartan.example.se/d/[redacted]/",
    }


def test_robots_txt_and_favicon_answer(client):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /d/" in robots.content.decode()
    favicon = client.get("/favicon.ico")
    assert (favicon.status_code, favicon["Content-Type"]) == (200, "image/svg+xml")
    assert b"<svg" in b"".join(favicon.streaming_content)


def test_gunicorn_opens_no_control_socket(json_gunicorn):
    _base, _log, home = json_gunicorn
    assert not (home / ".gunicorn").exists()
