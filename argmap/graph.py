"""The map as a graph, and the structural questions asked of it.

Claims and reasons are both nodes of one networkx DiGraph; edges run the way
an argument flows: premise -> reason -> target (a claim, or a reason for an
undercutter). Ids that point nowhere are left out of the graph; validation
reports them.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Literal

import networkx as nx

from argmap.model import ArgumentMap, Claim, Reason

Role = Literal["support", "objection", "rebuttal", "undercutter"]


class MapIndex:
    """Look-ups over one map, built once (the map must not change meanwhile)."""

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
    def _objection_nodes(self) -> set[str]:
        """Ids of objection reasons and their premises: what a rebuttal answers."""
        nodes: set[str] = set()
        for r in self.map.reasons:
            if r.kind == "objection":
                nodes.add(r.id)
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
    def _support_premises(self) -> set[str]:
        # A claim that is both an objection's premise and a support premise
        # elsewhere is attacked as a claim in its own right, not as a rebuttal.
        return {p for r in self.map.reasons if r.kind == "support" for p in r.premises}

    @cached_property
    def graph(self) -> nx.DiGraph:
        return to_digraph(self.map)


def to_digraph(m: ArgumentMap) -> nx.DiGraph:
    """premise -> reason -> target, over the ids that exist."""
    g = nx.DiGraph()
    g.add_nodes_from((c.id, {"kind": "claim"}) for c in m.claims)
    g.add_nodes_from((r.id, {"kind": "reason", "reason_kind": r.kind}) for r in m.reasons)
    edges = []
    for r in m.reasons:
        edges.extend((p, r.id) for p in r.premises if p in g and p != r.id)
        if r.target in g and r.target != r.id:
            edges.append((r.id, r.target))
    g.add_edges_from(edges)
    return g


def support_graph(m: ArgumentMap) -> nx.DiGraph:
    """Claim -> claim edges for every premise a support reason gives a claim."""
    claims = {c.id for c in m.claims}
    g = nx.DiGraph()
    g.add_nodes_from(claims)
    g.add_edges_from(
        (p, r.target)
        for r in m.reasons
        if r.kind == "support" and r.target in claims
        for p in r.premises
        if p in claims
    )
    return g


def support_cycles(m: ArgumentMap) -> list[list[str]]:
    """One cycle of support (claim ids in order) per knot of circular reasoning.

    Strongly connected components keep this linear; listing every cycle
    (nx.simple_cycles) can be exponential on a tangled map.
    """
    g = support_graph(m)
    cycles = []
    for component in nx.strongly_connected_components(g):
        if len(component) < 2:
            continue  # a claim supporting itself is reported on its own
        edges = nx.find_cycle(g.subgraph(component))
        cycles.append([u for u, _ in edges])
    cycles.sort(key=lambda c: c[0])
    return cycles


def reaching(g: nx.DiGraph, target: str) -> set[str]:
    """Every node with a path to `target`, and the target itself."""
    if target not in g:
        return set()
    return nx.ancestors(g, target) | {target}
