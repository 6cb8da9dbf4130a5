"""SVG of a map written straight from its layout: small files, fast at any size.

Qt's SVG generator writes every painter call with its whole style (45 MB and
12 s for 10,000 claims); here each box, frame, arrow and line of text is one
element, in the canvas's light colours, so the same map is a few MB in about
a second. Text is wrapped with the canvas's own font metrics, so it breaks
where the canvas breaks it, and written as text (searchable, escaped).
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape
from xml.sax.saxutils import quoteattr

from PySide6.QtGui import QFont, QFontMetricsF

from argmap.graph import MapIndex
from argmap.gui.items import (
    CONCLUSION_FILL,
    MAIN_FILL,
    PAD_X,
    PAD_Y,
    QUOTE_TAG_FILL,
    QUOTE_TAG_INK,
    ROLE_COLOURS,
    arrow_head,
    claim_font,
    measurer,
    wrappable,
)
from argmap.layout import Layout, layout
from argmap.model import ArgumentMap

MARGIN = 24.0
WORDS = {"support": "because", "objection": "objection", "rebuttal": "rebuttal", "undercutter": "undercutter"}
TEXT, MUTED = "#000000", "#7f7f7f"
FILL = {"main": MAIN_FILL[0], "conclusion": CONCLUSION_FILL[0], "claim": "#ffffff"}


def _px(font: QFont) -> float:
    """The font's size in pixels on the canvas (points at 96 dots per inch)."""
    return font.pointSizeF() * 96 / 72 if font.pointSizeF() > 0 else float(font.pixelSize())


class _Wrapper:
    """Greedy word wrap with the canvas's metrics, as Qt's word wrap breaks lines."""

    def __init__(self, font: QFont) -> None:
        self.fm = QFontMetricsF(font)
        self.space = self.fm.horizontalAdvance(" ")
        self.widths: dict[str, float] = {}

    def lines(self, text: str, width: float) -> list[str]:
        out: list[str] = []
        for paragraph in wrappable(text).split("\n"):
            line, used = "", 0.0
            for word in paragraph.replace("\u200b", "\u200b ").split(" "):
                if not word:
                    continue
                w = self.widths.get(word)
                if w is None:
                    w = self.widths[word] = self.fm.horizontalAdvance(word)
                if line and used + self.space + w > width:
                    out.append(line)
                    line, used = word, w
                else:
                    line, used = (f"{line} {word}" if line else word), (used + self.space + w if line else w)
            out.append(line)
        return [x.replace("\u200b ", "").replace("\u200b", "") for x in out]


# XML 1.0 cannot hold control characters at all: show each as its Unicode picture (␇ for a bell),
# so the character is still there to see, as on the canvas, and the file stays well-formed.
_CONTROL = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0x7F: 0x2421}


def escape(text: str) -> str:
    return _xml_escape(text.translate(_CONTROL))


def write_svg(m: ArgumentMap, scale: float = 1.0) -> bytes:
    measure = measurer()
    sizes = {c.id: measure(c.text, c.main_conclusion, c.hidden) for c in m.claims}
    lay: Layout = layout(m, sizes.__getitem__)
    ix = MapIndex(m)
    font = claim_font()
    bold = QFont(font)
    bold.setBold(True)
    wrap, wrap_bold = _Wrapper(font), _Wrapper(bold)
    size = _px(font)
    line_h = QFontMetricsF(font).lineSpacing()
    ascent = QFontMetricsF(font).ascent()
    family = quoteattr(f"{font.family()}, sans-serif")
    x0, y0 = lay.left - MARGIN, -MARGIN - 16
    width, height = lay.width - lay.left + 2 * MARGIN, lay.height + 2 * MARGIN + 16
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * scale:.0f}" height="{height * scale:.0f}" '
        f'viewBox="{x0:.1f} {y0:.1f} {width:.1f} {height:.1f}" font-family={family} font-size="{size:.2f}">',
        f"<title>{escape(m.title or 'Argument map')}</title>",
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{width:.1f}" height="{height:.1f}" fill="#ffffff"/>',
    ]
    roles = {r.id: ix.role(r) for r in m.reasons}
    # frames and their labels, under everything else
    for rid, g in lay.groups.items():
        colour = ROLE_COLOURS[roles.get(rid, "support")][0]
        r = ix.reasons.get(rid)
        label = WORDS[roles.get(rid, "support")] + (f" · {r.scheme}" if r is not None and r.scheme else "")
        out.append(f'<rect x="{g.x:.1f}" y="{g.y:.1f}" width="{g.w:.1f}" height="{g.h:.1f}" rx="9" '
                   f'fill="{colour}" fill-opacity="0.11" stroke="{colour}" stroke-width="1.6"/>')
        out.append(f'<text x="{g.x + 4:.1f}" y="{g.y - 4:.1f}" font-size="{size * 0.8:.2f}" font-weight="bold" '
                   f'fill="{colour}">{escape(label)}</text>')
    # arrows: the canvas's S-curve and head
    for rid, ((sx, sy), (ex, ey)) in lay.arrows.items():
        colour = ROLE_COLOURS[roles.get(rid, "support")][0]
        mid = (sy + ey) / 2
        out.append(f'<path d="M{sx:.1f},{sy:.1f} C{sx:.1f},{mid:.1f} {ex:.1f},{mid:.1f} {ex:.1f},{ey:.1f}" '
                   f'fill="none" stroke="{colour}" stroke-width="2.2"/>')
        out.append(f'<path d="{_head(sx, sy, ex, ey, mid)}" fill="{colour}"/>')
    # claims
    for c in m.claims:
        b = lay.claims.get(c.id)
        if b is None:
            continue
        kind = "main" if c.main_conclusion else "conclusion" if c.conclusion else "claim"
        dash = ' stroke-dasharray="5,3"' if c.hidden else ""
        out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="6" fill="{FILL[kind]}" '
                   f'stroke="{TEXT}" stroke-width="{2.4 if c.main_conclusion else 1.2}"{dash}/>')
        text = c.text if c.text.strip() else "(empty claim)"
        lines = (wrap_bold if c.main_conclusion else wrap).lines(text, b.w - 2 * PAD_X)
        out.append(_text_block(lines, b.x + PAD_X, b.y + PAD_Y + ascent, line_h,
                               ' font-weight="bold"' if c.main_conclusion else "",
                               MUTED if not c.text.strip() else TEXT))
        if c.hidden:
            out.append(f'<text x="{b.x + PAD_X:.1f}" y="{b.bottom - PAD_Y - 2:.1f}" font-size="{size * 0.75:.2f}" '
                       f'fill="{MUTED}">hidden premise</text>')
        if c.quotation is not None:
            out.append(_tag(b.x, b.y, "“", QUOTE_TAG_FILL[0], QUOTE_TAG_INK[0], size))
    # reference boxes: a premise drawn in full under another reason
    for (cid, _), b in lay.refs.items():
        claim = ix.claims.get(cid)
        if claim is None:
            continue
        out.append(f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.w:.1f}" height="{b.h:.1f}" rx="6" fill="#ffffff" '
                   f'fill-opacity="0.6" stroke="{MUTED}" stroke-width="1.2" stroke-dasharray="5,3"/>')
        lines = wrap.lines(claim.text or "(empty claim)", b.w - 2 * PAD_X)
        out.append(_text_block(lines, b.x + PAD_X, b.y + PAD_Y + ascent, line_h, "", MUTED))
        out.append(_tag(b.x, b.y, "↗", "#ffffff", MUTED, size))
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _text_block(lines: list[str], x: float, y: float, step: float, weight: str, colour: str) -> str:
    # One <text> per line (positioned <tspan>s are not in SVG Tiny, which some viewers follow).
    texts = "".join(f'<text x="{x:.1f}" y="{y + i * step:.1f}">{escape(line)}</text>' for i, line in enumerate(lines))
    return f'<g fill="{colour}"{weight}>{texts}</g>'


def _tag(x: float, y: float, mark: str, fill: str, stroke: str, size: float) -> str:
    return (f'<rect x="{x - 6:.1f}" y="{y - 8:.1f}" width="18" height="16" rx="4" fill="{fill}" stroke="{stroke}"/>'
            f'<text x="{x + 3:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-weight="bold" '
            f'font-size="{size * 1.1:.2f}" fill="{stroke}">{escape(mark)}</text>')


def _head(sx: float, sy: float, ex: float, ey: float, mid: float) -> str:
    """The arrowhead at the curve's end, pointing along its last stretch (as ArrowItem draws it)."""
    t = 0.97  # a point on the curve just before its end, as the canvas takes it
    u = 1 - t
    px = u**3 * sx + 3 * u * u * t * sx + 3 * u * t * t * ex + t**3 * ex
    py = u**3 * sy + 3 * u * u * t * mid + 3 * u * t * t * mid + t**3 * ey
    (x1, y1), (x2, y2), (x3, y3) = arrow_head((ex, ey), (px, py))
    return f"M{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f} L{x3:.1f},{y3:.1f} Z"
