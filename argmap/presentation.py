"""The order in which a class is walked through a map, one step at a time (no Qt).

Step one is the main conclusion. Then, depth first, as one reads an argument
aloud: each reason for a claim (its co-premises together), the support for
those premises, the objections to the reason's step (undercutters), then the
objections to the claim with the replies to them. Every claim is revealed at
exactly one step; a premise two reasons share is revealed with the first, and
the second reason's step reveals only its frame. Claims not connected to the
argument come last, one step each.
"""

from __future__ import annotations

from dataclasses import dataclass

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Reason
from argmap.runtime import deep_recursion

KIND_WORDS = {"support": "A reason for", "objection": "An objection to", "rebuttal": "A reply to",
              "undercutter": "An objection to the step to"}


@dataclass(frozen=True)
class Step:
    claims: tuple[str, ...]  # claims revealed at this step (none if all were shown before)
    reason_id: str | None  # the reason revealed at this step, if any
    kind: str  # "thesis", "support", "objection", "rebuttal", "undercutter" or "loose"
    target: str | None  # the claim or reason it bears on
    title: str  # what the step shows, in a sentence for the class


class _Walker:
    def __init__(self, m: ArgumentMap) -> None:
        self.m = m
        self.ix = MapIndex(m)
        self.out: list[Step] = []
        self.shown_claims: set[str] = set()
        self.shown_reasons: set[str] = set()

    def reveal_claim(self, cid: str) -> None:
        self.shown_claims.add(cid)
        self.out.append(Step((cid,), None, "thesis", None, f"The main conclusion: {self._short(cid)}"))
        self.claim(cid)

    def claim(self, cid: str) -> None:
        on = self.ix.reasons_on.get(cid, ())
        for r in [r for r in on if r.kind == "support"] + [r for r in on if r.kind != "support"]:
            self.reason(r)

    def reason(self, r: Reason) -> None:
        if r.id in self.shown_reasons:
            return
        self.shown_reasons.add(r.id)
        new = tuple(dict.fromkeys(p for p in r.premises if p in self.ix.claims and p not in self.shown_claims))
        self.shown_claims.update(new)
        role = self.ix.role(r)
        target = self._short(r.target) if r.target in self.ix.claims else "the reason above"
        self.out.append(Step(new, r.id, role, r.target, f"{KIND_WORDS[role]} {target}"))
        for p in new:
            self.claim(p)
        for u in self.ix.reasons_on.get(r.id, ()):  # undercutters: objections to this step
            self.reason(u)

    def _short(self, cid: str) -> str:
        words = " ".join(self.ix.claims[cid].text.split()) or "(empty claim)"
        return f"“{words[:77]}…”" if len(words) > 80 else f"“{words}”"

    def run(self) -> list[Step]:
        for c in self.ix.main_conclusions():
            if c.id not in self.shown_claims:
                self.reveal_claim(c.id)
        for c in self.m.claims:  # what the argument does not reach
            if c.id not in self.shown_claims:
                self.shown_claims.add(c.id)
                self.out.append(Step((c.id,), None, "loose", None,
                                     f"Not connected to the argument: {self._short(c.id)}"))
                self.claim(c.id)
        for r in self.m.reasons:  # reasons whose target is missing
            if r.id not in self.shown_reasons and r.target not in self.ix.claims and r.target not in self.ix.reasons:
                self.reason(r)
        return self.out


def steps(m: ArgumentMap) -> list[Step]:
    """The steps of a walk through the map, in reading order."""
    with deep_recursion(len(m.claims) + len(m.reasons)):
        return _Walker(m).run()
