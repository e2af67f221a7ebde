"""The question flow: walk() as pure data, then every step through the views, in both roles, with
and without htmx. Pages are read as parsed HTML (BeautifulSoup), never with regular expressions."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.http import QueryDict

from pathways import flow, forms
from pathways.query import parse_situation
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
    "behov": ["", "pengar"],
}
STEP_IDS = [s.slug for s in flow.STEPS]


def step_url(slug):
    return f"/fragor/{slug}/"


def answers_before(step, role=PATIENT):
    """The answers of every step before `step` (so it may be opened)."""
    keys = [s.key for s in flow.STEPS]
    return {k: ANSWERS[k] for k in keys[: keys.index(step.key)]} | (
        {"roll": role} if step.key != "roll" else {}
    )


def set_answers(client, answers):
    session = client.session
    session[flow.SESSION_KEY] = answers
    session.save()


def words(value):
    return set(re.findall(r"\w+", str(value).lower()))


# --- walk(), no database ---------------------------------------------------------------------


def test_walk_with_no_answers_starts_with_who_answers():
    walk = flow.walk({})
    assert walk.current.key == "roll"
    assert walk.total == 9
    assert not walk.is_complete


def test_a_relative_from_the_start_page_starts_at_the_municipality():
    walk = flow.walk({"roll": RELATIVE})
    assert walk.current.key == "kommun"


def test_walk_finds_the_first_unanswered_step():
    answers = {"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej", "alder": "vuxen"}
    assert flow.walk(answers).current.key == "boende"


def test_special_housing_skips_the_health_centre_question():
    walk = flow.walk({"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej", "boende": "sarskilt"})
    assert "ta_sig" not in [s.key for s in walk.steps]
    assert walk.total == 8
    assert walk.current.key == "alder"


def test_ordinary_housing_asks_the_health_centre_question():
    walk = flow.walk({"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej", "boende": "ordinart"})
    assert walk.current.key == "ta_sig"
    assert walk.total == 9


def test_all_answers_complete_the_walk():
    walk = flow.walk(ANSWERS)
    assert walk.is_complete
    assert walk.current is None


def test_empty_needs_count_as_answered():
    assert flow.walk({**ANSWERS, "behov": []}).is_complete


@pytest.mark.parametrize(
    ("answers", "slug", "expected"),
    [
        ({}, "roll", None),
        ({}, "behov", "roll"),
        ({"roll": RELATIVE}, "kommun", None),
        ({"roll": PATIENT, "kommun": KIRUNA}, "boende", "inlagd"),
        (
            {"roll": PATIENT, "kommun": KIRUNA, "inlagd": "ja", "boende": "sarskilt"},
            "ta-sig",
            "alder",
        ),
        ({**ANSWERS, "boende": "sarskilt"}, "ta-sig", "alder"),
        ({"roll": PATIENT, "kommun": KIRUNA, "boende": "sarskilt"}, "ta-sig", "inlagd"),
    ],
)
def test_redirect_for_sends_to_the_first_unanswered_or_next_applicable_step(
    answers, slug, expected
):
    target = flow.walk(answers).redirect_for(flow.step_for(slug))
    assert (target.key if target else None) == expected  # expected: the step's answer key


def test_clean_drops_answers_of_steps_that_no_longer_apply():
    cleaned = flow.clean({**ANSWERS, "boende": "sarskilt", "okand": "x"})
    assert "ta_sig" not in cleaned
    assert "okand" not in cleaned


def test_numbers_count_only_applicable_steps():
    walk = flow.walk({**ANSWERS, "boende": "sarskilt"})
    assert walk.number(flow.step_for("alder")) == 5
    assert walk.number(flow.step_for("behov")) == 8


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
@pytest.mark.parametrize("step", flow.STEPS, ids=STEP_IDS)
def test_each_step_shows_question_n_of_m(client, step):
    set_answers(client, answers_before(step))
    response = client.get(step_url(step.slug))
    assert response.status_code == 200
    html = parse(response)
    number = flow.STEPS.index(step) + 1
    assert text_of(html.select_one("legend .caption")) == f"Fråga {number} av 9"
    fieldset = html.select_one("#flow form fieldset")
    assert fieldset.legend.h1 is not None
    assert html.find(id=f"{step.key}-hint") is not None
    assert html.select_one("a.back-link") is not None


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS[1:], ids=STEP_IDS[1:])
def test_a_relative_is_asked_about_the_person_they_help(client, step):
    set_answers(client, answers_before(step, role=RELATIVE))
    html = parse(client.get(step_url(step.slug)))
    question = text_of(html.select_one("h1.question"))
    assert "personen du hjälper" in question
    shown = [question, text_of(html.find(id=f"{step.key}-hint"))]
    shown += [text_of(label) for label in html.select("label")]
    errors = parse(client.post(step_url(step.slug), {}))
    shown.append(text_of(errors.find(id=f"{step.key}-error")))
    for sentence in shown:  # never the patient's own "din", "jag", "mig"
        assert not words(sentence) & {"din", "ditt", "dina", "jag", "mig"}, sentence


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS[1:], ids=STEP_IDS[1:])
def test_a_patient_is_asked_about_themselves(client, step):
    set_answers(client, answers_before(step, role=PATIENT))
    html = parse(client.get(step_url(step.slug)))
    question = text_of(html.select_one("h1.question"))
    assert words(question) & {"du", "din"}
    assert "personen" not in words(question)
    assert "personen" not in words(text_of(html.find(id=f"{step.key}-hint")))


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS, ids=STEP_IDS)
def test_djangos_widget_draws_the_field_with_the_answer_chosen(client, step):
    form = step.form_class(catalog=None)
    widget = form.fields[step.key].widget
    assert widget.template_name.startswith(("pathways/widgets/", "django/forms/widgets/"))
    set_answers(client, {**answers_before(step), step.key: ANSWERS[step.key]})
    html = parse(client.get(step_url(step.slug)))
    if form.kind == "select":
        chosen = [o["value"] for o in html.select(f"select[name={step.key}] option[selected]")]
    else:
        chosen = [i["value"] for i in html.select(f"input[name={step.key}][checked]")]
    expected = ANSWERS[step.key]
    assert chosen == (expected if isinstance(expected, list) else [expected])
    for field in html.select("input.choice-input, select"):  # every input has its label
        assert html.select_one(f'label[for="{field["id"]}"]') is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("step", "value"),
    [(s, v) for s in flow.STEPS for v in INVALID[s.key]],
    ids=[f"{s.slug}-{v or 'empty'}" for s in flow.STEPS for v in INVALID[s.key]],
)
def test_an_invalid_answer_shows_the_error_summary_and_the_field_error(client, step, value):
    set_answers(client, answers_before(step))
    data = {step.key: value} if value else {}
    response = client.post(step_url(step.slug), data)
    assert response.status_code == 200
    html = parse(response)
    form = response.context["form"]
    summary = html.select_one(".error-summary")
    assert summary["role"] == "alert"
    link = summary.select_one("a")
    assert link["href"] == f"#{form.first_input_id}"
    assert html.find(id=form.first_input_id) is not None  # the link lands on the field
    message = html.find(id=f"{step.key}-error")
    assert text_of(link) in text_of(message)
    fieldset = html.select_one("#flow form fieldset")
    assert fieldset["aria-describedby"] == f"{step.key}-hint {step.key}-error"
    assert html.select_one("#flow form").has_attr("novalidate")
    assert text_of(html.title).startswith("Fel:")
    assert step.key not in client.session.get(flow.SESSION_KEY, {}) or step.key == "roll"


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS, ids=STEP_IDS)
def test_a_valid_answer_is_stored_and_leads_to_the_next_step(client, step):
    set_answers(client, answers_before(step))
    response = client.post(step_url(step.slug), {step.key: ANSWERS[step.key]})
    assert response.status_code == 302
    following = flow.walk(ANSWERS).following(step)
    assert response["Location"] == (
        step_url(following.slug) if following else "/fragor/kontrollera/"
    )
    assert client.session[flow.SESSION_KEY][step.key] == ANSWERS[step.key]


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
    assert response["Location"] == step_url("sjukhus")
    response = client.post(step_url("behov"), {"behov": "resor"})
    assert response["Location"] == step_url("sjukhus")
    assert "behov" not in client.session[flow.SESSION_KEY]


@pytest.mark.django_db
def test_the_check_page_without_answers_goes_to_the_first_question(client):
    response = client.get("/fragor/kontrollera/")
    assert response["Location"] == step_url("roll")


@pytest.mark.django_db
def test_an_unknown_step_is_404(client):
    assert client.get(step_url("finns-inte")).status_code == 404


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
def test_special_housing_skips_the_health_centre_step_in_the_views(client):
    set_answers(client, {"roll": PATIENT, "kommun": KIRUNA, "inlagd": "nej"})
    response = client.post(step_url("boende"), {"boende": "sarskilt"})
    assert response["Location"] == step_url("alder")
    response = client.get(step_url("ta-sig"))  # opened directly: on to the next that applies
    assert response["Location"] == step_url("alder")
    html = parse(client.get(step_url("alder")))
    assert text_of(html.select_one("legend .caption")) == "Fråga 5 av 8"


@pytest.mark.django_db
def test_switching_to_special_housing_forgets_the_health_centre_answer(client):
    set_answers(client, ANSWERS)
    client.post(step_url("boende") + "?andra=1", {"boende": "sarskilt"})
    assert "ta_sig" not in client.session[flow.SESSION_KEY]


# --- the whole journey without JavaScript, in both roles ---------------------------------------


def answer_every_question(client, url):
    """Follow the questions from `url` to the check page; the steps it went through."""
    asked = []
    response = client.get(url)
    url = response["Location"]
    while url != "/fragor/kontrollera/":
        step = flow.step_for(url.strip("/").split("/")[-1])
        asked.append(step.key)
        response = client.post(url, {step.key: ANSWERS[step.key]})
        assert response.status_code == 302, response.content.decode()[:500]
        url = response["Location"]
    return asked, client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "role", "asked_role"),
    [("/fragor/", PATIENT, True), ("/fragor/?roll=narstaende", RELATIVE, False)],
    ids=["patient", "relative"],
)
def test_the_no_js_journey_ends_at_the_check_page_and_the_map_link(client, start, role, asked_role):
    asked, response = answer_every_question(client, start)
    assert ("roll" in asked) == asked_role  # "Börja som närstående" does not ask the role again
    assert len(asked) == (9 if asked_role else 8)
    assert response.status_code == 200
    html = parse(response)
    assert text_of(html.h1) == "Kontrollera dina svar"
    rows = {
        text_of(row.select_one(".summary-key")): text_of(row.select_one(".summary-value"))
        for row in html.select(".summary-row")
    }
    assert len(rows) == 9
    assert rows["Kommun"] == "Kiruna"
    assert rows["Var rehabiliteringen sker"] == "På en mottagning på sjukhuset"
    assert rows["Svarar för"] == (
        "För mig själv" if role == PATIENT else "För någon jag hjälper, som närstående"
    )

    map_url = response.context["map_url"]
    parts = urlsplit(map_url)
    assert parts.path == "/karta/"
    assert parse_qs(parts.query) == {
        "kommun": [KIRUNA],
        "inlagd": ["ja"],
        "boende": ["ordinart"],
        "ta_sig": ["nej"],
        "alder": ["vuxen"],
        "niva": ["2"],
        "plats": ["sjukhus"],
        "forlopp": ["plotslig"],
        "behov": ["hjalpmedel", "resor"],
        "roll": [role],
    }
    button = html.select_one(f'a.button[href="{map_url}"]')
    assert text_of(button) == ("Visa min karta" if role == PATIENT else "Visa kartan")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [PATIENT, RELATIVE])
def test_what_happened_is_asked_on_the_course_page_and_may_be_left_out(client, role):
    step = flow.step_for("forlopp")
    set_answers(client, answers_before(step, role=role))
    html = parse(client.get(step_url("forlopp")))
    optional = html.select_one('input[name="orsak"]').find_parent("fieldset")
    assert text_of(optional.legend) == "Vad har hänt? (frivilligt)"
    options = {i["value"]: text_of(html.select_one(f'label[for="{i["id"]}"]')) for i in
               optional.select('input[type="radio"]')}  # fmt: skip
    assert list(options) == ["stroke", "hjarta", "fraktur", "neurologisk", "demens", "cancer",
                             "palliativ", "funktionsnedsattning", "annat", "vet_ej"]  # fmt: skip
    assert options["palliativ"] == "Vård i livets slutskede"
    assert not optional.select("input[checked]")
    # Answered, it is kept; left out again later, it is forgotten.
    response = client.post(step_url("forlopp"), {"forlopp": "plotslig", "orsak": "stroke"})
    assert response["Location"] == step_url("behov")
    assert client.session[flow.SESSION_KEY]["orsak"] == "stroke"
    checked = parse(client.get(step_url("forlopp"))).select_one('input[name="orsak"][checked]')
    assert checked["value"] == "stroke"
    client.post(step_url("forlopp"), {"forlopp": "plotslig"})
    assert "orsak" not in client.session[flow.SESSION_KEY]


@pytest.mark.django_db
def test_what_happened_is_on_the_check_page_and_in_the_map_url(client):
    set_answers(client, {**ANSWERS, "orsak": "fraktur"})
    response = client.get("/fragor/kontrollera/")
    html = parse(response)
    rows = {text_of(row.select_one(".summary-key")): row for row in html.select(".summary-row")}
    assert text_of(rows["Vad som har hänt"].select_one(".summary-value")) == "Ett benbrott"
    assert rows["Vad som har hänt"].a["href"] == step_url("forlopp") + "?andra=1"
    assert parse_qs(urlsplit(response.context["map_url"]).query)["orsak"] == ["fraktur"]


@pytest.mark.django_db
def test_a_map_url_seeds_what_happened(client):
    client.get(f"/fragor/?kommun={KIRUNA}&roll=patient&forlopp=langvarig&orsak=neurologisk")
    answers = client.session[flow.SESSION_KEY]
    assert (answers["forlopp"], answers["orsak"]) == ("langvarig", "neurologisk")
    client.get(f"/fragor/?kommun={KIRUNA}&roll=patient&forlopp=langvarig&orsak=olycka")
    assert "forlopp" not in client.session[flow.SESSION_KEY]  # the page is asked again


@pytest.mark.django_db
def test_changing_an_answer_returns_to_the_check_page(client):
    set_answers(client, ANSWERS)
    response = client.get(step_url("alder") + "?andra=1")
    assert parse(response).select_one("a.back-link")["href"] == "/fragor/kontrollera/"
    response = client.post(step_url("alder") + "?andra=1", {"alder": "barn"})
    assert response["Location"] == "/fragor/kontrollera/"
    assert client.session[flow.SESSION_KEY]["alder"] == "barn"


@pytest.mark.django_db
def test_changing_to_ordinary_housing_asks_the_new_question_then_returns(client):
    set_answers(client, {**flow.clean({**ANSWERS, "boende": "sarskilt"})})
    response = client.post(step_url("boende") + "?andra=1", {"boende": "ordinart"})
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
    for step in flow.STEPS:
        client.post(step_url(step.slug), {step.key: ANSWERS[step.key]})
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
def test_a_map_url_seeds_the_answers_and_opens_the_check_page(client):
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
        "behov": [],
    }
    assert client.get("/fragor/kontrollera/").status_code == 200


@pytest.mark.django_db
def test_the_start_page_and_the_check_page_pass_a_map_url_on(client):
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
    response = client.get(step_url("sjukhus"), headers={"HX-Request": "true"})
    html = parse(response)
    assert response.status_code == 200
    assert not is_whole_document(response) and html.main is None
    assert html.select_one("div#flow") is not None
    assert response["HX-Push-Url"] == step_url("sjukhus")
    assert html.title is not None  # htmx moves it into the document
    assert html.select_one('[hx-swap-oob="true"]') is not None  # the language switch's "next"
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_htmx_form_posts_in_place_and_keeps_its_action(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    form = parse(client.get(step_url("sjukhus"))).select_one("#flow form")
    assert form["action"] == "/fragor/sjukhus/"
    assert form["hx-post"] == "/fragor/sjukhus/"
    assert form["hx-target"] == "#flow"


@pytest.mark.django_db
def test_htmx_invalid_post_returns_the_partial_with_errors_and_no_push(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.post(step_url("sjukhus"), {}, headers={"HX-Request": "true"})
    html = parse(response)
    assert response.status_code == 200
    assert not is_whole_document(response)
    assert html.select_one(".error-summary").has_attr("autofocus")
    assert "HX-Push-Url" not in response


@pytest.mark.django_db
def test_htmx_valid_post_redirects_and_the_followed_get_is_a_partial(client):
    set_answers(client, PATIENT_IN_KIRUNA)
    response = client.post(
        step_url("sjukhus"), {"inlagd": "ja"}, headers={"HX-Request": "true"}, follow=True
    )
    assert response.redirect_chain == [(step_url("boende"), 302)]
    assert not is_whole_document(response)
    assert response["HX-Push-Url"] == step_url("boende")


@pytest.mark.django_db
def test_a_pushed_url_reloaded_without_htmx_is_a_full_page(client):
    set_answers(client, {**PATIENT_IN_KIRUNA, "inlagd": "ja"})
    response = client.get(step_url("boende"))
    assert is_whole_document(response)
    assert parse(response).select_one("main div#flow") is not None


@pytest.mark.django_db
def test_a_history_restore_gets_the_full_page(client):
    set_answers(client, {**PATIENT_IN_KIRUNA, "inlagd": "ja"})
    response = client.get(
        step_url("boende"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert is_whole_document(response)


@pytest.mark.django_db
def test_htmx_check_page_is_a_partial(client):
    set_answers(client, ANSWERS)
    response = client.get("/fragor/kontrollera/", headers={"HX-Request": "true"})
    html = parse(response)
    assert not is_whole_document(response) and text_of(html.h1) == "Kontrollera dina svar"
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
