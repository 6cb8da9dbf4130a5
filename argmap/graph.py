"""The map as a graph, and the structural questions asked of it.

Claims and reasons are both nodes of one networkx DiGraph; edges run the way
an argument flows: premise -> reason -> target (a claim, or a reason for an
undercutter). Ids that point nowhere are left out of the graph; validation
reports them.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from argmap.model import ArgumentMap, Claim, Reason

if TYPE_CHECKING:  # networkx is imported where it is used: it takes a quarter of a second to load
    import networkx as nx

Role = Literal["support", "objection", "rebuttal", "undercutter"]


class MapIndex:
    """Look-ups over one map, built once (the map must not change meanwhile),
    or brought up to date after an edit by `patched`."""

    def __init__(self, m: ArgumentMap) -> None:
        self.map = m
        self.claims: dict[str, Claim] = {}
        for c in m.claims:
            self.claims.setdefault(c.id, c)
        self.reasons: dict[str, Reason] = {}
        for r in m.reasons:
            self.reasons.setdefault(r.id, r)
        # reasons bearing on each claim or reason id, in file order
        self.reasons_on: dict[str, list[Reason]] = defaultdict(list)
        # reasons each claim is a premise of
        self.premise_of: dict[str, list[Reason]] = defaultdict(list)
        for r in m.reasons:
            self.reasons_on[r.target].append(r)
            for p in dict.fromkeys(r.premises):
                self.premise_of[p].append(r)

    def exists(self, node_id: str) -> bool:
        return node_id in self.claims or node_id in self.reasons

    def supports(self, target_id: str) -> list[Reason]:
        return [r for r in self.reasons_on.get(target_id, ()) if r.kind == "support"]

    def objections(self, target_id: str) -> list[Reason]:
        return [r for r in self.reasons_on.get(target_id, ()) if r.kind == "objection"]

    def main_conclusions(self) -> list[Claim]:
        return [c for c in self.map.claims if c.main_conclusion]

    def is_conclusion(self, claim: Claim) -> bool:
        """The main conclusion, a flagged conclusion, or any claim a reason supports."""
        return claim.main_conclusion or claim.conclusion or bool(self.supports(claim.id))

    @cached_property
    def _objection_nodes(self) -> Counter[str]:
        """Ids of objection reasons and their premises: what a rebuttal answers
        (counted, so that `patched` can take a reason's share away again)."""
        nodes: Counter[str] = Counter()
        for r in self.map.reasons:
            if r.kind == "objection":
                nodes[r.id] += 1
                nodes.update(r.premises)
        return nodes

    def role(self, reason: Reason) -> Role:
        """What a reason does, in the words a course uses."""
        if reason.kind == "support":
            return "support"
        if reason.target in self.reasons:
            return "undercutter"
        if reason.target in self._objection_nodes and reason.target not in self._support_premises:
            return "rebuttal"
        return "objection"

    @cached_property
    def _support_premises(self) -> Counter[str]:
        # A claim that is both an objection's premise and a support premise
        # elsewhere is attacked as a claim in its own right, not as a rebuttal.
        return Counter(p for r in self.map.reasons if r.kind == "support" for p in r.premises)

    def leading_to(self, targets: list[str]) -> set[str]:
        """Ids of every claim and reason with a path to one of `targets` (and the targets).

        A walk backwards over premise -> reason -> target; the same set as
        networkx.ancestors on `graph`, without building the graph.
        """
        claims, reasons, reasons_on = self.claims, self.reasons, self.reasons_on
        reached = {t for t in targets if t in claims or t in reasons}
        stack = list(reached)
        while stack:
            node = stack.pop()
            for r in reasons_on.get(node, ()):
                if r.id not in reached and r.id != node:
                    reached.add(r.id)
                    stack.append(r.id)
            r = reasons.get(node)
            if r is not None:
                for p in r.premises:
                    if p not in reached and p != node and (p in claims or p in reasons):
                        reached.add(p)
                        stack.append(p)
        return reached

    def patched(self, gone_claims: Iterable[Claim], new_claims: Iterable[Claim], gone_reasons: Iterable[Reason],
                new_reasons: Iterable[Reason], position: Callable[[Reason], Any], claims_in_order: bool = True,
                reasons_in_order: bool = True) -> MapIndex:
        """The index of the same map after an edit, made from this one's tables in time
        that grows with the change; this index must not be used afterwards (it shares them).

        `gone_*` are the objects the edit took out of the map (the old version of one it
        replaced too), `new_*` those it put in; the map must have no duplicate ids.
        `position(reason)` sorts reasons in file order. The result is a new object, so
        that what is cached per index (the canvas's evaluation) is made again. Replaced
        ids keep their place in the `claims` and `reasons` dicts and new ones go last,
        which is file order when `claims_in_order` / `reasons_in_order` say the new ids
        were appended at the end of their list and nothing moved; otherwise that dict
        is made again from the map.
        """
        ix = MapIndex.__new__(MapIndex)
        ix.map = m = self.map
        gone_claims, new_claims = list(gone_claims), list(new_claims)
        gone_reasons, new_reasons = list(gone_reasons), list(new_reasons)
        ix.claims, ix.reasons = self.claims, self.reasons
        if claims_in_order:
            _replace(ix.claims, gone_claims, new_claims)
        else:
            ix.claims = {c.id: c for c in m.claims}
        if reasons_in_order:
            _replace(ix.reasons, gone_reasons, new_reasons)
        else:
            ix.reasons = {r.id: r for r in m.reasons}
        ix.reasons_on, ix.premise_of = self.reasons_on, self.premise_of
        for r in gone_reasons:
            _drop(ix.reasons_on, r.target, r)
            for p in dict.fromkeys(r.premises):
                _drop(ix.premise_of, p, r)
        for r in new_reasons:
            insort(ix.reasons_on[r.target], r, key=position)
            for p in dict.fromkeys(r.premises):
                insort(ix.premise_of[p], r, key=position)
        # The role tables are made only when asked for; kept up to date if they were.
        for name, kind in (("_objection_nodes", "objection"), ("_support_premises", "support")):
            counter = self.__dict__.get(name)
            if counter is None:
                continue
            for sign, reasons in ((-1, gone_reasons), (1, new_reasons)):
                for r in reasons:
                    if r.kind == kind:
                        for n in (r.id, *r.premises) if kind == "objection" else r.premises:
                            counter[n] += sign
                            if counter[n] <= 0:
                                del counter[n]
            ix.__dict__[name] = counter
        return ix


def _replace(table: dict[str, Any], gone: Iterable[Any], new: list[Any]) -> None:
    """Take `gone` out of an id table and put `new` in; a replaced id keeps its place."""
    kept = {x.id for x in new}
    for x in gone:
        if x.id not in kept and table.get(x.id) is x:
            del table[x.id]
    for x in new:
        table[x.id] = x


def _drop(table: dict[str, list[Reason]], key: str, r: Reason) -> None:
    """Take `r` itself (not an equal reason) out of table[key]."""
    items = table.get(key)
    if items is None:
        return
    for i, x in enumerate(items):
        if x is r:
            del items[i]
            break
    if not items:
        del table[key]

def to_digraph(m: ArgumentMap) -> nx.DiGraph:
    """premise -> reason -> target, over the ids that exist."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(c.id for c in m.claims)
    g.add_nodes_from(r.id for r in m.reasons)
    edges = []
    for r in m.reasons:
        edges.extend((p, r.id) for p in r.premises if p in g and p != r.id)
        if r.target in g and r.target != r.id:
            edges.append((r.id, r.target))
    g.add_edges_from(edges)
    return g


def support_edges(m: ArgumentMap) -> dict[str, list[str]]:
    """premise -> [claims it is given as support for], over existing claims, in file order."""
    claims = {c.id for c in m.claims}
    succ: dict[str, dict[str, None]] = {}
    for r in m.reasons:
        if r.kind != "support" or r.target not in claims:
            continue
        for p in r.premises:
            if p in claims:
                succ.setdefault(p, {})[r.target] = None  # a dict keeps order; a set would not
    return {p: list(targets) for p, targets in succ.items()}


@dataclass(frozen=True)
class Knot:
    """Claims that support each other in a circle (a strongly connected part)."""

    cycle: list[str]  # one circle through the knot, from the claim met first in the file
    claims: list[str]  # every claim caught in the knot, in file order


def support_knots(m: ArgumentMap) -> list[Knot]:
    """The knots of circular reasoning, each with one circle to show a student.

    Peeling off claims with no incoming support (Kahn's algorithm) leaves
    only the claims on or after a cycle, so networkx's strongly connected
    components run on that remainder, usually empty, rather than on the whole
    map. Listing every cycle (nx.simple_cycles) could take exponential time.
    """
    succ = support_edges(m)
    indegree: dict[str, int] = {}
    for p, targets in succ.items():
        for t in targets:
            if t != p:  # a claim supporting itself is reported on its own
                indegree[t] = indegree.get(t, 0) + 1
    ready = [p for p in succ if indegree.get(p, 0) == 0]
    while ready:
        node = ready.pop()
        for t in succ.get(node, ()):
            if t != node:
                indegree[t] -= 1
                if indegree[t] == 0:
                    ready.append(t)
    knotted = {n for n, d in indegree.items() if d > 0}
    if not knotted:
        return []
    import networkx as nx

    order = {c.id: i for i, c in enumerate(m.claims)}
    g = nx.DiGraph()
    for p in sorted(knotted, key=order.__getitem__):
        g.add_edges_from((p, t) for t in succ.get(p, ()) if t in knotted and t != p)
    knots = []
    for component in nx.strongly_connected_components(g):
        if len(component) < 2:
            continue
        members = sorted(component, key=order.__getitem__)
        knots.append(Knot(_circle_through(g, members[0], component), members))
    knots.sort(key=lambda k: order[k.claims[0]])
    return knots


def _circle_through(g: nx.DiGraph, start: str, within: set[str]) -> list[str]:
    """The shortest circle from `start` back to itself (breadth-first, in edge order)."""
    parent: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in g.successors(node):
            if nxt not in within:
                continue
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(parent[path[-1]])
                return path[::-1]
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return [start]


def support_cycles(m: ArgumentMap) -> list[list[str]]:
    """One circle of support (claim ids in order) per knot of circular reasoning."""
    return [k.cycle for k in support_knots(m)]


def reaching(g: nx.DiGraph, target: str) -> set[str]:
    """Every node with a path to `target`, and the target itself."""
    import networkx as nx

    if target not in g:
        return set()
    return nx.ancestors(g, target) | {target}
