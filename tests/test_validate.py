"""Every rule, shown firing on a map that breaks it and silent on one that does not."""

import pytest

from argmap.model import Claim, Quotation, Source
from argmap.validate import RULES, Severity, claims_with_findings, has_errors, validate
from helpers import build

# A small map with none of the faults: a linked reason, a convergent reason,
# an answered objection and an undercutter.
SOUND = dict(
    claims=("c1*", "c2!", "c3", "c4?", "c5", "c6", "c7", "c8", "c9"),
    r=[
        ("r1", "+", ["c2", "c4"], "c1"),
        ("r2", "+", ["c3", "c9"], "c2"),
        ("r3", "-", ["c5"], "c1"),
        ("r4", "-", ["c6"], "c5"),
        ("r5", "+", ["c7", "c8"], "c1"),
        ("r6", "-", ["c9"], "r5"),
    ],
)


def sound(**changes):
    spec = {**SOUND, **changes}
    return build(*spec["claims"], r=spec["r"])


def codes(m, **kw):
    return [f.code for f in validate(m, **kw)]


def test_sound_map_has_no_findings():
    assert validate(sound()) == []


def test_every_rule_has_a_code_severity_and_summary():
    assert len({r.code for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.summary and isinstance(rule.severity, Severity)


def test_empty_map_is_fine():
    assert validate(build()) == []


# -- conclusions need reasons -------------------------------------------------

def test_main_conclusion_without_reasons():
    m = build("c1*", "c2", r=[("r1", "-", ["c2"], "c1")])
    found = [f for f in validate(m) if f.code == "conclusion-without-reasons"]
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.ERROR and f.claim_ids == ("c1",)
    assert f.message.startswith("The main conclusion has no reasons yet")
    assert "objections are not reasons" in f.message


def test_flagged_conclusion_without_reasons():
    m = build("c1*", "c2!", "c3", r=[("r1", "+", ["c2", "c3"], "c1")])
    f = next(f for f in validate(m) if f.code == "conclusion-without-reasons")
    assert f.message.startswith("This conclusion has no reasons yet") and f.claim_ids == ("c2",)


def test_conclusion_whose_only_reason_is_empty_still_lacks_reasons():
    m = build("c1*", r=[("r1", "+", [], "c1")])
    assert codes(m) == ["conclusion-without-reasons", "reason-without-premises"]


def test_unflagged_unsupported_claim_is_not_a_conclusion():
    assert "conclusion-without-reasons" not in codes(sound())


# -- main conclusion ------------------------------------------------------------

def test_no_main_conclusion():
    m = build("c1", "c2", r=[("r1", "+", ["c2"], "c1")])
    assert "no-main-conclusion" in codes(m)
    assert "not-connected" not in codes(m)  # nothing to be connected to


def test_several_main_conclusions():
    m = build("c1*", "c2*", "c3", "c4", r=[("r1", "+", ["c3"], "c1"), ("r2", "+", ["c4"], "c2")])
    f = next(f for f in validate(m) if f.code == "several-main-conclusions")
    assert f.claim_ids == ("c1", "c2") and "2 main conclusions" in f.message


def test_several_main_conclusions_on_purpose():
    m = build("c1*", "c2*", "c3", "c4", r=[("r1", "+", ["c3"], "c1"), ("r2", "+", ["c4"], "c2")],
              several_main_conclusions=True)
    assert "several-main-conclusions" not in codes(m)
    assert "not-connected" not in codes(m)


def test_main_conclusion_used_as_premise():
    m = build("c1*", "c2!", "c3", r=[("r1", "+", ["c3"], "c1"), ("r2", "+", ["c1", "c3"], "c2")])
    f = next(f for f in validate(m) if f.code == "main-conclusion-as-premise")
    assert f.claim_ids == ("c1",) and f.reason_ids == ("r2",)
    assert "main-conclusion-as-premise" not in codes(sound())


# -- references -------------------------------------------------------------------

def test_missing_premise():
    m = sound(r=SOUND["r"] + [("r7", "+", ["ghost", "c3"], "c1")])
    f = next(f for f in validate(m) if f.code == "missing-premise")
    assert "'ghost'" in f.message and f.reason_ids == ("r7",) and f.claim_ids == ("c1",)


def test_missing_target():
    m = sound(r=SOUND["r"] + [("r7", "-", ["c3"], "nowhere")])
    f = next(f for f in validate(m) if f.code == "missing-target")
    assert "'nowhere'" in f.message and f.claim_ids == ("c3",)


def test_premise_that_is_a_reason():
    m = sound(r=SOUND["r"] + [("r7", "+", ["r1"], "c3")])
    assert "premise-not-a-claim" in codes(m)


def test_reason_pointing_at_itself():
    m = sound(r=SOUND["r"] + [("r7", "-", ["c3"], "r7")])
    assert "reason-targets-itself" in codes(m)


def test_reason_without_premises():
    m = sound(r=SOUND["r"] + [("r7", "-", [], "c1")])
    f = next(f for f in validate(m) if f.code == "reason-without-premises")
    assert f.reason_ids == ("r7",) and f.claim_ids == ("c1",)


def test_duplicate_ids_in_memory():
    m = sound()
    m.claims.append(Claim(id="c3", text="Another claim with the same id."))
    m.claims.append(Claim(id="r1", text="A claim with a reason's id."))
    dup = [f for f in validate(m) if f.code == "duplicate-id"]
    assert {f.claim_ids for f in dup} == {("c3",), ("r1",)}
    assert any("r1" in f.reason_ids for f in dup)


# -- self-reference and circles ------------------------------------------------------

def test_self_support():
    m = sound(r=SOUND["r"] + [("r7", "+", ["c3", "c2"], "c2")])
    f = next(f for f in validate(m) if f.code == "self-support")
    assert f.claim_ids == ("c2",) and f.reason_ids == ("r7",)
    assert "circular-reasoning" not in codes(m)


def test_self_objection():
    m = sound(r=SOUND["r"] + [("r7", "-", ["c5"], "c5")])
    assert "self-objection" in codes(m)


def test_circular_reasoning_names_the_claims_in_order():
    m = build("c1*", "a", "b", "c", "d",
              r=[("r1", "+", ["a", "d"], "c1"), ("r2", "+", ["b"], "a"), ("r3", "+", ["c"], "b"),
                 ("r4", "+", ["a"], "c")])
    f = next(f for f in validate(m) if f.code == "circular-reasoning")
    assert set(f.claim_ids) == {"a", "b", "c"} and set(f.reason_ids) == {"r2", "r3", "r4"}
    assert "3 claims" in f.message and "Claim a" in f.message
    assert f.message.index("→") > 0


def test_attack_cycles_are_not_circular_reasoning():
    m = sound(r=SOUND["r"] + [("r7", "-", ["c5"], "c6")])
    assert "circular-reasoning" not in codes(m)


# -- claims ------------------------------------------------------------------------

def test_empty_claim_text():
    m = sound()
    m.claims[2] = Claim(id="c3", text="   \n")
    f = next(f for f in validate(m) if f.code == "empty-claim")
    assert f.claim_ids == ("c3",)


def test_not_connected_single_claim():
    m = sound(claims=SOUND["claims"] + ("stray",))
    f = next(f for f in validate(m) if f.code == "not-connected")
    assert f.claim_ids == ("stray",) and f.severity is Severity.WARNING
    assert "not connected to the main conclusion" in f.message


def test_not_connected_side_argument_is_one_finding():
    m = sound(claims=SOUND["claims"] + ("x", "y", "z"), r=SOUND["r"] + [("r7", "+", ["y", "z"], "x")])
    found = [f for f in validate(m) if f.code == "not-connected"]
    assert len(found) == 1
    assert found[0].claim_ids == ("x", "y", "z") and found[0].reason_ids == ("r7",)
    assert "3 claims" in found[0].message and "Claim x" in found[0].message


def test_claim_that_only_receives_from_the_main_argument_is_not_connected():
    # c1 is used as support for a side claim: that side claim does not lead to c1.
    m = sound(claims=SOUND["claims"] + ("side",), r=SOUND["r"] + [("r7", "+", ["c3", "c9"], "side")])
    assert [f.claim_ids for f in validate(m) if f.code == "not-connected"] == [("side",)]


def test_duplicate_premise_and_duplicate_reason():
    m = sound(r=SOUND["r"] + [("r7", "+", ["c7", "c7"], "c1"), ("r8", "+", ["c8", "c7"], "c1")])
    got = codes(m)
    assert "duplicate-premise" in got
    dup = next(f for f in validate(m) if f.code == "duplicate-reason")
    assert dup.reason_ids == ("r5", "r8")


# -- hints ---------------------------------------------------------------------------

def test_single_premise_hint():
    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
    f = next(f for f in validate(m) if f.code == "single-premise")
    assert f.severity is Severity.HINT and "hidden premise" in f.message
    assert f.claim_ids == ("c2", "c1")


def test_single_premise_hint_is_for_support_only():
    assert "single-premise" not in codes(sound())  # r3, r4, r6 are one-premise objections


def test_unanswered_objection_to_main_conclusion():
    m = sound(r=[r for r in SOUND["r"] if r[0] != "r4"], claims=tuple(c for c in SOUND["claims"] if c != "c6"))
    f = next(f for f in validate(m) if f.code == "unanswered-objection")
    assert f.reason_ids == ("r3",) and f.claim_ids == ("c5",)


def test_objection_answered_by_undercutting_it():
    r = [x for x in SOUND["r"] if x[0] != "r4"] + [("r4", "-", ["c6"], "r3")]
    assert "unanswered-objection" not in codes(sound(r=r))


# -- quotations -------------------------------------------------------------------------

ARTICLE = "North Korea has sent troops to Russia.\nThe move seems  like a bad deal for Russia."


def quoted(text, start=None):
    m = sound()
    m.claims[2] = Claim(id="c3", text="x", quotation=Quotation(text=text, start=start))
    return m


def test_quotation_found_in_attached_source():
    assert validate(quoted("seems like a bad deal"), source_text=ARTICLE) == []  # whitespace-insensitive
    assert validate(quoted("North Korea", start=0), source_text=ARTICLE) == []


def test_quotation_missing_from_attached_source():
    f = next(f for f in validate(quoted("a good deal"), source_text=ARTICLE))
    assert f.code == "quotation-not-in-source" and f.claim_ids == ("c3",)


def test_quotations_not_checked_without_a_source():
    assert validate(quoted("a good deal")) == []


def test_embedded_source_text_is_used():
    m = quoted("a good deal")
    m.source = Source(title="t", text=ARTICLE)
    assert codes(m) == ["quotation-not-in-source"]


# -- helpers for the app ---------------------------------------------------------------------

def test_errors_come_first_and_badges_take_the_worst():
    m = build("c1*", "c2", "c3", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "c2"), ("r3", "+", ["c2"], "c3")])
    findings = validate(m)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks)
    assert has_errors(findings)
    badges = claims_with_findings(findings)
    assert badges["c2"] is Severity.ERROR and badges["c1"] is Severity.HINT
    assert not has_errors(validate(sound()))


def test_findings_serialise_for_machines():
    f = validate(build("c1*"))[0]
    assert f.to_json() == {"code": "conclusion-without-reasons", "severity": "error",
                           "message": f.message, "claims": ["c1"], "reasons": []}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_rule_is_exercised_by_this_file(rule):
    # Guards against adding a rule without a test that shows it firing.
    import pathlib
    assert f'"{rule.code}"' in pathlib.Path(__file__).read_text()


# -- cases found in review ---------------------------------------------------------------

def test_objections_aimed_at_each_other_do_not_crash():
    m = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2", "c3"], "c1"), ("u1", "-", ["c4", "c9"], "u2"),
                                          ("u2", "-", ["c4"], "u1")])
    found = validate(m)
    assert "missing-premise" in [f.code for f in found]
    assert any("another reason" in f.message for f in found)


def test_knot_names_one_circle_and_highlights_every_claim_in_it():
    m = build("c1*", "a", "b", "c", "d", r=[("r0", "+", ["a"], "c1"), ("r1", "+", ["b"], "a"), ("r2", "+", ["a"], "b"),
                                            ("r3", "+", ["c"], "b"), ("r4", "+", ["b"], "c"), ("r5", "+", ["d"], "c"),
                                            ("r6", "+", ["c"], "d")])
    (f,) = [f for f in validate(m) if f.code == "circular-reasoning"]
    assert f.claim_ids == ("a", "b", "c", "d")
    assert f.message.count("→") == 2 and "2 more claims" in f.message
    assert set(f.reason_ids) == {"r1", "r2", "r3", "r4", "r5", "r6"}


def test_cycle_messages_do_not_depend_on_the_hash_seed():
    import subprocess
    import sys

    code = (
        "from helpers import build; from argmap.validate import validate;"
        "m = build('m*', *[f'x{i}' for i in range(10)], r=[(f'y{i}', '+', [f'x{i}', f'x{(i + 3) % 10}'], f'x{(i + 1) % 10}')"
        " for i in range(10)]);"
        "print([f.message for f in validate(m)])"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": ":".join(sys.path)}).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(outs) == 1


def test_a_loose_circle_is_described_as_a_circle():
    m = sound(claims=SOUND["claims"] + ("x", "y"), r=SOUND["r"] + [("r7", "+", ["x"], "y"), ("r8", "+", ["y"], "x")])
    f = next(f for f in validate(m) if f.code == "not-connected")
    assert "lead only to each other" in f.message


def test_unanswered_objection_names_its_claims_not_missing_ids():
    m = build("c1*", "c2", "c3", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["zz", "c3"], "c1")])
    f = next(f for f in validate(m) if f.code == "unanswered-objection")
    assert "zz" not in f.message and "Claim c3" in f.message


def test_main_conclusion_used_in_an_objection():
    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c1"], "r1")])
    assert "main-conclusion-as-premise" in [f.code for f in validate(m)]


def test_many_separate_cycles_are_each_reported():
    claims = ["m*"] + [f"a{i}" for i in range(300)] + [f"b{i}" for i in range(300)]
    r = [(f"p{i}", "+", [f"a{i}"], f"b{i}") for i in range(300)] + [(f"q{i}", "+", [f"b{i}"], f"a{i}") for i in range(300)]
    found = [f for f in validate(build(*claims, r=r)) if f.code == "circular-reasoning"]
    assert len(found) == 300 and found[0].claim_ids == ("a0", "b0")
