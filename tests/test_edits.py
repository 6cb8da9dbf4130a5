"""Every edit: apply then revert gives back the map exactly; apply again is stable."""

import pytest

from argmap import edits
from argmap.io.presets import preset
from argmap.validate import validate
from helpers import build


def tutorial():
    return preset("tutorial").load()


EDITS = {
    "add support": lambda m: edits.add_support(m, "c1", "A new reason."),
    "add objection": lambda m: edits.add_objection(m, "c2", "A new objection."),
    "add rebuttal": lambda m: edits.add_rebuttal(m, "c9", "A reply."),
    "add undercutter": lambda m: edits.add_undercutter(m, "r1", "The step fails."),
    "add co-premise": lambda m: edits.add_co_premise(m, "r2", "Also this.", after="c4"),
    "add claim": lambda m: edits.add_claim(m, "Loose."),
    "set text": lambda m: edits.set_text(m, "c5", "Teenagers need sleep."),
    "mark hidden": lambda m: edits.set_claim_fields(m, "c5", "Mark Hidden", hidden=True),
    "set scheme": lambda m: edits.set_reason_fields(m, "r1", "Set Scheme", scheme="practical reasoning"),
    "set main": lambda m: edits.set_main_conclusion(m, "c2"),
    "delete leaf": lambda m: edits.delete(m, ["c10"]),
    "delete branch": lambda m: edits.delete(m, ["c2"]),
    "delete co-premise": lambda m: edits.delete(m, ["c5"]),
    "delete reason": lambda m: edits.delete(m, reason_ids=["r3"]),
    "delete several": lambda m: edits.delete(m, ["c9", "c4"], ["r6"]),
    "move sole premise": lambda m: edits.move_claim(m, "c7", "c2"),
    "move co-premise": lambda m: edits.move_claim(m, "c5", "c1", "support"),
    "move as objection": lambda m: edits.move_claim(m, "c10", "c1", "objection"),
    "reorder": lambda m: edits.move_sibling(m, "r3", -1),
}


@pytest.mark.parametrize("name", EDITS)
def test_apply_revert_restores_the_map(name):
    m = tutorial()
    before = m.model_dump()
    op = EDITS[name](m)
    op.apply(m)
    after = m.model_dump()
    assert after != before
    op.revert(m)
    assert m.model_dump() == before
    op.apply(m)
    assert m.model_dump() == after
    op.revert(m)
    assert m.model_dump() == before


def test_added_reason_joins_a_new_claim_to_its_target():
    m = tutorial()
    op = edits.add_support(m, "c1", "New.")
    op.apply(m)
    (cid,) = op.selection
    r = m.reasons[-1]
    assert (r.kind, r.premises, r.target) == ("support", [cid], "c1")
    assert m.claim(cid).text == "New."


def test_undercutter_targets_the_reason():
    m = tutorial()
    op = edits.add_undercutter(m, "r1")
    op.apply(m)
    assert m.reasons[-1].target == "r1" and m.reasons[-1].kind == "objection"


def test_rebuttal_needs_an_objection():
    with pytest.raises(edits.EditError):
        edits.add_rebuttal(tutorial(), "c4")


def test_co_premise_goes_where_asked():
    m = tutorial()
    op = edits.add_co_premise(m, "r2", after="c4")
    op.apply(m)
    assert m.reason("r2").premises[1] == op.selection[0]


def test_deleting_a_conclusion_takes_its_branch():
    m = tutorial()
    edits.delete(m, ["c2"]).apply(m)
    ids = {c.id for c in m.claims}
    assert not ids & {"c2", "c4", "c5", "c6"}
    assert m.reason("r2") is None
    assert m.reason("r1").premises == ["c3"]  # the co-premise stays with its reason


def test_deleting_a_reason_keeps_premises_used_elsewhere():
    m = build("c1*", "c2!", "a", "b", r=[("r1", "+", ["c2", "a"], "c1"), ("r2", "+", ["a", "b"], "c2")])
    edits.delete(m, reason_ids=["r2"]).apply(m)
    assert {c.id for c in m.claims} == {"c1", "c2", "a"}


def test_deleting_the_last_premise_deletes_the_reason_and_its_undercutters():
    m = tutorial()
    edits.delete(m, ["c7", "c8"]).apply(m)
    assert m.reason("r3") is None and m.reason("r6") is None and m.claim("c11") is None
    assert validate(m) == []


def test_tutorial_stays_valid_after_deleting_an_objection():
    m = tutorial()
    edits.delete(m, ["c9"]).apply(m)
    assert m.claim("c10") is None and validate(m) == []


def test_move_cannot_go_under_its_own_branch():
    with pytest.raises(edits.EditError):
        edits.move_claim(tutorial(), "c2", "c4")


def test_move_co_premise_gets_its_own_reason():
    m = tutorial()
    edits.move_claim(m, "c5", "c1").apply(m)
    assert "c5" not in m.reason("r2").premises
    assert any(r.premises == ["c5"] and r.target == "c1" for r in m.reasons)


def test_reorder_stays_within_siblings():
    m = tutorial()
    op = edits.move_sibling(m, "r3", -1)
    op.apply(m)
    on_c1 = [r.id for r in m.reasons if r.target == "c1"]
    assert on_c1 == ["r3", "r1", "r4"]
    with pytest.raises(edits.EditError):
        edits.move_sibling(m, "r3", -1)


def test_set_main_conclusion_moves_the_mark():
    m = tutorial()
    edits.set_main_conclusion(m, "c2").apply(m)
    assert [c.id for c in m.claims if c.main_conclusion] == ["c2"]


def test_invalid_values_are_refused_and_leave_the_map_alone():
    m = tutorial()
    before = m.model_dump()
    op = edits.Compound([edits.SetClaimFields("c1", {"text": "fine"}), edits.SetClaimFields("c2", {"text": "x" * 20_000})],
                        "Bad")
    with pytest.raises(edits.EditError, match="text"):
        op.apply(m)
    assert m.model_dump() == before


def test_new_ids_never_collide():
    m = tutorial()
    for _ in range(5):
        op = edits.add_support(m, "c1")
        op.apply(m)
    ids = [c.id for c in m.claims] + [r.id for r in m.reasons]
    assert len(ids) == len(set(ids))


def test_first_claim_of_an_empty_map_is_the_main_conclusion():
    m = build()
    edits.add_claim(m, "Thesis.").apply(m)
    assert m.claims[0].main_conclusion


def test_a_claim_made_from_a_quotation_carries_it_and_undoes_cleanly():
    from argmap.model import Quotation

    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
    before = m.model_copy(deep=True)
    q = Quotation(text="North Korea has sent\n troops", start=10, length=28)
    op = edits.claim_from_quotation(m, q, supports="c1")
    op.apply(m)
    new = m.claim(op.selection[0])
    assert new.quotation == q and new.text == "North Korea has sent troops"
    assert any(r.target == "c1" and new.id in r.premises for r in m.reasons)
    op.revert(m)
    assert m == before
    loose = edits.claim_from_quotation(m, q)
    loose.apply(m)
    assert not any(loose.selection[0] in r.premises for r in m.reasons)


def test_linking_a_quotation_and_embedding_the_source_are_undoable():
    from argmap.model import Quotation, Source

    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
    before = m.model_copy(deep=True)
    ops = [edits.link_quotation(m, "c2", Quotation(text="a passage", start=0, length=9)),
           edits.set_source(m, Source(title="An article", text="a passage and more"))]
    for op in ops:
        op.apply(m)
    assert m.claim("c2").quotation.text == "a passage" and m.source.text.startswith("a passage")
    for op in reversed(ops):
        op.revert(m)
    assert m == before
    with pytest.raises(edits.EditError):
        edits.link_quotation(m, "nope", None)
