"""Collapse, expand and focus: a view of the map, never an edit of it."""

import random
import sys

import pytest

from argmap.edits import Compound, RemoveClaim, branch_below
from argmap.folding import Fold, can_collapse, count_below, reveal, visible_part
from argmap.graph import MapIndex
from argmap.io.presets import preset
from argmap.layout import layout
from argmap.model import Reason
from helpers import ROOT, build

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_core import synthetic_map  # noqa: E402

OPED = "drezner-north-korean-troops"


def size(cid):
    return (160.0 + (len(cid) * 7) % 50, 60.0 + (len(cid) * 13) % 30)


def ids(part):
    return [c.id for c in part.map.claims], [r.id for r in part.map.reasons]


def expected(m, fold):
    """What a reader should see, worked out top-down the slow way (for maps without circles):
    from the top (or the focus), never below a collapsed claim (other than the focus)."""
    claims = {c.id for c in m.claims}
    reasons = {r.id: r for r in m.reasons}
    on = {}
    for r in m.reasons:
        on.setdefault(r.target, []).append(r)
    if fold.focus in claims:
        tops, stops = [fold.focus], set(fold.collapsed) - {fold.focus}
    else:
        used = {p for r in m.reasons for p in r.premises}
        tops = [c.id for c in m.claims if c.main_conclusion or c.id not in used]
        tops += [r.id for r in m.reasons if r.target not in claims and r.target not in reasons]
        stops = set(fold.collapsed)
    seen = set(tops)
    stack = list(tops)
    while stack:
        node = stack.pop()
        if node in claims and node in stops:
            continue
        nexts = [r.id for r in on.get(node, ())]
        if node in reasons:
            nexts += [p for p in reasons[node].premises if p in claims]
        for x in nexts:
            if x not in seen:
                seen.add(x)
                stack.append(x)
    return [c.id for c in m.claims if c.id in seen], [r.id for r in m.reasons if r.id in seen]


def assert_well_formed(m, part):
    """The visible map is the map's own objects, in its order, and every reason it
    keeps has its target and premises in it (as the layout expects)."""
    vm = part.map
    it = iter(m.claims)
    assert all(any(c is o for o in it) for c in vm.claims)  # a subsequence, same objects
    it = iter(m.reasons)
    assert all(any(r is o for o in it) for r in vm.reasons)
    claims = {c.id for c in vm.claims}
    reasons = {r.id for r in vm.reasons}
    all_claims = {c.id for c in m.claims}
    all_reasons = {r.id for r in m.reasons}
    for r in vm.reasons:
        if r.target in all_claims or r.target in all_reasons:
            assert r.target in claims or r.target in reasons, r.id
        assert all(p in claims for p in r.premises if p in all_claims), r.id
    assert part.hidden_claims == len(m.claims) - len(vm.claims)
    assert part.hidden_reasons == len(m.reasons) - len(vm.reasons)
    for c in m.claims:
        assert part.hides(c.id) == (c.id not in claims)
    for r in m.reasons:
        assert part.hides(r.id) == (r.id not in reasons)
    assert part.collapsed <= claims
    if not part.hidden_claims and not part.hidden_reasons:
        assert vm is m


def check(m, fold, index=None):
    part = visible_part(m, fold, index)
    assert ids(part) == expected(m, fold)
    assert_well_formed(m, part)
    return part


# -- small maps, one rule at a time ------------------------------------------------

def chain():
    # c1 <- r1(c2, c3); c2 <- r2(c4); c4 <- r3(c5); c3 <- r4(c6) objection; r5(c7) undercuts r2
    return build("c1*", "c2", "c3", "c4", "c5", "c6", "c7",
                 r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "+", ["c4"], "c2"), ("r3", "+", ["c5"], "c4"),
                    ("r4", "-", ["c6"], "c3"), ("r5", "-", ["c7"], "r2")])


def test_nothing_folded_is_the_map_itself():
    m = chain()
    for fold in (Fold(), Fold({"nowhere"}), Fold(focus="nowhere"), Fold({"c5"}), Fold({"r2"})):
        part = visible_part(m, fold)
        assert part.map is m and part.hidden_below == {} and part.hidden_claims == 0
        assert not part.hides("c5") and not part.hides("nowhere")


def test_collapse_hides_the_branch_with_its_undercutters_and_counts_it():
    m = chain()
    part = check(m, Fold({"c2"}))
    assert ids(part) == (["c1", "c2", "c3", "c6"], ["r1", "r4"])
    assert part.hidden_below == {"c2": 3} and part.collapsed == {"c2"}
    assert part.map.claims[0] is m.claims[0] and part.map.title == m.title
    assert m.claims[1].id == "c2" and len(m.claims) == 7  # the map itself is untouched


def test_collapsing_a_premise_keeps_its_reason_and_the_undercutters_of_that_reason():
    m = chain()
    part = check(m, Fold({"c4"}))
    assert ids(part) == (["c1", "c2", "c3", "c4", "c6", "c7"], ["r1", "r2", "r4", "r5"])
    assert part.hidden_below == {"c4": 1}


def test_a_shared_premise_stays_visible_with_what_hangs_below_it():
    # c5 is a premise both under c2 (collapsed) and under c3 (shown); c6 supports c5.
    m = build("c1*", "c2", "c3", "c4", "c5", "c6",
              r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "c1"), ("r3", "+", ["c4", "c5"], "c2"),
                 ("r4", "+", ["c5"], "c3"), ("r5", "+", ["c6"], "c5")])
    part = check(m, Fold({"c2"}))
    assert ids(part) == (["c1", "c2", "c3", "c5", "c6"], ["r1", "r2", "r4", "r5"])
    assert part.hidden_below == {"c2": 1}  # only c4 is out of sight
    # Both ways in collapsed: c5 and c6 go too, and each count says so.
    part = check(m, Fold({"c2", "c3"}))
    assert ids(part) == (["c1", "c2", "c3"], ["r1", "r2"])
    assert part.hidden_below == {"c2": 3, "c3": 2}
    # Everything its reasons use is shown elsewhere: only the reason is hidden.
    m2 = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "+", ["c3"], "c2"),
                                            ("r3", "+", ["c4"], "c3")])
    part = check(m2, Fold({"c2"}))
    assert ids(part) == (["c1", "c2", "c3", "c4"], ["r1", "r3"])
    assert part.hidden_below == {"c2": 0}


def test_nested_collapses_in_either_order():
    m = chain()
    inner, outer = Fold({"c4"}), Fold({"c2"})
    both_a = Fold().toggle("c4").toggle("c2")
    both_b = Fold().toggle("c2").toggle("c4")
    assert both_a == both_b
    part = check(m, both_a)
    assert ids(part) == ids(visible_part(m, outer))
    assert part.hidden_below == {"c2": 3}  # the inner collapse is out of sight: no entry for it
    assert ids(check(m, both_a.toggle("c2"))) == ids(visible_part(m, inner))  # the inner stays collapsed
    assert ids(check(m, both_a.toggle("c4"))) == ids(visible_part(m, outer))
    assert visible_part(m, both_a.toggle("c2").toggle("c4")).map is m
    assert visible_part(m, both_a.expand_all()).map is m


def test_focus_shows_one_branch_and_combines_with_collapse():
    m = chain()
    part = check(m, Fold(focus="c2"))
    assert ids(part) == (["c2", "c4", "c5", "c7"], ["r2", "r3", "r5"])
    assert part.focus == "c2" and part.hidden_below == {}
    part = check(m, Fold({"c4"}, focus="c2"))  # collapsed inside the focus
    assert ids(part) == (["c2", "c4", "c7"], ["r2", "r5"]) and part.hidden_below == {"c4": 1}
    # Focus wins over a collapse above it, and over the focus claim's own collapse.
    part = check(m, Fold({"c1", "c2"}, focus="c4"))
    assert ids(part) == (["c4", "c5"], ["r3"]) and part.hidden_below == {}
    part = check(m, Fold({"c2"}, focus="c2"))
    assert ids(part) == (["c2", "c4", "c5", "c7"], ["r2", "r3", "r5"]) and part.collapsed == set()
    # Cleared focus: the collapses come back as they were.
    assert ids(visible_part(m, Fold({"c2"}, focus="c2").with_focus(None))) == ids(visible_part(m, Fold({"c2"})))
    assert visible_part(m, Fold(focus="c2").with_focus(None)).map is m
    # A focus on a leaf shows that claim alone; on a reason or a missing id, nothing changes.
    assert ids(check(m, Fold(focus="c6"))) == (["c6"], [])
    assert visible_part(m, Fold(focus="r2")).focus is None


def test_a_shared_premise_collapsed_itself_stays_collapsed():
    # c4 is used under c2 and under c3, and is collapsed: collapsing c2 leaves it shown, still collapsed.
    m = build("c1*", "c2", "c3", "c4", "c5",
              r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "c1"), ("r3", "+", ["c4"], "c2"),
                 ("r4", "+", ["c4"], "c3"), ("r5", "+", ["c5"], "c4")])
    for index in (None, MapIndex(m)):
        part = check(m, Fold({"c2", "c4"}), index)
        assert ids(part) == (["c1", "c2", "c3", "c4"], ["r1", "r2", "r4"])
        assert part.hidden_below == {"c2": 0, "c4": 1}


@pytest.mark.parametrize("with_index", [False, True])
def test_circles_never_hide_a_main_conclusion_nor_a_collapsed_claim_by_its_own_branch(with_index):
    # c1 <- r1(c2); c2 <- r2(c1): a circle with no main conclusion; collapsing either keeps it.
    m = build("c1", "c2", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c1"], "c2")])
    ix = MapIndex(m) if with_index else None
    assert ids(visible_part(m, Fold({"c1"}), ix)) == (["c1"], [])
    assert ids(visible_part(m, Fold({"c2"}), ix)) == (["c2"], [])
    assert ids(visible_part(m, Fold({"c1", "c2"}), ix)) == (["c1"], [])  # the first in id order wins
    # c1 (main) <- r1(c2); c2 <- r2(c3); c3 <- r3(c1): support in a circle.
    m = build("c1*", "c2", "c3", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "c2"), ("r3", "+", ["c1"], "c3")])
    ix = MapIndex(m) if with_index else None
    part = visible_part(m, Fold({"c3"}), ix)
    assert ids(part) == (["c1", "c2", "c3"], ["r1", "r2"]) and part.hidden_below == {"c3": 0}
    part = visible_part(m, Fold({"c2"}), ix)
    assert ids(part) == (["c1", "c2"], ["r1"]) and part.hidden_below == {"c2": 1}
    part = visible_part(m, Fold({"c1"}), ix)
    assert ids(part) == (["c1"], []) and part.hidden_below == {"c1": 2}
    part = visible_part(m, Fold({"c1", "c2", "c3"}), ix)
    assert ids(part) == (["c1"], []) and part.hidden_below == {"c1": 2}
    part = visible_part(m, Fold({"c3"}, focus="c3"), ix)
    assert ids(part) == (["c1", "c2", "c3"], ["r1", "r2", "r3"])
    assert_well_formed(m, part)
    lay = layout(part.map, size)
    assert set(lay.claims) == {"c1", "c2", "c3"}


def test_count_below_and_can_collapse():
    m = chain()
    ix = MapIndex(m)
    assert count_below(m, "c1") == count_below(m, "c1", ix) == 6
    assert count_below(m, "c2", ix) == 3  # c4, c5 and the undercutter's c7
    assert count_below(m, "c6") == 0 and count_below(m, "nowhere") == 0
    assert can_collapse(m, "c2", ix) and can_collapse(m, "c4")
    assert not can_collapse(m, "c6", ix) and not can_collapse(m, "r2") and not can_collapse(m, "nowhere")


def test_pruned_after_the_map_changed():
    m = chain()
    fold = Fold({"c2", "c4", "c6"}, focus="c3")
    assert fold.pruned(m) == Fold({"c2", "c4"}, focus="c3")  # c6: nothing bears on it
    op = Compound([RemoveClaim("c3"), RemoveClaim("c4")], "Delete")
    op.apply(m)
    assert fold.pruned(m, MapIndex(m)) == Fold({"c2"})
    kept = Fold({"c2"})
    assert kept.pruned(m) is kept
    op.revert(m)  # undo: the pruned fold still works on the old map
    assert ids(check(m, Fold({"c2"}).pruned(m))) == ids(visible_part(m, Fold({"c2"})))


def test_fold_helpers():
    f = Fold({"a"})
    assert f.collapsed == frozenset({"a"}) and isinstance(Fold(["b"]).collapsed, frozenset)
    assert f.toggle("a") == Fold() and f.toggle("b") == Fold({"a", "b"})
    assert f.collapse("b", "c").expand("a", "c") == Fold({"b"})
    assert f.with_focus("x").expand_all() == Fold(focus="x") and f.with_focus("x").with_focus(None) == f
    assert not Fold().active and f.active and Fold(focus="x").active
    assert f.is_collapsed("a") and not f.is_collapsed("b")
    hash(f)  # usable as a key
    with pytest.raises(TypeError):
        Fold("c1")


def test_reveal_opens_just_what_is_needed():
    m = chain()
    assert reveal(m, Fold({"c2"}), "c3") == Fold({"c2"})  # already shown
    assert reveal(m, Fold({"c2", "c3"}), "c5") == Fold({"c3"})
    assert reveal(m, Fold({"c2", "c4"}), "c5") == Fold()
    assert reveal(m, Fold({"c2", "c4"}), "c4") == Fold({"c4"})  # shown, and still collapsed
    assert reveal(m, Fold({"c2"}), "r5") == Fold()
    assert reveal(m, Fold({"c1", "c4"}, focus="c2"), "c5") == Fold({"c1"}, focus="c2")
    assert reveal(m, Fold({"c4"}, focus="c2"), "c6") == Fold({"c4"})  # outside the focus: focus goes
    assert reveal(m, Fold({"c2"}), "nowhere") == Fold({"c2"})


# -- the bundled op-ed map --------------------------------------------------------

def test_oped_map_every_collapse_and_focus():
    m = preset(OPED).load()
    ix = MapIndex(m)
    saved = m.model_dump_json()
    full = ids(visible_part(m, Fold()))
    for c in m.claims:
        for fold in (Fold({c.id}), Fold(focus=c.id), Fold({c.id}, focus=m.claims[0].id)):
            part = check(m, fold, ix)
            assert ids(check(m, fold)) == ids(part)  # with or without the index
            lay = layout(part.map, size)
            assert set(lay.claims) == set(ids(part)[0]) and set(lay.groups) == set(ids(part)[1])
            assert ids(visible_part(m, fold.toggle(c.id) if fold.collapsed else fold.with_focus(None))) == full
        part = visible_part(m, Fold({c.id}), ix)
        if can_collapse(m, c.id, ix):
            below, _ = branch_below(m, c.id)
            assert part.hidden_below[c.id] == len(below - set(ids(part)[0]))
            assert part.hidden_below[c.id] <= count_below(m, c.id, ix) == len(below)
        else:
            assert part.map is m
    assert m.model_dump_json() == saved  # a view: the map itself never changes


def test_oped_map_shared_premises_stay_when_one_way_in_is_open():
    m = preset(OPED).load()
    ix = MapIndex(m)
    shared = [p for p, rs in ix.premise_of.items() if len(rs) > 1]
    assert shared
    for p in shared:
        users = ix.premise_of[p]
        # collapse the target of the first reason using it: p stays while another way in is open
        target = users[0].target
        if target not in ix.claims:
            continue
        part = check(m, Fold({target}), ix)
        others_open = any(not part.hides(r.id) for r in users[1:])
        assert part.hides(p) == (not others_open and target != p)


@pytest.mark.parametrize("seed", range(4))
def test_oped_map_random_folds(seed):
    m = preset(OPED).load()
    ix = MapIndex(m)
    rng = random.Random(seed)
    claims = [c.id for c in m.claims]
    fold = Fold()
    for _ in range(60):
        step = rng.random()
        if step < 0.75:
            fold = fold.toggle(rng.choice(claims))
        elif step < 0.9:
            fold = fold.with_focus(rng.choice([None, *claims]))
        else:
            fold = fold.expand_all()
        part = check(m, fold, ix)
        layout(part.map, size)


# -- a 5,000-claim map ---------------------------------------------------------------

@pytest.fixture(scope="module")
def big():
    m = synthetic_map(5000, seed=7)
    return m, MapIndex(m)


def test_big_map_random_collapse_and_expand_round_trip(big):
    m, ix = big
    rng = random.Random(11)
    claims = [c.id for c in m.claims]
    full = ids(visible_part(m, Fold(), ix))
    seen: dict[Fold, tuple] = {}
    fold = Fold()
    history = [fold]
    for step in range(80):
        if step % 20 == 19:  # now and then undo a stretch: expanding what was collapsed, in reverse
            while len(history) > 1:
                history.pop()
                fold = history[-1]
                assert ids(visible_part(m, fold, ix)) == seen.get(fold, full)
            continue
        cid = rng.choice(claims[: 200] if rng.random() < 0.5 else claims)  # near the top: big branches
        fold = fold.toggle(cid)
        history.append(fold)
        part = check(m, fold, ix)
        seen[fold] = ids(part)
        if part.hidden_below:
            for c, n in part.hidden_below.items():  # a tree: everything below a collapsed claim is hidden
                assert n == count_below(m, c, ix)
    assert fold == Fold() and visible_part(m, fold, ix).map is m


def test_big_map_focus_with_collapses(big):
    m, ix = big
    rng = random.Random(5)
    claims = [c.id for c in m.claims]
    for _ in range(15):
        collapsed = Fold(rng.sample(claims, 5) + rng.sample(claims[:100], 3))
        focus = rng.choice(claims[:300])
        before = ids(check(m, collapsed, ix))
        part = check(m, collapsed.with_focus(focus), ix)
        assert ids(part)[0][0] == focus  # here what hangs below a claim comes after it in the file
        assert ids(visible_part(m, collapsed.with_focus(focus).with_focus(None), ix)) == before


def test_big_map_layout_runs_on_the_visible_part(big):
    m, ix = big
    rng = random.Random(3)
    claims = [c.id for c in m.claims]
    fold = Fold(rng.sample(claims[:300], 10))
    part = visible_part(m, fold, ix)
    lay = layout(part.map, size)
    assert set(lay.claims) == set(ids(part)[0]) and set(lay.groups) == set(ids(part)[1])
    # and incrementally, after expanding one of them
    part2 = visible_part(m, fold.toggle(sorted(fold.collapsed)[0]), ix)
    lay2 = layout(part2.map, size, previous=lay)
    assert lay2.claims == layout(part2.map, size).claims
    part3 = visible_part(m, fold.with_focus(claims[1]), ix)
    assert set(layout(part3.map, size).claims) == set(ids(part3)[0])


@pytest.mark.parametrize(("n_claims", "n_shared", "toggles"), [(3000, 300, 60), (300, 200, 150)])
def test_maps_with_shared_premises_match_the_slow_reading(n_claims, n_shared, toggles):
    """The synthetic map is a tree: give it shared premises (no circles: a premise
    always comes later in the file than what it supports there)."""
    m = synthetic_map(n_claims, seed=2)
    rng = random.Random(8)
    n = len(m.claims)
    extra = []
    for k in range(n_shared):
        a = rng.randrange(1, n - 1)
        b = rng.randrange(a + 1, n + 1)
        prem = [f"c{b}"] + ([f"c{rng.randrange(a + 1, n + 1)}"] if rng.random() < 0.3 else [])
        extra.append(Reason(id=f"x{k}", kind=rng.choice(["support", "objection"]), premises=list(dict.fromkeys(prem)),
                            target=f"c{a}"))
    m.reasons.extend(extra)
    ix = MapIndex(m)
    claims = [c.id for c in m.claims]
    fold = Fold()
    for _ in range(toggles):
        fold = fold.toggle(rng.choice(claims[:400] if rng.random() < 0.5 else claims))
        if rng.random() < 0.2:
            fold = fold.with_focus(rng.choice([None, *claims[:200]]))
        part = check(m, fold, ix)
        assert ids(visible_part(m, fold)) == ids(part)
        assert part.hidden_below == visible_part(m, fold).hidden_below
        for c, k in part.hidden_below.items():
            below, _ = branch_below(m, c)
            assert k <= len(below - set(ids(part)[0]))
        some = rng.choice(claims)
        opened = reveal(m, fold, some, ix)
        assert not visible_part(m, opened, ix).hides(some)
        assert opened.collapsed <= fold.collapsed
    layout(visible_part(m, fold, ix).map, size)


def test_order_is_the_maps_even_with_repeated_ids_or_a_reordered_list():
    m = chain()
    ix = MapIndex(m)
    m.claims.reverse()  # the index now lists the claims in another order than the map
    m.reasons.reverse()
    part = visible_part(m, Fold({"c2"}), ix)
    assert ids(part) == (["c6", "c3", "c2", "c1"], ["r4", "r1"])
    part = visible_part(m, Fold(focus="c2"), ix)
    assert ids(part) == (["c7", "c5", "c4", "c2"], ["r5", "r3", "r2"])
    m = chain()
    m.claims.append(m.claims[4].model_copy())  # c5 twice: both copies go with its branch
    ix = MapIndex(m)
    for index in (None, ix):
        assert ids(visible_part(m, Fold({"c2"}), index)) == (["c1", "c2", "c3", "c6"], ["r1", "r4"])
        assert ids(visible_part(m, Fold(focus="c4"), index)) == (["c4", "c5", "c5"], ["r3"])
        assert ids(visible_part(m, Fold({"c6"}), index))[0] == [c.id for c in m.claims]
