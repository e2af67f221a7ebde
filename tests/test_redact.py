"""Patient-link tokens never reach a log (navigator/redact.py), line by line and without a server:
the fast half of tests/test_logs.py, which asks a real gunicorn."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from navigator.redact import GunicornLogger, RedactTokens, redact

TOKEN = "Vq3xJ9_kT2mZ-8aBcD"


@pytest.mark.parametrize(
    ("line", "written"),
    [
        (f"GET /d/{TOKEN}/ HTTP/1.1", "GET /d/[redacted]/ HTTP/1.1"),
        (f"Not Found: /d/{TOKEN}/pdf/", "Not Found: /d/[redacted]/pdf/"),
        (f"/d/{TOKEN}?x=1 /d/{TOKEN}#top", "/d/[redacted]?x=1 /d/[redacted]#top"),
        (f'"https://example.se/D/{TOKEN}/"', '"https://example.se/d/[redacted]/"'),
        (f"//d//{TOKEN}/kalender.ics", "/d/[redacted]/kalender.ics"),
        # Spellings the router opens once decoded: the word is written decoded, token redacted.
        (f"/d%2f{TOKEN}/", "/d/[redacted]/"),
        (f"/%64/{TOKEN}/", "/d/[redacted]/"),
        (f"/karta/?next=%2Fd%2F{TOKEN}%2F", "/karta/?next=/d/[redacted]/"),
        (f"/%2564/{TOKEN}/", "/d/[redacted]/"),  # encoded twice
        # Encoded deeper than redact decodes: the whole word goes.
        (f"/%25252564/{TOKEN}/ HTTP/1.1", "[redacted] HTTP/1.1"),
        (f"/%2525252564/{TOKEN}/ HTTP/1.1", "[redacted] HTTP/1.1"),
        # Everything else is left as it was written, encoding and all.
        (
            "GET /karta/?kommun=2584&behov=resor HTTP/1.1",
            "GET /karta/?kommun=2584&behov=resor HTTP/1.1",
        ),
        ("GET /s%C3%B6k/?q=a%20b HTTP/1.1", "GET /s%C3%B6k/?q=a%20b HTTP/1.1"),
        ("GET /s%25252541k/ HTTP/1.1", "GET /s%25252541k/ HTTP/1.1"),  # four times, no link
        ("/d/ /dag/ /admin/d/", "/d/ /dag/ /admin/d/"),
        ("", ""),
    ],
)
def test_what_a_log_line_becomes(line, written):
    assert redact(line) == written


def test_djangos_own_lines_are_redacted_and_others_left_as_they_were():
    found = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", ("x",), None
    )
    found.args = (f"/d/{TOKEN}/",)
    other = logging.LogRecord("django.request", logging.INFO, "", 0, "GET %s", ("/karta/",), None)
    assert RedactTokens().filter(found) and RedactTokens().filter(other)  # both still written
    assert found.getMessage() == "Not Found: /d/[redacted]/"
    assert (other.msg, other.args) == ("GET %s", ("/karta/",))  # formatters may read them


@pytest.fixture
def gunicorn_logger(tmp_path):
    cfg = Config()
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    cfg.set("access_log_format", '%(h)s "%(r)s" %(s)s %(B)s %(T)s "%(f)s" %(U)s')
    logger = GunicornLogger(cfg)
    yield logger, tmp_path
    # gunicorn's loggers are the process's own ("gunicorn.error", "gunicorn.access"): leave them
    # as they were found.
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)
        log.filters.clear()


def test_every_access_log_field_is_redacted(gunicorn_logger):
    logger, folder = gunicorn_logger
    environ = {
        "REMOTE_ADDR": "192.0.2.1",
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/d%2F{TOKEN}/",
        "PATH_INFO": f"/d/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://rehabkartan.example.se/d/{TOKEN}/",
    }
    response = SimpleNamespace(status="404 Not Found", sent=123, headers=[])
    logger.access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=2))
    for handler in logger.access_log.handlers:
        handler.flush()
    line = (folder / "access.log").read_text()
    assert line == (
        '192.0.2.1 "GET /d/[redacted]/ HTTP/1.1" 404 123 2 '
        '"https://rehabkartan.example.se/d/[redacted]/" /d/[redacted]/\n'
    )


def test_gunicorns_error_lines_are_redacted(gunicorn_logger):
    logger, folder = gunicorn_logger
    logger.error("Invalid request line: %s", f"GET /d/{TOKEN}/ HTTP/1.1\x00")
    for handler in logger.error_log.handlers:
        handler.flush()
    text = (folder / "error.log").read_text()
    assert "Invalid request line: GET /d/[redacted]/ HTTP/1.1" in text
    assert TOKEN not in text
