"""Grading a class from the command line: one row per student, reports, CSV, unreadable maps reported."""

import csv
import io

from argmap.class_grading import Row, grade_class, report_names, student_files
from argmap.cli import main
from argmap.io import save_map
from helpers import editable


def _class(folder, n=10):
    """n students: each leaves out a different reason of the op-ed map; one file is broken."""
    m = editable("drezner-north-korean-troops")
    names = []
    for i in range(n):
        s = m.model_copy(deep=True)
        s.reasons = [r for j, r in enumerate(s.reasons) if j != i]
        path = folder / f"student{i:02}.json"
        save_map(s, path)
        names.append(path)
    broken = folder / "broken.json"
    broken.write_text('{"format": "argmap", "format_version": 2, "claims": [', encoding="utf-8")
    return m, names, broken


def test_a_class_grades_one_row_per_student_in_file_order_on_several_cores(tmp_path):
    m, names, broken = _class(tmp_path)
    files = [str(broken), *map(str, names)]
    seen = []
    rows = list(grade_class(m, "Model", files, workers=2, progress=lambda done, total: seen.append((done, total))))
    assert [r.file for r in rows] == files
    assert rows[0].row is None and "broken.json, line 1" in rows[0].problem
    assert all(r.row is not None and r.row["score"] < 100 for r in rows[1:])
    assert seen[-1] == (len(files), len(files))
    # The same class graded in one process gives the same rows.
    assert [r.row for r in grade_class(m, "Model", files, workers=1)] == [r.row for r in rows]


def test_grade_command_prints_the_table_and_writes_csv_and_reports(tmp_path, capsys):
    (tmp_path / "class").mkdir()
    _m, names, broken = _class(tmp_path / "class", n=4)
    out_csv, reports = tmp_path / "grades.csv", tmp_path / "reports"
    status = main(["grade", "drezner-north-korean-troops", str(tmp_path / "class"), "--csv", str(out_csv),
                   "--report", str(reports)])
    printed = capsys.readouterr().out.splitlines()
    assert status == 2  # one map could not be read
    assert printed[0].split()[:2] == ["Student", "Score"]
    assert printed[1].startswith("broken") and "cannot be read" in printed[1]
    assert [line.split()[0] for line in printed[2:]] == ["student00", "student01", "student02", "student03"]
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [r["student"] for r in rows] == ["broken", "student00", "student01", "student02", "student03"]
    assert rows[0]["score"] == "" and "ends too early" in rows[0]["problem"]
    assert float(rows[1]["score"]) < 100
    assert sorted(p.name for p in reports.iterdir()) == [f"student0{i}.md" for i in range(4)]
    assert "out of 100" in (reports / "student00.md").read_text(encoding="utf-8")


def test_grade_command_with_only_good_maps_exits_0_and_names_a_missing_reference(tmp_path, capsys):
    _m, names, broken = _class(tmp_path, n=2)
    assert main(["grade", "drezner-north-korean-troops", *map(str, names)]) == 0
    assert main(["grade", str(tmp_path / "nope.json"), str(names[0])]) == 2
    assert "nope.json" in capsys.readouterr().err


def test_folders_stand_for_their_maps_and_report_names_never_collide(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.json").write_text("{}")
    (tmp_path / "a" / "notes.txt").write_text("not a map")
    assert student_files([str(tmp_path / "a"), "other.json"]) == [str(tmp_path / "a" / "x.json"), "other.json"]
    rows = [Row("ana", "1/ana.json", None, ""), Row("ana", "2/ana.json", None, ""), Row("Ana", "3/Ana.json", None, "")]
    assert list(report_names(rows).values()) == ["ana.md", "ana-2.md", "Ana-3.md"]


def test_names_keep_their_dots_and_the_model_answer_is_not_graded_as_a_student(tmp_path, capsys):
    from argmap.io.argdown import dump_argdown

    m = editable("drezner-north-korean-troops")
    (tmp_path / "model.argdown").write_text(dump_argdown(m), encoding="utf-8")  # an Argdown model answer
    save_map(m, tmp_path / "john.smith.json")
    save_map(m, tmp_path / "=cmd.json")
    out_csv = tmp_path / "g.csv"
    assert main(["grade", str(tmp_path / "model.argdown"), str(tmp_path), "--csv", str(out_csv)]) == 0
    printed = capsys.readouterr().out
    assert "john.smith " in printed and "model" not in printed.split("\n", 1)[1]
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert [r["student"] for r in rows] == ["'=cmd", "john.smith"]  # never a spreadsheet formula
    assert all(float(r["score"]) == 100 for r in rows)


def test_workers_must_be_a_positive_number(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as exc:
        main(["grade", "tutorial", str(tmp_path), "--workers", "0"])
    assert exc.value.code == 2 and "1 or more" in capsys.readouterr().err
