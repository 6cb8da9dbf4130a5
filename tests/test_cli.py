"""The `argmap` command: exit codes, output for people and machines, no tracebacks."""

import json
import subprocess
import sys

import pytest

from argmap.cli import main
from argmap.essay import essay_text
from argmap.io import save_map
from argmap.io.presets import preset
from argmap.outline import outline_markdown, outline_text
from argmap.schema import map_schema_text
from helpers import ARTICLE, ROOT, build

MAPS = ROOT / "maps"


@pytest.fixture
def good(tmp_path):
    p = tmp_path / "good.json"
    save_map(build("c1*", "c2", "c3?", r=[("r1", "+", ["c2", "c3"], "c1")]), p)
    return p


@pytest.fixture
def faulty(tmp_path):
    p = tmp_path / "faulty.json"
    save_map(build("c1*", "c2", r=[("r1", "-", ["c2"], "c1")]), p)
    return p


@pytest.fixture
def broken(tmp_path):
    p = tmp_path / "broken.json"
    p.write_text('{"format": "argmap", "format_version": 1,\n  "claims": [}\n')
    return p


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_map_exits_0(capsys, good):
    code, out, _ = run(capsys, "validate", str(good))
    assert code == 0 and out == f"{good}: no problems found\n"


def test_validate_map_with_errors_exits_1(capsys, faulty):
    code, out, _ = run(capsys, "validate", str(faulty))
    assert code == 1
    assert "1 error" in out.splitlines()[0]
    assert "✗ error: The main conclusion has no reasons yet" in out
    assert "(claim c1; conclusion-without-reasons)" in out


def test_validate_unreadable_file_exits_2_and_goes_on(capsys, broken, good):
    code, out, _ = run(capsys, "validate", str(broken), str(good))
    assert code == 2
    assert f"{broken}: cannot be read" in out and "line 2, column 14" in out
    assert f"{good}: no problems found" in out


def test_findings_are_grouped_by_file(capsys, good, faulty):
    code, out, _ = run(capsys, "validate", str(good), str(faulty))
    assert code == 1
    assert out.index(str(good)) < out.index(str(faulty))


def test_validate_json(capsys, faulty, broken):
    code, out, _ = run(capsys, "validate", "--json", str(faulty), str(broken))
    assert code == 2
    report = json.loads(out)
    assert report[0]["file"] == str(faulty) and report[0]["readable"] is True
    assert report[0]["findings"][0]["code"] == "conclusion-without-reasons"
    assert report[0]["findings"][0]["claims"] == ["c1"]
    assert report[1]["readable"] is False and "line 2" in report[1]["error"]


def test_validate_bundled_maps(capsys):
    code, out, _ = run(capsys, "validate", *(str(p) for p in sorted(MAPS.glob("*.json"))))
    assert code == 1  # the exercise map has errors on purpose
    blocks = out.split("\n\n")
    assert any(b.startswith(str(MAPS / "drezner-north-korean-troops.json") + ":") and "error" not in b.splitlines()[0]
               for b in blocks)
    assert any("exercise-find-the-faults.json: 2 errors, 1 warning, 5 hints" in b for b in blocks)


def test_no_hints(capsys):
    code, out, _ = run(capsys, "validate", "--no-hints", str(MAPS / "tutorial.json"),
                       str(MAPS / "drezner-north-korean-troops.json"))
    assert code == 0 and "hint" not in out


def test_validate_with_source(capsys):
    if not ARTICLE.is_file():
        pytest.skip("the op-ed's text (../shared/source/) is not beside this checkout")
    code, out, _ = run(capsys, "validate", "--no-hints", "--source", str(ARTICLE),
                       str(MAPS / "drezner-north-korean-troops.json"))
    assert code == 0 and "no problems found" in out


def test_validate_with_missing_source(capsys, good, tmp_path):
    code, _, err = run(capsys, "validate", "--source", str(tmp_path / "none.txt"), str(good))
    assert code == 2 and "none.txt: There is no such file." in err


def test_outline(capsys):
    code, out, _ = run(capsys, "outline", str(MAPS / "tutorial.json"))
    assert code == 0
    assert out.startswith("Tutorial: every part of an argument map\n")
    assert "P1. " in out and "[hidden premise]" in out and "↳ Reply:" in out


def test_outline_by_preset_name(capsys):
    code, out, _ = run(capsys, "outline", "drezner-north-korean-troops")
    assert code == 0 and "Main conclusion C1:" in out


def test_outline_of_a_broken_file(capsys, broken):
    code, out, err = run(capsys, "outline", str(broken))
    assert code == 2 and out == "" and err.startswith(f"argmap: {broken}, line 2, column 14:")


def test_outline_formats(capsys):
    m = preset("tutorial").load()
    for args, expected in [([], outline_text(m)), (["--format", "text"], outline_text(m)),
                           (["--format", "text", "--width", "60"], outline_text(m, width=60)),
                           (["--format", "markdown"], outline_markdown(m)),
                           (["--format", "markdown", "--width", "60"], outline_markdown(m)),  # Markdown is not wrapped
                           (["--format", "essay"], essay_text(m)),
                           (["--format", "essay", "--width", "60"], essay_text(m, width=60))]:
        code, out, err = run(capsys, "outline", *args, "tutorial")
        assert (code, out, err) == (0, expected, ""), args


def test_outline_as_markdown(capsys):
    code, out, _ = run(capsys, "outline", "--format", "markdown", str(MAPS / "tutorial.json"))
    assert code == 0 and out.startswith("# Tutorial: every part of an argument map\n")
    assert "- **P1.** " in out and "*\\[hidden premise\\]*" in out and "  - **Reply:**" in out


def test_outline_as_an_essay_plan(capsys):
    code, out, _ = run(capsys, "outline", "--format", "essay", "--width", "70", "drezner-north-korean-troops")
    assert code == 0 and out.startswith("Essay plan: Drezner")
    assert "Paragraph 1: state your thesis" in out and "Paragraph 4: restate your thesis" in out
    assert max(len(line) for line in out.splitlines()) <= 70


@pytest.mark.parametrize("form", ["text", "markdown", "essay"])
def test_outline_of_a_missing_file(capsys, tmp_path, form):
    missing = tmp_path / "absent.json"
    code, out, err = run(capsys, "outline", "--format", form, str(missing))
    assert (code, out, err) == (2, "", f"argmap: {missing}: There is no such file.\n")


def test_outline_help_names_the_formats(capsys):
    with pytest.raises(SystemExit):
        main(["outline", "--help"])
    out = capsys.readouterr().out
    assert "--format {text,markdown,essay}" in out and "--width N" in out and "essay plan" in out


def test_schema(capsys):
    code, out, _ = run(capsys, "schema")
    assert code == 0 and out == map_schema_text()


def test_presets(capsys):
    code, out, _ = run(capsys, "presets")
    assert code == 0 and out.splitlines()[0].startswith("drezner-north-korean-troops: Drezner")


def test_open_a_missing_file(capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path / "absent.json"))
    assert code == 2 and "There is no such file." in err and "Traceback" not in err


@pytest.mark.parametrize("args", [[], ["validate"], ["outline"], ["schema"], ["presets"]])
def test_help_for_every_command(capsys, args):
    with pytest.raises(SystemExit) as info:
        main([*args, "--help"])
    assert info.value.code == 0
    assert "usage: argmap" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["validate"], ["outline"], ["validate", "--bogus", "x"], ["a.json", "b.json"],
                                  ["outline", "--width", "wide", "x"], ["outline", "--format", "pdf", "x"]])
def test_bad_arguments_give_usage_not_a_traceback(capsys, args):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: argmap") and "Traceback" not in err


def test_installed_command_runs(good):
    run = subprocess.run([sys.executable, "-m", "argmap", "validate", str(good)], capture_output=True, text=True)
    assert run.returncode == 0 and "no problems found" in run.stdout


def test_output_into_a_closed_pipe_is_quiet():
    # `argmap outline big.json | head -1` must not print a BrokenPipe traceback.
    cmd = f"{sys.executable} -m argmap outline drezner-north-korean-troops | head -1"
    run = subprocess.run(cmd, shell=True, capture_output=True, text=True, cwd=ROOT)
    assert run.stdout.startswith("Drezner") and "Traceback" not in run.stderr


def test_export_writes_each_format_by_its_extension(tmp_path):
    from argmap.cli import main

    for name in ("m.svg", "m.png", "m.pdf", "m.dot", "m.md", "m.txt"):
        assert main(["export", "tutorial", "-o", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 100
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "m.md").read_text(encoding="utf-8").startswith("# ")
    assert main(["export", "tutorial", "-o", str(tmp_path / "b.dot"), "--branch", "c2"]) == 0
    branch = (tmp_path / "b.dot").read_text(encoding="utf-8")
    assert '"c2" [shape=box' in branch and '"c1" [shape=box' not in branch


def test_export_explains_what_it_cannot_do(tmp_path, capsys):
    from argmap.cli import main

    assert main(["export", "tutorial", "-o", str(tmp_path / "m.docx")]) == 2
    assert "m.docx" in capsys.readouterr().err
    assert main(["export", "tutorial", "-o", str(tmp_path / "m.svg"), "--claims", "c1", "nope"]) == 2
    assert "no claim 'nope'" in capsys.readouterr().err
    assert main(["export", "tutorial", "-o", str(tmp_path / "missing" / "m.txt")]) == 2
    assert "could not be saved" in capsys.readouterr().err


def test_import_an_aif_file_and_export_one(tmp_path, capsys):
    from argmap.cli import main
    from argmap.io import load_map

    aif = tmp_path / "t.aif.json"
    assert main(["export", "tutorial", "-o", str(aif)]) == 0
    out = tmp_path / "t.json"
    assert main(["import", str(aif), "-o", str(out)]) == 0
    assert "Imported 11 claims" in capsys.readouterr().out
    assert len(load_map(out).claims) == 11
    broken = tmp_path / "broken.json"
    broken.write_text('{"nodes": [{"nodeID": 1}]}', encoding="utf-8")
    assert main(["import", str(broken), "-o", str(tmp_path / "x.json"), "--from", "aif"]) == 2
    err = capsys.readouterr().err
    assert "broken.json" in err and "node" in err
    assert not (tmp_path / "x.json").exists()


def test_export_a_branch_as_a_map_of_its_own(tmp_path):
    from argmap.cli import main
    from argmap.io import load_map

    out = tmp_path / "branch.json"
    assert main(["export", "tutorial", "-o", str(out), "--branch", "c2"]) == 0
    part = load_map(out)
    assert "c2" in {c.id for c in part.claims} and "c1" not in {c.id for c in part.claims}


def test_argdown_export_and_import_round_trip(tmp_path):
    from argmap.cli import main
    from argmap.io import load_map
    from argmap.io.presets import preset

    ad = tmp_path / "t.argdown"
    assert main(["export", "tutorial", "-o", str(ad)]) == 0
    assert main(["import", str(ad), "-o", str(tmp_path / "t.json")]) == 0
    back, original = load_map(tmp_path / "t.json"), preset("tutorial").load()
    assert sorted(c.text for c in back.claims) == sorted(c.text for c in original.claims)
    assert len(back.reasons) == len(original.reasons)
