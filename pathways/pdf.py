"""The map on paper: render a PatientMap (and, at discharge, a block of personal HTML) as an A4 PDF.

The HTML is rendered here, in the request; WeasyPrint lays it out in pathways/layout.py (its own
processes), imported at module level because importing it costs about a second: paying that once
per process at start-up beats paying it on the first request (see stack notes). The PDF is built
in memory and returned as bytes; nothing is written to disk.
"""

import logging
from collections.abc import Mapping
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import layout, presenters
from .choices import AgeGroup, Housing, InHospital, Need, Process, Role, YesNo
from .presenters import MapPage, TopSection
from .query import map_url
from .situation import QUESTIONS, Situation
from .values import MunicipalityInfo, PatientMap

logger = logging.getLogger(__name__)

TEMPLATE = "pathways/pdf/map.html"


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
    if easy:  # one short page: it always fits
        easy_body = layout.render(render_easy_html(patient_map), None, settings.PDF_PROCESSES)
        if easy_body is None:  # cannot happen: with no page limit lay_out gives the PDF
            raise RuntimeError("the easy-to-read PDF was not laid out")
        return easy_body
    personal = bool(link or personal_html)
    most = LARGE_MAX_PAGES if large else MAX_PAGES + (1 if personal else 0)
    asked = asked_rules(presenters.map_page(patient_map))

    def paper(count: int) -> str:
        printed = asked[:count]
        return render_html(
            patient_map, personal_html=personal_html, link=link, printed=printed, large=large
        )

    count, processes = len(asked), settings.PDF_PROCESSES
    # Laid out apart from the worker (pathways/layout.py); with no rule in full it always fits.
    while (body := layout.render(paper(count), most if count else None, processes)) is None:
        count -= 1
    return body
