import pytest

from argmap.io import migrate as mig


def test_current_version_passes_through():
    raw = {"format": "argmap", "format_version": mig.FORMAT_VERSION, "title": "t"}
    assert mig.migrate(dict(raw), mig.FORMAT_VERSION) == raw


def test_a_version_1_map_loads_unchanged_in_meaning(tmp_path):
    # Format 2 only added optional fields (ratings, strengths, critical questions, a rubric).
    from argmap.io import load_map

    path = tmp_path / "old.json"
    path.write_text('{"format": "argmap", "format_version": 1, "title": "Old", "claims": ['
                    '{"id": "c1", "text": "A.", "main_conclusion": true}, {"id": "c2", "text": "B."}],'
                    ' "reasons": [{"id": "r1", "kind": "support", "premises": ["c2"], "target": "c1"}]}')
    m = load_map(path)
    assert m.format_version == 2 and m.title == "Old"
    assert [c.text for c in m.claims] == ["A.", "B."] and m.reasons[0].premises == ["c2"]
    assert m.claims[0].rating is None and m.reasons[0].strength is None and m.rubric is None


def test_newer_version_is_refused():
    with pytest.raises(mig.FormatVersionError, match="newer version of argmap"):
        mig.migrate({}, 2, current=1)


def test_older_files_walk_the_chain(monkeypatch):
    # Stand-in steps for formats 2 and 3, to show a version-1 file walking the chain.
    monkeypatch.setattr(mig, "MIGRATIONS", {
        1: lambda raw: {**raw, "claims": [{"id": c["id"], "text": c["statement"]} for c in raw["claims"]]},
        2: lambda raw: {**raw, "tags": raw.get("tags", []) + ["migrated"]},
    })
    raw = {"format": "argmap", "format_version": 1, "claims": [{"id": "c1", "statement": "x"}]}
    out = mig.migrate(raw, 1, current=3)
    assert out == {"format": "argmap", "format_version": 3, "claims": [{"id": "c1", "text": "x"}], "tags": ["migrated"]}


def test_a_gap_in_the_chain_is_reported(monkeypatch):
    monkeypatch.setattr(mig, "MIGRATIONS", {})
    with pytest.raises(mig.FormatVersionError, match="cannot convert file format 1 to 2"):
        mig.migrate({}, 1, current=2)
