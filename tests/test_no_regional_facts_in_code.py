"""Regional facts live in the fixtures, never in code: no region, municipality or hospital name and
no phone number from the data may appear in a template or in a string in the app's Python.

Docstrings and comments may name examples (they are not shown to anyone); strings and template
text are what people read, so they are checked. Migrations are history and are left alone.
"""

import ast
import json
import re
from pathlib import Path

from django.conf import settings

from pathways import DEMO_FIXTURES, phone

ROOT = Path(settings.BASE_DIR)
HOSPITAL = re.compile(r"(\w+ (?:älvdals )?(?:sjukhus|lasarett)|Garnis)")


def _rows():
    for name in DEMO_FIXTURES:
        yield from json.loads((ROOT / "fixtures" / f"{name}.json").read_text())


def regional_facts():
    facts = set()
    for row in _rows():
        fields = row["fields"]
        if row["model"] == "pathways.region":
            facts.add(fields["name"])
        elif row["model"] == "pathways.municipality":
            facts |= {fields["name"], fields["authority_name"]}
        elif row["model"] == "pathways.unit":
            if fields["phone"]:  # stored as E.164, shown as written in Sweden: both are facts
                facts |= {fields["phone"], phone.display(fields["phone"])}
            if fields["kind"] in ("sjukhusrehab", "specialiserad_rehab"):
                facts |= set(HOSPITAL.findall(fields["name"]))
    return facts


def pattern(facts):
    # Whole words and whole numbers: "112" must not match inside "2112", nor "Mora" inside "Moral".
    parts = [
        rf"(?<![\w-]){re.escape(fact)}(?![\w-])" for fact in sorted(facts, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


def python_strings(path):
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def findings(regex):
    found = []
    # Templates at the top level and inside apps (pathways/discharge/templates/).
    templates = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "pathways").rglob("*.html")]
    for path in sorted(templates):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [(path.relative_to(ROOT), number, m.group(0)) for m in regex.finditer(line)]
    for path in sorted((ROOT / "pathways").rglob("*.py")):
        if {"migrations", "tests"} & set(path.parts):  # tests name real places on purpose
            continue
        for number, text in python_strings(path):
            found += [(path.relative_to(ROOT), number, m.group(0)) for m in regex.finditer(text)]
    return found


def test_the_facts_list_is_the_datas():
    facts = regional_facts()
    assert {
        "Region Norrbotten",
        "Falu kommun",
        "Sunderby sjukhus",
        "020-96 00 96",
        "+4620960096",
        "1177",
    } <= facts


def test_no_template_or_python_string_names_a_region_municipality_hospital_or_phone_number():
    assert findings(pattern(regional_facts())) == []


def test_the_check_finds_a_fact_written_into_code():
    regex = pattern(regional_facts())
    assert regex.search("t.ex. ”Avdelning 3B, Sunderby sjukhus”")
    assert regex.search("Vid fara för liv: ring 112.")
    assert not regex.search("Moralisk 21120 Morakniv")
