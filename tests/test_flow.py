"""The question flow: walk() as pure data, then every step through the views, in both roles, with
and without htmx. Pages are read as parsed HTML (BeautifulSoup), never with regular expressions."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.http import QueryDict

from pathways import flow, forms
from pathways.query import CHOICES, given_url, parse_situation
from pathways.views.flow import seed

from .html import is_whole_document, parse, text_of

KIRUNA, FALUN = "2584", "2080"
PATIENT, RELATIVE = "patient", "narstaende"

# One complete set of answers, in the map URL's names and values.
ANSWERS = {
    "roll": PATIENT,
    "kommun": KIRUNA,
    "inlagd": "ja",
    "boende": "ordinart",
    "ta_sig": "nej",
    "alder": "vuxen",
    "plats": "sjukhus",
    "forlopp": "plotslig",
    "orsak": "fraktur",
    "behov": ["hjalpmedel", "resor"],
}
INVALID = {
    "roll": ["", "lakare"],
    "kommun": ["", "9999"],
    "inlagd": ["", "kanske"],
    "boende": ["", "slott"],
    "ta_sig": [""],
    "alder": ["", "gammal"],
    "plats": ["", "2", "slott"],
    "forlopp": ["", "snabb"],
    "orsak": ["", "olycka"],
    "behov": ["", "pengar"],
}
ALL_STEPS = flow.STEPS + flow.REFINEMENTS
STEP_IDS = [s.slug for s in ALL_STEPS]
# The parameters of a map reached by the four questions: only what was asked.
ASKED = {"kommun": [KIRUNA], "inlagd": ["ja"], "boende": ["ordinart"], "ta_sig": ["nej"]}


def step_url(slug):
    return f"/fragor/{slug}/"


def answers_before(step, role=PATIENT):
    """The answers of every step before `step` (so it may be opened); for a refinement, those of
    every step before the map."""
    before = flow.STEPS[: flow.STEPS.index(step)] if step in flow.STEPS else flow.STEPS
    answers = {key: ANSWERS[key] for s in before for key in s.keys}
    return answers | ({"roll": role} if step.key != "roll" else {})


def post_data(step):
    """A valid answer to every question on the step's page."""
    return {key: ANSWERS[key] for key in step.keys}


def set_answers(client, answers):
    session = client.session
    session[flow.SESSION_KEY] = answers
    session.save()


def words(value):
    return set(re.findall(r"\w+", str(value).lower()))


# --- walk(), no database ---------------------------------------------------------------------


def test_at_most_four_pages_decide_the_principal_and_nothing_else_is_asked_first():
    assert [step.slug for step in flow.STEPS] == ["roll", "kommun", "boende", "ta-sig"]
    assert [step.keys for step in flow.STEPS] == [
        ("roll",),
        ("kommun",),
        ("inlagd", "boende"),  # one page, two fieldsets
        ("ta_sig",),
    ]
    asked_first = {key for step in flow.STEPS for key in step.keys}
    assert asked_first.isdisjoint({"alder", "orsak", "plats", "forlopp", "behov"})


def test_the_map_asks_the_rest_in_order_age_cause_place_course_needs():
    assert [step.key for step in flow.REFINEMENTS] == [
        "alder",
        "orsak",
        "plats",
        "forlopp",
        "behov",
    ]


def test_walk_with_no_answers_starts_with_who_answers():
    walk = flow.walk({})
    assert walk.current.key == "roll"
    assert walk.total == 4
    assert not walk.is_complete


def test_a_relative_from_the_start_page_starts_at_the_municipality():
    walk = flow.walk({"roll": RELATIVE})
    assert walk.current.key == "kommun"


def test_hospital_and_housing_are_one_page_answered_only_with_both():
    answers = {"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej"}
    assert flow.walk(answers).current.slug == "boende"
    assert flow.walk({**answers, "boende": "ordinart"}).current.slug == "ta-sig"


def test_special_housing_skips_the_health_centre_question():
    walk = flow.walk({"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej", "boende": "sarskilt"})
    assert "ta_sig" not in [s.key for s in walk.steps]
    assert walk.total == 3
    assert walk.is_complete  # then the map


def test_ordinary_housing_asks_the_health_centre_question():
    walk = flow.walk({"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej", "boende": "ordinart"})
    assert walk.current.key == "ta_sig"
    assert walk.total == 4


def test_the_four_answers_complete_the_walk_without_any_refinement():
    walk = flow.walk(
        {key: ANSWERS[key] for key in ("roll", "kommun", "inlagd", "boende", "ta_sig")}
    )
    assert walk.is_complete
    assert walk.current is None


@pytest.mark.parametrize(
    ("answers", "slug", "expected"),
    [
        ({}, "roll", None),
        ({}, "ta-sig", "roll"),
        ({}, "behov", "roll"),  # a refinement waits for every question before the map
        ({"roll": RELATIVE}, "kommun", None),
        ({"roll": PATIENT, "kommun": KIRUNA}, "ta-sig", "inlagd"),
        ({"roll": PATIENT, "kommun": KIRUNA, "inlagd": "ja"}, "ta-sig", "inlagd"),
        (
            {"roll": PATIENT, "kommun": KIRUNA, "inlagd": "ja", "boende": "sarskilt"},
            "ta-sig",
            flow.MAP,
        ),
        ({**ANSWERS, "boende": "sarskilt"}, "alder", None),
        ({**ANSWERS, "boende": "sarskilt"}, "ta-sig", flow.MAP),
    ],
)
def test_redirect_for_sends_to_the_first_unanswered_step_or_on_to_the_map(answers, slug, expected):
    target = flow.walk(answers).redirect_for(flow.step_for(slug))
    assert (target if target in (None, flow.MAP) else target.key) == expected


def test_clean_drops_answers_of_steps_that_no_longer_apply():
    cleaned = flow.clean({**ANSWERS, "boende": "sarskilt", "okand": "x"})
    assert "ta_sig" not in cleaned
    assert "okand" not in cleaned
    assert cleaned["behov"] == ANSWERS["behov"]  # the map's answers are kept


def test_numbers_count_only_the_pages_before_the_map():
    walk = flow.walk({**ANSWERS, "boende": "sarskilt"})
    assert walk.number(flow.step_for("boende")) == 3
    assert walk.number(flow.step_for("alder")) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"kommun={KIRUNA}", "alder"),
        # Not the default: no alder is an adult's map, and still asked.
        (f"kommun={KIRUNA}&inlagd=nej&boende=ordinart&ta_sig=ja&roll=patient", "alder"),
        (f"kommun={KIRUNA}&alder=vuxen", "orsak"),
        (f"kommun={KIRUNA}&hoppa=alder", "orsak"),  # skipped
        (f"kommun={KIRUNA}&alder=barn&orsak=stroke", "plats"),
        (f"kommun={KIRUNA}&alder=barn&hoppa=orsak&hoppa=alder", "plats"),
        (f"kommun={KIRUNA}&alder=barn&orsak=vet_ej&niva=2", "forlopp"),  # the level says where
        (f"kommun={KIRUNA}&alder=barn&orsak=vet_ej&niva=vet_ej", "plats"),
        (f"kommun={KIRUNA}&alder=barn&orsak=annat&plats=hemma", "forlopp"),
        (f"kommun={KIRUNA}&alder=barn&orsak=annat&plats=hemma&forlopp=vet_ej", "behov"),
        (f"kommun={KIRUNA}&alder=vuxen&orsak=annat&plats=hemma&forlopp=vet_ej&behov=resor", None),
        (f"kommun={KIRUNA}&alder=vuxen&hoppa=orsak&hoppa=plats&hoppa=forlopp&hoppa=behov", None),
        (f"kommun={KIRUNA}&hoppa=kommun&hoppa=x", "alder"),  # only the refinements are skipped
    ],
)
def test_the_next_refinement_is_the_first_the_address_leaves_unanswered(query, expected):
    step = flow.next_refinement(QueryDict(query))
    assert (step.key if step else None) == expected


# --- the care-level question: where the rehabilitation happens, mapped onto the URL's niva ------

# (plats, the care level it means on the map): home and the health centre are both level 1.
PLACE_LEVELS = [
    ("hemma", 1),
    ("halsocentral", 1),
    ("sjukhus", 2),
    ("specialiserad", 3),
    ("vet_ej", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("place", "level"), PLACE_LEVELS)
def test_each_place_means_a_care_level(place, level):
    situation, errors = parse_situation(QueryDict(f"kommun={KIRUNA}&plats={place}"))
    assert errors is None
    assert situation.level == level
    params = dict(situation.query_params())
    assert params["niva"] == (str(level) if level else "vet_ej")
    assert params["plats"] == place  # the map URL keeps the answer, so "Ändra" can show it


@pytest.mark.django_db
@pytest.mark.parametrize(("level", "expected"), [("1", 1), ("2", 2), ("3", 3), ("vet_ej", None)])
def test_the_level_alone_still_works(level, expected):
    situation, errors = parse_situation(QueryDict(f"kommun={KIRUNA}&niva={level}"))
    assert errors is None
    assert situation.level == expected
    assert "plats" not in dict(situation.query_params())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "ok"), [("niva=1&plats=hemma", True), ("niva=3&plats=hemma", False)]
)
def test_a_place_that_contradicts_the_level_is_an_error(query, ok):
    situation, errors = parse_situation(QueryDict(f"kommun={KIRUNA}&{query}"))
    assert (errors is None) == ok
    if not ok:
        assert list(errors) == ["plats"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "place"),
    [("1", None), ("2", "sjukhus"), ("3", "specialiserad"), ("vet_ej", "vet_ej")],
)
def test_a_map_url_with_only_the_level_seeds_the_place_it_names(level, place):
    answers = seed(QueryDict(f"roll=patient&kommun={KIRUNA}&niva={level}"))
    assert answers.get("plats") == place  # level 1 is home or the health centre: asked again


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "word"), [(KIRUNA, "hälsocentralen"), (FALUN, "vårdcentralen")])
def test_the_place_question_is_in_a_patients_words_and_the_regions(client, code, word):
    step = flow.step_for("plats")
    set_answers(client, {**answers_before(step), "kommun": code})
    html = parse(client.get(step_url("plats")))
    labels = [text_of(label) for label in html.select(".choice-label")]
    assert labels == [
        "Hemma",
        f"På {word}",
        "På en mottagning på sjukhuset",
        "På en specialiserad rehabiliteringsenhet",
        "Vet inte",
    ]
    assert "nivå" not in words(text_of(html.select_one("#flow")))
    # Where the region gives hospital and specialised rehabilitation: the region's own data.
    hints = [text_of(hint) for hint in html.select(".choice-hint")]
    assert len(hints) == 2 and all(hints)
    hospital = html.select_one("#id_plats_2")
    assert hospital["aria-describedby"] == "id_plats_2-hint"


# --- every step through the views, in both roles ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS, ids=[s.slug for s in flow.STEPS])
def test_each_step_before_the_map_shows_question_n_of_m(client, step):
    set_answers(client, answers_before(step))
    response = client.get(step_url(step.slug))
    assert response.status_code == 200
    html = parse(response)
    number = flow.STEPS.index(step) + 1
    assert text_of(html.select_one("#flow .caption")) == f"Fråga {number} av 4"
    assert len(html.select("#flow h1")) == 1
    fieldsets = html.select("#flow form fieldset")
    assert len(fieldsets) == len(step.keys)
    for key in step.keys:
        assert html.find(id=f"{key}-hint") is not None
    if len(step.keys) == 1:
        assert fieldsets[0].legend.h1 is not None
    else:  # one heading for the page, each question its fieldset's legend
        assert [text_of(f.legend) for f in fieldsets] == [
            "Är du inlagd på sjukhus nu?",
            "Hur bor du?",
        ]
        assert text_of(html.h1) == "Var är du nu, och hur bor du?"
    assert html.select_one("a.back-link") is not None


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.REFINEMENTS, ids=[s.slug for s in flow.REFINEMENTS])
def test_a_refinements_page_changes_an_answer_and_counts_no_question(client, step):
    set_answers(client, answers_before(step))
    html = parse(client.get(step_url(step.slug)))
    assert html.select_one("#flow .caption") is None
    assert html.select_one("a.back-link")["href"] == "/fragor/kontrollera/"


@pytest.mark.django_db
@pytest.mark.parametrize("step", ALL_STEPS[1:], ids=STEP_IDS[1:])
def test_a_relative_is_asked_about_the_person_they_help(client, step):
    set_answers(client, answers_before(step, role=RELATIVE))
    html = parse(client.get(step_url(step.slug)))
    question = text_of(html.select_one("h1.question"))
    assert "personen du hjälper" in question
    shown = [question] + [text_of(html.find(id=f"{key}-hint")) for key in step.keys]
    shown += [text_of(label) for label in html.select("label, legend")]
    errors = parse(client.post(step_url(step.slug), {}))
    shown += [text_of(errors.find(id=f"{key}-error")) for key in step.keys]
    for sentence in shown:  # never the patient's own "din", "jag", "mig"
        assert not words(sentence) & {"din", "ditt", "dina", "jag", "mig"}, sentence


@pytest.mark.django_db
@pytest.mark.parametrize("step", ALL_STEPS[1:], ids=STEP_IDS[1:])
def test_a_patient_is_asked_about_themselves(client, step):
    set_answers(client, answers_before(step, role=PATIENT))
    html = parse(client.get(step_url(step.slug)))
    question = text_of(html.select_one("h1.question"))
    assert words(question) & {"du", "din"}
    assert "personen" not in words(question)
    for key in step.keys:
        assert "personen" not in words(text_of(html.find(id=f"{key}-hint")))


@pytest.mark.django_db
@pytest.mark.parametrize("step", ALL_STEPS, ids=STEP_IDS)
def test_djangos_widget_draws_the_field_with_the_answer_chosen(client, step):
    set_answers(client, {**answers_before(step), **post_data(step)})
    html = parse(client.get(step_url(step.slug)))
    for form_class in step.form_classes:
        form = form_class(catalog=None)
        key = form_class.key
        widget = form.fields[key].widget
        assert widget.template_name.startswith(("pathways/widgets/", "django/forms/widgets/"))
        if form.kind == "select":
            chosen = [o["value"] for o in html.select(f"select[name={key}] option[selected]")]
        else:
            chosen = [i["value"] for i in html.select(f"input[name={key}][checked]")]
        expected = ANSWERS[key]
        assert chosen == (expected if isinstance(expected, list) else [expected])
    for field in html.select("input.choice-input, select"):  # every input has its label
        assert html.select_one(f'label[for="{field["id"]}"]') is not None


INVALID_CASES = [
    (s, form_class, v)
    for s in ALL_STEPS
    for form_class in s.form_classes
    for v in INVALID[form_class.key]
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "form_class", "value"),
    INVALID_CASES,
    ids=[f"{s.slug}-{f.key}-{v or 'empty'}" for s, f, v in INVALID_CASES],
)
def test_an_invalid_answer_shows_the_error_summary_and_the_field_error(
    client, step, form_class, value
):
    key = form_class.key
    set_answers(client, answers_before(step))
    data = {k: v for k, v in post_data(step).items() if k != key} | ({key: value} if value else {})
    response = client.post(step_url(step.slug), data)
    assert response.status_code == 200
    html = parse(response)
    summary = html.select_one(".error-summary")
    assert summary["role"] == "alert"
    links = summary.select("a")
    assert len(links) == 1  # the page's other answer was valid
    first_input = f"id_{key}" if form_class.kind == "select" else f"id_{key}_0"
    assert links[0]["href"] == f"#{first_input}"
    assert html.find(id=first_input) is not None  # the link lands on the field
    message = html.find(id=f"{key}-error")
    assert text_of(links[0]) in text_of(message)
    fieldset = html.find(id=first_input).find_parent("fieldset")
    assert fieldset["aria-describedby"] == f"{key}-hint {key}-error"
    assert html.select_one("#flow form").has_attr("novalidate")
    assert text_of(html.title).startswith("Fel:")
    assert key not in client.session.get(flow.SESSION_KEY, {}) or key == "roll"


def map_location(answers):
    """The map a redirect after the last question opens: only the answers given, in order."""
    return given_url(QueryDict(urlencode(answers, doseq=True)))


@pytest.mark.django_db
@pytest.mark.parametrize("step", ALL_STEPS, ids=STEP_IDS)
def test_a_valid_answer_is_stored_and_leads_to_the_next_step_or_the_map(client, step):
    set_answers(client, answers_before(step))
    response = client.post(step_url(step.slug), post_data(step))
    assert response.status_code == 302
    following = flow.walk(ANSWERS).following(step)
    if following:
        assert response["Location"] == step_url(following.slug)
    else:
        assert response["Location"] == map_location({**answers_before(step), **post_data(step)})
        assert response["Location"].startswith("/karta/?kommun=")
    for key in step.keys:
        assert client.session[flow.SESSION_KEY][key] == ANSWERS[key]


@pytest.mark.django_db
def test_the_needs_step_takes_none_of_these_as_an_empty_answer(client):
    set_answers(client, answers_before(flow.step_for("behov")))
    html = parse(client.get(step_url("behov")))
    divider = html.select_one(".choices-divider")
    assert text_of(divider) == "eller"
    assert divider.find_next("input")["value"] == forms.NONE_OF_THESE
    response = client.post(step_url("behov"), {"behov": ["inget"]})
    assert response.status_code == 302
    assert client.session[flow.SESSION_KEY]["behov"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "who"), [(PATIENT, "det du behöver"), (RELATIVE, "det personen")])
def test_none_of_these_with_a_need_is_an_error(client, role, who):
    set_answers(client, answers_before(flow.step_for("behov"), role=role))
    response = client.post(step_url("behov"), {"behov": ["inget", "resor"]})
    assert response.status_code == 200
    assert who in text_of(parse(response).select_one(".error-summary"))


@pytest.mark.django_db
def test_you_cannot_skip_ahead(client):
    set_answers(client, {"roll": PATIENT, "kommun": KIRUNA})
    response = client.get(step_url("behov"))
    assert response.status_code == 302
    assert response["Location"] == step_url("boende")
    response = client.post(step_url("behov"), {"behov": "resor"})
    assert response["Location"] == step_url("boende")
    assert "behov" not in client.session[flow.SESSION_KEY]


@pytest.mark.django_db
def test_the_page_of_answers_without_answers_goes_to_the_first_question(client):
    response = client.get("/fragor/kontrollera/")
    assert response["Location"] == step_url("roll")


@pytest.mark.django_db
def test_an_unknown_step_is_404(client):
    assert client.get(step_url("finns-inte")).status_code == 404


@pytest.mark.django_db
def test_the_old_hospital_page_is_now_the_hospital_and_housing_page(client):
    response = client.get(step_url("sjukhus") + "?andra=1")
    assert response["Location"] == step_url("boende") + "?andra=1"
    assert client.get(step_url("sjukhus"))["Location"] == step_url("boende")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "role", "question"),
    [
        (KIRUNA, PATIENT, "Kan du ta dig till hälsocentralen?"),
        (FALUN, PATIENT, "Kan du ta dig till vårdcentralen?"),
        (KIRUNA, RELATIVE, "Kan personen du hjälper ta sig till hälsocentralen?"),
        (FALUN, RELATIVE, "Kan personen du hjälper ta sig till vårdcentralen?"),
    ],
)
def test_the_health_centre_question_uses_the_regions_own_word(client, code, role, question):
    set_answers(client, {"roll": role, "kommun": code, "inlagd": "nej", "boende": "ordinart"})
    html = parse(client.get(step_url("ta-sig")))
    assert text_of(html.select_one("h1.question")) == question


@pytest.mark.django_db
def test_the_municipality_select_groups_every_municipality_by_region(client):
    set_answers(client, {"roll": PATIENT})
    html = parse(client.get(step_url("kommun")))
    select = html.select_one("select#id_kommun")
    assert select["aria-describedby"] == "kommun-hint"
    assert html.select_one('label[for="id_kommun"]') is not None
    groups = {group["label"]: group for group in select.select("optgroup")}
    assert set(groups) == {"Region Dalarna", "Region Norrbotten"}
    assert groups["Region Norrbotten"].select_one(f'option[value="{KIRUNA}"]').text == "Kiruna"
    assert groups["Region Dalarna"].select_one(f'option[value="{FALUN}"]').text == "Falun"
    assert select.select("option")[0]["value"] == ""  # "Välj kommun", outside the groups


@pytest.mark.django_db
def test_special_housing_skips_the_health_centre_step_and_goes_to_the_map(client):
    set_answers(client, {"roll": PATIENT, "kommun": KIRUNA})
    response = client.post(step_url("boende"), {"inlagd": "nej", "boende": "sarskilt"})
    expected = f"/karta/?kommun={KIRUNA}&inlagd=nej&boende=sarskilt&roll=patient"
    assert response["Location"] == expected
    response = client.get(step_url("ta-sig"))  # opened directly: on to the map
    assert response["Location"] == expected


@pytest.mark.django_db
def test_switching_to_special_housing_forgets_the_health_centre_answer(client):
    set_answers(client, ANSWERS)
    client.post(step_url("boende") + "?andra=1", {"inlagd": "ja", "boende": "sarskilt"})
    assert "ta_sig" not in client.session[flow.SESSION_KEY]


# --- the whole journey without JavaScript, in both roles ---------------------------------------


def answer_every_question(client, url):
    """Follow the questions from `url` to the map; the pages it went through, and the map."""
    asked = []
    response = client.get(url)
    url = response["Location"]
    while url.startswith("/fragor/"):
        step = flow.step_for(url.strip("/").split("/")[-1])
        asked.append(step.slug)
        response = client.post(url, post_data(step))
        assert response.status_code == 302, response.content.decode()[:500]
        url = response["Location"]
    return asked, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "role", "pages"),
    [
        ("/fragor/", PATIENT, ["roll", "kommun", "boende", "ta-sig"]),
        ("/fragor/?roll=narstaende", RELATIVE, ["kommun", "boende", "ta-sig"]),
    ],
    ids=["patient", "relative"],
)
def test_the_no_js_journey_reaches_the_map_after_at_most_four_pages(client, start, role, pages):
    asked, map_url = answer_every_question(client, start)
    assert asked == pages  # "Börja som närstående" does not ask the role again
    parts = urlsplit(map_url)
    assert parts.path == "/karta/"
    # Only what was asked: the map asks the rest, so no default is written in.
    assert parse_qs(parts.query) == {**ASKED, "roll": [role]}
    html = parse(client.get(map_url))
    assert "har huvudansvaret" in text_of(html.h1)
    assert html.select_one("#beratta-mer") is not None


@pytest.mark.django_db
@pytest.mark.parametrize("role", [PATIENT, RELATIVE])
def test_the_page_of_answers_lists_what_was_given_and_links_back_to_the_map(client, role):
    set_answers(
        client,
        {**answers_before(flow.step_for("ta-sig"), role), "ta_sig": "nej", "orsak": "fraktur"},
    )
    response = client.get("/fragor/kontrollera/")
    html = parse(response)
    assert text_of(html.h1) == "Dina svar"
    rows = {text_of(row.select_one(".summary-key")): row for row in html.select(".summary-row")}
    assert list(rows) == [
        "Svarar för",
        "Kommun",
        "Inlagd på sjukhus nu",
        "Boende",
        "Tar sig till hälsocentralen",
        "Vad som har hänt",
    ]
    assert text_of(rows["Vad som har hänt"].select_one(".summary-value")) == "Ett benbrott"
    assert rows["Vad som har hänt"].a["href"] == step_url("orsak") + "?andra=1"
    assert rows["Boende"].a["href"] == step_url("boende") + "?andra=1"
    map_url = response.context["map_url"]
    assert parse_qs(urlsplit(map_url).query) == {**ASKED, "orsak": ["fraktur"], "roll": [role]}
    button = html.select_one(f'a.button[href="{map_url}"]')
    assert text_of(button) == ("Visa min karta" if role == PATIENT else "Visa kartan")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [PATIENT, RELATIVE])
def test_what_happened_is_a_page_of_its_own_with_every_cause(client, role):
    step = flow.step_for("orsak")
    set_answers(client, answers_before(step, role=role))
    html = parse(client.get(step_url("orsak")))
    options = {i["value"]: text_of(html.select_one(f'label[for="{i["id"]}"]')) for i in
               html.select('input[name="orsak"]')}  # fmt: skip
    assert list(options) == [value for value, _label in CHOICES["orsak"]]
    assert options["palliativ"] == "Vård i livets slutskede"
    response = client.post(step_url("orsak") + "?andra=1", {"orsak": "stroke"})
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY]["orsak"] == "stroke"


@pytest.mark.django_db
def test_a_map_url_seeds_what_happened(client):
    client.get(f"/fragor/?kommun={KIRUNA}&roll=patient&forlopp=langvarig&orsak=neurologisk")
    answers = client.session[flow.SESSION_KEY]
    assert (answers["forlopp"], answers["orsak"]) == ("langvarig", "neurologisk")
    client.get(f"/fragor/?kommun={KIRUNA}&roll=patient&forlopp=langvarig&orsak=olycka")
    assert "orsak" not in client.session[flow.SESSION_KEY]  # asked again, on the map
    assert client.session[flow.SESSION_KEY]["forlopp"] == "langvarig"


@pytest.mark.django_db
def test_changing_an_answer_returns_to_the_page_of_answers(client):
    set_answers(client, ANSWERS)
    response = client.get(step_url("alder") + "?andra=1")
    assert parse(response).select_one("a.back-link")["href"] == "/fragor/kontrollera/"
    response = client.post(step_url("alder") + "?andra=1", {"alder": "barn"})
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY]["alder"] == "barn"


@pytest.mark.django_db
def test_changing_to_ordinary_housing_asks_the_new_question_then_returns(client):
    set_answers(client, {**flow.clean({**ANSWERS, "boende": "sarskilt"})})
    response = client.post(step_url("boende") + "?andra=1", {"inlagd": "ja", "boende": "ordinart"})
    assert response["Location"] == step_url("ta-sig") + "?andra=1"
    response = client.post(response["Location"], {"ta_sig": "ja"})
    assert response["Location"] == "/fragor/kontrollera/"


@pytest.mark.django_db
def test_changing_the_region_keeps_the_place_answer(client):
    set_answers(client, ANSWERS)
    response = client.post(step_url("kommun") + "?andra=1", {"kommun": FALUN})
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY]["plats"] == "sjukhus"


@pytest.mark.django_db
def test_the_session_holds_only_the_one_key(client):
    client.get("/")
    for step in ALL_STEPS:
        client.post(step_url(step.slug), post_data(step))
    client.get("/fragor/kontrollera/")
    assert list(client.session.keys()) == [flow.SESSION_KEY]


@pytest.mark.django_db
def test_start_over_forgets_the_answers(client):
    set_answers(client, ANSWERS)
    response = client.post("/fragor/borja-om/")
    assert response["Location"] == "/"
    assert flow.SESSION_KEY not in client.session


# --- prefilling from a map URL ("Ändra svar" on the map) -------------------------------------


@pytest.mark.django_db
def test_a_map_url_seeds_the_answers_and_opens_the_page_of_answers(client):
    query = (
        "kommun=2584&inlagd=nej&boende=sarskilt&alder=vuxen&niva=vet_ej&forlopp=vet_ej&roll=patient"
    )
    response = client.get(f"/fragor/?{query}")
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY] == {
        "roll": "patient",
        "kommun": KIRUNA,
        "inlagd": "nej",
        "boende": "sarskilt",
        "alder": "vuxen",
        "plats": "vet_ej",
        "forlopp": "vet_ej",
    }  # no "behov": not given, so the map asks it
    assert client.get("/fragor/kontrollera/").status_code == 200


@pytest.mark.django_db
def test_the_start_page_and_the_page_of_answers_pass_a_map_url_on(client):
    response = client.get("/?kommun=2080&inlagd=ja")
    assert response["Location"] == "/fragor/?kommun=2080&inlagd=ja"
    response = client.get("/fragor/kontrollera/?kommun=2080&inlagd=ja")
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY] == {"kommun": FALUN, "inlagd": "ja"}


@pytest.mark.django_db
def test_seeding_ignores_values_that_are_not_valid():
    answers = seed(QueryDict("kommun=9999&inlagd=kanske&boende=ordinart&alder=" + "x" * 500))
    assert answers == {"boende": "ordinart"}


@pytest.mark.django_db
def test_a_partial_seed_asks_the_rest(client):
    response = client.get("/fragor/?roll=patient&kommun=2584&inlagd=nej")
    assert response["Location"] == step_url("boende")


# --- htmx ----------------------------------------------------------------------------------

PATIENT_IN_KIRUNA = {"roll": PATIENT, "kommun": KIRUNA}


@pytest.mark.django_db
def test_htmx_get_returns_only_the_step_partial_and_pushes_its_url(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.get(step_url("boende"), headers={"HX-Request": "true"})
    html = parse(response)
    assert response.status_code == 200
    assert not is_whole_document(response) and html.main is None
    assert html.select_one("div#flow") is not None
    assert response["HX-Push-Url"] == step_url("boende")
    assert html.title is not None  # htmx moves it into the document
    assert html.select_one('[hx-swap-oob="true"]') is not None  # the language switch's "next"
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_htmx_form_posts_in_place_and_keeps_its_action(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    form = parse(client.get(step_url("boende"))).select_one("#flow form")
    assert form["action"] == "/fragor/boende/"
    assert form["hx-post"] == "/fragor/boende/"
    assert form["hx-target"] == "#flow"


@pytest.mark.django_db
def test_htmx_invalid_post_returns_the_partial_with_errors_and_no_push(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.post(step_url("boende"), {}, headers={"HX-Request": "true"})
    html = parse(response)
    assert response.status_code == 200
    assert not is_whole_document(response)
    assert html.select_one(".error-summary").has_attr("autofocus")
    assert len(html.select(".error-summary li")) == 2  # both questions on the page
    assert "HX-Push-Url" not in response


@pytest.mark.django_db
def test_htmx_valid_post_redirects_and_the_followed_get_is_a_partial(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.post(
        step_url("boende"),
        {"inlagd": "ja", "boende": "ordinart"},
        headers={"HX-Request": "true"},
        follow=True,
    )
    assert response.redirect_chain == [(step_url("ta-sig"), 302)]
    assert not is_whole_document(response)
    assert response["HX-Push-Url"] == step_url("ta-sig")


@pytest.mark.django_db
def test_htmx_after_the_last_question_the_map_is_a_whole_page(client):
    set_answers(client, {**PATIENT_IN_KIRUNA, "inlagd": "ja", "boende": "ordinart"})
    response = client.post(step_url("ta-sig"), {"ta_sig": "nej"}, headers={"HX-Request": "true"})
    assert (
        response["HX-Redirect"]
        == f"/karta/?kommun={KIRUNA}&inlagd=ja&boende=ordinart&ta_sig=nej&roll=patient"
    )


@pytest.mark.django_db
def test_a_pushed_url_reloaded_without_htmx_is_a_full_page(client):
    set_answers(client, {**PATIENT_IN_KIRUNA, "inlagd": "ja", "boende": "ordinart"})
    response = client.get(step_url("ta-sig"))
    assert is_whole_document(response)
    assert parse(response).select_one("main div#flow") is not None


@pytest.mark.django_db
def test_a_history_restore_gets_the_full_page(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.get(
        step_url("boende"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert is_whole_document(response)


@pytest.mark.django_db
def test_htmx_page_of_answers_is_a_partial(client):
    set_answers(client, ANSWERS)
    response = client.get("/fragor/kontrollera/", headers={"HX-Request": "true"})
    html = parse(response)
    assert not is_whole_document(response) and text_of(html.h1) == "Dina svar"
    assert response["HX-Push-Url"] == "/fragor/kontrollera/"


@pytest.mark.django_db
def test_flow_pages_are_not_cached(client):
    response = client.get(step_url("roll"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_municipality_list_can_be_filtered_by_typing_when_javascript_runs(client):
    set_answers(client, {"roll": PATIENT})
    html = parse(client.get("/fragor/kommun/"))
    select = html.select_one("select#id_kommun")
    assert select["data-filter-label"] == "Sök bland kommunerna"
    assert any("js/filter-select.js" in s.get("src", "") for s in html.select("script"))
    # Without JavaScript the plain select is the whole question.
    assert select.select_one(f'option[value="{KIRUNA}"]') is not None
