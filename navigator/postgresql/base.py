"""PostgreSQL whose every round trip has a deadline: a stalled database is a quick error, not a hang.

The server's own timeouts (statement_timeout, lock_timeout; settings.DATABASES) end slow work and
lock waits with an answer. They cannot help when answers stop arriving while the TCP connection
stays up (a proxy or a network path that stops forwarding: the kernel on the near side keeps
acknowledging, so tcp_user_timeout never fires). psycopg waits for every answer in
Connection.wait, which takes a timeout; here every wait gets one (OPTIONS["answer_timeout"]).

After a round trip or a connect ran out of time, new connections are not tried for RETRY_SECONDS:
a stalled server then costs one deadline per connection, not one per request, and each thread is
free again at once (as navigator/cache.py does for Redis). A refused or restarted server is not a
stall: its errors come at once and nothing is skipped.
"""

import time

import psycopg
from django.db.backends.postgresql import base
from psycopg import errors

RETRY_SECONDS = 2.0
_skip_until = 0.0


class NoAnswer(psycopg.OperationalError):
    """The server did not answer in time; the connection is closed (its state is unknown)."""


def _stalled():
    global _skip_until
    _skip_until = time.monotonic() + RETRY_SECONDS


class Connection(psycopg.Connection):
    answer_timeout: float | None = None

    def wait(self, gen, interval=0.1, timeout=None):
        try:
            return super().wait(gen, interval, timeout or self.answer_timeout)
        except errors._WaitTimeout:  # psycopg's signal that `timeout` ran out
            self.close()
            _stalled()
            raise NoAnswer(f"the database did not answer within {self.answer_timeout} s") from None


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        self.answer_timeout = params.pop("answer_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        if time.monotonic() < _skip_until:
            raise NoAnswer(f"the database stopped answering; retrying within {RETRY_SECONDS} s")
        # As Django's own (no pool, no isolation_level option: settings set neither), through the
        # subclass psycopg documents for this (Connection.connect).
        self.isolation_level = base.IsolationLevel.READ_COMMITTED
        try:
            connection = Connection.connect(**conn_params)
        except errors.ConnectionTimeout:
            _stalled()
            raise
        connection.answer_timeout = self.answer_timeout
        return connection
