"""Evaluation mode: what follows from a student's ratings, claim by claim.

A student rates how acceptable each claim is and how strong each reason is;
`evaluate(m)` works out what follows for every claim and reason, and explains
each result in a sentence a student can read. The rules (RULES holds the same
text, and `explain_rules()` gives it to the help dialog):

1. Ratings count as numbers: a claim you accept counts 1, doubtful 0.5,
   rejected 0; a reason rated strong counts 1, moderate 2/3, weak 1/3,
   irrelevant 0. A claim with no reasons that you have not rated yet counts as
   doubtful, and a reason you have not rated yet counts as moderate.
2. A claim with no supporting reasons (a basic premise) is worth your rating
   of it, lowered by any objections to it (rule 5).
3. A reason is only as good as its weakest premise and its inference: its
   force is the smaller of its weakest premise's value and its strength. An
   objection aimed at the reason itself (an undercutter) lowers that: force
   times (1 - the strongest undercutter's force).
4. A claim with supporting reasons is worth the force of its strongest
   reason: when several reasons support it, the best one counts. Your own
   rating of such a claim is your judgement; it is shown beside what follows.
5. Objections lower what they aim at: value times (1 - the strongest
   objection's force). An objection's force is worked out like any reason's
   (rule 3), so an objection whose premise is rejected, or is answered by
   another objection (a rebuttal), loses its force and no longer weakens its
   target. A strong objection with accepted premises that nobody answers
   defeats its target.
6. Results fall into four levels: strong (0.75 or more: "well supported", or
   "accepted" for a basic premise), moderate (0.5 or more: "partly supported"
   or "doubtful"), weak (above 0: "weakly supported" or "weak") and none (0:
   "not supported" or "rejected"). A claim an objection pulls down is called
   "weakened", or "defeated" when nothing is left of it.
7. Reasoning that goes in a circle (a claim that, through its reasons, rests
   on itself) is not followed round again: where it comes back to a claim,
   that claim counts as doubtful, and the explanation says so. Premises and
   targets missing from the map are ignored, with a note.

The walk is an iterative post-order that works each claim and reason out
once, so a 50,000-claim chain takes linear time and no deep recursion. Where
reasoning goes in a circle, the claim that counts as doubtful is the one the
walk met first; it starts from the claims in file order, so that is stable.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Reason
from argmap.runtime import gc_paused
from argmap.validate import quote

RULES = (
    "Ratings count as numbers: a claim you accept counts 1, doubtful 0.5, rejected 0; a reason rated strong "
    "counts 1, moderate 2/3, weak 1/3, irrelevant 0. A claim with no reasons that you have not rated yet counts "
    "as doubtful, and a reason you have not rated yet counts as moderate.",
    "A claim with no supporting reasons (a basic premise) is worth your rating of it, lowered by any objections "
    "to it (rule 5).",
    "A reason is only as good as its weakest premise and its inference: its force is the smaller of its weakest "
    "premise's value and its strength. An objection aimed at the reason itself (an undercutter) lowers that: "
    "force times (1 - the strongest undercutter's force).",
    "A claim with supporting reasons is worth the force of its strongest reason: when several reasons support "
    "it, the best one counts. Your own rating of such a claim is your judgement; it is shown beside what follows.",
    "Objections lower what they aim at: value times (1 - the strongest objection's force). An objection's force "
    "is worked out like any reason's (rule 3), so an objection whose premise is rejected, or is answered by "
    "another objection (a rebuttal), loses its force and no longer weakens its target. A strong objection with "
    "accepted premises that nobody answers defeats its target.",
    'Results fall into four levels: strong (0.75 or more: "well supported", or "accepted" for a basic premise), '
    'moderate (0.5 or more: "partly supported" or "doubtful"), weak (above 0: "weakly supported" or "weak") and '
    'none (0: "not supported" or "rejected"). A claim an objection pulls down is called "weakened", or '
    '"defeated" when nothing is left of it.',
    "Reasoning that goes in a circle (a claim that, through its reasons, rests on itself) is not followed round "
    "again: where it comes back to a claim, that claim counts as doubtful, and the explanation says so. Premises "
    "and targets missing from the map are ignored, with a note.",
)

LEVELS = ("none", "weak", "moderate", "strong")  # weakest first; a Result's level is one of these
RATINGS = {"accept": 1.0, "doubtful": 0.5, "reject": 0.0}
STRENGTHS = {"strong": 1.0, "moderate": 2 / 3, "weak": 1 / 3, "irrelevant": 0.0}
UNRATED_CLAIM = RATINGS["doubtful"]
UNRATED_REASON = STRENGTHS["moderate"]
IN_A_CIRCLE = RATINGS["doubtful"]  # what a claim met again on the current path counts as (rule 7)

_NO_CIRCLE = sys.maxsize
_EPS = 1e-9  # thirds are not exact in binary: 2/3 must still reach "moderate"

_CONCLUSION_LABELS = {"strong": "Well supported", "moderate": "Partly supported", "weak": "Weakly supported",
                      "none": "Not supported"}
_PREMISE_LABELS = {"strong": "Accepted", "moderate": "Doubtful", "weak": "Weak", "none": "Rejected"}
_REASON_LABELS = {"strong": "Strong", "moderate": "Moderate", "weak": "Weak", "none": "No force"}
_REASON_VERBS = {"strong": "is strong", "moderate": "is moderate", "weak": "is weak", "none": "has no force"}
_YOUR_RATING = {"accept": "you accept it", "doubtful": "you find it doubtful", "reject": "you reject it"}
_YOU_RATE_THIS = {"accept": "You accept this", "doubtful": "You find this doubtful", "reject": "You reject this"}
_RATING_LEVEL = {"accept": "strong", "doubtful": "moderate", "reject": "none"}
# What follows, said after "You accept this, but" (lower than the rating) or "..., yet" (higher).
_FROM_REASONS = {"strong": "its reasons support it well", "moderate": "its reasons give it {only}partial support",
                 "weak": "its reasons give it {only}weak support", "none": "its reasons give it no support"}
_AFTER_OBJECTIONS = {"strong": "{even}with the {objections} against it, it is still well supported",
                     "moderate": "{even}with the {objections} against it, it has {only}partial support",
                     "weak": "{even}with the {objections} against it, it has {only}weak support",
                     "none": "{even}with the {objections} against it, it has no support left"}

CLAIM, REASON = "claim", "reason"
Node = tuple[str, str]  # (CLAIM or REASON, id): claims and reasons are kept apart even if ids clash


@dataclass(frozen=True)
class Result:
    value: float  # 0 (nothing follows) to 1 (fully supported)
    level: str  # one of LEVELS, for colouring
    explanation: str  # one or two plain sentences for a student


@dataclass(frozen=True)
class Evaluation:
    claims: dict[str, Result]  # by claim id, in file order
    reasons: dict[str, Result]  # a reason's force, by reason id
    rated_claims: int
    rated_reasons: int

    def rated_share(self) -> float:
        """The share of claims and reasons the student has rated (1.0 for an empty map)."""
        total = len(self.claims) + len(self.reasons)
        return (self.rated_claims + self.rated_reasons) / total if total else 1.0

    def progress(self) -> str:
        """'12 of 30 claims and 4 of 9 reasons rated'."""
        return (f"{self.rated_claims} of {_count(len(self.claims), 'claim')} and "
                f"{self.rated_reasons} of {_count(len(self.reasons), 'reason')} rated")


def level_of(value: float) -> str:
    if value >= 0.75 - _EPS:
        return "strong"
    if value >= 0.5 - _EPS:
        return "moderate"
    return "weak" if value > _EPS else "none"


def explain_rules() -> str:
    """The rules as numbered plain text, for a help dialog."""
    return "\n\n".join(f"{n}. {rule}" for n, rule in enumerate(RULES, 1))


def evaluate(m: ArgumentMap, index: MapIndex | None = None) -> Evaluation:
    """What follows for every claim and reason of `m` from the student's ratings."""
    ix = index or MapIndex(m)
    walk = _Walk(ix)
    with gc_paused():
        for cid in ix.claims:
            walk.run((CLAIM, cid))
        for rid in ix.reasons:  # those nothing leads to: aimed at a missing target, or a support aimed at a reason
            walk.run((REASON, rid))
    return Evaluation(
        claims={cid: walk.claims[cid] for cid in ix.claims},
        reasons={rid: walk.reasons[rid] for rid in ix.reasons},
        rated_claims=sum(c.rating is not None for c in ix.claims.values()),
        rated_reasons=sum(r.strength is not None for r in ix.reasons.values()),
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class _Step:
    """A claim or reason on the walk's current path, waiting for what it depends on."""

    __slots__ = ("node", "parts", "deps", "next", "depth", "low", "low_node", "looped")

    def __init__(self, node: Node, parts: tuple[list[str], list[str]], deps: list[Node], depth: int) -> None:
        self.node = node
        self.parts = parts  # (supports, objections) of a claim; (premises, undercutters) of a reason
        self.deps = deps
        self.next = 0  # deps[:next] are worked out (or met on the path)
        self.depth = depth
        # The shallowest path position a circle through here leads back to
        # (Tarjan's low-link): this step is in a circle when it is <= depth.
        self.low = _NO_CIRCLE
        self.low_node = node
        self.looped: set[Node] = set()  # deps met again on the path: they count as IN_A_CIRCLE


class _Walk:
    def __init__(self, ix: MapIndex) -> None:
        self.ix = ix
        self.value: dict[Node, float] = {}
        self.labels: dict[str, str] = {}  # claim id -> its label in lower case, for other explanations
        self.reason_gist: dict[str, str] = {}  # reason id -> why it has its force, briefly, for its target's
        self.unanswered: set[str] = set()  # reasons at the full force of their strength
        self.claims: dict[str, Result] = {}
        self.reasons: dict[str, Result] = {}
        self.on_path: dict[Node, int] = {}

    # The shape of the map around one node

    def supports_and_objections(self, cid: str) -> tuple[list[str], list[str]]:
        on = self.ix.reasons_on.get(cid, ())
        supports = [r.id for r in on if r.kind == "support"]
        objections = [r.id for r in on if r.kind == "objection"]
        return list(dict.fromkeys(supports)), list(dict.fromkeys(objections))

    def premises_and_undercutters(self, r: Reason) -> tuple[list[str], list[str]]:
        premises = [p for p in dict.fromkeys(r.premises) if p in self.ix.claims]
        undercutters = [u.id for u in self.ix.reasons_on.get(r.id, ()) if u.kind == "objection"]
        return premises, list(dict.fromkeys(undercutters))

    def step(self, node: Node, depth: int) -> _Step:
        kind, ident = node
        if kind == CLAIM:
            supports, objections = parts = self.supports_and_objections(ident)
            deps = [(REASON, r) for r in supports + objections]
        else:
            premises, undercutters = parts = self.premises_and_undercutters(self.ix.reasons[ident])
            deps = [(CLAIM, p) for p in premises] + [(REASON, u) for u in undercutters]
        self.on_path[node] = depth
        return _Step(node, parts, deps, depth)

    # The walk: an iterative post-order, so depth costs no Python stack

    def run(self, start: Node) -> None:
        if start in self.value:
            return
        path = [self.step(start, 0)]
        while path:
            step = path[-1]
            if step.next < len(step.deps):
                dep = step.deps[step.next]
                step.next += 1
                if dep in self.value:
                    continue
                depth = self.on_path.get(dep)
                if depth is not None:  # round in a circle: rule 7
                    step.looped.add(dep)
                    if depth < step.low:
                        step.low, step.low_node = depth, dep
                    continue
                path.append(self.step(dep, len(path)))
                continue
            path.pop()
            del self.on_path[step.node]
            if step.node[0] == CLAIM:
                self.finish_claim(step)
            else:
                self.finish_reason(step)
            if path and step.low < path[-1].low:
                path[-1].low, path[-1].low_node = step.low, step.low_node

    def of(self, step: _Step, node: Node) -> float:
        return IN_A_CIRCLE if node in step.looped else self.value[node]

    # Claims (rules 2, 4, 5)

    def finish_claim(self, step: _Step) -> None:
        cid = step.node[1]
        claim = self.ix.claims[cid]
        supports, objections = step.parts
        force = {r: self.of(step, (REASON, r)) for r in supports + objections}
        best = max(supports, key=force.__getitem__, default=None)  # the first of equals, in file order
        if best is not None:
            base = force[best]
        else:
            base = RATINGS[claim.rating] if claim.rating else UNRATED_CLAIM
        against = max(objections, key=force.__getitem__, default=None)
        against_force = force[against] if against is not None else 0.0
        value = base * (1 - against_force)
        level = level_of(value)
        if against_force > _EPS and level_of(base) != level:
            label = "Defeated" if level == "none" else "Weakened"
        else:
            label = (_CONCLUSION_LABELS if best is not None else _PREMISE_LABELS)[level]
        self.value[step.node] = value
        self.labels[cid] = label.lower()

        if best is not None:
            which = "its only reason" if len(supports) == 1 else f"the best of its {len(supports)} reasons"
            named = "" if len(supports) == 1 else f", from {self.reason_name(best)},"
            gist = self.reason_gist.get(best)  # always there, unless ids clash
            grounds = f"{which}{named} {_REASON_VERBS[level_of(base)]}" + (f" ({gist})" if gist else "")
        else:
            grounds = _YOUR_RATING[claim.rating] if claim.rating else "it is not rated yet, counted as doubtful"
        # An objection to what is worth nothing anyway weakens nothing: it only stands against it.
        biting = against_force if base > _EPS else 0.0
        answer = self.objection_clause(objections, against, against_force, base, value, best is not None)
        joint = ", but " if biting > _EPS else "; "
        sentences = [f"{label}: {grounds}{joint + answer if answer else ''}."]
        if best is not None and claim.rating is not None:
            objected = len(objections) if biting > _EPS else 0
            sentences.append(_rating_beside(claim.rating, level, objected))
        if step.low <= step.depth:
            sentences.append(self.circle_note(step))
        self.claims[cid] = Result(value, level, " ".join(sentences))

    def objection_clause(self, objections: list[str], against: str | None, force: float, base: float, value: float,
                         conclusion: bool) -> str:
        if not objections:
            return "no objection stands against it" if conclusion else ""
        if force <= _EPS:
            if len(objections) > 1:
                return "every objection against it is answered or has no force"
            only = self.ix.reasons[objections[0]]
            if only.strength == "irrelevant":
                return f"you judged the objection {self.reason_name(only.id)} irrelevant"
            return f"the objection {self.reason_name(only.id)} is answered, so it no longer weakens it"
        named = f"the objection {self.reason_name(against)}"
        if base <= _EPS:
            return f"{named} also stands against it"
        defeated = value <= _EPS
        if against in self.unanswered:
            return f"{named} stands unanswered and defeats it" if defeated else f"{named} stands unanswered"
        return f"{named} defeats it" if defeated else f"{named} still weakens it"

    # Reasons (rules 3 and 5)

    def finish_reason(self, step: _Step) -> None:
        rid = step.node[1]
        r = self.ix.reasons[rid]
        premises, undercutters = step.parts
        weakest = min(premises, key=lambda p: self.of(step, (CLAIM, p)), default=None)
        premise_value = self.of(step, (CLAIM, weakest)) if weakest is not None else 0.0
        strength = STRENGTHS[r.strength] if r.strength else UNRATED_REASON
        undercut = {u: self.of(step, (REASON, u)) for u in undercutters}
        worst = max(undercutters, key=undercut.__getitem__, default=None)
        undercut_force = undercut[worst] if worst is not None else 0.0
        force = min(premise_value, strength) * (1 - undercut_force)
        level = level_of(force)
        self.value[step.node] = force
        if strength > _EPS and force >= strength - _EPS:
            self.unanswered.add(rid)

        if not premises:
            why = gist = "it has no premises on the map"
        elif r.strength == "irrelevant":
            why = gist = "you judged it irrelevant"
        else:
            if premise_value < strength - _EPS:
                state = self.premise_state(step, weakest)
                quoted = quote(self.ix.claims[weakest].text, 50)
                if len(premises) == 1:
                    why, gist = f"its premise {quoted} {state}", f"its premise {state}"
                else:
                    why, gist = f"its weakest premise, {quoted}, {state}", f"one of its premises {state}"
            elif strength < 1 - _EPS:
                why = gist = (f"you rated it {r.strength}" if r.strength
                              else "its strength is not rated yet, counted as moderate")
            else:
                why = gist = ("its premise holds" if len(premises) == 1 else "its premises hold") + " and you rated it strong"
            if undercut_force >= 1 - _EPS:
                why += f", but the objection {self.reason_name(worst)} defeats its inference"
                gist += ", and an objection defeats its inference"
            elif undercut_force > _EPS:
                why += f", but the objection {self.reason_name(worst)} undercuts it"
                gist += ", and an objection undercuts it"
            elif undercutters:
                why += f", and the objection {self.reason_name(undercutters[0])} to its inference is answered"
        self.reason_gist[rid] = gist

        sentences = [f"{_REASON_LABELS[level]}: {why}."]
        if r.strength is None and "not rated yet" not in why:
            sentences.append("Its strength is not rated yet, counted as moderate.")
        missing = len(set(r.premises)) - len(premises)
        if missing:
            sentences.append("One of its premises is missing from the map and is ignored." if missing == 1
                             else f"{missing} of its premises are missing from the map and are ignored.")
        if r.kind == "support" and r.target not in self.ix.claims:
            sentences.append("A supporting reason aimed at another reason changes nothing."
                             if r.target in self.ix.reasons else
                             "What it supports is missing from the map, so it changes nothing.")
        elif r.target not in self.ix.claims and r.target not in self.ix.reasons:
            sentences.append("What it objects to is missing from the map, so it changes nothing.")
        if step.looped and "circle" not in why:
            sentences.append(self.circle_note(step))
        self.reasons[rid] = Result(force, level, " ".join(sentences))

    # Words

    def reason_name(self, rid: str) -> str:
        """A reason by a quotation of its first premise: students know claims by their words."""
        premises = [p for p in self.ix.reasons[rid].premises if p in self.ix.claims]
        if not premises:
            return "(one with no premises)"
        return quote(self.ix.claims[premises[0]].text, 50)

    def premise_state(self, step: _Step, cid: str) -> str:
        if (CLAIM, cid) in step.looped:
            return "counts as doubtful here, as the reasoning goes in a circle"
        return f"is {self.labels[cid]}"

    def circle_note(self, step: _Step) -> str:
        kind, ident = step.low_node
        if step.low_node == step.node:
            where = f"this {kind}"
        elif kind == CLAIM:
            where = quote(self.ix.claims[ident].text, 50)
        else:
            where = f"the reason from {self.reason_name(ident)}"
        return (f"The reasoning goes in a circle: {where} ends up resting on itself, "
                "so where it comes back round it counts as doubtful.")


def _rating_beside(rating: str, level: str, objected: int) -> str:
    """The student's own rating of a supported claim, beside what follows (rule 4)."""
    you = _YOU_RATE_THIS[rating]
    mine, follows = LEVELS.index(_RATING_LEVEL[rating]), LEVELS.index(level)
    if mine == follows:
        return f"{you} too."
    phrase = (_AFTER_OBJECTIONS if objected else _FROM_REASONS)[level]
    objections = "objection" if objected == 1 else "objections"
    if mine > follows:
        return f"{you}, but {phrase.format(only='only ', even='', objections=objections)}."
    return f"{you}, yet {phrase.format(only='', even='even ', objections=objections)}."
