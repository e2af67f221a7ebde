"""Patient-link tokens never reach a log: /d/<token>/ is written /d/[redacted]/.

A token is the only key to a discharge map's additions (README, "Discharge maps"), so logs plus a
database copy must not open them. Two places write request paths: gunicorn's access log (the
logger class below, named in gunicorn.conf.py) and Django's own lines such as "Not Found: /d/…/"
(the filter below, on the console handler in settings.LOGGING).

The router opens a link however the path is spelled once decoded (/d%2f<token>/, /%64/<token>/),
and 404 lines show other spellings (/D/<token>/, //d//<token>/): each word of a line is read
percent-decoded, in any letter case; a word holding a link is written decoded, its token redacted.
"""

import logging
import re
from urllib.parse import unquote

from gunicorn.glogging import Logger

WORD = re.compile(r"[^\s\"']+")
TOKEN_PATH = re.compile(r"/+d/+[^/?#\s\"']+", re.IGNORECASE)
# Each level of percent-encoding is decoded; deeper than this, the whole word is redacted.
DECODINGS = 4


def _redact_word(match):
    word = match.group()
    for _ in range(DECODINGS):
        if TOKEN_PATH.search(word):
            return TOKEN_PATH.sub("/d/[redacted]", word)
        if "%" not in word:
            return match.group()
        word = unquote(word)
    return "[redacted]" if "%" in word or TOKEN_PATH.search(word) else match.group()


def redact(text):
    return WORD.sub(_redact_word, text)


class RedactTokens(logging.Filter):
    def filter(self, record):
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class GunicornLogger(Logger):
    """gunicorn's logger, with the token taken out of every access-log field (path, request line,
    referrer) before the line is formatted, and out of its error lines (a rejected request line)."""

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(RedactTokens())

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
