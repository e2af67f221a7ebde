"""The map as JSON, /api/karta/, and its OpenAPI description at /api/openapi.yaml."""

import json
import re

import pytest
from bs4 import BeautifulSoup

from pathways import openapi
from pathways.templatetags.map_tags import for_reader

pytestmark = pytest.mark.django_db

KIRUNA = "2584"
TOPICS = {
    "rehabilitering",
    "hjalpmedel",
    "bostadsanpassning",
    "sjukresor",
    "lakemedel",
    "samordning",
    "uppfoljning",
}
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "boolean": bool,
    "null": type(None),
}


def check(value, schema, path="$"):
    """A small JSON Schema check: type, required, properties, items, enum, oneOf and $ref.

    Enough for this API's schema; it keeps the project free of a jsonschema dependency.
    """
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        return check(value, openapi.SCHEMA["components"]["schemas"][name], path)
    if "oneOf" in schema:
        failures = []
        for option in schema["oneOf"]:
            try:
                check(value, option, path)
            except AssertionError as error:
                failures.append(str(error))
        assert len(failures) == len(schema["oneOf"]) - 1, f"{path}: {failures}"
        return None
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert any(
            isinstance(value, TYPES[k]) and not (k == "integer" and isinstance(value, bool))
            for k in kinds
        ), f"{path}: {value!r} is not {kinds}"
        if schema.get("format") == "date" and isinstance(value, str):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", value), f"{path}: {value!r} is not a date"
    if "enum" in schema:
        assert value in schema["enum"], f"{path}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", ()):
            assert key in value, f"{path}: missing {key}"
        for key, item in value.items():
            if key in schema.get("properties", {}):
                check(item, schema["properties"][key], f"{path}.{key}")
            elif "additionalProperties" in schema:
                check(item, schema["additionalProperties"], f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], f"{path}[{index}]")
    return None


MAP_SCHEMA = {"$ref": "#/components/schemas/Map"}
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


@pytest.mark.parametrize(
    "query",
    [
        f"kommun={KIRUNA}&ta_sig=nej",
        f"kommun={KIRUNA}&inlagd=ja&niva=2&behov=resor&behov=lakemedel",
        f"kommun={KIRUNA}&boende=sarskilt&roll=narstaende",
        "kommun=2080&alder=barn&forlopp=langvarig&behov=arbete",
    ],
)
def test_a_real_map_matches_the_documented_schema(client, query):
    response = client.get(f"/api/karta/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    check(response.json(), MAP_SCHEMA)


def test_it_gives_one_responsibility_per_topic_with_principal_and_unit(client):
    body = client.get(f"/api/karta/?kommun={KIRUNA}&ta_sig=nej").json()
    assert body["region"] == {"name": "Region Norrbotten", "slug": "norrbotten"}
    assert body["municipality"] == {"name": "Kiruna", "code": KIRUNA}
    assert body["main_responsible"] == {"kind": "kommun", "name": "Kiruna kommun"}
    by_topic = {entry["topic"]: entry for entry in body["responsibilities"]}
    assert set(by_topic) == TOPICS
    assert by_topic["rehabilitering"]["principal"] == {"kind": "kommun", "name": "Kiruna kommun"}
    assert by_topic["sjukresor"]["principal"] == {"kind": "region", "name": "Region Norrbotten"}
    assert by_topic["sjukresor"]["unit"]["phone"] == "020-96 00 96"
    assert by_topic["rehabilitering"]["explanation"]
    assert by_topic["rehabilitering"]["source"]["title"]
    assert body["is_demo"] is True
    assert body["query"].startswith(f"kommun={KIRUNA}&inlagd=nej")


@pytest.mark.parametrize(
    "query",
    [
        f"kommun={KIRUNA}&boende=sarskilt",
        f"kommun={KIRUNA}&inlagd=ja&ta_sig=nej&behov=resor&roll=narstaende",
        "kommun=2080&behov=hjalpmedel&behov=lakemedel",
    ],
)
def test_the_json_and_the_page_agree(client, query):
    """The same answer, steps, sections and texts, in the same order: one PatientMap, one LAYOUT."""
    body = client.get(f"/api/karta/?{query}").json()
    page = BeautifulSoup(client.get(f"/karta/?{query}").content.decode(), "html.parser")

    def text(node):
        return " ".join(node.get_text(" ").split())

    assert body["main_responsible"]["name"] in text(page.find("h1"))
    card = page.find("section", class_="result")
    contact = body["first_contact"]
    assert card.find("a", href=contact["tel"]) is not None
    assert contact["number_from"] in text(card)
    steps = page.find("section", class_="next-steps").find_all("h3")
    assert [text(h3) for h3 in steps] == [step["title"] for step in body["next_steps"]]
    sections = page.find_all("section", class_="map-section")
    assert [(s["id"], text(s.h2)) for s in sections] == [
        (part["slug"], part["title"]) for part in body["layout"]
    ]
    rows = page.find(id="ansvar").find("tbody").find_all("tr")
    assert [(text(row.th), text(row.td)) for row in rows] == [
        (entry["topic_name"], entry["principal"]["name"]) for entry in body["responsibilities"]
    ]
    page_text = text(page)
    relative = "roll=narstaende" in query  # the page speaks to the helper (map_tags.for_reader)
    for part in body["layout"]:
        for slug in part["sections"]:
            for entry in body["sections"].get(slug, []):
                assert for_reader(entry["title"], relative) in page_text, (slug, entry["title"])
                words = " ".join(for_reader(entry["text"], relative).split())
                assert words in page_text, (slug, entry["title"])
    order = [slug for part in body["layout"] for slug in part["sections"]]
    listed = [slug for slug in body["sections"] if slug in order]
    assert listed == sorted(listed, key=order.index)  # the JSON reads in the page's order


def test_discharge_texts_only_in_hospital(client):
    inside = client.get(f"/api/karta/?kommun={KIRUNA}&inlagd=ja").json()
    assert inside["sections"]["utskrivning"]
    assert inside["main_responsible"]["kind"] == "region"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "kommun"),
        ("kommun=9999", "kommun"),
        (f"kommun={KIRUNA}&niva=7", "niva"),
        ("kommun=Kir%C3%BCn%C3%A4", "kommun"),
        (f"kommun={KIRUNA}&behov=" + "x" * 5000, "behov"),
    ],
)
def test_bad_parameters_give_400_json_that_says_what_is_wrong(client, query, parameter):
    response = client.get(f"/api/karta/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    check(body, ERROR_SCHEMA)
    assert body["error"]
    assert list(body["errors"]) == [parameter]
    assert len(response.content) < 2_000


def test_the_openapi_description_is_served_as_yaml(client):
    response = client.get("/api/openapi.yaml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    text = response.content.decode()
    assert text.startswith('openapi: "3.1.0"\n')
    assert '  "/api/karta/":\n' in text
    assert "    Responsibility:\n" in text
    for name in (
        "kommun",
        "inlagd",
        "boende",
        "ta_sig",
        "alder",
        "niva",
        "forlopp",
        "behov",
        "roll",
    ):
        assert f'- name: "{name}"' in text


def test_the_yaml_writer_keeps_the_structure():
    text = openapi.as_yaml({"a": {"b": ["x", {"c": 1, "d": True}], "/e": None}, "f": []})
    assert text == 'a:\n  b:\n    - "x"\n    - c: 1\n      d: true\n  "/e": null\nf: []\n'
    # Every scalar is written JSON-quoted, which YAML reads back as the same value
    assert json.loads(text.splitlines()[2].split("- ")[1]) == "x"


def test_the_schema_check_catches_a_broken_body(client):
    body = client.get(f"/api/karta/?kommun={KIRUNA}").json()
    del body["responsibilities"][0]["principal"]["kind"]
    with pytest.raises(AssertionError, match="missing kind"):
        check(body, MAP_SCHEMA)
    body = client.get(f"/api/karta/?kommun={KIRUNA}").json()
    body["responsibilities"][0]["reviewed_on"] = "igår"
    with pytest.raises(AssertionError, match="not a date"):
        check(body, MAP_SCHEMA)
