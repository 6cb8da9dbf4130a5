"""Which sentences of the source text a map quotes, and which it leaves out.

The text is cut into sentences (English news prose: see `sentences`). A
sentence counts as covered when the quoted passages overlap it by at least
min(20 characters, half the sentence) in total. A quotation that only touches
a sentence, say its first word as the previous sentence's quotation runs on,
has not mapped it; a short sentence quoted half or more has been.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

COVERED_ENOUGH = 20

# A sentence ends at . ! ? or … (closing quotes or brackets may follow) before a space.
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")
_LAST_WORD = re.compile(r"\S+$")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    "mr. mrs. ms. dr. prof. rev. gen. col. lt. sgt. capt. gov. sen. rep. st. jr. sr. "
    "u.s. e.g. i.e. etc. vs. cf. approx.".split()
)
# Capital initials, the J. of Lloyd J. Austin and the U.K. alike; "I." is more
# often the pronoun or a numeral at the end of a sentence than an initial.
_INITIALS = re.compile(r"(?:[A-Z]\.)+")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the text: offsets `start` to `end` (exclusive), without surrounding whitespace."""

    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def excerpt(self, text: str) -> str:
        """The sentence's words, from the text it was found in."""
        return text[self.start : self.end]


def sentences(text: str) -> list[Sentence]:
    """The sentences of `text` in reading order.

    Every line (paragraph, heading, list item) ends a sentence. Within a line a
    sentence ends at . ! ? or … followed by a space, with closing quotes or
    brackets allowed after the mark, except after a common abbreviation
    (Mr., U.S., e.g., etc.), a single initial (the J. of Lloyd J. Austin), or
    when the next word starts with a small letter. Pieces without a letter or
    digit (a rule of dashes, a lone bullet) are left out.
    """
    found: list[Sentence] = []
    for line in _LINE.finditer(text):
        begin = line.start()
        for mark in _END.finditer(text, line.start(), line.end()):
            if _ends_sentence(text, begin, mark.start(), mark.end(), line.end()):
                _add(found, text, begin, mark.end())
                begin = mark.end()
        _add(found, text, begin, line.end())
    return found


def _ends_sentence(text: str, begin: int, mark: int, after: int, line_end: int) -> bool:
    if text[mark] == ".":
        word = _LAST_WORD.search(text, begin, mark + 1)
        if word is not None:
            token = word.group().lstrip("\"'“‘«([")
            if token.lower() in _ABBREVIATIONS or (_INITIALS.fullmatch(token) and token != "I."):
                return False
    following = text[after:line_end].lstrip()
    return not (following and following[0].islower())


def _add(found: list[Sentence], text: str, begin: int, end: int) -> None:
    piece = text[begin:end]
    if not any(ch.isalnum() for ch in piece):
        return
    start = begin + len(piece) - len(piece.lstrip())
    found.append(Sentence(start, begin + len(piece.rstrip())))


@dataclass(frozen=True)
class Coverage:
    """The sentences of a text and, for each, whether the map's quotations cover it."""

    sentences: list[Sentence]
    covered: list[bool]

    @property
    def share(self) -> float:
        """The share of sentences covered, from 0.0 to 1.0 (0.0 for a text without sentences)."""
        return sum(self.covered) / len(self.sentences) if self.sentences else 0.0

    def uncovered(self) -> list[Sentence]:
        return [s for s, c in zip(self.sentences, self.covered, strict=True) if not c]


def coverage(text: str, spans: Iterable[tuple[int, int]]) -> Coverage:
    """Which sentences of `text` the quoted spans (start, end exclusive) cover."""
    merged = _merged(spans)
    starts = [b for b, _ in merged]
    found = sentences(text)
    covered = []
    for s in found:
        quoted = 0
        # Spans are disjoint and sorted: walk back from the last that starts inside the sentence.
        i = bisect_right(starts, s.end) - 1
        while i >= 0 and merged[i][1] > s.start:
            quoted += min(merged[i][1], s.end) - max(merged[i][0], s.start)
            i -= 1
        covered.append(quoted > 0 and quoted >= min(COVERED_ENOUGH, s.length / 2))
    return Coverage(found, covered)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans joined where they overlap, so a passage quoted twice counts once."""
    merged: list[tuple[int, int]] = []
    for begin, end in sorted((b, e) for b, e in spans if e > b):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged
