import html
import os
import re

import pytest

from argmap.io.presets import preset
from argmap.outline import MARKDOWN_LINE, MAX_MARKDOWN_NESTING, escape_markdown, outline, outline_markdown, outline_text
from helpers import ROOT, build, claim

EXPECTED = ROOT / "tests" / "expected"
BUNDLED = ["tutorial", "drezner-north-korean-troops"]


def tutorial_text():
    return outline_text(preset("tutorial").load(), width=400)


def test_premises_are_numbered_above_a_line_and_the_conclusion():
    m = build("c1*", "c2", "c3", r=[("r1", "+", ["c2", "c3"], "c1")])
    lines = [line.strip() for line in outline_text(m).splitlines()]
    i = lines.index("P1. Claim c2.")
    assert lines[i + 1] == "P2. Claim c3."
    assert set(lines[i + 2]) == {"─"}
    assert lines[i + 3] == "C1. Claim c1."


def test_hidden_premises_are_marked():
    text = tutorial_text()
    assert "deprives their pupils of sleep. [hidden premise]" in text


def test_intermediate_conclusions_are_reused_by_number():
    text = tutorial_text()
    assert "[C2, argued below]" in text
    assert "Conclusion C2: Early school start times" in text


def test_objections_and_replies_are_indented_under_what_they_attack():
    rows = outline(preset("tutorial").load())
    objection = next(r for r in rows if r.reason_id == "r4")
    reply = next(r for r in rows if r.reason_id == "r5")
    undercut = next(r for r in rows if r.reason_id == "r6")
    assert objection.kind == "objection" and reply.kind == "reply"
    assert reply.depth == objection.depth + 1
    assert rows.index(reply) == rows.index(objection) + 1
    assert undercut.label == "Objection to the step from these premises"
    # the undercutter follows the argument it attacks (r3), not another one
    r3_conclusion = next(r for r in rows if r.reason_id == "r3" and r.kind == "conclusion")
    assert rows.index(undercut) == rows.index(r3_conclusion) + 1


def test_co_premises_of_an_objection_are_listed_together():
    m = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c3", "c4"], "c1")])
    rows = [r for r in outline(m) if r.reason_id == "r2"]
    assert [(r.label, r.claim_id) for r in rows] == [("Objection", "c3"), ("together with", "c4")]


def test_every_reason_appears_once():
    m = preset("drezner-north-korean-troops").load()
    rows = outline(m)
    shown = {r.reason_id for r in rows if r.reason_id}
    assert shown == {r.id for r in m.reasons}
    arguments = [r for r in rows if r.kind == "info" and r.label.startswith("Argument")]
    assert len(arguments) == sum(1 for r in m.reasons if r.kind == "support")


def test_loose_claims_are_listed_last():
    m = build("c1*", "c2", "stray", r=[("r1", "+", ["c2"], "c1")])
    text = outline_text(m)
    assert text.rstrip().endswith("Claim stray.")
    assert "Not yet connected to the argument:" in text


def test_cycles_and_dangling_ids_do_not_break_the_outline():
    m = build("c1*", "a", "b", r=[("r1", "+", ["a"], "c1"), ("r2", "+", ["b"], "a"), ("r3", "+", ["a"], "b"),
                                  ("r4", "-", ["ghost"], "c1"), ("r5", "+", ["a"], "nowhere")])
    text = outline_text(m)
    assert "(missing claim 'ghost')" in text


def test_map_without_main_conclusion_still_outlines_its_arguments():
    m = build("c1", "c2", r=[("r1", "+", ["c2"], "c1")])
    assert "Conclusion C1: Claim c1." in outline_text(m)


def test_empty_map():
    assert "no claims yet" in outline_text(build())


def test_width_is_respected():
    text = outline_text(preset("drezner-north-korean-troops").load(), width=60)
    assert max(len(line) for line in text.splitlines()) <= 60


def test_a_long_chain_of_replies_does_not_overflow():
    n = 1500
    claims = ["c0*", "p"] + [f"a{i}" for i in range(n)]
    r = [("s", "+", ["p"], "c0"), ("o0", "-", ["a0"], "c0")] + [(f"o{i}", "-", [f"a{i}"], f"a{i - 1}") for i in range(1, n)]
    text = outline_text(build(*claims, r=r))
    assert "Claim a1499." in text


def test_backing_for_a_step_is_shown():
    m = build("c1*", "c2", "c3", r=[("r1", "+", ["c2"], "c1"), ("r2", "+", ["c3"], "r1")])
    text = outline_text(m, width=200)
    assert "Backing for the step: Claim c3." in text
    assert "Not yet connected" not in text


# -- expected outputs and Markdown -------------------------------------------------


def matches_expected(name: str, actual: str) -> bool:
    """Compare with tests/expected/NAME; ARGMAP_UPDATE_EXPECTED=1 rewrites the file (then read the diff)."""
    path = EXPECTED / name
    if os.environ.get("ARGMAP_UPDATE_EXPECTED"):
        path.write_text(actual, encoding="utf-8")
    return actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUNDLED)
def test_outline_text_of_bundled_maps_is_as_expected(name):
    assert matches_expected(f"{name}.outline.txt", outline_text(preset(name).load()))


@pytest.mark.parametrize("name", BUNDLED)
def test_outline_markdown_of_bundled_maps_is_as_expected(name):
    assert matches_expected(f"{name}.outline.md", outline_markdown(preset(name).load()))


def test_markdown_has_the_same_numbers_as_the_text():
    m = preset("drezner-north-korean-troops").load()
    text, md = outline_text(m, width=10_000), outline_markdown(m)
    numbers = re.compile(r"\b(?:P|C)\d+\.|Argument \d+ for C\d+")
    assert numbers.findall(md) == numbers.findall(text)
    assert md.count("\\[hidden premise\\]") == text.count("[hidden premise]") > 0


def test_markdown_layout():
    md = outline_markdown(preset("tutorial").load())
    lines = md.splitlines()
    assert lines[0] == "# Tutorial: every part of an argument map"
    assert "## Main conclusion C1: Secondary schools should start their day no earlier than 8:30 in the morning." in lines
    assert "- **P2.** Schools should not be organised in a way that deprives their pupils of sleep. " \
           "*\\[hidden premise\\]*" in lines
    assert "**C2. Early school start times leave most teenagers short of sleep.**" in lines
    reply = lines.index("  - **Reply:** Several districts redrew their bus routes for later start times at little or no "
                        "extra cost.")
    assert lines[reply - 1].startswith("- **Objection:** Starting later")


def test_the_markdown_line_is_neither_a_heading_nor_a_rule():
    md = outline_markdown(preset("drezner-north-korean-troops").load())
    lines = md.splitlines()
    for i, line in enumerate(lines):
        # "---" or "===" under text would turn the text into a heading; "***" would be a rule
        assert not re.fullmatch(r" {0,3}([-=*_]\s*){2,}", line), line
        if line == MARKDOWN_LINE:
            assert lines[i - 1] == "" and lines[i + 1] == ""
    assert md.count(MARKDOWN_LINE) == sum(1 for r in preset("drezner-north-korean-troops").load().reasons
                                          if r.kind == "support")


def test_co_premises_of_an_objection_stay_in_one_markdown_item():
    m = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2"], "c1"), ("r2", "-", ["c3", "c4"], "c1")])
    lines = outline_markdown(m).splitlines()
    i = lines.index("- **Objection:** Claim c3.\\")  # a backslash at the end breaks the line
    assert lines[i + 1] == "  *together with:* Claim c4."


HOSTILE = "<b>x</b> *y* [z](file:///etc/passwd) # h"
HOSTILE_ESCAPED = "\\<b\\>x\\</b\\> \\*y\\* \\[z\\](file\\:///etc/passwd) \\# h"


def hostile_map():
    def bad(ident, **marks):
        return claim(ident, text=f"{HOSTILE} {ident}", **marks)

    return build(bad("c1", main_conclusion=True), bad("c2"), bad("c3", hidden=True), bad("c4"), bad("c5"),
                 r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4"], "c1")], title=HOSTILE)


def test_markdown_shows_a_students_text_literally():
    md = outline_markdown(hostile_map())
    assert md.startswith(f"# {HOSTILE_ESCAPED}\n")
    for ident in ("c1", "c2", "c3", "c4", "c5"):
        assert f"{HOSTILE_ESCAPED} {ident}" in md
    unescaped = re.sub(r"\\.", "", md)  # what is left once every escaped character is taken out
    assert not re.search(r"[<>\[\]`_|]", unescaped)
    assert all(line.lstrip("#").count("#") == 0 for line in unescaped.splitlines())


@pytest.mark.parametrize("text, escaped", [
    ("- not a list", "\\- not a list"),
    ("1. not a list", "1\\. not a list"),
    ("(a) not a list", "\\(a) not a list"),
    ("a) not a list", "a\\) not a list"),
    ("(no text yet)", "(no text yet)"),
    ("R&D, not &amp;", "R&D, not \\&amp;"),
    ("a \\ b | c ~d~ ^e^ $f$ @g {h}", "a \\\\ b \\| c \\~d\\~ \\^e\\^ \\$f\\$ \\@g \\{h\\}"),
    ("see https://example.org/a_b or www.example.org", "see https\\://example.org/a\\_b or www\\.example.org"),
    ("two\n\n# lines", "two \\# lines"),
])
def test_escape_markdown(text, escaped):
    assert escape_markdown(text) == escaped


def test_markdown_renders_as_plain_text_on_github():
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's Markdown) is not installed")
    page = cmarkgfm.github_flavored_markdown_to_html(outline_markdown(hostile_map()))
    assert "<b>" not in page and "href" not in page and "<h1>" in page
    shown = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert shown.startswith(HOSTILE + "\n")
    assert all(f"{HOSTILE} {ident}" in shown for ident in ("c1", "c2", "c3", "c4", "c5"))


def test_deep_replies_stop_nesting_in_markdown():
    n = 1500
    claims = ["c0*", "p"] + [f"a{i}" for i in range(n)]
    r = [("s", "+", ["p"], "c0"), ("o0", "-", ["a0"], "c0")] + [(f"o{i}", "-", [f"a{i}"], f"a{i - 1}") for i in range(1, n)]
    md = outline_markdown(build(*claims, r=r))
    assert "Claim a1499." in md
    assert max(len(line) - len(line.lstrip(" ")) for line in md.splitlines()) == 2 * MAX_MARKDOWN_NESTING
