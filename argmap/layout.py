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
5,000 claims; grandalf overlaps, igraph ignores box widths. Here: about 10 ms
for 1,000 claims and 100 ms for 5,000; adding a reason under a random claim
of a 1,000-claim map moves a median of 2 % of the boxes (all of them in the
worst case, when the growth reaches the top row).

Groups sit in layers and sibling subtrees are packed by their contours, so
boxes never overlap and a growing subtree only pushes what it would touch. A
claim used as a premise by several reasons (or caught in a cycle) is drawn
once, under the first reason met; the others get a link from it
(`Layout.shared`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from argmap.model import ArgumentMap, Reason
from argmap.runtime import deep_recursion

GAP_X = 28.0  # between sibling subtrees
GAP_PREMISES = 14.0  # between co-premises in one group
PAD = 10.0  # inside a group, around its premises
GAP_Y = 60.0  # room for the arrow between a group and its target
GAP_ROOTS = 80.0  # between separate trees
EMPTY_GROUP = 36.0  # a reason whose premises are all drawn elsewhere


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


@dataclass
class Layout:
    claims: dict[str, Box] = field(default_factory=dict)
    groups: dict[str, Box] = field(default_factory=dict)  # reason id -> box around its premises
    arrows: dict[str, tuple[Point, Point]] = field(default_factory=dict)  # reason id -> (from, to)
    shared: list[tuple[str, str]] = field(default_factory=list)  # (claim id, reason id) drawn as an extra link
    width: float = 0.0
    height: float = 0.0


class _Contour:
    """Leftmost and rightmost x of a subtree in each layer.

    Values are stored relative to `shift` so moving a subtree is O(1), and
    merging folds the smaller contour into the larger, so a long chain of
    reasons costs O(n) rather than O(n^2).
    """

    __slots__ = ("d", "shift")

    def __init__(self) -> None:
        self.d: dict[int, tuple[float, float]] = {}
        self.shift = 0.0

    def get(self, layer: int) -> tuple[float, float] | None:
        v = self.d.get(layer)
        return None if v is None else (v[0] + self.shift, v[1] + self.shift)

    def add(self, layer: int, left: float, right: float) -> None:
        v = self.d.get(layer)
        s = self.shift
        if v is None:
            self.d[layer] = (left - s, right - s)
        else:
            self.d[layer] = (min(v[0], left - s), max(v[1], right - s))

    def move(self, dx: float) -> None:
        self.shift += dx

    def leftmost(self) -> float:
        return min(v[0] for v in self.d.values()) + self.shift if self.d else 0.0

    def gap_to(self, other: _Contour, gap: float) -> float:
        """How far `other` must move right to clear this contour by `gap` in every shared layer."""
        small, large = (other, self) if len(other.d) <= len(self.d) else (self, other)
        need = None
        for layer in small.d:
            if layer in large.d:
                a, b = self.get(layer), other.get(layer)
                n = a[1] + gap - b[0]
                need = n if need is None or n > need else need
        if need is None:  # nothing shared: simply to the right of everything
            right = max(v[1] for v in self.d.values()) + self.shift if self.d else 0.0
            need = right + gap - other.leftmost()
        return need

    def merge(self, other: _Contour) -> _Contour:
        big, small = (self, other) if len(self.d) >= len(other.d) else (other, self)
        for layer, (a, b) in small.d.items():
            big.add(layer, a + small.shift, b + small.shift)
        return big


@dataclass
class _C:
    id: str
    reasons: list[_R] = field(default_factory=list)
    offsets: list[float] = field(default_factory=list)  # x of each reason below, from the box's left


@dataclass
class _R:
    id: str
    premises: list[_C] = field(default_factory=list)
    undercutters: list[_R] = field(default_factory=list)
    layer: int = 0
    tallest: float = 0.0  # height of its tallest premise
    children: list[_R] = field(default_factory=list)  # the reasons on its premises, in order
    group: float = 0.0  # width of the frame around its premises
    offsets: list[float] = field(default_factory=list)  # x of the reasons on its premises, from its left
    under_offsets: list[float] = field(default_factory=list)  # x of its undercutters, from its left


class _Layouter:
    def __init__(self, m: ArgumentMap, size: Callable[[str], tuple[float, float]]) -> None:
        self.m = m
        self.size = {c.id: size(c.id) for c in m.claims}
        self.reasons = {r.id: r for r in m.reasons}
        self.on: dict[str, list[Reason]] = {}
        for r in m.reasons:
            self.on.setdefault(r.target, []).append(r)
        self.owned: set[str] = set()  # claims placed in the tree so far
        self.placed_reasons: set[str] = set()
        self.heights: dict[int, float] = {}  # tallest group in each layer
        self.tops: dict[int, float] = {}  # y of each layer
        self.out = Layout()

    # -- building the tree -------------------------------------------------

    def claim_node(self, cid: str) -> _C:
        self.owned.add(cid)
        node = _C(cid)
        for r in self.on.get(cid, ()):
            if r.id not in self.placed_reasons:
                node.reasons.append(self.reason_node(r))
        return node

    def reason_node(self, r: Reason) -> _R:
        self.placed_reasons.add(r.id)
        node = _R(r.id)
        for p in r.premises:
            if p in self.size and p not in self.owned:
                node.premises.append(self.claim_node(p))
            elif p in self.size:
                self.out.shared.append((p, r.id))
        for u in self.on.get(r.id, ()):
            if u.id not in self.placed_reasons:
                node.undercutters.append(self.reason_node(u))
        return node

    def roots(self) -> list[_C]:
        used_as_premise = {p for r in self.m.reasons for p in r.premises if r.target in self.size or r.target in self.reasons}
        order = [c.id for c in self.m.claims if c.main_conclusion]
        order += [c.id for c in self.m.claims if not c.main_conclusion and c.id not in used_as_premise]
        order += [c.id for c in self.m.claims]  # whatever a cycle kept out of reach
        trees = []
        for cid in order:
            if cid not in self.owned:
                trees.append(self.claim_node(cid))
        # reasons whose target is missing hang from nothing: draw them as trees too
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
        shift = self._centre_under(kids, layer + 1, w)
        n.offsets = [o + shift for o in offsets]
        kids.move(shift)
        kids.add(layer, 0.0, w)
        return kids

    def measure_r(self, n: _R, layer: int) -> _Contour:
        n.layer = layer
        if n.premises:
            n.tallest = max(self.size[p.id][1] for p in n.premises)
            n.group = self._group_width(n)
            self._layer_height(layer, n.tallest + 2 * PAD)
        else:
            n.group = EMPTY_GROUP
            self._layer_height(layer, EMPTY_GROUP / 2)
        n.children = [r for p in n.premises for r in p.reasons]
        kids, offsets = self._pack([self.measure_r(r, layer + 1) for r in n.children])
        shift = self._centre_under(kids, layer + 1, n.group)
        n.offsets = [o + shift for o in offsets]
        kids.move(shift)
        kids.add(layer, 0.0, n.group)
        n.under_offsets = []
        for u in n.undercutters:
            uc = self.measure_r(u, layer)
            off = kids.gap_to(uc, GAP_X)
            uc.move(off)
            n.under_offsets.append(off)
            kids = kids.merge(uc)
        return kids

    def _layer_height(self, layer: int, h: float) -> None:
        if h > self.heights.get(layer, 0.0):
            self.heights[layer] = h

    def _group_width(self, n: _R) -> float:
        return sum(self.size[p.id][0] for p in n.premises) + GAP_PREMISES * (len(n.premises) - 1) + 2 * PAD

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
    def _centre_under(kids: _Contour, layer: int, width: float) -> float:
        """The shift that centres the children's top row under a box of `width` at x = 0."""
        span = kids.get(layer)
        return 0.0 if span is None else width / 2 - (span[0] + span[1]) / 2

    # -- placing ------------------------------------------------------------------

    def layer_tops(self) -> None:
        y = 0.0
        for layer in range(max(self.heights, default=0) + 1):
            self.tops[layer] = y
            y += self.heights.get(layer, 0.0) + GAP_Y

    def place_c(self, n: _C, x: float) -> None:
        w, h = self.size[n.id]
        self.out.claims[n.id] = Box(x, self.tops[0], w, h)
        self.out.height = max(self.out.height, self.tops[0] + h)
        for r, off in zip(n.reasons, n.offsets, strict=True):
            self.place_r(r, x + off)

    def place_r(self, n: _R, x: float) -> None:
        top = self.tops[n.layer]
        if n.premises:
            g = Box(x, top, n.group, n.tallest + 2 * PAD)
            px = x + PAD
            for p in n.premises:
                w, h = self.size[p.id]
                self.out.claims[p.id] = Box(px, top + PAD, w, h)
                px += w + GAP_PREMISES
        else:
            g = Box(x, top, EMPTY_GROUP, EMPTY_GROUP / 2)
        self.out.groups[n.id] = g
        self.out.height = max(self.out.height, g.bottom)
        for r, off in zip(n.children, n.offsets, strict=True):
            self.place_r(r, x + off)
        for u, off in zip(n.undercutters, n.under_offsets, strict=True):
            self.place_r(u, x + off)

    def arrows(self) -> None:
        # Reasons on claims first: an undercutter's arrow ends on theirs.
        pending = [r for r in self.m.reasons if r.id in self.out.groups]
        done: dict[str, tuple[Point, Point]] = {}
        for _ in range(len(pending) + 1):
            rest = []
            for r in pending:
                g = self.out.groups[r.id]
                start = (g.centre_x, g.y)
                if r.target in self.out.claims:
                    t = self.out.claims[r.target]
                    done[r.id] = (start, (t.centre_x, t.bottom))
                elif r.target in done:
                    (x1, y1), (x2, y2) = done[r.target]
                    done[r.id] = (start, ((x1 + x2) / 2, (y1 + y2) / 2))
                elif r.target in self.out.groups:
                    rest.append(r)
                # a target that is not on the map gets no arrow (validation reports it)
            if not rest:
                break
            pending = rest
        self.out.arrows = done

    def run(self) -> Layout:
        with deep_recursion(len(self.m.claims) + len(self.m.reasons)):
            trees: list[tuple[object, _Contour]] = [(t, self.measure_c(t, 0)) for t in self.roots()]
            # reasons never reached from a claim (their target is missing)
            for r in self.m.reasons:
                if r.id not in self.placed_reasons:
                    node = self.reason_node(r)
                    trees.append((node, self.measure_r(node, 0)))
            self.layer_tops()
            _, offsets = self._pack([c for _, c in trees], GAP_ROOTS)
            left = min((c.leftmost() for _, c in trees), default=0.0)
            for (node, _), off in zip(trees, offsets, strict=True):
                # contours were moved while packing: `off` is each tree's origin
                if isinstance(node, _C):
                    self.place_c(node, off - left)
                else:
                    self.place_r(node, off - left)
        self.arrows()
        self.out.width = max((b.right for b in self.out.claims.values()), default=0.0)
        self.out.width = max([self.out.width, *(g.right for g in self.out.groups.values())])
        return self.out


def layout(m: ArgumentMap, size: Callable[[str], tuple[float, float]]) -> Layout:
    """Positions for every claim, reason group and arrow; `size(claim_id)` gives a box's (width, height)."""
    return _Layouter(m, size).run()
