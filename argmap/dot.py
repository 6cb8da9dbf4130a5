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
from argmap.runtime import gc_paused

COLOURS = {"support": "#2e8540", "objection": "#c62828", "rebuttal": "#e07b00", "undercutter": "#c62828"}
WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}


def _quoted(text: str) -> str:
    """A DOT string: backslashes, quotes and line breaks escaped, nothing else interpreted."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrapped(text: str, width: int = 32) -> str:
    """Claim text broken into lines of about `width` characters (the outline's word wrap),
    as the inside of a DOT string (\\n between lines)."""
    body = wrap(text, width, "", "")  # words joined by single spaces, lines by line breaks
    if not body:
        return "(empty claim)"
    return body.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def to_dot(m: ArgumentMap) -> str:
    with gc_paused():  # a few lines per claim, nothing cyclic
        return _to_dot(m)


def _to_dot(m: ArgumentMap) -> str:
    ix = MapIndex(m)
    out = ["digraph argmap {", "  rankdir=BT;", f"  label={_quoted(m.title)};", "  labelloc=t;",
           '  node [fontname="Helvetica", fontsize=11];', '  edge [arrowsize=0.8];']
    add = out.append
    quoted: dict[str, str] = {}  # each id quoted once: reasons name their premises and targets again

    def q(ident: str) -> str:
        text = quoted.get(ident)
        if text is None:
            text = quoted[ident] = _quoted(ident)
        return text

    for c in m.claims:
        style = ["rounded"] + (["dashed"] if c.hidden else []) + (["bold"] if c.main_conclusion else [])
        extra = ', penwidth=2.4, fillcolor="#dcebfb", style="' + ",".join([*style, "filled"]) + '"' \
            if c.main_conclusion else f', style="{",".join(style)}"'
        add(f'  {q(c.id)} [shape=box, label="{_wrapped(c.text)}"{extra}];')
    claims = ix.claims
    for r in m.reasons:
        role = ix.role(r)
        colour = COLOURS[role]
        label = WORDS[role] + (f" · {r.scheme}" if r.scheme else "")
        rid = q(r.id)
        add(f'  {rid} [shape=plaintext, fontsize=9, fontcolor="{colour}", label={_quoted(label)}];')
        for p in r.premises:
            if p in claims:
                add(f'  {q(p)} -> {rid} [color="{colour}", arrowhead=none];')
        if ix.exists(r.target):
            add(f'  {rid} -> {q(r.target)} [color="{colour}", penwidth=1.6];')
    add("}")
    return "\n".join(out) + "\n"
