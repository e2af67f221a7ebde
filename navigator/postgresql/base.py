"""PostgreSQL whose every round trip has a deadline: a stalled database is a quick error, not a hang.

The server's own timeouts (statement_timeout, lock_timeout; settings.DATABASES) end slow work and
lock waits with an answer. They cannot help when answers stop arriving while the TCP connection
stays up (a proxy or a network path that stops forwarding: the kernel on the near side keeps
acknowledging, so tcp_user_timeout never fires). psycopg waits for every answer in
Connection.wait, which takes a timeout; here every wait gets one (OPTIONS["answer_timeout"]).

Once a round trip or a connect has run out of time, the database counts as stalled for the whole
process: every round trip and connect fails at once, and a connect in the background, tried at
most every RETRY_SECONDS, ends the stall when it succeeds. So a stalled server costs each open
connection one deadline, never a visitor a wait for a connect (psycopg's shortest connect timeout,
2 s, is longer than the bound). A refused or restarted server is not a stall: its errors come at
once and nothing is skipped.
"""

import threading
import time

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors

RETRY_SECONDS = 1.0


class NoAnswer(psycopg.OperationalError):
    """The server did not answer in time, or is known not to; the connection is closed."""


class Stall:
    def __init__(self):
        self.lock = threading.Lock()
        self.stalled = self.probing = False
        self.next_probe = 0.0

    def seen(self):
        with self.lock:
            self.stalled = True
            self.next_probe = max(self.next_probe, time.monotonic() + RETRY_SECONDS)

    def check(self, conn_params=None):
        """Raise NoAnswer while stalled; with conn_params, start a background connect if due."""
        if not self.stalled:
            return
        with self.lock:
            due = not self.probing and time.monotonic() >= self.next_probe
            if conn_params is not None and due:
                self.probing, self.next_probe = True, time.monotonic() + RETRY_SECONDS
                threading.Thread(target=self._probe, args=(conn_params,), daemon=True).start()
        raise NoAnswer("the database stopped answering; trying again in the background")

    def _probe(self, conn_params):
        try:
            psycopg.connect(**conn_params).close()
        except psycopg.Error:
            pass
        else:
            self.stalled = False
        finally:
            self.probing = False


stall = Stall()


class Connection(psycopg.Connection):
    answer_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        try:
            stall.check()
            return super().wait(gen, interval, timeout or self.answer_timeout)
        except errors._WaitTimeout:  # psycopg's signal that `timeout` ran out
            stall.seen()
            self.close()
            raise NoAnswer(f"the database did not answer within {self.answer_timeout} s") from None
        except NoAnswer:
            self.close()  # nothing was sent: the generator had not started
            raise


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.answer_timeout = params.pop("answer_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        stall.check(conn_params)
        # As Django's own (no pool, no isolation_level option: settings set neither), through the
        # subclass psycopg documents for this (Connection.connect).
        self.isolation_level = base.IsolationLevel.READ_COMMITTED
        try:
            connection = Connection.connect(**conn_params)
        except errors.ConnectionTimeout:
            stall.seen()
            raise
        connection.answer_timeout = self.answer_timeout
        return connection
