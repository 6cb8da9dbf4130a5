"""The argument in standard form, as a critical-thinking course writes it.

For every conclusion, starting at the main one, each supporting reason is
written as one argument: its premises numbered (1), (2), ..., a line, then the
conclusion. Conclusions are numbered C1, C2, ... and a premise that is argued
for elsewhere points at its number. Hidden premises are marked. Objections,
and the replies to them, are indented under what they attack.

`outline(m)` returns rows (depth, kind, text, ids) so that other renderers
(the Outline panel) share one reading order; `outline_text(m)` renders them
for a terminal, `outline_markdown(m)` as Markdown for GitHub or Pandoc.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Reason
from argmap.runtime import deep_recursion

RowKind = Literal["title", "info", "heading", "premise", "line", "conclusion", "objection", "reply", "note", "blank"]


@dataclass(frozen=True)
class Row:
    depth: int
    kind: RowKind
    label: str
    text: str
    claim_id: str | None = None
    reason_id: str | None = None
    marks: str = ""  # the bracketed end of `text` ("hidden premise"), kept apart for renderers that style it

    @property
    def body(self) -> str:
        """The text without its marks."""
        return self.text.removesuffix(f" [{self.marks}]") if self.marks else self.text


class _Outliner:
    def __init__(self, m: ArgumentMap, index: MapIndex | None = None) -> None:
        self.m = m
        self.ix = index if index is not None else MapIndex(m)
        self.rows: list[Row] = []
        self.conclusion_no: dict[str, int] = {}
        self.argued: set[str] = set()
        self.shown: set[str] = set()  # reasons already written out
        self.argument_no = 0

    # numbering: conclusions in the order a reader meets them
    def number_conclusions(self) -> list[str]:
        order: list[str] = []
        queue = [c.id for c in self.ix.main_conclusions()]
        seen = set(queue)
        while queue:
            cid = queue.pop(0)
            order.append(cid)
            for r in self._bearing_on(cid):
                for p in r.premises:
                    if p in self.ix.claims and p not in seen and self._is_argued(p):
                        seen.add(p)
                        queue.append(p)
        for c in self.m.claims:  # conclusions outside the main argument
            if c.id not in seen and self._is_argued(c.id):
                seen.add(c.id)
                order.append(c.id)
        self.conclusion_no = {cid: i + 1 for i, cid in enumerate(order)}
        return order

    def _is_argued(self, cid: str) -> bool:
        return any(r.premises for r in self.ix.supports(cid))

    def _bearing_on(self, cid: str) -> list[Reason]:
        """Supports of a claim, then objections to it and to its supports (for numbering)."""
        out = list(self.ix.supports(cid)) + self.ix.objections(cid)
        for r in self.ix.supports(cid):
            out += self.ix.objections(r.id)
        return out

    def claim_label(self, cid: str) -> str:
        c = self.ix.claims.get(cid)
        if c is None:
            return f"(missing claim '{cid}')"
        return c.text.strip() or "(no text yet)"

    def marks(self, cid: str, *, as_premise: bool) -> str:
        c = self.ix.claims.get(cid)
        bits = []
        if c is not None and c.hidden:
            bits.append("hidden premise")
        n = self.conclusion_no.get(cid)
        if as_premise and n is not None:
            bits.append(f"C{n}, argued below" if cid not in self.argued else f"C{n}, argued above")
        return "; ".join(bits)

    def add(self, depth: int, kind: RowKind, label: str, text: str, claim_id: str | None = None,
            reason_id: str | None = None) -> None:
        self.rows.append(Row(depth, kind, label, text, claim_id, reason_id))

    def add_claim(self, depth: int, kind: RowKind, label: str, cid: str, reason_id: str | None = None,
                  *, as_premise: bool = True) -> None:
        """A row that shows a claim, with its marks at the end."""
        marks = self.marks(cid, as_premise=as_premise)
        text = self.claim_label(cid) + (f" [{marks}]" if marks else "")
        self.rows.append(Row(depth, kind, label, text, cid, reason_id, marks))

    # -- sections ------------------------------------------------------------

    def conclusion_section(self, cid: str) -> None:
        self.argued.add(cid)
        c = self.ix.claims[cid]
        n = self.conclusion_no[cid]
        heading = "Main conclusion" if c.main_conclusion else "Conclusion"
        self.add(0, "heading", f"C{n}", f"{heading} C{n}: {self.claim_label(cid)}", cid)
        for r in self.ix.supports(cid):
            if not r.premises:
                continue
            self.argument(r, cid, depth=1)
        self.objections_to(cid, depth=1, heading=f"Objections to C{n}")
        self.add(0, "blank", "", "")

    def argument(self, r: Reason, cid: str, depth: int) -> None:
        self.shown.add(r.id)
        self.argument_no += 1
        scheme = f" ({r.scheme})" if r.scheme else ""
        n = self.conclusion_no.get(cid)
        title = f"Argument {self.argument_no} for C{n}{scheme}" if n else f"Argument {self.argument_no}{scheme}"
        self.add(depth, "info", f"Argument {self.argument_no}", title, reason_id=r.id)
        for i, p in enumerate(r.premises, 1):
            self.add_claim(depth + 1, "premise", f"P{i}.", p, r.id)
            self.objections_to(p, depth + 2, heading=None)
        self.add(depth + 1, "line", "", "─" * 24, reason_id=r.id)
        self.add(depth + 1, "conclusion", f"C{n}." if n else "C.", self.claim_label(cid), cid, r.id)
        for o in self.ix.objections(r.id):
            self.objection(o, depth + 2, against="Objection to the step from these premises")
        for b in self.ix.supports(r.id):  # backing for the inference itself
            if b.id not in self.shown:
                self.shown.add(b.id)
                for i, p in enumerate(b.premises):
                    label = "Backing for the step" if i == 0 else "together with"
                    self.add_claim(depth + 2, "note", label, p, b.id)

    def objections_to(self, target: str, depth: int, heading: str | None) -> None:
        objs = [o for o in self.ix.objections(target) if o.id not in self.shown]
        if not objs:
            return
        if heading:
            self.add(depth, "info", "", heading + ":")
        for o in objs:
            self.objection(o, depth + (1 if heading else 0), against=None)

    def objection(self, o: Reason, depth: int, against: str | None) -> None:
        """An objection (or reply), one row per co-premise, then the replies to it.

        A premise argued for elsewhere points at its conclusion number
        instead of being argued again here.
        """
        if o.id in self.shown:
            return
        self.shown.add(o.id)
        kind: RowKind = "reply" if self.ix.role(o) in ("rebuttal", "undercutter") and against is None else "objection"
        label = "Reply" if kind == "reply" else (against or "Objection")
        if not o.premises:
            self.add(depth, kind, label, "(no premises yet)", None, o.id)
        for i, p in enumerate(o.premises):
            self.add_claim(depth, kind, label if i == 0 else "together with", p, o.id)
        for p in o.premises:
            for reply in self.ix.objections(p):
                self.objection(reply, depth + 1, against=None)
        for reply in self.ix.objections(o.id):
            self.objection(reply, depth + 1, against=None)

    def run(self) -> list[Row]:
        for _ in self.steps():
            pass
        return self.rows

    def steps(self) -> Iterator[None]:
        """Write the rows, pausing after each section (see outline_in_steps)."""
        m = self.m
        self.add(0, "title", "", m.title or "Untitled map")
        if m.source is not None and (m.source.title or m.source.author):
            cite = ", ".join(x for x in (m.source.author, f"“{m.source.title}”" if m.source.title else "",
                                         m.source.outlet, m.source.date) if x)
            self.add(0, "info", "Source", f"Source: {cite}")
        self.add(0, "blank", "", "")
        order = self.number_conclusions()
        for cid in order:
            if cid in self.ix.claims and cid not in self.argued:
                if self.ix.claims[cid].main_conclusion or self._is_argued(cid):
                    self.conclusion_section(cid)
                    yield
        for c in self.ix.main_conclusions():
            if c.id not in self.argued:
                self.conclusion_section(c.id)
                yield
        mentioned = {row.claim_id for row in self.rows} | {
            p for r in m.reasons if r.id in self.shown for p in r.premises
        }
        loose = [c for c in m.claims if c.id not in mentioned]
        if loose:
            self.add(0, "heading", "", "Not yet connected to the argument:")
            for c in loose:
                self.add_claim(1, "note", "-", c.id, as_premise=False)
        while self.rows and self.rows[-1].kind == "blank":
            self.rows.pop()


def outline(m: ArgumentMap) -> list[Row]:
    """The map in standard form, as rows in reading order."""
    if not m.claims:
        return [Row(0, "title", "", m.title or "Untitled map"), Row(0, "note", "", "This map has no claims yet.")]
    with deep_recursion(len(m.claims) + len(m.reasons)):  # replies to replies can run long
        return _Outliner(m).run()


def outline_in_steps(m: ArgumentMap, index: MapIndex | None = None) -> Iterator[list[Row] | None]:
    """`outline(m)` a section at a time: None after each section, then the rows.

    A window writes a big map's outline between events this way (50,000
    claims take seconds); a worker thread would not do, as it would hold
    Python's lock while the window paints. `index`: an index of `m` as it is,
    which must stay so until the rows are written.
    """
    if not m.claims:
        yield outline(m)
        return
    with deep_recursion(len(m.claims) + len(m.reasons)):
        writer = _Outliner(m, index)
        for _ in writer.steps():
            yield None
    yield writer.rows


def wrap(text: str, width: int, first: str, hang: str) -> str:
    """Greedy word wrap; several times faster than textwrap on long outlines."""
    lines, line = [], first
    fresh = True  # nothing but the indent on this line yet
    for word in text.split():
        if not fresh and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, fresh = hang + word, False
        else:
            line = line + word if fresh else f"{line} {word}"
            fresh = False
    lines.append(line)
    return "\n".join(lines)


def outline_text(m: ArgumentMap, width: int = 88) -> str:
    """The standard form as indented plain text."""
    out: list[str] = []
    # Replies to replies can nest deeply; past half the width the indent
    # stops growing so the text keeps room to be read.
    max_indent = width // 2
    for row in outline(m):
        if row.kind == "blank":
            out.append("")
            continue
        if row.kind == "title":
            out.append(row.text)
            out.append("=" * min(len(row.text), width))
            continue
        indent = ("   " * row.depth)[:max_indent]
        if row.kind in ("premise", "conclusion"):
            prefix = f"{row.label} " if row.label else ""
        elif row.kind in ("objection", "reply", "note"):
            bullet = "  " if row.label == "together with" else {"objection": "− ", "reply": "↳ ", "note": "  "}[row.kind]
            prefix = bullet + (f"{row.label}: " if row.label and row.label != "-" else "")
        else:
            prefix = ""
        first = indent + prefix
        if row.kind == "line":
            out.append(first + row.text)
            continue
        # premises hang under their text; objections under their dash
        hang = " " * len(first) if row.kind in ("premise", "conclusion") else indent + "  "
        out.append(wrap(row.text, width, first, hang))
    return "\n".join(out) + "\n"


# Markdown ---------------------------------------------------------------------

# Backslash-escaped, these show as themselves on GitHub and in Pandoc: emphasis,
# code, links and images, HTML, headings, tables, and Pandoc's maths ($),
# super- and subscript (^ ~), citations (@) and attributes ({ }).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~^$@])")
_MD_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")  # "&lt;" would show as "<"
# GitHub makes links of bare web addresses, escapes and all ("a\\_b"); "http\\://" and "www\\." it leaves alone.
_MD_WEB_ADDRESS = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<![^\s*_~(])(www)(\.)", re.IGNORECASE)
# What would start a list at the start of a line: "- ", "+ ", "1. ", "a) ", "(a) ", and Pandoc's ": " definitions
_MD_LINE_START = re.compile(r"^(?:[-+:]|\(\w{1,9}\)(?=\s|$)|\w{1,9}[.)](?=\s|$))")
MAX_MARKDOWN_NESTING = 10  # deeper replies stay at this level: renderers give up on deeper lists


def escape_markdown(text: str) -> str:
    """A student's text as Markdown that shows every character as typed, on one line."""
    text = " ".join(text.split())  # a line break would start a new paragraph or list
    text = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", text))
    text = _MD_WEB_ADDRESS.sub(lambda mt: "\\:" if mt[1] else f"{mt[2]}\\.", text)
    start = _MD_LINE_START.match(text)
    if start is None:
        return text
    # "\1." would show its backslash (a digit cannot be escaped), so "1\." and "a\)" escape the mark after it
    at = 0 if text[0] in "-+:(" else start.end() - 1
    return f"{text[:at]}\\{text[at:]}"


class MarkdownLines:
    """Paragraphs, headings and nested bullet lists, spaced as Markdown needs them."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.list_depth: int | None = None  # depth of the first item of the list being written
        self.level = -1  # nesting level of the last item

    def block(self, text: str) -> None:
        """A heading or paragraph, with a blank line on each side (a list before it ends)."""
        self.list_depth = None
        if self.lines and self.lines[-1]:
            self.lines.append("")
        self.lines.append(text)
        self.lines.append("")

    def item(self, depth: int, text: str) -> None:
        if self.list_depth is None or depth < self.list_depth:
            if self.lines and self.lines[-1]:
                self.lines.append("")
            self.list_depth, self.level = depth, -1
        # a list nests one level at a time, however deep the row sits
        self.level = min(depth - self.list_depth, self.level + 1, MAX_MARKDOWN_NESTING)
        self.lines.append("  " * self.level + "- " + text)

    def continue_item(self, text: str) -> None:
        """A second line of the last item (a co-premise), after a line break."""
        if self.list_depth is None:
            self.item(0, text)
            return
        self.lines[-1] += "\\"
        self.lines.append("  " * (self.level + 1) + text)

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def _md_marks(marks: str) -> str:
    return f" *{escape_markdown(f'[{marks}]')}*" if marks else ""


# A line of em dashes: unlike "---" it can never become a heading or a rule.
MARKDOWN_LINE = "—" * 16


def outline_markdown(m: ArgumentMap) -> str:
    """The standard form as Markdown: the same rows and numbers as outline_text."""
    md = MarkdownLines()
    for row in outline(m):
        body = escape_markdown(row.body) + _md_marks(row.marks)
        if row.kind == "title":
            md.block(f"# {body}")
        elif row.kind == "heading":
            md.block(f"## {escape_markdown(row.text.rstrip(':'))}")
        elif row.kind == "info":
            md.block(f"### {escape_markdown(row.text.rstrip(':'))}" if row.depth else body)
        elif row.kind == "premise":
            md.item(row.depth, f"**{row.label}** {body}")
        elif row.kind == "line":
            md.block(MARKDOWN_LINE)
        elif row.kind == "conclusion":
            md.block(f"**{row.label} {body}**")
        elif row.kind in ("objection", "reply", "note"):
            if row.label == "together with":
                md.continue_item(f"*together with:* {body}")
            elif row.label in ("", "-"):
                md.item(row.depth, body)
            else:
                md.item(row.depth, f"**{row.label}:** {body}")
    return md.text()
