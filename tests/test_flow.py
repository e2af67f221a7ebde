"""The question flow: walk() as pure data, then every step through the views, with and without htmx."""

from urllib.parse import parse_qs, urlsplit

import pytest

from pathways import flow
from pathways.views.flow import seed

KIRUNA, FALUN = "2584", "2080"

# One complete set of answers, in the map URL's names and values.
ANSWERS = {
    "kommun": KIRUNA,
    "inlagd": "ja",
    "boende": "ordinart",
    "ta_sig": "nej",
    "alder": "vuxen",
    "niva": "2",
    "forlopp": "plotslig",
    "behov": ["hjalpmedel", "resor"],
    "roll": "narstaende",
}
# A valid POST of each step sends the same values (the needs as several values).
POSTS = ANSWERS
INVALID = {
    "kommun": ["", "9999"],
    "inlagd": ["", "kanske"],
    "boende": ["", "slott"],
    "ta_sig": [""],
    "alder": ["", "gammal"],
    "niva": ["", "7"],
    "forlopp": ["", "snabb"],
    "behov": ["", "pengar"],
    "roll": ["", "lakare"],
}


def step_url(slug):
    return f"/fragor/{slug}/"


def answers_before(step):
    """The answers of every step before `step` (so it may be opened)."""
    keys = [s.key for s in flow.STEPS]
    return {k: ANSWERS[k] for k in keys[: keys.index(step.key)]}


def set_answers(client, answers):
    session = client.session
    session[flow.SESSION_KEY] = answers
    session.save()


# --- walk(), no database ---------------------------------------------------------------------


def test_walk_with_no_answers_starts_at_the_municipality():
    walk = flow.walk({})
    assert walk.current.key == "kommun"
    assert walk.total == 9
    assert not walk.is_complete


def test_walk_finds_the_first_unanswered_step():
    answers = {"kommun": KIRUNA, "inlagd": "nej", "alder": "vuxen"}
    assert flow.walk(answers).current.key == "boende"


def test_special_housing_skips_the_health_centre_question():
    walk = flow.walk({"kommun": KIRUNA, "inlagd": "nej", "boende": "sarskilt"})
    assert "ta_sig" not in [s.key for s in walk.steps]
    assert walk.total == 8
    assert walk.current.key == "alder"


def test_ordinary_housing_asks_the_health_centre_question():
    walk = flow.walk({"kommun": KIRUNA, "inlagd": "nej", "boende": "ordinart"})
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
        ({}, "kommun", None),
        ({}, "roll", "kommun"),
        ({"kommun": KIRUNA}, "boende", "inlagd"),
        ({"kommun": KIRUNA, "inlagd": "ja", "boende": "sarskilt"}, "ta-sig", "alder"),
        ({**ANSWERS, "boende": "sarskilt"}, "ta-sig", "alder"),
        ({"kommun": KIRUNA, "boende": "sarskilt"}, "ta-sig", "inlagd"),
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
    assert walk.number(flow.step_for("alder")) == 4
    assert walk.number(flow.step_for("roll")) == 8


# --- every step through the views ----------------------------------------------------------

STEP_CASES = [(step, i + 1) for i, step in enumerate(flow.STEPS)]


@pytest.mark.django_db
@pytest.mark.parametrize(("step", "number"), STEP_CASES, ids=[s.slug for s in flow.STEPS])
def test_each_step_shows_question_n_of_m(client, step, number):
    set_answers(client, answers_before(step))
    response = client.get(step_url(step.slug))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Fråga {number} av 9" in html
    assert "<fieldset" in html and "<legend>" in html
    assert f'id="{step.key}-hint"' in html
    assert 'class="back-link"' in html


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
    html = response.content.decode()
    form = response.context["form"]
    assert 'class="error-summary"' in html
    assert f'href="#{form.first_input_id}"' in html  # the summary links to the field
    assert f'id="{step.key}-error"' in html  # and the message is at the field
    assert f'{step.key}-hint {step.key}-error"' in html  # aria-describedby names both
    assert "<title>Fel:" in html
    assert (
        flow.SESSION_KEY not in client.session or step.key not in client.session[flow.SESSION_KEY]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("step", flow.STEPS, ids=[s.slug for s in flow.STEPS])
def test_a_valid_answer_is_stored_and_leads_to_the_next_step(client, step):
    set_answers(client, answers_before(step))
    response = client.post(step_url(step.slug), {step.key: POSTS[step.key]})
    assert response.status_code == 302
    following = flow.walk(ANSWERS).following(step)
    assert response["Location"] == (
        step_url(following.slug) if following else "/fragor/kontrollera/"
    )
    assert client.session[flow.SESSION_KEY][step.key] == ANSWERS[step.key]


@pytest.mark.django_db
def test_the_needs_step_takes_none_of_these_as_an_empty_answer(client):
    set_answers(client, answers_before(flow.step_for("behov")))
    response = client.post(step_url("behov"), {"behov": ["inget"]})
    assert response.status_code == 302
    assert client.session[flow.SESSION_KEY]["behov"] == []


@pytest.mark.django_db
def test_none_of_these_with_a_need_is_an_error(client):
    set_answers(client, answers_before(flow.step_for("behov")))
    response = client.post(step_url("behov"), {"behov": ["inget", "resor"]})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


@pytest.mark.django_db
def test_you_cannot_skip_ahead(client):
    set_answers(client, {"kommun": KIRUNA})
    response = client.get(step_url("roll"))
    assert response.status_code == 302
    assert response["Location"] == step_url("sjukhus")
    response = client.post(step_url("roll"), {"roll": "patient"})
    assert response["Location"] == step_url("sjukhus")
    assert "roll" not in client.session[flow.SESSION_KEY]


@pytest.mark.django_db
def test_the_check_page_without_answers_goes_to_the_first_question(client):
    response = client.get("/fragor/kontrollera/")
    assert response["Location"] == step_url("kommun")


@pytest.mark.django_db
def test_an_unknown_step_is_404(client):
    assert client.get(step_url("finns-inte")).status_code == 404


@pytest.mark.django_db
def test_the_health_centre_question_uses_the_regions_own_word(client):
    for code, word in [(KIRUNA, "hälsocentralen"), (FALUN, "vårdcentralen")]:
        set_answers(client, {"kommun": code, "inlagd": "nej", "boende": "ordinart"})
        html = client.get(step_url("ta-sig")).content.decode()
        assert f"Kan du ta dig till {word}?" in html


@pytest.mark.django_db
def test_the_level_question_uses_the_regions_level_names_and_dont_know(client):
    set_answers(client, answers_before(flow.step_for("niva")))
    html = client.get(step_url("niva")).content.decode()
    assert "Nivå 3 – specialiserad rehabilitering" in html
    assert 'value="vet_ej"' in html


@pytest.mark.django_db
def test_the_municipality_select_groups_every_municipality_by_region(client):
    html = client.get(step_url("kommun")).content.decode()
    assert '<optgroup label="Region Dalarna">' in html
    assert '<optgroup label="Region Norrbotten">' in html
    assert f'value="{KIRUNA}"' in html and f'value="{FALUN}"' in html


@pytest.mark.django_db
def test_special_housing_skips_the_health_centre_step_in_the_views(client):
    set_answers(client, {"kommun": KIRUNA, "inlagd": "nej"})
    response = client.post(step_url("boende"), {"boende": "sarskilt"})
    assert response["Location"] == step_url("alder")
    response = client.get(step_url("ta-sig"))  # opened directly: on to the next that applies
    assert response["Location"] == step_url("alder")
    html = client.get(step_url("alder")).content.decode()
    assert "Fråga 4 av 8" in html


@pytest.mark.django_db
def test_switching_to_special_housing_forgets_the_health_centre_answer(client):
    set_answers(client, ANSWERS)
    client.post(step_url("boende") + "?andra=1", {"boende": "sarskilt"})
    assert "ta_sig" not in client.session[flow.SESSION_KEY]


# --- the whole journey without JavaScript -----------------------------------------------------


@pytest.mark.django_db
def test_the_no_js_journey_ends_at_the_check_page_and_the_map_link(client):
    response = client.get("/fragor/")
    assert response["Location"] == step_url("kommun")
    url = response["Location"]
    while url != "/fragor/kontrollera/":
        step = flow.step_for(url.strip("/").split("/")[-1])
        response = client.post(url, {step.key: POSTS[step.key]})
        assert response.status_code == 302, response.content.decode()[:500]
        url = response["Location"]

    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kontrollera dina svar" in html
    assert html.count(">Ändra<") == 9
    assert "Kiruna" in html
    assert "Nivå 2 – rehabilitering inom specialistvården" in html

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
        "forlopp": ["plotslig"],
        "behov": ["hjalpmedel", "resor"],
        "roll": ["narstaende"],
    }
    assert f'href="{map_url.replace("&", "&amp;")}"' in html


@pytest.mark.django_db
def test_changing_an_answer_returns_to_the_check_page(client):
    set_answers(client, ANSWERS)
    response = client.get(step_url("alder") + "?andra=1")
    assert 'href="/fragor/kontrollera/"' in response.content.decode()  # the back link
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
def test_changing_the_region_asks_the_level_again(client):
    set_answers(client, ANSWERS)
    response = client.post(step_url("kommun") + "?andra=1", {"kommun": FALUN})
    assert response["Location"] == step_url("niva") + "?andra=1"
    assert "niva" not in client.session[flow.SESSION_KEY]


@pytest.mark.django_db
def test_the_session_holds_only_the_one_key(client):
    client.get("/")
    for step in flow.STEPS:
        client.post(step_url(step.slug), {step.key: POSTS[step.key]})
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
        "kommun": KIRUNA,
        "inlagd": "nej",
        "boende": "sarskilt",
        "alder": "vuxen",
        "niva": "vet_ej",
        "forlopp": "vet_ej",
        "behov": [],
        "roll": "patient",
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
    from django.http import QueryDict

    answers = seed(QueryDict("kommun=9999&inlagd=kanske&boende=ordinart&alder=" + "x" * 500))
    assert answers == {"boende": "ordinart"}


@pytest.mark.django_db
def test_a_partial_seed_asks_the_rest(client):
    response = client.get("/fragor/?kommun=2584&inlagd=nej")
    assert response["Location"] == step_url("boende")


# --- htmx ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_htmx_get_returns_only_the_step_partial_and_pushes_its_url(client):
    set_answers(client, {"kommun": KIRUNA})
    response = client.get(step_url("sjukhus"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert '<div id="flow"' in html and "<main" not in html
    assert response["HX-Push-Url"] == step_url("sjukhus")
    assert "<title>" in html  # htmx moves it into the document
    assert 'hx-swap-oob="true"' in html  # the language switch's "next" follows the page
    assert "HX-Request" in response["Vary"]


@pytest.mark.django_db
def test_htmx_form_posts_in_place_and_keeps_its_action(client):
    set_answers(client, {"kommun": KIRUNA})
    html = client.get(step_url("sjukhus")).content.decode()
    assert 'method="post" action="/fragor/sjukhus/"' in html
    assert 'hx-post="/fragor/sjukhus/"' in html
    assert 'hx-target="#flow"' in html


@pytest.mark.django_db
def test_htmx_invalid_post_returns_the_partial_with_errors_and_no_push(client):
    set_answers(client, {"kommun": KIRUNA})
    response = client.post(step_url("sjukhus"), {}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'class="error-summary"' in html and "autofocus" in html
    assert "HX-Push-Url" not in response


@pytest.mark.django_db
def test_htmx_valid_post_redirects_and_the_followed_get_is_a_partial(client):
    set_answers(client, {"kommun": KIRUNA})
    response = client.post(
        step_url("sjukhus"), {"inlagd": "ja"}, headers={"HX-Request": "true"}, follow=True
    )
    assert response.redirect_chain == [(step_url("boende"), 302)]
    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == step_url("boende")


@pytest.mark.django_db
def test_a_pushed_url_reloaded_without_htmx_is_a_full_page(client):
    set_answers(client, {"kommun": KIRUNA, "inlagd": "ja"})
    html = client.get(step_url("boende")).content.decode()
    assert "<html" in html and 'id="flow"' in html


@pytest.mark.django_db
def test_a_history_restore_gets_the_full_page(client):
    set_answers(client, {"kommun": KIRUNA, "inlagd": "ja"})
    response = client.get(
        step_url("boende"), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


@pytest.mark.django_db
def test_htmx_check_page_is_a_partial(client):
    set_answers(client, ANSWERS)
    response = client.get("/fragor/kontrollera/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and "Kontrollera dina svar" in html
    assert response["HX-Push-Url"] == "/fragor/kontrollera/"


@pytest.mark.django_db
def test_flow_pages_are_not_cached(client):
    response = client.get(step_url("kommun"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_municipality_list_can_be_filtered_by_typing_when_javascript_runs(client):
    html = client.get("/fragor/kommun/").content.decode()
    assert 'data-filter-label="Sök bland kommunerna"' in html
    assert "js/filter-select.js" in html
    # Without JavaScript the plain select is the whole question.
    assert '<option value="2584">Kiruna</option>' in html
