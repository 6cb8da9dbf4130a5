"""Reading and writing map files: round trips, atomic saves, and every kind of bad file."""

import json
import os
import time

import pytest

from argmap.io import MapFileError, dump_map, json_io, load_map, parse_map, save_map
from argmap.model import FORMAT_VERSION
from helpers import HANG_GUARD_S, ROOT, build

BUNDLED = sorted((ROOT / "maps").glob("*.json"))


def minimal(**extra):
    return {"format": "argmap", "format_version": FORMAT_VERSION, "title": "t", **extra}


def write(tmp_path, content, name="map.json"):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def error_for(tmp_path, content) -> MapFileError:
    p = write(tmp_path, content)
    with pytest.raises(MapFileError) as info:
        load_map(p)
    assert info.value.path == p
    assert str(p) in str(info.value)  # every message names the file
    return info.value


# -- round trips -------------------------------------------------------------------

@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_bundled_maps_round_trip_byte_for_byte(path, tmp_path):
    original = path.read_bytes()
    m = load_map(path)
    out = tmp_path / path.name
    save_map(m, out)
    assert out.read_bytes() == original


def test_written_text_is_stable_and_ends_with_newline():
    m = build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])
    text = dump_map(m)
    assert text.endswith("}\n") and "\r" not in text
    assert dump_map(parse_map(text)) == text
    assert text.splitlines()[1:3] == ['  "format": "argmap",', f'  "format_version": {FORMAT_VERSION},']


def test_unicode_is_written_as_text_not_escapes(tmp_path):
    m = build("c1*")
    m.claims[0].text = "Kim Jong Un wants “real deterrence” vis-à-vis the U.S. — 김정은"
    save_map(m, tmp_path / "m.json")
    assert "김정은" in (tmp_path / "m.json").read_text(encoding="utf-8")
    assert load_map(tmp_path / "m.json").claims[0].text == m.claims[0].text


def test_byte_order_mark_and_windows_line_ends_are_accepted(tmp_path):
    text = json.dumps(minimal(claims=[{"id": "c1", "text": "x"}]), indent=2).replace("\n", "\r\n")
    m = load_map(write(tmp_path, b"\xef\xbb\xbf" + text.encode()))
    assert m.claims[0].text == "x"


# -- atomic save --------------------------------------------------------------------

def test_save_replaces_the_file_and_leaves_no_temporary_files(tmp_path):
    p = tmp_path / "m.json"
    save_map(build("c1*"), p)
    save_map(build("c1*", "c2"), p)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["m.json", "m.json.bak"]  # the backup, no temp files
    assert len(load_map(p).claims) == 2


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    p = tmp_path / "m.json"
    save_map(build("c1*"), p)
    before = p.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(json_io.os, "replace", disk_full)
    with pytest.raises(MapFileError) as info:
        save_map(build("c1*", "c2", "c3"), p)
    assert "No space left on device" in str(info.value) and "left as it was" in str(info.value)
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["m.json"]


def test_save_into_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(MapFileError) as info:
        save_map(build("c1*"), tmp_path / "nowhere" / "m.json")
    assert "could not be saved" in str(info.value)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_save_keeps_the_file_mode(tmp_path):
    p = tmp_path / "m.json"
    save_map(build("c1*"), p)
    p.chmod(0o640)
    save_map(build("c1*", "c2"), p)
    assert p.stat().st_mode & 0o777 == 0o640


# -- bad files: each gets one clear message naming the file and the place --------------

def test_missing_file(tmp_path):
    with pytest.raises(MapFileError, match="no such file"):
        load_map(tmp_path / "absent.json")


def test_folder_instead_of_file(tmp_path):
    with pytest.raises(MapFileError, match="folder"):
        load_map(tmp_path)


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_empty_file(tmp_path, content):
    assert "empty" in error_for(tmp_path, content).message


def test_invalid_json_gives_line_and_column(tmp_path):
    err = error_for(tmp_path, '{\n  "format": "argmap",\n  "title": ,\n}')
    assert (err.line, err.column) == (3, 12)
    assert "line 3, column 12" in str(err) and "not valid JSON" in err.message


def test_truncated_file(tmp_path):
    text = dump_map(build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")]))
    err = error_for(tmp_path, text[: len(text) // 2])
    assert err.line is not None and "ends too early" in err.message


@pytest.mark.parametrize(
    "content, words",
    [
        ("[]", "a list"),
        ('"a map"', "a piece of text"),
        ("42", "a number"),
        ("null", "null"),
        ("true", "true or false"),
    ],
)
def test_wrong_top_level(tmp_path, content, words):
    assert words in error_for(tmp_path, content).message


def test_invalid_utf8_names_the_place(tmp_path):
    err = error_for(tmp_path, b'{\n  "title": "caf\xe9"\n}')
    assert "not valid UTF-8" in err.message and (err.line, err.column) == (2, 16)


def test_utf16_is_refused_with_advice(tmp_path):
    err = error_for(tmp_path, json.dumps(minimal()).encode("utf-16"))
    assert "UTF-16" in err.message


def test_newer_format_version(tmp_path):
    err = error_for(tmp_path, json.dumps(minimal(format_version=FORMAT_VERSION + 1)))
    assert "newer version of argmap" in err.message


@pytest.mark.parametrize("version", [0, -3])
def test_format_version_argmap_never_wrote(tmp_path, version):
    assert "never wrote" in error_for(tmp_path, json.dumps(minimal(format_version=version))).message


@pytest.mark.parametrize("version", ["1", 1.5, None, True])
def test_format_version_must_be_a_whole_number(tmp_path, version):
    assert "whole number" in error_for(tmp_path, json.dumps(minimal(format_version=version))).message


def test_not_an_argmap_file(tmp_path):
    assert "not an argmap map" in error_for(tmp_path, '{"title": "x"}').message
    assert "AIF" in error_for(tmp_path, '{"nodes": [], "edges": []}').message
    assert "'sadface'" in error_for(tmp_path, '{"format": "sadface"}').message


def test_schema_errors_are_said_in_the_users_terms(tmp_path):
    data = minimal(
        claims=[
            {"id": "c1", "text": "ok", "main_conclusion": True},
            {"id": "c7"},
            {"id": "c8", "text": "x", "txt": "typo"},
            {"id": "c9", "text": 5},
            {"text": "no id"},
        ],
        reasons=[{"id": "r3", "kind": "pro", "premises": ["c1"], "target": "c1"}],
    )
    err = error_for(tmp_path, json.dumps(data))
    assert err.message == "This map has 5 problems argmap cannot open:"
    assert err.problems == [
        "claim 'c7': the text is missing",
        "claim 'c8': has a field argmap does not know, 'txt' (a typo, or written by a newer argmap); remove or rename it",
        "claim 'c9': the text should be written as text, in double quotes",
        "claim number 5: the id is missing",
        "reason 'r3': the kind must be 'support' or 'objection', not 'pro'",
    ]


def test_nested_fields_are_named(tmp_path):
    data = minimal(claims=[{"id": "c1", "text": "x", "quotation": {"text": "q", "start": -4}}],
                   source={"title": 3})
    err = error_for(tmp_path, json.dumps(data))
    assert "claim 'c1': the quotation: start position must not be negative" in err.problems
    assert "the source citation: the title should be written as text, in double quotes" in err.problems


def test_many_problems_are_summarised(tmp_path):
    data = minimal(claims=[{"id": f"c{i}"} for i in range(30)])
    err = error_for(tmp_path, json.dumps(data))
    assert len(err.problems) == 9 and err.problems[-1] == "... and 22 more"


def test_duplicate_ids_are_refused(tmp_path):
    data = minimal(claims=[{"id": "c1", "text": "a"}, {"id": "c1", "text": "b"}, {"id": "r1", "text": "c"}],
                   reasons=[{"id": "r1", "kind": "support", "premises": ["c1"], "target": "c1"}])
    err = error_for(tmp_path, json.dumps(data))
    assert err.problems == ["two claims have the id 'c1'", "a claim and a reason both have the id 'r1'"]


def test_duplicate_keys_are_refused(tmp_path):
    err = error_for(tmp_path, '{"format": "argmap", "format_version": 1, "title": "a", "title": "b"}')
    assert "'title' appears twice" in err.message


def test_deep_nesting_fails_fast_without_a_crash(tmp_path):
    start = time.perf_counter()
    err = error_for(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert "nested far too deeply" in err.message
    assert time.perf_counter() - start < HANG_GUARD_S


def test_deep_nesting_inside_extensions(tmp_path):
    deep = "[" * 5000 + "]" * 5000
    content = '{"format": "argmap", "format_version": 1, "extensions": {"x": ' + deep + "}}"
    assert "nested" in error_for(tmp_path, content).message


def test_huge_file_is_refused_before_reading(tmp_path):
    p = tmp_path / "huge.json"
    with p.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(MapFileError) as info:
        load_map(p)
    assert "100 MB" in info.value.message


def test_huge_string_is_refused_with_its_place(tmp_path):
    data = minimal(claims=[{"id": "c1", "text": "x" * 20_000}])
    err = error_for(tmp_path, json.dumps(data))
    assert err.problems == ["claim 'c1': the text is too long (20000 characters; the limit is 10000)"]


def test_nul_bytes_in_json_are_a_syntax_error(tmp_path):
    err = error_for(tmp_path, b'{"format": "argmap",\x00 "format_version": 1}')
    assert "not valid JSON" in err.message and err.line == 1


def test_bad_timestamp(tmp_path):
    err = error_for(tmp_path, json.dumps(minimal(created="yesterday")))
    assert err.problems[0].startswith("the map: the creation time should be a date and time")


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file, so permission errors cannot be shown")
    p = write(tmp_path, json.dumps(minimal()))
    p.chmod(0)
    with pytest.raises(MapFileError, match="not allowed"):
        load_map(p)


def test_parse_without_a_path_names_the_map():
    with pytest.raises(MapFileError) as info:
        parse_map(b"")
    assert str(info.value).startswith("(unsaved map): ")


# -- hostile files found in review -------------------------------------------------------

@pytest.mark.parametrize("content, words", [
    ('{"format": "argmap", "format_version": 1, "extensions": {"x": NaN}}', "not valid JSON"),
    ('{"format": "argmap", "format_version": 1, "extensions": {"x": "\\ud800"}}', "broken character"),
    ('{"format": "argmap", "format_version": 1, "extensions": {"x": ' + "9" * 5000 + "}}", "number"),
    ('{"format": "argmap", "format_version": 1,\n "title": "a",\n "title": "b"}', "appears twice"),
    ('{"format": "argmap", "format_version": 1} {"more": 1}', "more after the end"),
])
def test_json_that_could_not_be_written_back_is_refused_with_its_place(tmp_path, content, words):
    err = error_for(tmp_path, content)
    assert words in err.message and err.line is not None


def test_infinite_numbers_and_deep_extensions_are_refused(tmp_path):
    err = error_for(tmp_path, '{"format": "argmap", "format_version": 1, "extensions": {"x": 1e400}}')
    assert "too large" in err.problems[0]
    deep = "[" * 200 + "]" * 200
    err = error_for(tmp_path, '{"format": "argmap", "format_version": 1, "extensions": {"x": ' + deep + "}}")
    assert "nested" in str(err)


def test_every_map_that_loads_can_be_saved(tmp_path):
    deep = "[" * 40 + "]" * 40
    p = write(tmp_path, '{"format": "argmap", "format_version": 1, "extensions": {"k\\u00e9": ' + deep + "}}")
    save_map(load_map(p), tmp_path / "again.json")
    assert load_map(tmp_path / "again.json").extensions == load_map(p).extensions


@pytest.mark.parametrize("field, value", [("main_conclusion", '"yes"'), ("hidden", "1"), ("note", "5")])
def test_types_are_strict(tmp_path, field, value):
    content = ('{"format": "argmap", "format_version": 1, "claims": [{"id": "c1", "text": "x", '
               f'"{field}": {value}}}]}}')
    err = error_for(tmp_path, content)
    assert err.problems[0].startswith("claim 'c1': ")


def test_utf16_without_byte_order_mark(tmp_path):
    err = error_for(tmp_path, '{"format": "argmap"}'.encode("utf-16-le"))
    assert "UTF-16" in err.message


def test_blank_quotation_is_refused(tmp_path):
    content = ('{"format": "argmap", "format_version": 1, "claims": [{"id": "c1", "text": "x", '
               '"quotation": {"text": "   "}}]}')
    assert "claim 'c1'" in error_for(tmp_path, content).problems[0]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_that_never_ends_is_refused(monkeypatch):
    monkeypatch.setattr(json_io, "MAX_FILE_BYTES", 4 * 1024 * 1024)
    with pytest.raises(MapFileError, match="does not end"):
        load_map("/dev/zero")


def test_messages_do_not_repeat_huge_values(tmp_path):
    content = '{"format": "argmap", "format_version": 1, "reasons": [{"id": "r1", "kind": "' + "x" * 5000 + \
        '", "premises": ["c1"], "target": "c1"}]}'
    err = error_for(tmp_path, content)
    assert len(str(err)) < 600
