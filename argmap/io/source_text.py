"""Reading a source text (the article a map reconstructs) from disk.

Plain text and Markdown are read as they are (Markdown's text is what the
student reads). A saved web page is turned into plain text: one line per
paragraph, heading or list item, without scripts, styles or the page head.
"""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from argmap.io.errors import MapFileError
from argmap.io.files import read_limited

MAX_SOURCE_BYTES = 20 * 1024 * 1024


def read_source_text(path: str | Path) -> str:
    """The text of a plain-text, Markdown or HTML source file, as one string with \\n line ends."""
    path = Path(path)
    data = read_limited(
        path, MAX_SOURCE_BYTES,
        lambda size: f"The file is {size / 1_048_576:.0f} MB, larger than any article argmap opens "
        f"(the limit is {MAX_SOURCE_BYTES // 1_048_576} MB).",
        kind="text file",
    )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Older Windows editors save articles as cp1252; it decodes any byte.
        text = data.decode("cp1252", errors="replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text):
        try:
            return html_to_text(text)
        except AssertionError:  # Python's HTML parser gives up on some broken markup ("<![" with no name)
            raise MapFileError(path, "This web page is broken in a way argmap cannot read. Save the article from "
                               "your browser as plain text (.txt) and attach that instead.") from None
    return text


def fingerprint(text: str) -> str:
    """'sha256:<hex>' of a source text, to recognise the same article later."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


HTML_SUFFIXES = (".html", ".htm")
_HTML_START = re.compile(r"\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
# Elements whose content a reader never sees as part of the article.
_HIDDEN = frozenset({"script", "style", "head", "title", "template", "noscript"})
# What may stand in a page's head; anything else starts the body, end tag or not.
_IN_HEAD = frozenset({"meta", "link", "base", "title", "style", "script", "noscript", "template"})
# Elements that start on a line of their own.
_BLOCKS = frozenset(
    "p div li h1 h2 h3 h4 h5 h6 tr blockquote section article header footer main aside nav "
    "ul ol dl dt dd table caption figure figcaption pre hr address form fieldset".split()
)
_BLOCK_BREAK = "\x00"  # a line break where blocks meet, however many end and start there
_BREAKS = re.compile(r"\s*\x00[\s\x00]*")


def _looks_like_html(text: str) -> bool:
    return _HTML_START.match(text) is not None


def html_to_text(html: str) -> str:
    """The readable text of a web page: one line per paragraph, heading or list item,
    entities written out, runs of spaces as one, at most one blank line in a row."""
    parser = _TextOfPage()
    parser.feed(html.replace(_BLOCK_BREAK, ""))
    parser.close()
    text = "".join(parser.parts)
    # Where blocks meet: one line break, or as many as the <br> tags there ask for.
    text = _BREAKS.sub(lambda m: "\n" * max(1, m.group().count("\n")), text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


class _TextOfPage(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden: list[str] = []  # the open elements whose content is dropped
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if "head" in self._hidden and tag not in _IN_HEAD:
            self._close_hidden("head")
        if tag in _HIDDEN:
            self._hidden.append(tag)
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK_BREAK)
            if tag == "pre":
                self._pre += 1
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> is one break, not two; an empty <script/> hides nothing after it.
        if tag not in _HIDDEN:
            self.handle_starttag(tag, attrs)
            if tag in _BLOCKS:
                self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._hidden:
            self._close_hidden(tag)
        elif tag in _BLOCKS:
            self.parts.append(_BLOCK_BREAK)
            if tag == "pre" and self._pre:
                self._pre -= 1
        elif tag == "br":  # browsers read a stray </br> as <br>
            self.parts.append("\n")

    def _close_hidden(self, tag: str) -> None:
        """Close `tag` and whatever hidden element was left open inside it."""
        last = len(self._hidden) - 1 - self._hidden[::-1].index(tag)
        del self._hidden[last:]

    def handle_data(self, data: str) -> None:
        if self._hidden:
            return
        if self._pre:
            # Preformatted text keeps its lines.
            self.parts.append(data.replace("\n", _BLOCK_BREAK))
        else:
            # A line break in the page's source is only a space on screen.
            self.parts.append(data.replace("\n", " "))
