"""What the canvas lays over a map: a comparison with a model answer, or an evaluation.

An overlay marks claims with a verdict (a coloured stripe and a word) and a
line for their tooltip, and may add ghost claims and reasons: what the model
answer has and the map lacks, drawn faint where the model answer has them.
The canvas asks for a fresh overlay on every change, so it follows each edit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from argmap.compare import GHOST, Comparison, compare, ghosts
from argmap.evaluate import Evaluation, evaluate
from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Claim, Reason
from argmap.validate import quote


@dataclass(frozen=True)
class Overlay:
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)  # claim id -> (verdict, its word)
    tips: dict[str, str] = field(default_factory=dict)  # claim id -> tooltip lines
    ghost_claims: list[Claim] = field(default_factory=list)
    ghost_reasons: list[Reason] = field(default_factory=list)


OverlaySource = Callable[[ArgumentMap, MapIndex], Overlay]


def is_ghost(node_id: str) -> bool:
    return node_id.startswith(GHOST)


class ComparisonOverlay:
    """Compares the map with `reference` at each change; `last` is the latest comparison."""

    def __init__(self, reference: ArgumentMap, reference_name: str) -> None:
        self.reference = reference
        self.reference_name = reference_name
        self.last: Comparison | None = None

    def __call__(self, m: ArgumentMap, ix: MapIndex) -> Overlay:
        c = self.last = compare(m, self.reference)
        r_claims = {x.id: x for x in self.reference.claims}
        marks, tips = {}, {}
        for match in c.matches:
            marks[match.student] = ("match", "✓")
            tips[match.student] = f"Matches the model answer's {quote(r_claims[match.reference].text, 60)}: {match.why}."
        for cid in c.extra_claims:
            marks[cid] = ("extra", "not in model")
            tips[cid] = "The model answer has no claim like this one."
        g = ghosts(c)
        return Overlay(marks, tips | g.tips, g.claims, g.reasons)



LEVEL_WORDS = {"strong": "strong", "moderate": "moderate", "weak": "weak", "none": "fails"}
_last_evaluation: tuple[MapIndex | None, Evaluation | None] = (None, None)


def current_evaluation(m: ArgumentMap, ix: MapIndex) -> Evaluation:
    """The evaluation of the map as it is now: made once per change, shared by the canvas and the Inspector."""
    global _last_evaluation
    if _last_evaluation[0] is not ix or _last_evaluation[1] is None:
        _last_evaluation = (ix, evaluate(m, ix))  # the document makes a new index on every change
    return _last_evaluation[1]


def evaluation_overlay(m: ArgumentMap, ix: MapIndex) -> Overlay:
    ev = current_evaluation(m, ix)
    marks = {cid: (r.level, LEVEL_WORDS[r.level]) for cid, r in ev.claims.items()}
    tips = {cid: f"What follows: {r.explanation}" for cid, r in ev.claims.items()}
    return Overlay(marks, tips)
