"""Collapse, expand and focus: which part of a map the canvas shows (no Qt).

This is view state, not an edit: it never changes the map, is not undone
and is not saved in the map file. A `Fold` says which claims are collapsed
and which claim, if any, is in focus; `visible_part(m, fold)` gives the map
to lay out and draw.

What a reader sees:

* A collapsed claim stays on the canvas; what hangs below it is hidden: the
  reasons on it, their premises, the reasons on those (objections,
  rebuttals, undercutters), recursively -- `edits.branch_below`. The claim
  carries the number of claims hidden under it (`VisiblePart.hidden_below`).
* A claim is shown when the reader can get to it from the top of the map
  without passing below a collapsed claim. So a premise shared by a hidden
  reason and a shown one stays visible (the shown reason needs it), and so
  does everything below it that is not itself collapsed.
* A reason is shown whole or not at all: it is shown when its target is
  shown (and is not a collapsed claim), and then all its premises are
  shown, since a linked argument cut in half would say something else.
  So a reason with only some premises visible never occurs, and a reason
  whose premises are all hidden is hidden with them (its target is hidden
  or collapsed). An undercutter goes with the reason it attacks.
* Collapses nest: collapsing a claim inside a collapsed branch is
  remembered, so expanding the outer claim shows its branch with the inner
  claim still collapsed. The order of collapsing and expanding does not
  matter: what is shown depends only on the set of collapsed claims.
* Focus shows one claim and what hangs below it, as if it were the top of
  the map; collapses apply inside it. The focus claim is always shown with
  its branch (focus wins), even when it lies in a collapsed branch or is
  itself collapsed: those collapses are kept and come back when focus is
  cleared. (A canvas should not offer "Collapse" on the focus claim.)
* Ids that are not on the map (a collapsed claim that an edit deleted, a
  focus on a reason) are ignored; `Fold.pruned(m)` drops them.
* Circular support makes "below" ambiguous: a main conclusion is never
  hidden, a collapsed claim is never hidden by its own collapse, and other
  claims caught in a circle through a collapsed claim are hidden with its
  branch unless a shown reason uses them. (Validation reports the circle.)

Unchanged objects: the visible map shares the map's own Claim and Reason
objects, in the map's order, so an incremental `layout(..., previous=...)`
reuses every subtree that folding did not change. With nothing hidden it is
the map itself.

Speed: given the map's `graph.MapIndex`, the work is proportional to what
is hidden (or, under a focus, to what is shown), plus copying the runs of
the claim and reason lists between hidden items (the ids' positions are
numbered once per index). On a 50,000-claim map, on a slow shared machine:
about 2 ms with ten collapsed claims hiding 80 claims, about 50 ms when
they hide 10,000, under 1 ms for a focus on a 120-claim branch, about 100
ms for a focus on the top claim (a walk over the whole map). Without an
index, a few passes over the map first: about 100-200 ms there.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Container
from dataclasses import dataclass, field

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Claim, Reason


@dataclass(frozen=True)
class Fold:
    """What the reader folded away: collapsed claim ids and an optional focus claim id."""

    collapsed: frozenset[str] = frozenset()
    focus: str | None = None

    def __post_init__(self) -> None:
        if isinstance(self.collapsed, str):
            raise TypeError("Fold.collapsed is a set of claim ids, not one id")
        if not isinstance(self.collapsed, frozenset):
            object.__setattr__(self, "collapsed", frozenset(self.collapsed))

    @property
    def active(self) -> bool:
        """Whether this fold may hide anything at all."""
        return bool(self.collapsed) or self.focus is not None

    def is_collapsed(self, claim_id: str) -> bool:
        return claim_id in self.collapsed

    def toggle(self, claim_id: str) -> Fold:
        """Collapse the claim, or expand it if it is collapsed."""
        return Fold(self.collapsed ^ {claim_id}, self.focus)

    def collapse(self, *claim_ids: str) -> Fold:
        return Fold(self.collapsed | set(claim_ids), self.focus)

    def expand(self, *claim_ids: str) -> Fold:
        return Fold(self.collapsed - set(claim_ids), self.focus)

    def expand_all(self) -> Fold:
        """No claim collapsed; the focus stays."""
        return Fold(frozenset(), self.focus)

    def with_focus(self, claim_id: str | None) -> Fold:
        """Focus on a claim (None: the whole map again); collapses stay."""
        return Fold(self.collapsed, claim_id)

    def pruned(self, m: ArgumentMap, index: MapIndex | None = None) -> Fold:
        """This fold without the ids the map no longer has as claims, nor collapses of
        claims that nothing bears on any more (so a reason added under such a claim
        later is not hidden at once). `self` when nothing was dropped."""
        links = _Links.of(m, index)
        collapsed = frozenset(c for c in self.collapsed if c in links.claims and links.on.get(c))
        focus = self.focus if self.focus in links.claims else None
        if collapsed == self.collapsed and focus == self.focus:
            return self
        return Fold(collapsed, focus)


@dataclass(frozen=True)
class VisiblePart:
    """The part of a map a fold leaves visible.

    A collapsed claim is in `hidden_below` only when it is shown and something
    bears on it (a collapsed leaf hides nothing and is drawn as usual). Its
    count is the number of hidden claims reached from it through hidden
    reasons, nested collapsed branches included; it is 0 when everything its
    reasons use is shown elsewhere (then only those reasons are hidden).
    """

    map: ArgumentMap  # to lay out and draw; the original map itself when nothing is hidden
    hidden_below: dict[str, int]  # each shown collapsed claim -> claims hidden under it
    focus: str | None = None  # the focus in effect (None: none, or not a claim of the map)
    hidden_claims: int = 0  # how many claims of the map are not shown
    hidden_reasons: int = 0
    # (claim ids, reason ids) not shown; or, under a focus, those shown and those on the map
    _hidden: tuple[Container[str], Container[str]] = field(default=(frozenset(), frozenset()), repr=False)
    _shown: tuple[Container[str], Container[str]] | None = field(default=None, repr=False)
    _known: tuple[Container[str], Container[str]] = field(default=(frozenset(), frozenset()), repr=False)

    @property
    def collapsed(self) -> frozenset[str]:
        """The shown claims to draw as collapsed (with a count)."""
        return frozenset(self.hidden_below)

    def hides(self, node_id: str) -> bool:
        """Whether this claim or reason of the map is not shown (False for ids not on the map)."""
        if self._shown is None:
            return node_id in self._hidden[0] or node_id in self._hidden[1]
        (claims, reasons), (shown_c, shown_r) = self._known, self._shown
        if node_id in claims:
            return node_id not in shown_c
        return node_id in reasons and node_id not in shown_r


def visible_part(m: ArgumentMap, fold: Fold, index: MapIndex | None = None) -> VisiblePart:
    """What the canvas shows of `m` under `fold` (see the module docstring).

    `index`, the map's MapIndex, makes this proportional to what is hidden;
    an index of another map (or of this one before an edit) is ignored.
    """
    if not fold.active:
        return VisiblePart(m, {})
    links = _Links.of(m, index)
    focus = fold.focus if fold.focus in links.claims else None
    stops = {c for c in fold.collapsed if c in links.claims and c != focus}
    if focus is None and not stops:
        return VisiblePart(m, {})
    on = links.on
    below: dict[str, int] = {}
    if focus is not None:
        shown_c, shown_r = _reach(links, focus, stops)
        for c in sorted(stops):
            if c in shown_c and on.get(c):
                below[c] = _count_unshown(on, c, shown_c, shown_r, links.claims)
        n_c, n_r = len(links.claims) - len(shown_c), len(links.reasons) - len(shown_r)
        if not n_c and not n_r:
            return VisiblePart(m, below, focus)
        claims = links.pick(m.claims, shown_c, keep=True, claims=True)
        reasons = links.pick(m.reasons, shown_r, keep=True, claims=False)
        return VisiblePart(_with(m, claims, reasons), below, focus, n_c, n_r,
                           _shown=(shown_c, shown_r), _known=(links.claims, links.reasons))
    hidden_c, hidden_r, counts = _hidden(links, m, stops)
    for c in sorted(stops):
        if c not in hidden_c and on.get(c):
            below[c] = counts[c] if c in counts else _count_hidden(on, c, hidden_c, hidden_r)
    if not hidden_c and not hidden_r:
        return VisiblePart(m, below)
    claims = links.pick(m.claims, hidden_c, keep=False, claims=True)
    reasons = links.pick(m.reasons, hidden_r, keep=False, claims=False)
    return VisiblePart(_with(m, claims, reasons), below, None, len(hidden_c), len(hidden_r),
                       _hidden=(hidden_c, hidden_r))


def count_below(m: ArgumentMap, claim_id: str, index: MapIndex | None = None) -> int:
    """How many claims hang below this claim (its whole branch, folded or not; the claim
    itself is not counted, even when a circle leads back to it)."""
    links = _Links.of(m, index)
    claims, _ = _branch(links, claim_id)
    return len(claims)


def can_collapse(m: ArgumentMap, claim_id: str, index: MapIndex | None = None) -> bool:
    """Whether collapsing this claim would hide anything: some reason bears on it."""
    links = _Links.of(m, index)
    return claim_id in links.claims and bool(links.on.get(claim_id))


def reveal(m: ArgumentMap, fold: Fold, node_id: str, index: MapIndex | None = None) -> Fold:
    """A fold that shows this claim or reason, changing `fold` as little as is simple:
    the same fold if it is shown already; otherwise the collapsed claims above it
    are expanded, and the focus is cleared if the node is not below it."""
    links = _Links.of(m, index)
    if node_id not in links.claims and node_id not in links.reasons:
        return fold
    if not visible_part(m, fold, links.index).hides(node_id):
        return fold
    above = _above(links, node_id)
    focus = fold.focus if fold.focus in links.claims else None
    if focus is not None and node_id != focus:
        below_c, below_r = _branch(links, focus)
        if node_id in below_c or node_id in below_r:
            above = {a for a in above if a in below_c}  # only what lies between the focus and the node
        else:
            focus = None
    above.discard(node_id)  # a collapsed claim is shown itself
    return Fold(fold.collapsed - above, focus)


# -- the walks ---------------------------------------------------------------------

_POSITIONS: weakref.WeakKeyDictionary[MapIndex, tuple[dict[str, int] | None, dict[str, int] | None]] = (
    weakref.WeakKeyDictionary()
)


class _Links:
    """What the walks need: reasons on each id, reasons using each claim as a premise
    (with an index only; otherwise a pass over the reasons), the claims by id."""

    def __init__(self, m: ArgumentMap, index: MapIndex | None) -> None:
        self.m = m
        self.index = index
        self.users: dict[str, list[Reason]] | None
        if index is not None:
            self.claims: dict[str, Claim] = index.claims
            self.reasons: dict[str, Reason] | set[str] = index.reasons
            self.on: dict[str, list[Reason]] = index.reasons_on  # a defaultdict: only ever .get() from it
            self.users = index.premise_of
        else:
            self.claims = {}
            for c in m.claims:
                self.claims.setdefault(c.id, c)
            self.reasons = set()
            self.on = {}
            for r in m.reasons:
                self.reasons.add(r.id)
                self.on.setdefault(r.target, []).append(r)
            self.users = None

    @classmethod
    def of(cls, m: ArgumentMap, index: MapIndex | None) -> _Links:
        return cls(m, index if index is not None and index.map is m else None)

    def positions(self) -> tuple[dict[str, int] | None, dict[str, int] | None]:
        """Where each claim and reason id stands in its list (None: ids repeat), kept per index."""
        if self.index is None:
            return None, None
        found = _POSITIONS.get(self.index)
        if found is None:
            # The index's dicts hold the ids in the map's order (the first of a repeated id):
            # numbering their keys touches no Claim or Reason object.
            m, ix = self.m, self.index
            cpos = {k: i for i, k in enumerate(ix.claims)} if len(ix.claims) == len(m.claims) else None
            rpos = {k: i for i, k in enumerate(ix.reasons)} if len(ix.reasons) == len(m.reasons) else None
            found = _POSITIONS[ix] = (cpos, rpos)
        return found

    def pick(self, items: list, ids: set[str], keep: bool, claims: bool) -> list:
        """The items whose id is in `ids` (keep) or not in it, in their order."""
        cpos, rpos = self.positions()
        pos = cpos if claims else rpos
        at = [] if pos is not None and len(pos) == len(items) else None
        if at is not None:
            for i in ids:
                j = pos.get(i)
                if j is not None:
                    if items[j].id != i:  # not where the index said: number them the slow way
                        at = None
                        break
                    at.append(j)
        if at is None:
            if keep:
                return [x for x in items if x.id in ids]
            return [x for x in items if x.id not in ids]
        at.sort()
        if keep:
            return [items[i] for i in at]
        out: list = []
        start = 0
        for i in at:  # copy the runs between the hidden items (slices are copied in C)
            if i > start:
                out += items[start:i]
            start = i + 1
        out += items[start:]
        return out


def _reach(links: _Links, top: str, stops: set[str]) -> tuple[set[str], set[str]]:
    """Claims and reasons reached downwards from `top`, not going below `stops`."""
    on, claims = links.on, links.claims
    shown_c, shown_r = {top}, set()
    stack = [top]
    while stack:
        node = stack.pop()
        if node in stops and node in shown_c:
            continue
        for r in on.get(node, ()):
            if r.id not in shown_r:
                shown_r.add(r.id)
                stack.append(r.id)
                for p in r.premises:
                    if p not in shown_c and p in claims:
                        shown_c.add(p)
                        stack.append(p)
    return shown_c, shown_r


def _hidden(links: _Links, m: ArgumentMap, stops: set[str]) -> tuple[set[str], set[str], dict[str, int]]:
    """Claims and reasons hidden by collapsing `stops`, with no focus, and (when that
    came for free) how many claims each collapsed claim hides.

    First everything below a collapsed claim (a collapsed claim is not hidden
    by its own branch, should a circle lead back to it); then what is still
    reached from outside that, as a premise of a shown reason (or as a main
    conclusion), is brought back with what hangs below it.

    When every hidden claim is a premise of one reason only (a tree, as most
    maps are), each hidden claim was met by one walk, so a collapsed claim
    hides what its own walk met plus what the collapsed claims met in it
    had hidden before; otherwise the counts are left to `_count_hidden`.
    """
    on, claims, users = links.on, links.claims, links.users
    hid_c: set[str] = set()
    hid_r: set[str] = set()
    maybe: list[str] = []  # hidden main conclusions and shared premises (met with an index)
    counts: dict[str, int] = {}  # claims each collapsed claim hid, while no claim was met twice
    for start in sorted(stops):  # a fixed order, for circles through several collapsed claims
        before = len(hid_c)
        inner = 0  # what collapsed claims walked before, and met now, hid
        stack = [start]
        while stack:
            node = stack.pop()
            for r in on.get(node, ()):
                rid = r.id
                if rid not in hid_r:
                    hid_r.add(rid)
                    stack.append(rid)
                    for p in r.premises:
                        if p not in hid_c and p != start:
                            c = claims.get(p)
                            if c is not None:
                                hid_c.add(p)
                                stack.append(p)
                                if p in counts:
                                    inner += counts[p]
                                if users is not None and (c.main_conclusion or len(users.get(p, ())) > 1):
                                    maybe.append(p)
        counts[start] = len(hid_c) - before + inner
    if not hid_c or users is None or maybe:
        counts.clear()  # not known that simply: walk again
    if not hid_c:
        return hid_c, hid_r, counts
    # Claims below a collapsed claim that are shown all the same.
    if users is not None:
        back = [c for c in maybe if claims[c].main_conclusion or any(r.id not in hid_r for r in users[c])]
    else:
        back_set = {c for c in hid_c if claims[c].main_conclusion}
        for r in m.reasons:
            if r.id not in hid_r:
                back_set.update(p for p in r.premises if p in hid_c)
        back = list(back_set)
    if not back:
        return hid_c, hid_r, counts
    hid_c.difference_update(back)
    stack = back
    while stack:
        node = stack.pop()
        if node in stops and node in claims:
            continue  # shown, still collapsed
        for r in on.get(node, ()):
            if r.id in hid_r:
                hid_r.discard(r.id)
                stack.append(r.id)
                for p in r.premises:
                    if p in hid_c:
                        hid_c.discard(p)
                        stack.append(p)
    return hid_c, hid_r, counts


def _count_hidden(on: dict[str, list[Reason]], top: str, hid_c: set[str], hid_r: set[str]) -> int:
    """Hidden claims reached from `top` through hidden reasons."""
    return _count_below(on, top, hid_r.__contains__, hid_c.__contains__)


def _count_unshown(on: dict[str, list[Reason]], top: str, shown_c: set[str], shown_r: set[str],
                   claims: Container[str]) -> int:
    """Claims of the map not shown, reached from `top` through reasons not shown."""
    return _count_below(on, top, lambda rid: rid not in shown_r, lambda p: p not in shown_c and p in claims)


def _count_below(on: dict[str, list[Reason]], top: str, reason_out: Callable[[str], bool],
                 claim_out: Callable[[str], bool]) -> int:
    """Claims for which `claim_out` holds, reached from `top` through reasons for which `reason_out` holds."""
    seen_c: set[str] = set()
    seen_r: set[str] = set()
    stack = [top]
    while stack:
        for r in on.get(stack.pop(), ()):
            rid = r.id
            if rid not in seen_r and reason_out(rid):
                seen_r.add(rid)
                stack.append(rid)
                for p in r.premises:
                    if p not in seen_c and claim_out(p):
                        seen_c.add(p)
                        stack.append(p)
    seen_c.discard(top)
    return len(seen_c)


def _branch(links: _Links, node: str) -> tuple[set[str], set[str]]:
    """Claims of the map and reasons below a node, as edits.branch_below finds them."""
    on, claims = links.on, links.claims
    below_c: set[str] = set()
    below_r: set[str] = set()
    stack = [node]
    while stack:
        for r in on.get(stack.pop(), ()):
            if r.id not in below_r:
                below_r.add(r.id)
                stack.append(r.id)
                for p in r.premises:
                    if p not in below_c and p != node and p in claims:
                        below_c.add(p)
                        stack.append(p)
    return below_c, below_r


def _above(links: _Links, node: str) -> set[str]:
    """Every claim and reason id with `node` somewhere below it."""
    users, reasons = links.users, links.index.reasons if links.index is not None else None
    if users is None or reasons is None:
        users, reasons = {}, {}
        for r in links.m.reasons:
            reasons.setdefault(r.id, r)
            for p in dict.fromkeys(r.premises):
                users.setdefault(p, []).append(r)
    found: set[str] = set()
    stack = [node]
    while stack:
        x = stack.pop()
        ups = [r.id for r in users.get(x, ())]
        r = reasons.get(x)
        if r is not None:
            ups.append(r.target)
        for u in ups:
            if u not in found:
                found.add(u)
                stack.append(u)
    return found


def _with(m: ArgumentMap, claims: list[Claim], reasons: list[Reason]) -> ArgumentMap:
    # No validation: the objects are the map's own, already checked.
    return ArgumentMap.model_construct(**{**dict(m), "claims": claims, "reasons": reasons})
