"""Matching a student's map against a model answer: by quotation, text and position, explained."""

from argmap.compare import compare, key_words, similarity
from argmap.model import Claim, Quotation
from helpers import build, editable

SCHOOL = dict(
    r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4"], "c1"), ("r3", "-", ["c5"], "c4")],
)


def reference():
    return build(
        Claim(id="c1", text="Schools should start later in the morning.", main_conclusion=True),
        Claim(id="c2", text="Teenagers need more sleep than early starts allow."),
        Claim(id="c3", text="Pupils who sleep more learn better.", hidden=True),
        Claim(id="c4", text="Later starts make school bus routes cost more."),
        Claim(id="c5", text="The cost of buses is small beside the gain in learning."),
        **SCHOOL,
    )


def test_the_same_map_matches_claim_for_claim_and_reason_for_reason():
    m = reference()
    c = compare(m, m)
    assert c.to_student == {x: x for x in ("c1", "c2", "c3", "c4", "c5")}
    assert [r.status for r in c.reasons] == ["found"] * 3
    assert c.missing_claims == c.extra_claims == c.extra_reasons == []


def test_paraphrases_match_by_their_key_words_and_say_so():
    student = build(
        Claim(id="a", text="Teenagers need much more sleep than the early starts allow them.", main_conclusion=False),
        Claim(id="b", text="School should start later in the morning!", main_conclusion=True),
        r=[("x", "+", ["a"], "b")],
    )
    c = compare(student, reference())
    assert c.to_student == {"c1": "b", "c2": "a"}
    why = {m.reference: m.why for m in c.matches}
    assert all(m.how == "text" for m in c.matches)
    assert "key words" in why["c2"]
    r1 = c.reason_status("r1")
    assert (r1.status, r1.premises_found, r1.premises_total) == ("found", 1, 2)
    assert c.reason_status("r2").status == "missing"
    assert c.missing_claims == ["c3", "c4", "c5"]


def test_shared_quotations_match_first_even_when_the_words_differ():
    ref = reference()
    ref.claims[1].quotation = Quotation(text="adolescents are chronically short of sleep", start=100, length=42)
    student = build(Claim(id="s1", text="Kids are tired.", quotation=Quotation(
        text="chronically short of sleep", start=116, length=26)))
    c = compare(student, ref)
    (m,) = c.matches
    assert (m.reference, m.student, m.how) == ("c2", "s1", "quotation")
    assert "both quote the passage" in m.why


def test_position_matches_what_the_words_do_not():
    # Same structure, texts the student wrote in other words entirely.
    student = build(
        Claim(id="m", text="Move the bell to nine.", main_conclusion=True),
        Claim(id="p", text="Kids are exhausted."),
        Claim(id="q", text="Rested kids do well."),
        Claim(id="o", text="Buses would be dearer."),
        r=[("s", "+", ["p", "q"], "m"), ("t", "-", ["o"], "m")],
    )
    c = compare(student, reference())
    assert c.to_student["c1"] == "m"
    assert c.to_student["c4"] == "o"  # the only premise of the only objection to the main conclusion
    whys = {m.reference: m.why for m in c.matches}
    assert whys["c1"] == "both are the main conclusion"
    assert "remaining premise of an objection to" in whys["c4"]
    # Two premises of one reason cannot be told apart by position: left unmatched, not guessed.
    assert "c2" not in c.to_student and "c3" not in c.to_student


def test_a_support_drawn_as_an_objection_and_a_premise_on_the_wrong_claim_are_named():
    ref = reference()
    student = ref.model_copy(deep=True)
    student.reasons[1].kind = "support"  # r2: the bus objection drawn as a support
    student.reasons[2].target = "c1"  # r3: the reply attached to the main conclusion
    c = compare(student, ref)
    assert c.reason_status("r2").status == "wrong_kind"
    assert "is drawn as a support" in c.reason_status("r2").why
    assert c.reason_status("r3").status == "wrong_target"
    assert "attached to “Schools should start later in the morning” instead" in c.reason_status("r3").why


def test_matching_is_deterministic_whatever_the_order_of_equal_candidates():
    ref = build(Claim(id="r1", text="Buses cost money."), Claim(id="r2", text="Buses cost money."))
    student = build(Claim(id="s2", text="Buses cost money."), Claim(id="s1", text="Buses cost money."))
    first = compare(student, ref).to_student
    assert first == {"r1": "s2", "r2": "s1"}  # file order breaks the tie
    assert all(compare(student, ref).to_student == first for _ in range(5))


def test_key_words_ignore_small_words_and_endings():
    assert key_words("The troops are fighting") == key_words("troop fight")
    assert similarity(key_words("a b"), frozenset()) == 0.0


def test_the_op_ed_map_matches_itself_without_its_quotations():
    m = editable("drezner-north-korean-troops")
    student = m.model_copy(deep=True)
    for claim in student.claims:
        claim.quotation = None
    c = compare(student, m)
    assert len(c.matches) == len(m.claims)
    assert all(r.status == "found" for r in c.reasons)


def test_a_reason_the_student_has_is_never_taken_by_one_it_only_resembles():
    # r1 (p for m) comes first in the file, but the student's only reason is r2 exactly (p for m2).
    ref = build(Claim(id="m", text="Schools should start later.", main_conclusion=True),
                Claim(id="m2", text="Teenagers learn better in the afternoon."),
                Claim(id="p", text="Teenagers sleep too little."),
                r=[("r1", "+", ["p"], "m"), ("r2", "+", ["p"], "m2"), ("r3", "+", ["m2"], "m")])
    student = ref.model_copy(deep=True)
    student.reasons = [r for r in student.reasons if r.id != "r1"]
    c = compare(student, ref)
    assert [(r.reference, r.status) for r in c.reasons] == [("r1", "missing"), ("r2", "found"), ("r3", "found")]


def test_a_map_graded_against_itself_finds_every_reason_even_chains_of_undercutters():
    m = build("c0*", "c1", r=[("r0", "-", ["c1"], "c0"), ("r1", "-", ["c1"], "r0"), ("r2", "-", ["c1"], "r1"),
                              ("r3", "-", ["c1"], "r2")])
    assert all(r.status == "found" for r in compare(m, m).reasons)


def test_a_missing_undercutter_of_a_missing_reason_hangs_on_that_reasons_ghost():
    from argmap.compare import GHOST, ghosts
    from argmap.graph import MapIndex

    ref = editable("tutorial")
    ix = MapIndex(ref)
    und = next(r for r in ref.reasons if r.target in ix.reasons)
    attacked = ix.reasons[und.target]
    gone = set(attacked.premises) | set(und.premises)
    student = ref.model_copy(deep=True)
    student.reasons = [r for r in student.reasons if r.id not in (und.id, attacked.id)
                       and not set(r.premises) & gone and r.target not in gone]
    student.claims = [c for c in student.claims if c.id not in gone]
    g = ghosts(compare(student, ref))
    by_id = {r.id: r for r in g.reasons}
    assert by_id[GHOST + und.id].target == GHOST + attacked.id
    assert GHOST + attacked.id in by_id
