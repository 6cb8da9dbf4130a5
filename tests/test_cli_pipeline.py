"""The command line as one pipeline: export (and validate) read Argdown and AIF
files directly, `--check` validates in the same process, and each command
loads only the modules it needs, so a script's import + check + export is one
quick process."""

import json
import subprocess
import sys

import pytest

from argmap.cli import main
from argmap.dot import to_dot
from argmap.io import load_map, save_map
from argmap.io.aif import dump_aif
from argmap.io.argdown import dump_argdown, parse_argdown
from argmap.io.presets import preset
from helpers import ROOT, build


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def faulty_argdown(tmp_path):
    """An Argdown file of a map with an error: its main conclusion has only an objection."""
    path = tmp_path / "faulty.argdown"
    path.write_text(dump_argdown(build("c1*", "c2", r=[("r1", "-", ["c2"], "c1")])), encoding="utf-8")
    return path


@pytest.fixture
def tutorial_argdown(tmp_path):
    path = tmp_path / "tutorial.argdown"
    path.write_text(dump_argdown(preset("tutorial").load()), encoding="utf-8")
    return path


def test_export_reads_an_argdown_file_as_import_would(tmp_path, capsys, tutorial_argdown):
    imported = tmp_path / "imported.json"
    assert main(["import", str(tutorial_argdown), "-o", str(imported)]) == 0
    for suffix in (".json", ".dot", ".svg", ".aif.json", ".md"):
        one, two = tmp_path / f"one{suffix}", tmp_path / f"two{suffix}"
        assert main(["export", str(tutorial_argdown), "-o", str(one)]) == 0, suffix
        assert main(["export", str(imported), "-o", str(two)]) == 0, suffix
        assert one.read_bytes() == two.read_bytes(), suffix  # one process gives what two gave
    capsys.readouterr()


def test_export_reads_an_aif_file(tmp_path):
    m = preset("tutorial").load()
    aif = tmp_path / "t.aif.json"
    aif.write_text(dump_aif(m), encoding="utf-8")
    out = tmp_path / "t.dot"
    assert main(["export", str(aif), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == to_dot(load_map(_imported(tmp_path, aif)))


def _imported(tmp_path, path):
    out = tmp_path / "via-import.json"
    assert main(["import", str(path), "-o", str(out)]) == 0
    return out


def test_export_from_a_file_told_its_format(tmp_path):
    m = preset("tutorial").load()
    plain = tmp_path / "debate.txt"  # not a name that says Argdown
    plain.write_text(dump_argdown(m), encoding="utf-8")
    out = tmp_path / "t.json"
    assert main(["export", str(plain), "-o", str(out), "--from", "argdown"]) == 0
    assert sorted(c.text for c in load_map(out).claims) == sorted(c.text for c in m.claims)


def test_check_reports_the_findings_on_stderr_and_still_writes(tmp_path, capsys, faulty_argdown):
    out = tmp_path / "faulty.svg"
    code, stdout, err = run(capsys, "export", str(faulty_argdown), "-o", str(out), "--check")
    assert code == 1 and out.stat().st_size > 100 and stdout == ""
    assert err.splitlines()[0] == f"{faulty_argdown}: 1 error, 1 hint"
    assert "✗ error: The main conclusion has no reasons yet" in err
    assert f"`argmap validate {faulty_argdown}` lists them all" in err


def test_check_of_a_sound_map_exits_0(tmp_path, capsys):
    sound = tmp_path / "sound.argdown"
    sound.write_text(dump_argdown(build("c1*", "c2", "c3", r=[("r1", "+", ["c2", "c3"], "c1")])), encoding="utf-8")
    code, _, err = run(capsys, "export", str(sound), "-o", str(tmp_path / "s.json"), "--check")
    assert code == 0 and err == f"{sound}: no problems found\n"


def test_without_check_export_does_not_validate(tmp_path, capsys, faulty_argdown):
    code, _, err = run(capsys, "export", str(faulty_argdown), "-o", str(tmp_path / "f.json"))
    assert code == 0 and err == ""


def test_import_check(tmp_path, capsys, faulty_argdown):
    code, out, err = run(capsys, "import", str(faulty_argdown), "-o", str(tmp_path / "f.json"), "--check")
    assert code == 1 and out.startswith("Imported 2 claims") and "1 error" in err.splitlines()[0]


def test_check_findings_are_the_ones_validate_gives(tmp_path, capsys, tutorial_argdown):
    _, out, _ = run(capsys, "validate", str(tutorial_argdown))
    _, _, err = run(capsys, "export", str(tutorial_argdown), "-o", str(tmp_path / "t.svg"), "--check")
    assert out.splitlines()[0] == err.splitlines()[0]


def test_validate_reads_argdown_and_aif(tmp_path, capsys, faulty_argdown):
    aif = tmp_path / "faulty.aif.json"
    aif.write_text(dump_aif(parse_argdown(faulty_argdown.read_text(encoding="utf-8"))[0]), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--json", str(faulty_argdown), str(aif))
    report = json.loads(out)
    assert code == 1 and [r["readable"] for r in report] == [True, True]
    assert all("conclusion-without-reasons" in {f["code"] for f in r["findings"]} for r in report)


def test_a_broken_argdown_file_is_named_with_its_place(tmp_path, capsys):
    bad = tmp_path / "bad.argdown"
    bad.write_text("[a]: A claim.\n\x00\n", encoding="utf-8")
    code, out, err = run(capsys, "export", str(bad), "-o", str(tmp_path / "x.svg"), "--check")
    assert code == 2 and out == "" and err.startswith(f"argmap: {bad}, line 2, column 1:")
    assert "Traceback" not in err and not (tmp_path / "x.svg").exists()


def test_a_wrong_extension_is_said_before_the_map_is_read(tmp_path, capsys):
    code, _, err = run(capsys, "export", str(tmp_path / "absent.argdown"), "-o", str(tmp_path / "x.docx"))
    assert code == 2 and "x.docx" in err and "absent" not in err


def test_a_missing_file_and_a_bundled_map(tmp_path, capsys):
    code, _, err = run(capsys, "export", str(tmp_path / "absent.argdown"), "-o", str(tmp_path / "x.json"))
    assert code == 2 and err == f"argmap: {tmp_path / 'absent.argdown'}: There is no such file.\n"
    assert main(["export", "tutorial", "-o", str(tmp_path / "t.json"), "--check"]) == 0


def test_import_notes_are_said_on_export(tmp_path, capsys):
    notes = tmp_path / "contradiction.argdown"
    notes.write_text("[a]: Taxes should rise.\n  >< [b]: Taxes should fall.\n", encoding="utf-8")
    code, _, err = run(capsys, "export", str(notes), "-o", str(tmp_path / "c.json"))
    assert code == 0 and f"argmap: {notes}: line 2:" in err and "contradict" in err


@pytest.mark.parametrize(("args", "unwanted"), [
    (["validate", "{map}"], ('PySide6', "argmap.io.argdown", "argmap.io.aif")),
    (["export", "{map}", "-o", "{tmp}/m.dot"], ('PySide6', "argmap.io.argdown", "argmap.io.aif", "argmap.validate")),
    (["export", "{map}", "-o", "{tmp}/m.json", "--check"], ('PySide6', "argmap.io.argdown", "argmap.io.aif")),
    (["--help"], ("pydantic", "argmap.model")),
])
def test_each_command_loads_only_what_it_needs(tmp_path, args, unwanted):
    path = tmp_path / "m.json"
    save_map(preset("tutorial").load(), path)
    argv = [a.format(map=path, tmp=tmp_path) for a in args]
    code = ("import sys\nfrom argmap.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted({m.split('.')[0] if m.startswith('PySide6') else m for m in sys.modules}))")
    run = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = run.stdout.rsplit("LOADED", 1)[1]
    assert not [m for m in unwanted if f"'{m}'" in loaded]


def _big_map(n: int):
    """c1 on top; each claim supported by the next two (a tree of n claims), every fifth reason an objection."""
    claims = ["c1*", *(f"c{i}" for i in range(2, n + 1))]
    reasons = [(f"r{i}", "-" if i % 5 == 0 else "+", [f"c{j}" for j in (2 * i, 2 * i + 1) if j <= n], f"c{i}")
               for i in range(1, n // 2 + 1)]
    return build(*claims, r=reasons)


def test_a_big_map_goes_through_in_one_process(tmp_path):
    """Import, check and export to every kind of output from one Argdown file, as one process."""
    src = tmp_path / "big.argdown"
    src.write_text(dump_argdown(_big_map(2_000)), encoding="utf-8")
    for suffix in (".json", ".dot", ".svg"):
        out = tmp_path / f"big{suffix}"
        done = subprocess.run([sys.executable, "-m", "argmap", "export", str(src), "-o", str(out), "--check"],
                              capture_output=True, text=True, cwd=ROOT)
        assert done.returncode in (0, 1) and out.stat().st_size > 100_000, done.stderr[-500:]
        assert done.stderr.startswith(f"{src}: ")


def test_argmap_reads_back_the_big_argdown_it_wrote(tmp_path, capsys):
    """Hand-written Argdown is refused past 8 MB; what argmap wrote itself (its front matter says so)
    is a map argmap opened, and reads back up to 32 MB (a 50,000-claim map is 11 MB)."""
    words = ("troops Russia Seoul missiles mobilization deterrence Ukraine shells " * 140).strip()
    body = "".join(f"[c{i}]: Claim {i}: {words}\n\n" for i in range(1, 1_001))
    own = tmp_path / "own.argdown"
    own.write_text('===\ntitle: "Big"\nargmap: {"title": "Big"}\n===\n\n' + body, encoding="utf-8")
    plain = tmp_path / "plain.argdown"
    plain.write_text(body, encoding="utf-8")
    assert own.stat().st_size > 8 * 1024 * 1024
    out = tmp_path / "own.json"
    code, _, err = run(capsys, "export", str(own), "-o", str(out))
    assert code == 0 and len(load_map(out).claims) == 1_000, err
    code, _, err = run(capsys, "export", str(plain), "-o", str(tmp_path / "plain.json"))
    assert code == 2 and "plain.argdown" in err and "up to 8 MB" in err
