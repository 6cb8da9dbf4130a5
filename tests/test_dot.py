"""Graphviz export: every claim and reason, escaped, coloured as on the canvas."""

import re

from argmap.dot import to_dot
from argmap.io.presets import preset
from argmap.model import Claim
from helpers import build


def test_every_claim_and_reason_is_a_node_with_its_links():
    m = preset("tutorial").load()
    dot = to_dot(m)
    assert dot.startswith("digraph argmap {") and dot.rstrip().endswith("}")
    for c in m.claims:
        assert f'"{c.id}" [shape=box' in dot
    for r in m.reasons:
        for p in r.premises:
            assert f'"{p}" -> "{r.id}"' in dot
        assert f'"{r.id}" -> "{r.target}"' in dot
    assert dot.count("{") == dot.count("}") - 0  # no stray braces from claim text


def test_text_is_escaped_and_never_markup():
    hostile = 'He said "stop" \\ then <b>left</b> {x} -> "c1"'
    m = build(Claim(id="c1", text=hostile, main_conclusion=True))
    dot = to_dot(m)
    line = next(x for x in dot.splitlines() if x.startswith('  "c1"'))
    label = re.search(r'label="((?:[^"\\]|\\.)*)"', line).group(1)
    assert label.replace("\\n", " ").replace('\\"', '"').replace("\\\\", "\\") == hostile
