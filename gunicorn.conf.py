"""gunicorn for production: `gunicorn -c gunicorn.conf.py` (Dockerfile, compose.yaml, scripts/load).

Measured on 2 cores (docs/production.md): a worker levels off near 125 MB after a few hundred PDFs.
"""

import os

from gunicorn.http import wsgi

bind = os.environ.get("BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads, so a worker busy with a PDF (a few hundred ms; at most PDF_RENDERS_PER_WORKER at once)
# still answers map pages in its other threads instead of queueing them behind the render.
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))
# The app, its URLconf and WeasyPrint (about 1 s to import) load once, before the workers fork:
# a recycled worker answers its first request at full speed and the workers share that memory.
preload_app = True
wsgi_app = "navigator.wsgi:application"
# WeasyPrint's memory grows over many renders (issues #2130, #1977): recycle, staggered so the
# workers never restart together. Counted in requests of any kind, and most are cheap (PDF renders
# are rate-limited), so the count is high: a recycled worker starts with empty per-worker caches.
max_requests = int(os.environ.get("MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 20
keepalive = 5
# With LOG_FORMAT=json (production's default, as in settings) the app writes one JSON line per
# request itself (navigator/request_log.py) and gunicorn's access log is off; with text, gunicorn
# writes it on stdout. Either way patient-link tokens are redacted (navigator/redact.py).
_debug = os.environ.get("DEBUG", "").strip().lower() in ("1", "true", "yes", "on")
_log_format = os.environ.get("LOG_FORMAT", "text" if _debug else "json")
accesslog = "-" if _log_format == "text" else None
logger_class = "navigator.redact.GunicornLogger"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'
# No control socket (gunicorn 25.1+ opens one in $XDG_RUNTIME_DIR or $HOME/.gunicorn by default):
# nothing manages the workers at run time except the container's own restart.
control_socket_disable = True
# Behind the reverse proxy: believe its X-Forwarded-* headers (the proxy is the only way in).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# No "Server: gunicorn" banner: the response says nothing about the software behind it.
_default_headers = wsgi.Response.default_headers
wsgi.Response.default_headers = lambda self: [
    header for header in _default_headers(self) if not header.startswith("Server:")
]


def child_exit(server, worker):
    # prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR): a dead worker's live gauges
    # are dropped; its counters stay counted (navigator/metrics.py).
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    # The worker's PDF processes start (and import WeasyPrint, ~1 s) with it, not on its first PDF.
    from django.conf import settings

    from pathways import layout

    layout.start(settings.PDF_PROCESSES)
