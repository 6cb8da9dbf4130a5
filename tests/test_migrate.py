import pytest

from argmap.io import migrate as mig


def test_current_version_passes_through():
    raw = {"format": "argmap", "format_version": 1, "title": "t"}
    assert mig.migrate(dict(raw), 1) == raw


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
