"""The argument-map document: plain pydantic data, no Qt and no file access.

A map is a set of claims and a set of reasons. A reason joins one or more
co-premises (claims that work together: a linked argument) to one target and
either supports it or objects to it. The target is normally a claim; an
objection whose target is a reason attacks the inference itself (an
undercutter). Several reasons on one claim are convergent. Rebuttals are not a
kind of their own: they are objections aimed at an objection's premise or at
the objection itself, and `graph.py` names them.

This covers AIF's argument layer: I-nodes are claims, RA nodes are support
reasons, CA nodes are objection reasons (undercutters when they target an RA).
"""

from __future__ import annotations

import math
from datetime import datetime
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

_ID, _TARGET, _PREMISES = attrgetter("id"), attrgetter("target"), attrgetter("premises")

FORMAT_NAME = "argmap"
FORMAT_VERSION = 2  # 2 added ratings, strengths, critical-question answers and a rubric

# Ids are short stable tokens: letters, digits and _ . : - (covers AIFdb's
# "277", OVA's "12_345678" and UUIDs) so they survive any exporter.
Id = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.:\-]+$"),
]
# Bounds keep a hostile file from making the editor lay out megabyte boxes.
ClaimText = Annotated[str, StringConstraints(max_length=10_000)]
NoteText = Annotated[str, StringConstraints(max_length=100_000)]
ShortText = Annotated[str, StringConstraints(max_length=1_000)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=100)]

ReasonKind = Literal["support", "objection"]
# Evaluation (a student's judgement of the argument; argmap.evaluate says what follows).
Rating = Literal["accept", "doubtful", "reject"]
Strength = Literal["strong", "moderate", "weak", "irrelevant"]
QuestionState = Literal["answered", "raised"]  # a critical question not listed is still open


MAX_EXTENSION_DEPTH = 50


def check_plain_json(value: Any) -> None:
    """Refuse what could not be written back as JSON exactly: deep nesting,
    NaN or infinite numbers, unpaired surrogate characters."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_EXTENSION_DEPTH:
            raise ValueError(f"is nested more than {MAX_EXTENSION_DEPTH} levels deep")
        if isinstance(item, dict):
            for k, v in item.items():
                _check_text(k)
                stack.append((v, depth + 1))
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
        elif isinstance(item, float) and not math.isfinite(item):
            raise ValueError("holds a number too large to write down")
        elif isinstance(item, str):
            _check_text(item)


def _check_text(text: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("holds a broken character (an unpaired surrogate)") from None


class _Strict(BaseModel):
    # Unknown fields are refused rather than dropped, so nothing a user (or a
    # newer tool) wrote can silently disappear on the next save; strict types
    # keep "yes" from quietly becoming true.
    model_config = ConfigDict(extra="forbid", strict=True)


class Quotation(_Strict):
    """A verbatim excerpt of the source that anchors a claim."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=10_000, pattern=r"\S")]
    start: int | None = Field(default=None, ge=0, description="Character offset in the source text.")
    length: int | None = Field(default=None, ge=0, description="Length in characters.")


class Position(_Strict):
    """A manual position on the canvas (scene coordinates)."""

    x: float = Field(allow_inf_nan=False)
    y: float = Field(allow_inf_nan=False)


class Claim(_Strict):
    """A box on the map: one statement, as plain text (never HTML)."""

    id: Id
    text: ClaimText
    note: NoteText = ""
    quotation: Quotation | None = None
    main_conclusion: bool = Field(default=False, description="The point the whole argument leads to.")
    conclusion: bool = Field(
        default=False,
        description="An intermediate conclusion the author means to support, even before a reason is attached.",
    )
    hidden: bool = Field(default=False, description="A premise the analyst supplied; the author leaves it unstated.")
    tags: list[Tag] = Field(default_factory=list)
    position: Position | None = None
    rating: Rating | None = Field(default=None, description="How acceptable the student judges this claim.")


class Reason(_Strict):
    """One inference: co-premises that together support or object to a target."""

    id: Id
    kind: ReasonKind
    premises: list[Id] = Field(description="Claim ids of the co-premises, in reading order.")
    target: Id = Field(description="The claim (or, for an undercutter, the reason) this bears on.")
    scheme: ShortText | None = Field(default=None, description="Argument scheme, e.g. 'argument from expert opinion'.")
    note: NoteText = ""
    strength: Strength | None = Field(
        default=None, description="How strongly the premises, if true, bear on the target (the student's judgement)."
    )
    questions: dict[Id, QuestionState] = Field(
        default_factory=dict,
        description="The scheme's critical questions by id: 'answered' (the argument meets it) or 'raised' "
        "(turned into an objection). A question not listed is still open.",
    )


class Rubric(_Strict):
    """How a teacher weighs the parts of a student's map against this (reference) map."""

    main_conclusion: float = Field(default=20, ge=0, le=1000, description="Weight of finding the main conclusion.")
    reasons: float = Field(default=40, ge=0, le=1000, description="Weight of the share of reasons found.")
    objections: float = Field(default=20, ge=0, le=1000, description="Weight of the share of objections and replies found.")
    structure: float = Field(default=20, ge=0, le=1000, description="Weight of a map free of structural errors.")
    error_cost: float = Field(
        default=0.25, ge=0, le=1, description="Share of the structure part each structural error costs."
    )


class Source(_Strict):
    """Citation of the text the map reconstructs; the text itself is optional."""

    title: ShortText = ""
    author: ShortText = ""
    outlet: ShortText = ""
    date: ShortText = Field(default="", description="Publication date as printed, ideally YYYY-MM-DD.")
    url: ShortText = ""
    fingerprint: ShortText | None = Field(
        default=None, description="'sha256:<hex>' of the source text, to recognise the right file."
    )
    text: str | None = Field(default=None, max_length=5_000_000, description="The source text, when embedded.")


class ArgumentMap(_Strict):
    """A whole argument map, as stored in an .argmap.json file."""

    format: Literal["argmap"] = FORMAT_NAME
    format_version: int = FORMAT_VERSION
    title: ShortText = ""
    description: NoteText = ""
    authors: list[ShortText] = Field(default_factory=list)
    created: datetime | None = None
    modified: datetime | None = None
    tags: list[Tag] = Field(default_factory=list)
    source: Source | None = None
    template: bool = Field(default=False, description="A preset: opens read-only, edits are saved as a copy.")
    several_main_conclusions: bool = Field(
        default=False, description="The map deliberately has more than one main conclusion."
    )
    rubric: Rubric | None = Field(default=None, description="How students' maps are graded against this one.")
    claims: list[Claim] = Field(default_factory=list)
    reasons: list[Reason] = Field(default_factory=list)
    extensions: dict[str, Any] = Field(
        default_factory=dict, description="Data from other tools that argmap keeps but does not interpret."
    )

    @field_validator("extensions")
    @classmethod
    def _extensions_are_plain_json(cls, value: dict[str, Any]) -> dict[str, Any]:
        check_plain_json(value)
        return value

    def claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, or None (linear; use graph.MapIndex for many look-ups)."""
        return next((c for c in self.claims if c.id == claim_id), None)

    def reason(self, reason_id: str) -> Reason | None:
        return next((r for r in self.reasons if r.id == reason_id), None)

    def new_id(self, prefix: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
        """A fresh id with this prefix that no claim or reason (nor anything in `taken`) uses yet.

        Numbering starts after the ids that already have the prefix, so a map
        of c1..c40 gets c41 without probing forty names first. Ids a reason
        names but the map lacks (a missing premise or target) count as used:
        a new claim must not silently join a reason that named its id.
        """
        # Built with C-level passes (map, chain): an add on a 50,000-claim map asks twice.
        used = set(map(_ID, self.claims))
        used.update(map(_ID, self.reasons), map(_TARGET, self.reasons), chain.from_iterable(map(_PREMISES, self.reasons)),
                    taken)
        n = sum(map(methodcaller("startswith", prefix), used)) + 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"
