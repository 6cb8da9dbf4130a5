from argmap.io.presets import preset
from argmap.outline import outline, outline_text
from helpers import build


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
