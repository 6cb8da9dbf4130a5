"""A student's map beside a model answer: which claims match, what is missing or extra,
and which reasons differ.

Claims are matched in three rounds, each only among claims still unmatched:

1. **Quotation**: both claims quote overlapping passages of the source.
2. **Text**: the two texts share most of their key words.
3. **Position**: the main conclusions, then, repeatedly, the only unmatched
   premise of two matching reasons (same kind, matched targets), or the only
   unmatched claim two matching premises lead to.

Within a round the best-scoring pairs are taken first, ties broken by the
order of the claims in the two files, so the same maps always give the same
matching; every match says why it was made.

A reference reason is then looked for among the student's reasons that share
one of its (matched) premises: found, found with the wrong kind (a support
drawn as an objection), found aimed at the wrong claim, or missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Claim, Quotation, Reason
from argmap.validate import quote

MatchHow = Literal["quotation", "text", "position"]
ReasonStatus = Literal["found", "wrong_kind", "wrong_target", "missing"]

QUOTATION_OVERLAP = 0.5  # share of the shorter passage both claims quote
TEXT_SIMILARITY = 0.45  # Dice coefficient of the key words

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words that say little about which claim is meant.
_STOPWORDS = frozenset("""
a about after again against all also am an and any are as at be because been before being between both but by can
could did do does doing down during each even few for from further had has have having he her here hers him his how
i if in into is it its itself just may me might more most much must my no nor not now of off on once only or other
our ours out over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you your
""".split())


@lru_cache(maxsize=4096)  # a class's maps repeat the model answer's texts
def key_words(text: str) -> frozenset[str]:
    """The words that carry a claim's content, lower-cased and crudely stemmed."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'")
        if w in _STOPWORDS or len(w) < 2:
            continue
        for suffix in ("'s", "ing", "ed", "es", "s", "ly"):
            if w.endswith(suffix) and len(w) - len(suffix) >= 3:
                w = w[: -len(suffix)]
                break
        out.add(w)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice coefficient of two sets of key words: 1.0 for the same words, 0.0 for none shared."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass(frozen=True)
class Match:
    reference: str  # claim id in the reference map
    student: str  # claim id in the student's map
    how: MatchHow
    score: float
    why: str  # for the teacher and the student, in plain words


@dataclass(frozen=True)
class ReasonMatch:
    reference: str  # reason id in the reference map
    student: str | None  # the student's reason it was found as, if any
    status: ReasonStatus
    premises_found: int
    premises_total: int
    why: str


@dataclass
class Comparison:
    reference: ArgumentMap
    student: ArgumentMap
    matches: list[Match] = field(default_factory=list)
    reasons: list[ReasonMatch] = field(default_factory=list)

    @property
    def to_student(self) -> dict[str, str]:
        return {m.reference: m.student for m in self.matches}

    @property
    def to_reference(self) -> dict[str, str]:
        return {m.student: m.reference for m in self.matches}

    @property
    def missing_claims(self) -> list[str]:
        """Reference claims the student's map has no match for, in reference order."""
        found = self.to_student
        return [c.id for c in self.reference.claims if c.id not in found]

    @property
    def extra_claims(self) -> list[str]:
        """Student claims that match nothing in the reference, in the student's order."""
        found = self.to_reference
        return [c.id for c in self.student.claims if c.id not in found]

    @property
    def extra_reasons(self) -> list[str]:
        used = {r.student for r in self.reasons if r.student is not None}
        return [r.id for r in self.student.reasons if r.id not in used]

    def reason_status(self, reference_reason: str) -> ReasonMatch | None:
        return next((r for r in self.reasons if r.reference == reference_reason), None)


def compare(student: ArgumentMap, reference: ArgumentMap) -> Comparison:
    """Match the student's map against the reference (the model answer)."""
    result = Comparison(reference, student)
    _Matcher(student, reference, result).run()
    return result


class _Matcher:
    def __init__(self, student: ArgumentMap, reference: ArgumentMap, out: Comparison) -> None:
        self.s, self.r, self.out = student, reference, out
        self.s_ix, self.r_ix = MapIndex(student), MapIndex(reference)
        self.s_order = {c.id: i for i, c in enumerate(student.claims)}
        self.r_order = {c.id: i for i, c in enumerate(reference.claims)}
        self.r2s: dict[str, str] = {}
        self.s2r: dict[str, str] = {}

    def run(self) -> None:
        s_claims = list(self.s_ix.claims.values())
        r_claims = list(self.r_ix.claims.values())
        self._take(self._quotation_pairs(r_claims, s_claims), "quotation")
        self._take(self._text_pairs(r_claims, s_claims), "text")
        self._by_position()
        self.out.matches.sort(key=lambda m: self.r_order[m.reference])
        self._reasons()

    # -- claims ---------------------------------------------------------------

    def _take(self, pairs: list[tuple[float, str, str, str]], how: MatchHow) -> None:
        """Greedy: best score first, ties by file order, each claim matched once."""
        pairs.sort(key=lambda p: (-p[0], self.r_order[p[1]], self.s_order[p[2]]))
        for score, rid, sid, why in pairs:
            if rid not in self.r2s and sid not in self.s2r:
                self._match(rid, sid, how, score, why)

    def _match(self, rid: str, sid: str, how: MatchHow, score: float, why: str) -> None:
        self.r2s[rid], self.s2r[sid] = sid, rid
        self.out.matches.append(Match(rid, sid, how, round(score, 3), why))

    def _quotation_pairs(self, r_claims: list[Claim], s_claims: list[Claim]) -> list[tuple[float, str, str, str]]:
        pairs = []
        quoted = [(c, c.quotation) for c in s_claims if c.quotation is not None]
        for rc in r_claims:
            if rc.quotation is None:
                continue
            for sc, sq in quoted:
                overlap = _passage_overlap(rc.quotation, sq)
                if overlap >= QUOTATION_OVERLAP:
                    shared = rc.quotation.text if len(rc.quotation.text) <= len(sq.text) else sq.text
                    pairs.append((overlap, rc.id, sc.id, f"both quote the passage {quote(shared, 60)}"))
        return pairs

    def _text_pairs(self, r_claims: list[Claim], s_claims: list[Claim]) -> list[tuple[float, str, str, str]]:
        s_words = {c.id: key_words(c.text) for c in s_claims if c.id not in self.s2r}
        having: dict[str, list[str]] = {}  # key word -> student claims with it: only those can match
        for sid, words in s_words.items():
            for w in words:
                having.setdefault(w, []).append(sid)
        pairs = []
        for rc in r_claims:
            if rc.id in self.r2s:
                continue
            rw = key_words(rc.text)
            for sid in {sid for w in rw for sid in having.get(w, ())}:
                sw = s_words[sid]
                score = similarity(rw, sw)
                if score >= TEXT_SIMILARITY:
                    pairs.append((score, rc.id, sid, f"the texts share {len(rw & sw)} of their {len(rw | sw)} key words"))
        return pairs

    def _by_position(self) -> None:
        r_main = [c.id for c in self.r_ix.main_conclusions() if c.id not in self.r2s]
        s_main = [c.id for c in self.s_ix.main_conclusions() if c.id not in self.s2r]
        if len(r_main) == 1 and len(s_main) == 1:
            self._match(r_main[0], s_main[0], "position", 0.0, "both are the main conclusion")
        changed = True
        while changed:  # each new match may place another
            changed = False
            for rr in self.r.reasons:
                changed |= self._premise_by_position(rr)
                changed |= self._target_by_position(rr)

    def _premise_by_position(self, rr: Reason) -> bool:
        """The one unmatched premise of a reason, when the student's reason for the same claim has one too."""
        open_r = [p for p in rr.premises if p in self.r_ix.claims and p not in self.r2s]
        target = self.r2s.get(rr.target)
        if len(open_r) != 1 or target is None:
            return False
        candidates = {p for sr in self.s_ix.reasons_on.get(target, ()) if sr.kind == rr.kind
                      for p in sr.premises if p in self.s_ix.claims and p not in self.s2r}
        if len(candidates) != 1:
            return False
        (sid,) = candidates
        word = "a reason for" if rr.kind == "support" else "an objection to"
        self._match(open_r[0], sid, "position", 0.0,
                    f"both are the remaining premise of {word} {quote(self.r_ix.claims[rr.target].text, 50)}")
        return True

    def _target_by_position(self, rr: Reason) -> bool:
        """The claim two matching premises lead to, when neither map has it matched yet."""
        if rr.target not in self.r_ix.claims or rr.target in self.r2s:
            return False
        found = [self.r2s[p] for p in rr.premises if p in self.r2s]
        if not found:
            return False
        candidates = {sr.target for p in found for sr in self.s_ix.premise_of.get(p, ())
                      if sr.kind == rr.kind and sr.target in self.s_ix.claims and sr.target not in self.s2r}
        if len(candidates) != 1:
            return False
        (sid,) = candidates
        premise = self.r_ix.claims[rr.premises[0]] if rr.premises[0] in self.r_ix.claims else None
        what = quote(premise.text, 50) if premise is not None else "the same premise"
        self._match(rr.target, sid, "position", 0.0, f"both are what {what} bears on")
        return True

    # -- reasons --------------------------------------------------------------

    def _reasons(self) -> None:
        """Each reference reason gets at most one student reason and the other way round.

        Pairs are taken best first across the whole map: right claim and kind,
        then right claim only, then the wrong claim; within each, most shared
        premises first, ties by file order. So a reason the student has is
        never taken by another reason it merely resembles. Undercutters come
        after the reasons they attack, whose matches they need.
        """
        s_by_premise: dict[str, list[Reason]] = {}
        for sr in self.s.reasons:
            for p in dict.fromkeys(sr.premises):
                s_by_premise.setdefault(p, []).append(sr)
        s_order = {r.id: i for i, r in enumerate(self.s.reasons)}
        r_order = {r.id: i for i, r in enumerate(self.r.reasons)}
        results: dict[str, ReasonMatch] = {}
        r2s_reason: dict[str, str] = {}
        taken: set[str] = set()

        def pairs_for(group: list[Reason]) -> list[tuple]:
            pairs = []
            for rr in group:
                premises = [p for p in dict.fromkeys(rr.premises) if p in self.r_ix.claims]
                wanted = {self.r2s[p] for p in premises if p in self.r2s}
                target = self.r2s.get(rr.target) or r2s_reason.get(rr.target)
                seen: set[str] = set()
                for p in wanted:
                    for sr in s_by_premise.get(p, ()):
                        if sr.id not in seen:
                            seen.add(sr.id)
                            shared = len(wanted & set(sr.premises))
                            right_target = target is not None and sr.target == target
                            tier = 0 if right_target and sr.kind == rr.kind else 1 if right_target else 2
                            pairs.append((tier, -shared, r_order[rr.id], s_order[sr.id], rr, sr, shared))
            return pairs

        def assign(pairs: list[tuple], tiers: tuple[int, ...]) -> None:
            for tier, _, _, _, rr, sr, shared in sorted(pairs, key=lambda x: x[:4]):
                if tier in tiers and rr.id not in results and sr.id not in taken:
                    taken.add(sr.id)
                    results[rr.id] = self._reason_result(rr, sr, tier, shared)
                    if tier == 0:
                        r2s_reason[rr.id] = sr.id

        # Exact matches everywhere first, level by level (an undercutter needs its reason's
        # match, and one aimed at an undercutter that one's), then the near misses.
        every = []
        for group in _levels(self.r.reasons, self.r_ix):
            pairs = pairs_for(group)
            assign(pairs, (0,))
            every += pairs
        assign(every, (1, 2))
        for rr in self.r.reasons:
            if rr.id not in results:
                total = len([p for p in dict.fromkeys(rr.premises) if p in self.r_ix.claims])
                results[rr.id] = ReasonMatch(rr.id, None, "missing", 0, total,
                                             f"{_reason_words(rr, self.r_ix)} is missing")
        self.out.reasons = [results[r.id] for r in self.r.reasons]

    def _reason_result(self, rr: Reason, sr: Reason, tier: int, shared: int) -> ReasonMatch:
        total = len([p for p in dict.fromkeys(rr.premises) if p in self.r_ix.claims])
        what = _reason_words(rr, self.r_ix)
        if tier == 0:
            share = "its premise" if total == 1 and shared == 1 else f"{shared} of its {total} premises"
            return ReasonMatch(rr.id, sr.id, "found", shared, total, f"{what} is there, with {share}")
        if tier == 1:
            drawn = "an objection" if sr.kind == "objection" else "a support"
            return ReasonMatch(rr.id, sr.id, "wrong_kind", shared, total, f"{what} is drawn as {drawn}")
        aimed = self.s_ix.claims.get(sr.target)
        where = quote(aimed.text, 50) if aimed is not None else "another reason"
        return ReasonMatch(rr.id, sr.id, "wrong_target", shared, total, f"{what} is attached to {where} instead")


def _levels(reasons: list[Reason], ix: MapIndex) -> list[list[Reason]]:
    """Reasons aimed at claims, then those aimed at them, and so on (a circle of undercutters goes last)."""
    depth: dict[str, int] = {}
    for r in reasons:
        chain, node = [], r
        while node is not None and node.id not in depth and node.id not in chain:
            chain.append(node.id)
            node = ix.reasons.get(node.target)
        base = depth.get(node.id, len(reasons)) if node is not None else -1
        for i, rid in enumerate(reversed(chain)):
            depth[rid] = base + 1 + i
    levels: dict[int, list[Reason]] = {}
    for r in reasons:
        levels.setdefault(depth[r.id], []).append(r)
    return [levels[k] for k in sorted(levels)]


def _reason_words(r: Reason, ix: MapIndex) -> str:
    """'The reason “A” for “B”' in a course's words."""
    first = ix.claims.get(r.premises[0]) if r.premises else None
    premise = quote(first.text, 50) if first is not None else "(no premise)"
    more = f" (with {len(r.premises) - 1} co-premise{'s' if len(r.premises) > 2 else ''})" if len(r.premises) > 1 else ""
    role = ix.role(r)
    target_claim = ix.claims.get(r.target)
    if target_claim is not None:
        target = quote(target_claim.text, 50)
    elif r.target in ix.reasons:
        target = "a reason's step"
    else:
        target = "a missing claim"
    noun = {"support": "The reason", "objection": "The objection", "rebuttal": "The rebuttal",
            "undercutter": "The objection"}[role]
    link = {"support": "for", "objection": "to", "rebuttal": "to", "undercutter": "to"}[role]
    return f"{noun} {premise}{more} {link} {target}"


def _passage_overlap(a: Quotation, b: Quotation) -> float:
    """Share of the shorter passage that both quotations cover."""
    if a.start is not None and b.start is not None and a.length and b.length:
        # Places in the same text: they overlap or they are different passages.
        lo, hi = max(a.start, b.start), min(a.start + a.length, b.start + b.length)
        return (hi - lo) / min(a.length, b.length) if hi > lo else 0.0
    # Without offsets: the passages' words.
    na, nb = " ".join(a.text.lower().split()), " ".join(b.text.lower().split())
    if na and nb and (na in nb or nb in na):
        return 1.0
    wa, wb = key_words(a.text), key_words(b.text)
    return similarity(wa, wb) if min(len(wa), len(wb)) >= 4 else 0.0


# Prefix of the ids of what the model answer has and the student's map lacks: "~" is
# not allowed in a map's ids, so no claim of the student's can be taken for a ghost.
GHOST = "ghost~"


@dataclass(frozen=True)
class Ghosts:
    """The model answer's missing claims and reasons, in the student's map's ids, to draw beside it."""

    claims: list[Claim]
    reasons: list[Reason]
    tips: dict[str, str]  # ghost claim id -> what to tell the reader


def ghosts(c: Comparison) -> Ghosts:
    """Missing reasons aim at the student's matching claims; missing claims hang where the reference has them."""
    to_s_claim = c.to_student
    to_s_reason = {r.reference: r.student for r in c.reasons if r.status == "found" and r.student}
    r_ix = MapIndex(c.reference)
    claims: dict[str, Claim] = {}
    reasons: list[Reason] = []

    def claim_id(rid: str) -> str:
        if rid in to_s_claim:
            return to_s_claim[rid]
        gid = GHOST + rid
        if gid not in claims and rid in r_ix.claims:
            claims[gid] = r_ix.claims[rid].model_copy(update={"id": gid, "main_conclusion": False, "quotation": None})
        return gid

    status = {r.reference: r for r in c.reasons}
    ghost_reasons: set[str] = set()
    for rr in (r for level in _levels(c.reference.reasons, r_ix) for r in level):  # a reason before its undercutters
        st = status.get(rr.id)
        if st is None or st.status != "missing":
            continue
        target = None
        if rr.target in r_ix.reasons:  # an undercutter: of the student's reason, or of that reason's ghost
            target = to_s_reason.get(rr.target) or (GHOST + rr.target if GHOST + rr.target in ghost_reasons else None)
            if target is None:
                continue  # its reason is drawn differently in the student's map: nothing to hang it on
        premises = [claim_id(p) for p in rr.premises if p in r_ix.claims]
        if premises:
            reasons.append(rr.model_copy(update={"id": GHOST + rr.id, "premises": premises,
                                                  "target": target or claim_id(rr.target)}))
            ghost_reasons.add(GHOST + rr.id)
    # A missing co-premise of a reason the student has: its own ghost reason beside the student's.
    for rr in c.reference.reasons:
        st = status.get(rr.id)
        if st is None or st.status != "found":
            continue
        s_reason = next(r for r in c.student.reasons if r.id == st.student)
        for p in rr.premises:
            if p in r_ix.claims and p not in to_s_claim and GHOST + p not in claims:
                reasons.append(Reason(id=f"{GHOST}{rr.id}.{p}", kind=rr.kind, premises=[claim_id(p)],
                                      target=s_reason.target))
    for rid in c.missing_claims:  # anything left: on its own
        claim_id(rid)
    tips = {gid: "In the model answer, not in this map yet." for gid in claims}
    return Ghosts(list(claims.values()), reasons, tips)
