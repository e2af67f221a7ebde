"""Checks of the regional data that a patient relies on (manage.py check_content, run in CI).

- Sources: every row names a deep source (a page, not a home page). A row without a web address
  passes only if it is example data or its title names a dated document, e.g. "(rapport 2022)".
- Review dates: a row that says it was checked was checked on a day that has come, against a
  source dated no later than that day; a row nobody checked has no date ("ej granskad").
- Principals: a unit shown under a responsibility has that responsibility's principal, and neither
  the responsibility's text nor the guidance beside it says that the other principal is in charge
  ("Luleå kommun ansvarar …" beside "Ansvarar: Region Norrbotten").
- Reach: every situation in every municipality gets every topic, with a unit, and the section
  "När något går fel"; children are never put in the municipality's charge where the region answers.
- One answer (`answer_problems`): the first contact, "När du kommer hem", the follow-up (its next
  step too) and the texts shown name the same principal for the same question; a map that says to
  ask the staff gives no number (no "Ring …", no 1177) as the first contact; a child's map shows no
  adult-only text.
- Readers (`reader_problems`): a relative's map, rendered as the page, the paper's HTML and the
  JSON in every municipality and every situation that decides a principal, never addresses the
  relative as the patient, and a child's shows no adult-only text. Every sentence with "du", "dig",
  "din", "ditt" or "dina" on a relative's map must be one the patient's map of the same situation
  does not have: a text written for the relative (its relative form, docs/decisions/0010, or the
  relative's own support). A text left as the patient reads it fails, whatever its wording.

The map checks run the pure rules engine over every combination of the answers rules read (of an
optional answer, only the values some rule names: any other gives the map of no answer).
"""

import functools
import html
import itertools
import json
import re
from dataclasses import replace
from urllib.parse import urlsplit

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from . import pdf, presenters
from .answer import build_map
from .catalog import read_catalog
from .choices import AgeGroup, InHospital, Need, Principal, Process, Role, Section
from .models import CareLevel, Guidance, Region, Responsibility, Unit
from .rules import ADULT_ONLY_SECTIONS
from .situation import CONDITIONS, Situation, homes
from .values import HOUSING_STAFF, IN_PERSON

# A printed document without a web address, named with its kind and year: "(rapport 2022)".
DATED_DOCUMENT = re.compile(r"\((?:rapport|uppdragsbeskrivning|riktlinjer)\b[^)]*\b\d{4}\)")
# Home adaptation is the municipality's for everyone, children too (Act 2018:222).
MUNICIPAL_FOR_ALL = {"bostadsanpassning"}


def source_problem(title, url, is_demo):
    """Why a row's source is not good enough, or None."""
    if url:
        parts = urlsplit(url)
        if parts.path.strip("/") == "" and not parts.query:
            return f"källan är en startsida, inte sidan med uppgiften: {url}"
        return None
    if is_demo or DATED_DOCUMENT.search(title):
        return None
    return "ingen webbadress till källan, och titeln namnger inget daterat dokument"


def review_problem(reviewed_on, source_dated, today):
    """Why a row's review date cannot be true, or None. A row nobody checked has none at all."""
    if reviewed_on is None:
        return None
    if reviewed_on > today:
        return f"granskad {reviewed_on}, en dag som inte har kommit"
    if source_dated and source_dated > reviewed_on:
        return f"granskad {reviewed_on} mot en källa daterad senare ({source_dated})"
    return None


def source_problems(today=None):
    today = today or timezone.localdate()
    problems = []
    for model in (CareLevel, Unit, Responsibility, Guidance):
        for row in model.objects.all():
            problem = source_problem(row.source_title, row.source_url, row.is_demo)
            problem = problem or review_problem(row.reviewed_on, row.source_dated, today)
            if problem:
                problems.append(f"{model._meta.verbose_name} {row.pk} ”{row}”: {problem}")
    return problems


def _tried(question, catalog):
    """The values of one condition the check tries: every one, and no answer where a person
    may leave it unanswered; of an optional question, only the values some rule names."""
    unanswered = getattr(Situation("0000"), question.name)  # the Situation's default
    if question.optional:
        named = {
            rule.conditions[question.name]
            for rule in [*catalog.responsibilities, *catalog.guidance]
            if question.name in rule.conditions
        }
        return [unanswered, *sorted(named | set(question.acted_on))]
    values = list(question.choices.values)
    return values if unanswered in values else [unanswered, *values]


def situations(municipality_code, catalog):
    """Every combination of the answers rules read (QUESTIONS' conditions), with every need
    ticked so that every text can show."""
    needs = frozenset(Need.values)
    axes = [[(q.name, value) for value in _tried(q, catalog)] for q in CONDITIONS]
    # Situation drops what is not asked (ta_sig outside one's own home): each situation once.
    every = (
        Situation(municipality_code, needs=needs, **dict(answers))
        for answers in itertools.product(*axes)
    )
    yield from dict.fromkeys(every)


# A text that sends the reader somewhere: "Ring hälsocentralen", "Börja hos vårdcentralen".
SENDS_TO = re.compile(
    r"\b(?:börja hos|ring|kontakta|fråga|gå till|gå direkt till|vänd dig till)\s+((?:\w+\s+){0,2}\w+)",
    re.IGNORECASE,
)
ASKS_STAFF = re.compile(r"\bfråga personalen\b", re.IGNORECASE)
# Texts that are for adults only: long-term adult illnesses, work and sick leave, adults'
# patient associations.
ADULT_ONLY = ("parkinson", "reumatoid", "sjukskriv", "arbetsgivar", "förbundet")
FOLLOW_UP = "uppfoljning"
# The texts that answer "whom do I turn to" about the rehabilitation itself: (section, key), a
# key of None meaning every text of the section. Other texts of "fragor" may speak of the home
# care beside a region's rehabilitation (frågor om vården hemma).
WHOM_TO_ASK = (
    (Section.WHERE_TO_TURN, "forst"),
    (Section.FOLLOW_UP, None),
    (Section.DIRECT_ACCESS, None),
)


def _places(principal, patient_map):
    """Words that name where a principal's care is found."""
    if principal == Principal.REGION:
        region = patient_map.region
        return {region.health_centre_word_definite, region.name.lower(), "en fysioterapeut"}
    if principal == Principal.MUNICIPALITY:
        return {"kommunens", "hemsjukvården", patient_map.municipality.authority_name.lower()}
    return set()


def sends_elsewhere(text, principals, patient_map):
    """The places `text` sends its reader to that belong to none of `principals`."""
    wrong = set().union(*(_places(p, patient_map) for p in set(Principal.values) - principals))
    wrong -= set().union(*(_places(p, patient_map) for p in principals))
    targets = [match[1].lower() for match in SENDS_TO.finditer(text)]
    return sorted({word for target in targets for word in wrong if target.startswith(word)})


def _shown_texts(patient_map, wanted=None):
    """(where, text) of the guidance the map shows: all of it, or the (section, key)s `wanted`."""
    for section, entries in patient_map.sections.items():
        for entry in entries:
            if wanted is None or any(
                section == s and key in (None, entry.key) for s, key in wanted
            ):
                yield section, f"{entry.title}. {entry.text}"


def _all_texts(patient_map):
    """Every regional text a map shows: the answers, the steps, the sections, at home."""
    answer = patient_map.answer
    entries = [*patient_map.responsibilities, *([answer.at_home] if answer.at_home else [])]
    yield from ((e.topic.slug, f"{e.text} {e.explanation}") for e in entries)
    yield from (("nästa steg", f"{step.title}. {step.text}") for step in answer.next_steps)
    yield from _shown_texts(patient_map)


def answer_problems(patient_map):
    """Where one map (with its answer) names different principals for one question."""
    problems = []
    answer, main = patient_map.answer, patient_map.main
    situation = patient_map.situation
    if main is None:
        return problems
    home = answer.home or patient_map
    at_home = home.main
    first = answer.first_contact
    # An adult in special or LSS housing or on a short stay asks the home's staff (the
    # municipality's) whoever gives the rehabilitation; every other first contact belongs to the
    # main responsibility.
    if first.kind != HOUSING_STAFF and first.principal != main.principal:
        problems.append(f"”Kontakta först” är {first.principal}, huvudansvaret {main.principal}")
    contact_home = answer.home_contact
    if (
        at_home
        and contact_home
        and contact_home.kind != HOUSING_STAFF
        and contact_home.principal != at_home.principal
    ):
        problems.append(
            f"”När du kommer hem”: kontakten är {contact_home.principal}, "
            f"ansvaret hemma {at_home.principal}"
        )
    follow_up = home.responsibility(FOLLOW_UP)
    if at_home and follow_up and follow_up.principal != at_home.principal:
        problems.append(
            f"uppföljningen är {follow_up.principal_name}, rehabiliteringen hemma "
            f"{at_home.principal_name}"
        )
    if follow_up:
        topic = follow_up.topic.name
        problems += [
            f"nästa steg ”{step.title}”, men uppföljningen är {follow_up.principal_name}"
            for step in answer.next_steps
            if step.title.startswith(f"{topic}:")
            and step.title != f"{topic}: {follow_up.principal_name}"
        ]
    # A text about whom to ask may name the principal of now or of at home, not a third.
    principals = {main.principal, *([at_home.principal] if at_home else [])}
    for where, text in _shown_texts(patient_map, WHOM_TO_ASK):
        problems += [
            f"”{where}” skickar till ”{target}”, men huvudansvaret är {main.principal_name}"
            for target in sends_elsewhere(text, principals, patient_map)
        ]
    for entry in patient_map.responsibilities:
        problems += [
            f"”{entry.topic.slug}” skickar till ”{target}”, men ansvaret är {entry.principal_name}"
            for target in sends_elsewhere(entry.text, {entry.principal}, patient_map)
        ]
    asks_staff = any(
        ASKS_STAFF.search(text) for _, text in _shown_texts(patient_map, WHOM_TO_ASK[:1])
    )
    if asks_staff and first.via != IN_PERSON:
        problems.append(
            f"kartan säger ”fråga personalen”, men ”Kontakta först” ger ett nummer ({first.via})"
        )
    if situation.age_group == AgeGroup.CHILD:
        problems += [
            f"barnets karta visar avsnittet ”{section}”"
            for section in sorted(ADULT_ONLY_SECTIONS & set(patient_map.sections))
        ]
        problems += [
            f"barnets karta, ”{where}”: ”{word}”"
            for where, text in _all_texts(patient_map)
            for word in ADULT_ONLY
            if word in text.lower()
        ]
        problems += [
            f"barnets karta visar ”{unit.name}”"
            for unit in patient_map.motivation_units
            if any(word in unit.name.lower() for word in ADULT_ONLY)
        ]
    return problems


def _other_principal_name(entry, patient_map):
    if entry.principal == Principal.REGION:
        return patient_map.municipality.authority_name
    if entry.principal == Principal.MUNICIPALITY:
        return patient_map.region.name
    return None


def map_problems(patient_map, topics):
    """What is wrong with one map: missing topics or units, contradicting principals."""
    problems = []
    present = {entry.topic.slug for entry in patient_map.responsibilities}
    problems += [f"ämnet ”{slug}” saknas" for slug in sorted(set(topics) - present)]
    if not patient_map.sections.get(Section.WHEN_WRONG):
        problems.append("avsnittet ”När något går fel” saknas")
    for entry in patient_map.responsibilities:
        slug = entry.topic.slug
        if not entry.units:
            problems.append(f"”{slug}” visar ingen enhet att vända sig till")
        problems += [
            f"”{slug}”: enheten ”{unit.name}” har huvudmannen {unit.principal}, "
            f"ansvaret {entry.principal}"
            for unit in entry.units
            if unit.principal != entry.principal
        ]
        other = _other_principal_name(entry, patient_map)
        texts = [entry.text, *(g.text for g in patient_map.sections.get(slug, ()))]
        if other and any(f"{other} ansvarar" in text for text in texts):
            problems.append(
                f"”{slug}”: ansvarar {entry.principal_name}, men en text säger ”{other} ansvarar”"
            )
        if (
            patient_map.situation.age_group == AgeGroup.CHILD
            and entry.principal == Principal.MUNICIPALITY
            and slug not in MUNICIPAL_FOR_ALL
        ):
            problems.append(f"”{slug}”: kommunen ansvarar för ett barn")
    return problems


def rendered_situations(municipality_code):
    """The situations a reader's wording depends on: a relative of an adult or of a child, in and
    out of hospital, in each kind of housing, with every need ticked (a child's but work: the map
    echoes the answers, and the person's own answer is not the map's text). Each is rendered
    beside its `counterpart`, the patient's (the child's) own map."""
    for in_hospital, (housing, reaches), age in itertools.product(
        InHospital.values, homes(), AgeGroup.values
    ):
        yield Situation(
            municipality_code,
            in_hospital=in_hospital,
            housing=housing,
            reaches_health_centre=reaches,
            age_group=age,
            process=Process.LONG_TERM,
            needs=frozenset(Need.values) - ({Need.WORK.value} if age == AgeGroup.CHILD else set()),
            role=Role.RELATIVE,
        )


def rendered_texts(patient_map):
    """(rendering, text) of one map as the person reads it: the page's answer, sections and sharing,
    the paper's HTML, and the JSON."""
    page = presenters.map_page(patient_map)
    # With the links the view gives (pathways.views.map): the texts around them show too.
    links = {"change_url": "/", "pdf_url": "/", "share_url": "/"}
    context = {"patient_map": patient_map, "page": page, **links}
    parts = ["_answer", "_sections", "_share", *(["_demo_line"] if patient_map.has_demo else [])]
    html = "".join(render_to_string(f"pathways/map/{part}.html", context) for part in parts)
    yield "sidan", _text(html)
    yield "papperet", _text(pdf.render_html(patient_map, with_qr=False))  # words, not the image
    yield "JSON", json.dumps(presenters.map_json(patient_map), ensure_ascii=False)


# An element that ends a piece of text (a title, a paragraph, a list item): its text is not run
# into the next one's when the tags are stripped.
BLOCK_TAG = re.compile(r"</?(?:p|h[1-6]|li|div|summary|details|dt|dd|td|th|br|section)\b[^>]*>")
SECOND_PERSON = re.compile(r"\b(?:du|dig|din|ditt|dina)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")


def _text(markup):
    return html.unescape(strip_tags(BLOCK_TAG.sub("\n", markup)))


# A source is quoted as its title says it ("Så kan du påverka"), not said to the reader.
SOURCE_KEYS = {"source", "number_source"}
WEB_ADDRESS = re.compile(r"(?:https?://|\b[\w-]+(?:\.[\w-]+)*\.(?:se|nu|com|org)/)\S*")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in SOURCE_KEYS:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def source_titles(patient_map):
    answer = patient_map.answer
    contacts = [answer.first_contact, answer.home_contact] if answer else []
    contacts += [step.contact for step in answer.next_steps] if answer else []
    units = [c.number_from for c in contacts if c and c.number_from]
    return {s.title for s in [*patient_map.sources, *(u.source for u in units)]}


def sentences(rendering, text, quoted=()):
    """The sentences of one rendering that say "du", "dig", "din", "ditt" or "dina", whitespace
    collapsed (the JSON's: of each string), without the sources it quotes (`quoted`: their
    titles) and web addresses."""
    pieces = _strings(json.loads(text)) if rendering == "JSON" else [text]
    found = set()
    for piece in pieces:
        if not SECOND_PERSON.search(piece):
            continue
        for title in quoted:
            piece = piece.replace(title, " ")
        found |= _split(WEB_ADDRESS.sub(" ", piece))
    return found


def counterpart(situation):
    """The patient's own situation beside a relative's: the same answers, but the relative's own
    support (a text to the relative, shown to a patient only who ticks it)."""
    return replace(situation, role=Role.PATIENT, needs=situation.needs - {Need.RELATIVES.value})


@functools.lru_cache(maxsize=4096)
def _split(text):
    """The sentences of `text` that say "du", "dig", "din", "ditt" or "dina" (a map's texts
    repeat from map to map: each is split once)."""
    found = (" ".join(s.split()) for s in SENTENCE_END.split(text))
    return frozenset(s for s in found if SECOND_PERSON.search(s))


def map_sentences(patient_map):
    """The sentences of every regional text a map shows (not its relatives' own support)."""
    answer = patient_map.answer
    entries = [
        *patient_map.responsibilities,
        *([answer.at_home] if answer and answer.at_home else []),
    ]
    guidance = [entry for section in patient_map.sections.values() for entry in section]
    own_support = {e.text for e in guidance if e.need == Need.RELATIVES}
    texts = [text for e in entries for text in (e.text, e.explanation)]
    texts += [s.text for s in answer.next_steps if s.text not in own_support] if answer else []
    texts += [text for e in guidance if e.need != Need.RELATIVES for text in (e.title, e.text)]
    units = [u for e in patient_map.responsibilities for u in e.units]
    units += patient_map.motivation_units + patient_map.physiotherapists
    texts += [u.description for u in units + patient_map.national_units]
    texts += [p.description for p in patient_map.professions]
    if patient_map.level:
        texts += [patient_map.level.description, patient_map.level.where]
    return frozenset().union(*map(_split, texts))


def as_the_patient_reads(relative, patient):
    """The sentences of a relative's map that say "du", "dig", "din", "ditt" or "dina" and that the
    patient's map has too: said to the patient, not written for the relative."""
    return sorted(relative & patient)


def _adult_only(rendering, text):
    lowered = text.lower()
    return [f"barnets karta ({rendering}) säger ”{word}”" for word in ADULT_ONLY if word in lowered]


def reader_problems(relative_map, patient_map):
    """As rendered: a relative addressed as the patient (the relative's map compared with
    `patient_map`, the patient's map of the same situation: `counterpart`), and an adult-only
    text on a child's map (either of them)."""
    problems = []
    theirs = dict(rendered_texts(patient_map))
    quoted = source_titles(relative_map) | source_titles(patient_map)
    for rendering, text in rendered_texts(relative_map):
        said_to_the_patient = as_the_patient_reads(
            sentences(rendering, text, quoted), sentences(rendering, theirs[rendering], quoted)
        )
        problems += [
            f"närståendes karta ({rendering}) tilltalar patienten: ”{sentence}”"
            for sentence in said_to_the_patient
        ]
        if relative_map.situation.age_group == AgeGroup.CHILD:
            problems += _adult_only(rendering, text) + _adult_only(rendering, theirs[rendering])
    return problems


def catalog_problems(catalog, day, codes=None):
    """Every situation in every municipality of one region's catalog (or in `codes` of them),
    through the rules engine, and as rendered."""
    return situation_problems(catalog, day, codes) + rendering_problems(catalog, day, codes)


def _chosen(catalog, codes):
    return sorted(set(catalog.municipalities) & set(codes or catalog.municipalities))


def _listed(found):
    """Each problem once, with the first situation it was seen in, so the list stays readable."""
    return [
        f"{problem} (t.ex. kommun {situation.municipality_code}, "
        f"{'&'.join(f'{k}={v}' for k, v in situation.query_params() if k != 'behov')})"
        for problem, situation in found.items()
    ]


def situation_problems(catalog, day, codes=None):
    """The maps of every combination of answers, as the rules engine makes them (fast: nothing is
    rendered)."""
    topics = [topic.slug for topic in catalog.topics]
    found = {}
    for code in _chosen(catalog, codes):
        patients = {}  # the patient's map of each situation, beside the relative's
        for situation in situations(code, catalog):
            patient_map = build_map(situation, catalog, day)
            problems = map_problems(patient_map, topics) + answer_problems(patient_map)
            if situation.role == Role.PATIENT:
                patients[situation] = map_sentences(patient_map)
            else:
                patient = patients.pop(replace(situation, role=Role.PATIENT))
                problems += [
                    f"närståendes karta tilltalar patienten: ”{sentence}”"
                    for sentence in as_the_patient_reads(map_sentences(patient_map), patient)
                ]
            for problem in problems:
                found.setdefault(f"{catalog.region.name}: {problem}", situation)
    return _listed(found)


def rendering_problems(catalog, day, codes=None):
    """The maps whose wording depends on who reads them (`rendered_situations`) as the page, the
    paper and the JSON say them. Each municipality has texts of its own: every one is rendered, in
    Swedish, the language of the regional texts."""
    found = {}
    with translation.override("sv"):
        for code in _chosen(catalog, codes):
            for situation in rendered_situations(code):
                relative = build_map(situation, catalog, day)
                patient = build_map(counterpart(situation), catalog, day)
                for problem in reader_problems(relative, patient):
                    found.setdefault(f"{catalog.region.name}: {problem}", situation)
    return _listed(found)


def all_problems(day=None, codes=None):
    """Every problem: the sources of all rows, and the maps of all municipalities (or `codes`)."""
    day = day or timezone.localdate()
    problems = source_problems(timezone.localdate())
    slugs = list(Region.objects.order_by("slug").values_list("slug", flat=True))
    if not slugs:
        # An empty database has nothing wrong in it, and nothing a patient could be shown.
        problems.append("det finns ingen region i databasen: läs in regionernas data först")
    for slug in slugs:
        problems += catalog_problems(read_catalog(slug), day, codes)
    return problems
