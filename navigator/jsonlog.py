"""Log lines for production: one JSON object a line, with a UTC timestamp (LOG_FORMAT=json).

The message has passed navigator.redact's filter before it gets here; the request fields
(navigator/request_log.py) are redacted where they are made.
"""

import json
import logging
from datetime import UTC, datetime

REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "view")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        line.update(
            {name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)}
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class NoTraceback(logging.Filter):
    """A rejected Host is one line: what was asked is in the message, the traceback says nothing."""

    def filter(self, record):
        record.exc_info, record.exc_text = None, None
        return True
