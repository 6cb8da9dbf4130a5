"""Argdown import and export (https://argdown.org), without Qt.

Import maps Argdown onto argmap: a statement is a claim (the same [Title] is
the same claim); an argument with a premise-conclusion structure (PCS) is a
chain of support reasons, one per inference: each conclusion is supported by
the statements since the previous conclusion (that one included), or by those
the inference's `{uses: [1, 2]}` names. An argument without a PCS is a claim
holding its description. A relation from an argument with a PCS starts at its
conclusion; one to it is attached to its conclusion (argmap's reasons aim at
claims), except an undercut, which aims at its last inference. Attacks become
objections, undercuts objections aimed at a reason. What argmap cannot hold
(contradictions, front matter, other data) goes into `extensions["argdown"]`,
with a note for the user; a contradiction there names the two claims it joins.

Export writes every claim as a titled statement and every reason as an
argument with a PCS, so the Argdown tool and `parse_argdown` both read it
back; data in `{...}` carries what Argdown has no words for (hidden premises,
notes, exact text).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from argmap.io.errors import MapFileError
from argmap.io.files import read_limited
from argmap.model import ArgumentMap, Claim, Reason
from argmap.runtime import gc_paused

# Real Argdown debates are a few hundred kB; far past this is not a debate. What argmap wrote itself
# (its front matter says so) is a map argmap opened, and may be bigger: 11 MB for 50,000 claims.
MAX_ARGDOWN_BYTES = 8 * 1024 * 1024
MAX_OWN_ARGDOWN_BYTES = 32 * 1024 * 1024
_OWN_HEAD = re.compile(r"\ufeff?===\r?\ntitle: [^\r\n]*\r?\nargmap: \{")  # dump_argdown's first lines
MAX_NOTES = 200
_MARK = "\x00"  # NUL is refused in input, so it can stand for an escaped character

_HEADING = re.compile(r"(#+) (.*)")
_PCS = re.compile(r"[ \t]*\((\d+)\)")
_INFER = re.compile(r"[ \t]*--")
_REL = re.compile(r"([ \t]*)(\+>|->|<\+|<-|><|_>|<_|\+|-|_(?=\s))")
_LIST = re.compile(r"[ \t]*(?:\*|\d+\.)(?=\s)")
# A row starting with none of these is neither an inference, a numbered line, a relation, a heading nor
# a list item (each pattern above starts with one of them): most rows, statements, skip those five tries.
_SYNTAX_START = frozenset(" \t-(+<>_#*0123456789")
_DASHES = re.compile(r"-{2,}")
_RULE_LINE = re.compile(r"\s*-{3,}\s*")
_RULE_SPLIT = re.compile(r"(?<!\\),")
_STMT_DEF = re.compile(r"\[(.+?)\]:")
_STMT_REF = re.compile(r"\[([^-\]][^\]]*?)\](?!\()")
_ARG_DEF = re.compile(r"<(.+?)>:")
_ARG_REF = re.compile(r"<([^-].*?)>")
# What a line starting with this character may be: a definition is tried before a reference.
_ELEM_PATTERNS = {"[": ((_STMT_DEF, "stmt", True), (_STMT_REF, "stmt", False)),
                  "<": ((_ARG_DEF, "arg", True), (_ARG_REF, "arg", False))}
# A bracketed tag is short: bounding it keeps a line of unclosed "#(" linear, not quadratic.
_TAG = re.compile(r"#(?:\(([^)]{1,200})\)|([\w\-\u00A0-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]+))")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]+\)")
# Each pattern stops at the next marker, so a line of unpaired marks costs linear time.
_EMPHASIS = [re.compile(p) for p in (r"\*\*(?=\S)([^*]+)\*\*", r"__(?=\S)([^_]+)__", r"(?<!\w)\*(?=\S)([^*]+)\*(?!\w)",
                                     r"(?<!\w)_(?=\S)([^_]+)_(?!\w)")]
_EMPHASIS_MARKS = list(zip("*_*_", _EMPHASIS, strict=True))
_ESCAPE = re.compile(r"\\(.)")
_JSON = json.JSONDecoder()
# Parent/child relation symbols: (child is the source?, kind).
_RELATIONS = {"+": (True, "support"), "<+": (True, "support"), "-": (True, "attack"), "<-": (True, "attack"),
              "+>": (False, "support"), "->": (False, "attack"), "<_": (True, "undercut"), "_": (True, "undercut"),
              "_>": (False, "undercut"), "><": (False, "contradiction")}
_CLAIM_DATA = ("note", "hidden", "conclusion", "main_conclusion", "quotation", "position", "rating")
# An inference's data that argmap reads into its reason (the student's evaluation).
_REASON_DATA = ("strength", "questions")


# -- reading -----------------------------------------------------------------


@dataclass(slots=True)
class _Elem:
    """One statement or argument as written: a line plus its continuation lines."""

    kind: str  # "stmt" or "arg"
    title: str | None
    raw: list[str]
    line: int
    section: str | None
    defines: bool  # has text of its own (not a bare reference)
    text: str = ""
    tags: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    marker: bool = False  # an exported reason's stand-in conclusion (data argmap: reason)


@dataclass
class _Pcs:
    arg: str
    items: list[tuple[str, Any]] = field(default_factory=list)  # ("stmt", (n, elem)) or ("infer", (rule, data))
    open: bool = True


@dataclass(slots=True)
class _ClaimRec:
    key: tuple[int, int]
    text: str | None
    title: str | None
    tags: list[str]
    data: dict[str, Any]
    line: int


class _Reader:
    def __init__(self, text: str, path: str | Path) -> None:
        self.path, self.text = path, text
        self.notes: list[str] = []
        self.ext: dict[str, Any] = {}
        self.elems: list[_Elem] = []
        self.rels: list[tuple[_Elem, _Elem, str, int]] = []
        self.pcs: list[_Pcs] = []
        self.pcs_owners: set[str | None] = set()  # arguments that have a PCS: asked for each new one
        self.args: dict[str, dict[str, Any]] = {}
        self.seq = 0
        self.title = ""

    def note(self, line: int | None, message: str) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append((f"line {line}: " if line else "") + message)
        elif len(self.notes) == MAX_NOTES:
            self.notes.append("... and more notes like these.")

    # -- lines and blocks ----------------------------------------------------

    def lines(self) -> list[tuple[int, str | None]]:
        """(line number, text) with comments and front matter removed; None marks a blank line."""
        text = self.text.replace("\r\n", "\n").replace("\r", "\n")
        masked = _mask_comments(text)
        out: list[tuple[int, str | None]] = []
        rows = masked.split("\n")
        start = 0
        if text.lstrip().startswith("==="):
            start = self.front_matter(rows)
        if _MARK not in masked:  # no comments: every row as it is (a blank one as None)
            return [(i, row if row and not row.isspace() else None) for i, row in enumerate(rows[start:], start + 1)]
        for i in range(start, len(rows)):
            row = rows[i]
            if _MARK in row:
                row = row.replace(_MARK, "")
                if not row.strip():
                    continue  # a line that held only a comment does not end a block
            out.append((i + 1, row if row.strip() else None))
        return out

    def front_matter(self, rows: list[str]) -> int:
        first = next(i for i, r in enumerate(rows) if r.strip())
        for end in range(first + 1, len(rows)):
            if re.fullmatch(r"\s*===+\s*", rows[end]):
                body = "\n".join(rows[first + 1:end])
                self.ext["front_matter"] = body
                self.map_fields = _front_matter_fields(body)
                return end + 1
        return 0

    def scan(self) -> None:
        section: list[tuple[int, str]] = []
        stack: list[tuple[int, _Elem]] = []
        current: _Elem | None = None
        pcs: _Pcs | None = None
        root: _Elem | None = None
        prev_root: _Elem | None = None
        inference: list[Any] | None = None  # [text parts, line]
        sect = None
        elem_of, pcs_for, rels = self._elem, self._pcs_for, self.rels
        for n, row in self.lines():
            if row is None:
                prev_root, root, current, stack = root, None, None, []
                if pcs is not None:  # a PCS goes on past an empty line until it reaches a conclusion
                    pcs.open = not self._is_conclusion(pcs)
                continue
            if inference is not None:
                end = _DASHES.search(row)
                inference[0].append(row[: end.start()] if end else row)
                if end:
                    pcs.items.append(("infer", self._rule(inference[0], inference[1])))
                    inference = None
                continue
            first = row[0]
            if first not in _SYNTAX_START or (first == "<" and row[1:2] not in ("+", "-", "_")):
                # a statement, an argument or a line of one (`<` starts a relation only as <+ <- <_)
                if current is not None:
                    current.raw.append(row)
                    continue
                elem = elem_of(row, n, sect)
                if pcs is not None:
                    pcs.open, pcs = False, None
                root, current, stack = elem, elem, [(-1, elem)]
                continue
            m = _PCS.match(row) if first in "( \t" else None  # a numbered line: the next most common
            if m:
                pcs = pcs_for(pcs, root, prev_root, n)
                elem = elem_of(row[m.end():], n, sect)
                pcs.items.append(("stmt", (int(m.group(1)), elem)))
                root = elem if root is None else root
                current, stack = elem, [(-1, elem)]
                continue
            if _INFER.match(row):
                pcs = pcs_for(pcs, root, prev_root, n)
                rest = row.lstrip()[2:].lstrip("-")
                end = _DASHES.search(rest)
                if end or _RULE_LINE.fullmatch(row):
                    pcs.items.append(("infer", self._rule([rest[: end.start()] if end else ""], n)))
                else:
                    inference = [[rest], n]
                root, current, stack = None, None, []
                continue
            m = _REL.match(row)
            if m and (current is not None or stack):
                indent = len(m.group(1).expandtabs(4))
                while len(stack) > 1 and stack[-1][0] >= indent:
                    stack.pop()
                child = elem_of(row[m.end():], n, sect)
                rels.append((stack[-1][1], child, m.group(2), n))
                stack.append((indent, child))
                current = child
                continue
            m = _HEADING.match(row)
            if m:
                level, title = len(m.group(1)), _clean(_strip_data(m.group(2))[0])[0]
                while section and section[-1][0] >= level:
                    section.pop()
                section.append((level, title))
                sect = title or None
                self.ext.setdefault("sections", []).append({"level": level, "title": title, "line": n})
                root, current, stack, pcs = None, None, [], None
                continue
            if current is not None and not _LIST.match(row):
                current.raw.append(row)
                continue
            if _LIST.match(row):
                row = _LIST.sub("", row, count=1)
            elem = self._elem(row, n, sect)
            if pcs is not None:
                pcs.open, pcs = False, None
            root, current, stack = elem, elem, [(-1, elem)]

    def _is_conclusion(self, pcs: _Pcs) -> bool:
        return len(pcs.items) >= 2 and pcs.items[-1][0] == "stmt" and pcs.items[-2][0] == "infer"

    def _pcs_for(self, pcs: _Pcs | None, root: _Elem | None, prev_root: _Elem | None, n: int) -> _Pcs:
        """The PCS a numbered line or inference belongs to: the open one, or a new one for the argument above."""
        if pcs is not None and pcs.open:
            return pcs
        owner = root if root is not None and root.kind == "arg" else None
        if owner is None and root is None and prev_root is not None and prev_root.kind == "arg":
            owner = prev_root  # `<Title>: description`, an empty line, then its PCS
        if owner is None or self._has_pcs(owner.title):
            self.seq += 1
            owner = _Elem("arg", f"Untitled argument {self.seq}", [], n, None, False)
            self.elems.append(owner)
        new = _Pcs(owner.title)
        self.pcs.append(new)
        self.pcs_owners.add(new.arg)
        return new

    def _has_pcs(self, title: str | None) -> bool:
        return title in self.pcs_owners

    def _rule(self, parts: list[str], line: int) -> tuple[str, dict[str, Any], int]:
        raw, data = _strip_data(" ".join(parts), self, line)
        rules = [_clean(r)[0] for r in _RULE_SPLIT.split(raw)]
        return ", ".join(r for r in rules if r), data, line

    def _elem(self, text: str, line: int, section: str | None) -> _Elem:
        text = text.strip()
        for pattern, kind, defines in _ELEM_PATTERNS.get(text[:1], ()):
            m = pattern.match(text)
            if m:
                title = m.group(1)
                elem = _Elem(kind, (_unescape(title) if "\\" in title else title).strip(), [text[m.end():]], line,
                             section, defines)
                break
        else:
            elem = _Elem("stmt", None, [text], line, section, True)
        self.elems.append(elem)
        return elem

    # -- from elements to claims and reasons -----------------------------------

    def finish_elements(self) -> None:
        for e in self.elems:
            raw, data = _strip_data(e.raw[0] if len(e.raw) == 1 else " ".join(e.raw), self, e.line)
            e.data = data
            text, e.tags = _clean(raw) if raw else ("", [])
            if not data:  # most statements: no data to read
                e.text = text
                e.defines = e.defines and (bool(text) or e.title is None)
                continue
            exact = isinstance(data.get("argmap_text"), str)  # argmap wrote the text exactly (even "")
            e.text = data.pop("argmap_text") if exact else text
            e.defines = e.defines and (bool(e.text) or exact or e.title is None)
            e.marker = data.get("argmap") == "reason"
            tags = data.pop("argmap_tags", None)
            if isinstance(tags, list) and all(isinstance(t, str) and t for t in tags):
                e.tags = tags

    def build(self) -> ArgumentMap:
        self.scan()
        self.finish_elements()
        self.claims: list[_ClaimRec] = []
        self.by_title: dict[str, int] = {}
        self.claim_of: dict[int, int] = {}  # id(elem) -> claim index
        for e in self.elems:
            if e.kind == "stmt" and not e.marker:
                self.claim_of[id(e)] = self._statement(e)
            elif e.kind == "arg":
                self._argument(e)
        self.reasons: list[dict[str, Any]] = []
        self.seen_reasons: dict[tuple[Any, ...], int] = {}
        self.arg_reason: dict[str, int] = {}  # argument title -> its final reason
        self.arg_conclusion: dict[str, int | None] = {}
        self.marker_steps: dict[int, list[int]] = {}
        self.marker_info: dict[int, tuple[str, str | None, str, int]] = {}
        self.contradiction_claims: list[tuple[dict[str, Any], list[int]]] = []
        for p in self.pcs:
            self._steps(p)
        self._relations()
        return self._assemble()

    def _argument_as_statement(self, e: _Elem) -> None:
        """`(1) <Name>`: an argument used as a line of another's premise-conclusion structure.
        argmap's reasons join claims, so it stands there as the claim that holds its description."""
        self.note(e.line, f"the argument <{e.title}> is used as a line of another argument; argmap puts the claim "
                  "that holds its description there.")
        self.args.setdefault(e.title, {"line": e.line, "description": None, "tags": [], "data": {},
                                       "section": e.section})
        self.claim_of[id(e)] = self._desc_claim(e.title)

    def _statement(self, e: _Elem) -> int:
        key = e.title
        if key is not None and key in self.by_title:
            i = self.by_title[key]
            rec = self.claims[i]
            if e.defines:
                if rec.text is None:
                    rec.text = e.text
                elif _norm(rec.text) != _norm(e.text):
                    self.note(e.line, f"the statement [{key}] is given another text here; argmap keeps the first "
                              f"one (line {rec.line}) and notes this one: {_short(e.text)}")
            if e.tags:
                rec.tags += [t for t in e.tags if t not in rec.tags]
            if e.data:
                rec.data = {**e.data, **rec.data}
            return i
        self.seq += 1
        tags = e.tags + ([e.section] if e.section and e.section not in e.tags else [])
        self.claims.append(_ClaimRec((e.line, self.seq), e.text if e.defines else None, key, tags, dict(e.data),
                                     e.line))
        if key is not None:
            self.by_title[key] = len(self.claims) - 1
        return len(self.claims) - 1

    def _argument(self, e: _Elem) -> None:
        a = self.args.setdefault(e.title, {"line": e.line, "description": None, "tags": [], "data": {},
                                           "section": e.section})
        if e.defines and e.text:
            if a["description"] is None:
                a["description"] = e.text
            elif _norm(a["description"]) != _norm(e.text):
                self.note(e.line, f"the argument <{e.title}> is described again here; argmap keeps the first "
                          f"description and notes this one: {_short(e.text)}")
        a["tags"] += [t for t in e.tags if t not in a["tags"]]
        a["data"].update(e.data)

    def _desc_claim(self, title: str) -> int:
        """The claim that stands for an argument without a PCS: its description."""
        a = self.args[title]
        if "claim" not in a:
            self.seq += 1
            tags = a["tags"] + ([a["section"]] if a["section"] and a["section"] not in a["tags"] else [])
            if not a["description"]:
                self.note(a["line"] or None, f"the argument <{title}> has no description; argmap uses its title as "
                          "the text of its claim.")
            self.claims.append(_ClaimRec((a["line"], self.seq), a["description"] or title, None, list(tags), {},
                                         a["line"]))
            a["claim"] = len(self.claims) - 1
        return a["claim"]

    def _reason(self, kind: str, premises: list[int], target: tuple[str, int], line: int, **extra: Any) -> int | None:
        if target[0] == "claim" and target[1] in premises:
            self.note(line, f"a statement is given as a {'reason for' if kind == 'support' else 'objection to'} "
                      "itself; argmap leaves this relation out (it is kept in the map's Argdown data).")
            self.ext.setdefault("relations", []).append({"type": f"self-{kind}", "line": line})
            return None
        key = (kind, tuple(premises), target)
        if key in self.seen_reasons:
            return self.seen_reasons[key]  # the same relation written twice is one relation, as in Argdown
        self.reasons.append({"kind": kind, "premises": premises, "target": target, "line": line, **extra})
        self.seen_reasons[key] = len(self.reasons) - 1
        return len(self.reasons) - 1

    def _steps(self, p: _Pcs) -> None:
        a = self.args.setdefault(p.arg, {"line": 0, "description": None, "tags": [], "data": {}, "section": None})
        a["pcs"] = True
        numbered: dict[int, int] = {}
        since: list[int] = []
        last_conclusion: int | None = None
        rule: tuple[str, dict[str, Any], int] | None = None
        final = None
        for kind, item in p.items:
            if kind == "infer":
                if rule is not None:
                    self.note(item[2], f"the argument <{p.arg}> has two inference lines in a row; argmap keeps the first.")
                rule = rule or item
                continue
            number, elem = item
            if id(elem) not in self.claim_of and not elem.marker:
                self._argument_as_statement(elem)
            if rule is None:
                if not elem.marker:
                    idx = self.claim_of[id(elem)]
                    numbered[number] = idx
                    since.append(idx)
                continue
            uses = rule[1].get("uses")
            if isinstance(uses, list) and uses and all(isinstance(u, int) and u in numbered for u in uses):
                premises = list(dict.fromkeys(numbered[u] for u in uses))
            else:
                premises = list(dict.fromkeys(since))
            scheme = rule[0][:1000] or None
            line = rule[2]
            rule_data = {k: v for k, v in rule[1].items() if k not in ("uses", "note", *_REASON_DATA)}
            if rule_data:
                self.ext.setdefault("inference_data", []).append({"argument": p.arg, "line": line, "data": rule_data})
            note = rule[1].get("note") if isinstance(rule[1].get("note"), str) else ""
            judged = {k: rule[1][k] for k in _REASON_DATA if k in rule[1]}
            rule = None
            if not premises:
                self.note(line, f"a conclusion of the argument <{p.arg}> has no premises before it; argmap "
                          "keeps it as a claim without a reason.")
                since = []
                continue
            if elem.marker:
                self.marker_steps[id(elem)] = premises
                self.marker_info[id(elem)] = (p.arg, scheme, note, line, judged)
                final, last_conclusion = ("marker", id(elem)), None
                continue
            target = self.claim_of[id(elem)]
            numbered[number] = target
            r = self._reason("support", premises, ("claim", target), line, scheme=scheme, note=note, judged=judged)
            if r is not None:
                final = ("reason", r)
            last_conclusion, since = target, [target]
        if rule is not None or (since and last_conclusion is None and final is None):
            self.note(a["line"] or None, f"the argument <{p.arg}> has premises but no conclusion; argmap keeps its "
                      "premises as claims.")
        if final and final[0] == "reason":
            self.arg_reason[p.arg] = final[1]
            if a["description"] and not self.reasons[final[1]]["note"]:
                self.reasons[final[1]]["note"] = a["description"]
        elif final:
            a["marker"] = final[1]
        self.arg_conclusion[p.arg] = last_conclusion

    def _relations(self) -> None:
        contradictions = []
        pending = []
        for parent, child, sym, line in self.rels:
            child_is_source, kind = _RELATIONS[sym]
            src, dst = (child, parent) if child_is_source else (parent, child)
            if kind == "contradiction":
                contradictions.append((src, dst, line))
                continue
            pending.append((src, dst, kind, line))
        # Exported reasons first (their targets are fixed), then undercuts last: they need the reasons to exist.
        pending.sort(key=lambda t: (not t[0].marker, t[2] == "undercut"))
        for src, dst, kind, line in pending:
            self._relation(src, dst, kind, line)
        for src, dst, line in contradictions:
            entry = {"type": "contradictory", "from": self._node_name(src), "to": self._node_name(dst), "line": line}
            self.ext.setdefault("relations", []).append(entry)
            ends = [self._claim_for(e) for e in (src, dst)]
            if None not in ends:  # the claims it joins, by id once ids are given (an untitled statement has no name)
                self.contradiction_claims.append((entry, ends))
            self.note(line, f"{self._node_name(src)} and {self._node_name(dst)} contradict each other; argmap has "
                      "no contradiction arrow, so this is kept in the map's Argdown data only.")

    def _claim_for(self, e: _Elem) -> int | None:
        """The claim an element stands for: a statement's, or an argument's conclusion or description."""
        if e.kind == "stmt":
            return None if e.marker else self.claim_of[id(e)]
        if self.args[e.title].get("pcs"):
            return self.arg_conclusion.get(e.title)
        return self._desc_claim(e.title)

    def _node_name(self, e: _Elem) -> str:
        if e.kind == "arg":
            return f"<{e.title}>"
        if e.title is not None:
            return f"[{e.title}]"
        return _short(e.text, 40)

    def _relation(self, src: _Elem, dst: _Elem, kind: str, line: int) -> None:
        rkind = "support" if kind == "support" else "objection"
        if src.marker:
            if id(src) not in self.marker_steps:
                return
            arg, scheme, note, _, judged = self.marker_info[id(src)]
            target = self._target(dst, kind, line)
            if target is None:
                return
            description = self.args.get(arg, {}).get("description")
            note = note or (description if isinstance(description, str) else "")  # as for a reason with a PCS
            r = self._reason(rkind, self.marker_steps.pop(id(src)), target, line, scheme=scheme, note=note,
                             judged=judged)
            if r is not None:
                self.arg_reason[arg] = r
            return
        premise = self._premise(src, line)
        target = self._target(dst, kind, line)
        if premise is None or target is None:
            return
        if kind == "undercut" and target[0] == "claim":
            self.note(line, f"{self._node_name(src)} undercuts {self._node_name(dst)}, which is a statement, not an "
                      "argument; argmap makes it an objection to the statement.")
        if src.kind == "arg" and self.arg_conclusion.get(src.title) == target[1] and target[0] == "claim":
            return  # an argument supporting its own conclusion: its PCS already says so
        r = self._reason(rkind, [premise], target, line, scheme=None, note="")
        if r is not None and src.kind == "arg" and src.title not in self.arg_reason:
            self.arg_reason[src.title] = r

    def _premise(self, e: _Elem, line: int) -> int | None:
        if e.kind == "stmt":
            return self.claim_of[id(e)]
        a = self.args[e.title]
        if a.get("pcs"):
            c = self.arg_conclusion.get(e.title)
            if c is None:
                self.note(line, f"the argument <{e.title}> has no conclusion, so argmap cannot use it as a reason; "
                          "the relation is kept in the map's Argdown data.")
                self.ext.setdefault("relations", []).append({"type": "from-argument-without-conclusion",
                                                             "from": f"<{e.title}>", "line": line})
            return c
        return self._desc_claim(e.title)

    def _target(self, e: _Elem, kind: str, line: int) -> tuple[str, int] | None:
        if e.kind == "stmt":
            if e.marker:
                return None
            return ("claim", self.claim_of[id(e)])
        a = self.args[e.title]
        if kind == "undercut" or a.get("marker") is not None:
            r = self.arg_reason.get(e.title)
            if r is not None:
                return ("reason", r)
            self.note(line, f"<{e.title}> is undercut, but it draws no inference argmap knows of; argmap makes "
                      "the undercut an objection to the argument's claim.")
        if a.get("pcs"):
            c = self.arg_conclusion.get(e.title)
            if c is None:
                self.note(line, f"the argument <{e.title}> has no conclusion to attach this relation to; it is kept "
                          "in the map's Argdown data.")
                self.ext.setdefault("relations", []).append({"type": kind, "to": f"<{e.title}>", "line": line})
                return None
            if kind != "undercut":
                self.note(line, f"a relation to the argument <{e.title}> as a whole is attached to its conclusion.")
            return ("claim", c)
        return ("claim", self._desc_claim(e.title))

    # -- the map -----------------------------------------------------------------

    def _assemble(self) -> ArgumentMap:
        order = sorted(range(len(self.claims)), key=lambda i: self.claims[i].key)
        cid = {i: f"c{n}" for n, i in enumerate(order, 1)}
        rorder = sorted(range(len(self.reasons)), key=lambda i: self.reasons[i]["line"])
        rid = {i: f"r{n}" for n, i in enumerate(rorder, 1)}
        claims, titles, data_ext = [], {}, {}
        for i in order:
            rec = self.claims[i]
            text = rec.text
            if text is None:
                text = rec.title or ""
                self.note(rec.line, f"the statement [{rec.title}] is used but never given a text; argmap uses its "
                          "title as its text.")
            if len(text) > 10_000:
                self.note(rec.line, "a statement longer than 10,000 characters is cut short; the whole text is kept "
                          "in the map's Argdown data.")
                data_ext.setdefault(cid[i], {})["full_text"] = text
                text = text[:10_000]
            data = rec.data
            if data:
                fields = {k: data[k] for k in _CLAIM_DATA if k in data}
                rest = {k: v for k, v in data.items() if k not in _CLAIM_DATA}
            else:
                fields, rest = {}, {}
            tags = [t[:100] for t in dict.fromkeys(rec.tags)] if rec.tags else []
            try:
                claim = Claim(id=cid[i], text=text, tags=tags, **fields)
            except (ValidationError, TypeError):
                claim = Claim(id=cid[i], text=text, tags=tags)
                rest.update(fields)
                self.note(rec.line, "some data of this statement does not fit argmap; it is kept in the map's "
                          "Argdown data.")
            if rest:
                data_ext.setdefault(cid[i], {})["data"] = rest
            if rec.title is not None:
                titles[cid[i]] = rec.title
            claims.append(claim)
        reasons = []
        for i in rorder:
            r = self.reasons[i]
            target = cid[r["target"][1]] if r["target"][0] == "claim" else rid[r["target"][1]]
            reason = Reason(id=rid[i], kind=r["kind"], premises=[cid[p] for p in r["premises"]], target=target,
                            scheme=r.get("scheme"), note=(r.get("note") or "")[:100_000])
            if r.get("judged"):
                try:
                    reason = Reason(**{**reason.model_dump(), **r["judged"]})
                except (ValidationError, TypeError):
                    self.note(r["line"], "the strength or critical questions written on this inference do not fit "
                              "argmap; argmap leaves them out.")
            reasons.append(reason)
        claims = self._main_conclusion(claims, reasons)
        for entry, ends in self.contradiction_claims:
            entry["claims"] = [cid[i] for i in ends]
        ext = dict(self.ext)
        if titles:
            ext["titles"] = titles
        if data_ext:
            ext["claims"] = data_ext
        args = {}
        for title, a in self.args.items():
            entry = {k: a[k] for k in ("description", "tags", "data") if a.get(k)}
            if "claim" in a:
                entry["claim"] = cid[a["claim"]]
            if title in self.arg_reason:
                entry["reason"] = rid[self.arg_reason[title]]
            args[title] = entry
        if args:
            ext["arguments"] = args
        fields = getattr(self, "map_fields", {})
        try:
            # Read as JSON, as argmap wrote them: times are ISO strings there.
            meta = ArgumentMap.model_validate_json(json.dumps({k: v for k, v in fields.items()
                                                                if k not in ("claims", "reasons")}))
            m = ArgumentMap(claims=claims, reasons=reasons, **{k: getattr(meta, k) for k in fields
                                                                 if k not in ("claims", "reasons")})
        except (ValidationError, TypeError, ValueError):
            self.note(None, "the map's settings in the front matter do not fit argmap; they are kept as text.")
            m = ArgumentMap(claims=claims, reasons=reasons, title=str(fields.get("title", ""))[:1000])
        extensions = dict(m.extensions)
        extensions["argdown"] = ext
        try:
            return m.model_copy(update={"extensions": ArgumentMap(extensions=extensions).extensions})
        except ValidationError:
            self.note(None, "some Argdown data is nested too deeply to keep; it is left out.")
            return m

    def _main_conclusion(self, claims: list[Claim], reasons: list[Reason]) -> list[Claim]:
        marked = [c for c in claims if c.main_conclusion]
        if len(marked) > 1:
            self.note(None, "several statements are marked as the main conclusion; argmap keeps the first.")
            keep = marked[0].id
            return [c if c.id == keep or not c.main_conclusion else c.model_copy(update={"main_conclusion": False})
                    for c in claims]
        if marked:
            return claims
        supported: dict[str, list[str]] = {}
        used: set[str] = set()
        for r in reasons:
            if r.kind == "support":
                supported.setdefault(r.target, []).extend(r.premises)
            used.update(r.premises)
        if not supported:
            if claims:
                self.note(None, "no statement is supported by another, so argmap cannot tell which is the main "
                          "conclusion; mark one yourself.")
            return claims
        roots = [c.id for c in claims if c.id in supported and c.id not in used] or [
            c.id for c in claims if c.id in supported]
        if not roots:  # every support aims at a reason's step, none at a statement
            self.note(None, "no statement is supported by another, so argmap cannot tell which is the main "
                      "conclusion; mark one yourself.")
            return claims
        best, best_n = roots[0], -1
        for root in roots:  # the root that the most claims lead to through support
            seen, todo = {root}, [root]
            while todo:
                for p in supported.get(todo.pop(), ()):
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
            if len(seen) > best_n:
                best, best_n = root, len(seen)
        return [c.model_copy(update={"main_conclusion": True}) if c.id == best else c for c in claims]


def _mask_comments(text: str) -> str:
    """The text with every comment's characters (not its line breaks) replaced by NUL marks."""
    if "//" not in text and "/*" not in text and "<!--" not in text:  # found at memchr speed: most files
        return text
    parts, i, missing = [], 0, set()
    starts = re.compile(r"<!--|/\*|(?<![:\\/])//")
    while True:
        m = starts.search(text, i)
        if not m:
            break
        s = m.start()
        if s > 0 and text[s - 1] == "\\" or m.group() in missing:
            parts.append(text[i:m.end()])
            i = m.end()
            continue
        closer = {"<!--": "-->", "/*": "*/", "//": "\n"}[m.group()]
        end = text.find(closer, m.end())
        if end < 0:
            if closer == "\n":
                end = len(text)
            else:
                missing.add(m.group())  # never closed: not a comment (and no later one closes either)
                parts.append(text[i:m.end()])
                i = m.end()
                continue
        else:
            end += 0 if closer == "\n" else len(closer)
        parts.append(text[i:s])
        parts.append(re.sub(r"[^\n]", _MARK, text[s:end]) or _MARK)
        i = end
    parts.append(text[i:])
    return "".join(parts)


def _front_matter_fields(body: str) -> dict[str, Any]:
    """Map settings argmap wrote (`argmap: {...}`), else the Argdown `title:`."""
    rows = body.split("\n")
    for row in rows:  # argmap's own settings win, wherever they stand
        key, _, value = row.partition(":")
        if key == "argmap" and value.strip():
            parsed = _parse_flow(value.strip())
            if isinstance(parsed, dict):
                return parsed
    for row in rows:
        key, _, value = row.partition(":")
        if key == "title" and value.strip():
            v = value.strip()
            try:
                v = json.loads(v) if v.startswith('"') else v.strip("'")
            except ValueError:
                pass
            return {"title": str(v)[:1000]}
    return {}


def _strip_data(text: str, reader: _Reader | None = None, line: int = 0) -> tuple[str, dict[str, Any]]:
    """Text without its `{key: value}` blocks, and their data merged."""
    if "{" not in text:
        return text, {}
    data: dict[str, Any] = {}
    out, i = [], 0
    while True:
        s = text.find("{", i)
        while s > 0 and text[s - 1] == "\\":
            s = text.find("{", s + 1)
        if s < 0:
            break
        try:  # data argmap wrote is JSON, read at C speed; other YAML flow values below
            parsed, end = _JSON.raw_decode(text, s)
            end -= 1
        except ValueError:
            end = _closing_brace(text, s)
            if end < 0 or end - s > 100_000:
                break
            parsed = _parse_flow(text[s:end + 1])
        if isinstance(parsed, dict):
            data.update(parsed)
        elif reader is not None:
            reader.note(line, f"argmap cannot read the data {_short(text[s:end + 1], 40)}; it is kept as text in the "
                        "map's Argdown data.")
            reader.ext.setdefault("unread_data", []).append({"line": line, "text": text[s:end + 1][:1000]})
        out.append(text[i:s])
        i = end + 1
    out.append(text[i:])
    return "".join(out), data


def _closing_brace(text: str, start: int) -> int:
    depth, quote, i = 0, None, start
    while i < len(text) and i - start <= 100_000:
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'" and text[i - 1] in "{[,: ":
            quote = ch
        elif ch in "{[":
            depth += 1
            if depth > 20:
                return -1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


_FLOW_TOKEN = re.compile(r'\s*(?:(?P<p>[{}\[\],:])|"(?P<d>(?:[^"\\]|\\.)*)"|\'(?P<s>(?:[^\']|\'\')*)\'|(?P<w>[^{}\[\],:"\']+?)(?=\s*(?:[{}\[\],]|:\s|:$|$)))')


def _parse_flow(text: str) -> Any:
    """A YAML flow value (`{a: 1, b: [x, "y"]}`, and so JSON), or None when it is not one this simple."""
    tokens, i = [], 0
    while i < len(text):
        m = _FLOW_TOKEN.match(text, i)
        if not m or m.end() == i:
            if text[i:].strip():
                return None
            break
        i = m.end()
        if m.group("p"):
            tokens.append(("p", m.group("p")))
        elif m.group("d") is not None:
            try:
                tokens.append(("v", json.loads(f'"{m.group("d")}"')))
            except ValueError:
                return None
        elif m.group("s") is not None:
            tokens.append(("v", m.group("s").replace("''", "'")))
        else:
            tokens.append(("v", _scalar(m.group("w").strip())))
    try:
        value, pos = _flow_value(tokens, 0)
    except (IndexError, ValueError):
        return None
    return value if pos == len(tokens) else None


def _flow_value(tokens: list[tuple[str, Any]], i: int) -> tuple[Any, int]:
    kind, tok = tokens[i]
    if kind == "v":
        return tok, i + 1
    if tok not in "{[":
        raise ValueError(tok)
    closer, out = ("}", {}) if tok == "{" else ("]", [])
    i += 1
    while tokens[i] != ("p", closer):
        if closer == "}":
            key, i = _flow_value(tokens, i)
            if tokens[i] != ("p", ":") or not isinstance(key, str | int | float | bool):
                raise ValueError("key")
            value, i = _flow_value(tokens, i + 1)
            out[str(key)] = value
        else:
            value, i = _flow_value(tokens, i)
            out.append(value)
        if tokens[i] == ("p", ","):
            i += 1
        elif tokens[i] != ("p", closer):
            raise ValueError("separator")
    return out, i + 1


def _scalar(word: str) -> Any:
    low = word.lower()
    if low in ("true", "false"):
        return low == "true"
    if low in ("null", "~", ""):
        return None
    if re.fullmatch(r"[-+]?\d{1,18}", word):
        return int(word)
    if re.fullmatch(r"[-+]?\d*\.\d+(e[-+]?\d+)?", low):
        return float(word)
    return word


def _clean(raw: str) -> tuple[str, list[str]]:
    """Plain text and tags of an element: escapes kept, trailing tags and Markdown marks dropped."""
    escaped: list[str] = []

    def keep(m: re.Match[str]) -> str:
        escaped.append(m.group(1))
        return _MARK

    # Each step runs only when its mark is there: most statements are plain sentences.
    text = _ESCAPE.sub(keep, raw) if "\\" in raw else raw
    tags = []
    if "#" in text:
        for m in _TAG.finditer(text):
            tag = (m.group(1) or m.group(2)).strip()
            if escaped and _MARK in tag:  # an escaped character inside a tag: put it back
                done = text.count(_MARK, 0, m.start())
                parts = tag.split(_MARK)
                tag = parts[0] + "".join(escaped[done + i] + part for i, part in enumerate(parts[1:]))
            tags.append(tag)
    text = " ".join(text.split())
    marked = text
    if "#" in text:
        text = _drop_trailing_tags(text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    for mark, pattern in _EMPHASIS_MARKS:
        if mark in text:
            text = pattern.sub(r"\1", text)
    if text != marked:
        text = " ".join(text.split())
    if escaped:
        parts = text.split(_MARK)
        text = parts[0] + "".join(e + p for e, p in zip(escaped, parts[1:], strict=False))
    return text, ([t for t in dict.fromkeys(tags) if t] if tags else [])


def _drop_trailing_tags(text: str) -> str:
    """Tags at the end label the statement; tags inside a sentence stay part of it (linear, from the end)."""
    end = len(text)
    while end:
        start = text.rfind("#(", 0, end) if text[end - 1] == ")" else text.rfind(" ", 0, end) + 1
        if start <= 0 or text[start - 1] != " " or not _TAG.fullmatch(text, start, end):
            break  # not a tag, or a statement made only of tags (which keeps them as its text)
        end = start - 1
    return text[:end]


def _unescape(text: str) -> str:
    return _ESCAPE.sub(r"\1", text)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _short(text: str, limit: int = 60) -> str:
    flat = _norm(text)
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _size_limit(head: str) -> int:
    """How big an Argdown text may be: bigger when argmap wrote it (the start of the text says so)."""
    return MAX_OWN_ARGDOWN_BYTES if _OWN_HEAD.match(head) else MAX_ARGDOWN_BYTES


def _too_big(size: int, limit: int) -> str:
    own = f", and the Argdown it wrote itself up to {MAX_OWN_ARGDOWN_BYTES // 1_048_576} MB" \
        if limit == MAX_OWN_ARGDOWN_BYTES else ""
    return (f"The file is {size / 1_048_576:.0f} MB, far larger than any Argdown debate "
            f"(argmap reads Argdown files up to {MAX_ARGDOWN_BYTES // 1_048_576} MB{own}).")


def _check_text(text: str, path: str | Path) -> None:
    if len(text) > MAX_ARGDOWN_BYTES:
        limit = _size_limit(text[:4096])
        if len(text) > limit:
            raise MapFileError(path, _too_big(len(text), limit))
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise MapFileError(path, "The file holds a NUL character, so it is not a text file; it may be damaged.",
                           line=line, column=column)


def parse_argdown(text: str, path: str | Path = "<argdown>") -> tuple[ArgumentMap, list[str]]:
    """The map an Argdown text describes, and notes for the user on what did not carry over exactly."""
    _check_text(text, path)
    reader = _Reader(text.removeprefix("\ufeff"), path)
    try:
        with gc_paused():  # tens of thousands of small records, nothing cyclic to free meanwhile
            m = reader.build()
    except (ValidationError, RecursionError, KeyError, IndexError, ValueError) as exc:
        # A bug's message would mean nothing to a student; say what happened and where.
        raise MapFileError(path, f"argmap could not make sense of this Argdown text ({type(exc).__name__}).") from None
    return m, reader.notes


def load_argdown(path: str | Path) -> tuple[ArgumentMap, list[str]]:
    """Read an .argdown file, or raise MapFileError saying what is wrong and where."""
    path = Path(path)
    try:  # the start tells whether argmap wrote it, and so how big it may be
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8", errors="replace")
    except OSError:
        head = ""  # read_limited says what is wrong
    limit = _size_limit(head)
    data = read_limited(path, limit, lambda size: _too_big(size, limit), kind="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        raise MapFileError(path, f"The file is not valid UTF-8 text (byte {exc.start + 1} cannot be read).",
                           line=good.count("\n") + 1, column=len(good) - (good.rfind("\n") + 1) + 1) from None
    return parse_argdown(text, path)


# -- writing -------------------------------------------------------------------

_SPECIAL = re.compile(r"[\\@#*_\[\]<>{}/=]|[.:](?=\S)|^[-+(]")
_SPECIAL_RULE = re.compile(_SPECIAL.pattern + r"|[,-]")  # in an inference line commas split rules, -- ends it


def _escape(text: str, rule: bool = False) -> str:
    """Text that Argdown reads as plain words on one line: every character that could start syntax is escaped."""
    # Control characters (a NUL would make the file unreadable) are left out of the line; the
    # writer then keeps the exact text in the statement's data, JSON-escaped.
    flat = " ".join(text.split()).translate(_CONTROLS)
    return (_SPECIAL_RULE if rule else _SPECIAL).sub(lambda m: "\\" + m.group(), flat)


_CONTROLS = dict.fromkeys([*range(0x20), 0x7F])


def _json_data(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_json_data(str(k))}: {_json_data(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json_data(v) for v in value) + "]"
    text = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        for ch in "{}=#/<>":
            text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def _statement_line(text: str, tags: list[str], data: dict[str, Any]) -> str:
    escaped = _escape(text)
    if _clean(escaped)[0] != text or not text.strip():  # an empty box would read back as its title
        data = {**data, "argmap_text": text}  # what one Argdown line cannot say exactly
    # Tags Argdown reads back exactly go in #(...); the others ("//", "\\", "{", control characters) in the data.
    simple = [t for t in tags if ")" not in t and t.strip() == t and t and _escape(t) == t and "//" not in t]
    if len(simple) < len(tags):
        data = {**data, "argmap_tags": tags}
    line = escaped + "".join(f" #({t})" for t in simple)
    return line + (" " + _json_data(data) if data else "")


def dump_argdown(m: ArgumentMap) -> str:
    """Argdown text for a map: claims as titled statements, reasons as arguments with a PCS."""
    with gc_paused():  # lines and small dicts by the ten thousand, nothing cyclic
        return _dump_argdown(m)


def _dump_argdown(m: ArgumentMap) -> str:
    titles = _titles(m)
    rtitles = {r.id: f"r{n}" for n, r in enumerate(m.reasons, 1)}
    targeted = {r.target for r in m.reasons}
    header = m.model_dump(mode="json", exclude_defaults=True,
                          exclude={"format", "format_version", "claims", "reasons", "extensions"})
    other = {k: v for k, v in m.extensions.items() if k != "argdown"}
    if other:
        header["extensions"] = other
    out = ["===", f"title: {_json_data(m.title)}", f"argmap: {_json_data(header)}", "===", ""]
    for c in m.claims:
        data = c.model_dump(mode="json", exclude_defaults=True, include=set(_CLAIM_DATA))
        out += [f"[{titles[c.id]}]: " + _statement_line(c.text, c.tags, data), ""]
    for r in m.reasons:
        out += _reason_lines(m, r, titles, rtitles, targeted)
    return "\n".join(out).rstrip("\n") + "\n"


def _titles(m: ArgumentMap) -> dict[str, str]:
    known = m.extensions.get("argdown", {}).get("titles", {}) if isinstance(m.extensions.get("argdown"), dict) else {}
    titles, used = {}, set()
    for n, c in enumerate(m.claims, 1):
        want = known.get(c.id) if isinstance(known, dict) else None
        for title in (want, c.id, f"c{n}"):
            if isinstance(title, str) and re.fullmatch(r"[A-Za-z0-9][^\[\]\\\n]*", title) and title not in used:
                break
        else:
            title = f"c{n}-{len(used)}"
        used.add(title)
        titles[c.id] = title
    return titles


def _reason_lines(m: ArgumentMap, r: Reason, titles: dict[str, str], rtitles: dict[str, str],
                  targeted: set[str]) -> list[str]:
    def ref(node: str) -> str:
        return f"[{titles[node]}]" if node in titles else f"<{rtitles.get(node, node)}>"

    on_claim = r.target in titles
    judged = r.model_dump(mode="json", exclude_defaults=True, include=set(_REASON_DATA))
    if (r.kind == "objection" and len(r.premises) == 1 and r.id not in targeted and r.premises[0] in titles
            and not judged and not r.note and not r.scheme):  # a relation line has no room for these
        if on_claim:  # a plain attack between two statements
            return [ref(r.target), f"  - {ref(r.premises[0])}", ""]
        if r.target in rtitles:  # a one-premise undercutter
            return [ref(r.target), f"  <_ {ref(r.premises[0])}", ""]
    head = f"<{rtitles[r.id]}>"
    if r.note:
        head += ": " + _statement_line(r.note, [], {})
    lines = [head, ""]
    lines += [f"({i}) {ref(p) if p in titles else _escape(p)}" for i, p in enumerate(r.premises, 1)]
    scheme = _escape(r.scheme, rule=True) if r.scheme else ""
    rule_data = {"scheme": r.scheme} if r.scheme and _clean(scheme)[0] != r.scheme else {}
    rule_data.update(judged)
    lines.append(f"-- {scheme} {_json_data(rule_data) if rule_data else ''} --" if scheme or rule_data else "----")
    n = len(r.premises) + 1
    if r.kind == "support" and on_claim:
        lines.append(f"({n}) {ref(r.target)}")
    else:  # argmap's reason stands in for a conclusion Argdown needs; a data mark says so
        word = "Objection" if r.kind == "objection" else "Support"
        lines.append(f"({n}) {word} {rtitles[r.id]} {_json_data({'argmap': 'reason'})}")
        symbol = {"support": "+>", "objection": "->"}[r.kind] if on_claim else (
            "_>" if r.kind == "objection" else "+>")
        lines.append(f"  {symbol} {ref(r.target)}")
    return lines + [""]
