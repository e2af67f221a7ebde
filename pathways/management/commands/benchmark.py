"""manage.py benchmark: how fast is the map, how many queries, how many bytes (README, "Speed").

Not a test: it prints figures for a set of situations on the data in the configured database (load
the demo fixtures first). Each measurement is a function in MEASUREMENTS, run in order with the
same client and options; to add one (e.g. PDF timings), write a function taking (out, client,
options) and decorate it with @measurement.

Times are CPU time of this process (time.process_time), median and p95 over many requests: on a
shared machine the wall clock also counts other processes' turns. A map asked for the first time
(a situation nobody asked before: each of some 270,000 per region) is rendered; one asked again is
a kept page (pathways.pagecache). Both are reported, apart.

Targets on a 2-core machine: ≤ 8 queries per map whatever the data size (--scale 10), median
≤ 20 ms per map page, an uncached map rendered in ≤ 3 ms CPU (median), a refused PDF ≤ 0.5 ms,
first visit ≤ 60 KB gzipped (start page + map + their CSS and JS).
"""

import copy
import gzip
import itertools
import logging
import random
import re
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from pathways import catalog
from pathways.models import Guidance, Municipality, Responsibility, Unit
from pathways.query import map_url, parse_situation

SITUATIONS = [
    "kommun=2584&ta_sig=nej",  # Kiruna, at home, cannot get to the health centre
    "kommun=2584&inlagd=ja&niva=2&forlopp=plotslig&behov=hjalpmedel&behov=resor",
    "kommun=2580&boende=sarskilt&roll=narstaende&behov=lakemedel",  # Luleå, special housing
    "kommun=2510&alder=barn&ta_sig=nej",  # Jokkmokk, a child
    "kommun=2080&niva=vet_ej&forlopp=langvarig&behov=arbete",  # Falun, Dalarna
    "kommun=2039",  # Älvdalen, only the required answer
]
TARGET_QUERIES, TARGET_MEDIAN_MS, TARGET_FIRST_VISIT_KB = 8, 20, 60
TARGET_UNCACHED_CPU_MS, TARGET_REFUSED_PDF_CPU_MS = 3, 0.5

MEASUREMENTS: list[Callable[..., None]] = []


def measurement(function):
    MEASUREMENTS.append(function)
    return function


def view_url(query, name="map"):
    """The URL of a view taking the map's parameters, built as the site builds it (query.map_url)."""
    situation, errors = parse_situation(QueryDict(query))
    assert not errors, (query, errors)
    return map_url(situation, name)


def verdict(ok):
    return "ok" if ok else "OVER TARGET"


@measurement
def queries_per_map(out, client, options):
    out.write("\nQueries per map (cold: catalog read from the database; warm: from the cache)")
    cold_worst = warm_worst = 0
    for query in SITUATIONS:
        catalog.bump_version()  # a cold cache for this map only, without clearing anything else
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(view_url(query))
            assert response.status_code == 200, (query, response.status_code)
            counts.append(len(queries))
        cold_worst, warm_worst = max(cold_worst, counts[0]), max(warm_worst, counts[1])
        out.write(f"  {query:<75} cold {counts[0]:>3}  warm {counts[1]:>3}")
    out.write(
        f"  most queries for one map: warm {warm_worst} "
        f"(target ≤ {TARGET_QUERIES}: {verdict(warm_worst <= TARGET_QUERIES)}); "
        f"cold {cold_worst}, once per data change and process "
        f"(target ≤ {TARGET_QUERIES}: {verdict(cold_worst <= TARGET_QUERIES)})"
    )


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def cpu_ms(client, url, status=200):
    """One request's CPU time in this process, in ms."""
    start = time.process_time()
    response = client.get(url)
    spent = (time.process_time() - start) * 1000
    assert response.status_code == status, (url, response.status_code)
    return spent


def figures(cpu):
    return f"CPU median {statistics.median(cpu):5.2f} ms, p95 {percentile(cpu, 0.95):5.2f} ms"


def new_situations(count, seed=23):
    """`count` distinct map addresses nobody asked for in this process, in every municipality:
    drawn from every combination of the answers (the same ones on every run)."""
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    needs = ["hjalpmedel", "bostadsanpassning", "resor", "lakemedel", "arbete", "narstaende"]
    need_sets = [c for n in range(len(needs) + 1) for c in itertools.combinations(needs, n)]
    answers = itertools.product(
        codes,
        ("nej", "ja"),  # inlagd
        (("ordinart", "ja"), ("ordinart", "nej"), ("sarskilt", "")),  # boende, ta_sig
        ("vuxen", "barn"),
        ("patient", "narstaende"),
        ("vet_ej", "plotslig", "langvarig"),
        range(len(need_sets)),
    )
    chosen = random.Random(seed).sample(list(answers), count)
    queries = []
    for code, inlagd, (boende, ta_sig), alder, roll, forlopp, needs_index in chosen:
        query = f"kommun={code}&inlagd={inlagd}&boende={boende}&alder={alder}&roll={roll}"
        query += f"&forlopp={forlopp}" + (f"&ta_sig={ta_sig}" if ta_sig else "")
        query += "".join(f"&behov={need}" for need in need_sets[needs_index])
        queries.append(query)
    return queries


@measurement
def uncached_map_render(out, client, options):
    count = options["new_situations"]
    out.write(
        f"\nUncached map: {count} distinct situations, each asked once (rendered; the catalog warm)"
    )
    for query in SITUATIONS:  # the templates compiled, every region's catalog read
        client.get(view_url(query))
    cpu = [cpu_ms(client, view_url(query)) for query in new_situations(count)]
    median = statistics.median(cpu)
    out.write(
        f"  {figures(cpu)} (target median ≤ {TARGET_UNCACHED_CPU_MS} ms: "
        f"{verdict(median <= TARGET_UNCACHED_CPU_MS)}); first 20: "
        f"{statistics.median(cpu[:20]):.2f} ms, last 20: {statistics.median(cpu[-20:]):.2f} ms"
    )


@measurement
def server_time(out, client, options):
    requests = options["requests"]
    out.write(
        f"\nKept map page (asked before, pathways.pagecache), in-process, {requests} requests per situation"
    )
    everything, everything_cpu = [], []
    for query in SITUATIONS:
        client.get(view_url(query))  # warm the catalog and the template cache
        times, cpu = [], []
        for _ in range(requests):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(view_url(query))
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        everything += times
        everything_cpu += cpu
        out.write(
            f"  {query:<75} median {statistics.median(times):6.1f} ms  p95 {percentile(times, 0.95):6.1f} ms"
            f"  (CPU {statistics.median(cpu):4.2f} ms)"
        )
    median = statistics.median(everything)
    out.write(
        f"  all kept maps: median {median:.1f} ms, p95 {percentile(everything, 0.95):.1f} ms "
        f"(target median ≤ {TARGET_MEDIAN_MS} ms: {verdict(median <= TARGET_MEDIAN_MS)}); "
        f"{figures(everything_cpu)}"
    )


@measurement
def refused_pdf(out, client, options):
    count = options["new_situations"]
    out.write(f"\nRefused PDF (429, the visitor's limit reached): {count} distinct situations")
    quiet = logging.getLogger("django.request")  # a warning line for each 429 is not a figure
    level, quiet.level = quiet.level, logging.ERROR
    with override_settings(PDF_RENDERS_PER_MINUTE=0):  # every render refused
        cpu = [
            cpu_ms(client, view_url(query, "map_pdf"), status=429)
            for query in new_situations(count, seed=429)
        ]
    quiet.level = level
    median = statistics.median(cpu)
    out.write(
        f"  {figures(cpu)} (target median ≤ {TARGET_REFUSED_PDF_CPU_MS} ms: "
        f"{verdict(median <= TARGET_REFUSED_PDF_CPU_MS)})"
    )


@measurement
def overview_page(out, client, options):
    codes = sorted(Municipality.objects.values_list("code", flat=True))
    out.write(f"\nResponsibility overview /ansvar/<kommun>/, {len(codes)} municipalities")
    first = [cpu_ms(client, f"/ansvar/{code}/") for code in codes]
    again = [cpu_ms(client, f"/ansvar/{code}/") for _ in range(10) for code in codes]
    out.write(f"  first request: {figures(first)}")
    out.write(f"  asked again (10 each): {figures(again)}")


ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"]+)"')


def static_bytes(url):
    """A static file's bytes, as the server would send it (found whether collected or not)."""
    name = urlsplit(url).path.removeprefix(
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    )
    path = finders.find(name)
    if path is None and staticfiles_storage.exists(name):
        path = staticfiles_storage.path(name)
    if path is None:
        return None
    with open(path, "rb") as file:
        return file.read()


@measurement
def first_visit_bytes(out, client, options):
    out.write(
        "\nBytes of a first visit, gzipped (the start page, one map, and the CSS/JS they use)"
    )
    total, assets = 0, {}
    for url in ("/", view_url(SITUATIONS[1])):
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, (url, response.status_code)
        body = response.content
        html = gzip.decompress(body) if response.get("Content-Encoding") == "gzip" else body
        size = len(body) if response.get("Content-Encoding") == "gzip" else len(gzip.compress(body))
        total += size
        out.write(
            f"  {url[:75]:<75} {size / 1024:6.1f} KB  (HTML {len(html) / 1024:.1f} KB unzipped)"
        )
        for asset in ASSET.findall(html.decode()):
            if asset.startswith(settings.STATIC_URL) or asset.startswith("/" + settings.STATIC_URL):
                assets.setdefault(asset, None)
    for asset in assets:
        data = static_bytes(asset)
        if data is None:
            out.write(f"  {asset:<75} not found")
            continue
        size = len(gzip.compress(data, 9))
        total += size
        out.write(f"  {asset:<75} {size / 1024:6.1f} KB")
    kb = total / 1024
    out.write(
        f"  first visit in all: {kb:.1f} KB (target ≤ {TARGET_FIRST_VISIT_KB} KB: {verdict(kb <= TARGET_FIRST_VISIT_KB)})"
    )


PDF_RENDERS = 10  # per situation; a render takes a few hundred milliseconds
STOCKHOLM = ZoneInfo("Europe/Stockholm")
# A discharge map as staff fill it in (invented, like all demo data): the additions come on top.
DISCHARGE_QUERY = "kommun=2584&inlagd=ja&niva=2&forlopp=plotslig&behov=hjalpmedel"
DISCHARGE_ADDITIONS = {
    "contacts": [
        {"role": "Fast vårdkontakt", "name": "Exempel Exempelsson", "phone": "0980-000 00"},
        {"role": "Kommunens rehabkontakt", "name": "Exempel Andersson", "phone": "0980-000 01"},
    ],
    "appointments": [
        {
            "what": "Återbesök arbetsterapeut",
            "when": datetime(2026, 12, 3, 10, 30, tzinfo=STOCKHOLM),
            "where": "Hälsocentralen",
        },
        {
            "what": "Hembesök fysioterapeut",
            "when": datetime(2026, 12, 7, 13, 0, tzinfo=STOCKHOLM),
            "where": "Hemma",
        },
    ],
    "goal": "Gå till affären själv före jul",
    "note": "Ta med hjälpmedelskortet till återbesöket.",
    "fast_vardkontakt": "Sjuksköterska på hälsocentralen",
    "sip_planned": "10 december 2026",
    "care_plans": "Vårdplan för hemsjukvård",
}
TARGET_PDF_MEDIAN_MS, TARGET_PDF_KB, TARGET_PDF_CACHED_MS = 300, 300, 20
TARGET_PDF_PAGES, TARGET_DISCHARGE_PAGES = 2, 3


def pdf_pages(body):
    try:
        import pypdfium2  # a dev dependency: the page count is a nicety
    except ImportError:
        return "?"
    return len(pypdfium2.PdfDocument(body))


@measurement
def pdf_time_and_size(out, client, options):
    """WeasyPrint renders of each situation (no cache), then the same PDF served from the cache."""
    from django.utils import translation

    from pathways import pdf
    from pathways.discharge.views import render_additions  # the whole site is measured
    from pathways.query import Invalid, load_map

    out.write(f"\nPDF: {PDF_RENDERS} renders per situation (render_pdf, no cache), size and pages")
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    everything, everything_cpu, largest, most_pages = [], [], 0, {False: 0, True: 0}
    discharge = {
        "personal_html": render_additions(DISCHARGE_ADDITIONS),
        "link": f"{settings.SITE_URL}/d/{'x' * 22}/",
    }
    cases = [(query, query, {}) for query in SITUATIONS]
    cases.append((f"{DISCHARGE_QUERY} + additions", DISCHARGE_QUERY, discharge))
    # Laid out in this process, not the worker's pool (pathways/layout.py): the CPU time of a
    # render is what is measured, and the pool's would not count in this process.
    with translation.override(settings.LANGUAGE_CODE), override_settings(PDF_PROCESSES=0):
        for label, query, extra in cases:
            patient_map = load_map(QueryDict(query))
            assert not isinstance(patient_map, Invalid), (query, patient_map)
            body = pdf.render_pdf(patient_map, **extra)  # the first render in a process loads fonts
            times, cpu = [], []
            for _ in range(PDF_RENDERS):
                start, start_cpu = time.perf_counter(), time.process_time()
                body = pdf.render_pdf(patient_map, **extra)
                times.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
            everything += times
            everything_cpu += cpu
            largest = max(largest, len(body))
            pages = pdf_pages(body)
            if pages != "?":
                most_pages[bool(extra)] = max(most_pages[bool(extra)], pages)
            out.write(
                f"  {label:<75} median {statistics.median(times):6.0f} ms  p95 {percentile(times, 0.95):6.0f} ms"
                f"  (CPU {statistics.median(cpu):4.0f} ms)  {len(body) / 1024:6.1f} KB  {pages} pages"
            )
    median, kb = statistics.median(everything), largest / 1024
    out.write(
        f"  all PDFs: median {median:.0f} ms, p95 {percentile(everything, 0.95):.0f} ms "
        f"(target median ≤ {TARGET_PDF_MEDIAN_MS} ms: {verdict(median <= TARGET_PDF_MEDIAN_MS)}; "
        f"CPU median {statistics.median(everything_cpu):.0f} ms); "
        f"largest {kb:.1f} KB (target ≤ {TARGET_PDF_KB} KB: {verdict(kb <= TARGET_PDF_KB)})"
    )
    public, personal = most_pages[False], most_pages[True]
    out.write(
        f"  pages: public map at most {public} (target ≤ {TARGET_PDF_PAGES}: "
        f"{verdict(public <= TARGET_PDF_PAGES)}), discharge map with additions {personal} "
        f"(target ≤ {TARGET_DISCHARGE_PAGES}: {verdict(personal <= TARGET_DISCHARGE_PAGES)})"
    )

    out.write("\nPDF served again from the cache, /karta/pdf/ (20 requests per situation)")
    cached = []
    for query in SITUATIONS:
        assert client.get(view_url(query, "map_pdf")).status_code == 200  # renders and caches
        for _ in range(20):
            start = time.perf_counter()
            response = client.get(view_url(query, "map_pdf"))
            cached.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    median = statistics.median(cached)
    out.write(
        f"  median {median:.1f} ms, p95 {percentile(cached, 0.95):.1f} ms "
        f"(target median ≤ {TARGET_PDF_CACHED_MS} ms: {verdict(median <= TARGET_PDF_CACHED_MS)})"
    )


def multiply_regional_data(times):
    """Every unit, responsibility and guidance text `times` over (inside a transaction to roll back)."""
    for model in (Unit, Responsibility, Guidance):
        rows = list(model.objects.all())
        copies = []
        for _ in range(times - 1):
            for row in rows:
                twin = copy.copy(row)
                twin.pk = twin.id = None
                copies.append(twin)
        model.objects.bulk_create(copies, batch_size=500)
    catalog.bump_version()  # bulk_create sends no post_save


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Queries, server time and first-visit bytes of the map page, on the loaded data."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=200, help="requests per situation")
        parser.add_argument(
            "--new-situations",
            type=int,
            default=400,
            help="distinct situations for the uncached map and the refused PDF",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="multiply the units (and rules) this many times, "
            "in a transaction that is rolled back",
        )

    def handle(self, *args, **options):
        host = next((h for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")
        client = Client(HTTP_HOST=host.lstrip("."))
        self.stdout.write(f"Rehabkartan benchmark: {connection.vendor}, DEBUG={settings.DEBUG}")
        if options["scale"] > 1:
            try:
                with transaction.atomic():
                    multiply_regional_data(options["scale"])
                    self.stdout.write(
                        f"Scaled: {Unit.objects.count()} units (×{options['scale']}), rolled back afterwards"
                    )
                    self.run(client, options)
                    raise Rollback
            except Rollback:
                pass
            finally:
                catalog.bump_version()  # no cached catalog may keep the thrown-away rows
        else:
            self.run(client, options)

    def run(self, client, options):
        for function in MEASUREMENTS:
            function(self.stdout, client, options)
