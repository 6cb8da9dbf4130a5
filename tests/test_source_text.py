import pytest

from argmap.io import MapFileError
from argmap.io.source_text import MAX_SOURCE_BYTES, fingerprint, read_source_text


def test_line_ends_and_byte_order_mark_are_normalised(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfFirst line\r\nSecond\rThird\n")
    assert read_source_text(p) == "First line\nSecond\nThird\n"


def test_windows_1252_text_is_read(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes("Putin’s “red lines”".encode("cp1252"))
    assert read_source_text(p) == "Putin’s “red lines”"


def test_missing_and_oversized_sources(tmp_path):
    with pytest.raises(MapFileError, match="no such file"):
        read_source_text(tmp_path / "none.txt")
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(MAX_SOURCE_BYTES + 1)
    with pytest.raises(MapFileError, match="larger than any article"):
        read_source_text(big)
    with pytest.raises(MapFileError, match="folder"):
        read_source_text(tmp_path)


def test_fingerprint_is_stable():
    assert fingerprint("abc") == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <title>The Strangest Development Yet</title>
  <style>p { color: red; }</style>
  <script>var secret = "<p>not article text</p>";</script>
</head>
<body>
  <h1>The Strangest   Development Yet</h1>
  <script>track("reader");</script>
  <p>North Korea&rsquo;s troops &amp; Russia&#8217;s war:
     a &ldquo;very, very serious&rdquo; escalation.</p>
  <div><p>Second paragraph.</p></div>
  <ul><li>One option;</li><li>the status quo.</li></ul>
  <blockquote>A quoted line<br>and its second line.</blockquote>
</body>
</html>
"""
PAGE_TEXT = (
    "The Strangest Development Yet\n"
    "North Korea’s troops & Russia’s war: a “very, very serious” escalation.\n"
    "Second paragraph.\n"
    "One option;\n"
    "the status quo.\n"
    "A quoted line\n"
    "and its second line.\n"
)


@pytest.mark.parametrize("name", ["page.html", "page.HTM"])
def test_a_web_page_is_read_as_its_text_one_line_per_paragraph(tmp_path, name):
    p = tmp_path / name
    p.write_text(PAGE, encoding="utf-8")
    assert read_source_text(p) == PAGE_TEXT


def test_a_web_page_is_recognised_by_its_content_whatever_its_name(tmp_path):
    p = tmp_path / "saved-article.txt"
    p.write_bytes(b"\r\n  " + PAGE.replace("<!DOCTYPE html>\n", "").encode("utf-8"))
    assert read_source_text(p) == PAGE_TEXT
    p.write_text("<!doctype HTML><p>Fish &lt;&gt; chips</p>", encoding="utf-8")
    assert read_source_text(p) == "Fish <> chips\n"


def test_line_breaks_and_blank_lines_in_a_page(tmp_path):
    p = tmp_path / "a.html"
    p.write_text("<p>one<br><br><br><br>two</p>\n\n<p>three<br></p><p><b>four</b> <i>five</i></p>", encoding="utf-8")
    assert read_source_text(p) == "one\n\ntwo\nthree\nfour five\n"


def test_markdown_and_plain_text_keep_their_marks(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("# Title\n\nSome *emphasis* and <b>a tag</b> &amp; more.\n", encoding="utf-8")
    assert read_source_text(p) == "# Title\n\nSome *emphasis* and <b>a tag</b> &amp; more.\n"
