"""The map on paper: render a PatientMap (and, at discharge, a block of personal HTML) as an A4 PDF.

WeasyPrint is imported here, at module level, because importing it costs about a second: paying
that once per process at start-up beats paying it on the first request (see stack notes).
The PDF is built in memory and returned as bytes; nothing is written to disk.
"""

import base64
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

import segno
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import presenters
from .choices import AgeGroup, Housing, InHospital, Need, Process, Role, YesNo
from .presenters import MapPage, TopSection
from .query import map_url
from .situation import QUESTIONS, Situation
from .values import MunicipalityInfo, PatientMap

logger = logging.getLogger(__name__)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The only files WeasyPrint may read: our own fonts and the paper stylesheet.
ALLOWED_DIRS = (STATIC_DIR / "fonts", STATIC_DIR / "css")
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf"}
TEMPLATE = "pathways/pdf/map.html"

# WeasyPrint reports every layout step at INFO; keep its warnings, not a dozen lines per PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Serves our fonts and stylesheet, and data: URIs (the QR code); refuses everything else.

    A map's text comes from regional data edited in the admin. Whatever it contains, rendering it
    must never make the server read another file or call out to the network. One instance serves
    every render (see render_pdf): building URLFetcher's urllib handlers, an SSL context among
    them, cost ~80 ms, for a network this fetcher never uses.
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


def qr_data_uri(url: str) -> str:
    uri: str = segno.make(url, error="m").svg_data_uri(border=0, omitsize=True)
    return uri


def filename(municipality: MunicipalityInfo) -> str:
    """E.g. rehabkarta-kiruna.pdf, rehabkarta-lulea.pdf (ASCII: å, ä, ö folded)."""
    return f"rehabkarta-{slugify(municipality.name) or 'karta'}.pdf"


def answers(patient_map: PatientMap) -> list[str]:
    """What the person said, in words, so the reader can check the paper is theirs.

    Only the answers that differ from the map URL's defaults: the address cannot tell a default
    from an answer, and paper must not print a default as if the person had said it.
    """
    situation = patient_map.situation
    usual = Situation(municipality_code=situation.municipality_code)
    lines: list[str | Promise] = []
    if situation.in_hospital != usual.in_hospital:
        lines.append(InHospital(situation.in_hospital).label)
    if situation.housing != usual.housing:
        lines.append(Housing(situation.housing).label)
    if situation.reaches_health_centre == YesNo.NO:
        place = patient_map.region.health_centre_word_definite
        lines.append(_("Tar sig inte till %(place)s") % {"place": place})
    if situation.age_group != usual.age_group:
        lines.append(AgeGroup(situation.age_group).label)
    if situation.level:
        lines.append(_("Vårdnivå %(level)s") % {"level": situation.level})
    if situation.process:
        lines.append(Process(situation.process).label)
    # An optional question (orsak) prints as its answer's label: a new one needs no line here.
    for question in QUESTIONS:
        value = getattr(situation, question.name) if question.optional else ""
        if value:
            lines.append(dict(question.choices.choices)[value])
    lines += [Need(need).label for need in sorted(situation.needs)]
    if situation.role == Role.RELATIVE:
        lines.append(_("Läses av närstående"))
    return [str(line) for line in lines]


def asked_rules(page: MapPage) -> list[str]:
    """The rule parts the person asked for, in the page's order: printed in full while they fit."""
    return [
        part.slug
        for section in page.layout
        if section.slug == TopSection.RULES
        for part in section.parts
        if part.open
    ]


def online_lines(page: MapPage, printed: list[str] | None = None) -> list[tuple[str, list[str]]]:
    """Each section not printed in full, as one line: its title and what it holds. `printed`: the
    asked-for rule parts that are on paper in full (all of them unless said otherwise)."""
    printed = asked_rules(page) if printed is None else printed
    lines = []
    for section in page.layout:
        if section.slug == TopSection.CONTACTS:
            continue  # printed in full
        if section.slug == TopSection.WHO_DOES_WHAT:
            items = [
                f"{entry.topic.name} – {entry.principal_name}"
                for entry in page.patient_map.responsibilities
            ]
        elif len(section.parts) == 1:  # rights, when something goes wrong: the texts' titles
            items = [entry.title for entry in section.parts[0].entries if entry.title]
        else:
            items = [p.title for p in section.parts if p.entries and p.slug not in printed]
        if items:
            title = _("Fler regler") if section.slug == TopSection.RULES else section.title
            lines.append((title, items))
    return lines


def source_hosts(patient_map: PatientMap) -> list[str]:
    """The map's sources as the sites they are on (norrbotten.se, 1177.se): one line on paper;
    the web map names each source and its review date."""
    hosts = {urlsplit(s.url).hostname for s in patient_map.sources if s.url}
    return sorted({host.removeprefix("www.") for host in hosts if host})


def short_address(url: str) -> str:
    """The online map's address as a person can type it: host and path, without the answers
    (those are in the QR code), e.g. rehabkartan.se/karta/."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"


def render_html(
    patient_map: PatientMap,
    *,
    personal_html: str = "",
    link: str | None = None,
    printed: list[str] | None = None,
    large: bool = False,
    with_qr: bool = True,
) -> str:
    """The paper's HTML: the page's order (presenters.LAYOUT), the answer and what the person
    asked for in full, everything else one line each, and the QR code to the online map.
    `personal_html` (the discharge app's additions, already rendered) comes first after the
    answers; `link` replaces the public map's URL in the QR code; `printed` limits the asked-for
    rule parts printed in full (the rest get their one line); `large`: large print (pdf.css).
    `with_qr=False` leaves the code's image empty, for a reader of the words only (the content
    check: a third of its time)."""
    url = link or map_url(patient_map.situation, absolute=True)
    page = presenters.map_page(patient_map)
    printed = asked_rules(page) if printed is None else printed
    personal = bool(link or personal_html)
    context = {
        "map": patient_map,
        "page": page,
        "online_lines": online_lines(page, printed),
        "printed_rules": printed,
        "sources": source_hosts(patient_map),
        "answers": answers(patient_map),
        "personal_html": personal_html,
        "map_url": url,
        "short_address": url if personal else short_address(url),
        "qr": qr_data_uri(url) if with_qr else "",
        "personal": personal,
        "large": large,
        "TopSection": TopSection,
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string(TEMPLATE, context)


def large_print(params: Mapping[str, str]) -> bool:
    """?text=stor on a PDF's address: the paper in large print (LARGE_MAX_PAGES, pdf.css)."""
    return params.get("text") == "stor"


EASY_TEMPLATE = "pathways/pdf/easy.html"


def easy_to_read(params: Mapping[str, str]) -> bool:
    """?text=lattlast on a PDF's address: the easy-to-read map (/karta/lattlast/) on paper."""
    return params.get("text") == "lattlast"


def render_easy_html(patient_map: PatientMap) -> str:
    """The easy-to-read map's paper: the page's words (pathways/map/_easy.html), large print."""
    situation = patient_map.situation
    easy_url = map_url(situation, "map_easy", absolute=True)
    context = {
        "patient_map": patient_map,
        "page": presenters.map_page(patient_map),
        "map_url": map_url(situation, absolute=True),
        "qr": qr_data_uri(easy_url),
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string(EASY_TEMPLATE, context)


MAX_PAGES = 2  # the public map on paper
LARGE_MAX_PAGES = 4  # in large print (16 pt), with or without staff's additions
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}  # tagged, for screen readers

# One font configuration per process: the @font-face fonts are registered once, not per render.
# It is not safe to share between threads, so renders in one process take turns (the stack notes
# advise at most one concurrent render per core anyway).
_FONT_CONFIG = FontConfiguration()
_RENDER_LOCK = threading.Lock()
_FETCHER = StaticOnlyFetcher()


def render_pdf(
    patient_map: PatientMap,
    *,
    personal_html: str = "",
    link: str | None = None,
    large: bool = False,
    easy: bool = False,
) -> bytes:
    """A tagged A4 PDF of the map (see render_html; at discharge, `link` is the private link).

    Paper has MAX_PAGES (one more with staff's additions): when the rules the person asked for do
    not all fit, the last ones are laid out again as one line each, pointing to the online map.
    In large print (`large`) it has LARGE_MAX_PAGES. `easy`: the easy-to-read map instead, its
    one short page (render_easy_html)."""
    if easy:
        with _RENDER_LOCK:
            document = weasyprint.HTML(
                string=render_easy_html(patient_map),
                base_url=STATIC_DIR.as_uri() + "/",
                url_fetcher=_FETCHER,
            )
            easy_body: bytes = document.write_pdf(font_config=_FONT_CONFIG, **PDF_OPTIONS)
            return easy_body
    personal = bool(link or personal_html)
    most = LARGE_MAX_PAGES if large else MAX_PAGES + (1 if personal else 0)
    asked = asked_rules(presenters.map_page(patient_map))
    with _RENDER_LOCK:
        for count in range(len(asked), -1, -1):
            html = render_html(
                patient_map,
                personal_html=personal_html,
                link=link,
                printed=asked[:count],
                large=large,
            )
            document = weasyprint.HTML(
                string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_FETCHER
            ).render(font_config=_FONT_CONFIG, **PDF_OPTIONS)
            if len(document.pages) <= most:
                break
        body: bytes = document.write_pdf(**PDF_OPTIONS)
        return body
