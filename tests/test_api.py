"""The map as JSON, /api/karta/, and its OpenAPI description at /api/openapi.yaml."""

import json
import types
import typing

import jsonschema
import pytest

from pathways import api_types, openapi

from .html import parse, text_of

pytestmark = pytest.mark.django_db

KIRUNA = "2584"
TOPICS = {
    "habilitering",
    "rehabilitering",
    "hjalpmedel",
    "bostadsanpassning",
    "sjukresor",
    "lakemedel",
    "samordning",
    "uppfoljning",
}


def schema_for(name):
    """The OpenAPI document's schema `name`, with the components its $refs point to."""
    return {"$ref": f"#/components/schemas/{name}", "components": openapi.SCHEMA["components"]}


MAP_SCHEMA = schema_for("Map")
ERROR_SCHEMA = schema_for("Error")


def check(value, schema):
    jsonschema.validate(
        value, schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@pytest.mark.parametrize(
    "query",
    [
        f"kommun={KIRUNA}&ta_sig=nej",
        f"kommun={KIRUNA}&inlagd=ja&niva=2&behov=resor&behov=lakemedel",
        f"kommun={KIRUNA}&boende=sarskilt&roll=narstaende",
        "kommun=2080&alder=barn&forlopp=langvarig&behov=arbete",
        f"kommun={KIRUNA}&boende=lss&alder=ung&roll=narstaende",
        "kommun=2080&boende=korttid&alder=85plus&inlagd=ja&behov=bostadsanpassning",
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
    # Both forms of the number: E.164 for systems, as written in Sweden for people.
    assert by_topic["sjukresor"]["unit"]["phone"] == "+4620960096"
    assert by_topic["sjukresor"]["unit"]["phone_display"] == "020-96 00 96"
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
    page = parse(client.get(f"/karta/?{query}"))

    assert body["main_responsible"]["name"] in text_of(page.find("h1"))
    card = page.find("section", class_="result")
    for contact in (body["first_contact"], body["home_contact"]):
        if contact is None:
            continue
        if contact["via"] == "personal":  # the staff are asked in person: no number at all
            assert contact["tel"] is None and contact["principal"]["name"]
        else:
            assert card.find("a", href=contact["tel"]) is not None
            assert contact["number_from"] in text_of(card)
            # The number in E.164 is the link's; the page shows it as written in Sweden.
            assert contact["tel"] == f"tel:{contact['phone']}"
            assert contact["phone_display"] in text_of(card)
    steps = page.find("section", class_="next-steps").find_all("h3")
    assert [text_of(h3) for h3 in steps] == [step["title"] for step in body["next_steps"]]
    sections = page.find_all("section", class_="map-section")
    assert [(s["id"], text_of(s.h2)) for s in sections] == [
        (part["slug"], part["title"]) for part in body["layout"]
    ]
    rows = page.find(id="ansvar").find("tbody").find_all("tr")
    assert [(text_of(row.th), text_of(row.td)) for row in rows] == [
        (entry["topic_name"], entry["principal"]["name"]) for entry in body["responsibilities"]
    ]
    page_text = text_of(page)
    for part in body["layout"]:
        for slug in part["sections"]:
            for entry in body["sections"].get(slug, []):
                assert entry["title"] in page_text, (slug, entry["title"])
                words = " ".join(entry["text"].split())
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


def test_the_openapi_description_is_served_as_json_and_at_the_yaml_address(client):
    served = client.get("/api/openapi.json")
    assert served["Content-Type"] == "application/json"
    assert served.json() == openapi.SCHEMA
    yaml = client.get("/api/openapi.yaml")
    assert yaml["Content-Type"].startswith("application/yaml")
    assert json.loads(yaml.content) == openapi.SCHEMA  # JSON is YAML 1.2
    jsonschema.Draft202012Validator.check_schema(openapi.SCHEMA["components"]["schemas"]["Map"])
    names = [p["name"] for p in openapi.SCHEMA["paths"]["/api/karta/"]["get"]["parameters"]]
    assert names == [
        "kommun",
        "inlagd",
        "boende",
        "ta_sig",
        "alder",
        "niva",
        "plats",
        "forlopp",
        "orsak",
        "behov",
        "roll",
    ]


def test_the_openapi_document_lists_every_age_and_home():
    params = {p["name"]: p for p in openapi.SCHEMA["paths"]["/api/karta/"]["get"]["parameters"]}
    assert params["alder"]["schema"]["enum"] == ["barn", "ung", "vuxen", "85plus"]
    assert params["boende"]["schema"]["enum"] == ["ordinart", "sarskilt", "lss", "korttid"]
    assert "85plus (85 or older)" in params["alder"]["description"]
    assert "lss" in params["boende"]["description"]
    assert "boende=ordinart" in params["ta_sig"]["description"]


def _resolve(schema):
    while "$ref" in schema:
        schema = openapi.SCHEMA["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


SCALARS = {str: "string", int: "integer", bool: "boolean"}


def assert_describes(schema, hint, path):
    """The OpenAPI schema says what the type hint (from pathways.api_types) says, recursively."""
    schema = _resolve(schema)
    options = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    nullable = type(None) in options
    (hint,) = [option for option in options if option is not type(None)]
    if "oneOf" in schema:
        assert nullable and {"type": "null"} in schema["oneOf"], path
        (schema,) = [_resolve(s) for s in schema["oneOf"] if s != {"type": "null"}]
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if typing.is_typeddict(hint):
        assert kinds == ["object"], path
        assert set(schema["properties"]) == set(hint.__annotations__), path
        assert set(schema["required"]) == hint.__required_keys__, path
        for name, field in typing.get_type_hints(hint).items():
            assert_describes(schema["properties"][name], field, f"{path}.{name}")
    elif typing.get_origin(hint) is list:
        assert kinds == ["array"], path
        assert_describes(schema["items"], typing.get_args(hint)[0], f"{path}[]")
    elif typing.get_origin(hint) is dict:
        assert kinds == ["object"], path
        assert_describes(schema["additionalProperties"], typing.get_args(hint)[1], f"{path}{{}}")
    else:
        assert SCALARS[hint] in kinds, path
        assert ("null" in kinds) == nullable, path


@pytest.mark.parametrize(
    ("name", "body_type"), [("Map", api_types.MapJSON), ("Error", api_types.ErrorJSON)]
)
def test_the_openapi_document_describes_the_typed_body(name, body_type):
    assert_describes(schema_for(name), body_type, name)


def test_the_type_check_catches_an_undocumented_key():
    class Wider(api_types.ErrorJSON):
        hint: str

    with pytest.raises(AssertionError):
        assert_describes(schema_for("Error"), Wider, "Error")


def test_the_schema_check_catches_a_broken_body(client):
    body = client.get(f"/api/karta/?kommun={KIRUNA}").json()
    del body["responsibilities"][0]["principal"]["kind"]
    with pytest.raises(jsonschema.ValidationError, match="'kind' is a required property"):
        check(body, MAP_SCHEMA)
    body = client.get(f"/api/karta/?kommun={KIRUNA}").json()
    body["responsibilities"][0]["reviewed_on"] = "igår"
    with pytest.raises(jsonschema.ValidationError, match="'igår' is not a 'date'"):
        check(body, MAP_SCHEMA)
