"""AIF JSON in and out: AIFdb nodesets and OVA3 files, without Qt.

AIF's argument layer maps onto argmap's model: I-nodes are claims, RA nodes
support reasons and CA nodes objections (undercutters when they point at
another RA or CA). Everything else in the file (rephrasings, preferences,
the dialogue layer, locutions, OVA's layout) has no place on an argmap map,
so it is kept verbatim in `extensions["aif"]` and written back on export,
and the importer says so in a note rather than dropping it.

`extensions["aif"]` holds:
- "shown": for each claim and reason id, the AIF node it came from, minus
  what the claim or reason itself holds (its nodeID, timestamp, an S-node's
  text and scheme fields), so export gives it back its nodeID and fields;
- "nodes", "edges": the nodes and edges argmap does not show, verbatim;
- "fields": the AIF object's other keys ("locutions", "participants", ...);
- "wrapper": an OVA3 file's keys beside "AIF" ("OVA", "text", ...).

Export also writes argmap's own ids ("argmap_id") and what AIF cannot say
(main conclusion, hidden premises, notes, the map's title and source) under
"argmap" keys that AIF tools ignore, so an exported map imports unchanged.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from argmap.graph import MapIndex
from argmap.io.errors import MapFileError
from argmap.io.files import read_limited
from argmap.io.json_io import MAX_FILE_BYTES, _check_encoding, _parse_json, _too_big
from argmap.model import FORMAT_VERSION, ArgumentMap, Claim, Reason, check_plain_json
from argmap.runtime import gc_paused
from argmap.validate import quote

CLAIM_TYPES = {"I", "EN"}  # EN: OVA3's added premise, an I-node in strict AIF
KINDS = {"RA": "support", "CA": "objection"}
AIF_TYPE = {"support": "RA", "objection": "CA"}
DEFAULT_TEXT = {"RA": "Default Inference", "CA": "Default Conflict"}
# S-node texts and scheme names that mean "no particular scheme".
_NO_SCHEME = {"", "ra", "ca", "default inference", "default conflict", "inference", "conflict"}
_KEPT_WORDS = {
    "L": "locutions (what a speaker said)",
    "YA": "illocutionary links (how a locution relates to a claim)",
    "TA": "dialogue transitions",
    "MA": "rephrasings (MA)",
    "PA": "preferences (PA)",
}
_MAX_ID = 100
_MAX_TEXT = 10_000
_MAX_SHORT = 1_000
_NOTES_PER_KIND = 8
_SIZE_CAP = 10**12  # support counts in a shared tangle grow fast; only their order matters


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n:,}{suffix}"


def _short(ident: str, limit: int = 40) -> str:
    return ident if len(ident) <= limit else ident[: limit - 1] + "…"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _node_where(nid: str, i: int) -> str:
    return f"node {_short(nid)} (the {ordinal(i + 1)} node)"


def _edge_where(edge: dict[str, Any], j: int) -> str:
    eid = _ident(edge.get("edgeID"))
    place = f"the {ordinal(j + 1)} edge"
    return f"edge {_short(eid)} ({place})" if eid else place


def _what(value: Any) -> str:
    return {list: "a list", dict: "an object", str: "a piece of text", bool: "true or false", type(None): "null"}.get(
        type(value), "a number"
    )


def _ident(value: Any) -> str | None:
    """A nodeID or edge end as text: tools write "12", "12_345" or 12."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _scheme_of(node: dict[str, Any]) -> str | None:
    """The scheme an S-node names: its "scheme" field, else its text (OVA), else a named schemeID."""
    for key in ("scheme", "text", "schemeID"):
        value = node.get(key)
        if isinstance(value, str):
            name = " ".join(value.split())
            if name.lower() not in _NO_SCHEME and not name.isdigit():
                return value  # as written, so an argmap scheme comes back unchanged
    return None


_ARGMAP_ID = re.compile(r"[A-Za-z0-9_.:\-]+")  # argmap's ids (model.Id), ASCII only


def _valid_argmap_id(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= _MAX_ID and _ARGMAP_ID.fullmatch(value):
        return value
    return None


class _Notes:
    """Notes for the user, at most a few of each kind, then a count of the rest."""

    def __init__(self) -> None:
        self.kinds: dict[str, list[str]] = {}
        self.more: dict[str, int] = defaultdict(int)

    def add(self, kind: str, text: str) -> None:
        listed = self.kinds.setdefault(kind, [])
        if len(listed) < _NOTES_PER_KIND:
            listed.append(text)
        else:
            self.more[kind] += 1

    def out(self) -> list[str]:
        result = []
        for kind, listed in self.kinds.items():
            result.extend(listed)
            if self.more[kind]:
                result.append(f"... and {self.more[kind]:,} more like the one above.")
        return result


# -- reading ---------------------------------------------------------------------------------


def load_aif(path: str | Path) -> tuple[ArgumentMap, list[str]]:
    """Import an AIF file, or raise MapFileError saying what is wrong and where."""
    path = Path(path)
    data = read_limited(path, MAX_FILE_BYTES, _too_big, kind="AIF file")
    return parse_aif(data, path)


def parse_aif(text: str | bytes, path: str | Path = "<aif>") -> tuple[ArgumentMap, list[str]]:
    """The map an AIF file holds, and notes for the user on what argmap could not show."""
    with gc_paused():
        return _Importer(Path(path)).run(text)


class _Importer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes = _Notes()
        self.kept_pieces: list[tuple[str, Any, Any]] = []

    def fail(self, message: str, where: str | None = None) -> MapFileError:
        return MapFileError(self.path, message, where=where)

    def keep(self, value: Any, what: str, key: Any) -> Any:
        """Note a piece kept in extensions; checked in bulk when the map is built, named if it fails."""
        self.kept_pieces.append((what, key, value))
        return value

    def unkeepable(self) -> MapFileError | None:
        for what, key, value in self.kept_pieces:
            try:
                check_plain_json([[[value]]])  # as deep as it sits in map.extensions
            except ValueError as exc:
                where = {"node": self.node_name, "edge": lambda j: f"the {ordinal(j + 1)} edge"}.get(
                    what, lambda k: f'"{_short(k)}"')(key)
                return self.fail(f"This part of the file {exc}, so argmap cannot keep it.", where)
        return None

    # The file's outline: the object, the AIF part inside an OVA3 file, the node and edge lists.
    def top(self, raw: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        if not isinstance(raw, dict):
            raise self.fail(
                f'The file holds {_what(raw)} where an AIF argument map (an object with "nodes" and "edges") should be.'
            )
        if raw.get("format") == "argmap":
            raise self.fail("This is an argmap map, not an AIF file: open it as a map instead of importing it.")
        if "nodes" not in raw and "AIF" in raw:
            aif = raw["AIF"]
            if not isinstance(aif, dict):
                raise self.fail(f'The "AIF" part should be an object with "nodes" and "edges", not {_what(aif)}.',
                                '"AIF"')
            return raw, aif
        return raw, raw

    def run(self, data: str | bytes) -> tuple[ArgumentMap, list[str]]:
        if isinstance(data, str):
            data = data.encode("utf-8", errors="surrogatepass")
        if len(data) > MAX_FILE_BYTES:
            raise self.fail(_too_big(len(data)))
        raw = _parse_json(_check_encoding(data, self.path), self.path)
        outer, aif = self.top(raw)
        nodes = aif.get("nodes")
        if nodes is None:
            raise self.fail('There is no "nodes" list, so this is not an AIF argument map.')
        if not isinstance(nodes, list):
            raise self.fail(f'"nodes" should be a list of nodes, not {_what(nodes)}.', '"nodes"')
        edges = aif.get("edges", [])
        if edges is None:
            edges = []
        if not isinstance(edges, list):
            raise self.fail(f'"edges" should be a list of edges, not {_what(edges)}.', '"edges"')
        self.read_nodes(nodes)
        links = self.read_edges(edges)
        self.find_reasons(links)
        return self.build(outer, aif), self.notes.out()

    def read_nodes(self, nodes: list[Any]) -> None:
        self.ids: list[str] = []
        self.kinds: list[str] = []  # "claim", "RA", "CA" or "kept"
        self.raw_nodes = nodes
        self.index: dict[str, int] = {}
        for i, node in enumerate(nodes):
            if not isinstance(node, dict):
                place = f"the {ordinal(i + 1)} node"
                raise self.fail(f"A node should be an object with a nodeID, a type and a text, not {_what(node)}.",
                                place)
            nid = _ident(node.get("nodeID"))
            if nid is None:
                place = f"the {ordinal(i + 1)} node"
                if "nodeID" not in node and "id" in node:
                    raise self.fail('This node has "id" where AIF has "nodeID": it looks like an older OVA (OVA2) '
                                    "file. Open it in OVA3 and save it again, then import that.", place)
                raise self.fail("This node has no nodeID (a number or a text), so no edge can point at it.", place)
            if nid in self.index:
                raise self.fail(f"The {ordinal(self.index[nid] + 1)} node has the same nodeID, so edges to it would "
                                "be ambiguous. Give each node its own nodeID.", _node_where(nid, i))
            kind = node.get("type")
            if not isinstance(kind, str) or not kind.strip():
                raise self.fail("It has no type, so argmap cannot tell whether it is a claim (I), an inference (RA) "
                                "or a conflict (CA).", _node_where(nid, i))
            kind = kind.strip().upper()
            text = node.get("text")
            if kind in CLAIM_TYPES:
                if text is not None and not isinstance(text, str):
                    raise self.fail(f"The text of this claim should be a piece of text, not {_what(text)}.", _node_where(nid, i))
                if text is not None and len(text) > _MAX_TEXT:
                    raise self.fail(f"The text of this claim is {len(text):,} characters long; argmap claims hold up "
                                    f"to {_MAX_TEXT:,}.", _node_where(nid, i))
                if not text:
                    self.notes.add("no-text", f"{_cap(_node_where(nid, i))} is a claim with no text; "
                                   "argmap shows it as an empty claim for you to fill in.")
                if kind == "EN":
                    self.notes.add("en", f"{_cap(_node_where(nid, i))} is an OVA added premise (EN); argmap shows "
                                   "it as a hidden premise and writes it back as an ordinary claim (I).")
                kind = "claim"
            elif kind not in KINDS:
                kind = "kept"
            self.index[nid] = i
            self.ids.append(nid)
            self.kinds.append(kind)

    def node_name(self, i: int) -> str:
        return _node_where(self.ids[i], i)

    def read_edges(self, edges: list[Any]) -> list[tuple[int, int, int]]:
        """(edge position, from node, to node) for every edge between two nodes in the file."""
        links: list[tuple[int, int, int]] = []
        seen: dict[tuple[int, int], int] = {}
        self.raw_edges = edges
        for j, edge in enumerate(edges):
            if not isinstance(edge, dict):
                raise self.fail(f"An edge should be an object with a fromID and a toID, not {_what(edge)}.",
                                f"the {ordinal(j + 1)} edge")
            ends = []
            for key in ("fromID", "toID"):
                end = _ident(edge.get(key))
                if end is None:
                    raise self.fail(f"This edge has no {key} (a number or a text naming a node).",
                                    _edge_where(edge, j))
                ends.append(end)
            a, b = (self.index.get(end) for end in ends)
            if a is None or b is None:
                missing = ends[0] if a is None else ends[1]
                self.notes.add("dangling", f"{_cap(_edge_where(edge, j))} goes from node {_short(ends[0])} to node "
                               f"{_short(ends[1])}, but there is no node {_short(missing)} in the file; argmap left "
                               "the edge out.")
                continue
            if a == b:
                self.notes.add("loop", f"{_cap(_edge_where(edge, j))} goes from node {_short(ends[0])} to itself; "
                               "argmap left it out.")
                continue
            if (a, b) in seen:
                self.notes.add("twice", f"{_cap(_edge_where(edge, j))} repeats the {ordinal(seen[a, b] + 1)} edge "
                               f"(from node {_short(ends[0])} to node {_short(ends[1])}); argmap left it out.")
                continue
            seen[a, b] = j
            links.append((j, a, b))
        return links

    def find_reasons(self, links: list[tuple[int, int, int]]) -> None:
        """Which RA and CA nodes become reasons: those with a premise that lead to a claim."""
        kinds = self.kinds
        premises: dict[int, list[tuple[int, int]]] = defaultdict(list)  # S-node -> (edge, claim)
        targets: dict[int, list[tuple[int, int]]] = defaultdict(list)  # S-node -> (edge, claim or S-node)
        aimed_at: dict[int, list[int]] = defaultdict(list)  # S-node -> S-nodes that point at it
        for j, a, b in links:
            if kinds[b] in KINDS and kinds[a] == "claim":
                premises[b].append((j, a))
            elif kinds[a] in KINDS and kinds[b] in ("claim", "RA", "CA"):
                targets[a].append((j, b))
                if kinds[b] != "claim":
                    aimed_at[b].append(a)
        # A reason made by argmap may lack premises; it came back from an export, so restore it as it was.
        from_argmap = {i for i, k in enumerate(kinds) if k in KINDS and _valid_argmap_id(self.raw_nodes[i].get("argmap_id"))}
        has_premise = {i for i, k in enumerate(kinds) if k in KINDS and (premises.get(i) or i in from_argmap)}
        # Grow outwards from the claims, so chains of undercutters resolve and loops of S-nodes never do.
        shown: set[int] = set()
        queue = deque(i for i in has_premise if any(kinds[b] == "claim" for _, b in targets.get(i, ())))
        shown.update(queue)
        while queue:
            s = queue.popleft()
            for u in aimed_at.get(s, ()):
                if u not in shown and u in has_premise:
                    shown.add(u)
                    queue.append(u)
        used_edges: set[int] = set()
        self.reason_plan: list[tuple[int, list[int], list[int]]] = []  # (S-node, premise nodes, target nodes)
        for i, kind in enumerate(kinds):
            if kind not in KINDS:
                continue
            role = "an inference (RA)" if kind == "RA" else "a conflict (CA)"
            if i not in shown:
                kinds[i] = "kept"
                if i not in has_premise:
                    why = "has no premise (no claim leads into it)"
                elif not targets.get(i):
                    why = "does not lead to any claim"
                else:
                    why = "points only at inferences or conflicts that argmap cannot show"
                self.notes.add("unshown", f"{_cap(self.node_name(i))}, {role}, {why}, "
                               "so argmap does not show it; it is kept and written back when you export to AIF.")
                continue
            ends = [(j, b) for j, b in targets[i] if kinds[b] == "claim" or b in shown]
            used_edges.update(j for j, _ in premises.get(i, ()))
            used_edges.update(j for j, _ in ends)
            if len(ends) > 1:
                self.notes.add("split", f"{_cap(self.node_name(i))}, {role}, leads to "
                               f"{len(ends)} claims or reasons at once; argmap shows it as {len(ends)} reasons with "
                               "the same premises.")
            self.reason_plan.append((i, [a for _, a in premises.get(i, ())], [b for _, b in ends]))
        self.kept_edges = []
        for j, a, b in links:
            if j in used_edges:
                continue
            self.kept_edges.append(self.keep(self.raw_edges[j], "edge", j))
            if kinds[a] != "kept" and kinds[b] != "kept":
                self.notes.add("odd-edge", f"The {ordinal(j + 1)} edge goes from {self.node_name(a)} to "
                               f"{self.node_name(b)}, a link argmap cannot show (AIF joins claims only through an "
                               "inference or a conflict); it is kept and written back when you export to AIF.")

    def build(self, outer: dict[str, Any], aif: dict[str, Any]) -> ArgumentMap:
        raw_nodes, kinds = self.raw_nodes, self.kinds
        # argmap's own ids come back from an export; the rest are numbered in file order.
        wanted: dict[int, str] = {}
        taken: set[str] = set()
        for i, kind in enumerate(kinds):
            if kind != "kept":
                want = _valid_argmap_id(raw_nodes[i].get("argmap_id"))
                if want and want not in taken:
                    wanted[i] = want
                    taken.add(want)
        counters = {"c": 0, "r": 0}

        def fresh(prefix: str) -> str:
            while True:
                counters[prefix] += 1
                ident = f"{prefix}{counters[prefix]}"
                if ident not in taken:
                    taken.add(ident)
                    return ident

        shown: dict[str, dict[str, Any]] = {}
        claim_id: dict[int, str] = {}
        claims: list[Claim] = []
        for i, kind in enumerate(kinds):
            if kind != "claim":
                continue
            node = raw_nodes[i]
            cid = wanted.get(i) or fresh("c")
            claim_id[i] = cid
            shown[cid] = self.keep(
                {"nodeID": self.ids[i], **{k: v for k, v in node.items() if k not in ("nodeID", "text", "type",
                                                                                     "argmap_id", "argmap")}},
                "node", i,
            )
            claims.append(self.claim(i, cid, node))
        reason_ids: dict[int, list[str]] = {}
        for i, _, ends in self.reason_plan:
            first = wanted.get(i) or fresh("r")
            reason_ids[i] = [first] + [fresh("r") for _ in ends[1:]]
        reasons: list[Reason] = []
        for i, prem, ends in self.reason_plan:
            node = raw_nodes[i]
            fields = {k: v for k, v in node.items() if k not in ("nodeID", "argmap_id", "argmap")}
            scheme = _scheme_of(node)
            if scheme is not None and len(scheme) > _MAX_SHORT:
                self.notes.add("scheme", f"The scheme name of {self.node_name(i)} is {len(scheme):,} characters "
                               "long, too long for argmap; it is kept for export but not shown.")
                scheme = None
            extra = node.get("argmap")
            note = extra.get("note") if isinstance(extra, dict) else None
            judged = {k: extra[k] for k in ("strength", "questions") if k in extra} if isinstance(extra, dict) else {}
            for rid, end in zip(reason_ids[i], ends, strict=True):
                shown[rid] = self.keep({"nodeID": self.ids[i], **fields}, "node", i)
                target = claim_id[end] if kinds[end] == "claim" else reason_ids[end][0]
                reason = Reason(
                    id=rid, kind=KINDS[node["type"].strip().upper()], premises=[claim_id[a] for a in prem],
                    target=target, scheme=scheme,
                    note=note if isinstance(note, str) and len(note) <= 100_000 else "",
                )
                if judged:
                    try:
                        reason = Reason(**{**reason.model_dump(), **judged})
                    except (ValidationError, TypeError):
                        self.notes.add("reason-details", f"The strength or critical questions of "
                                       f"{self.node_name(i)} do not fit argmap; argmap left them out.")
                reasons.append(reason)
        meta = self.map_details(outer)
        stash: dict[str, Any] = {"shown": shown}
        kept = [i for i, kind in enumerate(kinds) if kind == "kept"]
        if kept:
            stash["nodes"] = [self.keep(raw_nodes[i], "node", i) for i in kept]
            self.note_kept(kept)
        if self.kept_edges:
            stash["edges"] = self.kept_edges
        fields = {k: self.keep(v, "key", k) for k, v in aif.items() if k not in ("nodes", "edges", "argmap")}
        if fields:
            stash["fields"] = fields
        if outer is not aif:
            stash["wrapper"] = {k: self.keep(v, "key", k) for k, v in outer.items()
                                if k not in ("AIF", "argmap")}
        several = self.main_conclusion(claims, reasons, bool(meta.get("several_main_conclusions")))
        title = meta.get("title") or next(
            (t for t in (outer.get("title"), aif.get("title")) if isinstance(t, str) and t.strip() and len(t) <= _MAX_SHORT),
            f"Imported from {self.path.name}",
        )
        extensions = {**meta.get("extensions", {}), "aif": stash}
        meta = {k: v for k, v in meta.items() if k not in ("title", "extensions", "several_main_conclusions")}
        try:
            return ArgumentMap(title=title, claims=claims, reasons=reasons, extensions=extensions,
                               several_main_conclusions=several, **meta)
        except ValidationError as exc:
            raise self.unkeepable() or self.fail(f"argmap could not build a map from this file: {exc.errors()[0]['msg']}.") from None

    def claim(self, i: int, cid: str, node: dict[str, Any]) -> Claim:
        text = node.get("text") or ""
        hidden = node["type"].strip().upper() == "EN"
        extra = node.get("argmap")
        if isinstance(extra, dict) and extra:
            try:
                details = {k: v for k, v in extra.items() if k not in ("id", "text")}
                return Claim.model_validate_json(json.dumps({"id": cid, "text": text, "hidden": hidden, **details}))
            except (ValidationError, ValueError, TypeError) as exc:
                reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "they are not plain JSON"
                self.notes.add("claim-details", f"The argmap details of {self.node_name(i)} could not be read "
                               f"({reason}), so argmap left them out.")
        return Claim(id=cid, text=text, hidden=hidden)

    def map_details(self, outer: dict[str, Any]) -> dict[str, Any]:
        """What an export by argmap wrote about the map itself: title, source, authors, ..."""
        block = outer.get("argmap")
        if block is None:
            return {}
        if not isinstance(block, dict):
            self.notes.add("map-details", 'The "argmap" part of the file should be an object; argmap left it out.')
            return {}
        allowed = set(ArgumentMap.model_fields) - {"format", "format_version", "claims", "reasons"}
        details = {k: v for k, v in block.items() if k in allowed}
        try:
            meta = ArgumentMap.model_validate_json(json.dumps(details))
        except (ValidationError, ValueError, TypeError) as exc:
            reason = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else "it is not plain JSON"
            self.notes.add("map-details", f"The argmap details of the map (its title, source and so on) could not be "
                           f"read ({reason}), so argmap left them out.")
            return {}
        result = {k: getattr(meta, k) for k in details}
        result.get("extensions", {}).pop("aif", None)
        return result

    def note_kept(self, kept: list[int]) -> None:
        counts: dict[str, int] = defaultdict(int)
        for i in kept:
            kind = self.raw_nodes[i]["type"].strip().upper()
            if kind in KINDS:
                continue  # already explained one by one
            counts[kind] += 1
        if not counts:
            return
        parts = [f"{n:,} {_KEPT_WORDS.get(kind, f'nodes of type {_short(kind, 20)!r}')}" for kind, n in counts.items()]
        listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        self.notes.add("kept", f"argmap does not show {listed} from this file; it keeps them, with their links, "
                       "and writes them back when you export the map to AIF.")

    def main_conclusion(self, claims: list[Claim], reasons: list[Reason], several: bool) -> bool:
        """Mark the main conclusion when the file does not; returns several_main_conclusions."""
        marked = [c for c in claims if c.main_conclusion]
        if marked:
            return several  # what the map said: two marked by mistake stay a mistake the checks report
        supports: dict[str, list[list[str]]] = defaultdict(list)
        premise_of: set[str] = set()  # of any reason
        supporting: set[str] = set()  # premises of support reasons
        for r in reasons:
            premise_of.update(r.premises)
            if r.kind == "support" and r.premises:
                supporting.update(r.premises)
                supports[r.target].append(r.premises)
        ends = [c for c in claims if c.id in supports]
        # The end of the argument is a premise of nothing; failing that (AIFdb's files that argue against a
        # claim), a claim that only objects to another.
        candidates = [c for c in ends if c.id not in premise_of] or [c for c in ends if c.id not in supporting]
        if not ends:
            if claims:
                self.notes.add("main", "The file has no inference (RA) that leads to a claim, so argmap cannot tell "
                               "which claim is the main conclusion. Mark it yourself.")
            return several
        circle = not candidates
        if circle:
            candidates = ends
        chosen, others = candidates[0], []
        if len(candidates) > 1:
            size = _support_sizes([c.id for c in candidates], supports)
            chosen = max(candidates, key=lambda c: size[c.id])  # max keeps the first of equals: file order
        if circle:
            self.notes.add("main", "Every claim that is supported is also a reason for another claim (the argument "
                           f"may go in a circle), so the file does not show where it ends. argmap made "
                           f"{quote(chosen.text, 60)} the main conclusion, the one with the most support below it; "
                           "check which is meant.")
        elif len(candidates) > 1:
            # A claim that objects to the chosen one is part of its argument, not a separate one.
            reached = MapIndex(ArgumentMap.model_construct(claims=claims, reasons=reasons)).leading_to([chosen.id])
            others = [c for c in candidates if c.id not in reached]
        if others:
            named = ", ".join(quote(c.text, 50) for c in others[:3]) + (", …" if len(others) > 3 else "")
            self.notes.add("main", f"This file holds {len(others) + 1:,} separate arguments. argmap made "
                           f"{quote(chosen.text, 60)} the main conclusion, the one with the most support below it; "
                           f"the others (ending at {named}) are shown but not connected to it. Check which is meant.")
        chosen.main_conclusion = True
        return several


def _support_sizes(roots: list[str], supports: dict[str, list[list[str]]]) -> dict[str, int]:
    """How much support lies below each claim, counting a shared premise under each claim it serves.

    Iterative (a 50,000-claim chain would overflow recursion); a claim met
    again while still being counted (a circle) adds nothing.
    """
    size: dict[str, int] = {}
    open_: set[str] = set()
    for root in roots:
        stack = [(root, False)]
        while stack:
            node, finished = stack.pop()
            if finished:
                total = 1 + sum(size.get(p, 0) for prem in supports.get(node, ()) for p in prem)
                size[node] = min(total, _SIZE_CAP)
                open_.discard(node)
            elif node not in size and node not in open_:
                open_.add(node)
                stack.append((node, True))
                stack.extend((p, False) for prem in supports.get(node, ()) for p in prem
                             if p not in size and p not in open_)
    return size


# -- writing ---------------------------------------------------------------------------------


def _valid_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Kept nodes that are AIF: a nodeID used once and a type."""
    out, seen = [], set()
    for node in nodes:
        ident, kind = _ident(node.get("nodeID")), node.get("type")
        if ident is None or ident in seen or not isinstance(kind, str) or not kind.strip():
            continue
        seen.add(ident)
        out.append(node)
    return out


def dump_aif(m: ArgumentMap) -> str:
    """The map as AIF JSON text, with whatever an import kept written back in place."""
    with gc_paused():  # a node and an edge or two per claim, nothing cyclic
        return _dump_aif(m)


def _dump_aif(m: ArgumentMap) -> str:
    stash = m.extensions.get("aif")
    stash = stash if isinstance(stash, dict) else {}
    shown = stash.get("shown") if isinstance(stash.get("shown"), dict) else {}
    kept_nodes = [n for n in stash.get("nodes", []) if isinstance(n, dict)] if isinstance(stash.get("nodes"), list) else []
    kept_nodes = _valid_nodes(kept_nodes)  # a hand-edited map may hold nodes AIF tools (and argmap) refuse
    kept_edges = [e for e in stash.get("edges", []) if isinstance(e, dict)] if isinstance(stash.get("edges"), list) else []

    used = {i for i in (_ident(n.get("nodeID")) for n in kept_nodes) if i is not None}
    node_id: dict[str, str] = {}
    for item in [*m.claims, *m.reasons]:
        before = shown.get(item.id)
        want = _ident(before.get("nodeID")) if isinstance(before, dict) else None
        if want is not None and want not in used and item.id not in node_id:
            node_id[item.id] = want
            used.add(want)
    n = 0
    for item in [*m.claims, *m.reasons]:
        if item.id not in node_id:
            n += 1
            while str(n) in used:
                n += 1
            node_id[item.id] = str(n)
            used.add(str(n))

    nodes: list[dict[str, Any]] = []
    for c in m.claims:
        before = _fields(shown.get(c.id), ("nodeID", "text", "type"))
        node = {"nodeID": node_id[c.id], "text": c.text, "type": "I", "timestamp": before.pop("timestamp", ""),
                **before, "argmap_id": c.id}
        details = c.model_dump(mode="json", exclude_defaults=True, exclude={"id", "text"})
        if details:
            node["argmap"] = details
        nodes.append(node)
    for r in m.reasons:
        kind = AIF_TYPE[r.kind]
        before = _fields(shown.get(r.id), ("nodeID",))
        same = str(before.get("type", "")).strip().upper() == kind and _scheme_of(before) == r.scheme
        if not same:  # the reason changed since the import: its old text and scheme no longer fit
            for key in ("text", "type", "scheme", "schemeID"):
                before.pop(key, None)
        node = {"nodeID": node_id[r.id], "text": before.pop("text", r.scheme or DEFAULT_TEXT[kind]),
                "type": before.pop("type", kind), "timestamp": before.pop("timestamp", ""), **before}
        if r.scheme and not same:
            node["scheme"] = r.scheme
        node["argmap_id"] = r.id
        details = r.model_dump(mode="json", exclude_defaults=True, include={"note", "strength", "questions"})
        if details:
            node["argmap"] = details
        nodes.append(node)
    nodes.extend(kept_nodes)

    written = {i for i in (_ident(nd.get("nodeID")) for nd in nodes) if i is not None}
    kept_edges = [e for e in kept_edges if _ident(e.get("fromID")) in written and _ident(e.get("toID")) in written]
    edge_ids = {i for i in (_ident(e.get("edgeID")) for e in kept_edges) if i is not None}
    edges: list[dict[str, Any]] = []
    count = 0

    def link(a: str, b: str) -> None:
        nonlocal count
        count += 1
        while str(count) in edge_ids:
            count += 1
        edges.append({"edgeID": str(count), "fromID": a, "toID": b, "formEdgeID": None})

    for r in m.reasons:
        for p in dict.fromkeys(r.premises):
            if p in node_id:
                link(node_id[p], node_id[r.id])
        if r.target in node_id:
            link(node_id[r.id], node_id[r.target])
    edges.extend(kept_edges)

    fields = stash.get("fields") if isinstance(stash.get("fields"), dict) else {}
    aif: dict[str, Any] = {"nodes": nodes, "edges": edges, "locutions": fields.get("locutions", [])}
    aif.update((k, v) for k, v in fields.items() if k not in aif)
    details = m.model_dump(mode="json", exclude_defaults=True,
                           exclude={"format", "format_version", "claims", "reasons", "extensions"})
    others = {k: v for k, v in m.extensions.items() if k != "aif"}
    if others:
        details["extensions"] = others
    block = {"format_version": FORMAT_VERSION, **details}
    wrapper = stash.get("wrapper")
    if isinstance(wrapper, dict):
        out = {"AIF": aif, **{k: v for k, v in wrapper.items() if k not in ("AIF", "argmap")}, "argmap": block}
    else:
        out = {**aif, "argmap": block}
    return _layout(out, "", 3 if isinstance(wrapper, dict) else 2) + "\n"


def _layout(value: Any, indent: str, levels: int) -> str:
    """JSON with one node or edge a line: readable, and json's C encoder does each line (indent= is 5x slower)."""
    inner = indent + " "
    if isinstance(value, dict) and value and levels > 0:
        items = (f"{inner}{json.dumps(k, ensure_ascii=False)}: {_layout(v, inner, levels - 1)}" for k, v in value.items())
        return "{\n" + ",\n".join(items) + "\n" + indent + "}"
    if isinstance(value, list) and value and levels > 0:
        return "[\n" + ",\n".join(inner + _ENCODE(v) for v in value) + "\n" + indent + "]"
    return _ENCODE(value)


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _fields(value: Any, drop: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k not in drop} if isinstance(value, dict) else {}


__all__ = ["dump_aif", "load_aif", "parse_aif"]
