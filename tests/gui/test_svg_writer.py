"""The SVG writer draws each claim as the canvas does: the same box, the same lines."""

import xml.etree.ElementTree as ET

from argmap.gui.items import PAD_X, measure, shown_text, wrapper
from argmap.gui.svg_writer import escape, write_svg
from argmap.io.presets import preset
from argmap.model import Claim
from helpers import build

SVG = "{http://www.w3.org/2000/svg}"


def _claim_boxes(data: bytes):
    """(width, height, [lines]) of each claim box, in map order: a <rect> with rx=6 and a black
    border, followed by the <g> of its text lines."""
    root = ET.fromstring(data)
    children = list(root)
    for i, el in enumerate(children):
        if el.tag == f"{SVG}rect" and el.get("rx") == "6" and el.get("stroke") == "#000000":
            text = children[i + 1]
            yield float(el.get("width")), float(el.get("height")), [t.text or "" for t in text]


def test_each_claim_has_the_canvas_box_and_lines(qapp):
    m = preset("drezner-north-korean-troops").load()
    boxes = list(_claim_boxes(write_svg(m)))
    assert len(boxes) == len(m.claims)
    for c, (w, h, lines) in zip(m.claims, boxes, strict=True):
        assert (w, h) == measure(c.text, c.main_conclusion, c.hidden), c.id
        assert lines == wrapper(c.main_conclusion).lines(shown_text(c.text))[0], c.id
        assert all(wrapper(c.main_conclusion).fm.horizontalAdvance(x) <= w - 2 * PAD_X for x in lines if " " in x)


def test_control_characters_and_markup_stay_text(qapp):
    m = build(Claim(id="c1", text="A bell \x07 & <b>bold</b> \x1b[31m", main_conclusion=True), "c2",
              r=[("r1", "+", ["c2"], "c1")], title="Tom & Jerry <3")
    data = write_svg(m)
    root = ET.fromstring(data)  # well-formed
    words = " ".join(t.text or "" for t in root.iter() if t.tag in (f"{SVG}text", f"{SVG}title"))
    assert "A bell ␇ & <b>bold</b> ␛[31m" in " ".join(words.split())
    assert "Tom & Jerry <3" in words
    assert escape("plain words") == "plain words" and escape("a<b & \x00") == "a&lt;b &amp; ␀"


def test_an_empty_claim_says_so(qapp):
    m = build(Claim(id="c1", text="   ", main_conclusion=True))
    (w, h, lines), = _claim_boxes(write_svg(m))
    assert lines == ["(empty claim)"]
