"""An essay plan drawn from any map, in the order a student writes the essay.

First the thesis (the main conclusion); then one section per reason for it:
the reason's premises, the support beneath them, and the objections a reader
might raise with the replies to them; then the objections to the thesis
itself; then a conclusion that restates the thesis and sums up the reasons.
Claims that do not connect to the thesis come last, as "Not used in the plan".
Hidden premises are marked as assumptions the essay should say out loud.

`essay_plan(m)` returns the sections; `essay_text(m)` and `essay_markdown(m)`
render them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Reason
from argmap.outline import MarkdownLines, escape_markdown, wrap
from argmap.runtime import deep_recursion

SectionKind = Literal["thesis", "reason", "objection", "conclusion", "unused"]
LineKind = Literal["thesis", "premise", "heading", "objection", "reply", "note", "summary", "claim"]

ASSUMPTION = "assumption: say it in your essay"
NO_REPLY = "The map has no reply to this yet: answer it, or admit the point and explain why your thesis still stands."
CO_PREMISE = "together with"


@dataclass(frozen=True)
class PlanLine:
    depth: int
    kind: LineKind
    label: str
    text: str = ""
    claim_id: str | None = None
    reason_id: str | None = None
    marks: str = ""  # e.g. "assumption: say it in your essay", shown in brackets after the text


@dataclass(frozen=True)
class Section:
    kind: SectionKind
    title: str
    instruction: str
    lines: tuple[PlanLine, ...] = ()
    paragraph: int | None = None  # the essay's paragraph this section plans; None for notes outside the essay


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(n: int) -> str:
    if n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _letter(i: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[i] if i < 26 else str(i + 1)


class _Planner:
    def __init__(self, m: ArgumentMap) -> None:
        self.m = m
        self.ix = MapIndex(m)
        self.sections: list[Section] = []
        self.lines: list[PlanLine] = []  # of the section being written
        self.paragraph = 0
        self.thesis_no: dict[str, int] = {}
        self.argued_in: dict[str, int] = {}  # claim id -> the paragraph that gives its support
        self.path: set[str] = set()  # claims whose support is being written: meeting one again is a circle
        self.shown: set[str] = set()  # reasons written out (each once, so cycles end)
        self.used: set[str] = set()  # claims the plan mentions

    # -- claims --------------------------------------------------------------

    def claim_text(self, cid: str) -> str:
        c = self.ix.claims.get(cid)
        if c is None:
            return f"(missing claim '{cid}')"
        return c.text.strip() or "(no text yet)"

    def marks(self, cid: str) -> str:
        c = self.ix.claims.get(cid)
        bits = [ASSUMPTION] if c is not None and c.hidden else []
        if cid in self.path:
            bits.append("circular: this is what the reasoning above sets out to show")
        elif cid in self.thesis_no:
            bits.append("your thesis" if len(self.thesis_no) == 1 else f"thesis {self.thesis_no[cid]}")
        elif cid in self.argued_in:
            n = self.argued_in[cid]
            bits.append("argued above" if n == self.paragraph else f"argued in paragraph {n}")
        elif c is not None and c.conclusion and not any(r.premises for r in self.ix.supports(cid)):
            bits.append("the map gives no reasons for this yet")
        return "; ".join(bits)

    def claim_line(self, depth: int, kind: LineKind, label: str, cid: str, reason_id: str | None = None) -> None:
        self.used.add(cid)
        self.lines.append(PlanLine(depth, kind, label, self.claim_text(cid), cid, reason_id, self.marks(cid)))

    # -- reasons, support and objections -------------------------------------

    def reason_block(self, r: Reason, depth: int, ours: bool) -> None:
        """A reason's premises, then their support, then what attacks the reason or its premises.

        `ours` says whose side the reason is on: the essay's, or an
        objector's (then an attack on it is one of the essay's replies).
        """
        self.shown.add(r.id)
        letters = [_letter(i) for i in range(len(r.premises))]
        for i, p in enumerate(r.premises):
            self.claim_line(depth, "premise", f"{'Because' if i == 0 else 'and'} ({letters[i]})", p, r.id)
        # What follows sits beside the premises, not under the last one: it is about them all.
        for i, p in enumerate(r.premises):
            self.support_for(p, depth, f"Support for ({letters[i]})", ours)
        for b in self.ix.supports(r.id):  # backing for the step itself
            if b.premises and b.id not in self.shown:
                self.lines.append(PlanLine(depth, "heading", "Why this step holds:", reason_id=b.id))
                self.reason_block(b, depth + 1, ours)
        for u in self.ix.objections(r.id):  # undercutters: "that does not follow"
            label = "A reader might object that this does not follow:" if ours else "Reply: this does not follow:"
            self.attack(u, depth, label, against_us=ours)
        for i, p in enumerate(r.premises):
            if p in self.thesis_no:
                continue  # objections to a thesis have sections of their own
            for o in self.ix.objections(p):
                label = f"A reader might object to ({letters[i]}):" if ours else f"Reply to ({letters[i]}):"
                self.attack(o, depth, label, against_us=ours)

    def support_for(self, cid: str, depth: int, label: str, ours: bool) -> None:
        """The reasons for a claim, each under a heading, unless they are written elsewhere."""
        if cid in self.argued_in or cid in self.thesis_no or cid in self.path:
            return
        subs = [s for s in self.ix.supports(cid) if s.premises and s.id not in self.shown]
        if not subs:
            return
        self.argued_in[cid] = self.paragraph
        self.path.add(cid)
        for k, s in enumerate(subs, 1):
            head = f"{label}:" if len(subs) == 1 else f"{label}, reason {k} of {len(subs)}:"
            self.lines.append(PlanLine(depth, "heading", head, reason_id=s.id))
            self.reason_block(s, depth + 1, ours)
        self.path.discard(cid)

    def attack(self, o: Reason, depth: int, label: str, *, against_us: bool) -> None:
        """An objection (or a reply), its own support, then the answers to it, nested."""
        if o.id in self.shown:
            return
        self.shown.add(o.id)
        kind: LineKind = "objection" if against_us else "reply"
        if not o.premises:
            self.lines.append(PlanLine(depth, kind, label, "(no claims in it yet)", reason_id=o.id))
        for i, p in enumerate(o.premises):
            self.claim_line(depth, kind, label if i == 0 else f"{CO_PREMISE}:", p, o.id)
        # The attacker's own premises sit on the other side from what it attacks,
        # in an argument of their own: meeting a claim from ours there is no circle.
        outer, self.path = self.path, set()
        for p in o.premises:
            self.support_for(p, depth + 1, "Support for the objection" if against_us else "Support for the reply",
                             ours=not against_us)
        for b in self.ix.supports(o.id):  # backing for the step from its premises
            if b.premises and b.id not in self.shown:
                self.lines.append(PlanLine(depth + 1, "heading", "Why this step holds:", reason_id=b.id))
                self.reason_block(b, depth + 2, ours=not against_us)
        self.path = outer
        answers = [a for p in dict.fromkeys(o.premises) for a in self.ix.objections(p)] + self.ix.objections(o.id)
        answers = [a for a in answers if a.id not in self.shown]
        for a in answers:
            self.attack(a, depth + 1, "Reply:" if against_us else "The objector might answer:", against_us=not against_us)
        if against_us and not answers:
            self.lines.append(PlanLine(depth + 1, "note", "", NO_REPLY, reason_id=o.id))

    # -- sections ------------------------------------------------------------

    def section(self, kind: SectionKind, title: str, instruction: str, paragraph: int | None = None) -> None:
        self.sections.append(Section(kind, title, instruction, tuple(self.lines), paragraph))
        self.lines = []

    def top_claims(self) -> list[str]:
        """Without a main conclusion: claims with reasons (or marked as conclusions) that are reasons for nothing."""
        return [cid for cid, c in self.ix.claims.items() if not self.ix.premise_of.get(cid)
                and (c.conclusion or any(r.premises for r in self.ix.supports(cid)))]

    def thesis_section(self, theses: list[str], has_main: bool) -> None:
        several = len(theses) > 1
        for k, t in enumerate(theses, 1):
            self.used.add(t)
            self.lines.append(PlanLine(0, "thesis", f"Thesis {k}:" if several else "Thesis:", self.claim_text(t), t))
        if not theses:
            self.section("thesis", "Thesis", "This map has no main conclusion yet, and no claim on it has reasons, so "
                         "there is no argument to plan from. Mark your main conclusion on the map and add reasons for it.")
            return
        self.paragraph = 1
        if several:
            say = "Paragraph 1: state your theses, the points your essay argues for."
        else:
            say = "Paragraph 1: state your thesis, the point your whole essay argues for."
        if has_main and several:
            say += f" The map has {len(theses)} main conclusions, so the plan gives each one its own reasons."
        if not has_main:
            say += (" This map has no main conclusion yet, so the plan starts from the claims at the top of the map:"
                    " claims that have reasons but are not reasons for anything else. Mark your main conclusion on"
                    " the map to plan for it.")
        self.section("thesis", "Theses" if several else "Thesis", say, 1)

    def reason_sections(self, t: str) -> list[Reason]:
        reasons = [r for r in self.ix.supports(t) if r.premises and r.id not in self.shown]
        which = f" for thesis {self.thesis_no[t]}" if len(self.thesis_no) > 1 else ""
        if not reasons:
            self.section("reason", f"Reasons{which}", f"The map has no reasons{which or ' for your thesis'} yet: "
                         "add them on the map, then make the plan again.")
        for k, r in enumerate(reasons, 1):
            self.paragraph += 1
            self.path = {t}
            self.reason_block(r, 0, ours=True)
            name = f"{ordinal(k)} reason" if len(reasons) > 1 else "reason"
            tasks = [f"give your {name}{which}"]
            if any(line.kind == "heading" for line in self.lines):
                tasks.append("back it up")
            if any(line.kind == "objection" for line in self.lines):
                tasks.append("answer the objections to it")
            todo = tasks[0] if len(tasks) == 1 else ", ".join(tasks[:-1]) + " and " + tasks[-1]
            title = f"{name[0].upper()}{name[1:]}{which}" if len(reasons) > 1 else f"Your reason{which}"
            self.section("reason", title, f"Paragraph {self.paragraph}: {todo}.", self.paragraph)
        return reasons

    def objection_sections(self, t: str) -> None:
        objections = [o for o in self.ix.objections(t) if o.id not in self.shown]
        which = f"thesis {self.thesis_no[t]}" if len(self.thesis_no) > 1 else "the thesis"
        for k, o in enumerate(objections, 1):
            self.paragraph += 1
            self.path = {t}
            self.attack(o, 0, "A reader might object:", against_us=True)
            name = f"{ordinal(k).capitalize()} objection" if len(objections) > 1 else "Objection"
            self.section("objection", f"{name} to {which}",
                         f"Paragraph {self.paragraph}: anticipate the objection and answer it.", self.paragraph)

    def conclusion_section(self, theses: list[str], reasons: dict[str, list[Reason]]) -> None:
        self.paragraph += 1
        self.path = set()
        several = len(theses) > 1
        for k, t in enumerate(theses, 1):
            self.lines.append(PlanLine(0, "thesis", f"Thesis {k}:" if several else "Thesis:", self.claim_text(t), t))
            for n, r in enumerate(reasons[t], 1):
                # briefly: the first premise the author states (hidden ones are the analyst's)
                stated = [p for p in r.premises if not (p in self.ix.claims and self.ix.claims[p].hidden)]
                p = (stated or r.premises)[0]
                label = f"{ordinal(n).capitalize()} reason:" if len(reasons[t]) > 1 else "Reason:"
                self.lines.append(PlanLine(1, "summary", label, self.claim_text(p), p, r.id))
        what = "theses" if several else "thesis"
        self.section("conclusion", "Conclusion",
                     f"Paragraph {self.paragraph}: restate your {what} in new words and sum up your reasons briefly.",
                     self.paragraph)

    def unused_section(self) -> None:
        for cid, c in self.ix.claims.items():
            if cid not in self.used:
                self.lines.append(PlanLine(0, "claim", "", self.claim_text(cid), cid,
                                           marks=ASSUMPTION if c.hidden else ""))
        if self.lines:
            self.section("unused", "Not used in the plan", "These claims are on the map but do not connect to "
                         "your thesis. Leave them out of the essay, or connect them on the map first.")

    def run(self) -> list[Section]:
        theses = [c.id for c in self.ix.main_conclusions()]
        has_main = bool(theses)
        theses = list(dict.fromkeys(theses)) or self.top_claims()
        self.thesis_no = {t: k for k, t in enumerate(theses, 1)}
        self.thesis_section(theses, has_main)
        reasons = {}
        for t in theses:
            reasons[t] = self.reason_sections(t)
            self.objection_sections(t)
        if theses:
            self.conclusion_section(theses, reasons)
        self.unused_section()
        return self.sections


def essay_plan(m: ArgumentMap) -> list[Section]:
    """The plan of an essay that argues for the map's main conclusion, section by section."""
    if not m.claims:
        return [Section("thesis", "Thesis", "This map has no claims yet. Add your main conclusion and your "
                        "reasons for it, then make the plan again.")]
    with deep_recursion(len(m.claims) + len(m.reasons)):  # support and replies can run thousands deep
        return _Planner(m).run()


def _intro(sections: list[Section]) -> str:
    text = "Write one paragraph for each part below, in order."
    if any(ASSUMPTION in line.marks for s in sections if s.kind != "unused" for line in s.lines):
        text += " A claim marked [assumption] is one the argument needs but leaves unstated: say it in your essay."
    return text


def essay_text(m: ArgumentMap, width: int = 88) -> str:
    """The essay plan as indented plain text."""
    sections = essay_plan(m)
    title = f"Essay plan: {m.title or 'Untitled map'}"
    out = [title, "=" * min(len(title), width)]
    if any(s.lines for s in sections):
        out.append(wrap(_intro(sections), width, "", ""))
    max_indent = width // 2  # deep support stops indenting so the text keeps room to be read
    for s in sections:
        out += ["", s.title, "-" * min(len(s.title), width), wrap(s.instruction, width, "", "")]
        for line in s.lines:
            indent = ("   " * (line.depth + 1))[:max_indent]
            text = line.text + (f" [{line.marks}]" if line.marks else "")
            if line.kind == "premise":
                first = f"{indent}{line.label:>11} "  # "Because (a)" and "    and (b)" line up
                out.append(wrap(text, width, first, " " * len(first)))
            elif line.kind == "heading":
                out.append(indent + line.label)
            elif line.label == f"{CO_PREMISE}:":  # under the text of the claim it works with
                out.append(wrap(text, width, f"{indent}  {line.label} ", indent + "    "))
            else:
                first = f"{indent}{line.label} " if line.label else indent
                out.append(wrap(text, width, first, indent + "  "))
    return "\n".join(out) + "\n"


def essay_markdown(m: ArgumentMap) -> str:
    """The essay plan as Markdown: a heading per section, its parts as nested lists."""
    sections = essay_plan(m)
    md = MarkdownLines()
    md.block(f"# Essay plan: {escape_markdown(m.title or 'Untitled map')}")
    if any(s.lines for s in sections):
        md.block(escape_markdown(_intro(sections)))
    for s in sections:
        md.block(f"## {escape_markdown(s.title)}")
        md.block(f"*{escape_markdown(s.instruction)}*")
        for line in s.lines:
            text = escape_markdown(line.text)
            if line.marks:
                text += f" *{escape_markdown(f'[{line.marks}]')}*"
            if line.label == f"{CO_PREMISE}:":
                md.continue_item(f"*{CO_PREMISE}:* {text}")
            elif line.kind == "heading":
                md.item(line.depth, f"**{escape_markdown(line.label)}**")
            else:
                md.item(line.depth, f"**{escape_markdown(line.label)}** {text}" if line.label else text)
    return md.text()
