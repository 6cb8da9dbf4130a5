"""The `argmap` command.

    argmap [FILE]                 open a map (the bundled op-ed map without FILE)
    argmap validate FILE... [--json] [--source TEXT] [--no-hints]
    argmap outline FILE [--format text|markdown|essay] [--width N]
    argmap import IN -o OUT.json [--from aif|argdown] [--check]
    argmap export FILE -o OUT [--from FORMAT] [--claims ID... | --branch ID] [--scale S] [--check]
    argmap grade REFERENCE STUDENT... [--csv OUT] [--report DIR] [--workers N]
    argmap schema
    argmap presets

A map file may be an argmap map, an Argdown file or an AIF file (told from the
file), so `argmap export debate.argdown -o debate.svg --check` imports, checks
and draws a map in one process. Exit status of `validate` (and of `import` and
`export` with --check): 0 when no map has errors, 1 when one has, 2 when a
file could not be read or written. Bad input is reported in one sentence
naming the file and the place, never as a traceback.
"""

from __future__ import annotations

# Only what every command needs is imported here: each command imports its own
# modules when it runs, so `argmap validate` never loads Qt or the Argdown and
# AIF readers, and `argmap --help` does not even load the map model (pydantic).
import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from argmap import __version__
from argmap.io.errors import MapFileError

if TYPE_CHECKING:
    from argmap.model import ArgumentMap
    from argmap.validate import Finding

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("validate", "outline", "import", "export", "grade", "schema", "presets")
# What `export` writes, by the output's extension.
EXPORTS = {".png": "picture", ".svg": "picture", ".pdf": "picture", ".dot": "Graphviz graph",
           ".md": "standard form", ".txt": "standard form", ".aif.json": "AIF", ".json": "argmap map",
           ".argdown": "Argdown"}
OUTLINE_FORMATS = ("text", "markdown", "essay")
BATCH = ("validate", "outline", "import", "export")  # commands that read one map after another and end
IN_FORMATS = ("argmap", "aif", "argdown")  # what a map file may be (argmap.io.interchange.FORMATS)

_SYMBOL = {"error": "✗", "warning": "!", "hint": "?"}
CHECK_LISTED = 10  # findings `--check` prints before pointing to `argmap validate`


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="argmap",
        description="Argument maps for reading an argument closely. "
        "Without a command, opens FILE (or the bundled op-ed map).",
        epilog="Commands: validate, outline, import, export, grade, schema, presets. "
        "'argmap COMMAND --help' explains each.",
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="the map to open (default: the bundled op-ed map)")
    p.add_argument("--version", action="version", version=f"argmap {__version__}")
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="argmap")
    p.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    v = sub.add_parser(
        "validate",
        help="check maps and explain what is wrong",
        description="Check each map and explain what is wrong with it. A map may be an argmap map, an Argdown "
        "file or an AIF file. Exit status: 0 when no map has errors, 1 when a map has errors, 2 when a file "
        "could not be read.",
    )
    v.add_argument("files", nargs="+", metavar="FILE", help="map files (.json, .argdown or .aif.json)")
    v.add_argument("--json", action="store_true", help="print the findings as JSON, for other programs")
    v.add_argument(
        "--source", metavar="TEXT", help="the article the maps quote (plain text), to check their quotations"
    )
    v.add_argument("--no-hints", action="store_true", help="leave out hints; show only errors and warnings")

    o = sub.add_parser(
        "outline",
        help="print the argument in standard form",
        description="Print the argument in standard form: numbered premises above each conclusion, hidden "
        "premises marked, objections and replies indented under what they attack. Or print it as Markdown, "
        "or as a plan for an essay that argues for the main conclusion.",
    )
    o.add_argument("file", metavar="FILE", help="a map file (.json), or the name of a bundled map")
    _add_export_parser(sub)
    i = sub.add_parser(
        "import",
        help="turn an AIF or Argdown file into an argmap map",
        description="Read a map made with another tool (AIF JSON from AIFdb or OVA, or Argdown) and write it "
        "as an argmap map. What argmap cannot show is kept in the map for a later export, and listed.",
    )
    i.add_argument("file", metavar="IN", help="the file to import")
    i.add_argument("-o", "--output", required=True, metavar="OUT", help="the map file to write (.json)")
    i.add_argument("--from", dest="fmt", choices=("aif", "argdown"), help="its format (default: told from the file)")
    _add_check(i)
    o.add_argument(
        "--format",
        choices=OUTLINE_FORMATS,
        default="text",
        help="text: the standard form as plain text (the default); markdown: the same as Markdown, for GitHub "
        "or Pandoc; essay: an essay plan, one paragraph for the thesis, each reason, each objection and the "
        "conclusion",
    )
    o.add_argument("--width", type=int, default=88, metavar="N",
                   help="wrap lines at this many characters (default 88; Markdown is not wrapped)")

    g = sub.add_parser(
        "grade",
        help="grade students' maps against a model answer",
        description="Compare each student's map with the model answer and print one row per student: the "
        "score out of 100 and its parts (main conclusion, reasons, objections and replies, structure), "
        "weighted by the model answer's rubric. A map that cannot be read is reported in its row; the rest "
        "are still graded. Exit status: 0 when every map was graded, 2 when one could not be read.",
    )
    g.add_argument("reference", metavar="REFERENCE", help="the model answer (a map file or a bundled map's name)")
    g.add_argument("students", nargs="+", metavar="STUDENT",
                   help="students' maps (.json, or Argdown or AIF files); a folder stands for the maps in it")
    g.add_argument("--csv", metavar="OUT", help="also write the table as CSV, for a spreadsheet")
    g.add_argument("--report", metavar="DIR", help="write a report for each student into this folder (Markdown)")
    g.add_argument("--workers", type=_positive, metavar="N", help="grade N maps at once (default: one per core)")
    sub.add_parser("schema", help="print the JSON Schema of the map format", description="Print the JSON Schema of the map format.")
    sub.add_parser("presets", help="list the bundled maps", description="List the maps that come with argmap.")
    return p


def _add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("--check", action="store_true",
                   help="also check the map, as `argmap validate` does, and say on stderr what is wrong with it; "
                   "the exit status is then 1 when the map has errors (the file is still written)")


def _open(name: str, fmt: str | None = None) -> tuple[ArgumentMap, str, list[str]]:
    """A map file of any format argmap reads (argmap, Argdown, AIF: told from the file, or `fmt`),
    or a bundled map by name; returns the map, how to call it and notes on what did not carry over."""
    path = Path(name)
    if not path.exists() and "/" not in name and not name.endswith(".json"):
        from argmap.io.presets import preset

        try:
            return preset(name).load(), name, []
        except MapFileError:
            pass
    if path.is_file() or fmt is not None:
        from argmap.io.interchange import import_map

        m, notes = import_map(path, fmt)
        return m, str(path), notes
    from argmap.io.json_io import load_map  # says why: no such file, a folder...

    return load_map(path), str(path), []


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return "no problems found"
    parts = []
    for severity in ("error", "warning", "hint"):
        n = sum(1 for f in findings if f.severity.value == severity)
        if n:
            parts.append(f"{n} {severity}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def _print_finding(f: Finding, out) -> None:
    print(f"  {_SYMBOL[f.severity.value]} {f.severity.value}: {f.message}", file=out)
    where = []
    if f.claim_ids:
        where.append(("claim " if len(f.claim_ids) == 1 else "claims ") + ", ".join(f.claim_ids))
    if f.reason_ids:
        where.append(("reason " if len(f.reason_ids) == 1 else "reasons ") + ", ".join(f.reason_ids))
    where.append(f.code)
    print(f"      ({'; '.join(where)})", file=out)


def _print_findings(name: str, findings: list[Finding], out) -> None:
    print(f"{name}: {_summary(findings)}", file=out)
    for f in findings:
        _print_finding(f, out)


def cmd_validate(args: argparse.Namespace) -> int:
    import json

    from argmap.validate import Severity, validate

    source = None
    if args.source:
        from argmap.io.source_text import read_source_text

        try:
            source = read_source_text(args.source)
        except MapFileError as exc:
            print(f"argmap: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    status = EXIT_OK
    report = []
    for i, name in enumerate(args.files):
        try:
            m, shown, _ = _open(name)
        except MapFileError as exc:
            status = EXIT_UNREADABLE
            if args.json:
                report.append({"file": name, "readable": False, "error": exc.describe()})
            else:
                print(f"{name}: cannot be read\n  {exc.describe()}", file=sys.stdout)
                print()
            continue
        findings = validate(m, source_text=source)
        if args.no_hints:
            findings = [f for f in findings if f.severity is not Severity.HINT]
        if any(f.severity is Severity.ERROR for f in findings) and status == EXIT_OK:
            status = EXIT_ERRORS
        if args.json:
            report.append({"file": name, "readable": True, "findings": [f.to_json() for f in findings]})
        else:
            _print_findings(shown, findings, sys.stdout)
            if i < len(args.files) - 1:
                print()
    if args.json:
        json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
        print()
    return status


def _check(m: ArgumentMap, name: str) -> int:
    """`--check`: the map's findings on stderr, as `validate` words them (the first few, errors first);
    EXIT_ERRORS when it has errors."""
    from argmap.validate import Severity, validate

    findings = validate(m)
    print(f"{name}: {_summary(findings)}", file=sys.stderr)
    shown = [f for f in findings if f.severity is not Severity.HINT][:CHECK_LISTED]
    for f in shown:
        _print_finding(f, sys.stderr)
    more = len(findings) - len(shown)
    if more:
        also = f"... and {more} more; " if shown else ""
        print(f"  ({also}`argmap validate {name}` lists {'it' if len(findings) == 1 else 'them all'})",
              file=sys.stderr)
    return EXIT_ERRORS if any(f.severity is Severity.ERROR for f in findings) else EXIT_OK


def _print_notes(name: str, notes: list[str]) -> None:
    for note in notes:
        print(f"argmap: {name}: {note}", file=sys.stderr)


def _open_or_say(name: str, fmt: str | None = None) -> tuple[ArgumentMap, list[str]] | None:
    """The map and the notes on its import, or None after saying on stderr why it cannot be read."""
    try:
        m, _, notes = _open(name, fmt)
        return m, notes
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return None


def cmd_outline(args: argparse.Namespace) -> int:
    opened = _open_or_say(args.file)
    if opened is None:
        return EXIT_UNREADABLE
    m = opened[0]
    width = max(40, args.width)
    if args.format == "markdown":
        from argmap.outline import outline_markdown

        sys.stdout.write(outline_markdown(m))
    elif args.format == "essay":
        from argmap.essay import essay_text

        sys.stdout.write(essay_text(m, width=width))
    else:
        from argmap.outline import outline_text

        sys.stdout.write(outline_text(m, width=width))
    return EXIT_OK


def _add_export_parser(sub) -> None:
    e = sub.add_parser(
        "export",
        help="write a map as a picture, a Graphviz graph or its standard form",
        description="Write a map, or a part of it, in the format its extension names: .png, .svg or .pdf "
        "(a picture that looks like the canvas), .dot (a Graphviz graph), .md or .txt (the argument in "
        "standard form), .aif.json (AIF, for AIFdb and OVA), .argdown (Argdown), .json (an argmap map: with --branch, one "
        "branch as a map of its own). The map may be an argmap map, an Argdown file or an AIF file: "
        "`argmap export debate.argdown -o debate.svg --check` imports, checks and draws it in one go.",
    )
    e.add_argument("file", metavar="FILE",
                   help="a map file (.json, .argdown or .aif.json), or the name of a bundled map")
    e.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    e.add_argument("--from", dest="fmt", choices=IN_FORMATS,
                   help="the format FILE is in (default: told from the file)")
    part = e.add_mutually_exclusive_group()
    part.add_argument("--claims", nargs="+", metavar="ID", help="only these claims and the reasons among them")
    part.add_argument("--branch", metavar="ID", help="only this claim and everything that bears on it")
    e.add_argument("--scale", type=float, default=1.0, metavar="S",
                   help="size of a picture: 1 is the canvas at 100%% (default), 2 twice as big")
    _add_check(e)


def cmd_import(args: argparse.Namespace) -> int:
    from argmap.io.interchange import import_map
    from argmap.io.json_io import save_map

    try:
        m, notes = import_map(args.file, args.fmt)
        save_map(m, args.output)
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    _print_notes(args.file, notes)
    print(f"Imported {len(m.claims)} claims and {len(m.reasons)} reasons into {args.output}.")
    return _check(m, args.file) if args.check else EXIT_OK


def _export_kind(out: Path) -> str:
    return ".aif.json" if out.name.lower().endswith(".aif.json") else out.suffix.lower()


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    suffix = _export_kind(out)
    if suffix not in EXPORTS:  # said before the map is read: a big map takes a while
        print(f"argmap: {out}: argmap cannot tell what to write from “{out.suffix or 'no extension'}”. "
              f"Use one of {', '.join(EXPORTS)}.", file=sys.stderr)
        return EXIT_UNREADABLE
    opened = _open_or_say(args.file, args.fmt)
    if opened is None:
        return EXIT_UNREADABLE
    m, notes = opened
    _print_notes(args.file, notes)
    wanted = args.claims or ([args.branch] if args.branch else [])
    if wanted:
        known = {c.id for c in m.claims}
        unknown = [c for c in wanted if c not in known]
        if unknown:
            print(f"argmap: {args.file}: there is no claim {', '.join(repr(c) for c in unknown)} in this map.",
                  file=sys.stderr)
            return EXIT_UNREADABLE
    status = _check(m, args.file) if args.check else EXIT_OK  # the whole map, before a part is cut out
    if args.branch:
        from argmap.edits import branch_below
        from argmap.submap import submap

        claims, _ = branch_below(m, args.branch)
        m = submap(m, claims | {args.branch})
    elif args.claims:
        from argmap.submap import submap

        m = submap(m, args.claims)
    try:
        _write_export(m, out, suffix, args.scale)
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except ValueError as exc:  # a picture that cannot be made as asked (PictureError)
        print(f"argmap: {out}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return status


def _write_export(m: ArgumentMap, out: Path, suffix: str, scale: float) -> None:
    from argmap.io.json_io import save_map, write_bytes_atomic, write_text_atomic
    from argmap.runtime import gc_paused

    what = EXPORTS[suffix]
    if what == "picture":
        data = _picture(m, suffix[1:], scale)
        write_bytes_atomic(out, data, what="The picture")
        return
    with gc_paused():  # the writers build many small strings and nothing cyclic
        if what == "Graphviz graph":
            from argmap.dot import to_dot

            write_text_atomic(out, to_dot(m), what="The graph")
        elif what == "AIF":
            from argmap.io.aif import dump_aif

            write_text_atomic(out, dump_aif(m), what="The AIF file")
        elif what == "Argdown":
            from argmap.io.argdown import dump_argdown

            write_text_atomic(out, dump_argdown(m), what="The Argdown file")
        elif what == "argmap map":  # a part of a map as a map of its own (--branch), a copy, or an import
            save_map(m, out)
        else:
            from argmap.outline import outline_markdown, outline_text

            write_text_atomic(out, outline_markdown(m) if suffix == ".md" else outline_text(m), what="The outline")


def _picture(m: ArgumentMap, fmt: str, scale: float) -> bytes:
    # Drawn with the canvas's own items, so Qt is loaded, without a window.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from argmap.gui.picture import render  # not the window's modules: a picture needs only the items

    if QApplication.instance() is None:
        QApplication(["argmap"])
    return render(m, fmt, scale)


def cmd_grade(args: argparse.Namespace) -> int:
    from argmap.class_grading import csv_text, grade_class, report_names, student_files
    from argmap.grading import PART_NAMES, PARTS
    from argmap.io.files import make_folder
    from argmap.io.json_io import write_text_atomic

    try:  # a model answer may be an Argdown or AIF file too, or a bundled map's name
        reference, ref_name, _ = _open(args.reference)
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    files = student_files(args.students, skip=Path(args.reference))
    if not files:
        print("argmap: there are no students' maps to grade (.json, .argdown or .ad files).", file=sys.stderr)
        return EXIT_UNREADABLE
    bar = _progress_bar() if sys.stderr.isatty() else None
    rows = list(grade_class(reference, reference.title or ref_name, files, workers=args.workers, progress=bar))
    if bar:
        print(file=sys.stderr)
    width = max(len("Student"), *(len(r.student) for r in rows))
    heads = ["Score", *(PART_NAMES[p] for p in PARTS)]
    print(f"{'Student':<{width}}  " + "  ".join(heads))
    for r in rows:
        if r.row is None:
            print(f"{r.student:<{width}}  cannot be read: {r.problem.splitlines()[0]}")
            continue
        cells = [f"{r.row[k]:>{len(h)}.0f}" for k, h in zip(("score", *PARTS), heads, strict=True)]
        print(f"{r.student:<{width}}  " + "  ".join(cells))
    try:
        if args.csv:
            write_text_atomic(Path(args.csv), csv_text(rows), what="The table")
        if args.report:
            folder = Path(args.report)
            make_folder(folder)
            names = report_names(rows)
            for r in rows:
                if r.row is not None:
                    write_text_atomic(folder / names[r.file], r.report, what="The report")
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_UNREADABLE if any(r.row is None for r in rows) else EXIT_OK


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of maps to grade at once (1 or more)")
    return n


def _progress_bar():
    def show(done: int, total: int) -> None:
        filled = round(30 * done / total)
        print(f"\rGrading {done}/{total} [{'#' * filled}{'.' * (30 - filled)}]", end="", file=sys.stderr, flush=True)
    return show


def cmd_schema(args: argparse.Namespace) -> int:
    from argmap.io.presets import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_presets(args: argparse.Namespace) -> int:
    from argmap.io.presets import DEFAULT_PRESET, presets

    for p in presets():
        default = "  (opens when argmap starts without a file)" if p.name == DEFAULT_PRESET else ""
        print(f"{p.name}: {p.title}{default}")
    return EXIT_OK


def cmd_open(file: str | None) -> int:
    if file and not Path(file).exists():
        # Said on the terminal before a window opens, so scripts see it too.
        print(f"argmap: {file}: There is no such file.", file=sys.stderr)
        return EXIT_UNREADABLE
    from argmap.gui.app import main as gui_main  # Qt loads only for the window

    return gui_main(file)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        # A claim may hold characters the terminal cannot show; print them escaped, never crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            handler = {"validate": cmd_validate, "outline": cmd_outline, "import": cmd_import, "export": cmd_export,
                       "grade": cmd_grade, "schema": cmd_schema, "presets": cmd_presets}[args.command]
            if args.command in BATCH:
                from argmap.runtime import gc_paused

                # One map read, checked and written: hundreds of thousands of small objects and no
                # cycles to free meanwhile, so the collector waits until the command is done.
                with gc_paused():
                    return handler(args)
            return handler(args)
        args = _parser().parse_args(argv)
        return cmd_open(args.file)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `argmap outline big.json | head`: the reader left; say nothing more.
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
