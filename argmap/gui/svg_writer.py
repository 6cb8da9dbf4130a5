"""SVG of a map written straight from its layout: small files, fast at any size.

Qt's SVG generator writes every painter call with its whole style (45 MB and
12 s for 10,000 claims); here each box, frame, arrow and line of text is one
element, in the canvas's light colours, so the same map is a few MB in well
under a second. Text is broken into the very lines the canvas paints (the
claim font's word wrap, items.Wrapper), each claim wrapped once for both
measuring its box and writing its lines, and written as text (searchable,
escaped).
"""

from __future__ import annotations

import re

from argmap.graph import MapIndex
from argmap.gui import items
from argmap.gui.items import (
    CONCLUSION_FILL,
    MAIN_FILL,
    PAD_X,
    PAD_Y,
    QUOTE_TAG_FILL,
    QUOTE_TAG_INK,
    ROLE_COLOURS,
    TEXT_WIDTH,
    arrow_head,
    claim_font,
    shown_text,
    wrapper,
)
from argmap.layout import Layout, layout
from argmap.model import ArgumentMap
from argmap.runtime import gc_paused

MARGIN = 24.0
WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}
TEXT, MUTED = "#000000", "#7f7f7f"
FILL = {"main": MAIN_FILL[0], "conclusion": CONCLUSION_FILL[0], "claim": "#ffffff"}


def _px(font) -> float:
    """The font's size in pixels on the canvas (points at 96 dots per inch)."""
    return font.pointSizeF() * 96 / 72 if font.pointSizeF() > 0 else float(font.pixelSize())


# XML 1.0 cannot hold control characters at all: show each as its Unicode picture (␇ for a bell),
# so the character is still there to see, as on the canvas, and the file stays well-formed.
_CONTROL = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0x7F: 0x2421}
# One pass does both: markup characters escaped, control characters shown.
_ESCAPES = {**{c: chr(p) for c, p in _CONTROL.items()}, ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"}
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(text: str) -> str:
    return text.translate(_ESCAPES) if _NEEDS_ESCAPE.search(text) else text


class _Wrapped:
    """A claim font's wrapper that keeps the lines it gave: measuring a box (for the layout) and
    writing its text wrap each claim once between them. `size` is the wrapper's own (the number
    of lines and the widest), taken from the lines."""

    def __init__(self, wrap: items.Wrapper) -> None:
        self._wrap = wrap
        self.seen: dict[tuple[str, float], tuple[list[str], float]] = {}

    def __getattr__(self, name: str):  # line_height, ascent, font...: the wrapper's own
        return getattr(self._wrap, name)

    def lines(self, text: str, width: float = TEXT_WIDTH) -> tuple[list[str], float]:
        key = (text, width)
        got = self.seen.get(key)
        if got is None:
            got = self.seen[key] = self._wrap.lines(text, width)
        return got

    def size(self, text: str, width: float = TEXT_WIDTH) -> tuple[int, float]:
        lines, widest = self.lines(text, width)
        return len(lines), widest


def _sizer(wraps: dict[bool, _Wrapped]):
    """Box sizes exactly as the canvas measures them (items.box_size), through the remembering
    wrappers; measured by items itself (and wrapped again for the text) if it takes no wrapper."""
    box_size = getattr(items, "box_size", None)
    if box_size is not None:
        return lambda text, bold, hidden: box_size(wraps[bold], text, hidden)
    return items.measurer()


def write_svg(m: ArgumentMap, scale: float = 1.0) -> bytes:
    with gc_paused():  # tens of thousands of strings and tuples, nothing cyclic
        return _write_svg(m, scale)


def _write_svg(m: ArgumentMap, scale: float) -> bytes:
    wraps = {False: _Wrapped(wrapper(False)), True: _Wrapped(wrapper(True))}
    measure = _sizer(wraps)
    sizes = {c.id: measure(c.text, c.main_conclusion, c.hidden) for c in m.claims}
    lay: Layout = layout(m, sizes.__getitem__)
    ix = MapIndex(m)
    font = claim_font()
    plain = wraps[False]
    size = _px(font)
    line_h, ascent = plain.line_height, plain.ascent
    family = escape(f"{font.family()}, sans-serif").replace('"', "&quot;")
    x0, y0 = lay.left - MARGIN, -MARGIN - 16
    width, height = lay.width - lay.left + 2 * MARGIN, lay.height + 2 * MARGIN + 16
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale:.0f}" height="{height * scale:.0f}" '
        f'viewBox="{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}" font-family="{family}" font-size="{size:.2f}">',
        f"<title>{escape(m.title or 'Argument map')}</title>",
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
    ]
    add = out.append
    roles = {r.id: ix.role(r) for r in m.reasons}
    colours = {role: c[0] for role, c in ROLE_COLOURS.items()}
    label_size = f"{size * 0.8:.2f}"
    labels: dict[str, str] = {}  # a frame's label, escaped once: most say "because" or "objection"
    # frames and their labels, under everything else
    for rid, g in lay.groups.items():
        role = roles.get(rid, "support")
        colour = colours[role]
        r = ix.reasons.get(rid)
        label = WORDS[role] + (f" · {r.scheme}" if r is not None and r.scheme else "")
        shown = labels.get(label)
        if shown is None:
            shown = labels[label] = escape(label)
        add(f'<rect x="{g.x:.1f}" y="{g.y:.1f}" width="{g.w:.1f}" height="{g.h:.1f}" rx="9" '
            f'fill="{colour}" fill-opacity="0.11" stroke="{colour}" stroke-width="1.6"/>'
            f'<text x="{g.x + 4:.1f}" y="{g.y - 4:.1f}" font-size="{label_size}" font-weight="bold" '
            f'fill="{colour}">{shown}</text>')
    # arrows: the canvas's S-curve and head
    for rid, ((sx, sy), (ex, ey)) in lay.arrows.items():
        colour = colours[roles.get(rid, "support")]
        mid = (sy + ey) / 2
        add(f'<path d="M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {ex:.1f},{mid:.1f} {ex:.1f},{ey:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="2.2"/>'
            f'<path d="{_head(sx, sy, ex, ey, mid)}" fill="{colour}"/>')
    # claims
    small, tag_size = f"{size * 0.75:.2f}", f"{size * 1.1:.2f}"
    boxes = lay.claims
    for c in m.claims:
        b = boxes.get(c.id)
        if b is None:
            continue
        x, y, w, h = b
        main = c.main_conclusion
        kind = "main" if main else "conclusion" if c.conclusion else "claim"
        dash = ' stroke-dasharray="5,3"' if c.hidden else ""
        add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" fill="{FILL[kind]}" '
            f'stroke="{TEXT}" stroke-width="{2.4 if main else 1.2}"{dash}/>')
        empty = not c.text.strip()
        lines = wraps[main].lines(shown_text(c.text))[0]
        add(_text_block(lines, x + PAD_X, y + PAD_Y + ascent, line_h, ' font-weight="bold"' if main else "",
                        MUTED if empty else TEXT, _NEEDS_ESCAPE.search(c.text) is not None))
        if c.hidden:
            add(f'<text x="{x + PAD_X:.1f}" y="{y + h - PAD_Y - 2:.1f}" font-size="{small}" '
                f'fill="{MUTED}">hidden premise</text>')
        if c.quotation is not None:
            add(_tag(x, y, "“", QUOTE_TAG_FILL[0], QUOTE_TAG_INK[0], tag_size))
    # reference boxes: a premise drawn in full under another reason
    for (cid, _), b in lay.refs.items():
        claim = ix.claims.get(cid)
        if claim is None:
            continue
        x, y, w, h = b
        add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" fill="#ffffff" '
            f'fill-opacity="0.6" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="5,3"/>')
        lines = plain.lines(shown_text(claim.text))[0]
        add(_text_block(lines, x + PAD_X, y + PAD_Y + ascent, line_h, "", MUTED,
                        _NEEDS_ESCAPE.search(claim.text) is not None))
        add(_tag(x, y, "↗", "#ffffff", MUTED, tag_size))
    add("</svg>\n")
    return "\n".join(out).encode("utf-8")


def _text_block(lines: list[str], x: float, y: float, step: float, weight: str, colour: str,
                needs_escape: bool) -> str:
    """A claim's lines (`needs_escape`: its text holds a character to escape; most do not), one
    <text> per line: positioned <tspan>s are not in SVG Tiny, which some viewers follow."""
    if needs_escape:  # the lines escaped together: one pass over the claim, not one per line
        lines = "\n".join(lines).translate(_ESCAPES).split("\n")  # no line holds a line break
    left = f'<text x="{x:.1f}" y="'
    texts = "".join(f'{left}{y + i * step:.1f}">{line}</text>' for i, line in enumerate(lines))
    return f'<g fill="{colour}"{weight}>{texts}</g>'


def _tag(x: float, y: float, mark: str, fill: str, stroke: str, size: str) -> str:
    return (f'<rect x="{x - 6:.1f}" y="{y - 8:.1f}" width="18" height="16" rx="4" fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{x + 3:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-weight="bold" '
            f'font-size="{size}" fill="{stroke}">{mark}</text>')


# The curve's point at t = 0.97, just before its end, as the canvas takes it for the head's direction:
# B(t) = u³·P0 + 3u²t·P1 + 3ut²·P2 + t³·P3 with u = 1 - t, and the control points of the S-curve.
_T = 0.97
_U = 1 - _T
_START, _MIDDLE, _END = _U**3, 3 * _U * _U * _T, 3 * _U * _T * _T
_LAST = _T**3


def _head(sx: float, sy: float, ex: float, ey: float, mid: float) -> str:
    """The arrowhead at the curve's end, pointing along its last stretch (as ArrowItem draws it)."""
    px = (_START + _MIDDLE) * sx + (_END + _LAST) * ex
    py = _START * sy + (_MIDDLE + _END) * mid + _LAST * ey
    (x1, y1), (x2, y2), (x3, y3) = arrow_head((ex, ey), (px, py))
    return f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f} L{x3:.1f},{y3:.1f} Z"

