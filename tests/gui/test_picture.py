"""Pictures of a map: PNG, SVG and PDF that look like the canvas."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from argmap.gui.picture import PictureError, render
from argmap.io.presets import preset
from argmap.model import Claim
from argmap.submap import submap
from helpers import build


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)  # well-formed XML, or this raises
    return " ".join(" ".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))


def test_png_is_painted_at_the_requested_scale(qapp):
    m = preset("tutorial").load()
    one, two = QImage.fromData(render(m, "png", 1.0)), QImage.fromData(render(m, "png", 2.0))
    assert not one.isNull() and abs(two.width() - 2 * one.width()) <= 2
    colours = {one.pixel(x, y) for x in range(0, one.width(), 7) for y in range(0, one.height(), 7)}
    assert len(colours) > 20  # boxes, text and arrows, not a blank page


def test_svg_holds_every_claims_words_escaped(qapp):
    m = build(Claim(id="c1", text="Schools should <b>start</b> later & “safer”", main_conclusion=True), "c2",
              r=[("r1", "+", ["c2"], "c1")])
    words = " ".join(svg_text(render(m, "svg")).split())
    assert "Schools should <b>start</b> later & “safer”" in words
    assert "Claim c2." in words


def test_pdf_is_a_pdf_and_a_selection_has_only_its_claims(qapp):
    m = preset("drezner-north-korean-troops").load()
    pdf = render(m, "pdf")
    assert pdf.startswith(b"%PDF") and b"/Page" in pdf
    part = submap(m, ["c1", "c2"])
    text = " ".join(svg_text(render(part, "svg")).split())
    assert m.claim("c1").text.split()[0] in text
    others = [c for c in m.claims if c.id not in ("c1", "c2")]
    assert not any(" ".join(c.text.split()[:6]) in text for c in others)


def test_pictures_are_drawn_light_whatever_the_desktop(qapp):
    from PySide6.QtGui import QColor, QPalette

    saved = qapp.palette()
    dark = QPalette(saved)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    qapp.setPalette(dark)
    try:
        image = QImage.fromData(render(preset("tutorial").load(), "png"))
        sample = [QColor(image.pixel(x, y)).lightness() for x in range(0, image.width(), 5)
                  for y in range(0, image.height(), 5)]
        assert sum(1 for v in sample if v < 60) < 0.05 * len(sample)  # dark text only, no dark boxes
        assert qapp.palette().color(QPalette.ColorRole.Base) == QColor("#101010")  # given back
    finally:
        qapp.setPalette(saved)


def test_impossible_requests_are_explained(qapp):
    m = preset("tutorial").load()
    with pytest.raises(PictureError, match="PNG, SVG or PDF"):
        render(m, "gif")
    with pytest.raises(PictureError, match="smaller scale"):
        render(m, "png", 400.0)


def test_svg_is_drawn_from_the_layout_like_the_canvas(qapp):
    m = preset("drezner-north-korean-troops").load()
    data = render(m, "svg", 2.0)
    root = ET.fromstring(data)
    assert root.get("width") and float(root.get("width")) > 1000  # scale 2
    text = svg_text(data)
    assert "“" in text and "↗" in text  # quotation tags, and a premise shown by reference
    assert "hidden premise" in text and "because · argument from consequences" in text
    rects = [e for e in root.iter() if e.tag.endswith("rect")]
    assert len(rects) > len(m.claims) + len(m.reasons)  # boxes, frames, tags and the page
