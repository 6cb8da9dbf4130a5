"""Top-down layout of an argument map (no Qt).

The main conclusion is on top; below each claim sit the reasons that bear on
it, left to right in the map's order; the co-premises of one reason stand
side by side inside one group with a single arrow to the target (Rationale's
and MindMup's convention); an undercutter sits beside the group whose
inference it attacks and points at that arrow.

Why this engine: measured on this machine (see STYLE.md), a layered tidy
tree in Python lays out 500 claims in 3 ms and 5,000 in 30-70 ms, moves few
boxes when a premise is added (0-14 %, against 35-94 % for Graphviz dot) and
its support arrows never cross. dot is more compact but takes seconds at
5,000 claims; grandalf overlaps, igraph ignores box widths. Here (see
benchmarks/bench_layout.py): about 13 ms for 1,000 claims, 65 ms for 5,000,
0.13-0.2 s for 10,000 and 1 s for 50,000; adding a reason under a random
claim of a 1,000-claim map moves a median of 2 % of the boxes (all of them
in the worst case, when the growth reaches the top row).

Groups sit in layers and sibling subtrees are packed by their contours, so
boxes never overlap and a growing subtree only pushes what it would touch. A
claim used as a premise by several reasons (or caught in a cycle) is drawn
once, under the first reason met; every other reason that uses it shows a
reference box in its place among its co-premises (`Layout.refs`), so each
reason reads whole where it stands, and a link runs from the claim to that
reason (`Layout.shared`).

Incremental: `layout(m, size, previous=lay)` reuses every reason subtree of
the previous layout that an edit did not touch (the same Reason and Claim
objects, nothing added or removed inside it, the same claims left to
others). Edits replace model objects rather than change them, so
"untouched" is an identity check: the map's lists of claims and reasons are
compared with the ones the previous layout read, slice against slice (no
Python code per element), and only what differs is read again. So `size()`
is asked only for claims that are new or were replaced: a caller whose
measure changed (other fonts) lays out afresh, without `previous`. Only the
subtrees on the path from the edit to the top are built and measured again,
only the boxes that moved are placed again, and only the arrows whose ends
moved are worked out again; the rest is copied. The work thus follows the
edit, not the size of the map (see benchmarks/bench_layout.py: adding a
reason to a 10,000-claim map takes a few milliseconds), and the result is
what a fresh layout gives, shifted as a whole so that what the edit did not
touch stays where it was as far as a tidy tree allows.

The new layout takes over the previous one's memo (what it needs to tell
untouched subtrees from touched ones) and changes it in place rather than
copying it: `lay` keeps its boxes and arrows, and may still be passed as
`previous` again, but is then laid out afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, compress, count, filterfalse, repeat
from operator import add, attrgetter, ne, not_, sub
from typing import NamedTuple

from argmap.model import ArgumentMap, Claim, Reason
from argmap.runtime import deep_recursion

GAP_X = 28.0  # between sibling subtrees
GAP_PREMISES = 14.0  # between co-premises in one group
PAD = 10.0  # inside a group, around its premises
GAP_Y = 60.0  # room for the arrow between a group and its target
GAP_ROOTS = 80.0  # between separate trees
EMPTY_GROUP = 36.0  # a reason with no premises on the map


class Box(NamedTuple):
    """A rectangle: x, y of its top-left corner, width and height (a tuple: cheap to make)."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre_x(self) -> float:
        return self.x + self.w / 2


Point = tuple[float, float]
_box = tuple.__new__  # _box(Box, (x, y, w, h)): a Box without the Python-level __new__ of a named tuple


@dataclass
class Layout:
    claims: dict[str, Box] = field(default_factory=dict)
    groups: dict[str, Box] = field(default_factory=dict)  # reason id -> box around its premises
    arrows: dict[str, tuple[Point, Point]] = field(default_factory=dict)  # reason id -> (from, to)
    shared: list[tuple[str, str]] = field(default_factory=list)  # (claim id, reason id) drawn as an extra link
    refs: dict[tuple[str, str], Box] = field(default_factory=dict)  # (claim id, reason id) -> its reference box
    width: float = 0.0  # the right edge of the drawing
    height: float = 0.0
    left: float = 0.0  # the left edge: 0, except where an incremental layout kept untouched boxes in place
    memo: _Memo | None = field(default=None, repr=False, compare=False)  # for the next, incremental layout
    # After an incremental layout: the claims and groups it placed anew and the arrows it worked
    # out again; every other entry is the very tuple of the previous layout. None: all are new.
    placed: tuple[list[str], list[str], set[str]] | None = field(default=None, repr=False, compare=False)


MEMO_DEPTH = 64  # subtrees deeper than this are not kept for reuse (a chain would cost O(n^2) to snapshot)


@dataclass
class _Memo:
    """What the next layout needs to tell untouched subtrees from touched ones, and
    the map as this layout read it, for the next one to patch rather than read again.
    The next layout takes it over and changes it in place (see `layout`)."""

    claim_list: list[Claim]  # the claims laid out, in the map's order (a list of its own)
    reason_list: list[Reason]
    reasons: dict[str, Reason]  # id -> the Reason object laid out
    sizes: dict[str, tuple[float, float]]  # claim id -> its box's size (every claim laid out is here)
    on: dict[str, list[Reason]]  # claim or reason id -> the reasons on it, in order
    users: dict[str, list[str]]  # premise id -> the reasons that name it
    mains: dict[str, None]  # the main conclusions, in order (the first trees)
    free: dict[str, None]  # the other claims no reason uses as a premise, in order (the next trees)
    nodes: dict[str, _R]  # reason id -> its built and measured subtree
    up: dict[str, str | None]  # claim or reason id -> the node it hangs under
    tops: dict[int, float]  # y of each layer
    at: dict[str, tuple[float, int]]  # reason id -> x and layer it was placed at


def _window(old: list, new: list) -> tuple[int, int, int]:
    """Where a list of model objects changed: (i, j, k) such that new[i:k] took the
    place of old[i:j], the rest being the same. Found by comparing slices (objects
    the same are skipped without being looked at: no Python code per element).
    An object that is another but equal in every field counts as the same one."""
    n = min(len(old), len(new))
    if (old if len(old) == n else old[:n]) == (new if len(new) == n else new[:n]):
        lo = n
    else:  # old[:lo] == new[:lo] and old[:hi] != new[:hi]: halve the gap
        lo, hi = 0, n
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if old[lo:mid] == new[lo:mid]:
                lo = mid
            else:
                hi = mid
    # the same at the end, within what is left after lo
    a, b, most = len(old), len(new), n - lo
    if most == 0 or old[a - most:] == new[b - most:]:
        k = most
    else:
        k, hi = 0, most
        while hi - k > 1:
            mid = (k + hi) // 2
            if old[a - mid:a - k] == new[b - mid:b - k]:
                k = mid
            else:
                hi = mid
    return lo, a - k, b - k


def _changes(old: list, new: list) -> tuple[list, list, list, bool]:
    """Between two stretches of model objects: (objects gone, objects new, objects
    kept but put in another order, whether each new one took the place of a gone one)."""
    if not old or not new:
        return old, new, [], not old and not new
    old_ids, new_ids = list(map(id, old)), list(map(id, new))
    in_new, in_old = set(new_ids), set(old_ids)
    kept_in_old = list(map(in_new.__contains__, old_ids))
    kept_in_new = list(map(in_old.__contains__, new_ids))
    gone = list(compress(old, map(not_, kept_in_old)))
    added = list(compress(new, map(not_, kept_in_new)))
    kept_old = list(compress(old_ids, kept_in_old))
    kept_new = list(compress(new_ids, kept_in_new))
    if kept_old == kept_new:
        return gone, added, [], kept_in_old == kept_in_new
    # Only the stretch where the kept ones differ; one object taken out and put
    # back elsewhere (a reason moved among its siblings) is the usual case.
    n = len(kept_old)
    i = next(compress(count(), map(ne, kept_old, kept_new)), n)
    j = next(compress(count(), map(ne, reversed(kept_old), reversed(kept_new))), n)
    a, b = kept_old[i:n - j], kept_new[i:n - j]
    moved = {a[0]} if a[1:] == b[:-1] else {a[-1]} if a[:-1] == b[1:] else set(a)
    return gone, added, list(compress(new, map(moved.__contains__, new_ids))), False


class _Contour:
    """Leftmost and rightmost x of a subtree in each layer, its own (top) layer last.

    Values are stored relative to `shift`, so moving a subtree is O(1). Sibling
    subtrees start in one layer, so their contours line up at the end of the
    lists; comparing and merging them is then list against list at C speed, and
    merging folds the shorter one into the longer, so a long chain of reasons
    costs O(n) rather than O(n^2).
    """

    __slots__ = ("l", "r", "shift")

    def __init__(self, left: list[float] | None = None, right: list[float] | None = None) -> None:
        self.l: list[float] = [] if left is None else left
        self.r: list[float] = [] if right is None else right
        self.shift = 0.0

    def top(self) -> tuple[float, float] | None:
        """Its extent in its top layer."""
        if not self.l:
            return None
        s = self.shift
        return self.l[-1] + s, self.r[-1] + s

    def add_top(self, left: float, right: float) -> None:
        """A new layer above the others."""
        s = self.shift
        self.l.append(left - s)
        self.r.append(right - s)

    def move(self, dx: float) -> None:
        self.shift += dx

    def leftmost(self) -> float:
        return min(self.l) + self.shift if self.l else 0.0

    def rightmost(self) -> float:
        return max(self.r) + self.shift if self.r else 0.0

    def gap_to(self, other: _Contour, gap: float) -> float:
        """How far `other` (whose top is in this one's top layer) must move right to
        clear this contour by `gap` in every layer they share."""
        if self.l and other.l:
            return max(map(sub, reversed(self.r), reversed(other.l))) + (self.shift - other.shift) + gap
        return self.rightmost() + gap - other.leftmost()  # nothing shared: simply to the right

    def merge(self, other: _Contour) -> _Contour:
        big, small = (self, other) if len(self.l) >= len(other.l) else (other, self)
        k = len(small.l)
        if k:
            d = small.shift - big.shift
            big.l[-k:] = map(min, big.l[-k:], map(add, small.l, repeat(d)))
            big.r[-k:] = map(max, big.r[-k:], map(add, small.r, repeat(d)))
        return big


def _max_below(acc: list[float], more: list[float]) -> list[float]:
    """Layer by layer the larger of two lists that end in the same layer (`acc` may be changed)."""
    k = len(more)
    if len(acc) < k:
        acc = more[:k - len(acc)] + acc
    acc[-k:] = map(max, acc[-k:], more)
    return acc


def _heights_of(acc: list[float], nodes) -> list[float] | None:
    """`acc` merged with the kept heights of `nodes` (_max_below), or None if one was not kept."""
    for node in nodes:
        if node.heights is None:
            return None
        acc = _max_below(acc, node.heights)
    return acc


class _C:
    """A claim drawn on the map, with the reasons below it."""

    __slots__ = ("id", "reasons", "offsets")

    def __init__(self, cid: str) -> None:
        self.id = cid
        self.reasons: list[_R] = []
        self.offsets: list[float] = []  # x of each reason below, from the box's left


class _R:
    """A reason group with everything below it: built once, then reused by later
    layouts as long as nothing in it changes (and never changed itself)."""

    __slots__ = ("id", "obj", "premises", "slots", "undercutters", "tallest", "children", "group", "offsets",
                 "under_offsets", "contour", "heights", "n_owned", "n_placed", "contested", "left_to_others",
                 "skipped", "shared")

    def __init__(self, rid: str, obj: Reason) -> None:
        # (only what building it needs; the rest is set by reason_node and measure_r)
        self.id = rid
        self.obj = obj  # the model object it was built from
        self.premises: list[_C] = []  # the premises drawn here
        self.slots: list[tuple[str, _C | None]] = []  # every premise in order; None: a reference
        self.undercutters: list[_R] = []
        self.contour: tuple[list[float], list[float]] | None = None  # (not measured yet)
        # Set when measured:
        #   tallest: float  (height of its tallest premise)
        #   group: float  (width of the frame around its premises)
        #   children: list[_R]  (the reasons on its premises, in order)
        #   offsets, under_offsets: list[float]  (x of those and of its undercutters, from its left)
        #   contour: (lefts, rights) of each of its layers (top layer last) from its left, and
        #   heights: list[float], the tallest group in each; both None when too deep to keep
        # Set when built:
        #   n_owned, n_placed: int  (claims and reasons drawn in this subtree)
        #   contested: list[str]  (its claims that another reason could draw)
        #   left_to_others: list[str]  (premises drawn elsewhere: must still be, before it)
        #   skipped: list[str]  (reasons on its claims that were drawn elsewhere)
        #   shared: list[tuple[str, str]]  (its entries in Layout.shared)


class _Layouter:
    def __init__(self, m: ArgumentMap, size: Callable[[str], tuple[float, float]], previous: Layout | None) -> None:
        self.m = m
        self.owned: set[str] = set()  # claims drawn so far (only the contested ones, until full)
        self.placed_reasons: set[str] = set()  # reasons drawn so far (those built, until full)
        self.full = False
        self.n_owned = 0  # how many claims are drawn so far
        self.n_placed = 0
        self.contested_order: list[str] = []  # contested claims, in the order drawn
        self.left_order: list[str] = []  # premises met after they were drawn
        self.skipped_order: list[str] = []  # reasons met after they were drawn
        self.heights: list[float] = []  # tallest group in each layer
        self.tops: dict[int, float] = {}  # y of each layer
        self.out = Layout()
        self.built: set[str] = set()  # reasons whose subtree was built in this run, not reused
        self.drawn_claims: list[str] = []  # claims whose boxes this run placed (the others kept theirs)
        self.drawn_groups: list[str] = []
        self.redrawn: set[str] | None = None  # arrows worked out again (None: all)
        self.same_tops = False  # known after measuring
        self.before: Layout | None = None
        memo = previous.memo if previous is not None else None
        if memo is not None:
            # Taken over: this layout changes it in place; `previous` keeps its
            # boxes and arrows, and would be laid out afresh if passed again.
            previous.memo = None
            if len(memo.up) <= 2 * (len(m.claims) + len(m.reasons)) + 1000 and self._patch(memo, size):
                self.before = previous
                return
        self._read(size)

    # -- the map as the layout reads it -------------------------------------------------

    def _read(self, size: Callable[[str], tuple[float, float]]) -> None:
        """Read the whole map (a first layout)."""
        cl, rl = self.m.claims, self.m.reasons
        self.claim_list, self.reason_list = list(cl), list(rl)
        ids = list(map(attrgetter("id"), cl))
        self.size = sizes = dict(zip(ids, map(size, ids), strict=True))
        rids = list(map(attrgetter("id"), rl))
        self.reasons = reasons = dict(zip(rids, rl, strict=True))
        on: dict[str, list[Reason]] = {}
        users: dict[str, list[str]] = {}
        used: set[str] = set()  # premises of reasons whose target is on the map
        for r, rid, t, premises in zip(rl, rids, map(attrgetter("target"), rl), map(attrgetter("premises"), rl),
                                            strict=True):
            rs = on.get(t)
            if rs is None:
                on[t] = [r]
            else:
                rs.append(r)
            for p in premises:
                us = users.get(p)
                if us is None:
                    users[p] = [rid]
                else:
                    us.append(rid)
            if t in sizes or t in reasons:
                used.update(premises)
        self.on, self.users = on, users
        self.mains = dict.fromkeys(compress(ids, map(attrgetter("main_conclusion"), cl)))
        used.update(self.mains)
        self.free = dict.fromkeys(filterfalse(used.__contains__, ids))
        self.old: dict[str, _R] = {}
        self.up: dict[str, str | None] = {}
        self.at: dict[str, tuple[float, int]] = {}
        self.old_tops: dict[int, float] = {}
        self.dirty: set[str] = set()
        self.removed_claims: set[str] = set()
        self.removed_reasons: set[str] = set()
        # Ids used twice (by two claims, two reasons, or a claim and a reason)
        # are an error validation reports; such a map is laid out afresh each time.
        self.exact = len(sizes) == len(cl) and len(reasons) == len(rl) and sizes.keys().isdisjoint(reasons)

    def _patch(self, memo: _Memo, size: Callable[[str], tuple[float, float]]) -> bool:
        """Read only what changed since the previous layout, by comparing the map's
        lists with the ones it read then (objects are replaced, never changed, by
        edits), and mark what must be built again; False if it had better start afresh.
        Changes the memo in place."""
        cl, rl = self.m.claims, self.m.reasons
        claim_list, reason_list = memo.claim_list, memo.reason_list
        i, j, k = _window(claim_list, cl)
        old_cs, new_cs, c_at_end = claim_list[i:j], cl[i:k], k == len(cl)
        gone_c, new_c, moved_c, c_in_place = _changes(old_cs, new_cs)
        claim_list[i:j] = new_cs  # now as laid out here
        i, j, k = _window(reason_list, rl)
        old_rs, new_rs, r_at_end = reason_list[i:j], rl[i:k], k == len(rl)
        gone_r, new_r, moved_r, r_in_place = _changes(old_rs, new_rs)
        reason_list[i:j] = new_rs
        if len(gone_c) + len(new_c) + len(moved_c) + len(gone_r) + len(new_r) + len(moved_r) > (
                len(cl) + len(rl)) // 4 + 100:
            return False  # much changed (or another map): reading it all is cheaper
        self.claim_list, self.reason_list = claim_list, reason_list

        # claims, and the sizes of the new ones (size() is asked for nothing else)
        sizes = self.size = memo.sizes
        gone_ids, new_ids = {c.id for c in gone_c}, {c.id for c in new_c}
        removed_c, added_c, replaced_c = gone_ids - new_ids, new_ids - gone_ids, gone_ids & new_ids
        for cid in removed_c:
            del sizes[cid]
        for c in new_c:
            sizes[c.id] = size(c.id)
        if len(sizes) != len(cl):
            return False  # an id used twice
        reasons = self.reasons = memo.reasons
        gone_rids, new_rids = {r.id for r in gone_r}, {r.id for r in new_r}
        removed_r, added_r = gone_rids - new_rids, new_rids - gone_rids
        for rid in removed_r:
            del reasons[rid]
        for r in new_r:
            reasons[r.id] = r
        if len(reasons) != len(rl) or any(x in reasons for x in added_c) or any(x in sizes for x in added_r):
            return False  # an id used twice, or by a claim and a reason

        # the reasons on each target, in the map's order
        on = self.on = memo.on
        targets = {r.target for r in chain(gone_r, new_r, moved_r)}
        if not targets:
            pass
        elif not old_rs and r_at_end:  # reasons added at the end
            for r in new_r:
                rs = on.get(r.target)
                if rs is None:
                    on[r.target] = [r]
                else:
                    rs.append(r)
        elif not new_r and not moved_r:  # reasons taken out
            gone = set(map(id, gone_r))
            for t in targets:
                rest = [r for r in on[t] if id(r) not in gone]
                if rest:
                    on[t] = rest
                else:
                    del on[t]
        elif r_in_place and all(a.id == b.id and a.target == b.target for a, b in zip(gone_r, new_r, strict=True)):
            swap = {id(a): b for a, b in zip(gone_r, new_r, strict=True)}  # replaced where they were
            for t in targets:
                on[t] = [swap.get(id(r), r) for r in on[t]]
        else:  # anything else: read the reasons on those targets again (at C speed)
            for t in targets:
                on.pop(t, None)
            # (from the list as laid out: it may hold an object the map replaced by an equal one)
            for r in compress(reason_list, map(targets.__contains__, map(attrgetter("target"), reason_list))):
                rs = on.get(r.target)
                if rs is None:
                    on[r.target] = [r]
                else:
                    rs.append(r)

        # which reasons name each premise
        users = self.users = memo.users
        for r in gone_r:
            for p in set(r.premises):
                rest = [u for u in users[p] if u != r.id]
                if rest:
                    users[p] = rest
                else:
                    del users[p]
        for r in new_r:
            for p in r.premises:
                us = users.get(p)
                if us is None:
                    users[p] = [r.id]
                else:
                    us.append(r.id)

        # the first trees: main conclusions, then claims no reason uses, in the map's order
        mains, free = self.mains, self.free = memo.mains, memo.free
        touched = gone_ids | new_ids
        for r in chain(gone_r, new_r):
            touched.update(r.premises)
        for x in chain(removed_c, added_c, removed_r, added_r):  # reasons whose target came or went
            for r in on.get(x, ()):
                touched.update(r.premises)
        new_mains = {c.id for c in new_c if c.main_conclusion}
        drop_m, drop_f, add_m, add_f = set(), set(), set(), set()
        for cid in touched:
            here = cid in sizes
            main = cid in new_mains if cid in new_ids else here and cid in mains  # (kept claims are the same)
            loose = here and not main and not any(
                reasons[u].target in sizes or reasons[u].target in reasons for u in users.get(cid, ()))
            if main != (cid in mains):
                (add_m if main else drop_m).add(cid)
            if loose != (cid in free):
                (add_f if loose else drop_f).add(cid)
        # Does any of them stand elsewhere in the order now?
        in_place = c_in_place and all(a.id == b.id for a, b in zip(gone_c, new_c, strict=True))
        appended = not old_cs and c_at_end
        if moved_c or (add_m or add_f) and not (appended and (add_m | add_f) <= new_ids) or (
                not in_place and any(cid in mains or cid in free for cid in replaced_c)):
            ids = list(map(attrgetter("id"), claim_list))
            keep = (mains.keys() - drop_m) | add_m
            self.mains = dict.fromkeys(compress(ids, map(keep.__contains__, ids)))
            keep = (free.keys() - drop_f) | add_f
            self.free = dict.fromkeys(compress(ids, map(keep.__contains__, ids)))
        else:  # taken out, or new claims at the end
            for cid in drop_m:
                del mains[cid]
            for cid in drop_f:
                del free[cid]
            for c in new_c:
                if c.id in add_m:
                    mains[c.id] = None
                if c.id in add_f:
                    free[c.id] = None

        # what must be built again: what changed, and everything above it
        dirty: set[str] = set()
        up = memo.up

        def climb(node: str | None) -> None:
            while node is not None and node not in dirty:
                dirty.add(node)
                node = up.get(node)

        for c in gone_c:  # taken out or changed
            climb(c.id)
        dirty.update(added_c)
        # A claim that appears under an id a reason already named (a dangling
        # premise put right): that reason draws it now. A claim that changed:
        # reasons showing a reference box to it redraw it.
        for cid in chain(added_c, replaced_c):
            for u in users.get(cid, ()):
                climb(u)
        for r in gone_r:  # where it hung before
            climb(r.id)
            climb(r.target)
        for r in new_r:
            climb(r.id)
            dirty.add(r.id)
            climb(r.target)  # where it hangs now
        for r in moved_r:  # its siblings stand in another order
            climb(r.target)
        # A claim named by more reasons or fewer, or that became or stopped being
        # a tree of its own: which reason draws it may change.
        for r in chain(gone_r, new_r):
            for p in r.premises:
                climb(p)
        for cid in chain(add_m, drop_m, add_f, drop_f):
            climb(cid)
        self.dirty = dirty
        self.removed_claims, self.removed_reasons = removed_c, removed_r
        self.old, self.up, self.at, self.old_tops = memo.nodes, up, memo.at, memo.tops
        for x in removed_c:
            up.pop(x, None)
        for x in removed_r:
            up.pop(x, None)
            self.old.pop(x, None)
            self.at.pop(x, None)
        self.exact = True
        return True

    # -- building the tree -------------------------------------------------
    # A claim that several reasons use is drawn under the first one met, and
    # shown by reference in the others, so which reason draws it depends on the
    # order the trees are walked in. A claim only one reason names, and that is
    # no tree of its own, can only be drawn under that reason. So while the
    # trees of the main conclusions and of the claims no reason uses are
    # walked, only claims of the first kind ("contested": the tops of trees
    # and premises named more than once) are tracked: a reused subtree is
    # checked against those alone, so reusing it costs nothing per box. What a
    # cycle keeps out of their reach, if anything, is walked with every claim
    # tracked ("full": see _go_full).

    def claim_node(self, cid: str, parent: str | None) -> _C:
        self.owned.add(cid)
        self.n_owned += 1
        if parent is None or cid in self.mains or cid in self.free or len(self.users.get(cid, ())) > 1:
            self.contested_order.append(cid)
        self.up[cid] = parent
        node = _C(cid)
        for r in self.on.get(cid, ()):
            if r.id not in self.placed_reasons:
                node.reasons.append(self.reason_node(r, cid))
            else:
                self.skipped_order.append(r.id)
        return node

    def reason_node(self, r: Reason, parent: str | None) -> _R:
        self.up[r.id] = parent
        old = self.old.get(r.id)
        if old is not None and self._reuse(old, r):
            self.n_owned += old.n_owned
            self.n_placed += old.n_placed
            self.contested_order.extend(old.contested)
            self.left_order.extend(old.left_to_others)
            self.skipped_order.extend(old.skipped)
            self.out.shared.extend(old.shared)
            return old
        starts = (self.n_owned, self.n_placed, len(self.contested_order), len(self.left_order),
                  len(self.skipped_order), len(self.out.shared))
        self.placed_reasons.add(r.id)
        self.n_placed += 1
        self.built.add(r.id)
        node = _R(r.id, r)
        size, owned = self.size, self.owned
        for p in r.premises:
            if p not in size:
                continue  # not on the map (validation reports it)
            if p not in owned:
                child = self.claim_node(p, r.id)
                node.premises.append(child)
                node.slots.append((p, child))
            else:
                node.slots.append((p, None))
                self.out.shared.append((p, r.id))
                self.left_order.append(p)
        for u in self.on.get(r.id, ()):
            if u.id not in self.placed_reasons:
                node.undercutters.append(self.reason_node(u, r.id))
            else:
                self.skipped_order.append(u.id)
        self.old[r.id] = node
        node.n_owned = self.n_owned - starts[0]
        node.n_placed = self.n_placed - starts[1]
        node.contested = self.contested_order[starts[2]:]
        node.left_to_others = self.left_order[starts[3]:]
        node.skipped = self.skipped_order[starts[4]:]
        node.shared = self.out.shared[starts[5]:]
        return node

    def _reuse(self, old: _R, r: Reason) -> bool:
        """Would building this reason again give exactly `old`? Only if nothing in
        it changed, it was kept whole, and the claims and reasons it left to
        others (or takes for itself) are drawn elsewhere as before. If so, its
        claims and reasons are counted as placed."""
        if old.obj is not r or r.id in self.dirty or old.contour is None:
            return False
        owned, placed = self.owned, self.placed_reasons
        if self.full:
            claims, reasons = self._drawn([old])
        elif old.skipped:
            return False  # (a cycle of undercutters: only ever met in full)
        else:
            claims, reasons = old.contested, ()
        if not owned.isdisjoint(claims) or not placed.isdisjoint(reasons):
            return False
        owned.update(claims)
        placed.update(reasons)
        if all(p in owned for p in old.left_to_others) and all(u in placed for u in old.skipped):
            return True
        owned.difference_update(claims)  # (they were disjoint: exactly as before)
        placed.difference_update(reasons)
        return False

    @staticmethod
    def _drawn(nodes: list[_C | _R]) -> tuple[set[str], set[str]]:
        """The claims and reasons drawn in these subtrees."""
        claims: set[str] = set()
        reasons: set[str] = set()
        stack = list(nodes)
        while stack:
            n = stack.pop()
            if isinstance(n, _C):
                claims.add(n.id)
                stack.extend(n.reasons)
            else:
                reasons.add(n.id)
                stack.extend(n.premises)
                stack.extend(n.undercutters)
        return claims, reasons

    def _go_full(self, trees: list[_C | _R]) -> None:
        """Track every claim and reason drawn from here on, starting with those of `trees`."""
        self.full = True
        self.owned, self.placed_reasons = self._drawn(trees)

    def roots(self) -> list[_C]:
        """The trees: main conclusions, then claims no reason uses as a premise,
        then whatever a cycle kept out of reach, each in the map's order."""
        trees = []
        for cid in chain(self.mains, self.free):
            if cid not in self.owned:
                trees.append(self.claim_node(cid, None))
        if self.n_owned < len(self.size):  # some claims are not drawn yet
            self._go_full(trees)
            for cid in map(attrgetter("id"), self.claim_list):
                if cid not in self.owned:
                    trees.append(self.claim_node(cid, None))
        return trees

    # -- measuring: subtrees packed by their contours, layer by layer -------------
    # Every reason group sits in a layer (the main conclusion is layer 0, the
    # reasons on it layer 1, the reasons on their premises layer 2, ...; an
    # undercutter shares its target's layer). A subtree's contour is its
    # leftmost and rightmost extent in each layer; siblings are pushed together
    # until their contours would touch, as in Reingold and Tilford's tidy trees.
    # So a subtree that grows only shifts what it would otherwise collide with,
    # and wide maps stay compact.

    def measure_c(self, n: _C, layer: int) -> _Contour:
        w, h = self.size[n.id]
        self._layer_height(layer, h)
        kids, offsets = self._pack([self.measure_r(r, layer + 1) for r in n.reasons])
        shift = self._centre_under(kids, w)
        n.offsets = [o + shift for o in offsets]
        kids.move(shift)
        kids.add_top(0.0, w)
        return kids

    def measure_r(self, n: _R, layer: int) -> _Contour:
        if n.contour is not None:  # reused whole from the previous layout: its shape is known
            self._layer_heights(layer, n.heights)
            return _Contour(n.contour[0][:], n.contour[1][:])
        slots = n.slots
        if slots:
            size = self.size
            total = tallest = 0.0
            for p, _ in slots:
                w, h = size[p]
                total += w
                if h > tallest:
                    tallest = h
            n.tallest = tallest
            n.group = group = total + GAP_PREMISES * (len(slots) - 1) + 2 * PAD
            own = tallest + 2 * PAD
        else:
            n.group = group = EMPTY_GROUP
            own = EMPTY_GROUP / 2
        hs = self.heights
        if layer >= len(hs):
            hs.extend([0.0] * (layer + 1 - len(hs)))
        if own > hs[layer]:
            hs[layer] = own
        children: list[_R] = []
        for p in n.premises:
            if p.reasons:
                children += p.reasons
        n.children = children
        if not children:
            kids = _Contour([0.0], [group])
            n.offsets = []
        else:
            if len(children) == 1:
                kids, offsets = self.measure_r(children[0], layer + 1), [0.0]
            else:
                kids, offsets = self._pack([self.measure_r(r, layer + 1) for r in children])
            s = kids.shift
            shift = group / 2 - (kids.l[-1] + s + kids.r[-1] + s) / 2  # centre their top row under the group
            n.offsets = [o + shift for o in offsets]
            kids.shift = s + shift
            kids.add_top(0.0, group)
        unders = n.undercutters
        if unders:
            n.under_offsets = under_offsets = []
            for u in unders:
                uc = self.measure_r(u, layer)
                off = kids.gap_to(uc, GAP_X)
                uc.shift += off
                under_offsets.append(off)
                kids = kids.merge(uc)
        else:
            n.under_offsets = []
        # Keep its shape for the next layout, unless it is too deep to copy cheaply.
        if len(kids.l) <= MEMO_DEPTH:
            heights = _heights_of([], children)
            if heights is not None:
                heights.append(own)
                heights = _heights_of(heights, unders)
            if heights is not None:
                s = kids.shift
                n.contour = (list(map(add, kids.l, repeat(s))), list(map(add, kids.r, repeat(s))))
                n.heights = heights
                return kids
        n.contour = n.heights = None
        return kids

    def _layer_height(self, layer: int, h: float) -> None:
        hs = self.heights
        if layer >= len(hs):
            hs.extend([0.0] * (layer + 1 - len(hs)))
        if h > hs[layer]:
            hs[layer] = h

    def _layer_heights(self, layer: int, heights: list[float]) -> None:
        """The tallest groups of a subtree whose top is in `layer` (its own top layer last)."""
        hs, end = self.heights, layer + len(heights)
        if end > len(hs):
            hs.extend([0.0] * (end - len(hs)))
        hs[layer:end] = map(max, hs[layer:end], reversed(heights))

    @staticmethod
    def _pack(contours: list[_Contour], gap: float = GAP_X) -> tuple[_Contour, list[float]]:
        """Sibling subtrees left to right, each as close as the ones before allow."""
        if not contours:
            return _Contour(), []
        acc, offsets = contours[0], [0.0]
        for c in contours[1:]:
            off = acc.gap_to(c, gap)
            c.move(off)
            offsets.append(off)
            acc = acc.merge(c)
        return acc, offsets

    @staticmethod
    def _centre_under(kids: _Contour, width: float) -> float:
        """The shift that centres the children's top row under a box of `width` at x = 0."""
        span = kids.top()
        return 0.0 if span is None else width / 2 - (span[0] + span[1]) / 2

    # -- placing ------------------------------------------------------------------

    def layer_tops(self) -> None:
        y = 0.0
        for layer, h in enumerate(self.heights or [0.0]):
            self.tops[layer] = y
            y += h + GAP_Y

    def _moves(self, n: _C, x: float, moves: dict[float, int]) -> None:
        """For the untouched subtrees below the rebuilt ones: how far each would move if the
        top claim were put at `x` (a dry run of placing, down to the reused nodes only)."""
        stack: list[tuple[_R, float, int]] = [(r, x + off, 1) for r, off in zip(n.reasons, n.offsets, strict=True)]
        while stack:
            r, rx, layer = stack.pop()
            if r.id not in self.built:
                old = self.at.get(r.id)
                if old is not None and old[1] == layer:
                    moves[rx - old[0]] = moves.get(rx - old[0], 0) + r.n_owned + 1
                continue
            stack.extend((c, rx + off, layer + 1) for c, off in zip(r.children, r.offsets, strict=True))
            stack.extend((u, rx + off, layer) for u, off in zip(r.undercutters, r.under_offsets, strict=True))

    def place_c(self, n: _C, x: float, layer: int) -> None:
        w, h = self.size[n.id]
        self.out.claims[n.id] = _box(Box, (x, self.tops[layer], w, h))
        self.drawn_claims.append(n.id)
        for r, off in zip(n.reasons, n.offsets, strict=True):
            self.place_r(r, x + off, layer + 1)

    def place_r(self, n: _R, x: float, layer: int) -> None:
        where = (x, layer)
        if self.same_tops and n.id not in self.built and self.at.get(n.id) == where:
            return  # reused and put where it was: its boxes, copied from before, are right
        self.at[n.id] = where
        self.drawn_groups.append(n.id)
        top = self.tops[layer]
        if n.slots:
            claims, size, drawn = self.out.claims, self.size, self.drawn_claims
            g = _box(Box, (x, top, n.group, n.tallest + 2 * PAD))
            px, y = x + PAD, top + PAD
            for p, child in n.slots:
                w, h = size[p]
                if child is not None:
                    claims[p] = _box(Box, (px, y, w, h))
                    drawn.append(p)
                else:
                    self.out.refs[(p, n.id)] = _box(Box, (px, y, w, h))
                px += w + GAP_PREMISES
        else:
            g = _box(Box, (x, top, EMPTY_GROUP, EMPTY_GROUP / 2))
        self.out.groups[n.id] = g
        for r, off in zip(n.children, n.offsets, strict=True):
            self.place_r(r, x + off, layer + 1)
        for u, off in zip(n.undercutters, n.under_offsets, strict=True):
            self.place_r(u, x + off, layer)

    def arrows(self) -> None:
        """An arrow from each group to its target claim, or for an undercutter to
        the middle of its target's arrow. After an edit that left the layers
        where they were, only the arrows whose ends may have moved."""
        before = self.before
        if not self.same_tops or before is None:
            self.out.arrows = self._arrows(self.reasons, {})
            self.redrawn = None
            return
        on = self.on
        todo = set(self.drawn_groups)
        add = todo.add
        for x in chain(self.drawn_claims, self.removed_claims, self.removed_reasons):
            rs = on.get(x)
            if rs is not None:
                for r in rs:
                    add(r.id)
        stack = list(filter(on.__contains__, todo))
        while stack:  # and the undercutters of those, whose arrows end on theirs
            for u in on[stack.pop()]:
                if u.id not in todo:
                    add(u.id)
                    if u.id in on:
                        stack.append(u.id)
        self.redrawn = todo
        arrows = self.out.arrows = dict(before.arrows)
        for rid in self.removed_reasons:
            arrows.pop(rid, None)
        done = self._arrows(todo, arrows)
        # (values replaced rather than keys taken out and put back: a dict
        # without holes is copied at C speed by the next layout)
        arrows.update(done)
        if len(done) < len(todo):
            for rid in todo - done.keys():
                arrows.pop(rid, None)

    def _arrows(self, todo, known: dict[str, tuple[Point, Point]]) -> dict[str, tuple[Point, Point]]:
        """The arrows of the reasons in `todo` (ids); those of the others are `known`."""
        groups, claims, reasons = self.out.groups, self.out.claims, self.reasons
        done: dict[str, tuple[Point, Point]] = {}
        failed: set[str] = set()  # no arrow: the target is not on the map, or a cycle of undercutters
        for rid in todo:
            if rid in done or rid in failed:
                continue
            t = claims.get(reasons[rid].target)
            if t is not None:  # (most are: on a claim)
                gx, gy, gw, _ = groups[rid]
                tx, ty, tw, th = t
                done[rid] = ((gx + gw / 2, gy), (tx + tw / 2, ty + th))
                continue
            path = [rid]
            while True:
                target = reasons[path[-1]].target
                t = claims.get(target)
                if t is not None:
                    tx, ty, tw, th = t
                    end = (tx + tw / 2, ty + th)
                    break
                a = done.get(target) if target in todo else known.get(target)
                if a is not None:
                    (x1, y1), (x2, y2) = a
                    end = ((x1 + x2) / 2, (y1 + y2) / 2)
                    break
                if target not in todo or target in failed or target in path or target not in groups:
                    end = None  # a target that is not on the map gets no arrow (validation reports it)
                    break
                path.append(target)
            for x in reversed(path):
                if end is None:
                    failed.add(x)
                    continue
                gx, gy, gw, _ = groups[x]
                start = (gx + gw / 2, gy)
                done[x] = (start, end)
                end = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
        return done

    def run(self) -> Layout:
        out = self.out
        with deep_recursion(len(self.claim_list) + len(self.reason_list)):
            roots = self.roots()
            trees: list[tuple[object, _Contour]] = [(t, self.measure_c(t, 0)) for t in roots]
            if self.n_placed < len(self.reasons):
                # reasons never reached from a claim (their target is missing)
                if not self.full:
                    self._go_full(roots)
                for r in self.reason_list:
                    if r.id not in self.placed_reasons:
                        node = self.reason_node(r, None)
                        trees.append((node, self.measure_r(node, 0)))
            self.layer_tops()
            before = self.before
            old_tops = self.old_tops if before is not None else None
            if old_tops is not None and all(old_tops.get(k, y) == y for k, y in self.tops.items()):
                # Every layer where it was (a layer added or dropped at the
                # bottom moves none): untouched subtrees that did not move keep
                # their boxes, and only the rest is placed again.
                self.same_tops = True
                out.claims, out.groups = dict(before.claims), dict(before.groups)
                for cid in self.removed_claims:
                    del out.claims[cid]
                for rid in self.removed_reasons:
                    del out.groups[rid]
                out.refs = dict(before.refs)  # those that are no longer wanted go below
            # each tree's extent, from its origin (its contour is changed by packing)
            extents = [(c.leftmost(), c.rightmost()) for _, c in trees]
            _, offsets = self._pack([c for _, c in trees], GAP_ROOTS)
            # a fresh drawing starts at x = 0
            shift = -min((lo + off for (lo, _), off in zip(extents, offsets, strict=True)), default=0.0)
            first = trees[0][0] if trees else None
            pinned = before.claims.get(first.id) if before is not None and isinstance(first, _C) else None
            if pinned is not None:
                # Keep what the edit did not touch where it was, as far as a tidy
                # tree allows (parents re-centre over a grown subtree, so one side
                # must move): the drawing may then extend leftwards instead of
                # shifting the whole map right.
                shift = pinned.x - offsets[0]
                # How far each untouched subtree would move with the top claim
                # kept in place; then move the whole by the most common of those
                # shifts (weighted by size), so the most boxes stay put.
                moves: dict[float, int] = {}
                self._moves(first, pinned.x, moves)
                if moves:
                    shift -= max(moves.items(), key=lambda kv: (kv[1], -abs(kv[0])))[0]
            for (node, _), off in zip(trees, offsets, strict=True):
                # contours were moved while packing: `off` is each tree's origin
                if isinstance(node, _C):
                    self.place_c(node, off + shift, 0)
                else:
                    self.place_r(node, off + shift, 0)
        if self.same_tops:
            wanted = set(out.shared)
            out.refs = {k: v for k, v in out.refs.items() if k in wanted}
        self.arrows()
        if self.redrawn is not None:
            out.placed = (self.drawn_claims, self.drawn_groups, self.redrawn)
        # The edges of the drawing: those of its trees (their contours hold every group and top claim).
        out.left = min((lo + off + shift for (lo, _), off in zip(extents, offsets, strict=True)), default=0.0)
        out.width = max((hi + off + shift for (_, hi), off in zip(extents, offsets, strict=True)), default=0.0)
        # The tallest box or group of each layer sets its bottom.
        out.height = max((self.tops[k] + h for k, h in enumerate(self.heights)), default=0.0)
        if self.exact:
            out.memo = _Memo(self.claim_list, self.reason_list, self.reasons, self.size, self.on, self.users,
                             self.mains, self.free, self.old, self.up, self.tops, self.at)
        return out


def layout(m: ArgumentMap, size: Callable[[str], tuple[float, float]], previous: Layout | None = None) -> Layout:
    """Positions for every claim, reason group and arrow; `size(claim_id)` gives a box's (width, height).

    With `previous` (the layout of this map before an edit), subtrees the edit
    did not touch are reused rather than built again: same result, less work.
    Then `size` is asked only about claims that are new or were replaced since
    `previous` (a claim's box keeps its size while its Claim object is the
    same): lay out without `previous` when the sizes change otherwise. The
    new layout takes over `previous.memo`, so `previous` is left with its
    boxes and arrows but is laid out afresh if passed as `previous` again.
    """
    return _Layouter(m, size, previous).run()
