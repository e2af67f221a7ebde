"""Browser tests (pytest-playwright + axe) against a live Django server.

Chromium comes from Debian (`apt-get install -y chromium`); `playwright install` is never run.
Without Chromium these tests fail with a message saying so: CI must run them, so they never skip.

The database. pytest-django's `live_server` *fixture* cannot be used here: any test that has
`live_server` among its fixtures is made transactional (pytest-django's `_django_db_helper` checks
the fixture's name, whatever database marker or fixture the test asks for), and a transactional
test flushes every table when it ends. That wipes the regional data tests/conftest.py loads once
per session, for every test that runs after it (pytest-randomly shuffles the order). So
`live_site` runs the same server (pytest-django's LiveServer, Django's LiveServerThread) under
another name, and each browser test takes the ordinary, non-transactional `db` fixture:
- SQLite: the test database is in memory and the server thread shares the test's connection, so
  it sees the regional data, and its own writes (sessions) roll back with the test's transaction.
- PostgreSQL: the server's request threads open their own connections. They see the regional
  data because django_db_setup committed it before any test began; the sessions they write are
  committed and stay (no test counts sessions). Nothing is ever flushed.
The tests check everything through the browser; they read the database only to make sure the
regional data is still there when each one ends.
"""

import os
import shutil

import pytest

# The sync Playwright API leaves an event loop running in the main thread from its first use to
# the end of the session; Django refuses database access from a thread with a running loop unless
# told otherwise (the `db` fixture needs it, and so do the tests that happen to run afterwards).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def live_site(django_db_setup, playwright):
    """One live server for the session, started after the test database (and stopped before).

    It starts after Playwright on purpose. Playwright's sync API leaves its event loop running in
    the main thread, and Django keeps a thread's database connections in a context variable
    instead of a thread-local while a loop runs: from then on the tests use other connection
    objects than django_db_setup did. Started here, the server shares (SQLite) the connection the
    tests' `db` fixture wraps in its transaction; and the connections opened in that state are
    closed below, or PostgreSQL refuses to drop the test database at the end ("being accessed by
    other users") and CI leaves it behind.
    """
    from django.db import connections
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"))
    yield server
    server.stop()
    connections.close_all()


@pytest.fixture(autouse=True)
def _browser_test(live_site, db, settings):
    """Every browser test: database access (not transactional), the server's host allowed."""
    from pathways.models import Municipality

    host = live_site.thread.host
    if host not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, host]
    yield
    # The guard for the docstring's promise: a browser test must never take the data with it.
    assert Municipality.objects.exists(), "a browser test wiped the regional data (flush?)"


@pytest.fixture(scope="session")
def base_url(live_site):
    """pytest-playwright's base URL: page.goto("/") opens the live server's start page."""
    return live_site.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM:
        pytest.fail(
            "The browser tests (tests/e2e) need Chromium and did not find `chromium` on PATH. "
            "Install it with `apt-get install -y chromium` (Debian; .ci/run does this when run as "
            "root). Do not run `playwright install`.",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every page opens on a phone-sized screen, in Swedish."""
    return {
        **browser_context_args,
        "viewport": PHONE,
        "locale": "sv-SE",
    }


# How long an expectation or an action waits before it fails. A local server answers in
# milliseconds, but CI shares two cores with a whole test run (and, for a developer, with whatever
# else runs): 5 s made the journeys flaky under load. Passing tests never wait this long — every
# step waits for a visible change (Playwright's auto-waiting `expect`), never for a fixed time.
TIMEOUT_MS = 15_000


@pytest.fixture(autouse=True, scope="session")
def _timeouts():
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def page(page):
    page.set_default_timeout(TIMEOUT_MS)
    return page


@pytest.fixture(scope="session")
def _reading_page(browser, browser_context_args):
    context = browser.new_context(**browser_context_args)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


@pytest.fixture
def reader(_reading_page, base_url):
    """A phone-sized page for tests that open pages and look (no listeners, no routes): one
    browser page for all of them, reset before each: nothing of the last test still loading, no
    cookies, no stored data, the phone's screen. A fresh browser context for each would cost more
    than most of these tests do."""
    page = _reading_page
    if page.url.startswith(base_url):
        page.evaluate("localStorage.clear(); sessionStorage.clear()")
    page.goto("about:blank")
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.emulate_media(media="screen")
    return page


@pytest.fixture
def nojs_page(browser, browser_context_args):
    """A page in a context with JavaScript turned off: the plain-HTML path."""
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    yield page
    context.close()


# --- axe-core -------------------------------------------------------------------------------

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def describe_violations(violations):
    """axe's violations as a readable list: rule, impact, help, and each failing element."""
    lines = []
    for v in violations:
        lines.append(f"\n[{v['impact']}] {v['id']}: {v['help']}\n    {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"  - {', '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            for summary_line in (node.get("failureSummary") or "").splitlines():
                lines.append(f"      {summary_line.strip()}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """assert_accessible(page): no WCAG 2.1 A/AA violation that axe finds on the page as it is."""

    def check(page, what=""):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_21_AA},
                "resultTypes": ["violations"],
            },
        )
        violations = results.response["violations"]
        where = what or page.url
        assert not violations, (
            f"{len(violations)} accessibility rule(s) fail on {where}:"
            f"{describe_violations(violations)}"
        )

    return check
