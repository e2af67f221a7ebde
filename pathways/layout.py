"""WeasyPrint's layout and PDF writing, in a small pool of processes of its own (issue 23).

A render holds the interpreter for ~100 ms. Done in a gunicorn worker's thread, it stalls that
worker's map pages for as long (the GIL); done here, the worker's thread only waits for the bytes
and its other threads answer maps. The pool's processes run at a lower CPU priority (nice), so on
a busy machine a map page is served before a PDF is laid out, not after. Each gunicorn worker has
PDF_PROCESSES of them (0: lay out in the worker itself); at most PDF_RENDERS_PER_WORKER renders
are asked of them at once (pathways/views/pdf.py), so their queue is bounded. They are replaced
after MAX_TASKS renders, as WeasyPrint's memory grows over many (issues #2130, #1977), without
recycling the worker and its caches.

This module imports no Django: the pool's processes are started afresh ("spawn", not a fork of
a threaded worker) and need only WeasyPrint, our fonts and the paper stylesheet.
"""

import base64
import logging
import os
import threading
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import unquote_to_bytes

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
# The only files WeasyPrint may read: our own fonts and the paper stylesheet.
ALLOWED_DIRS = (STATIC_DIR / "fonts", STATIC_DIR / "css")
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf"}
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged, for screen readers
NICE = 10  # the pool's priority below the workers' (0), so that map pages come first
MAX_TASKS = 500
RESULT_SECONDS = 20  # under gunicorn's timeout (30 s): the person gets the "failed" page instead

# WeasyPrint reports every layout step at INFO; keep its warnings, not a dozen lines per PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serves our fonts and stylesheet, and data: URIs (the QR code); refuses everything else.

    A map's text comes from regional data edited in the admin. Whatever it contains, rendering it
    must never make the server read another file or call out to the network. One instance serves
    every render: building URLFetcher's urllib handlers, an SSL context among them, cost ~80 ms,
    for a network this fetcher never uses.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=False)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            header, _comma, payload = url[5:].partition(",")
            kind = header.split(";")[0] or "text/plain"
            if header.endswith(";base64"):
                body = base64.b64decode(payload)
            else:
                body = unquote_to_bytes(payload)
            return URLFetcherResponse(url, body, {"Content-Type": kind})
        if url.startswith("file:"):
            path = Path(URLFetcherResponse(url).path or "").resolve()
            if any(path.is_relative_to(allowed) for allowed in ALLOWED_DIRS) and path.is_file():
                kind = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        raise ValueError(f"Rehabkartan's PDF fetches only its own static files, not {url[:80]}")


# One font configuration per process: the @font-face fonts are registered once, not per render.
# It is not safe to share between threads, so renders in one process take turns (the stack notes
# advise at most one concurrent render per core anyway).
_FONT_CONFIG = FontConfiguration()
_RENDER_LOCK = threading.Lock()
_FETCHER = StaticOnlyFetcher()


def lay_out(html: str, most_pages: int | None) -> bytes | None:
    """The PDF of `html`, or None when it takes more than `most_pages` (None: however many)."""
    with _RENDER_LOCK:
        document = weasyprint.HTML(
            string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_FETCHER
        ).render(font_config=_FONT_CONFIG, **PDF_OPTIONS)
        if most_pages is not None and len(document.pages) > most_pages:
            return None
        body: bytes = document.write_pdf(**PDF_OPTIONS)
        return body


def _lower_priority() -> None:
    os.nice(NICE)


_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _ready() -> None:
    """Nothing: asked of a new pool, it starts a process, which imports this module (WeasyPrint)."""


def start(processes: int) -> ProcessPoolExecutor | None:
    """This worker's pool, made on first use (gunicorn.conf.py makes it as the worker starts)."""
    global _pool
    with _pool_lock:
        if _pool is None and processes > 0:
            _pool = ProcessPoolExecutor(
                max_workers=processes,
                mp_context=get_context("spawn"),
                initializer=_lower_priority,
                max_tasks_per_child=MAX_TASKS,
            )
            # The process starts and imports WeasyPrint now (~1 s), not in the first PDF's time.
            _pool.submit(_ready).result(timeout=RESULT_SECONDS)
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def render(html: str, most_pages: int | None, processes: int) -> bytes | None:
    """lay_out in this worker's pool of `processes` (in this process when 0). A pool whose process
    died is replaced on the next render; this one fails (the view says so to the person)."""
    pool = start(processes)
    if pool is None:
        return lay_out(html, most_pages)
    try:
        return pool.submit(lay_out, html, most_pages).result(timeout=RESULT_SECONDS)
    except BrokenProcessPool:
        logger.error("A PDF process died; the pool is started again")
        _discard(pool)
        raise
