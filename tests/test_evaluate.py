"""Evaluation mode: each expected value is worked out by hand from the rules in argmap.evaluate."""

import re
import subprocess
import sys

import pytest

from argmap.evaluate import LEVELS, RATINGS, RULES, STRENGTHS, evaluate, explain_rules, level_of
from argmap.graph import MapIndex
from helpers import build, claim, editable, reason

# Texts that never contain an id, so a test can tell a quotation from a bare id.
TEXTS = {
    "c1": "Sanctions have failed to change the regime's behaviour over thirty years of trying.",
    "c2": "The regime has kept testing missiles.",
    "c3": "Trade with the neighbour has grown.",
    "c4": "The figures come from the regime itself.",
    "c5": "Independent satellite data show the same.",
    "c6": "Experts disagree about the trend.",
}


def c(spec: str, rating: str | None = None):
    ident = spec.rstrip("*!?")
    return claim(spec, text=TEXTS[ident], rating=rating)


def amap(*claims, r=()):
    """build(), with an optional strength as each reason's fifth item."""
    reasons = [reason(ident, kind, premises, target, strength=rest[0] if rest else None)
               for ident, kind, premises, target, *rest in r]
    return build(*claims).model_copy(update={"reasons": reasons})


def quoted(ident: str) -> str:
    """The start of a claim's text as explanations quote it."""
    return "“" + TEXTS[ident][:20]


def test_a_strong_reason_with_accepted_premises_supports_well():
    m = amap(c("c1*"), c("c2", "accept"), r=[("r1", "+", ["c2"], "c1", "strong")])
    e = evaluate(m)
    # r1 = min(premise 1.0, strong 1.0) = 1.0; c1 = 1.0 × (1 − no objection 0) = 1.0
    assert e.reasons["r1"].value == 1.0 and e.reasons["r1"].level == "strong"
    assert e.claims["c1"].value == 1.0 and e.claims["c1"].level == "strong"
    assert e.claims["c1"].explanation.startswith("Well supported: its only reason is strong")
    assert "no objection stands against it" in e.claims["c1"].explanation
    assert e.claims["c2"].explanation == "Accepted: you accept it."


def test_a_rejected_co_premise_makes_a_linked_reason_worthless():
    m = amap(c("c1*"), c("c2", "accept"), c("c3", "reject"),
              r=[("r1", "+", ["c2", "c3"], "c1", "strong")])
    e = evaluate(m)
    # r1 = min(min(1.0, 0.0), 1.0) = 0.0; c1 = 0.0
    assert e.reasons["r1"].value == 0.0 and e.reasons["r1"].level == "none"
    assert e.reasons["r1"].explanation.startswith(f"No force: its weakest premise, {quoted('c3')}")
    assert "is rejected" in e.reasons["r1"].explanation
    assert e.claims["c1"].value == 0.0 and e.claims["c1"].explanation.startswith("Not supported:")


def test_of_convergent_reasons_the_best_counts():
    m = amap(c("c1*"), c("c2", "accept"), c("c3", "accept"),
              r=[("r1", "+", ["c2"], "c1", "weak"), ("r2", "+", ["c3"], "c1", "strong")])
    e = evaluate(m)
    # r1 = min(1.0, 1/3) = 1/3; r2 = min(1.0, 1.0) = 1.0; c1 = max(1/3, 1.0) = 1.0
    assert e.reasons["r1"].value == pytest.approx(1 / 3) and e.reasons["r1"].level == "weak"
    assert e.claims["c1"].value == 1.0
    assert f"the best of its 2 reasons, from {quoted('c3')}" in e.claims["c1"].explanation


def objected(*, objection_premise: str | None = "accept", extra: tuple = ()):
    """c1 (accepted) with the strong objection r1 from c2 against it."""
    return amap(c("c1", "accept"), c("c2", objection_premise), c("c3", "accept"),
                 r=[("r1", "-", ["c2"], "c1", "strong"), *extra])


def test_an_unanswered_strong_objection_defeats_its_target():
    e = evaluate(objected())
    # r1 = min(1.0, 1.0) = 1.0; c1 = 1.0 × (1 − 1.0) = 0.0
    assert e.claims["c1"].value == 0.0 and e.claims["c1"].level == "none"
    assert e.claims["c1"].explanation == (
        "Defeated: you accept it, but the objection “The regime has kept testing missiles” stands unanswered "
        "and defeats it.")


def test_an_objection_with_a_rejected_premise_no_longer_weakens():
    e = evaluate(objected(objection_premise="reject"))
    # r1 = min(0.0, 1.0) = 0.0; c1 = 1.0 × (1 − 0.0) = 1.0
    assert e.reasons["r1"].value == 0.0
    assert e.claims["c1"].value == 1.0
    assert "is answered, so it no longer weakens it" in e.claims["c1"].explanation


def test_a_rebuttal_answers_the_objection():
    # The rebuttal r2 (from c3, accepted) objects to r1's premise c2:
    # r2 = min(1.0, strong 1.0) = 1.0; c2 = 1.0 × (1 − 1.0) = 0.0; r1 = min(0.0, 1.0) = 0.0; c1 = 1.0 × (1 − 0) = 1.0
    e = evaluate(objected(extra=(("r2", "-", ["c3"], "c2", "strong"),)))
    assert e.claims["c2"].value == 0.0 and e.claims["c2"].explanation.startswith("Defeated:")
    assert e.reasons["r1"].value == 0.0
    assert e.claims["c1"].value == 1.0 and e.claims["c1"].level == "strong"
    assert "is answered" in e.claims["c1"].explanation


def test_an_objection_to_the_objection_itself_answers_it_too():
    # r2 undercuts r1: r1 = min(1.0, 1.0) × (1 − 1.0) = 0.0; c1 = 1.0
    e = evaluate(objected(extra=(("r2", "-", ["c3"], "r1", "strong"),)))
    assert e.reasons["r1"].value == 0.0
    assert "defeats its inference" in e.reasons["r1"].explanation
    assert e.claims["c1"].value == 1.0


def test_an_undercutter_lowers_the_reason():
    m = amap(c("c1*"), c("c2", "accept"), c("c3", "accept"),
              r=[("r1", "+", ["c2"], "c1", "strong"), ("u1", "-", ["c3"], "r1", "moderate")])
    e = evaluate(m)
    # u1 = min(1.0, 2/3) = 2/3; r1 = min(1.0, 1.0) × (1 − 2/3) = 1/3; c1 = 1/3
    assert e.reasons["u1"].value == pytest.approx(2 / 3) and e.reasons["u1"].level == "moderate"
    assert e.reasons["r1"].value == pytest.approx(1 / 3) and e.reasons["r1"].level == "weak"
    assert f"but the objection {quoted('c3')}" in e.reasons["r1"].explanation
    assert "undercuts it" in e.reasons["r1"].explanation
    assert e.claims["c1"].value == pytest.approx(1 / 3)
    assert e.claims["c1"].explanation.startswith("Weakly supported: its only reason is weak")
    assert "an objection undercuts it" in e.claims["c1"].explanation


def test_unrated_claims_count_as_doubtful_and_reasons_as_moderate():
    m = amap(c("c1*"), c("c2"), r=[("r1", "+", ["c2"], "c1")])
    e = evaluate(m)
    # c2 = doubtful 0.5; r1 = min(0.5, moderate 2/3) = 0.5; c1 = 0.5
    assert e.claims["c2"].value == 0.5
    assert e.claims["c2"].explanation == "Doubtful: it is not rated yet, counted as doubtful."
    assert e.reasons["r1"].value == 0.5
    assert "Its strength is not rated yet, counted as moderate." in e.reasons["r1"].explanation
    assert e.claims["c1"].value == 0.5 and e.claims["c1"].level == "moderate"
    assert e.claims["c1"].explanation.startswith("Partly supported:")


def test_an_unrated_reason_that_binds_says_so_once():
    m = amap(c("c1*"), c("c2", "accept"), r=[("r1", "+", ["c2"], "c1")])
    e = evaluate(m)
    # r1 = min(1.0, moderate 2/3) = 2/3
    assert e.reasons["r1"].value == pytest.approx(2 / 3)
    assert e.reasons["r1"].explanation == "Moderate: its strength is not rated yet, counted as moderate."


def test_reasoning_in_a_circle_counts_as_doubtful_and_is_explained():
    m = amap(c("c1*"), c("c2"), r=[("r1", "+", ["c2"], "c1", "strong"),
                                    ("r2", "+", ["c1"], "c2", "strong")])
    e = evaluate(m)
    # From c1 (first in the file): c1 → r1 → c2 → r2 → c1 again, which counts as 0.5.
    # r2 = min(0.5, 1.0) = 0.5; c2 = 0.5; r1 = min(0.5, 1.0) = 0.5; c1 = 0.5
    assert [e.claims[k].value for k in ("c1", "c2")] == [0.5, 0.5]
    assert "this claim ends up resting on itself" in e.claims["c1"].explanation
    assert f"goes in a circle: {quoted('c1')}" in e.claims["c2"].explanation
    assert "counts as doubtful here, as the reasoning goes in a circle" in e.reasons["r2"].explanation


def test_a_claim_given_as_its_own_reason_and_a_reason_undercutting_itself_do_not_loop():
    m = amap(c("c1"), c("c2", "accept"), r=[("r1", "+", ["c1"], "c1", "strong"),
                                             ("r2", "-", ["c2"], "r2", "strong")])
    e = evaluate(m)
    # r1 = min(c1 met again 0.5, 1.0) = 0.5; c1 = 0.5
    assert e.claims["c1"].value == 0.5 and "circle" in e.claims["c1"].explanation
    # r2 = min(1.0, 1.0) × (1 − r2 met again 0.5) = 0.5
    assert e.reasons["r2"].value == 0.5 and "circle" in e.reasons["r2"].explanation


def test_missing_premises_and_targets_are_ignored_with_a_note():
    m = amap(c("c1"), c("c2", "accept"), r=[("r1", "+", ["c2", "gone"], "c1", "strong"),
                                             ("r2", "-", ["c2"], "nowhere", "weak"),
                                             ("r3", "+", ["gone"], "c1", "strong")])
    e = evaluate(m)
    # r1 = min(1.0, 1.0) = 1.0 (the missing premise ignored); r3 has no premise on the map: 0
    assert e.reasons["r1"].value == 1.0
    assert "One of its premises is missing from the map and is ignored." in e.reasons["r1"].explanation
    assert "missing from the map, so it changes nothing" in e.reasons["r2"].explanation
    assert e.reasons["r3"].value == 0.0 and "no premises on the map" in e.reasons["r3"].explanation
    assert e.claims["c1"].value == 1.0


def test_a_long_chain_evaluates_without_recursion_error():
    n = 50_000
    claims = [claim(f"c{i}", text=f"Step {i} of the chain.") for i in range(n)]
    claims[-1] = claims[-1].model_copy(update={"rating": "accept"})
    reasons = [(f"r{i}", "+", [f"c{i + 1}"], f"c{i}", "strong") for i in range(n - 1)]
    e = evaluate(amap(*claims, r=reasons))
    # every reason = min(1.0, 1.0) = 1.0, all the way up
    assert len(e.claims) == n and e.claims["c0"].value == 1.0


def test_a_long_chain_of_objections_alternates():
    n = 50_000
    claims = [claim(f"c{i}", text=f"Reply {i}.", rating="accept") for i in range(n)]
    reasons = [(f"r{i}", "-", [f"c{i + 1}"], f"c{i}", "strong") for i in range(n - 1)]
    e = evaluate(amap(*claims, r=reasons))
    # the last reply stands (1.0), so the one before falls (1.0 × (1 − 1.0) = 0), so the one before stands...
    assert e.claims[f"c{n - 1}"].value == 1.0 and e.claims[f"c{n - 2}"].value == 0.0
    assert e.claims["c0"].value == (1.0 if (n - 1) % 2 == 0 else 0.0)


def test_the_students_rating_is_reported_beside_what_follows():
    m = amap(
        c("c1", "accept"), c("c2", "accept"), c("c3", "reject"), c("c4", "accept"), c("c5", "accept"),
        c("c6", "accept"),
        r=[("r1", "+", ["c2"], "c1", "weak"), ("r2", "+", ["c4"], "c3", "strong"),
           ("r3", "+", ["c5"], "c6", "strong")])
    e = evaluate(m)
    # c1: min(1.0, 1/3) = 1/3, weak, though accepted; c3: min(1.0, 1.0) = 1.0, though rejected; c6 agrees
    assert e.claims["c1"].explanation.endswith("You accept this, but its reasons give it only weak support.")
    assert e.claims["c3"].explanation.endswith("You reject this, yet its reasons support it well.")
    assert e.claims["c6"].explanation.endswith("You accept this too.")


def test_a_rating_beside_an_objection_says_so():
    m = amap(c("c1", "accept"), c("c2", "accept"), c("c3", "accept"),
              r=[("r1", "+", ["c2"], "c1", "strong"), ("r2", "-", ["c3"], "c1", "weak")])
    e = evaluate(m)
    # r1 = 1.0; r2 = min(1.0, 1/3) = 1/3; c1 = 1.0 × (1 − 1/3) = 2/3: moderate, below the student's "accept"
    assert e.claims["c1"].value == pytest.approx(2 / 3)
    assert e.claims["c1"].explanation.startswith("Weakened: its only reason is strong")
    assert "stands unanswered" in e.claims["c1"].explanation
    assert e.claims["c1"].explanation.endswith(
        "You accept this, but with the objection against it, it has only partial support.")


@pytest.mark.parametrize("name", ["drezner-north-korean-troops", "tutorial", "exercise-find-the-faults"])
def test_explanations_quote_claims_and_never_show_bare_ids(name):
    m = editable(name)
    ratings = ["accept", "doubtful", "reject", None]
    strengths = ["strong", "moderate", "weak", "irrelevant", None]
    m = m.model_copy(update={
        "claims": [x.model_copy(update={"rating": ratings[i % 4]}) for i, x in enumerate(m.claims)],
        "reasons": [x.model_copy(update={"strength": strengths[i % 5]}) for i, x in enumerate(m.reasons)],
    })
    e = evaluate(m, MapIndex(m))
    ids = {x.id for x in m.claims} | {x.id for x in m.reasons}
    for result in [*e.claims.values(), *e.reasons.values()]:
        assert result.level in LEVELS and 0.0 <= result.value <= 1.0
        assert result.level == level_of(result.value)
        unquoted = re.sub(r"“[^”]*”", "", result.explanation)
        assert not set(re.findall(r"[A-Za-z0-9_:\-]+", unquoted)) & ids, result.explanation
        assert result.explanation.endswith(".")


def test_explanations_of_a_small_map_name_no_ids():
    e = evaluate(objected(extra=(("r2", "-", ["c3"], "c2", "strong"),)))
    for result in [*e.claims.values(), *e.reasons.values()]:
        assert not re.search(r"\b(c[1-6]|r[12])\b", result.explanation), result.explanation


def test_rated_counts():
    m = amap(c("c1"), c("c2", "accept"), c("c3", "reject"), r=[("r1", "+", ["c2"], "c1", "weak"),
                                                                ("r2", "+", ["c3"], "c1")])
    e = evaluate(m)
    assert (e.rated_claims, e.rated_reasons) == (2, 1)
    assert e.rated_share() == pytest.approx(3 / 5)
    assert e.progress() == "2 of 3 claims and 1 of 2 reasons rated"
    assert evaluate(build()).rated_share() == 1.0


def test_tables_and_levels():
    assert LEVELS == ("none", "weak", "moderate", "strong")
    assert RATINGS == {"accept": 1.0, "doubtful": 0.5, "reject": 0.0}
    assert STRENGTHS["moderate"] == pytest.approx(2 / 3)
    # 2/3 is a little under the true value in binary and must still be moderate
    assert [level_of(v) for v in (0.0, 1 / 3, 0.5, 2 / 3, 0.75, 1.0)] == [
        "none", "weak", "moderate", "moderate", "strong", "strong"]


def test_the_rules_in_the_docstring_are_the_rules_explained():
    import argmap.evaluate

    doc = " ".join(argmap.evaluate.__doc__.split()).replace('"', "")
    for n, rule in enumerate(RULES, 1):
        assert f"{n}. {rule.replace(chr(34), '')}" in doc
    assert explain_rules().startswith("1. Ratings count as numbers")
    assert explain_rules().count("\n\n") == len(RULES) - 1


def test_evaluate_does_not_import_qt():
    code = "import sys, argmap.evaluate; print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
