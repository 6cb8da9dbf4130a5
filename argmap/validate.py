"""Validation that teaches: what is wrong with a map, in a student's words.

`validate(m)` is a pure function. Each finding has a stable code (for tests,
the command line's --json and a course's own handouts), a severity, a message
written for a student that says what to do, and the ids of the claims and
reasons involved so the app can jump to them. The rules are listed in RULES
with the sentence the README shows for each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

from argmap.anchors import Anchor, anchor_claims
from argmap.graph import Knot, MapIndex, support_knots
from argmap.model import ArgumentMap, Claim, Reason
from argmap.runtime import gc_paused


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    HINT = "hint"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "hint": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    claim_ids: tuple[str, ...] = ()
    reason_ids: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "claims": list(self.claim_ids),
            "reasons": list(self.reason_ids),
        }


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    summary: str


E, W, H = Severity.ERROR, Severity.WARNING, Severity.HINT

RULES: tuple[Rule, ...] = (
    Rule("no-main-conclusion", E, "The map has claims but none is marked as the main conclusion."),
    Rule("several-main-conclusions", E, "More than one claim is marked as the main conclusion (unless the map says it has several on purpose)."),
    Rule("conclusion-without-reasons", E, "The main conclusion, or a claim marked as a conclusion, has no supporting reason with a premise. Objections do not count."),
    Rule("reason-without-premises", E, "A reason lists no premises."),
    Rule("missing-premise", E, "A reason names a premise that is not on the map."),
    Rule("premise-not-a-claim", E, "A reason names another reason as one of its premises; premises must be claims."),
    Rule("missing-target", E, "A reason points at a claim or reason that is not on the map."),
    Rule("reason-targets-itself", E, "A reason points at itself."),
    Rule("duplicate-id", E, "Two claims or reasons share an id."),
    Rule("self-support", E, "A claim is given as a reason for itself."),
    Rule("self-objection", E, "A claim is given as an objection to itself."),
    Rule("circular-reasoning", E, "A cycle of support: claims that end up supporting themselves."),
    Rule("empty-claim", E, "A claim has no text."),
    Rule("duplicate-premise", W, "The same claim is listed twice among one reason's premises."),
    Rule("duplicate-reason", W, "Two reasons say the same thing: same kind, same premises, same target."),
    Rule("main-conclusion-as-premise", W, "The main conclusion is used as a premise for another claim."),
    Rule("not-connected", W, "Claims that do not lead, through any reason, to the main conclusion."),
    Rule("quotation-not-in-source", W, "A claim's quotation does not occur in the attached source text."),
    Rule("single-premise", H, "A supporting reason with a single premise: what unstated premise would make it work?"),
    Rule("unanswered-objection", H, "An objection to the main conclusion that the map does not answer."),
)
SEVERITY = {r.code: r.severity for r in RULES}


def quote(text: str, limit: int = 70) -> str:
    """A claim's text as a short quotation for a message."""
    flat = " ".join(text.split())
    if not flat:
        return "(a claim with no text)"
    if flat.endswith(".") and not flat.endswith(".."):
        flat = flat[:-1]  # the sentence around the quotation ends it
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"“{flat}”"


def _short(ident: str, limit: int = 40) -> str:
    return ident if len(ident) <= limit else ident[: limit - 1] + "…"


class _Checker:
    def __init__(self, m: ArgumentMap, source_text: str | None, index: MapIndex | None = None,
                 anchors: tuple[dict[str, Anchor], list[str]] | None = None) -> None:
        self.m = m
        self.ix = index if index is not None and index.map is m else MapIndex(m)
        self.source_text = source_text
        self.anchors = anchors

    def f(self, code: str, message: str, claims: tuple[str, ...] = (), reasons: tuple[str, ...] = ()) -> Finding:
        return Finding(code, SEVERITY[code], message, claims, reasons)

    def name(self, node_id: str) -> str:
        """A claim by its text; a reason by what it bears on (one step, so loops cannot recurse)."""
        c = self.ix.claims.get(node_id)
        if c is not None:
            return quote(c.text)
        r = self.ix.reasons.get(node_id)
        if r is not None:
            verb = "for" if r.kind == "support" else "against"
            if r.target in self.ix.claims:
                return f"the reason {verb} {quote(self.ix.claims[r.target].text)}"
            return f"the reason {verb} another reason" if r.target != r.id else "a reason aimed at itself"
        return f"'{_short(node_id)}'"

    def reason_label(self, r: Reason) -> str:
        verb = "supporting" if r.kind == "support" else "objecting to"
        return f"The reason {verb} {self.name(r.target)}" if r.target != r.id else "A reason"

    # -- the rules ---------------------------------------------------------
    # Each rule over the whole map is a loop over a check of one claim, reason
    # or part (conclusion_has_reasons, reason_is_well_formed, ...), so that
    # argmap.validate_incremental can rerun just the checks an edit touched.

    def main_conclusion(self, mains: list[Claim] | None = None) -> Iterator[Finding]:
        if mains is None:
            mains = self.ix.main_conclusions()
        if not mains and self.m.claims:
            yield self.f(
                "no-main-conclusion",
                "This map has no main conclusion yet. Mark the claim that the whole argument "
                "leads to as the main conclusion.",
            )
        if len(mains) > 1 and not self.m.several_main_conclusions:
            shown = ", ".join(quote(c.text, 40) for c in mains[:4]) + (", …" if len(mains) > 4 else "")
            yield self.f(
                "several-main-conclusions",
                f"This map has {len(mains)} main conclusions ({shown}). An argument leads to one main "
                "point: keep the mark on one of them, or say in the map's settings that it has "
                "several on purpose.",
                tuple(c.id for c in mains),
            )

    def conclusions_have_reasons(self) -> Iterator[Finding]:
        for c in self.m.claims:
            if c.main_conclusion or c.conclusion:
                yield from self.conclusion_has_reasons(c)

    def conclusion_has_reasons(self, c: Claim) -> Iterator[Finding]:
        if not (c.main_conclusion or c.conclusion) or any(r.premises for r in self.ix.supports(c.id)):
            return
        which = "The main conclusion" if c.main_conclusion else "This conclusion"
        against = " It has objections, but objections are not reasons for it." if self.ix.objections(c.id) else ""
        yield self.f(
            "conclusion-without-reasons",
            f"{which} has no reasons yet: {quote(c.text)}. Add a reason that supports it.{against}",
            (c.id,),
        )

    def reasons_are_well_formed(self) -> Iterator[Finding]:
        for r in self.m.reasons:
            yield from self.reason_is_well_formed(r)

    def reason_is_well_formed(self, r: Reason) -> Iterator[Finding]:
        if not r.premises:
            yield self.f(
                "reason-without-premises",
                f"{self.reason_label(r)} has no premises. A reason needs at least one claim "
                "that gives it; add one, or delete the empty reason.",
                self._claims_of(r.target),
                (r.id,),
            )
        for p in r.premises:
            if p in self.ix.reasons:
                yield self.f(
                    "premise-not-a-claim",
                    f"{self.reason_label(r)} lists another reason ('{p}') as a premise. "
                    "Premises must be claims.",
                    self._claims_of(r.target),
                    (r.id, p),
                )
            elif p not in self.ix.claims:
                yield self.f(
                    "missing-premise",
                    f"{self.reason_label(r)} names a premise ('{p}') that is not on the map. "
                    "Remove it from the reason or add the claim.",
                    self._claims_of(r.target),
                    (r.id,),
                )
        if r.target == r.id:
            yield self.f("reason-targets-itself", "A reason points at itself; point it at a claim.", (), (r.id,))
        elif not self.ix.exists(r.target):
            yield self.f(
                "missing-target",
                f"A reason points at '{r.target}', which is not on the map. Point it at a claim, or delete it.",
                tuple(p for p in r.premises if p in self.ix.claims),
                (r.id,),
            )
        doubled = [p for p, n in Counter(r.premises).items() if n > 1] if len(set(r.premises)) < len(r.premises) else ()
        for p in doubled:
            yield self.f(
                "duplicate-premise",
                f"{self.name(p)} is listed twice among the premises of one reason. List it once.",
                (p,),
                (r.id,),
            )
        if r.target in r.premises and r.target in self.ix.claims:
            code, verb = ("self-support", "a reason for") if r.kind == "support" else ("self-objection", "an objection to")
            yield self.f(
                code,
                f"{self.name(r.target)} is given as {verb} itself. A claim cannot "
                f"{'support' if r.kind == 'support' else 'object to'} itself; find what really backs it.",
                (r.target,),
                (r.id,),
            )

    def unique_ids(self) -> Iterator[Finding]:
        counts = Counter([c.id for c in self.m.claims] + [r.id for r in self.m.reasons])
        for ident, n in counts.items():
            if n > 1:
                yield self.f(
                    "duplicate-id",
                    f"The id '{ident}' is used {n} times. Every claim and reason needs its own id.",
                    (ident,) if ident in self.ix.claims else (),
                    (ident,) if ident in self.ix.reasons else (),
                )

    def circular_reasoning(self, knots: list[Knot] | None = None) -> Iterator[Finding]:
        if knots is None:
            knots = support_knots(self.m)
        if not knots:
            return
        knot_of = {c: i for i, k in enumerate(knots) for c in k.claims}
        reasons: list[list[str]] = [[] for _ in knots]
        for r in self.m.reasons:  # one pass: the support reasons inside each knot
            k = knot_of.get(r.target)
            if r.kind == "support" and k is not None and any(knot_of.get(p) == k for p in r.premises):
                reasons[k].append(r.id)
        for knot, knot_reasons in zip(knots, reasons, strict=True):
            chain = " → ".join(self.name(c) for c in knot.cycle + knot.cycle[:1])
            more = len(knot.claims) - len(knot.cycle)
            tangle = f" ({more} more claims are caught in the same tangle.)" if more else ""
            yield self.f(
                "circular-reasoning",
                f"Circular reasoning: these {len(knot.cycle)} claims support each other in a circle, so "
                f"none of them is really supported: {chain}. Break the circle by finding independent "
                f"support for one of them.{tangle}",
                tuple(knot.claims),
                tuple(knot_reasons),
            )

    def empty_claims(self) -> Iterator[Finding]:
        for c in self.m.claims:
            if not c.text.strip():
                yield from self.empty_claim(c)

    def empty_claim(self, c: Claim) -> Iterator[Finding]:
        if not c.text.strip():
            yield self.f("empty-claim", "This claim has no text yet. Write what it says, or delete it.", (c.id,))

    def duplicate_reasons(self) -> Iterator[Finding]:
        seen: dict[tuple[str, str, frozenset[str]], Reason] = {}
        for r in self.m.reasons:
            key = (r.kind, r.target, frozenset(r.premises))
            first = seen.setdefault(key, r)
            if first is not r and r.premises:
                yield self.duplicate_reason(first, r)

    def duplicate_reason(self, first: Reason, r: Reason) -> Finding:
        """`r` says what `first`, before it in the file, says."""
        return self.f(
            "duplicate-reason",
            f"Two reasons give the same premises {'for' if r.kind == 'support' else 'against'} "
            f"{self.name(r.target)}. Delete one of them.",
            tuple(p for p in r.premises if p in self.ix.claims),
            (first.id, r.id),
        )

    def main_conclusion_placement(self, mains: list[Claim] | None = None) -> Iterator[Finding]:
        for c in self.ix.main_conclusions() if mains is None else mains:
            used = [r for r in self.ix.premise_of.get(c.id, ()) if r.target != c.id]
            if used:
                role = "a reason for" if used[0].kind == "support" else "an objection to"
                yield self.f(
                    "main-conclusion-as-premise",
                    f"The main conclusion {quote(c.text)} is used as {role} "
                    f"{self.name(used[0].target)}. The main conclusion is where the argument ends; "
                    "if this other claim is the real point, make it the main conclusion instead.",
                    (c.id,),
                    tuple(r.id for r in used),
                )

    def connected(self) -> Iterator[Finding]:
        mains = self.ix.main_conclusions()
        if not mains:
            return
        # Undercutters and rebuttals count as connected: their reasons lead,
        # through the reason or objection they attack, to the main conclusion.
        reached = self.ix.leading_to([c.id for c in mains])
        loose = [c.id for c in self.m.claims if c.id not in reached]
        if not loose:
            return
        import networkx as nx  # here, not at the top: only a map with loose parts needs it

        loose_set = set(loose) | {r.id for r in self.m.reasons if r.id not in reached}
        parts = nx.Graph()
        parts.add_nodes_from(loose_set)
        for r in self.m.reasons:
            if r.id in loose_set:
                parts.add_edges_from((p, r.id) for p in r.premises if p in loose_set)
                if r.target in loose_set:
                    parts.add_edge(r.id, r.target)
        for part in sorted(nx.connected_components(parts), key=self._first_position):
            found = self.loose_part(part, self._order.__getitem__)
            if found is not None:
                yield found

    def loose_part(self, part: set[str], position: Callable[[str], Any]) -> Finding | None:
        """The finding for one connected part of what does not lead to the main conclusion;
        `position` sorts ids in file order."""
        in_order = sorted(part, key=position)
        claims = [n for n in in_order if n in self.ix.claims]
        if not claims:
            return None  # a lone reason is reported by the reason rules
        reasons = tuple(n for n in in_order if n in self.ix.reasons)
        if len(claims) == 1:
            msg = (
                f"{quote(self.ix.claims[claims[0]].text)} is not connected to the main conclusion. "
                "Connect it with a reason or an objection, or delete it if it does not belong."
            )
        elif (top := self._top_of(in_order, part)) is None:
            msg = (
                f"These {len(claims)} claims lead only to each other, not to the main conclusion. "
                "Connect them to the main argument, or delete them if they do not belong."
            )
        else:
            msg = (
                f"These {len(claims)} claims form an argument of their own that does not lead to the "
                f"main conclusion (it ends at {quote(self.ix.claims[top].text) if top else 'a reason'}). "
                "Connect it to the main argument, or delete it if it does not belong."
            )
        return self.f("not-connected", msg, tuple(claims), reasons)

    def quotations(self) -> Iterator[Finding]:
        text = self.source_text
        if text is None:
            return
        # Found again the way the Source panel finds it: where it was, moved, or
        # in a text whose spacing, quote marks or a word have changed since.
        _, lost = self.anchors if self.anchors is not None else anchor_claims(self.m, text)
        for cid in lost:
            c, q = self.ix.claims[cid], self.ix.claims[cid].quotation
            yield self.f(
                "quotation-not-in-source",
                f"The quotation of {quote(c.text, 50)} does not occur in the source text: "
                f"{quote(q.text, 60)}. Check it against the article; it may have been edited.",
                (c.id,),
            )

    def single_premises(self) -> Iterator[Finding]:
        for r in self.m.reasons:
            if r.kind == "support":
                yield from self.single_premise(r)

    def single_premise(self, r: Reason) -> Iterator[Finding]:
        if r.kind != "support" or len(set(r.premises)) != 1 or r.target not in self.ix.claims:
            return
        (p,) = set(r.premises)
        if p not in self.ix.claims:
            return
        yield self.f(
            "single-premise",
            f"{self.name(p)} is the only premise for {self.name(r.target)}. Is something unstated "
            "needed to get from one to the other? If so, add it as a hidden premise beside it.",
            (p, r.target),
            (r.id,),
        )

    def unanswered_objections(self, mains: list[Claim] | None = None) -> Iterator[Finding]:
        for c in self.ix.main_conclusions() if mains is None else mains:
            for r in self.ix.objections(c.id):
                answered = self.ix.objections(r.id) or any(self.ix.objections(p) for p in r.premises)
                premises = [p for p in r.premises if p in self.ix.claims]
                if answered or not premises:
                    continue
                named = " and ".join(self.name(p) for p in premises[:3]) + (" …" if len(premises) > 3 else "")
                yield self.f(
                    "unanswered-objection",
                    f"The objection {named} against the main conclusion has no reply "
                    "on the map. Does the author answer it? If so, add the reply as an objection to it.",
                    tuple(p for p in r.premises if p in self.ix.claims),
                    (r.id,),
                )

    # -- helpers -------------------------------------------------------------

    def _claims_of(self, node_id: str) -> tuple[str, ...]:
        return (node_id,) if node_id in self.ix.claims else ()

    @cached_property
    def _order(self) -> dict[str, int]:
        ids = [c.id for c in self.m.claims] + [r.id for r in self.m.reasons]
        return {ident: i for i, ident in reversed(list(enumerate(ids)))}

    def _first_position(self, nodes: set[str]) -> int:
        return min(self._order[n] for n in nodes)

    def _top_of(self, in_order: list[str], part: set[str]) -> str | None:
        """The claim a separate argument ends at: one with no way further up (`in_order`: `part` in file order)."""
        tops = [
            n for n in in_order
            if n in self.ix.claims and not any(r.id in part for r in self.ix.premise_of.get(n, ()))
        ]
        return tops[0] if tops else None

    def run(self) -> list[Finding]:
        findings: list[Finding] = []
        for rule in (
            self.main_conclusion,
            self.unique_ids,
            self.empty_claims,
            self.conclusions_have_reasons,
            self.reasons_are_well_formed,
            self.circular_reasoning,
            self.duplicate_reasons,
            self.main_conclusion_placement,
            self.connected,
            self.quotations,
            self.single_premises,
            self.unanswered_objections,
        ):
            findings.extend(rule())
        findings.sort(key=lambda f: f.severity.rank)  # stable: rule order within a severity
        return findings


def validate(m: ArgumentMap, source_text: str | None = None, index: MapIndex | None = None,
             anchors: tuple[dict[str, Anchor], list[str]] | None = None) -> list[Finding]:
    """All findings for a map, errors first.

    `source_text` is the attached article, if any; a map's embedded source
    text is used when none is given. `index` lets a caller that already
    built a MapIndex of this map state share it, and `anchors` the result of
    argmap.anchors.anchor_claims(m, source_text) it already has.
    """
    if source_text is None and m.source is not None:
        source_text = m.source.text
    with gc_paused():
        return _Checker(m, source_text, index, anchors).run()


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)


def claims_with_findings(findings: list[Finding]) -> dict[str, Severity]:
    """The worst severity touching each claim: what a badge on the canvas shows."""
    worst: dict[str, Severity] = {}
    for f in findings:
        for c in f.claim_ids:
            if c not in worst or f.severity.rank < worst[c].rank:
                worst[c] = f.severity
    return worst


__all__ = ["Finding", "RULES", "Rule", "Severity", "claims_with_findings", "has_errors", "validate"]
