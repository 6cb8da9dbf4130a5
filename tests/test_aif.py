"""AIF import and export: the shared AIFdb corpus, round trips, and hostile files."""

import json
import time

import pytest

from argmap.io import MapFileError
from argmap.io.aif import dump_aif, load_aif, parse_aif
from argmap.io.presets import presets
from argmap.validate import Severity, validate
from helpers import HANG_GUARD_S, SHARED, build

CORPUS = SHARED / "corpora" / "aif"
CORPUS_FILES = sorted(CORPUS.glob("*.json")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(
    not CORPUS_FILES, reason="the team's shared folder with the AIF corpus is not here (../shared)"
)
corpus_files = pytest.mark.parametrize("path", CORPUS_FILES or [None], ids=lambda p: p.name if p else "none")

EXAMPLE = {  # FORMATS.md's example, with an undercutter and number ids as some tools write them
    "nodes": [
        {"nodeID": 1, "text": "Schools should start later.", "type": "I"},
        {"nodeID": 2, "text": "Teenagers need more sleep.", "type": "I"},
        {"nodeID": 3, "text": "More sleep improves learning.", "type": "I"},
        {"nodeID": 4, "text": "Default Inference", "type": "RA"},
        {"nodeID": "5", "text": "Later starts clash with bus schedules.", "type": "I"},
        {"nodeID": "6", "text": "Default Conflict", "type": "CA"},
        {"nodeID": "7", "text": "Sleep studies use small samples.", "type": "I"},
        {"nodeID": "8", "text": "CA", "type": "CA"},
        {"nodeID": "9", "text": "Argument From Expert Opinion", "type": "RA"},
        {"nodeID": "10", "text": "A sleep scientist says so.", "type": "I"},
    ],
    "edges": [
        {"edgeID": "1", "fromID": 2, "toID": 4}, {"edgeID": "2", "fromID": 3, "toID": 4},
        {"edgeID": "3", "fromID": 4, "toID": 1},
        {"edgeID": "4", "fromID": "5", "toID": "6"}, {"edgeID": "5", "fromID": "6", "toID": "1"},
        {"edgeID": "6", "fromID": "7", "toID": "8"}, {"edgeID": "7", "fromID": "8", "toID": "4"},
        {"edgeID": "8", "fromID": "10", "toID": "9"}, {"edgeID": "9", "fromID": "9", "toID": "2"},
    ],
    "locutions": [],
}


def structure(m):
    """A map up to the names of its ids: claim texts, marks, and reasons by what they join."""
    text = {c.id: c.text for c in m.claims}
    reasons = {r.id: r for r in m.reasons}

    def node(ident, depth=0):
        if ident in text:
            return text[ident]
        r = reasons[ident]
        return (r.kind, tuple(sorted(text[p] for p in r.premises)), node(r.target, depth + 1) if depth < 50 else None)

    return (
        sorted((c.text, c.main_conclusion) for c in m.claims),
        sorted((node(r.id), r.scheme or "") for r in m.reasons),
    )


def nodes_and_edges(aif):
    nodes = {str(n["nodeID"]): (n["type"], n["text"]) for n in aif["nodes"]}
    edges = sorted((str(e["fromID"]), str(e["toID"])) for e in aif["edges"])
    return nodes, edges


def errors(m):
    return [f.message for f in validate(m) if f.severity is Severity.ERROR]


# -- the shared corpus ---------------------------------------------------------------------

@needs_corpus
@corpus_files
def test_corpus_file_imports_into_a_map_without_errors(path):
    m, notes = load_aif(path)
    assert m.claims and m.reasons
    assert errors(m) == []
    assert m.title == f"Imported from {path.name}"
    assert all(isinstance(n, str) and n.endswith(".") for n in notes)


@needs_corpus
@corpus_files
def test_corpus_file_comes_back_from_an_export_with_every_node_and_edge(path):
    original = json.loads(path.read_text(encoding="utf-8"))
    m, _ = load_aif(path)
    exported = json.loads(dump_aif(m))
    # nodeIDs, node types and texts, and the edges between them all survive (timestamps too)
    assert nodes_and_edges(exported) == nodes_and_edges(original)
    times = {n["nodeID"]: n["timestamp"] for n in original["nodes"]}
    assert all(times[n["nodeID"]] == n["timestamp"] for n in exported["nodes"])
    again, notes = parse_aif(json.dumps(exported), path)
    assert again.model_dump(exclude={"extensions"}) == m.model_dump(exclude={"extensions"})


@needs_corpus
def test_corpus_keeps_the_dialogue_layer_and_reads_schemes():
    m, notes = load_aif(CORPUS / "nodeset27.json")
    assert any("6 locutions" in n and "6 illocutionary links" in n for n in notes)
    assert {n["type"] for n in m.extensions["aif"]["nodes"]} == {"L", "YA"}
    assert next(c for c in m.claims if c.main_conclusion).text == "semesterisation is a good idea"
    m, _ = load_aif(CORPUS / "nodeset15.json")
    assert {r.scheme for r in m.reasons} >= {"PracticalReasoning", "Sign"}


# -- argmap's own maps -------------------------------------------------------------------

@pytest.mark.parametrize("p", presets(), ids=lambda p: p.name)
def test_bundled_map_comes_back_from_aif_unchanged(p):
    m = p.load()
    again, notes = parse_aif(dump_aif(m), "export.json")
    assert notes == []
    assert again.model_dump(exclude={"extensions"}) == m.model_dump(exclude={"extensions"})
    assert {k: v for k, v in again.extensions.items() if k != "aif"} == m.extensions


@pytest.mark.parametrize("p", presets(), ids=lambda p: p.name)
def test_bundled_map_keeps_its_structure_through_plain_aif(p):
    """An AIF tool that drops argmap's own keys still passes on the same argument."""
    m = p.load()
    aif = json.loads(dump_aif(m))
    del aif["argmap"]
    for node in aif["nodes"]:
        node.pop("argmap_id", None)
        node.pop("argmap", None)
    again, _ = parse_aif(json.dumps(aif), "plain.json")
    assert structure(again) == structure(m)
    assert [c.id for c in again.claims] == [f"c{i}" for i in range(1, len(m.claims) + 1)]
    assert [r.id for r in again.reasons] == [f"r{i}" for i in range(1, len(m.reasons) + 1)]


def test_export_is_valid_aif():
    m = build("c1*", "c2", "c3", "c4", r=[("r1", "+", ["c2", "c3"], "c1"), ("r2", "-", ["c4"], "r1")])
    aif = json.loads(dump_aif(m))
    by_id = {n["nodeID"]: n for n in aif["nodes"]}
    assert all(isinstance(i, str) for i in by_id) and aif["locutions"] == []
    assert all({"nodeID", "text", "type", "timestamp"} <= set(n) for n in aif["nodes"])
    assert all({"edgeID", "fromID", "toID"} <= set(e) for e in aif["edges"])
    types = [(by_id[e["fromID"]]["type"], by_id[e["toID"]]["type"]) for e in aif["edges"]]
    assert sorted(types) == [("CA", "RA"), ("I", "CA"), ("I", "RA"), ("I", "RA"), ("RA", "I")]


def test_an_edited_reason_is_written_with_its_new_kind_and_scheme():
    m, _ = parse_aif(json.dumps(EXAMPLE), "school.json")
    r = next(r for r in m.reasons if r.scheme == "Argument From Expert Opinion")
    r.kind, r.scheme = "objection", "Bias"
    node = next(n for n in json.loads(dump_aif(m))["nodes"] if n.get("argmap_id") == r.id)
    assert (node["nodeID"], node["type"], node["text"], node["scheme"]) == ("9", "CA", "Bias", "Bias")


# -- reading AIF ------------------------------------------------------------------------------

def test_example_reads_as_claims_reasons_and_an_undercutter():
    m, notes = parse_aif(json.dumps(EXAMPLE), "school.json")
    assert notes == []
    assert [c.id for c in m.claims] == ["c1", "c2", "c3", "c4", "c5", "c6"]
    assert m.title == "Imported from school.json"
    r1, r2, r3, r4 = m.reasons
    assert (r1.kind, r1.premises, r1.target, r1.scheme) == ("support", ["c2", "c3"], "c1", None)
    assert (r2.kind, r2.premises, r2.target) == ("objection", ["c4"], "c1")
    assert (r3.kind, r3.premises, r3.target) == ("objection", ["c5"], "r1")  # an undercutter
    assert (r4.premises, r4.target, r4.scheme) == (["c6"], "c2", "Argument From Expert Opinion")
    assert [c.id for c in m.claims if c.main_conclusion] == ["c1"]
    assert m.extensions["aif"]["shown"]["c1"]["nodeID"] == "1"
    assert errors(m) == []


def test_ova3_file_keeps_its_wrapper_and_dialogue(tmp_path):
    ova = {
        "AIF": {
            "nodes": [*EXAMPLE["nodes"], {"nodeID": "20", "text": "Ann: schools should start later", "type": "L"},
                      {"nodeID": "21", "text": "Asserting", "type": "YA"},
                      {"nodeID": "22", "text": "Default Rephrase", "type": "MA"}],
            "edges": [*EXAMPLE["edges"], {"edgeID": "20", "fromID": "20", "toID": "21"},
                      {"edgeID": "21", "fromID": "21", "toID": "1"}, {"edgeID": "22", "fromID": "2", "toID": "22"},
                      {"edgeID": "23", "fromID": "22", "toID": "3"}],
            "locutions": [{"nodeID": "20", "personID": "1"}],
            "participants": [{"participantID": "1", "firstname": "Ann", "surname": "Lee"}],
        },
        "OVA": {"nodes": [{"nodeID": "1", "visible": True, "x": 10, "y": "20"}]},
        "text": "<span id=\"node20\">Schools should start later</span>",
        "title": "Start times",
    }
    path = tmp_path / "ova.json"
    path.write_text(json.dumps(ova), encoding="utf-8")
    m, notes = load_aif(path)
    assert m.title == "Start times"
    assert len(notes) == 1 and "1 locutions" in notes[0] and "1 rephrasings" in notes[0]
    out = json.loads(dump_aif(m))
    assert out["OVA"] == ova["OVA"] and out["text"] == ova["text"]
    assert out["AIF"]["locutions"] == ova["AIF"]["locutions"]
    assert out["AIF"]["participants"] == ova["AIF"]["participants"]
    assert nodes_and_edges(out["AIF"]) == nodes_and_edges(ova["AIF"])


def test_what_cannot_be_shown_is_kept_and_named_in_a_note():
    aif = json.loads(json.dumps(EXAMPLE))
    aif["nodes"] += [{"nodeID": "30", "text": "RA", "type": "RA"}, {"nodeID": "31", "text": "RA", "type": "RA"},
                     {"nodeID": "32", "text": "Odd", "type": "XY"}]
    aif["edges"] += [{"edgeID": "30", "fromID": "30", "toID": "1"},  # an RA with no premise
                     {"edgeID": "31", "fromID": "2", "toID": "31"},  # an RA that leads nowhere
                     {"edgeID": "32", "fromID": "2", "toID": "99"},  # to a node not in the file
                     {"edgeID": "33", "fromID": "2", "toID": "3"},   # claim to claim
                     {"edgeID": "34", "fromID": "2", "toID": "4"}]   # the 1st edge again
    m, notes = parse_aif(json.dumps(aif), "odd.json")
    text = "\n".join(notes)
    assert "Node 30 (the 11th node), an inference (RA), has no premise" in text
    assert "Node 31 (the 12th node), an inference (RA), does not lead to any claim" in text
    assert "there is no node 99 in the file" in text
    assert "from node 2 (the 2nd node) to node 3 (the 3rd node)" in text
    assert "repeats the 1st edge" in text
    assert "nodes of type 'XY'" in text
    assert len(m.reasons) == 4
    out = json.loads(dump_aif(m))
    nodes, edges = nodes_and_edges(out)
    assert {"30", "31", "32"} <= set(nodes)
    assert {("30", "1"), ("2", "31"), ("2", "3")} <= set(edges)


def test_several_arguments_mark_the_best_supported_one_and_say_so():
    aif = {"nodes": [{"nodeID": "1", "text": "A.", "type": "I"}, {"nodeID": "2", "text": "B.", "type": "I"},
                     {"nodeID": "3", "text": "C.", "type": "I"}, {"nodeID": "4", "text": "D.", "type": "I"},
                     {"nodeID": "5", "text": "E.", "type": "I"},
                     {"nodeID": "6", "type": "RA"}, {"nodeID": "7", "type": "RA"}, {"nodeID": "8", "type": "RA"}],
           "edges": [{"fromID": "2", "toID": "6"}, {"fromID": "6", "toID": "1"},
                     {"fromID": "4", "toID": "7"}, {"fromID": "5", "toID": "7"}, {"fromID": "7", "toID": "3"},
                     {"fromID": "1", "toID": "8"}, {"fromID": "8", "toID": "5"}]}
    m, notes = parse_aif(json.dumps(aif), "two.json")
    assert [c.text for c in m.claims if c.main_conclusion] == ["C."]
    assert not m.several_main_conclusions
    assert errors(m) == []
    aif["edges"] = [aif["edges"][i] for i in (0, 1, 2, 4)]  # two arguments of the same size: the first in the file wins
    m, notes = parse_aif(json.dumps(aif), "two.json")
    assert [c.text for c in m.claims if c.main_conclusion] == ["A."]
    assert any("2 separate arguments" in n and "“A”" in n for n in notes)


# -- hostile files --------------------------------------------------------------------------

def node(i, kind="I"):
    return {"nodeID": str(i), "text": f"Claim {i}.", "type": kind}


HOSTILE = {
    "not JSON": (b'{"nodes": [', "line 1"),
    "empty": (b"", None),
    "UTF-16": ('{"nodes": []}'.encode("utf-16"), None),
    "a list": (b"[]", None),
    "no nodes": (b'{"edges": []}', None),
    "nodes not a list": (b'{"nodes": {"1": {}}}', '"nodes"'),
    "edges not a list": (b'{"nodes": [], "edges": 3}', '"edges"'),
    "a node not an object": (b'{"nodes": [1]}', "the 1st node"),
    "no nodeID": (b'{"nodes": [{"type": "I", "text": "x"}]}', "the 1st node"),
    "OVA2": (b'{"nodes": [{"id": 1, "type": "I", "text": "x"}]}', "the 1st node"),
    "no type": (json.dumps({"nodes": [node(1), node(2), node(3), {"nodeID": 12}]}), "node 12 (the 4th node)"),
    "duplicate nodeIDs": (json.dumps({"nodes": [node(1), {**node(2), "nodeID": 1}]}), "node 1 (the 2nd node)"),
    "text a number": (b'{"nodes": [{"nodeID": 1, "type": "I", "text": 5}]}', "node 1 (the 1st node)"),
    "text too long": (json.dumps({"nodes": [{**node(1), "text": "x" * 20_000}]}), "node 1 (the 1st node)"),
    "edge without toID": (json.dumps({"nodes": [node(1)], "edges": [{"edgeID": 7, "fromID": 1}]}),
                          "edge 7 (the 1st edge)"),
    "an argmap map": (b'{"format": "argmap", "format_version": 1}', None),
    "AIF not an object": (b'{"AIF": []}', '"AIF"'),
    "deep locutions": (('{"nodes": [], "locutions": ' + "[" * 60 + "]" * 60 + "}").encode(), '"locutions"'),
    "duplicate keys": (b'{"nodes": [], "nodes": []}', "line 1"),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_gives_one_error_naming_file_and_place(name, tmp_path):
    content, where = HOSTILE[name]
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(MapFileError) as info:
        load_aif(path)
    assert str(path) in str(info.value)
    if where:
        assert where in str(info.value)


MAPS_ANYWAY = {
    "edge to a missing node": {"nodes": [node(1), node(2, "RA")], "edges": [{"fromID": "2", "toID": "9"}]},
    "an RA cycle": {"nodes": [node(1), node(2), node(3, "RA"), node(4, "RA")],
                    "edges": [{"fromID": 1, "toID": 3}, {"fromID": 3, "toID": 2}, {"fromID": 2, "toID": 4},
                              {"fromID": 4, "toID": 1}]},
    "S-nodes aimed at each other": {"nodes": [node(1), node(2), node(3, "CA"), node(4, "CA")],
                                    "edges": [{"fromID": 1, "toID": 3}, {"fromID": 3, "toID": 4},
                                              {"fromID": 2, "toID": 4}, {"fromID": 4, "toID": 3}]},
    "nothing but claims": {"nodes": [node(1), node(2)]},
    "no nodes": {"nodes": []},
    "an RA with two conclusions": {"nodes": [node(1), node(2), node(3), node(4, "RA")],
                                   "edges": [{"fromID": 1, "toID": 4}, {"fromID": 4, "toID": 2},
                                             {"fromID": 4, "toID": 3}]},
}


@pytest.mark.parametrize("name", MAPS_ANYWAY)
def test_odd_but_readable_file_gives_a_map_with_notes(name):
    m, notes = parse_aif(json.dumps(MAPS_ANYWAY[name]), "odd.json")
    validate(m)
    parse_aif(dump_aif(m))  # and its export reads again
    if m.claims:
        assert notes


def test_an_ra_cycle_still_gets_a_main_conclusion():
    m, notes = parse_aif(json.dumps(MAPS_ANYWAY["an RA cycle"]), "cycle.json")
    assert [c.id for c in m.claims if c.main_conclusion] == ["c1"]
    assert any("circle" in n for n in notes)


def test_fifty_thousand_nodes_stay_fast():
    # a chain: claim, RA, claim, RA, ... each claim a reason for the one before it
    nodes = [node(i, "I" if i % 2 == 0 else "RA") for i in range(50_000)]
    edges = [{"edgeID": str(i), "fromID": str(i + 1), "toID": str(i)} for i in range(49_999)]
    data = json.dumps({"nodes": nodes, "edges": edges})
    start = time.perf_counter()
    m, notes = parse_aif(data, "big.json")
    read = time.perf_counter() - start
    text = dump_aif(m)
    written = time.perf_counter() - start - read
    assert len(m.claims) == 25_000 and len(m.reasons) == 24_999
    assert m.claims[0].main_conclusion
    assert len(text) > 1_000_000
    assert read < HANG_GUARD_S and written < HANG_GUARD_S, (read, written)


def test_fifty_thousand_separate_arguments_and_bad_edges_stay_fast():
    nodes = [node(i, "I" if i % 3 else "RA") for i in range(50_000)]
    edges = [{"fromID": str(i + 1), "toID": str(i)} for i in range(0, 49_998, 3)]
    edges += [{"fromID": str(i), "toID": str(i + 2)} for i in range(0, 49_998, 3)]
    edges += [{"fromID": str(i), "toID": "missing"} for i in range(0, 50_000, 2)]
    start = time.perf_counter()
    m, notes = parse_aif(json.dumps({"nodes": nodes, "edges": edges}), "big.json")
    assert time.perf_counter() - start < HANG_GUARD_S
    assert len(notes) < 30  # a few of each kind, then a count
    assert any("more like the one above" in n for n in notes)


def test_evaluation_and_map_settings_round_trip():
    from test_argdown import _judged_map, judged

    m = _judged_map()
    back, notes = parse_aif(dump_aif(m), "judged.json")
    assert notes == []
    assert judged(back) == judged(m)
