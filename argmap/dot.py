"""The map as a Graphviz DOT graph (no Qt).

Claims are boxes; each reason is a small labelled node that its premises
point into and that points at what it bears on, so co-premises visibly work
together, as on the canvas. Colours follow the canvas: support green,
objections red, rebuttals orange; hidden premises dashed; the main
conclusion drawn bold. `rankdir=BT` puts the conclusion on top.
"""

from __future__ import annotations

from argmap.graph import MapIndex
from argmap.model import ArgumentMap
from argmap.outline import wrap

COLOURS = {"support": "#2e8540", "objection": "#c62828", "rebuttal": "#e07b00", "undercutter": "#c62828"}
WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}


def _quoted(text: str) -> str:
    """A DOT string: backslashes, quotes and line breaks escaped, nothing else interpreted."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrapped(text: str, width: int = 32) -> str:
    """Claim text broken into lines of about `width` characters (the outline's word wrap),
    as the inside of a DOT string (\\n between lines)."""
    lines = wrap(text, width, "", "").split("\n")
    return "\\n".join(_quoted(x)[1:-1] for x in lines if x) or "(empty claim)"


def to_dot(m: ArgumentMap) -> str:
    ix = MapIndex(m)
    out = ["digraph argmap {", "  rankdir=BT;", f"  label={_quoted(m.title)};", "  labelloc=t;",
           '  node [fontname="Helvetica", fontsize=11];', '  edge [arrowsize=0.8];']
    for c in m.claims:
        style = ["rounded"] + (["dashed"] if c.hidden else []) + (["bold"] if c.main_conclusion else [])
        extra = ', penwidth=2.4, fillcolor="#dcebfb", style="' + ",".join([*style, "filled"]) + '"' \
            if c.main_conclusion else f', style="{",".join(style)}"'
        out.append(f'  {_quoted(c.id)} [shape=box, label="{_wrapped(c.text)}"{extra}];')
    for r in m.reasons:
        role = ix.role(r)
        colour = COLOURS[role]
        label = WORDS[role] + (f" · {r.scheme}" if r.scheme else "")
        out.append(f'  {_quoted(r.id)} [shape=plaintext, fontsize=9, fontcolor="{colour}", label={_quoted(label)}];')
        for p in r.premises:
            if p in ix.claims:
                out.append(f'  {_quoted(p)} -> {_quoted(r.id)} [color="{colour}", arrowhead=none];')
        if ix.exists(r.target):
            out.append(f'  {_quoted(r.id)} -> {_quoted(r.target)} [color="{colour}", penwidth=1.6];')
    out.append("}")
    return "\n".join(out) + "\n"
