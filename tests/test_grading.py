"""Scores against a model answer: full marks for the answer itself, and each fault costs its own part."""

import pytest

from argmap.grading import PARTS, grade, report_markdown
from argmap.graph import MapIndex
from argmap.model import Claim, Rubric
from helpers import build, editable


@pytest.fixture
def op_ed():
    return editable("drezner-north-korean-troops")


def _leaf_support(m):
    """A support reason nothing bears on, whose premises nothing bears on either, on a claim with other support."""
    ix = MapIndex(m)
    for r in m.reasons:
        if (r.kind == "support" and not ix.reasons_on.get(r.id) and len(ix.supports(r.target)) > 1
                and all(not ix.reasons_on.get(p) and len(ix.premise_of[p]) == 1 for p in r.premises)):
            return r
    raise AssertionError("the op-ed map has no such reason")


def _changed_parts(before, after):
    return {p for p in PARTS if after.parts[p] != before.parts[p]}


def test_the_model_answer_gets_full_marks(op_ed):
    g = grade(op_ed, op_ed)
    assert g.score == 100 and all(v == 1.0 for v in g.parts.values())
    assert g.explanations["main_conclusion"] == "The main conclusion is found."


def test_removing_a_reason_costs_only_the_reasons_part(op_ed):
    full = grade(op_ed, op_ed)
    student = op_ed.model_copy(deep=True)
    r = _leaf_support(student)
    student.reasons = [x for x in student.reasons if x.id != r.id]
    student.claims = [c for c in student.claims if c.id not in r.premises]
    g = grade(student, op_ed)
    assert _changed_parts(full, g) == {"reasons"}
    supports = sum(1 for x in op_ed.reasons if x.kind == "support")
    assert g.parts["reasons"] == pytest.approx(1 - 1 / supports)
    assert g.score < full.score


def test_a_support_drawn_as_an_objection_costs_only_the_reasons_part(op_ed):
    full = grade(op_ed, op_ed)
    student = op_ed.model_copy(deep=True)
    r = next(x for x in student.reasons if x.id == _leaf_support(student).id)
    r.kind = "objection"
    g = grade(student, op_ed)
    assert _changed_parts(full, g) == {"reasons"}
    assert any(x.status == "wrong_kind" and x.reference == r.id for x in g.comparison.reasons)


def test_a_premise_moved_to_another_claim_costs_only_the_reasons_part(op_ed):
    full = grade(op_ed, op_ed)
    student = op_ed.model_copy(deep=True)
    r = next(x for x in student.reasons if x.id == _leaf_support(student).id)
    other = next(c.id for c in student.claims if c.main_conclusion)
    assert r.target != other
    r.target = other
    g = grade(student, op_ed)
    assert _changed_parts(full, g) == {"reasons"}
    assert any(x.status == "wrong_target" and x.reference == r.id for x in g.comparison.reasons)


def test_structural_errors_cost_the_structure_part_by_the_rubric():
    ref = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")], rubric=Rubric(error_cost=0.5))
    student = build("c1*", "c2", "c9!", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c2"], "gone")])
    g = grade(student, ref)
    assert len(g.errors) >= 2 and g.parts["structure"] == 0.0
    assert g.parts["main_conclusion"] == g.parts["reasons"] == 1.0


def test_the_rubric_weights_the_parts():
    ref = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")],
                rubric=Rubric(main_conclusion=1, reasons=3, objections=0, structure=0))
    student = build(Claim(id="x", text="Claim c1.", main_conclusion=False), "c2!")
    g = grade(student, ref)
    # main conclusion found but not marked: 0.5; its reason missing: 0.  (1 × 0.5 + 3 × 0) / 4 = 12.5
    assert g.parts["main_conclusion"] == 0.5 and g.parts["reasons"] == 0.0
    assert g.score == pytest.approx(12.5)
    assert "not marked as the main conclusion" in g.explanations["main_conclusion"]


def test_the_same_inputs_always_give_the_same_output(op_ed):
    student = op_ed.model_copy(deep=True)
    student.reasons = student.reasons[2:]
    for c in student.claims[::3]:
        c.quotation = None
    first = grade(student, op_ed)
    text = report_markdown(first, "Ana", "Model")
    for _ in range(3):
        again = grade(student, op_ed)
        assert again.row() == first.row() and report_markdown(again, "Ana", "Model") == text


def test_the_report_explains_the_score_in_plain_words_and_escapes_claims():
    ref = build("c1*", "c2", "c3", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c3"], "c1")])
    student = build(Claim(id="c1", text="Claim c1.", main_conclusion=True),
                    "c2", Claim(id="z", text="<b>My own</b> *point*"), r=[("r1", "+", ["c2", "z"], "c1")])
    text = report_markdown(grade(student, ref), "Ana_B", "Model answer")
    assert text.startswith("# Ana\\_B: ")
    assert "| Main conclusion | 100 % |" in text
    assert "The objection “Claim c3” to “Claim c1” is missing." in text
    assert "## Claims the model answer does not have" in text
    assert "\\<b\\>My own\\</b\\> \\*point\\*" in text or "&lt;b&gt;" in text


def test_a_main_conclusion_that_only_stands_in_the_right_place_earns_half(op_ed):
    student = build(Claim(id="x", text="asdf", main_conclusion=True))
    g = grade(student, op_ed)
    assert g.parts["main_conclusion"] == 0.5
    assert "your teacher will check" in g.explanations["main_conclusion"]


def test_an_empty_map_scores_nothing(op_ed):
    g = grade(build(), op_ed)
    assert g.score == 0 and g.parts["structure"] == 0
    assert "Nothing in the map matches" in g.explanations["structure"]
