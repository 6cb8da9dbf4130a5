"""Every change to a map, as an invertible operation (no Qt).

An op's `apply(m)` makes the change and `revert(m)` undoes it exactly,
list order included, so the editor's undo stack only wraps these (house
rule 4). Ops record what they need to revert when they are first applied.

The functions at the bottom build the ops for what a user does: add a reason
under a claim, delete a claim with what hangs below it, move a branch, and so
on. They look at the map but do not change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Protocol

from pydantic import ValidationError

from argmap.model import ArgumentMap, Claim, QuestionState, Quotation, Reason, ReasonKind, Rubric, Source

_ID = attrgetter("id")


class Op(Protocol):
    label: str

    def apply(self, m: ArgumentMap) -> None: ...

    def revert(self, m: ArgumentMap) -> None: ...


class EditError(ValueError):
    """An edit that cannot be made to this map; the message is for the user."""


def _checked(model: type, item):
    """`item` if the model accepts its values (model_copy does not check them)."""
    try:
        model.model_validate(item.model_dump())
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = " ".join(str(p) for p in err["loc"])
        raise EditError(f"{where}: {err['msg']}") from None
    return item


def _index_of(items: list, ident: str) -> int:
    try:  # C-level passes: an edit of a 50,000-claim map looks up several places
        return list(map(_ID, items)).index(ident)
    except ValueError:
        raise EditError(f"'{ident}' is not on the map.") from None


@dataclass
class AddClaim:
    claim: Claim
    index: int | None = None
    label: str = "Add Claim"

    def apply(self, m: ArgumentMap) -> None:
        if self.index is None:
            self.index = len(m.claims)
        m.claims.insert(self.index, self.claim.model_copy(deep=True))

    def revert(self, m: ArgumentMap) -> None:
        del m.claims[_index_of(m.claims, self.claim.id)]


@dataclass
class RemoveClaim:
    claim_id: str
    label: str = "Delete Claim"
    _removed: Claim | None = None
    _index: int = -1

    def apply(self, m: ArgumentMap) -> None:
        self._index = _index_of(m.claims, self.claim_id)
        self._removed = m.claims.pop(self._index)

    def revert(self, m: ArgumentMap) -> None:
        m.claims.insert(self._index, self._removed)


@dataclass
class AddReason:
    reason: Reason
    index: int | None = None
    label: str = "Add Reason"

    def apply(self, m: ArgumentMap) -> None:
        if self.index is None:
            self.index = len(m.reasons)
        m.reasons.insert(self.index, self.reason.model_copy(deep=True))

    def revert(self, m: ArgumentMap) -> None:
        del m.reasons[_index_of(m.reasons, self.reason.id)]


@dataclass
class RemoveReason:
    reason_id: str
    label: str = "Delete Reason"
    _removed: Reason | None = None
    _index: int = -1

    def apply(self, m: ArgumentMap) -> None:
        self._index = _index_of(m.reasons, self.reason_id)
        self._removed = m.reasons.pop(self._index)

    def revert(self, m: ArgumentMap) -> None:
        m.reasons.insert(self._index, self._removed)


@dataclass
class SetClaimFields:
    """Change some fields of one claim (text, note, hidden, quotation, ...)."""

    claim_id: str
    changes: dict[str, Any]
    label: str = "Edit Claim"
    _before: dict[str, Any] = field(default_factory=dict)

    def apply(self, m: ArgumentMap) -> None:
        c = m.claims[_index_of(m.claims, self.claim_id)]
        self._before = {k: getattr(c, k) for k in self.changes}
        updated = _checked(Claim, c.model_copy(update=self.changes))
        m.claims[_index_of(m.claims, self.claim_id)] = updated

    def revert(self, m: ArgumentMap) -> None:
        i = _index_of(m.claims, self.claim_id)
        m.claims[i] = m.claims[i].model_copy(update=self._before)


@dataclass
class SetReasonFields:
    """Change some fields of one reason (kind, premises, target, scheme, note)."""

    reason_id: str
    changes: dict[str, Any]
    label: str = "Edit Reason"
    _before: dict[str, Any] = field(default_factory=dict)

    def apply(self, m: ArgumentMap) -> None:
        i = _index_of(m.reasons, self.reason_id)
        r = m.reasons[i]
        self._before = {k: getattr(r, k) for k in self.changes}
        m.reasons[i] = _checked(Reason, r.model_copy(update=self.changes))

    def revert(self, m: ArgumentMap) -> None:
        i = _index_of(m.reasons, self.reason_id)
        m.reasons[i] = m.reasons[i].model_copy(update=self._before)


@dataclass
class SetMapFields:
    """Change fields of the map itself (its title, its source, ...)."""

    changes: dict[str, Any]
    label: str = "Edit Map"
    _before: dict[str, Any] = field(default_factory=dict)

    def apply(self, m: ArgumentMap) -> None:
        self._before = {k: getattr(m, k) for k in self.changes}
        checked = _checked(ArgumentMap, m.model_copy(update=self.changes))
        for k in self.changes:
            setattr(m, k, getattr(checked, k))

    def revert(self, m: ArgumentMap) -> None:
        for k, v in self._before.items():
            setattr(m, k, v)


@dataclass
class MoveReason:
    """Put a reason at another place in the list: the order of sibling reasons."""

    reason_id: str
    to_index: int
    label: str = "Reorder Reasons"
    _from: int = -1

    def apply(self, m: ArgumentMap) -> None:
        self._from = _index_of(m.reasons, self.reason_id)
        m.reasons.insert(self.to_index, m.reasons.pop(self._from))

    def revert(self, m: ArgumentMap) -> None:
        m.reasons.insert(self._from, m.reasons.pop(_index_of(m.reasons, self.reason_id)))


@dataclass
class Compound:
    """Several ops as one step; reverted in reverse order."""

    ops: list[Op]
    label: str
    selection: list[str] = field(default_factory=list)  # what to select after applying

    def apply(self, m: ArgumentMap) -> None:
        done: list[Op] = []
        try:
            for op in self.ops:
                op.apply(m)
                done.append(op)
        except Exception:
            for op in reversed(done):  # leave the map as it was
                op.revert(m)
            raise

    def revert(self, m: ArgumentMap) -> None:
        for op in reversed(self.ops):
            op.revert(m)


# -- what a user does ----------------------------------------------------------------

NEW_CLAIM_TEXT = ""


def _target_exists(m: ArgumentMap, target: str) -> None:
    if m.claim(target) is None and m.reason(target) is None:
        raise EditError(f"'{target}' is not on the map.")


def add_reason(m: ArgumentMap, target: str, kind: ReasonKind, text: str = NEW_CLAIM_TEXT,
               label: str | None = None) -> Compound:
    """A new claim and a new reason joining it to `target` (a claim or, for an undercutter, a reason)."""
    _target_exists(m, target)
    cid = m.new_id("c")
    rid = m.new_id("r", {cid})
    claim = Claim(id=cid, text=text)
    reason = Reason(id=rid, kind=kind, premises=[cid], target=target)
    if label is None:
        label = "Add Reason" if kind == "support" else "Add Objection"
    return Compound([AddClaim(claim), AddReason(reason)], label, selection=[cid])


def add_support(m: ArgumentMap, target: str, text: str = NEW_CLAIM_TEXT) -> Compound:
    return add_reason(m, target, "support", text, "Add Reason")


def add_objection(m: ArgumentMap, target: str, text: str = NEW_CLAIM_TEXT) -> Compound:
    return add_reason(m, target, "objection", text, "Add Objection")


def add_rebuttal(m: ArgumentMap, objection_premise: str, text: str = NEW_CLAIM_TEXT) -> Compound:
    """An objection to a claim that is itself part of an objection."""
    if not any(r.kind == "objection" and objection_premise in r.premises for r in m.reasons):
        raise EditError("A rebuttal answers an objection: select a claim that objects to something.")
    return add_reason(m, objection_premise, "objection", text, "Add Rebuttal")


def add_undercutter(m: ArgumentMap, reason_id: str, text: str = NEW_CLAIM_TEXT) -> Compound:
    """An objection to the step from a reason's premises to its target."""
    if m.reason(reason_id) is None:
        raise EditError("An undercutter attacks a reason: select a reason first.")
    return add_reason(m, reason_id, "objection", text, "Add Undercutter")


def add_co_premise(m: ArgumentMap, reason_id: str, text: str = NEW_CLAIM_TEXT, after: str | None = None) -> Compound:
    """A new claim that works together with a reason's other premises."""
    r = m.reason(reason_id)
    if r is None:
        raise EditError("Select a reason, or one of its premises, to add a co-premise.")
    cid = m.new_id("c")
    premises = list(r.premises)
    at = premises.index(after) + 1 if after in premises else len(premises)
    premises.insert(at, cid)
    return Compound([AddClaim(Claim(id=cid, text=text)), SetReasonFields(reason_id, {"premises": premises})],
                    "Add Co-premise", selection=[cid])


def add_claim(m: ArgumentMap, text: str = NEW_CLAIM_TEXT) -> Compound:
    cid = m.new_id("c")
    main = not any(c.main_conclusion for c in m.claims)  # a first claim is where the argument ends
    return Compound([AddClaim(Claim(id=cid, text=text, main_conclusion=main))], "Add Claim", selection=[cid])


def claim_from_quotation(m: ArgumentMap, quotation: Quotation, supports: str | None = None) -> Compound:
    """A new claim quoting the source: a reason for `supports` if given, else on its own.

    Its text starts as the quotation itself; the student rewrites it in their
    own words, and the quotation stays as its anchor in the text.
    """
    text = " ".join(quotation.text.split())
    op = add_support(m, supports, text) if supports is not None else add_claim(m, text)
    add = op.ops[0]
    add.claim = add.claim.model_copy(update={"quotation": quotation})
    op.label = "New Claim from Selection"
    return op


def link_quotation(m: ArgumentMap, claim_id: str, quotation: Quotation | None) -> Compound:
    if m.claim(claim_id) is None:
        raise EditError(f"'{claim_id}' is not on the map.")
    label = "Link Selection to Claim" if quotation is not None else "Remove Quotation"
    return Compound([SetClaimFields(claim_id, {"quotation": quotation})], label, selection=[claim_id])


def set_source(m: ArgumentMap, source: Source | None, label: str = "Embed Source Text") -> Compound:
    return Compound([SetMapFields({"source": source})], label)


def set_text(m: ArgumentMap, claim_id: str, text: str) -> Compound:
    return Compound([SetClaimFields(claim_id, {"text": text})], "Edit Text", selection=[claim_id])


def set_claim_fields(m: ArgumentMap, claim_id: str, label: str, **changes: Any) -> Compound:
    return Compound([SetClaimFields(claim_id, changes)], label, selection=[claim_id])


def set_reason_fields(m: ArgumentMap, reason_id: str, label: str, **changes: Any) -> Compound:
    return Compound([SetReasonFields(reason_id, changes)], label, selection=[reason_id])


def replace_map(m: ArgumentMap, new: ArgumentMap, label: str) -> Compound:
    """Everything in the map becomes what `new` holds, as one step (a reload, a restored copy): undo brings back
    what was there."""
    return Compound([SetMapFields({k: getattr(new, k) for k in type(new).model_fields}, label)], label)


def set_rubric(m: ArgumentMap, rubric: Rubric | None) -> Compound:
    return Compound([SetMapFields({"rubric": rubric})], "Change Grading Rubric")


def set_question(m: ArgumentMap, reason_id: str, question_id: str, state: QuestionState | None) -> Compound:
    """Mark one critical question of a reason answered (or open again, with None)."""
    r = m.reason(reason_id)
    if r is None:
        raise EditError(f"'{reason_id}' is not on the map.")
    questions = {k: v for k, v in r.questions.items() if k != question_id}
    if state is not None:
        questions[question_id] = state
    label = "Mark Critical Question Answered" if state == "answered" else "Reopen Critical Question"
    return Compound([SetReasonFields(reason_id, {"questions": questions})], label, selection=[reason_id])


def raise_question(m: ArgumentMap, reason_id: str, question_id: str, objection: str) -> Compound:
    """Turn a critical question into an objection to the reason's step (an undercutter), in one step."""
    r = m.reason(reason_id)
    if r is None:
        raise EditError("Select the reason whose critical question you want to raise.")
    added = add_reason(m, reason_id, "objection", objection)
    questions = {**r.questions, question_id: "raised"}
    return Compound([*added.ops, SetReasonFields(reason_id, {"questions": questions})],
                    "Raise Critical Question as Objection", selection=added.selection)


def set_main_conclusion(m: ArgumentMap, claim_id: str) -> Compound:
    if m.claim(claim_id) is None:
        raise EditError(f"'{claim_id}' is not on the map.")
    ops: list[Op] = [SetClaimFields(c.id, {"main_conclusion": False}) for c in m.claims
                     if c.main_conclusion and c.id != claim_id]
    ops.append(SetClaimFields(claim_id, {"main_conclusion": True}))
    return Compound(ops, "Set Main Conclusion", selection=[claim_id])


def branch_below(m: ArgumentMap, node: str) -> tuple[set[str], set[str]]:
    """(claims, reasons) that hang below a claim or reason, following targets downwards."""
    on = _reasons_on(m)
    claims: set[str] = set()
    reasons: set[str] = set()
    stack = [node]
    while stack:
        for r in on.get(stack.pop(), ()):
            if r.id not in reasons:
                reasons.add(r.id)
                stack.append(r.id)
                for p in r.premises:
                    if p not in claims and p != node:
                        claims.add(p)
                        stack.append(p)
    return claims, reasons


def _reasons_on(m: ArgumentMap) -> dict[str, list[Reason]]:
    on: dict[str, list[Reason]] = {}
    for r in m.reasons:
        on.setdefault(r.target, []).append(r)
    return on


def delete(m: ArgumentMap, claim_ids: list[str] = (), reason_ids: list[str] = ()) -> Compound:
    """Delete claims and reasons with everything that hangs below them, as one step.

    A deleted reason takes along its premises unless another reason still
    uses them; a reason whose premises are all deleted goes too; a reason
    that keeps some premises just loses the deleted ones.
    """
    on = _reasons_on(m)
    reasons = {r.id: r for r in m.reasons}
    claims = {c.id for c in m.claims}
    users: dict[str, set[str]] = {}
    for r in m.reasons:
        for p in r.premises:
            users.setdefault(p, set()).add(r.id)
    del_c: set[str] = set()
    del_r: set[str] = set()
    stack = [("c", c) for c in claim_ids if c in claims] + [("r", r) for r in reason_ids if r in reasons]
    while stack:
        kind, x = stack.pop()
        if kind == "c":
            if x in del_c:
                continue
            del_c.add(x)
            stack += [("r", r.id) for r in on.get(x, ())]  # what hangs below it
            for rid in users.get(x, ()):  # a reason left with no premise goes too
                if all(p in del_c for p in reasons[rid].premises):
                    stack.append(("r", rid))
        else:
            if x in del_r:
                continue
            del_r.add(x)
            stack += [("r", r.id) for r in on.get(x, ())]  # undercutters of it
            for p in reasons[x].premises:
                if p in claims and users.get(p, set()) <= del_r:
                    stack.append(("c", p))
    ops: list[Op] = []
    for r in m.reasons:
        if r.id not in del_r and any(p in del_c for p in r.premises):
            ops.append(SetReasonFields(r.id, {"premises": [p for p in r.premises if p not in del_c]}))
    ops += [RemoveReason(r.id) for r in reversed(m.reasons) if r.id in del_r]
    ops += [RemoveClaim(c.id) for c in reversed(m.claims) if c.id in del_c]
    if len(del_c) + len(del_r) == 1:
        label = "Delete Claim" if del_c else "Delete Reason"
    else:
        label = "Delete"
    return Compound(ops, label)


def move_claim(m: ArgumentMap, claim_id: str, new_target: str, kind: ReasonKind | None = None) -> Compound:
    """Reattach a claim, with its branch, under another claim (or reason).

    When the claim is the only premise of its reason, that reason is pointed
    at the new target; when it is one of several co-premises, it leaves that
    reason and gets a reason of its own.
    """
    _target_exists(m, new_target)
    c = m.claim(claim_id)
    if c is None:
        raise EditError(f"'{claim_id}' is not on the map.")
    below_c, below_r = branch_below(m, claim_id)
    if new_target == claim_id or new_target in below_c or new_target in below_r:
        raise EditError("A claim cannot be moved under itself or its own branch.")
    holders = [r for r in m.reasons if claim_id in r.premises]
    ops: list[Op] = []
    if len(holders) == 1 and holders[0].premises == [claim_id]:
        r = holders[0]
        changes: dict[str, Any] = {"target": new_target}
        if kind is not None and kind != r.kind:
            changes["kind"] = kind
        ops.append(SetReasonFields(r.id, changes))
        return Compound(ops, "Move Claim", selection=[claim_id])
    for r in holders:
        ops.append(SetReasonFields(r.id, {"premises": [p for p in r.premises if p != claim_id]}))
    rid = m.new_id("r")
    own_kind: ReasonKind = kind or (holders[0].kind if holders else "support")
    ops.append(AddReason(Reason(id=rid, kind=own_kind, premises=[claim_id], target=new_target)))
    return Compound(ops, "Move Claim", selection=[claim_id])


def move_sibling(m: ArgumentMap, reason_id: str, step: int) -> Compound:
    """Move a reason one place left (-1) or right (+1) among those on the same target."""
    r = m.reason(reason_id)
    if r is None:
        raise EditError(f"'{reason_id}' is not on the map.")
    siblings = [i for i, o in enumerate(m.reasons) if o.target == r.target]
    pos = siblings.index(_index_of(m.reasons, reason_id))
    new = pos + step
    if not 0 <= new < len(siblings):
        raise EditError("This reason is already at the end of its row.")
    return Compound([MoveReason(reason_id, siblings[new])], "Reorder Reasons", selection=[reason_id])
