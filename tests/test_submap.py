"""A part of a map: exactly the claims asked for, and the reasons among them."""

from argmap.io.presets import preset
from argmap.submap import submap
from argmap.validate import Severity, validate
from helpers import build


def test_a_part_keeps_exactly_its_claims_and_the_reasons_among_them():
    m = build("c1*", "c2", "c3", "c4", "c5",
              r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4"], "r1"), ("r3", "+", ["c5"], "c2")])
    part = submap(m, ["c1", "c2", "c4"])
    assert [c.id for c in part.claims] == ["c1", "c2", "c4"]
    assert [(r.id, r.premises, r.target) for r in part.reasons] == [("r1", ["c2"], "c1"), ("r2", ["c4"], "r1")]
    assert m.reasons[0].premises == ["c2", "c3"]  # the map itself is untouched
    assert part.title.endswith("(part)") and not part.template


def test_a_branch_of_the_op_ed_map_is_a_map_without_dangling_links():
    m = preset("drezner-north-korean-troops").load()
    part = submap(m, [c.id for c in m.claims[:12]])
    assert not [f for f in validate(part) if f.severity is Severity.ERROR and "dangling" in f.code]
