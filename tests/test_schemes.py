"""The bundled argument schemes load, are found by the names students type, and broken files are named."""

import json
import re

import pytest

from argmap.io.errors import MapFileError
from argmap.io.presets import presets
from argmap.io.scheme_files import schemes_folder
from argmap.schemes import find_scheme, load_schemes, open_questions, scheme_names
from helpers import ROOT, reason

REQUIRED = ["expert_opinion", "consequences", "analogy", "cause_to_effect", "sign", "example", "practical_reasoning",
            "popular_opinion", "correlation_to_cause", "ad_hominem", "slippery_slope"]


def test_the_bundled_folder_is_resources_schemes():
    assert str(schemes_folder()) == str(ROOT / "resources" / "schemes")


def test_every_scheme_file_loads_with_enough_distinct_questions():
    schemes = load_schemes()
    assert len(schemes) == len(list((ROOT / "resources" / "schemes").glob("*.json")))
    assert set(REQUIRED) <= {s.id for s in schemes}
    for s in schemes:
        ids = [q.id for q in s.questions]
        assert len(ids) >= 3, s.id
        assert len(set(ids)) == len(ids), s.id
        assert all(re.fullmatch(r"[A-Za-z0-9_]+", i) for i in ids), s.id
        assert s.premises and s.conclusion and s.summary and s.name


def test_files_are_named_by_id_and_written_as_plain_two_space_json():
    for path in (ROOT / "resources" / "schemes").glob("*.json"):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert path.stem == data["id"]
        assert text == json.dumps(data, indent=2, ensure_ascii=False) + "\n", path.name


def test_load_schemes_hands_out_a_copy_of_the_cached_list():
    load_schemes().clear()
    assert load_schemes()


@pytest.mark.parametrize("typed", [
    "argument from expert opinion", "Argument from expert opinion", "Expert opinion", "expert_opinion",
    "appeal to authority", "  EXPERT   opinion. ", "expert-opinion", "the argument from expert opinion",
])
def test_find_scheme_by_name_alias_or_id_in_any_case_and_punctuation(typed):
    assert find_scheme(typed).id == "expert_opinion"


@pytest.mark.parametrize("typed, expected", [
    ("Slippery-slope fallacy", "slippery_slope"),
    ("ad hominem", "ad_hominem"),
    ("Circumstantial ad hominem", "ad_hominem"),
    ("argument from negative consequences", "consequences"),
    ("Practical Reasoning", "practical_reasoning"),
    ("correlation_to_cause", "correlation_to_cause"),
])
def test_find_scheme_other_schemes(typed, expected):
    assert find_scheme(typed).id == expected


@pytest.mark.parametrize("typed", [None, "", "   ", "argument from", "no such scheme"])
def test_find_scheme_gives_none_for_nothing_or_unknown(typed):
    assert find_scheme(typed) is None


def test_every_scheme_named_in_a_bundled_map_is_recognised():
    named = {r.scheme for p in presets() for r in p.load().reasons if r.scheme}
    assert named
    assert [n for n in named if find_scheme(n) is None] == []


def test_open_questions_leaves_out_answered_and_raised():
    scheme = find_scheme("expert opinion")
    first, second, *rest = [q.id for q in scheme.questions]
    r = reason("r1", "+", ["c2"], "c1", scheme="Expert opinion", questions={first: "answered", second: "raised"})
    assert [q.id for q in open_questions(r)] == rest


def test_open_questions_all_open_or_no_scheme():
    assert open_questions(reason("r1", "+", ["c2"], "c1", scheme="analogy")) == list(find_scheme("analogy").questions)
    assert open_questions(reason("r1", "+", ["c2"], "c1")) == []
    assert open_questions(reason("r1", "+", ["c2"], "c1", scheme="gut feeling")) == []


def test_scheme_names_are_sorted_for_a_completer():
    names = scheme_names()
    assert names == sorted(names, key=str.casefold)
    assert "Argument from expert opinion" in names


GOOD = {
    "id": "demo", "name": "Argument from demo", "aliases": ["demo"], "summary": "A demo.",
    "premises": ["P."], "conclusion": "C.",
    "questions": [{"id": "one", "question": "Q1?", "objection": "O1."},
                  {"id": "two", "question": "Q2?", "objection": "O2."}],
}


def write(folder, name, data):
    path = folder / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_a_good_file_in_another_folder_loads(tmp_path):
    write(tmp_path, "demo.json", GOOD)
    write(tmp_path, "notes.txt", "not a scheme")
    (scheme,) = load_schemes(tmp_path)
    assert scheme.id == "demo" and [q.id for q in scheme.questions] == ["one", "two"]


@pytest.mark.parametrize("content, words", [
    ('{"id": "demo",', "not valid JSON"),
    ('["a list"]', "one JSON object"),
    ({k: v for k, v in GOOD.items() if k != "conclusion"}, "'conclusion'"),
    ({**GOOD, "summary": "  "}, "'summary' should be a non-empty text"),
    ({**GOOD, "questions": [*GOOD["questions"], {"id": "one", "question": "Again?", "objection": "O."}]},
     "'one' is used by an earlier question"),
    ({**GOOD, "questions": [{"id": "bad id", "question": "Q?", "objection": "O."}]}, "only letters, digits and _"),
    ({**GOOD, "questions": []}, "at least one critical question"),
    ({**GOOD, "critical_questions": []}, "unknown field"),
])
def test_a_broken_file_is_named_with_what_is_wrong(tmp_path, content, words):
    write(tmp_path, "broken.json", content)
    with pytest.raises(MapFileError) as caught:
        load_schemes(tmp_path)
    assert "broken.json" in str(caught.value)
    assert words in str(caught.value)


def test_bad_json_says_where(tmp_path):
    write(tmp_path, "broken.json", '{\n  "id": "demo"\n  "name": "x"\n}')
    with pytest.raises(MapFileError) as caught:
        load_schemes(tmp_path)
    assert caught.value.line == 3


def test_two_files_with_one_id_are_refused(tmp_path):
    write(tmp_path, "a.json", GOOD)
    write(tmp_path, "b.json", {**GOOD, "name": "Another demo", "aliases": []})
    with pytest.raises(MapFileError, match=r"b\.json.*already used in a\.json"):
        load_schemes(tmp_path)


def test_an_alias_shared_by_two_schemes_is_refused(tmp_path):
    write(tmp_path, "a.json", GOOD)
    write(tmp_path, "b.json", {**GOOD, "id": "other", "name": "Other", "aliases": ["Demo argument"]})
    with pytest.raises(MapFileError, match=r"b\.json.*'demo'.*a\.json"):
        load_schemes(tmp_path)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(MapFileError, match="missing"):
        load_schemes(tmp_path / "nowhere")


def test_every_critical_question_of_every_scheme_can_become_an_objection():
    from argmap import edits
    from argmap.validate import Severity, validate
    from helpers import build

    for scheme in load_schemes():
        m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
        m.reasons[0].scheme = scheme.name
        for q in scheme.questions:
            op = edits.raise_question(m, "r1", q.id, q.objection)
            op.apply(m)
            new = m.claim(op.selection[0])
            assert new.text == q.objection
            assert any(r.kind == "objection" and r.target == "r1" and r.premises == [new.id] for r in m.reasons)
        assert m.reason("r1").questions == {q.id: "raised" for q in scheme.questions}
        assert open_questions(m.reason("r1")) == []
        assert not [f for f in validate(m) if f.severity == Severity.ERROR], scheme.id
