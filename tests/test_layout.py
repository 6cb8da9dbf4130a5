"""The tidy-tree layout: top-down, grouped co-premises, no overlaps, stable under small edits."""

import itertools
import sys

import pytest

from argmap import edits
from argmap.io.presets import preset
from argmap.layout import GAP_Y, layout
from helpers import ROOT, build

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_core import synthetic_map  # noqa: E402


def size(cid):
    return (160.0 + (len(cid) * 7) % 50, 60.0 + (len(cid) * 13) % 30)


def overlaps(a, b):
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def assert_no_overlaps(lay):
    boxes = list(lay.claims.values()) + list(lay.refs.values())
    for a, b in itertools.combinations(boxes, 2):
        assert not overlaps(a, b), (a, b)


@pytest.mark.parametrize("name", ["tutorial", "drezner-north-korean-troops", "exercise-find-the-faults"])
def test_every_claim_and_reason_is_placed_without_overlaps(name):
    m = preset(name).load()
    lay = layout(m, size)
    assert set(lay.claims) == {c.id for c in m.claims}
    assert set(lay.groups) == {r.id for r in m.reasons}
    assert_no_overlaps(lay)


def test_main_conclusion_is_on_top_and_reasons_below_their_target():
    m = preset("drezner-north-korean-troops").load()
    lay = layout(m, size)
    top = lay.claims["c1"]
    assert top.y == min(b.y for b in lay.claims.values())
    for r in m.reasons:
        if r.target in lay.claims:
            assert lay.groups[r.id].y >= lay.claims[r.target].bottom + GAP_Y - 1e-6


def test_co_premises_sit_side_by_side_inside_their_group():
    m = preset("tutorial").load()
    lay = layout(m, size)
    g = lay.groups["r2"]
    boxes = [lay.claims[c] for c in ("c4", "c5", "c6")]
    assert len({b.y for b in boxes}) == 1
    assert boxes[0].right < boxes[1].x and boxes[1].right < boxes[2].x
    for b in boxes:
        assert g.x <= b.x and b.right <= g.right and g.y <= b.y and b.bottom <= g.bottom


def test_arrows_run_from_group_to_target_and_undercutters_hit_the_arrow():
    m = preset("tutorial").load()
    lay = layout(m, size)
    (sx, sy), (tx, ty) = lay.arrows["r1"]
    assert (sx, sy) == (lay.groups["r1"].centre_x, lay.groups["r1"].y)
    assert (tx, ty) == (lay.claims["c1"].centre_x, lay.claims["c1"].bottom)
    (a, b) = lay.arrows["r3"]
    assert lay.arrows["r6"][1] == ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def test_shared_premise_is_drawn_once_with_a_link():
    m = build("c1*", "c2!", "a", "b", r=[("r1", "+", ["c2", "a"], "c1"), ("r2", "+", ["a", "b"], "c2")])
    lay = layout(m, size)
    assert len(lay.shared) == 1 and lay.shared[0][0] == "a"  # drawn once, linked from the other reason
    assert_no_overlaps(lay)


def test_cycles_missing_targets_and_loose_claims_are_still_placed():
    m = build("c1*", "a", "b", "loose", r=[("r1", "+", ["a"], "c1"), ("r2", "+", ["b"], "a"), ("r3", "+", ["a"], "b"),
                                           ("r4", "-", ["ghost"], "nowhere")])
    lay = layout(m, size)
    assert set(lay.claims) == {"c1", "a", "b", "loose"}
    assert set(lay.groups) == {"r1", "r2", "r3", "r4"}
    assert "r4" not in lay.arrows
    assert_no_overlaps(lay)


def test_adding_a_premise_moves_few_boxes():
    m = preset("drezner-north-korean-troops").load()
    before = layout(m, size)
    edits.add_co_premise(m, "r20", "Another premise.").apply(m)
    after = layout(m, size)
    moved = [c for c in before.claims if before.claims[c] != after.claims[c]]
    assert len(moved) / len(before.claims) < 0.5


def test_large_synthetic_map_has_no_overlaps():
    m = synthetic_map(400)
    lay = layout(m, size)
    assert len(lay.claims) == 400
    boxes = sorted(lay.claims.values(), key=lambda b: b.x)
    # sweep: only neighbours in x can overlap
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b.x >= a.right:
                break
            assert not overlaps(a, b)


def test_a_premise_two_reasons_use_is_drawn_once_and_shown_by_reference_in_the_other():
    # c3 is a premise of r1 (with c2) and of r2 (with c4): r2 shows a reference box in c3's place.
    m = build("c1*", "c2", "c3", "c4", "c5", r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4", "c3"], "c1"),
                                                ("r3", "+", ["c3"], "c5")])
    lay = layout(m, size)
    assert lay.shared == [("c3", "r2"), ("c3", "r3")]
    ref = lay.refs[("c3", "r2")]
    assert ref.w == lay.claims["c3"].w and ref.h == lay.claims["c3"].h
    assert lay.claims["c4"].right < ref.x  # in premise order, inside r2's frame
    g = lay.groups["r2"]
    assert g.x < ref.x and ref.right < g.right and g.y < ref.y
    assert lay.groups["r3"].w > 100  # a frame around the reference, not an empty pill
    assert_no_overlaps(lay)


def test_deep_chain_does_not_hit_the_recursion_limit():
    n = 3000
    claims = ["c0*"] + [f"c{i}" for i in range(1, n)]
    m = build(*claims, r=[(f"r{i}", "+", [f"c{i}"], f"c{i - 1}") for i in range(1, n)])
    lay = layout(m, size)
    assert lay.claims[f"c{n - 1}"].y > lay.claims["c0"].y


def test_small_edits_leave_most_boxes_where_they_were():
    import statistics

    m = preset("drezner-north-korean-troops").load()
    before = layout(m, size)
    moved = []
    for c in m.claims:
        changed = m.model_copy(deep=True)
        edits.add_support(changed, c.id, "A new reason.").apply(changed)
        after = layout(changed, size)
        moved.append(sum(1 for k in before.claims if before.claims[k] != after.claims[k]))
    assert statistics.median(moved) <= 0.15 * len(m.claims)


def test_groups_of_one_layer_share_a_row():
    m = preset("drezner-north-korean-troops").load()
    lay = layout(m, size)
    on_c1 = [r.id for r in m.reasons if r.target == "c1"]
    assert len({lay.groups[r].y for r in on_c1}) == 1


def test_contour_packing_is_more_compact_than_bounding_boxes():
    m = preset("drezner-north-korean-troops").load()
    lay = layout(m, size)
    total = sum(b.w for b in lay.claims.values())
    assert lay.width < total  # side by side, every box would need this much


# -- incremental layout: reusing untouched subtrees gives exactly a fresh layout --


def sized_by_text(m):
    texts = {c.id: c.text for c in m.claims}
    return lambda cid: (120.0 + min(len(texts[cid]), 60) * 2, 44.0 + (len(texts[cid]) // 30) * 16)


def same_layout(a, b):
    """Equal drawings, wherever each starts (an incremental layout keeps its top claim in place)."""
    def moved(boxes, dx):
        return {k: (round(v.x + dx, 6), v.y, v.w, v.h) for k, v in boxes.items()}

    da, db = -a.left, -b.left
    assert moved(a.claims, da) == moved(b.claims, db)
    assert moved(a.groups, da) == moved(b.groups, db)
    assert moved(a.refs, da) == moved(b.refs, db)
    arrows = [{k: ((round(s[0] + d, 6), s[1]), (round(e[0] + d, 6), e[1])) for k, (s, e) in lay.arrows.items()}
              for lay, d in ((a, da), (b, db))]
    assert arrows[0] == arrows[1]
    assert a.shared == b.shared
    assert (round(a.width - a.left, 6), a.height) == (round(b.width - b.left, 6), b.height)


def random_edit(m, rng):
    """One edit of the kinds the editor makes, at a random place (None if it was refused)."""
    claims = [c.id for c in m.claims]
    reasons = [r.id for r in m.reasons]
    if not claims:
        return edits.add_claim(m, "A fresh start")
    kind = rng.choice(["support", "objection", "co-premise", "undercutter", "text", "delete", "move", "main",
                       "share", "sibling"])
    try:
        if kind == "support":
            return edits.add_support(m, rng.choice(claims), "A reason " * rng.randint(1, 12))
        if kind == "objection":
            return edits.add_objection(m, rng.choice(claims), "An objection")
        if kind == "co-premise" and reasons:
            return edits.add_co_premise(m, rng.choice(reasons), "And also this")
        if kind == "undercutter" and reasons:
            return edits.add_undercutter(m, rng.choice(reasons), "That does not follow")
        if kind == "text":
            return edits.set_text(m, rng.choice(claims), "Now it says " + "more " * rng.randint(0, 30))
        if kind == "delete" and len(claims) > 5:
            return edits.delete(m, [rng.choice(claims)])
        if kind == "move" and len(claims) > 2:
            return edits.move_claim(m, rng.choice(claims), rng.choice(claims))
        if kind == "main":
            return edits.set_main_conclusion(m, rng.choice(claims))
        if kind == "share" and reasons:  # a premise another reason already uses: drawn once, linked twice
            r = m.reason(rng.choice(reasons))
            return edits.set_reason_fields(m, r.id, "Share", premises=[*r.premises, rng.choice(claims)])
        if kind == "sibling" and reasons:
            return edits.move_sibling(m, rng.choice(reasons), rng.choice([-1, 1]))
    except edits.EditError:
        return None
    return None


@pytest.mark.parametrize("seed", range(6))
def test_incremental_layout_equals_a_fresh_one_after_random_edits_and_undos(seed):
    import random

    rng = random.Random(seed)
    m = synthetic_map(300, seed=seed) if seed % 2 else preset("drezner-north-korean-troops").load().model_copy(
        update={"template": False}, deep=True)
    lay = layout(m, sized_by_text(m))
    done = []
    for _ in range(120):
        if done and rng.random() < 0.3:
            done.pop().revert(m)
        else:
            op = random_edit(m, rng)
            if op is None:
                continue
            op.apply(m)
            done.append(op)
        fresh = layout(m, sized_by_text(m))
        lay = layout(m, sized_by_text(m), previous=lay)
        same_layout(lay, fresh)


def test_a_previous_layout_can_be_reused_twice():
    m = synthetic_map(200, seed=3)
    base = layout(m, size)
    op = edits.set_text(m, m.claims[50].id, "A much longer text than before " * 4)
    op.apply(m)
    layout(m, sized_by_text(m), previous=base)
    op.revert(m)
    same_layout(layout(m, size, previous=base), layout(m, size))


def test_reuse_skips_work_on_untouched_subtrees():
    m = synthetic_map(1000, seed=1)
    lay = layout(m, size)
    built = {id(n) for n in lay.memo.nodes.values()}
    edits.add_support(m, m.claims[-1].id, "New").apply(m)
    again = layout(m, size, previous=lay)
    kept = sum(1 for n in again.memo.nodes.values() if id(n) in built)
    assert kept > 0.8 * len(m.reasons)


def test_a_claim_that_fills_a_missing_premise_is_drawn_where_a_fresh_layout_draws_it():
    # r1 names c3, which is not on the map; then c3 arrives with a new reason that uses it too.
    from argmap.model import Claim, Reason

    m = build("c1*", "c2", r=[("r1", "+", ["c2", "c3"], "c1")])
    lay = layout(m, size)
    edits.Compound([edits.AddClaim(Claim(id="c3", text="Now here.")),
                    edits.AddReason(Reason(id="r2", kind="support", premises=["c3"], target="c1"))], "Add").apply(m)
    same_layout(layout(m, size, previous=lay), layout(m, size))


def test_growth_on_the_left_moves_nothing_the_edit_did_not_touch():
    m = synthetic_map(400, seed=2)
    before = layout(m, size)
    leftmost = min(before.claims, key=lambda k: before.claims[k].x)
    edits.add_support(m, leftmost, "A wide new reason that needs room.").apply(m)
    after = layout(m, size, previous=before)
    top = next(c.id for c in m.claims if c.main_conclusion)
    assert after.claims[top] == before.claims[top]  # the main conclusion stays put
    moved = sum(1 for k, b in before.claims.items() if after.claims[k] != b)
    assert moved < 0.2 * len(before.claims)
    assert after.left < before.left or moved == 0  # the drawing grew leftwards


def assert_no_overlaps_on_a_grid(lay):
    """No two boxes (claims and reference boxes) overlap: each is checked against those sharing a grid cell."""
    grid: dict[tuple[int, int], list] = {}
    for b in itertools.chain(lay.claims.values(), lay.refs.values()):
        for gx in range(int(b.x // 400), int(b.right // 400) + 1):
            for gy in range(int(b.y // 200), int(b.bottom // 200) + 1):
                cell = grid.setdefault((gx, gy), [])
                for other in cell:
                    assert not overlaps(b, other), (b, other)
                cell.append(b)


def big_map_edit(m, rng):
    """An edit of the kinds the editor makes on a big map (None if refused): mostly
    adding reasons, deleting a branch, changing a text's length, moving a branch."""
    from argmap.edits import branch_below

    claims = m.claims
    pick = rng.choice(claims).id
    kind = rng.choices(["support", "objection", "delete", "text", "move", "other"], [5, 3, 3, 4, 3, 3])[0]
    try:
        if kind == "support":
            return edits.add_support(m, pick, "A reason " * rng.randint(1, 12))
        if kind == "objection":
            return edits.add_objection(m, pick, "An objection")
        if kind == "delete":
            below, _ = branch_below(m, pick)
            if len(below) > len(claims) // 20 and rng.random() < 0.9:
                return None  # keep the map big, mostly
            return edits.delete(m, [pick])
        if kind == "text":
            return edits.set_text(m, pick, "Now it says " + "more " * rng.randint(0, 40))
        if kind == "move":
            return edits.move_claim(m, pick, rng.choice(claims).id)
    except edits.EditError:
        return None
    return random_edit(m, rng)  # a co-premise, an undercutter, a shared premise, a sibling moved, a new main


@pytest.mark.parametrize("seed", [11, 12])
def test_incremental_layout_of_a_big_map_stays_exactly_a_fresh_one(seed):
    import random

    rng = random.Random(seed)
    m = synthetic_map(3000, seed=seed)
    lay = layout(m, sized_by_text(m))
    done = []
    reused_after_adding = []
    for _ in range(60):
        op = None
        if done and rng.random() < 0.25:
            done.pop().revert(m)  # undo
        else:
            op = big_map_edit(m, rng)
            if op is None:
                continue
            op.apply(m)
            done.append(op)
        size = sized_by_text(m)
        old = dict(lay.memo.nodes)  # (the next layout takes the memo over)
        lay = layout(m, size, previous=lay)
        fresh = layout(m, size)
        same_layout(lay, fresh)
        assert set(lay.claims) == {c.id for c in m.claims} and set(lay.groups) == {r.id for r in m.reasons}
        assert_no_overlaps_on_a_grid(lay)
        if op is not None and op.label in ("Add Reason", "Add Objection"):
            reused_after_adding.append(sum(1 for k, n in lay.memo.nodes.items() if old.get(k) is n) / len(m.reasons))
    # and the reuse really happened: adding a reason rebuilds only the path above it
    assert reused_after_adding and min(reused_after_adding) > 0.5


def chaotic_change(m, rng, fresh_ids):
    """Any change to the map's lists, as a file reload, a merge or a plug-in might make: claims and
    reasons added, taken out, replaced (also by an equal copy) or reordered anywhere, ids used twice,
    premises and targets that are not on the map."""
    from argmap.model import Claim, Reason

    cl, rl = m.claims, m.reasons
    cids = [c.id for c in cl] or ["x"]
    rids = [r.id for r in rl] or ["y"]

    def new_id(prefix):
        x = rng.random()
        return rng.choice(cids) if x < 0.02 else rng.choice(rids) if x < 0.04 else f"{prefix}{next(fresh_ids)}"

    def some_id():
        x = rng.random()
        return rng.choice(cids) if x < 0.6 else rng.choice(rids) if x < 0.85 else f"ghost{rng.randint(0, 5)}"

    kind = rng.choice(["claim+", "claim-", "claim~", "claim=", "claims<>", "main", "reason+", "reason-", "reason~",
                       "reason=", "reasons<>"])
    if kind == "claim+":
        cl.insert(rng.randint(0, len(cl)), Claim(id=new_id("c"), text="t" * rng.randint(0, 90)))
    elif kind == "reason+":
        rl.insert(rng.choice([len(rl), rng.randint(0, len(rl))]),
                  Reason(id=new_id("r"), kind="support", premises=[some_id() for _ in range(rng.randint(0, 3))],
                         target=some_id()))
    elif kind == "claim-" and cl:
        cl.pop(rng.randrange(len(cl)))
    elif kind == "reason-" and rl:
        rl.pop(rng.randrange(len(rl)))
    elif kind in ("claim~", "claim=", "main") and cl:
        i = rng.randrange(len(cl))
        update = {"text": "u" * rng.randint(0, 90)} if kind == "claim~" else {} if kind == "claim=" else {
            "main_conclusion": not cl[i].main_conclusion}
        cl[i] = cl[i].model_copy(update=update)
    elif kind in ("reason~", "reason=") and rl:
        i = rng.randrange(len(rl))
        update = {} if kind == "reason=" else rng.choice(
            [{"target": some_id()}, {"premises": [some_id() for _ in range(rng.randint(0, 3))]}])
        rl[i] = rl[i].model_copy(update=update)
    elif kind == "claims<>" and len(cl) > 1:
        i, j = rng.randrange(len(cl)), rng.randrange(len(cl))
        cl[i], cl[j] = cl[j], cl[i]
    elif kind == "reasons<>" and len(rl) > 1:
        i = rng.randrange(len(rl))
        rl.insert(min(len(rl) - 1, max(0, i + rng.choice([-3, -1, 1, 7]))), rl.pop(i))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_layout_stays_a_fresh_one_whatever_happens_to_the_lists(seed):
    import random

    def sized(m):
        texts = {c.id: (len(c.text), c.main_conclusion) for c in m.claims}
        return lambda cid: (120.0 + min(texts[cid][0], 60) * 2 + 7 * texts[cid][1], 44.0 + texts[cid][0] // 30 * 16)

    rng = random.Random(seed)
    m = synthetic_map(80 * seed, seed=seed)
    fresh_ids = itertools.count()
    lay = layout(m, sized(m))
    older = lay
    for _ in range(120):
        for _ in range(rng.choice([1, 1, 2, 5])):
            chaotic_change(m, rng, fresh_ids)
        previous = older if rng.random() < 0.05 else lay  # (one taken over before: laid out afresh)
        if rng.random() < 0.1:
            older = lay
        lay = layout(m, sized(m), previous=previous)
        same_layout(lay, layout(m, sized(m)))
        assert set(lay.claims) == {c.id for c in m.claims} and set(lay.groups) == {r.id for r in m.reasons}
