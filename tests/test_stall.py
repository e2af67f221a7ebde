"""A stalled PostgreSQL: a held lock and a network path that stops forwarding give the 503 page
(JSON on the API) while the stall goes on, not after it, and the next request after it heals.

Each stall ends by itself after STALL_SECONDS, so without the time bounds (settings.DATABASES,
navigator/postgresql) the requests would wait it out and answer 200: the test then fails on what
the visitor saw, with no timing assertion. PostgreSQL only: SQLite has no lock or network to stall.
"""

import contextlib
import json
import socket
import threading

import pytest
from django.db import close_old_connections, connection, connections, transaction
from django.test import Client

from navigator.postgresql import base
from pathways.discharge.sealing import new_token

from .test_outage import _in_another_thread

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="statement, lock and answer timeouts are PostgreSQL's (CI runs the suite on both)",
    ),
]

STALL_SECONDS = 20
PAGES = ("/karta/?kommun=2584", "/api/karta/?kommun=2584")


def _visit(*urls):
    """Each URL once, with what Django's handler does between requests outside tests (the test
    client leaves it out): a connection that failed is closed, so the next request reconnects."""
    client = Client(raise_request_exception=False)
    responses = {}
    for url in urls:
        responses[url] = client.get(url)
        close_old_connections()
    return responses


def assert_unavailable(responses):
    page, api = (responses[url] for url in PAGES)
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "tillfälligt otillgänglig" in page.content.decode()
    assert api.status_code == 503
    assert "tillfälligt otillgänglig" in json.loads(api.content)["error"]


@contextlib.contextmanager
def held_lock(table):
    """Another connection holds an exclusive lock on the table; yields "is it still held?"."""
    locked, release = threading.Event(), threading.Event()

    def hold():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
                locked.set()
                release.wait(STALL_SECONDS)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert locked.wait(10)
    try:
        yield holder.is_alive
    finally:
        release.set()
        holder.join()


def test_a_held_lock_gives_503_while_it_is_held_and_the_next_request_works():
    # The patient link's table: this test's own transaction (pytest-django's) has read the
    # regional tables, and an exclusive lock on those would wait for it.
    link = f"/d/{new_token()}/"
    with held_lock("discharge_dischargemap") as still_held:
        responses = _in_another_thread(lambda: _visit(link, "/healthz"))
        assert still_held()
    assert responses[link].status_code == 503
    assert responses[link]["Retry-After"] == "30"
    assert "tillfälligt otillgänglig" in responses[link].content.decode()
    assert responses["/healthz"].status_code == 200
    after = _in_another_thread(lambda: _visit(link))
    assert after[link].status_code == 404  # an unknown link's normal answer


class StallingProxy:
    """A TCP proxy to PostgreSQL that can stop forwarding while keeping every connection open,
    as a stuck proxy or network path does (the kernel still accepts and acknowledges)."""

    def __init__(self, target):
        self.target = target
        self.forwarding = threading.Event()
        self.forwarding.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets = [self.listener]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                near, _ = self.listener.accept()
            except OSError:
                return
            far = socket.create_connection(self.target)
            self.sockets += [near, far]
            for source, sink in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                self.forwarding.wait(STALL_SECONDS)
                sink.sendall(data)

    @contextlib.contextmanager
    def stalled(self):
        """Yields "is it still stalled?"; forwards again after STALL_SECONDS at most."""
        self.forwarding.clear()
        ends = threading.Timer(STALL_SECONDS, self.forwarding.set)
        ends.start()
        try:
            yield lambda: not self.forwarding.is_set()
        finally:
            ends.cancel()
            self.forwarding.set()


@pytest.fixture
def through_proxy(monkeypatch):
    """The default database's settings, pointed through a StallingProxy."""
    settings_dict = connection.settings_dict
    proxy = StallingProxy(
        (settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    )
    # A stall of this test's own, healing quickly: other tests must not find the process stalled.
    monkeypatch.setattr(base, "stall", base.Stall())
    monkeypatch.setattr(base, "RETRY_SECONDS", 0.2)
    yield proxy, {**settings_dict, "HOST": "127.0.0.1", "PORT": proxy.port}
    for open_socket in proxy.sockets:  # the server's sessions end (the test database is dropped)
        with contextlib.suppress(OSError):
            open_socket.shutdown(socket.SHUT_RDWR)
        open_socket.close()


def test_a_database_that_stops_answering_gives_503_during_the_stall_and_heals(through_proxy):
    proxy, proxied = through_proxy

    def stall_and_recover():
        own = connections["default"]
        own.settings_dict = proxied
        seen = {"before": _visit(*PAGES)}  # the thread's connection is open, through the proxy
        with proxy.stalled() as still_stalled:
            seen["during"] = _visit(*PAGES)
            seen["again"] = _visit(*PAGES)  # the process knows: no connect is even tried
            seen["still stalled"] = still_stalled()
        for _ in range(100):  # a background connect ends the stall; no visitor waits for it
            seen["after"] = _visit(*PAGES)
            if not base.stall.stalled:
                break
            threading.Event().wait(0.1)
        seen["after"] = _visit(*PAGES)
        return seen

    seen = _in_another_thread(stall_and_recover)
    assert all(response.status_code == 200 for response in seen["before"].values())
    assert seen["still stalled"]
    assert_unavailable(seen["during"])
    assert_unavailable(seen["again"])
    assert all(response.status_code == 200 for response in seen["after"].values())
