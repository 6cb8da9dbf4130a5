"""Finding a claim's quotation again in a source text that may have been edited.

A quotation stores its text and, when known, where it started. Articles get
corrected, re-pasted or re-typed after a map quotes them, so the search relaxes
step by step and says how it found the passage:

- "exact": the quotation is still where it was;
- "moved": the same words elsewhere (text added or cut before them), the hit
  nearest the old place;
- "normalised": the same words once whitespace, curly quotes, dashes, the
  ellipsis character and letter case are set aside;
- "fuzzy": a close match (a word changed, added or dropped) for quotations of
  at least 20 characters, accepted when difflib's similarity ratio of the
  normalised texts is at least 0.85. The places to compare are found first,
  by where the quotation's rarer words occur, so a long article costs little.

Every span found indexes the original text, never the normalised copy.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from argmap.model import ArgumentMap

How = Literal["exact", "moved", "normalised", "fuzzy"]

FUZZY_MIN_LENGTH = 20
FUZZY_MIN_RATIO = 0.85

# One-for-one replacements, so they keep every offset where it was.
_SAME_LENGTH = str.maketrans({
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
})
# Runs of whitespace become one space, the ellipsis three dots, and invisible
# characters (soft hyphen, zero-width space and joiners, BOM) nothing.
_RESHAPED = re.compile(r"\s+|…|[\u00ad\u200b-\u200d\u2060\ufeff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"(\w+)|([^\w\s])")

# How many of a quotation's rarest words vote on where it went, and how many
# of the best-voted places are tried and compared in full: bounds the fuzzy search.
_VOTING_WORDS = 8
_PLACES_TRIED = 12
_PLACES_COMPARED = 3
# Word-by-word alignment is quadratic; past this size (quotations of a page or
# more) the stretch between the first and last matching words is taken instead.
_MAX_ALIGNMENT_CELLS = 250_000
# difflib compares characters in quadratic time (a quarter of a second for a
# 4,000-character quotation); longer quotations are compared word by word.
_CHARACTER_RATIO_LIMIT = 1_000


@dataclass(frozen=True)
class Anchor:
    """Where a quotation was found: `start` and `length` in characters of the text."""

    start: int
    length: int
    how: How

    @property
    def end(self) -> int:
        return self.start + self.length


def find_quotation(text: str, quotation: str, start: int | None = None) -> Anchor | None:
    """Where `quotation` is in `text` (nearest `start`, its old place, when given), or None."""
    return _Finder(text).find(quotation, start)


def anchor_claims(m: ArgumentMap, text: str) -> tuple[dict[str, Anchor], list[str]]:
    """The anchor of every quoting claim found in `text`, and the ids (in map order) of those not found."""
    finder = _Finder(text)
    found: dict[str, Anchor] = {}
    lost: list[str] = []
    for c in m.claims:
        if c.quotation is None:
            continue
        anchor = finder.find(c.quotation.text, c.quotation.start)
        if anchor is None:
            lost.append(c.id)
        else:
            found[c.id] = anchor
    return found, lost


def _normalise(text: str) -> tuple[str, list[int]]:
    """`text` with case, quotes, dashes and whitespace evened out, and for each of its
    characters the offset of the original character it came from."""
    evened = text.translate(_SAME_LENGTH)
    changes = [(m.start(), m.end(), _reshaped(m.group())) for m in _RESHAPED.finditer(evened)]
    # A few letters fold to more than one (ß to ss); each keeps its offset for all of them.
    changes += [
        (m.start(), m.end(), m.group().casefold())
        for m in _NON_ASCII.finditer(evened)
        if len(m.group().casefold()) != 1 and not m.group().isspace() and m.group() != "…"
    ]
    changes.sort()
    parts: list[str] = []
    where: list[int] = []
    done = 0
    for begin, end, replacement in changes:
        parts.append(evened[done:begin].casefold())
        where.extend(range(done, begin))
        parts.append(replacement)
        where.extend([begin] * len(replacement))
        done = end
    parts.append(evened[done:].casefold())
    where.extend(range(done, len(evened)))
    return "".join(parts), where


def _reshaped(piece: str) -> str:
    if piece == "…":
        return "..."
    if piece.isspace():
        return " "
    return ""


def _nearest(hits: list[int], start: int | None) -> int:
    """The hit nearest `start` (the earlier of two as near), or the first."""
    if start is None:
        return hits[0]
    return min(hits, key=lambda h: (abs(h - start), h))


def _all_hits(haystack: str, needle: str) -> list[int]:
    hits = []
    at = haystack.find(needle)
    while at != -1:
        hits.append(at)
        at = haystack.find(needle, at + 1)
    return hits


class _Finder:
    """Searches one text for many quotations; the normalised copy and its word
    index are built once, and only when a quotation needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._flat: str | None = None
        self._where: list[int] = []
        self._word_starts: list[int] = []
        self._word_ends: list[int] = []
        self._word_list: list[str] = []
        self._word_places: dict[str, list[int]] | None = None

    def find(self, quotation: str, start: int | None = None) -> Anchor | None:
        if not quotation.strip():
            return None
        text = self.text
        if start is not None and start >= 0 and text[start : start + len(quotation)] == quotation:
            return Anchor(start, len(quotation), "exact")
        hits = _all_hits(text, quotation)
        if hits:
            return Anchor(_nearest(hits, start), len(quotation), "moved")
        wanted = _normalise(quotation)[0].strip()
        if not wanted:  # only invisible characters (a soft hyphen, a zero-width space)
            return None
        flat = self.flat()
        hits = _all_hits(flat, wanted)
        if hits:
            return self._anchor(hits, len(wanted), start, "normalised")
        if len(wanted) >= FUZZY_MIN_LENGTH:
            return self._fuzzy(wanted, start)
        return None

    def flat(self) -> str:
        if self._flat is None:
            self._flat, self._where = _normalise(self.text)
        return self._flat

    def _original(self, begin: int, end: int) -> tuple[int, int]:
        """The original text's span behind the normalised span [begin, end)."""
        return self._where[begin], self._where[end - 1] + 1

    def _anchor(self, flat_hits: list[int], length: int, start: int | None, how: How) -> Anchor:
        spans = [self._original(h, h + length) for h in flat_hits]
        begin = _nearest([b for b, _ in spans], start)
        end = next(e for b, e in spans if b == begin)
        return Anchor(begin, end - begin, how)

    def _words(self) -> dict[str, list[int]]:
        if self._word_places is None:
            places: dict[str, list[int]] = {}
            for i, m in enumerate(_WORD.finditer(self.flat())):
                self._word_starts.append(m.start())
                self._word_ends.append(m.end())
                self._word_list.append(m.group())
                places.setdefault(m.group(), []).append(i)
            self._word_places = places
        return self._word_places

    def _fuzzy(self, wanted: str, start: int | None) -> Anchor | None:
        places = self._words()
        words = _WORD.findall(wanted)
        if not words or not self._word_starts:
            return None
        # Each occurrence of one of the quotation's rarer words votes for the
        # word where the quotation would begin; neighbouring votes add up, as
        # a word added or dropped shifts the rest by one.
        first_index: dict[str, list[int]] = {}
        for j, w in enumerate(words):
            first_index.setdefault(w, []).append(j)
        present = sorted((len(places[w]), w) for w in first_index if w in places)
        votes: Counter[int] = Counter()
        for _, w in present[:_VOTING_WORDS]:
            for j in first_index[w]:
                for k in places[w]:
                    votes[k - j] += 1
        if not votes:
            return None
        # Only places with the most support are scored; at the right place most
        # voting words agree, at a chance one usually a single word does.
        floor = 2 if max(votes.values()) >= 2 else 1
        score = {s: sum(votes.get(s + d, 0) for d in range(-2, 3)) for s, v in votes.items() if v >= floor}
        old_word = None if start is None else self._word_at(start)
        ranked = sorted(score, key=lambda s: (-score[s], abs(s - old_word) if old_word is not None else 0, s))
        pad = max(3, len(words) // 4)
        wanted_words = Counter(words)
        chosen: list[tuple[int, int, int]] = []
        for s in ranked[:_PLACES_TRIED]:
            if any(abs(s - c) <= pad for c, _, _ in chosen):
                continue
            first = min(max(s - pad, 0), len(self._word_starts) - 1)
            last = min(max(s + len(words) + pad, 0), len(self._word_starts) - 1)
            # A close match keeps most of the quotation's words: a cheap test
            # that spares the character-by-character comparison at chance places.
            here = Counter(self._word_list[first : last + 1])
            if sum((here & wanted_words).values()) * 2 < len(words):
                continue
            chosen.append((s, first, last))
            if len(chosen) == _PLACES_COMPARED:
                break

        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(wanted)
        best: tuple[float, int, int] | None = None
        for _, first, last in chosen:
            ratio, begin, end = self._best_span(matcher, wanted, first, last)
            if ratio < FUZZY_MIN_RATIO:
                continue
            if best is None or ratio > best[0] or (ratio == best[0] and self._closer(begin, best[1], start)):
                best = (ratio, begin, end)
        if best is None:
            return None
        begin, end = self._original(best[1], best[2])
        return Anchor(begin, end - begin, "fuzzy")

    def _word_at(self, offset: int) -> int:
        """The index of the word at (or after) an original offset."""
        flat_offset = bisect_left(self._where, offset)
        return bisect_left(self._word_starts, flat_offset)

    def _closer(self, begin: int, other: int, start: int | None) -> bool:
        if start is None:
            return begin < other
        a, b = self._where[begin], self._where[other]
        return (abs(a - start), a) < (abs(b - start), b)

    def _best_span(self, matcher: SequenceMatcher, wanted: str, first: int, last: int) -> tuple[float, int, int]:
        """The stretch of the normalised text around words first..last most like `wanted`, with its ratio."""
        flat = self.flat()
        lo = self._word_ends[first - 1] if first > 0 else 0
        hi = self._word_starts[last + 1] if last + 1 < len(self._word_starts) else len(flat)
        here = [(m.start() + lo, m.end() + lo, m.group(), m.lastindex == 1) for m in _TOKEN.finditer(flat[lo:hi])]
        ours = [(m.group(), m.lastindex == 1) for m in _TOKEN.finditer(wanted)]
        theirs = [(tok, is_word) for _, _, tok, is_word in here]
        if len(ours) * len(theirs) <= _MAX_ALIGNMENT_CELLS:
            b, e = _align(ours, theirs)
        else:
            blocks = [blk for blk in SequenceMatcher(None, theirs, ours, autojunk=False).get_matching_blocks() if blk.size]
            b, e = (blocks[0].a, blocks[-1].a + blocks[-1].size) if blocks else (0, 0)
        if b >= e:
            return 0.0, 0, 0
        begin, end = here[b][0], here[e - 1][1]
        if len(wanted) <= _CHARACTER_RATIO_LIMIT:
            matcher.set_seq1(flat[begin:end])
            return matcher.ratio(), begin, end
        return _word_ratio(theirs[b:e], ours), begin, end


def _word_ratio(theirs: list[tuple[str, bool]], ours: list[tuple[str, bool]]) -> float:
    """difflib's ratio counted in the characters of whole matching words and marks."""
    blocks = SequenceMatcher(None, theirs, ours, autojunk=False).get_matching_blocks()
    matched = sum(len(tok) for blk in blocks for tok, _ in theirs[blk.a : blk.a + blk.size])
    total = sum(len(tok) for tok, _ in theirs) + sum(len(tok) for tok, _ in ours)
    return 2 * matched / total if total else 0.0


def _align(ours: list[tuple[str, bool]], theirs: list[tuple[str, bool]]) -> tuple[int, int]:
    """The run theirs[b:e] that the whole of `ours` aligns with at the fewest token edits.

    Tokens are words and punctuation marks; a word may stand in for a word and
    a mark for a mark at the cost of one edit. Among equally cheap runs the
    longer wins, so a changed first or last word is kept in the span rather
    than cut off as if it had been deleted.
    """
    m = len(theirs)
    cost = [0] * (m + 1)  # nothing of ours aligned yet: the run may start anywhere
    start = list(range(m + 1))
    for i, (tok, is_word) in enumerate(ours, 1):
        row_cost = [i] + [0] * m
        row_start = [0] * (m + 1)
        for j in range(1, m + 1):
            their_tok, their_word = theirs[j - 1]
            step = 0 if their_tok == tok else 1 if their_word == is_word else 2
            best, begin = cost[j - 1] + step, start[j - 1]
            for c, s in ((cost[j] + 1, start[j]), (row_cost[j - 1] + 1, row_start[j - 1])):
                if c < best or (c == best and s < begin):
                    best, begin = c, s
            row_cost[j], row_start[j] = best, begin
        cost, start = row_cost, row_start
    end = min(range(1, m + 1), key=lambda j: (cost[j], start[j] - j, j), default=0)
    return start[end], end
