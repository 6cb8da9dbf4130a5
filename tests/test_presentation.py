"""The walk through a map for class: every claim once, in reading order."""

import sys

import pytest

from argmap.io.presets import presets
from argmap.presentation import steps
from helpers import ROOT, build

sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_core import synthetic_map  # noqa: E402


def assert_complete(m):
    walk = steps(m)
    revealed = [c for s in walk for c in s.claims]
    assert sorted(revealed) == sorted(c.id for c in m.claims)  # each exactly once
    shown_reasons = [s.reason_id for s in walk if s.reason_id]
    assert sorted(shown_reasons) == sorted(r.id for r in m.reasons)
    return walk


@pytest.mark.parametrize("p", presets(), ids=lambda p: p.name)
def test_every_bundled_map_is_walked_through_completely(p):
    walk = assert_complete(p.load())
    assert walk[0].kind == "thesis"


def test_reading_order_reason_then_its_support_then_objections():
    m = build("c1*", "c2", "c3", "c4", "c5", "c6",
              r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4"], "c1"), ("r3", "+", ["c5"], "c2"),
                 ("r4", "-", ["c6"], "r1")])
    walk = assert_complete(m)
    assert [(s.reason_id, s.claims) for s in walk] == [
        (None, ("c1",)), ("r1", ("c2", "c3")), ("r3", ("c5",)), ("r4", ("c6",)), ("r2", ("c4",))]
    assert [s.kind for s in walk] == ["thesis", "support", "support", "undercutter", "objection"]
    assert walk[1].title.startswith("A reason for “Claim c1.")


def test_shared_premises_loose_claims_cycles_and_missing_targets():
    m = build("c1*", "c2", "c3", "c4", "c5", "c6",
              r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c2", "c3"], "c1"), ("r3", "+", ["c4"], "c5"),
                 ("r4", "+", ["c5"], "c4"), ("r5", "+", ["c6"], "gone")])
    walk = assert_complete(m)
    assert walk[2].claims == ("c3",)  # c2 was revealed with r1
    assert any(s.kind == "loose" for s in walk)


def test_a_big_map_and_a_deep_chain():
    assert_complete(synthetic_map(2000))
    n = 3000
    m = build("c0*", *[f"c{i}" for i in range(1, n)], r=[(f"r{i}", "+", [f"c{i}"], f"c{i - 1}") for i in range(1, n)])
    assert len(assert_complete(m)) == n
