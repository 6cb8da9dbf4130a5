"""A score for a student's map against a model answer, with its breakdown and a report.

Four parts, each between 0 and 1, weighted by the reference map's rubric
(`model.Rubric`; its defaults when the map has none):

- **main conclusion**: 1 when the student's main conclusion matches the
  reference's, 0.5 when the student has the claim but did not mark it as the
  main conclusion, else 0;
- **reasons**: the reference's supporting reasons found, each counting the
  share of its premises the student has (a reason drawn as an objection, or
  attached to the wrong claim, counts 0);
- **objections**: the same for objections, rebuttals and undercutters;
- **structure**: 1, less `error_cost` for each error the checks find in the
  student's map (never below 0).

The score is the weighted mean, out of 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.compare import Comparison, compare
from argmap.graph import MapIndex
from argmap.model import ArgumentMap, Rubric
from argmap.outline import escape_markdown
from argmap.validate import Finding, Severity, quote, validate

PARTS = ("main_conclusion", "reasons", "objections", "structure")
PART_NAMES = {"main_conclusion": "Main conclusion", "reasons": "Reasons", "objections": "Objections and replies",
              "structure": "Structure"}


@dataclass
class Grade:
    score: float  # out of 100
    parts: dict[str, float]  # each 0..1
    weights: dict[str, float]
    comparison: Comparison
    errors: list[Finding] = field(default_factory=list)  # structural errors in the student's map
    explanations: dict[str, str] = field(default_factory=dict)  # one sentence per part

    def row(self) -> dict[str, float]:
        """Score and parts as percentages, for a table."""
        return {"score": round(self.score, 1), **{p: round(100 * v, 1) for p, v in self.parts.items()}}


def grade(student: ArgumentMap, reference: ArgumentMap, rubric: Rubric | None = None) -> Grade:
    return grade_comparison(compare(student, reference), rubric)


def grade_comparison(comparison: Comparison, rubric: Rubric | None = None,
                     findings: list[Finding] | None = None) -> Grade:
    """The grade of a comparison already made (the editor compares after each edit, and passes the
    findings it already has for the student's map rather than checking it again)."""
    student, reference = comparison.student, comparison.reference
    rubric = rubric or reference.rubric or Rubric()
    r_ix = MapIndex(reference)
    errors = [f for f in (validate(student) if findings is None else findings) if f.severity == Severity.ERROR]
    parts, why = {}, {}
    parts["main_conclusion"], why["main_conclusion"] = _main_conclusion(comparison, r_ix)
    supports = [r for r in reference.reasons if r.kind == "support"]
    attacks = [r for r in reference.reasons if r.kind == "objection"]
    parts["reasons"], why["reasons"] = _share(comparison, [r.id for r in supports], "reasons")
    parts["objections"], why["objections"] = _share(comparison, [r.id for r in attacks], "objections and replies")
    parts["structure"] = max(0.0, 1.0 - rubric.error_cost * len(errors))
    why["structure"] = ("The map has no structural errors." if not errors else
                        f"The checks find {len(errors)} error{'s' if len(errors) != 1 else ''} in the map.")
    if not comparison.matches:  # an empty or unrelated map earns nothing for being tidy
        parts["structure"] = 0.0
        why["structure"] = "Nothing in the map matches the model answer yet, so its structure earns nothing."
    weights = {p: float(getattr(rubric, p)) for p in PARTS}
    total = sum(weights.values())
    score = 100 * sum(weights[p] * parts[p] for p in PARTS) / total if total else 0.0
    return Grade(score, parts, weights, comparison, errors, why)


def _main_conclusion(c: Comparison, r_ix: MapIndex) -> tuple[float, str]:
    mains = r_ix.main_conclusions()
    if not mains:
        return 1.0, "The model answer marks no main conclusion."
    how = {m.reference: m for m in c.matches}
    s_claims = {x.id: x for x in c.student.claims}
    best, text = 0.0, f"The main conclusion {quote(mains[0].text, 60)} is missing."
    for m in mains:
        match = how.get(m.id)
        if match is None:
            continue
        if match.how == "position" and best < 0.5:
            # Only its place agrees: half, until the teacher has read it.
            best, text = 0.5, ("The map's main conclusion stands where the model answer's does, but its words "
                               "differ; your teacher will check that it says the same.")
        elif match.how != "position" and s_claims[match.student].main_conclusion:
            return 1.0, "The main conclusion is found."
        elif match.how != "position":
            best, text = 0.5, "The main conclusion is there, but it is not marked as the main conclusion."
    return best, text


def _share(c: Comparison, reason_ids: list[str], words: str) -> tuple[float, str]:
    if not reason_ids:
        return 1.0, f"The model answer has no {words}."
    credit, found = 0.0, 0
    for rid in reason_ids:
        status = c.reason_status(rid)
        if status is not None and status.status == "found" and status.premises_total:
            credit += status.premises_found / status.premises_total
            found += 1
    return credit / len(reason_ids), f"{found} of the {len(reason_ids)} {words} in the model answer are found."


# -- report --------------------------------------------------------------------


def report_markdown(g: Grade, student_name: str, reference_name: str) -> str:
    """A report a student can read: the score, each part, and what matched, is missing or differs."""
    c = g.comparison
    s_ix, r_ix = MapIndex(c.student), MapIndex(c.reference)
    md = escape_markdown
    lines = [f"# {md(student_name)}: {g.score:.0f} out of 100", "",
             f"Compared with the model answer *{md(reference_name)}*.", "",
             "| Part | Result | Weight | Why |", "|---|---|---|---|"]
    for p in PARTS:
        lines.append(f"| {PART_NAMES[p]} | {100 * g.parts[p]:.0f} % | {g.weights[p]:g} | {md(g.explanations[p])} |")
    lines += ["", "## Claims that match the model answer", ""]
    if c.matches:
        for m in c.matches:
            lines.append(f"- {md(quote(s_ix.claims[m.student].text, 80))} matches "
                         f"{md(quote(r_ix.claims[m.reference].text, 80))}: {md(m.why)}.")
    else:
        lines.append("- None yet.")
    missing = c.missing_claims
    lines += ["", "## What the model answer has and this map does not", ""]
    lines += [f"- {md(quote(r_ix.claims[cid].text, 100))}" for cid in missing] or ["- Nothing: every claim is there."]
    differ = [r for r in c.reasons if r.status != "found"]
    lines += ["", "## Reasons and objections", ""]
    lines += [f"- {md(r.why)}." for r in differ] or ["- Every reason and objection of the model answer is found."]
    extra = c.extra_claims
    if extra:
        lines += ["", "## Claims the model answer does not have", "",
                  "These may still be good points; your teacher will judge them.", ""]
        lines += [f"- {md(quote(s_ix.claims[cid].text, 100))}" for cid in extra]
    if g.errors:
        lines += ["", "## Structural errors", ""]
        lines += [f"- {md(f.message)}" for f in g.errors]
    return "\n".join(lines) + "\n"
