"""The map on paper: render a PatientMap (and, at discharge, a block of personal HTML) as an A4 PDF.

WeasyPrint is imported here, at module level, because importing it costs about a second: paying
that once per process at start-up beats paying it on the first request (see stack notes).
The PDF is built in memory and returned as bytes; nothing is written to disk.
"""

import base64
import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote_to_bytes

import segno
import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .choices import RULE_SECTIONS, AgeGroup, Housing, InHospital, Need, Process, Role, Section
from .query import map_url
from .situation import YES
from .values import UnitInfo

logger = logging.getLogger(__name__)

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# The only files WeasyPrint may read: our own fonts and the paper stylesheet.
ALLOWED_DIRS = (STATIC_DIR / "fonts", STATIC_DIR / "css")
CONTENT_TYPES = {".css": "text/css", ".ttf": "font/ttf"}
TEMPLATE = "pathways/pdf/map.html"

# WeasyPrint reports every layout step at INFO; keep its warnings, not a dozen lines per PDF.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class StaticOnlyFetcher(URLFetcher):
    """Serves our fonts and stylesheet, and data: URIs (the QR code); refuses everything else.

    A map's text comes from regional data edited in the admin. Whatever it contains, rendering it
    must never make the server read another file or call out to the network. One instance serves
    every render (see render_pdf): building URLFetcher's urllib handlers, an SSL context among
    them, cost ~80 ms, for a network this fetcher never uses.
    """

    def __init__(self):
        super().__init__(allowed_protocols=("data", "file"), fail_on_errors=False)

    def fetch(self, url, headers=None):
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


def qr_data_uri(url):
    return segno.make(url, error="m").svg_data_uri(border=0, omitsize=True)


def filename(patient_map):
    """E.g. rehabkarta-kiruna.pdf, rehabkarta-lulea.pdf (ASCII: å, ä, ö folded)."""
    return f"rehabkarta-{slugify(patient_map.municipality.name) or 'karta'}.pdf"


def ordered_sections(patient_map):
    """The guidance sections printed in full, in reading order.

    As on the web map, the rule sections the person asked about come right after direct access;
    the others are folded there, and on paper folding means leaving them to the online map
    (`rules_left_online`): the paper keeps to what this person asked about.
    """
    needs = patient_map.situation.needs
    ordered = [s for s in Section if s not in RULE_SECTIONS]
    at = ordered.index(Section.DIRECT_ACCESS) + 1
    ordered[at:at] = [s for s in RULE_SECTIONS if RULE_SECTIONS[s] in needs]
    if patient_map.situation.in_hospital != YES:
        ordered.remove(Section.DISCHARGE)  # as on the web map: discharge only for the inpatient
    # These two sections also list units (physiotherapists; associations and pools), which are
    # worth printing even where the region has written no guidance for the section.
    with_units = {
        Section.DIRECT_ACCESS: patient_map.physiotherapists,
        Section.MOTIVATION: patient_map.motivation_units,
    }
    return [
        (section, patient_map.sections.get(section.value, []))
        for section in ordered
        if patient_map.sections.get(section.value) or with_units.get(section)
    ]


def rules_left_online(patient_map):
    """The rule sections the region has written but the person did not ask about: named on paper,
    read in full on the web map (the QR code)."""
    needs = patient_map.situation.needs
    return [
        section
        for section, need in RULE_SECTIONS.items()
        if need not in needs and patient_map.sections.get(section.value)
    ]


def answers(patient_map):
    """The situation the map was made for, in words, so the reader can check it is theirs."""
    situation = patient_map.situation
    lines = [InHospital(situation.in_hospital).label, Housing(situation.housing).label]
    if situation.reaches_health_centre:
        place = patient_map.region.health_centre_word_definite
        lines.append(
            _("Tar sig till %(place)s") % {"place": place}
            if situation.reaches_health_centre == YES
            else _("Tar sig inte till %(place)s") % {"place": place}
        )
    lines.append(AgeGroup(situation.age_group).label)
    if situation.level:
        lines.append(_("Vårdnivå %(level)s") % {"level": situation.level})
    if situation.process:
        lines.append(Process(situation.process).label)
    lines += [Need(need).label for need in sorted(situation.needs)]
    lines.append(
        _("Läses av närstående") if situation.role == Role.RELATIVE else Role.PATIENT.label
    )
    return [str(line) for line in lines]


@dataclass(frozen=True)
class PaperUnit:
    """One unit as printed, or several that differ only by name: the five hospitals' rehabilitation
    with one description and one web address are written out once, under their five names."""

    unit: UnitInfo  # the first; its details stand for all the names
    names: tuple
    repeat: bool = False  # written out in full earlier on the paper: name and phone only


CONTACT_DETAILS = (
    "description",
    "phone",
    "opening_hours",
    "address",
    "email",
    "web",
    "digital_options",
    "accepts_self_referral",
)


def _details(unit):
    return tuple(getattr(unit, name) for name in CONTACT_DETAILS)


def paper_units(units, seen=None):
    """The units as blocks for paper, neighbours with the same details merged.

    With `seen` (ids of units already written out in full), a unit in it is marked a repeat;
    the set is then updated with these units.
    """
    blocks = []
    for unit in units:
        repeat = seen is not None and unit.id in seen
        last = blocks[-1] if blocks else None
        if last and last.repeat == repeat and _details(last.unit) == _details(unit):
            blocks[-1] = replace(last, names=(*last.names, unit.name))
        else:
            blocks.append(PaperUnit(unit, (unit.name,), repeat))
    if seen is not None:
        seen.update(unit.id for unit in units)
    return blocks


def responsibilities(patient_map):
    """The main responsibility and the others, each with its units as paper blocks.

    The main topic is printed once, in the box at the top; a unit that several topics point to
    is written out in full the first time and by name and phone after that (it took pages).
    """
    seen = set()
    main = patient_map.main
    first = (main, paper_units(main.units, seen)) if main else None
    others = [
        (entry, paper_units(entry.units, seen))
        for entry in patient_map.responsibilities
        if entry is not main
    ]
    return first, others


@dataclass(frozen=True)
class SourceGroup:
    url: str
    count: int
    latest_review: object
    is_demo: bool


def source_groups(patient_map):
    """The map's sources by web address: one line each on paper (the web map cites every entry).

    Listing each of the ~40 titles took two and a half pages; by address it is a dozen lines.
    Sources without an address (the demo data's) come last, as one line.
    """
    groups = {}
    for source in {
        (s.title, s.url, s.reviewed_on, s.is_demo): s for s in patient_map.sources
    }.values():
        groups.setdefault(source.url, []).append(source)
    return sorted(
        (
            SourceGroup(
                url=url,
                count=len(sources),
                latest_review=max(s.reviewed_on for s in sources),
                is_demo=any(s.is_demo for s in sources),
            )
            for url, sources in groups.items()
        ),
        key=lambda g: (not g.url, g.url),
    )


def render_html(patient_map, *, personal_html="", link=None):
    """The paper's HTML. `personal_html` (the discharge app's additions, already rendered) comes
    first after the answers; `link` replaces the public map's URL in the QR code."""
    url = link or map_url(patient_map.situation, absolute=True)
    main, others = responsibilities(patient_map)
    context = {
        "map": patient_map,
        "situation": patient_map.situation,
        "sections": ordered_sections(patient_map),
        "rules_online": rules_left_online(patient_map),
        "sources": source_groups(patient_map),
        "main": main,
        "responsibilities": others,
        "physiotherapists": paper_units(patient_map.physiotherapists),
        "motivation_units": paper_units(patient_map.motivation_units),
        "national_units": paper_units(patient_map.national_units),
        "answers": answers(patient_map),
        "personal_html": personal_html,
        "map_url": url,
        "qr": qr_data_uri(url),
        "personal": bool(link or personal_html),
        "LANGUAGE_CODE": translation.get_language() or settings.LANGUAGE_CODE,
    }
    return render_to_string(TEMPLATE, context)


# One font configuration per process: the @font-face fonts are registered once, not per render.
# It is not safe to share between threads, so renders in one process take turns (the stack notes
# advise at most one concurrent render per core anyway).
_FONT_CONFIG = FontConfiguration()
_RENDER_LOCK = threading.Lock()
_FETCHER = StaticOnlyFetcher()


def render_pdf(patient_map, *, personal_html="", link=None) -> bytes:
    """A tagged A4 PDF of the map (see render_html; at discharge, `link` is the private link)."""
    html = render_html(patient_map, personal_html=personal_html, link=link)
    document = weasyprint.HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=_FETCHER
    )
    with _RENDER_LOCK:
        return document.write_pdf(font_config=_FONT_CONFIG, pdf_variant="pdf/ua-1")
