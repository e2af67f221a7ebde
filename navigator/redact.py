"""Patient-link tokens never reach a log: /d/<token>/ is written /d/[redacted]/.

A token is the only key to a discharge map's additions (README, "Discharge maps"), so logs plus a
database copy must not open them. Two places write request paths: gunicorn's access log (the
logger class below, named in gunicorn.conf.py) and Django's own lines such as "Not Found: /d/…/"
(the filter below, on the console handler in settings.LOGGING).
"""

import logging
import re

from gunicorn.glogging import Logger

TOKEN_PATH = re.compile(r"/d/[^/?#\s\"']+")


def redact(text):
    return TOKEN_PATH.sub("/d/[redacted]", text)


class RedactTokens(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        if TOKEN_PATH.search(message):
            record.msg, record.args = redact(message), ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with the token taken out of every access-log field (path, request line,
    referrer) before the line is formatted."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
