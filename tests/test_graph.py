from argmap.graph import MapIndex, reaching, support_cycles, to_digraph
from helpers import build


def tutorial_like():
    return build(
        "c1*", "c2", "c3", "c4", "c5", "c6",
        r=[
            ("r1", "+", ["c2", "c3"], "c1"),
            ("r2", "-", ["c4"], "c1"),
            ("r3", "-", ["c5"], "c4"),
            ("r4", "-", ["c6"], "r1"),
        ],
    )


def test_edges_run_from_premise_through_reason_to_target():
    g = to_digraph(tutorial_like())
    assert set(g.edges) == {
        ("c2", "r1"), ("c3", "r1"), ("r1", "c1"),
        ("c4", "r2"), ("r2", "c1"),
        ("c5", "r3"), ("r3", "c4"),
        ("c6", "r4"), ("r4", "r1"),
    }


def test_dangling_ids_are_left_out_of_the_graph():
    g = to_digraph(build("c1*", r=[("r1", "+", ["ghost"], "c1"), ("r2", "+", ["c1"], "nowhere")]))
    assert "ghost" not in g and "nowhere" not in g
    assert set(g.edges) == {("r1", "c1"), ("c1", "r2")}


def test_roles_name_rebuttals_and_undercutters():
    ix = MapIndex(tutorial_like())
    roles = {r.id: ix.role(r) for r in ix.map.reasons}
    assert roles == {"r1": "support", "r2": "objection", "r3": "rebuttal", "r4": "undercutter"}


def test_objection_to_a_support_premise_is_not_a_rebuttal():
    m = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c2"], "c4"),
                                          ("r3", "-", ["c3"], "c2")])
    ix = MapIndex(m)
    assert ix.role(m.reason("r3")) == "objection"


def test_support_cycles_found_once_per_knot():
    m = build("a*", "b", "c", "d", r=[
        ("r1", "+", ["b"], "a"), ("r2", "+", ["c"], "b"), ("r3", "+", ["b"], "c"),
        ("r4", "+", ["d"], "c"),
    ])
    assert [sorted(c) for c in support_cycles(m)] == [["b", "c"]]


def test_objection_loops_are_not_circular_reasoning():
    m = build("a*", "b", "c", r=[("r1", "+", ["b"], "a"), ("r2", "-", ["c"], "b"), ("r3", "-", ["b"], "c")])
    assert support_cycles(m) == []


def test_reaching_follows_undercutters_and_rebuttals():
    m = tutorial_like()
    g = to_digraph(m)
    assert reaching(g, "c1") == set(g.nodes)
    assert reaching(g, "missing") == set()
    assert MapIndex(m).leading_to(["c1"]) == set(g.nodes)


def test_leading_to_matches_networkx_on_a_messy_map():
    m = build("c1*", "a", "b", "c", "d", "e", r=[
        ("r1", "+", ["a", "ghost"], "c1"), ("r2", "-", ["b"], "r1"), ("r3", "+", ["c"], "d"),
        ("r4", "+", ["d"], "c"), ("r5", "-", ["e"], "nowhere"), ("r6", "+", ["b"], "r6"),
    ])
    g = to_digraph(m)
    ix = MapIndex(m)
    for node in g:
        assert ix.leading_to([node]) == reaching(g, node), node


def test_self_support_alone_is_not_a_knot():
    m = build("a*", "b", r=[("r1", "+", ["a", "b"], "a")])
    assert support_cycles(m) == []


def test_conclusion_queries():
    ix = MapIndex(build("c1*", "c2", "c3!", r=[("r1", "+", ["c2"], "c1")]))
    assert [c.id for c in ix.main_conclusions()] == ["c1"]
    assert ix.is_conclusion(ix.claims["c1"]) and ix.is_conclusion(ix.claims["c3"])
    assert not ix.is_conclusion(ix.claims["c2"])
