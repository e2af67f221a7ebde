"""The rules engine as pure functions: tables of situations over a small synthetic catalog, no database."""

from dataclasses import replace
from datetime import date

import pytest

from pathways import rules as rules_module
from pathways.rules import (
    applies,
    choose,
    decide,
    find_conflict,
    goes_before,
    wanted_needs,
)
from pathways.situation import Situation, homes
from pathways.values import (
    Catalog,
    GuidanceOutcome,
    MunicipalityInfo,
    ProfessionInfo,
    RegionInfo,
    ResponsibilityOutcome,
    Rule,
    Source,
    TopicInfo,
    UnitInfo,
)

TODAY = date(2026, 11, 23)
SRC = Source("Testkälla", "", date(2026, 1, 1))
DEMO = Source("Påhittad", "", date(2026, 1, 1), is_demo=True)


def rule(
    id, topic="rehabilitering", principal="region", municipality=None, source=SRC, **conditions
):
    return Rule(
        id=id,
        label=f"regel {id}",
        group=("topic", topic),
        conditions=conditions,
        source=source,
        municipality_code=municipality,
        outcome=ResponsibilityOutcome(principal, f"text {principal}", f"varför {principal}"),
    )


def unit(id, kind, municipality=None, national=False, source=SRC, name=None):
    return UnitInfo(
        id=id,
        name=name or f"enhet {id}",
        kind=kind,
        principal="region",
        source=source,
        municipality_code=municipality,
        is_national=national,
    )


THRESHOLD_RULES = [
    rule(1, principal="region", reaches_health_centre="ja"),
    rule(2, principal="kommun", reaches_health_centre="nej"),
    rule(3, principal="kommun", housing="sarskilt"),
    rule(4, principal="region", reaches_health_centre="nej", age_group="barn"),
    rule(6, principal="kommun", municipality="0002", reaches_health_centre="ja"),
]


def catalog(responsibilities=THRESHOLD_RULES, units=(), guidance=()):
    return Catalog(
        region=RegionInfo(
            1, "test", "Region Test", "hälsocentral", "hälsocentralen", "hemsjukvård"
        ),
        municipalities={
            "0001": MunicipalityInfo("0001", "Norrby", "Norrby kommun", 66.0, 20.0),
            "0002": MunicipalityInfo("0002", "Söderby", "Söderby kommun", 65.0, 21.0),
            "0003": MunicipalityInfo("0003", "Långtbort", "Långtbort kommun", 60.0, 15.0),
        },
        levels={},
        topics=[TopicInfo("rehabilitering", "Rehabilitering"), TopicInfo("sjukresor", "Sjukresor")],
        professions={
            "fysioterapeut": ProfessionInfo("fysioterapeut", "Fysioterapeut", "Tränar rörelse")
        },
        units=list(units),
        responsibilities=list(responsibilities),
        guidance=list(guidance),
    )


@pytest.mark.parametrize(
    ("situation", "winner"),
    [
        ({}, 1),  # the threshold principle: reaches the health centre -> region
        ({"reaches_health_centre": "nej"}, 2),  # cannot -> the municipality
        ({"housing": "sarskilt"}, 3),  # special housing: the municipality; reaching is not asked
        ({"reaches_health_centre": "nej", "age_group": "barn"}, 4),  # children stay with the region
        ({"municipality_code": "0002"}, 6),  # a municipality's own rule beats the region's
        (
            {"municipality_code": "0002", "reaches_health_centre": "nej"},
            2,
        ),  # ...only where it applies
    ],
)
def test_the_most_specific_applying_rule_wins(situation, winner):
    situation = Situation(**{"municipality_code": "0001", **situation})
    assert choose(THRESHOLD_RULES, situation, TODAY)[("topic", "rehabilitering")].id == winner


def test_special_housing_clears_the_threshold_answer():
    assert (
        Situation("0001", housing="sarskilt", reaches_health_centre="nej").reaches_health_centre
        == ""
    )


def test_a_rule_outside_its_validity_does_not_apply():
    old = Source("Gammal taxa", "", date(2024, 1, 1), valid_to=date(2025, 12, 31))
    future = Source("Ny taxa", "", date(2026, 1, 1), valid_from=date(2027, 1, 1))
    situation = Situation("0001")
    assert not applies(rule(1, source=old), situation, TODAY)
    assert not applies(rule(2, source=future), situation, TODAY)
    assert applies(rule(3, source=future), situation, date(2027, 1, 1))


def test_an_unknown_level_matches_only_rules_for_any_level():
    situation = Situation("0001", level=None)
    assert not applies(rule(1, level=2), situation, TODAY)
    assert applies(rule(2), situation, TODAY)


@pytest.mark.parametrize(
    ("new", "expected_conflict"),
    [
        (
            rule(10, principal="kommun", reaches_health_centre="ja"),
            1,
        ),  # same conditions, other principal
        (rule(10, principal="region", reaches_health_centre="ja"), None),  # agrees: no conflict
        (rule(10, principal="kommun", age_group="vuxen"), 1),  # overlaps rule 1 on ja+vuxen, tied
        (rule(10, principal="region", housing="ordinart"), 2),  # overlaps rule 2 (nej+ordinart)
        (
            rule(10, principal="kommun", municipality="0001"),
            None,
        ),  # a municipality rule beats them all
        (
            rule(10, principal="region", reaches_health_centre="nej", age_group="vuxen"),
            None,
        ),  # refines 2
        (
            rule(10, principal="region", reaches_health_centre="ja", in_hospital="ja"),
            None,
        ),  # never tied
        (rule(10, topic="sjukresor", principal="kommun"), None),  # another topic never competes
        (rule(10, principal="region", level=3), 2),  # level 3 and "cannot reach" tie and disagree
    ],
)
def test_ambiguous_rules_are_found(new, expected_conflict):
    conflict = find_conflict(new, THRESHOLD_RULES)
    assert (conflict.rule.id if conflict else None) == expected_conflict


def test_a_tie_covered_by_a_more_specific_rule_is_not_a_conflict():
    # special housing (3) and "cannot reach" (2) tie only where reaching is asked; special housing never asks.
    a = rule(20, principal="kommun", housing="sarskilt")
    b = rule(21, principal="region", in_hospital="ja")
    assert find_conflict(a, [b]).conditions == {"housing": "sarskilt", "in_hospital": "ja"}
    cover = rule(22, principal="region", housing="sarskilt", in_hospital="ja")
    assert find_conflict(a, [b, cover]) is None


def test_rules_that_differ_only_in_professions_do_not_conflict():
    a = rule(40, principal="kommun", housing="sarskilt")
    b = Rule(41, "b", a.group, a.conditions, SRC, None, a.outcome, professions=("fysioterapeut",))
    assert find_conflict(b, [a]) is None


def test_rules_valid_at_different_times_do_not_conflict():
    old = rule(30, principal="region", source=Source("a", "", TODAY, valid_to=date(2025, 12, 31)))
    new = rule(31, principal="kommun", source=Source("b", "", TODAY, valid_from=date(2026, 1, 1)))
    assert find_conflict(new, [old]) is None


def topic_rule(id, topic, unit_kind, source=SRC, **extra):
    """A region-wide row: the region answers `topic` in every situation, at a unit of that kind."""
    return Rule(
        id,
        "r",
        ("topic", topic),
        {},
        source,
        None,
        ResponsibilityOutcome("region", "t", "e", unit_kind=unit_kind),
        **extra,
    )


def test_the_map_names_the_principal_and_the_local_unit():
    units = [
        unit(1, "halsocentral", "0001", name="Norrby hälsocentral"),
        unit(2, "halsocentral", "0002"),
        unit(3, "sjukresor", name="Sjukresor i regionen"),
    ]
    rules = [
        topic_rule(1, "rehabilitering", "halsocentral", professions=("fysioterapeut",)),
        topic_rule(2, "sjukresor", "sjukresor", source=DEMO),
    ]
    patient_map = decide(Situation("0001"), catalog(rules, units), TODAY)
    assert patient_map.main.principal_name == "Region Test"
    assert [u.name for u in patient_map.main.units] == ["Norrby hälsocentral"]
    # no sick-travel unit in the municipality: the region-wide one
    assert [u.name for u in patient_map.responsibility("sjukresor").units] == [
        "Sjukresor i regionen"
    ]
    assert [p.slug for p in patient_map.professions] == ["fysioterapeut"]
    assert patient_map.has_demo
    assert patient_map.latest_review == date(2026, 1, 1)


def test_a_relative_reads_a_units_relative_description_and_the_patient_its_own():
    own = replace(
        unit(1, "halsocentral", "0001", name="Norrby hälsocentral"),
        description="Du kan ringa oss.",
        description_for_relative="Du som närstående kan ringa oss.",
    )
    plain = replace(unit(2, "sjukresor"), description="Sjukresor bokas dagen före.")
    rules = [topic_rule(1, "rehabilitering", "halsocentral")]
    for role, expected in (
        ("patient", "Du kan ringa oss."),
        ("narstaende", "Du som närstående kan ringa oss."),
    ):
        main = decide(Situation("0001", role=role), catalog(rules, [own, plain]), TODAY).main
        assert [u.description for u in main.units] == [expected]
        assert main.units[0].name == "Norrby hälsocentral"
    # A unit without a relative form is read as it is.
    assert rules_module._as_read_by_relative(plain) is plain


def test_the_municipality_is_named_as_principal():
    patient_map = decide(Situation("0002", reaches_health_centre="nej"), catalog(), TODAY)
    assert patient_map.main.principal_name == "Söderby kommun"


def test_physiotherapists_come_from_the_nearest_municipality_when_there_are_none():
    physios = [unit(1, "privat_fysioterapeut", "0002"), unit(2, "privat_fysioterapeut", "0003")]
    patient_map = decide(Situation("0001"), catalog(units=physios), TODAY)
    assert [u.id for u in patient_map.physiotherapists] == [1]
    assert patient_map.physiotherapists_elsewhere.name == "Söderby"

    local = decide(Situation("0003"), catalog(units=physios), TODAY)
    assert [u.id for u in local.physiotherapists] == [2]
    assert local.physiotherapists_elsewhere is None


def guidance(id, section, key, text, need="", **conditions):
    return Rule(
        id,
        f"g{id}",
        ("guidance", section, key, need),
        conditions,
        SRC,
        None,
        GuidanceOutcome(section, text, order=id, need=need),
    )


def test_guidance_is_tailored_and_needs_filter_it():
    rows = [
        guidance(1, "forvanta", "allmant", "Allmänt"),
        guidance(2, "forvanta", "allmant", "Efter en plötslig skada", process="plotslig"),
        guidance(3, "forvantas", "roll", "Du som patient", role="patient"),
        guidance(4, "forvantas", "roll", "Du som närstående", role="narstaende"),
        guidance(5, "arbete", "sjukskrivning", "Om sjukskrivning", need="arbete"),
    ]
    sudden_relative = decide(
        Situation("0001", process="plotslig", role="narstaende"), catalog(guidance=rows), TODAY
    )
    assert [g.text for g in sudden_relative.sections["forvanta"]] == ["Efter en plötslig skada"]
    assert [g.text for g in sudden_relative.sections["forvantas"]] == ["Du som närstående"]
    assert "arbete" not in sudden_relative.sections

    worker = decide(Situation("0001", needs=frozenset({"arbete"})), catalog(guidance=rows), TODAY)
    assert [g.text for g in worker.sections["forvanta"]] == ["Allmänt"]
    assert [g.text for g in worker.sections["arbete"]] == ["Om sjukskrivning"]


def test_query_params_follow_the_public_contract():
    situation = Situation(
        "2584",
        housing="sarskilt",
        level=3,
        place="specialiserad",
        needs=frozenset({"resor", "hjalpmedel"}),
    )
    assert situation.query_params() == [
        ("kommun", "2584"),
        ("inlagd", "nej"),
        ("boende", "sarskilt"),
        ("alder", "vuxen"),
        ("niva", "3"),
        ("plats", "specialiserad"),
        ("forlopp", "vet_ej"),
        ("behov", "hjalpmedel"),
        ("behov", "resor"),
        ("roll", "patient"),
    ]


@pytest.mark.parametrize(("cause", "applies_to_it"), [("stroke", True), ("demens", False),
                                                      ("vet_ej", False), ("", False)])  # fmt: skip
def test_a_rule_can_be_only_for_what_happened(cause, applies_to_it):
    stroke_only = rule(7, principal="kommun", reaches_health_centre="ja", cause="stroke")
    situation = Situation("0001", cause=cause)
    assert applies(stroke_only, situation, TODAY) is applies_to_it
    chosen = decide(situation, catalog([*THRESHOLD_RULES, stroke_only]), TODAY).main
    assert chosen.principal == ("kommun" if applies_to_it else "region")


def test_rules_for_two_different_things_that_happened_never_meet():
    stroke, dementia = rule(7, cause="stroke"), rule(8, principal="kommun", cause="demens")
    assert find_conflict(stroke, [dementia]) is None
    assert find_conflict(stroke, [replace(dementia, id=9, conditions={"cause": "stroke"})])


def test_the_homes_a_map_tells_apart_ask_reaching_only_in_ones_own_home():
    assert homes() == [
        ("ordinart", "ja"),
        ("ordinart", "nej"),
        ("sarskilt", ""),
        ("lss", ""),
        ("korttid", ""),
    ]


# The tie-break and the day boundaries (rules.choose, rules._overlap)


@pytest.mark.parametrize("order", [[5, 7, 9], [9, 7, 5], [7, 9, 5]])
def test_among_equally_specific_rules_the_lowest_id_wins_in_any_order(order):
    rules = [rule(id, principal={5: "region", 7: "kommun", 9: "annan"}[id]) for id in order]
    assert choose(rules, Situation("0001"), TODAY)[("topic", "rehabilitering")].id == 5


def test_a_more_specific_rule_wins_over_a_lower_id():
    rules = [rule(1, principal="region"), rule(2, principal="kommun", reaches_health_centre="nej")]
    chosen = choose(rules, Situation("0001", reaches_health_centre="nej"), TODAY)
    assert chosen[("topic", "rehabilitering")].id == 2


def until(day):
    return Source("Gäller till", "", TODAY, valid_to=day)


def from_(day):
    return Source("Gäller från", "", TODAY, valid_from=day)


def test_validity_ranges_that_share_one_day_conflict():
    old = rule(30, principal="region", source=until(date(2026, 12, 31)))
    new = rule(31, principal="kommun", source=from_(date(2026, 12, 31)))
    assert find_conflict(new, [old]).rule.id == 30
    # ...because on that day both apply and the map could not say which.
    assert applies(old, Situation("0001"), date(2026, 12, 31))
    assert applies(new, Situation("0001"), date(2026, 12, 31))


def test_validity_ranges_one_day_apart_do_not_conflict():
    old = rule(30, principal="region", source=until(date(2026, 12, 31)))
    new = rule(31, principal="kommun", source=from_(date(2027, 1, 1)))
    assert find_conflict(new, [old]) is None
    assert find_conflict(old, [new]) is None
    assert not applies(old, Situation("0001"), date(2027, 1, 1))
    assert not applies(new, Situation("0001"), date(2026, 12, 31))


def test_open_ended_ranges_overlap_from_their_later_start():
    both_from = [
        rule(30, principal="region", source=from_(date(2027, 1, 1))),
        rule(31, principal="kommun", source=from_(date(2027, 7, 1))),
    ]
    assert find_conflict(both_from[1], both_from[:1]).rule.id == 30
    both_until = [
        rule(30, principal="region", source=until(date(2026, 6, 30))),
        rule(31, principal="kommun", source=until(date(2026, 12, 31))),
    ]
    assert find_conflict(both_until[1], both_until[:1]).rule.id == 30
    # A dated rule and one that always holds overlap on the dated one's days.
    year = Source("2026", "", TODAY, valid_from=date(2026, 1, 1), valid_to=date(2026, 12, 31))
    assert find_conflict(rule(32, principal="kommun", source=year), [rule(33)]).rule.id == 33


def test_a_conflict_is_found_after_a_tied_rule_that_never_meets_the_new_one():
    never_meets = rule(1, principal="region", housing="sarskilt", in_hospital="ja")
    meets = rule(2, principal="region", age_group="barn", in_hospital="nej")
    new = rule(10, principal="kommun", in_hospital="nej", housing="ordinart")
    assert find_conflict(new, [never_meets, meets]).rule.id == 2


def test_a_municipalitys_own_more_specific_rule_settles_a_tie_there_only():
    a = rule(50, principal="kommun", municipality="0001", housing="sarskilt")
    b = rule(51, principal="region", municipality="0001", in_hospital="ja")
    settles = rule(
        52, principal="region", municipality="0001", housing="sarskilt", in_hospital="ja"
    )
    elsewhere = rule(
        53, principal="region", municipality="0002", housing="sarskilt", in_hospital="ja"
    )
    assert find_conflict(a, [b, settles]) is None
    assert find_conflict(a, [b, elsewhere]).rule.id == 51


def test_query_params_name_every_answer_and_dont_know():
    assert Situation("2584", reaches_health_centre="nej").query_params() == [
        ("kommun", "2584"),
        ("inlagd", "nej"),
        ("boende", "ordinart"),
        ("ta_sig", "nej"),
        ("alder", "vuxen"),
        ("niva", "vet_ej"),
        ("forlopp", "vet_ej"),
        ("roll", "patient"),
    ]


# What a rule goes before (rules.goes_before): the weaker rules of its group it meets somewhere.


def test_a_municipalitys_rule_goes_before_the_regions_rules_it_meets():
    own = rule(1, principal="kommun", municipality="0001", reaches_health_centre="nej")
    region = rule(2, principal="region")
    other_group = rule(3, topic="sjukresor")
    other_municipality = rule(4, municipality="0002")
    never_meets = rule(5, reaches_health_centre="ja")
    tied = rule(6, municipality="0001", in_hospital="ja")
    assert goes_before(own, [region, other_group, other_municipality, never_meets, tied]) == [
        region
    ]


def test_a_regions_rule_with_priority_goes_before_a_municipalitys_rule():
    first = replace(rule(1, principal="region"), priority=1)
    own = rule(2, principal="kommun", municipality="0001", in_hospital="ja")
    also_first = replace(rule(3, municipality="0001"), priority=1)
    assert goes_before(first, [own, also_first]) == [own]
    assert goes_before(own, [first]) == []


def test_a_rule_does_not_go_before_one_valid_on_other_days():
    later = rule(1, principal="kommun", municipality="0001", source=from_(date(2027, 1, 1)))
    earlier = rule(2, source=until(date(2026, 12, 31)))
    same_time = rule(3, source=until(date(2027, 1, 1)))
    assert goes_before(later, [earlier, same_time]) == [same_time]


def test_a_relative_always_gets_support_for_relatives_besides_the_ticked_needs():
    ticked = frozenset({"arbete"})
    assert wanted_needs(Situation("0001", role="narstaende", needs=ticked)) == {
        "arbete",
        "narstaende",
    }
    assert wanted_needs(Situation("0001", role="patient", needs=ticked)) == {"arbete"}


# Age is hierarchical (pathways.situation, Question.broader): a rule's `vuxen` is 18 or older.

AGE_RULES = [
    rule(70, principal="region"),
    rule(71, principal="kommun", age_group="vuxen"),
    rule(72, principal="privat", age_group="85plus"),
    rule(73, principal="forening", age_group="ung"),
]


@pytest.mark.parametrize(
    ("age", "winner"),
    [("barn", 70), ("ung", 73), ("vuxen", 71), ("85plus", 72)],
)
def test_a_narrower_age_beats_an_adults_rule_of_as_many_conditions(age, winner):
    situation = Situation("0001", age_group=age)
    assert choose(AGE_RULES, situation, TODAY)[("topic", "rehabilitering")].id == winner


@pytest.mark.parametrize("age", ["ung", "vuxen", "85plus"])
def test_an_adults_rule_applies_from_18(age):
    assert applies(rule(80, age_group="vuxen"), Situation("0001", age_group=age), TODAY)


@pytest.mark.parametrize(
    ("wanted", "age"),
    [("vuxen", "barn"), ("ung", "vuxen"), ("ung", "85plus"), ("85plus", "vuxen"), ("barn", "ung")],
)
def test_a_narrower_or_another_age_does_not_apply(wanted, age):
    assert not applies(rule(81, age_group=wanted), Situation("0001", age_group=age), TODAY)


def test_an_adults_rule_and_an_85_rule_that_disagree_are_not_a_conflict():
    adult, old = rule(82, principal="kommun", age_group="vuxen"), rule(83, age_group="85plus")
    assert find_conflict(old, [adult]) is None
    assert find_conflict(adult, [old]) is None


@pytest.mark.parametrize(
    ("a", "b", "met"),
    [
        ("vuxen", "85plus", "85plus"),
        ("85plus", "vuxen", "85plus"),
        ("ung", "vuxen", "ung"),
        ("vuxen", "vuxen", "vuxen"),
        ("ung", "85plus", None),
        ("barn", "vuxen", None),
        ("barn", "ung", None),
    ],
)
def test_two_age_rules_meet_where_the_narrower_age_is(a, b, met):
    shared = rules_module._overlap(rule(92, age_group=a), rule(93, age_group=b))
    assert (shared or {}).get("age_group") == met


def test_an_adults_rule_ties_with_an_equal_rule_for_85_and_older_too():
    adult = rule(84, principal="kommun", age_group="vuxen", housing="sarskilt")
    same = rule(86, principal="privat", housing="sarskilt", in_hospital="nej")
    assert find_conflict(same, [adult]).conditions == {
        "age_group": "vuxen",
        "housing": "sarskilt",
        "in_hospital": "nej",
    }


def test_a_tie_is_settled_by_a_broader_age_rule_that_covers_where_they_meet():
    a = rule(88, principal="kommun", age_group="85plus", housing="sarskilt")
    b = rule(89, principal="region", age_group="85plus", in_hospital="nej")
    where = {"age_group": "85plus", "housing": "sarskilt", "in_hospital": "nej"}
    assert find_conflict(a, [b]).conditions == where
    cover = rule(90, principal="region", age_group="vuxen", housing="sarskilt", in_hospital="nej")
    assert find_conflict(a, [b, cover]) is None
    child = rule(91, principal="region", age_group="barn", housing="sarskilt", in_hospital="nej")
    assert find_conflict(a, [b, child]) is not None


@pytest.mark.parametrize("housing", ["sarskilt", "lss", "korttid"])
def test_reaching_the_centre_is_not_read_outside_ones_own_home(housing):
    assert (
        Situation("0001", housing=housing, reaches_health_centre="nej").reaches_health_centre == ""
    )
    reaching = rule(94, principal="kommun", reaches_health_centre="nej")
    assert rules_module._overlap(reaching, rule(95, housing=housing)) is None
