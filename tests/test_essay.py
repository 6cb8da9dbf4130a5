import os
import re
import time

import pytest

from argmap.essay import ASSUMPTION, NO_REPLY, essay_markdown, essay_plan, essay_text, ordinal
from argmap.io.presets import preset
from argmap.outline import MAX_MARKDOWN_NESTING
from helpers import HANG_GUARD_S, ROOT, build, claim

EXPECTED = ROOT / "tests" / "expected"


def matches_expected(name: str, actual: str) -> bool:
    """Compare with tests/expected/NAME; ARGMAP_UPDATE_EXPECTED=1 rewrites the file (then read the diff)."""
    path = EXPECTED / name
    if os.environ.get("ARGMAP_UPDATE_EXPECTED"):
        path.write_text(actual, encoding="utf-8")
    return actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["tutorial", "drezner-north-korean-troops"])
def test_essay_plan_of_bundled_maps_is_as_expected(name):
    assert matches_expected(f"{name}.essay.txt", essay_text(preset(name).load()))


def lines_of(section):
    return [(line.label, line.claim_id) for line in section.lines]


def test_sections_come_in_the_order_a_student_writes():
    sections = essay_plan(preset("tutorial").load())
    assert [s.kind for s in sections] == ["thesis", "reason", "reason", "objection", "conclusion"]
    assert [s.title for s in sections] == ["Thesis", "First reason", "Second reason", "Objection to the thesis",
                                           "Conclusion"]
    assert [s.paragraph for s in sections] == [1, 2, 3, 4, 5]
    assert [s.instruction.split(":")[0] for s in sections] == [f"Paragraph {n}" for n in range(1, 6)]
    assert sections[1].instruction == "Paragraph 2: give your first reason and back it up."
    assert lines_of(sections[0]) == [("Thesis:", "c1")]


def test_a_reason_is_its_premises_then_their_support():
    first = essay_plan(preset("tutorial").load())[1]
    assert lines_of(first) == [("Because (a)", "c2"), ("and (b)", "c3"), ("Support for (a):", None),
                               ("Because (a)", "c4"), ("and (b)", "c5"), ("and (c)", "c6")]
    assert [line.depth for line in first.lines] == [0, 0, 0, 1, 1, 1]


def test_hidden_premises_are_assumptions_to_state():
    first = essay_plan(preset("tutorial").load())[1]
    assert first.lines[1].marks == ASSUMPTION
    assert "[assumption: say it in your essay]" in essay_text(preset("tutorial").load())


def test_an_undercutter_goes_with_the_reason_it_attacks():
    second = essay_plan(preset("tutorial").load())[2]
    undercut = next(line for line in second.lines if line.reason_id == "r6")
    assert undercut.kind == "objection" and undercut.label == "A reader might object that this does not follow:"
    assert second.lines[-1].text == NO_REPLY  # the map has no answer to it
    assert "answer the objections to it" in second.instruction


def test_objections_to_the_thesis_come_with_their_replies():
    objection = essay_plan(preset("tutorial").load())[3]
    assert objection.instruction == "Paragraph 4: anticipate the objection and answer it."
    assert [(line.kind, line.label, line.claim_id, line.depth) for line in objection.lines] == [
        ("objection", "A reader might object:", "c9", 0), ("reply", "Reply:", "c10", 1)]


def test_the_conclusion_restates_the_thesis_and_the_reasons_briefly():
    conclusion = essay_plan(preset("tutorial").load())[-1]
    assert lines_of(conclusion) == [("Thesis:", "c1"), ("First reason:", "c2"), ("Second reason:", "c7")]


def test_every_reason_of_the_op_ed_is_planned_once():
    m = preset("drezner-north-korean-troops").load()
    shown = [line.reason_id for s in essay_plan(m) for line in s.lines if line.kind in ("premise", "objection", "reply")]
    each = list(dict.fromkeys(shown))
    assert set(each) == {r.id for r in m.reasons}
    for r in m.reasons:  # one line per premise: written out once, never repeated
        assert shown.count(r.id) == len(r.premises)


def test_an_objectors_premises_are_answered_with_replies():
    # In the objection to the thesis, Drezner's point against one of the objector's premises is a reply.
    objection = next(s for s in essay_plan(preset("drezner-north-korean-troops").load()) if s.kind == "objection")
    against_objector = next(line for line in objection.lines if line.reason_id == "r19")
    assert against_objector.kind == "reply" and against_objector.label == "Reply to (a):"
    reply = next(line for line in objection.lines if line.reason_id == "r13")
    assert reply.depth == 1 and reply.marks == "argued in paragraph 2"  # its support was given with the reason


def test_empty_map():
    assert [(s.kind, s.instruction) for s in essay_plan(build())] == [
        ("thesis", "This map has no claims yet. Add your main conclusion and your reasons for it, then make the "
                   "plan again.")]
    assert "This map has no claims yet." in essay_text(build())
    assert essay_markdown(build()).startswith("# Essay plan: Test map\n")


def test_without_a_main_conclusion_the_plan_starts_from_the_top_claims():
    m = build("c1", "c2", "c3", "stray", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "c2")])
    sections = essay_plan(m)
    assert "This map has no main conclusion yet" in sections[0].instruction
    assert lines_of(sections[0]) == [("Thesis:", "c1")]
    assert [s.kind for s in sections] == ["thesis", "reason", "conclusion", "unused"]
    assert lines_of(sections[-1]) == [("", "stray")]


def test_a_map_with_no_main_conclusion_and_no_reasons_says_so():
    sections = essay_plan(build("c1", "c2"))
    assert [s.kind for s in sections] == ["thesis", "unused"]
    assert "no claim on it has reasons" in sections[0].instruction
    assert "Paragraph" not in sections[0].instruction and sections[0].paragraph is None
    assert lines_of(sections[1]) == [("", "c1"), ("", "c2")]


def test_several_main_conclusions_get_one_thesis_each():
    m = build("a*", "b*", "pa", "pb", "ob", r=[("r1", "+", ["pa"], "a"), ("r2", "+", ["pb"], "b"),
                                              ("r3", "-", ["ob"], "b")])
    sections = essay_plan(m)
    assert lines_of(sections[0]) == [("Thesis 1:", "a"), ("Thesis 2:", "b")]
    assert [s.title for s in sections[1:]] == ["Your reason for thesis 1", "Your reason for thesis 2",
                                               "Objection to thesis 2", "Conclusion"]
    assert "The map has 2 main conclusions" in sections[0].instruction


def test_a_thesis_without_reasons_is_pointed_out():
    sections = essay_plan(build("c1*"))
    assert [s.kind for s in sections] == ["thesis", "reason", "conclusion"]
    assert "no reasons for your thesis yet" in sections[1].instruction


def test_claims_not_connected_are_listed_last():
    m = build("c1*", "c2", "c3?", "c4", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c4"], "c3")])
    last = essay_plan(m)[-1]
    assert last.title == "Not used in the plan"
    assert lines_of(last) == [("", "c3"), ("", "c4")]
    assert essay_text(m).rstrip().endswith("Claim c4.")


def test_cycles_end():
    m = build("c1*", "a", "b", "x", "y",
              r=[("r1", "+", ["a"], "c1"), ("r2", "+", ["b"], "a"), ("r3", "+", ["a"], "b"),  # a circle of support
                 ("r4", "-", ["x"], "a"), ("r5", "-", ["y"], "x"), ("r6", "-", ["x"], "y"),  # and of objections
                 ("r7", "+", ["c1"], "x"), ("r8", "-", ["ghost"], "c1")])
    sections = essay_plan(m)
    lines = [line for s in sections for line in s.lines if line.kind != "summary"]
    circular = next(line for line in lines if line.reason_id == "r3" and line.kind == "premise")
    assert circular.claim_id == "a" and circular.marks.startswith("circular")
    assert next(line for line in lines if line.reason_id == "r7" and line.kind == "premise").marks == "your thesis"
    assert any(line.text == "(missing claim 'ghost')" for line in lines)
    reasons = [line.reason_id for line in lines if line.kind in ("premise", "objection", "reply")]
    assert len(reasons) == len(set(reasons)) == 8
    essay_text(m)
    essay_markdown(m)


def test_a_3000_deep_chain_of_support():
    n = 3000
    claims = ["c0*"] + [f"c{i}" for i in range(1, n + 1)]
    r = [(f"r{i}", "+", [f"c{i}"], f"c{i - 1}") for i in range(1, n + 1)]
    r.append(("o", "-", [f"c{n}"], "c1"))  # an objection from the bottom of the chain
    m = build(*claims, r=r)
    start = time.perf_counter()
    text = essay_text(m, width=88)
    md = essay_markdown(m)
    assert time.perf_counter() - start < HANG_GUARD_S
    assert f"Claim c{n}." in text and f"Claim c{n}." in md
    assert max(len(line) for line in text.splitlines()) <= 88
    assert max(len(line) - len(line.lstrip(" ")) for line in md.splitlines()) == 2 * MAX_MARKDOWN_NESTING


def test_a_3000_deep_chain_of_replies():
    n = 3000
    claims = ["c0*", "p"] + [f"a{i}" for i in range(n)]
    r = [("s", "+", ["p"], "c0"), ("o0", "-", ["a0"], "c0")] + [(f"o{i}", "-", [f"a{i}"], f"a{i - 1}") for i in range(1, n)]
    objection = essay_plan(build(*claims, r=r))[2]
    labels = [line.label for line in objection.lines[:4]]
    assert labels == ["A reader might object:", "Reply:", "The objector might answer:", "Reply:"]
    assert objection.lines[-1].claim_id == f"a{n - 1}" and objection.lines[-1].depth == n - 1


def test_essay_markdown_layout():
    md = essay_markdown(preset("tutorial").load())
    lines = md.splitlines()
    assert lines[0] == "# Essay plan: Tutorial: every part of an argument map"
    assert "## First reason" in lines and "*Paragraph 2: give your first reason and back it up.*" in lines
    i = lines.index("- **Support for (a):**")
    assert lines[i - 1].endswith("*\\[assumption: say it in your essay\\]*")
    assert lines[i + 1] == "  - **Because (a)** During puberty, teenagers' body clocks shift so that most cannot fall " \
                           "asleep before about 11 at night."


def test_essay_markdown_shows_a_students_text_literally():
    hostile = "<b>x</b> *y* [z](file:///etc/passwd) # h"
    m = build(claim("c1", text=hostile, main_conclusion=True), claim("c2", text=hostile + " 2"),
              claim("c3", text=hostile + " 3"), r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c3"], "c1")], title=hostile)
    md = essay_markdown(m)
    escaped = "\\<b\\>x\\</b\\> \\*y\\* \\[z\\](file\\:///etc/passwd) \\# h"
    assert md.startswith(f"# Essay plan: {escaped}\n")
    assert f"- **Because (a)** {escaped} 2" in md and f"- **A reader might object:** {escaped} 3" in md
    assert not re.search(r"[<>\[\]`_|]", re.sub(r"\\.", "", md))


@pytest.mark.parametrize("n, word", [(1, "first"), (10, "tenth"), (11, "11th"), (12, "12th"), (21, "21st"),
                                     (22, "22nd"), (113, "113th")])
def test_ordinal(n, word):
    assert ordinal(n) == word


def test_backing_for_a_step_is_planned():
    m = build("c1*", "c2", "c3", "c4", "c5", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "r1"),
                                                 ("r3", "-", ["c4"], "c1"), ("r4", "+", ["c5"], "r3")])
    sections = essay_plan(m)
    assert lines_of(sections[1]) == [("Because (a)", "c2"), ("Why this step holds:", None), ("Because (a)", "c3")]
    assert lines_of(sections[2])[:3] == [("A reader might object:", "c4"), ("Why this step holds:", None),
                                         ("Because (a)", "c5")]
    assert sections[-1].kind == "conclusion"  # every claim is used
