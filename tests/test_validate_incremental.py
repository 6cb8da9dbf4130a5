"""Incremental validation gives, after every edit and undo, exactly what a full validate() gives."""

from __future__ import annotations

import random

import pytest

from argmap import edits
from argmap.edits import AddClaim, AddReason, Compound, EditError, MoveReason, SetMapFields, SetReasonFields
from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Claim, Quotation, Reason, Source
from argmap.validate import validate
from argmap.validate_incremental import IncrementalValidation
from helpers import build

WORDS = ("troops", "missiles", "deterrence", "shells", "incentive", "weapons", "escalation", "alliance", "deal")


def synthetic(n_claims: int, seed: int = 1) -> ArgumentMap:
    """Shaped like benchmarks/bench_core.py's synthetic_map: deep chains of linked reasons,
    objections, undercutters, hidden premises and quotations."""
    rng = random.Random(seed)
    claims = [Claim(id="c1", text="Claim 1: the point.", main_conclusion=True)]
    reasons: list[Reason] = []
    open_targets = ["c1"]
    i = 1
    while i < n_claims:
        target = rng.choice(open_targets[-50:]) if rng.random() < 0.7 else rng.choice(open_targets)
        kind = "objection" if rng.random() < 0.2 else "support"
        premises = []
        for _ in range(min(rng.choice((1, 2, 2, 3)), n_claims - i)):
            i += 1
            words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8)))
            quote = Quotation(text=words, start=i * 40, length=len(words)) if rng.random() < 0.3 else None
            claims.append(Claim(id=f"c{i}", text=f"Claim {i}: {words}.", hidden=kind == "support" and rng.random() < 0.1,
                                quotation=quote))
            premises.append(f"c{i}")
            open_targets.append(f"c{i}")
        if kind == "objection" and rng.random() < 0.1 and reasons:
            target = rng.choice(reasons).id  # an undercutter
        reasons.append(Reason(id=f"r{len(reasons) + 1}", kind=kind, premises=premises, target=target))
    return ArgumentMap(title="synthetic", claims=claims, reasons=reasons)


def assert_same_index(ix: MapIndex, m: ArgumentMap) -> None:
    fresh = MapIndex(m)
    assert list(ix.claims.items()) == list(fresh.claims.items())
    assert all(a is b for a, b in zip(ix.claims.values(), fresh.claims.values(), strict=True))
    assert all(a is b for a, b in zip(ix.reasons.values(), fresh.reasons.values(), strict=True))
    assert list(ix.reasons) == list(fresh.reasons)
    for mine, full in ((ix.reasons_on, fresh.reasons_on), (ix.premise_of, fresh.premise_of)):
        mine_ = {k: [id(r) for r in v] for k, v in mine.items() if v}
        assert mine_ == {k: [id(r) for r in v] for k, v in full.items()}


class Checked:
    """A map, its incremental validation and an undo stack of applied ops."""

    def __init__(self, m: ArgumentMap, check_index: bool = True) -> None:
        self.m = m
        self.live = IncrementalValidation(m)
        self.done: list = []
        self.undone: list = []
        self.check_index = check_index
        self.check()

    def check(self) -> None:
        got = self.live.update()
        assert got == validate(self.m)
        if self.check_index:
            assert_same_index(self.live.index, self.m)

    def do(self, op: Compound) -> None:
        op.apply(self.m)
        self.done.append(op)
        self.undone.clear()
        self.check()

    def undo(self) -> None:
        op = self.done.pop()
        op.revert(self.m)
        self.undone.append(op)
        self.check()

    def redo(self) -> None:
        op = self.undone.pop()
        op.apply(self.m)
        self.done.append(op)
        self.check()


# -- small maps that hit each kind of finding ------------------------------------------------

def sound():
    return build("c1*", "c2!", "c3", "c4?", "c5", "c6", "c7", "c8", "c9", r=[
        ("r1", "+", ["c2", "c4"], "c1"), ("r2", "+", ["c3", "c9"], "c2"), ("r3", "-", ["c5"], "c1"),
        ("r4", "-", ["c6"], "c5"), ("r5", "+", ["c7", "c8"], "c1"), ("r6", "-", ["c9"], "r5")])


def codes(live: IncrementalValidation) -> list[str]:
    return [f.code for f in live.findings]


def test_a_circle_made_and_broken():
    t = Checked(sound())
    t.do(edits.set_reason_fields(t.m, "r2", "x", target="c3", premises=["c2"]))  # c2 supports c3
    t.do(edits.set_reason_fields(t.m, "r1", "x", premises=["c3", "c4"], target="c2"))  # ... and c3 c2
    assert "circular-reasoning" in codes(t.live)
    t.do(edits.set_text(t.m, "c3", "A new wording inside the circle."))  # the message quotes it
    t.do(edits.add_support(t.m, "c3", "A reason for c3 from outside the circle"))
    t.do(edits.Compound([SetReasonFields("r1", {"premises": ["c4"]})], "break"))
    assert "circular-reasoning" not in codes(t.live)
    t.undo()
    assert "circular-reasoning" in codes(t.live)
    while t.done:
        t.undo()
    assert t.live.findings == []


def test_a_circle_through_a_claim_that_comes_back():
    t = Checked(sound())
    t.do(edits.delete(t.m, ["c3"]))
    t.do(edits.Compound([AddReason(Reason(id="rx", kind="support", premises=["c3"], target="c2")),
                         AddReason(Reason(id="ry", kind="support", premises=["c2"], target="c3"))], "refer"))
    assert "missing-premise" in codes(t.live)
    t.do(edits.Compound([AddClaim(Claim(id="c3", text="Back again."))], "c3 returns"))  # closes the circle
    assert "circular-reasoning" in codes(t.live)
    t.undo()
    t.undo()
    t.undo()


def test_loose_claims_made_and_joined():
    t = Checked(sound())
    t.do(edits.add_claim(t.m, "On its own"))
    assert codes(t.live) == ["not-connected"]
    new = t.m.claims[-1].id
    t.do(edits.add_support(t.m, new, "Below the loose one"))
    t.do(edits.add_objection(t.m, new, "Against the loose one"))
    t.do(edits.set_text(t.m, new, "Still on its own"))
    t.do(edits.move_claim(t.m, new, "c2"))  # joins the argument
    assert "not-connected" not in codes(t.live)
    t.do(edits.add_claim(t.m, "Another loose one"))
    t.do(edits.set_reason_fields(t.m, "r1", "x", target=t.m.claims[-1].id))  # takes c2's branch along
    assert len(next(f for f in t.live.findings if f.code == "not-connected").claim_ids) > 5
    while t.done:
        t.undo()
    while t.undone:
        t.redo()


def test_main_conclusions_marked_unmarked_and_several():
    t = Checked(sound())
    t.do(edits.set_claim_fields(t.m, "c5", "mark", main_conclusion=True))
    assert "several-main-conclusions" in codes(t.live)
    t.do(edits.Compound([SetMapFields({"several_main_conclusions": True})], "on purpose"))
    t.do(edits.set_claim_fields(t.m, "c1", "unmark", main_conclusion=False))
    t.do(edits.set_claim_fields(t.m, "c5", "unmark", main_conclusion=False))
    assert "no-main-conclusion" in codes(t.live)
    t.do(edits.set_main_conclusion(t.m, "c2"))
    t.do(edits.set_main_conclusion(t.m, "c9"))  # a premise: used as one, and most of the map is loose
    assert {"main-conclusion-as-premise", "not-connected"} <= set(codes(t.live))
    while t.done:
        t.undo()


def test_reason_faults_and_their_names():
    t = Checked(sound())
    t.do(edits.set_reason_fields(t.m, "r3", "x", premises=["c5", "c5", "r2"]))  # doubled, and a reason
    t.do(edits.set_reason_fields(t.m, "r4", "x", target="nowhere"))
    t.do(edits.set_reason_fields(t.m, "r5", "x", premises=[]))
    t.do(edits.set_reason_fields(t.m, "r2", "x", premises=["c2", "c3"]))  # self-support
    t.do(edits.set_reason_fields(t.m, "r6", "x", target="r6"))
    t.do(edits.Compound([AddReason(Reason(id="r11", kind="objection", premises=["c7"], target="c7"))], "self"))
    t.do(edits.Compound([AddReason(Reason(id="r9", kind="support", premises=["c7", "c8"], target="c1"))], "again"))
    t.do(edits.Compound([AddReason(Reason(id="r10", kind="support", premises=["c8", "c7"], target="c1"), 0)], "first"))
    assert {"premise-not-a-claim", "missing-target", "reason-without-premises", "self-support", "self-objection",
            "reason-targets-itself", "duplicate-premise", "duplicate-reason"} <= set(codes(t.live))
    t.do(edits.set_text(t.m, "c1", ""))  # named by many messages, and now empty
    t.do(edits.set_text(t.m, "c2", "Renamed: the reason r6 undercuts names c1 through r5"))
    t.do(edits.Compound([MoveReason("r9", 0)], "move"))
    t.do(edits.move_sibling(t.m, "r5", -1))
    t.do(edits.add_undercutter(t.m, "r3", "The step does not follow"))
    t.do(edits.add_rebuttal(t.m, "c5", "Reply"))
    while t.done:
        t.undo()


def test_duplicate_ids_fall_back_and_recover():
    t = Checked(sound())
    t.do(edits.Compound([AddClaim(Claim(id="c3", text="A second c3"))], "dup"))
    assert "duplicate-id" in codes(t.live)
    t.do(edits.Compound([AddReason(Reason(id="c4", kind="support", premises=["c3"], target="c1"))], "dup reason"))
    t.undo()
    t.undo()
    t.do(edits.add_support(t.m, "c3", "fine again"))


def test_quotations_follow_the_source_text():
    m = sound()
    m.claims[2] = m.claims[2].model_copy(update={"quotation": Quotation(text="not in the text")})
    m.source = Source(text="An article about something else entirely.")
    t = Checked(m)
    assert "quotation-not-in-source" in codes(t.live)
    t.do(edits.link_quotation(t.m, "c3", Quotation(text="something else")))
    t.do(edits.set_source(t.m, Source(text="Only a short text.")))
    assert "quotation-not-in-source" in codes(t.live)
    assert t.live.update("A text attached instead: something else.") == validate(t.m, "A text attached instead: something else.")


def test_a_map_replaced_wholesale():
    t = Checked(sound())
    other = synthetic(300, seed=5)
    t.do(edits.replace_map(t.m, other, "reload"))
    t.do(edits.add_support(t.m, "c7", "x"))
    t.undo()
    t.undo()


# -- random edits on a big map --------------------------------------------------------------

def random_edit(m: ArgumentMap, rng: random.Random, step: int) -> Compound | None:
    claims, reasons = m.claims, m.reasons
    c = rng.choice(claims).id if claims else None
    r = rng.choice(reasons).id if reasons else None
    kind = rng.choices(
        ["support", "objection", "undercut", "co-premise", "loose", "delete", "text", "move", "main", "unmark",
         "flags", "retarget", "premises", "duplicate", "missing", "appear", "same-id", "sibling", "several",
         "reorder"],
        weights=[8, 4, 2, 3, 2, 4, 5, 3, 1, 1, 2, 2, 2, 1, 1, 1, 0.05, 2, 1, 1])[0]
    if c is None and kind != "loose":
        kind = "loose"
    if kind == "support":
        return edits.add_support(m, c, f"New reason {step}")
    if kind == "objection":
        return edits.add_objection(m, c, f"New objection {step}")
    if kind == "undercut" and r:
        return edits.add_undercutter(m, r, f"Undercutter {step}")
    if kind == "co-premise" and r:
        return edits.add_co_premise(m, r, f"Co-premise {step}")
    if kind == "loose":
        return edits.add_claim(m, f"Loose {step}")
    if kind == "delete":
        # mostly a leaf or a small branch; now and then whatever hangs below a random claim
        ids = [x.id for x in claims[-200:]] if rng.random() < 0.8 else [c]
        return edits.delete(m, [rng.choice(ids)])
    if kind == "text":
        return edits.set_text(m, c, rng.choice(["", "   ", f"Text {step}", claims[0].text]))
    if kind == "move":
        return edits.move_claim(m, c, rng.choice(claims[: max(1, len(claims) // 2)]).id)
    if kind == "main":
        return edits.set_main_conclusion(m, c)
    if kind == "unmark":
        mains = [x.id for x in claims if x.main_conclusion]
        return edits.set_claim_fields(m, mains[0], "unmark", main_conclusion=False) if mains else None
    if kind == "flags":
        return edits.set_claim_fields(m, c, "flags", hidden=rng.random() < 0.5, conclusion=rng.random() < 0.3)
    if kind == "retarget" and r:  # may close a circle of support, or undercut a reason
        return edits.set_reason_fields(m, r, "retarget", target=rng.choice([c, r, rng.choice(reasons).id]))
    if kind == "premises" and r:
        premises = rng.sample([x.id for x in claims], min(len(claims), rng.randint(0, 3)))
        if rng.random() < 0.2 and premises:
            premises.append(rng.choice([premises[0], rng.choice(reasons).id]))  # doubled, or a reason
        return edits.set_reason_fields(m, r, "premises", premises=premises)
    if kind == "duplicate" and r:
        old = m.reason(r)
        return Compound([AddReason(old.model_copy(update={"id": m.new_id("r")}))], "duplicate")
    if kind == "missing":  # names an id that is not on the map (yet), as a premise or a target
        ghost = m.new_id("c")
        premises, target = ([ghost], c) if rng.random() < 0.5 else ([c], ghost)
        return Compound([AddReason(Reason(id=m.new_id("r"), kind="support", premises=premises, target=target))],
                        "missing")
    if kind == "appear":  # a claim with an id that reasons already name: it joins them (maybe in a circle)
        present = {x.id for x in claims} | {x.id for x in reasons}
        named = sorted({p for x in reasons for p in (*x.premises, x.target)} - present)
        if named:
            return Compound([AddClaim(Claim(id=rng.choice(named), text=f"Appeared {step}"))], "appear")
    if kind == "same-id":  # a duplicate id: checked in full until it is gone again
        return Compound([AddClaim(Claim(id=rng.choice([c, r or c]), text=f"Twin {step}"))], "same-id")
    if kind == "sibling" and r:
        return edits.move_sibling(m, r, rng.choice((-1, 1)))
    if kind == "several":
        return Compound([SetMapFields({"several_main_conclusions": not m.several_main_conclusions})], "several")
    if kind == "reorder" and r:
        return Compound([MoveReason(r, rng.randrange(len(reasons)))], "reorder")
    return None


def test_random_edits_on_a_big_map_match_a_full_validation():
    rng = random.Random(1)
    t = Checked(synthetic(5_000), check_index=False)
    for step in range(80):
        if t.done and rng.random() < 0.2:
            t.undo()
            continue
        if t.undone and rng.random() < 0.3:
            t.redo()
            continue
        try:
            op = random_edit(t.m, rng, step)
        except EditError:
            continue
        if op is None:
            continue
        try:
            op.apply(t.m)
        except EditError:
            continue
        t.done.append(op)
        t.undone.clear()
        t.check()
        if step % 20 == 0:
            assert_same_index(t.live.index, t.m)
    while t.done:  # all the way back
        op = t.done.pop()
        op.revert(t.m)
        if len(t.done) % 10 == 0:
            t.check()
    t.check()
    assert_same_index(t.live.index, t.m)


@pytest.mark.parametrize(("size", "seed"), [(12, 1), (60, 2), (400, 3)])
def test_random_edits_on_a_small_map_match_a_full_validation(size, seed):
    rng = random.Random(seed)
    t = Checked(synthetic(size, seed=seed))
    for step in range(250):
        if t.done and rng.random() < 0.25:
            t.undo()
            continue
        try:
            op = random_edit(t.m, rng, step)
            if op is not None:
                op.apply(t.m)
        except EditError:
            continue
        if op is not None:
            t.done.append(op)
            t.check()


def test_roles_stay_right_on_a_patched_index():
    t = Checked(sound())
    ix = t.live.index
    [ix.role(r) for r in t.m.reasons]  # the role tables now exist, and are kept up to date
    t.do(edits.add_rebuttal(t.m, "c5", "Reply"))
    t.do(edits.set_reason_fields(t.m, "r3", "x", kind="support"))
    t.do(edits.delete(t.m, ["c6"]))
    fresh = MapIndex(t.m)
    assert [t.live.index.role(r) for r in t.m.reasons] == [fresh.role(r) for r in t.m.reasons]
    assert t.live.index is not ix  # a new object per change: the canvas caches per index


def test_lists_reordered_and_inserts_at_one_place():
    t = Checked(sound())
    rng = random.Random(3)
    shuffled = list(t.m.claims)
    rng.shuffle(shuffled)
    t.do(Compound([SetMapFields({"reasons": list(reversed(t.m.reasons)), "claims": shuffled})], "reorder"))
    for i in range(40):  # keys between the same two neighbours run out: numbered afresh
        t.do(Compound([AddClaim(Claim(id=f"n{i}", text=f"Inserted {i}"), 1),
                       AddReason(Reason(id=f"q{i}", kind="support", premises=[f"n{i}"], target="c1"), 1)], "insert"))
    while t.done:
        t.undo()
