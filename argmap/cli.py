"""The `argmap` command.

    argmap [FILE]                 open a map (the bundled op-ed map without FILE)
    argmap validate FILE... [--json] [--source TEXT]
    argmap outline FILE [--format text|markdown|essay] [--width N]
    argmap import IN -o OUT.json [--from aif|argdown]
    argmap export FILE -o OUT [--claims ID... | --branch ID] [--scale S]
    argmap grade REFERENCE STUDENT... [--csv OUT] [--report DIR]
    argmap schema

Exit status of `validate`: 0 when no map has errors, 1 when one has, 2 when a
file could not be read. Bad input is reported in one sentence naming the file
and the place, never as a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from argmap import __version__
from argmap.dot import to_dot
from argmap.essay import essay_text
from argmap.io import MapFileError, load_map, save_map
from argmap.io.aif import dump_aif
from argmap.io.argdown import dump_argdown
from argmap.io.interchange import import_map
from argmap.io.json_io import write_bytes_atomic, write_text_atomic
from argmap.io.presets import DEFAULT_PRESET, preset, presets, schema_text
from argmap.io.source_text import read_source_text
from argmap.model import ArgumentMap
from argmap.outline import outline_markdown, outline_text
from argmap.submap import submap
from argmap.validate import Finding, Severity, validate

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
COMMANDS = ("validate", "outline", "import", "export", "grade", "schema", "presets")
# What `export` writes, by the output's extension.
EXPORTS = {".png": "picture", ".svg": "picture", ".pdf": "picture", ".dot": "Graphviz graph",
           ".md": "standard form", ".txt": "standard form", ".aif.json": "AIF", ".json": "argmap map",
           ".argdown": "Argdown"}
OUTLINE_FORMATS = ("text", "markdown", "essay")

_SYMBOL = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.HINT: "?"}


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
        description="Check each map and explain what is wrong with it. Exit status: 0 when no map has "
        "errors, 1 when a map has errors, 2 when a file could not be read.",
    )
    v.add_argument("files", nargs="+", metavar="FILE", help="map files (.json)")
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


def _open(name: str) -> tuple[ArgumentMap, str]:
    """A map file, or a bundled map by name; returns the map and how to call it."""
    path = Path(name)
    if not path.exists() and "/" not in name and not name.endswith(".json"):
        try:
            return preset(name).load(), name
        except MapFileError:
            pass
    return load_map(path), str(path)


def _summary(findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    if not findings:
        return "no problems found"
    parts = []
    for s in Severity:
        n = counts[s]
        if n:
            parts.append(f"{n} {s.value}{'' if n == 1 else 's'}")
    return ", ".join(parts)


def _print_findings(name: str, findings: list[Finding], out) -> None:
    print(f"{name}: {_summary(findings)}", file=out)
    for f in findings:
        print(f"  {_SYMBOL[f.severity]} {f.severity.value}: {f.message}", file=out)
        where = []
        if f.claim_ids:
            where.append(("claim " if len(f.claim_ids) == 1 else "claims ") + ", ".join(f.claim_ids))
        if f.reason_ids:
            where.append(("reason " if len(f.reason_ids) == 1 else "reasons ") + ", ".join(f.reason_ids))
        where.append(f.code)
        print(f"      ({'; '.join(where)})", file=out)


def cmd_validate(args: argparse.Namespace) -> int:
    source = None
    if args.source:
        try:
            source = read_source_text(args.source)
        except MapFileError as exc:
            print(f"argmap: {exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    status = EXIT_OK
    report = []
    for i, name in enumerate(args.files):
        try:
            m, shown = _open(name)
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


def _open_or_say(name: str) -> ArgumentMap | None:
    """The map, or None after saying on stderr why it cannot be read."""
    try:
        return _open(name)[0]
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return None


def cmd_outline(args: argparse.Namespace) -> int:
    m = _open_or_say(args.file)
    if m is None:
        return EXIT_UNREADABLE
    width = max(40, args.width)
    if args.format == "markdown":
        sys.stdout.write(outline_markdown(m))
    elif args.format == "essay":
        sys.stdout.write(essay_text(m, width=width))
    else:
        sys.stdout.write(outline_text(m, width=width))
    return EXIT_OK


def _add_export_parser(sub) -> None:
    e = sub.add_parser(
        "export",
        help="write a map as a picture, a Graphviz graph or its standard form",
        description="Write a map, or a part of it, in the format its extension names: .png, .svg or .pdf "
        "(a picture that looks like the canvas), .dot (a Graphviz graph), .md or .txt (the argument in "
        "standard form), .aif.json (AIF, for AIFdb and OVA), .argdown (Argdown), .json (an argmap map: with --branch, one "
        "branch as a map of its own).",
    )
    e.add_argument("file", metavar="FILE", help="a map file (.json), or the name of a bundled map")
    e.add_argument("-o", "--output", required=True, metavar="OUT", help="the file to write")
    part = e.add_mutually_exclusive_group()
    part.add_argument("--claims", nargs="+", metavar="ID", help="only these claims and the reasons among them")
    part.add_argument("--branch", metavar="ID", help="only this claim and everything that bears on it")
    e.add_argument("--scale", type=float, default=1.0, metavar="S",
                   help="size of a picture: 1 is the canvas at 100%% (default), 2 twice as big")


def cmd_import(args: argparse.Namespace) -> int:
    try:
        m, notes = import_map(args.file, args.fmt)
        save_map(m, args.output)
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    for note in notes:
        print(f"argmap: {args.file}: {note}", file=sys.stderr)
    print(f"Imported {len(m.claims)} claims and {len(m.reasons)} reasons into {args.output}.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    m = _open_or_say(args.file)
    if m is None:
        return EXIT_UNREADABLE
    out = Path(args.output)
    suffix = ".aif.json" if out.name.lower().endswith(".aif.json") else out.suffix.lower()
    if suffix not in EXPORTS:
        print(f"argmap: {out}: argmap cannot tell what to write from “{out.suffix or 'no extension'}”. "
              f"Use one of {', '.join(EXPORTS)}.", file=sys.stderr)
        return EXIT_UNREADABLE
    wanted = args.claims or ([args.branch] if args.branch else [])
    unknown = [c for c in wanted if m.claim(c) is None]
    if unknown:
        print(f"argmap: {args.file}: there is no claim {', '.join(repr(c) for c in unknown)} in this map.",
              file=sys.stderr)
        return EXIT_UNREADABLE
    if args.branch:
        from argmap.edits import branch_below

        claims, _ = branch_below(m, args.branch)
        m = submap(m, claims | {args.branch})
    elif args.claims:
        m = submap(m, args.claims)
    what = EXPORTS[suffix]
    try:
        if what == "picture":
            data = _picture(m, suffix[1:], args.scale)
            write_bytes_atomic(out, data, what="The picture")
        elif what == "Graphviz graph":
            write_text_atomic(out, to_dot(m), what="The graph")
        elif what == "AIF":
            write_text_atomic(out, dump_aif(m), what="The AIF file")
        elif what == "Argdown":
            write_text_atomic(out, dump_argdown(m), what="The Argdown file")
        elif what == "argmap map":  # a part of a map as a map of its own (--branch), or a copy
            save_map(m, out)
        else:
            write_text_atomic(out, outline_markdown(m) if suffix == ".md" else outline_text(m), what="The outline")
    except MapFileError as exc:
        print(f"argmap: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except ValueError as exc:  # a picture that cannot be made as asked (PictureError)
        print(f"argmap: {out}: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_OK


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

    try:
        if Path(args.reference).exists():  # a model answer may be an Argdown or AIF file too
            reference, ref_name = import_map(args.reference)[0], args.reference
        else:
            reference, ref_name = _open(args.reference)
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
    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_presets(args: argparse.Namespace) -> int:
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
                       "grade": cmd_grade, "schema": cmd_schema, "presets": cmd_presets}
            return handler[args.command](args)
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
