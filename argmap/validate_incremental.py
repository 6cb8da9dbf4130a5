"""Findings kept up to date edit by edit: exactly the list validate() gives
(same findings, same order), in time that grows with what an edit touched
rather than with the map.

Edits replace claims and reasons rather than change them in place, so
comparing the map's lists with the ones seen last time, object by object,
tells what an edit took out and put in; the common head and tail of each list
are skipped at C speed. From that, only the checks whose answer can have
changed run again:

- a check of one claim or reason is cached under a position key that sorts
  like the file. A reason's messages name its target and premises and, for a
  reason among those, what that reason bears on, so a change reaches the
  reasons two steps out;
- duplicate reasons are grouped by what they say; only touched groups are redone;
- circles of support are looked for again only when a changed support link
  lies inside a known circle or closes a new one (a walk up from its target);
- what leads to the main conclusion is kept as a set: what hung below a link
  taken out is taken out, then everything that still has a way up (or a new
  link) is walked in again. The loose parts are regrouped only where
  something changed;
- the rules about the main conclusions and the quotations are cheap and always rerun.

A map with a duplicate id, or an edit that changes a large share of the map,
gets a full validate() instead.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, count
from operator import is_, is_not
from typing import Any

from argmap.anchors import Anchor
from argmap.graph import MapIndex, support_knots
from argmap.model import ArgumentMap, Claim, Reason
from argmap.runtime import gc_paused
from argmap.validate import Finding, Severity, _Checker, validate

# Position keys are spaced out so that what an edit inserts fits between its
# neighbours; when a gap runs out the whole map is numbered again (a full pass).
_STEP = 1 << 32
# An edit that changes more than this share of the map is cheaper to check afresh.
_LARGE_SHARE = 4
_LARGE_MIN = 200


class _Restart(Exception):
    """The change cannot be patched in (duplicate ids, no room between keys, too large)."""


class _Column:
    """One rule's findings per claim or reason, in file order of their position keys."""

    __slots__ = ("found", "keys", "_flat")

    def __init__(self, found: dict[int, tuple[Finding, ...]]) -> None:
        self.found = found
        self.keys = sorted(found)
        self._flat: list[Finding] | None = None

    def set(self, key: int, findings: tuple[Finding, ...]) -> None:
        old = self.found.get(key)
        if findings:
            if old is None:
                insort(self.keys, key)
            elif old == findings:
                return
            self.found[key] = findings
        elif old is not None:
            del self.found[key]
            del self.keys[bisect_left(self.keys, key)]
        else:
            return
        self._flat = None

    def flat(self) -> list[Finding]:
        if self._flat is None:
            self._flat = list(chain.from_iterable(map(self.found.__getitem__, self.keys)))
        return self._flat


@dataclass
class _Part:
    """A connected part of what does not lead to the main conclusion."""

    nodes: set[str]
    first: tuple[int, int]  # the position of its first claim or reason
    finding: Finding | None


@dataclass
class _Change:
    """How one list (claims or reasons) differs from the one seen last time."""

    gone: list[Any]  # objects taken out (a moved one counts as taken out and put in)
    new: list[Any]  # objects put in, in list order
    runs: list[tuple[Any, list[Any], Any]]  # (object before or None, new objects, object after or None)
    moved: bool
    span: tuple[int, int, list[Any]]  # old[start:stop] became this part of the new list

    def apply_to(self, old: list[Any]) -> None:
        start, stop, mid = self.span
        old[start:stop] = mid


def _diff(old: list[Any], new: list[Any]) -> _Change | None:
    n = min(len(old), len(new))
    head = next(compress(count(), map(is_not, old, new)), n)
    if head == len(old) == len(new):
        return None
    tail = min(next(compress(count(), map(is_not, reversed(old), reversed(new))), n), n - head)
    old_mid, new_mid = old[head:len(old) - tail], new[head:len(new) - tail]
    in_old, in_new = {id(x) for x in old_mid}, {id(x) for x in new_mid}
    kept_old = [x for x in old_mid if id(x) in in_new]
    kept_new = [x for x in new_mid if id(x) in in_old]
    if len(kept_old) != len(kept_new) or len(in_old) != len(old_mid) or len(in_new) != len(new_mid):
        raise _Restart  # one object twice in a list: a duplicate id
    moved: list[Any] = []
    if not all(map(is_, kept_old, kept_new)):  # the same objects in another order
        a = next(compress(count(), map(is_not, kept_old, kept_new)))
        b = len(kept_old) - 1 - next(compress(count(), map(is_not, reversed(kept_old), reversed(kept_new))))
        if kept_old[a] is kept_new[b] and all(map(is_, kept_old[a + 1:b + 1], kept_new[a:b])):
            moved = [kept_old[a]]  # one object moved later
        elif kept_old[b] is kept_new[a] and all(map(is_, kept_old[a:b], kept_new[a + 1:b + 1])):
            moved = [kept_new[a]]  # one object moved earlier
        else:
            moved = kept_new[a:b + 1]
    fresh = in_new - in_old | {id(x) for x in moved}
    gone = [x for x in old_mid if id(x) not in in_new] + moved
    added = [x for x in new_mid if id(x) in fresh]
    runs: list[tuple[Any, list[Any], Any]] = []
    before, run = (new[head - 1] if head else None), []
    for x in new_mid:
        if id(x) in fresh:
            run.append(x)
        else:
            if run:
                runs.append((before, run, x))
                run = []
            before = x
    if run:
        runs.append((before, run, new[len(new) - tail] if tail else None))
    return _Change(gone, added, runs, bool(moved), (head, len(old) - tail, new_mid))


def _new_keys(change: _Change, pos: dict[str, int]) -> dict[str, int]:
    """Position keys for the objects an edit put in, between those of their neighbours."""
    keys: dict[str, int] = {}
    for before, items, after in change.runs:
        lo = pos[before.id] if before is not None else None
        hi = pos[after.id] if after is not None else None
        k = len(items)
        if lo is None and hi is None:
            values = range(0, k * _STEP, _STEP)
        elif hi is None:
            values = range(lo + _STEP, lo + (k + 1) * _STEP, _STEP)
        elif lo is None:
            values = range(hi - k * _STEP, hi, _STEP)
        else:
            step = (hi - lo) // (k + 1)
            if step == 0:
                raise _Restart
            values = range(lo + step, lo + (k + 1) * step, step)
        keys.update(zip((x.id for x in items), values, strict=True))
    return keys


def _group_key(r: Reason) -> tuple[str, str, frozenset[str]]:
    return (r.kind, r.target, frozenset(r.premises))


def _split(findings: Iterable[Finding]) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    """A reason's findings as (errors, warnings): validate() sorts them apart."""
    found = tuple(findings)
    if all(f.severity is Severity.ERROR for f in found):
        return found, ()
    return (tuple(f for f in found if f.severity is Severity.ERROR),
            tuple(f for f in found if f.severity is not Severity.ERROR))


class IncrementalValidation:
    """validate() of one map, brought up to date after each edit by `update()`.

    `findings` is what validate(map, source_text, index, anchors) gives and
    `index` a MapIndex of the map as it is now (a new object per update).
    """

    def __init__(self, m: ArgumentMap, source_text: str | None = None,
                 anchors: tuple[dict[str, Anchor], list[str]] | None = None) -> None:
        self.map = m
        with gc_paused():
            self._rebuild(source_text, anchors)

    def update(self, source_text: str | None = None,
               anchors: tuple[dict[str, Anchor], list[str]] | None = None) -> list[Finding]:
        """The findings after the map changed (any number of edits since the last call)."""
        with gc_paused():
            if self._dups:
                self._rebuild(source_text, anchors)
            else:
                try:
                    self._patch(source_text, anchors)
                except _Restart:
                    self._rebuild(source_text, anchors)
        return self.findings

    # -- a full pass ---------------------------------------------------------------

    def _rebuild(self, text: str | None, anchors: tuple[dict[str, Anchor], list[str]] | None) -> None:
        m = self.map
        if text is None and m.source is not None:
            text = m.source.text
        self._claims, self._reasons = list(m.claims), list(m.reasons)
        self.index = ix = MapIndex(m)
        self._dups = (len(ix.claims) + len(ix.reasons) != len(m.claims) + len(m.reasons)
                      or not ix.claims.keys().isdisjoint(ix.reasons.keys()))
        if self._dups:  # which of two claims with one id is meant is a question for the full rules
            self.findings = validate(m, text, ix, anchors)
            return
        self._cpos = cpos = {c.id: i * _STEP for i, c in enumerate(m.claims)}
        self._rpos = rpos = {r.id: i * _STEP for i, r in enumerate(m.reasons)}
        chk = _Checker(m, text, ix, anchors)
        self._mains = {c.id for c in m.claims if c.main_conclusion}
        self._empty = _Column(self._by_item(chk.empty_claims(), cpos, claim=True))
        self._concl = _Column(self._by_item(chk.conclusions_have_reasons(), cpos, claim=True))
        errors, warnings = _split(chk.reasons_are_well_formed())
        self._form_e = _Column(self._by_item(errors, rpos))
        self._form_w = _Column(self._by_item(warnings, rpos))
        self._single = _Column(self._by_item(chk.single_premises(), rpos))
        self._groups: dict[tuple[str, str, frozenset[str]], list[str]] = {}
        for r in m.reasons:
            self._groups.setdefault(_group_key(r), []).append(r.id)
        dups: dict[int, tuple[Finding, ...]] = {}
        for ids in self._groups.values():
            if len(ids) > 1:
                first = ix.reasons[ids[0]]
                for rid in ids[1:]:
                    r = ix.reasons[rid]
                    if r.premises:
                        dups[rpos[rid]] = (chk.duplicate_reason(first, r),)
        self._dup = _Column(dups)
        self._redo_knots(chk)
        self._reached: set[str] = ix.leading_to(list(self._mains)) if self._mains else set()
        self._regroup_all(chk)
        self.findings = self._assemble(chk)

    @staticmethod
    def _by_item(findings: Iterable[Finding], pos: dict[str, int], claim: bool = False) -> dict[int, tuple[Finding, ...]]:
        """Findings of a rule that runs item by item, under their item's key."""
        out: dict[int, list[Finding]] = {}
        for f in findings:
            out.setdefault(pos[f.claim_ids[0] if claim else f.reason_ids[0]], []).append(f)
        return {k: tuple(v) for k, v in out.items()}

    # -- an edit ---------------------------------------------------------------------

    def _patch(self, text: str | None, anchors: tuple[dict[str, Anchor], list[str]] | None) -> None:
        m = self.map
        if text is None and m.source is not None:
            text = m.source.text
        dc, dr = _diff(self._claims, m.claims), _diff(self._reasons, m.reasons)
        gone_c, new_c = (dc.gone, dc.new) if dc else ([], [])
        gone_r, new_r = (dr.gone, dr.new) if dr else ([], [])
        size = len(m.claims) + len(m.reasons)
        if len(gone_c) + len(new_c) + len(gone_r) + len(new_r) > max(_LARGE_MIN, size // _LARGE_SHARE):
            raise _Restart
        cpos, rpos = self._cpos, self._rpos
        gone_ids = {x.id for x in chain(gone_c, gone_r)}
        seen: set[str] = set()
        for x in chain(new_c, new_r):
            if x.id in seen or ((x.id in cpos or x.id in rpos) and x.id not in gone_ids):
                raise _Restart  # a duplicate id
            seen.add(x.id)
        new_ckeys = _new_keys(dc, cpos) if dc else {}
        new_rkeys = _new_keys(dr, rpos) if dr else {}
        # Nothing has changed yet; from here on the state is brought up to date.
        if dc:
            dc.apply_to(self._claims)
        if dr:
            dr.apply_to(self._reasons)
        old_ckeys = {c.id: cpos.pop(c.id) for c in gone_c}
        old_rkeys = {r.id: rpos.pop(r.id) for r in gone_r}
        cpos.update(new_ckeys)
        rpos.update(new_rkeys)
        gone_cids, new_cids = {c.id for c in gone_c}, {c.id for c in new_c}
        gone_rids, new_rids = {r.id for r in gone_r}, {r.id for r in new_r}
        self.index = ix = self.index.patched(
            gone_c, new_c, gone_r, new_r, lambda r: rpos[r.id],
            claims_in_order=self._appended(dc, m.claims, gone_cids),
            reasons_in_order=self._appended(dr, m.reasons, gone_rids))
        chk = _Checker(m, text, ix, anchors)
        changed = gone_ids | seen
        vanished = (gone_cids - new_cids) | (gone_rids - new_rids)
        appeared = (new_cids - gone_cids) | (new_rids - gone_rids)
        mains_before = set(self._mains)
        self._mains.difference_update(c.id for c in gone_c if c.main_conclusion)
        self._mains.update(c.id for c in new_c if c.main_conclusion)

        # What the items taken out said goes.
        for c in gone_c:
            k = old_ckeys[c.id]
            self._empty.set(k, ())
            self._concl.set(k, ())
        for r in gone_r:
            k = old_rkeys[r.id]
            for column in (self._form_e, self._form_w, self._single, self._dup):
                column.set(k, ())
            group = self._groups[key := _group_key(r)]
            group.remove(r.id)
            if not group:
                del self._groups[key]
        for r in new_r:
            insort(self._groups.setdefault(_group_key(r), []), r.id, key=rpos.__getitem__)

        # A claim's own checks read its text and flags and the reasons bearing on it.
        for cid in {*new_cids, *(r.target for r in chain(gone_r, new_r))}:
            c = ix.claims.get(cid)
            if c is not None:
                k = cpos[cid]
                self._empty.set(k, tuple(chk.empty_claim(c)))
                self._concl.set(k, tuple(chk.conclusion_has_reasons(c)))

        # A reason's checks read its target and premises and, for a reason among
        # those, what it bears on: recheck the reasons naming a changed id, or
        # naming a reason that bears on one.
        on, premise_of = ix.reasons_on, ix.premise_of
        named = set(changed)
        for x in changed:
            named.update(y.id for y in on.get(x, ()))
        dirty = set(new_rids)
        for y in named:
            dirty.update(r.id for r in on.get(y, ()))
            dirty.update(r.id for r in premise_of.get(y, ()))
        for rid in dirty:
            r, k = ix.reasons[rid], rpos[rid]
            errors, warnings = _split(chk.reason_is_well_formed(r))
            self._form_e.set(k, errors)
            self._form_w.set(k, warnings)
            self._single.set(k, tuple(chk.single_premise(r)))
        for key in {*(_group_key(r) for r in gone_r), *(_group_key(ix.reasons[rid]) for rid in dirty)}:
            ids = self._groups.get(key)
            if ids:
                first = ix.reasons[ids[0]]
                self._dup.set(rpos[ids[0]], ())
                for rid in ids[1:]:
                    r = ix.reasons[rid]
                    self._dup.set(rpos[rid], (chk.duplicate_reason(first, r),) if r.premises else ())

        if self._knots_changed(gone_c, new_c, gone_r, new_r, appeared):
            self._redo_knots(chk)
        self._update_reach(chk, changed, gone_r, new_r, vanished, appeared, mains_before)
        self.findings = self._assemble(chk)

    @staticmethod
    def _appended(change: _Change | None, items: list[Any], replaced: set[str]) -> bool:
        """Whether the ids new to the map were appended at the end, in order, and nothing moved:
        then an id table that keeps replaced ids in place is still in file order."""
        if change is None:
            return True
        if change.moved:
            return False
        fresh = [x for x in change.new if x.id not in replaced]
        return not fresh or all(map(is_, fresh, items[len(items) - len(fresh):]))

    # -- circles of support -------------------------------------------------------------

    def _redo_knots(self, chk: _Checker) -> None:
        knots = support_knots(self.map)
        self._knots = list(chk.circular_reasoning(knots))
        self._knot_of = {c: i for i, k in enumerate(knots) for c in k.claims}

    def _knots_changed(self, gone_c: list[Claim], new_c: list[Claim], gone_r: list[Reason], new_r: list[Reason],
                       appeared: set[str]) -> bool:
        """Whether the circles (or how they are described) may have changed.

        Circles split only where a link inside one goes, and form only where a
        new link closes one; a changed claim or reason inside a circle changes
        its message.
        """
        knot_of = self._knot_of
        if knot_of:
            if any(c.id in knot_of for c in chain(gone_c, new_c)):
                return True
            for r in chain(gone_r, new_r):
                k = knot_of.get(r.target)
                if r.kind == "support" and k is not None and any(knot_of.get(p) == k for p in r.premises):
                    return True
        claims = self.index.claims
        before = {(p, r.target) for r in gone_r if r.kind == "support" for p in r.premises}
        for r in new_r:
            if r.kind == "support" and r.target in claims:
                for p in r.premises:
                    if p != r.target and p in claims and (p, r.target) not in before and self._closes_circle(p, r.target):
                        return True
        for x in appeared:  # a claim whose id reasons named before it was on the map
            if x in claims:
                for r in self.index.premise_of.get(x, ()):
                    if r.kind == "support" and r.target != x and r.target in claims and self._closes_circle(x, r.target):
                        return True
        return False

    def _closes_circle(self, p: str, t: str) -> bool:
        """Whether support leads from claim t back to claim p, so that the link p -> t closes a circle."""
        ix = self.index
        claims = ix.claims
        if not any(r.kind == "support" and any(q != p and q in claims for q in r.premises)
                   for r in ix.reasons_on.get(p, ())):
            return False  # nothing supports p: no circle can come back to it
        seen, stack = {t}, [t]
        while stack:
            for r in ix.premise_of.get(stack.pop(), ()):
                v = r.target
                if r.kind == "support" and v not in seen and v in claims:
                    if v == p:
                        return True
                    seen.add(v)
                    stack.append(v)
        return False

    # -- what leads to the main conclusion ------------------------------------------------

    def _below(self, node: str) -> Iterator[str]:
        """The ids one step below `node` in IndexMap.leading_to's walk."""
        ix = self.index
        for r in ix.reasons_on.get(node, ()):
            if r.id != node:
                yield r.id
        r = ix.reasons.get(node)
        if r is not None:
            for p in r.premises:
                if p != node and (p in ix.claims or p in ix.reasons):
                    yield p

    def _way_up(self, node: str) -> bool:
        """Whether `node` is one step below something that leads to the main conclusion."""
        ix, reached = self.index, self._reached
        r = ix.reasons.get(node)
        if r is not None and r.target != node and r.target in reached:
            return True
        return any(u.id != node and u.id in reached for u in ix.premise_of.get(node, ()))

    def _update_reach(self, chk: _Checker, changed: set[str], gone_r: list[Reason], new_r: list[Reason],
                      vanished: set[str], appeared: set[str], mains_before: set[str]) -> None:
        ix, mains = self.index, self._mains
        if not mains:  # nothing leads anywhere: the rule is silent
            self._reached, self._parts = set(), None
            return
        if not mains_before or self._parts is None:
            self._reached = ix.leading_to(list(mains))
            self._regroup_all(chk)
            return
        reached, on = self._reached, ix.reasons_on
        # The lower ends of links an edit took out: what hangs below them may have lost its way up.
        lower: set[str] = set(mains_before - mains)
        for g in gone_r:
            now = ix.reasons.get(g.id)
            if now is None:
                lower.update(g.premises)
                lower.update(u.id for u in on.get(g.id, ()))
            else:
                if now.target != g.target:
                    lower.add(g.id)
                lower.update(set(g.premises).difference(now.premises))
        for x in vanished:
            lower.update(u.id for u in on.get(x, ()))
        reached.difference_update(vanished)
        cut = {x for x in lower if x in reached}
        stack = list(cut)
        while stack:
            for v in self._below(stack.pop()):
                if v in reached and v not in cut:
                    cut.add(v)
                    stack.append(v)
        reached.difference_update(cut)
        # Walk in again from what still (or newly) has a way up: the cut, the lower
        # ends of new links, ids new to the map and the main conclusions.
        gone_by_id = {g.id: g for g in gone_r}
        candidates = cut | mains | appeared
        for n in new_r:
            g = gone_by_id.get(n.id)
            if g is None or n.target != g.target:
                candidates.add(n.id)
            candidates.update(n.premises if g is None else set(n.premises).difference(g.premises))
        newly: list[str] = []
        for x in candidates:
            if x not in reached and ix.exists(x) and (x in mains or self._way_up(x)):
                reached.add(x)
                newly.append(x)
        stack = list(newly)
        while stack:
            for v in self._below(stack.pop()):
                if v not in reached:
                    reached.add(v)
                    newly.append(v)
                    stack.append(v)
        # Regroup the loose parts that hold anything changed or anything that became loose or not.
        touched = changed | appeared | vanished | (cut - reached) | {x for x in newly if x not in cut}
        self._regroup(chk, touched)

    def _beside(self, node: str) -> Iterator[str]:
        """Neighbours of `node` in the connected-parts graph of validate's `connected` rule."""
        ix = self.index
        r = ix.reasons.get(node)
        if r is not None:
            yield from r.premises
            yield r.target
        for u in ix.reasons_on.get(node, ()):
            yield u.id
        for u in ix.premise_of.get(node, ()):
            yield u.id

    def _position(self, node: str) -> tuple[int, int]:
        return (0, self._cpos[node]) if node in self._cpos else (1, self._rpos[node])

    def _regroup_all(self, chk: _Checker) -> None:
        if not self._mains:
            self._parts = None
            return
        self._parts, self._part_of, self._next_part, self._loose = {}, {}, 0, []
        reached = self._reached
        self._regroup(chk, {x for x in chain(self.index.claims, self.index.reasons) if x not in reached})

    def _regroup(self, chk: _Checker, touched: set[str]) -> None:
        parts, part_of = self._parts, self._part_of
        assert parts is not None
        ix, reached = self.index, self._reached
        region = set(touched)
        count_before = len(parts)
        for x in touched:
            part = parts.pop(part_of.get(x, -1), None)
            if part is not None:
                region.update(part.nodes)
        changed = len(parts) != count_before
        for x in region:
            part_of.pop(x, None)
        for x in region:
            if x in part_of or x in reached or not ix.exists(x):
                continue
            nodes, stack = {x}, [x]
            while stack:
                for v in self._beside(stack.pop()):
                    if v not in nodes and v not in reached and ix.exists(v):
                        parts.pop(part_of.get(v, -1), None)  # a part it joins: met whole by this walk
                        nodes.add(v)
                        stack.append(v)
            pid = self._next_part
            self._next_part += 1
            changed = True
            parts[pid] = _Part(nodes, min(map(self._position, nodes)), chk.loose_part(nodes, self._position))
            for n in nodes:
                part_of[n] = pid
        if changed:
            self._loose = [p.finding for p in sorted(parts.values(), key=lambda p: p.first) if p.finding is not None]

    # -- the list -------------------------------------------------------------------------

    def _assemble(self, chk: _Checker) -> list[Finding]:
        """The findings in validate()'s order: by severity, then rule, then file order."""
        cpos = self._cpos
        mains = [self.index.claims[c] for c in sorted(self._mains, key=cpos.__getitem__)]
        loose = self._loose if self._parts is not None else []
        return [
            *chk.main_conclusion(mains), *self._empty.flat(), *self._concl.flat(), *self._form_e.flat(),
            *self._knots,
            *self._form_w.flat(), *self._dup.flat(), *chk.main_conclusion_placement(mains), *loose,
            *chk.quotations(),
            *self._single.flat(), *chk.unanswered_objections(mains),
        ]


__all__ = ["IncrementalValidation"]
