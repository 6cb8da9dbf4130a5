"""argmap's command line at scale, side by side with the Argdown tool: time and memory.

    python benchmarks/bench_scale.py [--sizes 100 1000 10000 50000] [--repeat 3]
        [--argdown DIR | --skip-argdown] [--big-stack] [--timeout S]

For a synthetic map of each size (bench_core.synthetic_map), written as
Argdown (dump_argdown) and as AIF (dump_aif), every command runs as its own
process, as a user or a script runs it, and is measured whole (start-up
included): the median wall time of --repeat runs and the peak memory (the
child's maximum resident set, from os.wait4). argmap's commands:

    argmap import m.argdown -o imported.json     argmap import m.aif.json -o ...
    argmap validate imported.json
    argmap export imported.json -o out.json | out.dot | out.svg
    argmap export m.argdown -o out.json | .dot | .svg --check    (one process:
                                                 import + validate + export)

and, on the same Argdown file, when the Argdown tool is installed (DIR holds
node_modules/.bin/argdown, see ../shared/peers/README.md; --argdown DIR or
$ARGDOWN_DIR): `argdown json`, `argdown map -f dot`, `argdown map -f svg`.
A command that exits with an error, writes nothing or overflows its stack is
reported as "fails", one still running after --timeout seconds as "timeout"
(and a ratio against it as a lower bound); with --big-stack a failed (or
timed-out) `argdown map -f svg` is run again under `ulimit -s unlimited` with
`node --stack-size=60000` (slow: 70 s and more at 50,000 statements) and that
figure is given too.

Progress goes to stderr; two Markdown tables go to stdout: every command
alone, then import + validate + export beside the Argdown tool, with ratios
(how many times longer the Argdown tool takes) for argmap as three processes
and as one. Figures from one run on one machine compare with each other only;
the load average printed with them says how busy the machine was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

FAILS, TIMEOUT, SKIPPED = "fails", "timeout", "—"
FORMATS = ("json", "dot", "svg")


@dataclass
class Result:
    """The median wall seconds and the largest peak memory of a command's runs, or why there are none."""

    seconds: float | None = None
    peak_mb: float | None = None
    problem: str | None = None  # FAILS, TIMEOUT or SKIPPED

    def time_cell(self) -> str:
        if self.problem == TIMEOUT and self.seconds:
            return f"timeout (> {self.seconds:.0f} s)"
        return self.problem or f"{self.seconds:.2f}"

    def cell(self) -> str:
        if self.problem:
            return self.time_cell()
        return f"{self.seconds:.2f} s · {self.peak_mb:.0f} MB"


def run_once(cmd: list[str], timeout: float, expect: Path | None, ok_codes: tuple[int, ...] = (0,),
             env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[float, float, str | None, str]:
    """(wall seconds, peak MB, problem, tail of stderr) of one whole process, waited for with os.wait4."""
    if expect is not None and expect.exists():
        expect.unlink()
    err = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=cwd, start_new_session=True)
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    finally:
        timer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    err.seek(0)
    tail = err.read()[-2000:].decode("utf-8", errors="replace")
    err.close()
    peak = usage.ru_maxrss / 1024  # kB on Linux
    if timed_out.is_set():
        return wall, peak, TIMEOUT, tail
    if proc.returncode not in ok_codes or (expect is not None and (not expect.exists() or not expect.stat().st_size)):
        how = (f"killed by signal {-proc.returncode}" if proc.returncode < 0 else
               f"exit status {proc.returncode}" if proc.returncode not in ok_codes else "no output written")
        return wall, peak, FAILS, f"{tail}\n[{how}, peak {peak:.0f} MB]"
    return wall, peak, None, tail


def measure(label: str, cmd: list[str], repeat: int, timeout: float, expect: Path | None,
            ok_codes: tuple[int, ...] = (0,), env: dict[str, str] | None = None) -> Result:
    walls, peaks = [], []
    for i in range(repeat):
        wall, peak, problem, tail = run_once(cmd, timeout, expect, ok_codes, env)
        if problem is not None:
            last = next((line for line in reversed(tail.strip().splitlines()) if line.strip()), "")
            print(f"  {label}: {problem} after {wall:.1f} s ({last[:160]})", file=sys.stderr, flush=True)
            return Result(seconds=wall if problem == TIMEOUT else None, problem=problem)
        walls.append(wall)
        peaks.append(peak)
        print(f"  {label}: {wall:.2f} s, {peak:.0f} MB" + (f" (run {i + 1}/{repeat})" if repeat > 1 else ""),
              file=sys.stderr, flush=True)
    return Result(statistics.median(walls), max(peaks))


def total(*parts: Result) -> Result:
    """Several processes one after the other: their times added, the largest peak."""
    for p in parts:
        if p.problem:
            return Result(problem=p.problem)  # not a time to add up
    return Result(sum(p.seconds for p in parts), max(p.peak_mb for p in parts))


def ratio(peer: Result, ours: Result) -> str:
    if ours.problem:
        return ours.problem
    if peer.problem == TIMEOUT and peer.seconds:  # it took longer than this, at least
        return f"> {peer.seconds / ours.seconds:.0f}×"
    if peer.problem:
        return peer.problem
    return f"{peer.seconds / ours.seconds:.1f}×"


def find_argdown(args: argparse.Namespace) -> tuple[Path | None, str]:
    """The Argdown tool's command, or None and why it is left out."""
    if args.skip_argdown:
        return None, "left out (--skip-argdown)"
    folder = args.argdown or os.environ.get("ARGDOWN_DIR")
    if not folder:
        return None, "not given (pass --argdown DIR or set ARGDOWN_DIR; see ../shared/peers/README.md)"
    tool = Path(folder) / "node_modules" / ".bin" / "argdown"
    if not tool.exists():
        return None, f"not installed in {folder} (no node_modules/.bin/argdown there)"
    if shutil.which("node") is None:
        return None, "not usable here: there is no `node` on the PATH"
    return tool, ""


def describe_machine(tool: Path | None) -> str:
    parts = [f"Python {sys.version.split()[0]}", f"{os.cpu_count()} CPUs"]
    if tool is not None:
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        parts.append(f"node {node}")
        try:
            import json

            pkg = Path(os.path.realpath(tool)).parents[1] / "package.json"
            parts.append(f"@argdown/cli {json.loads(pkg.read_text())['version']}")
        except (OSError, ValueError, KeyError):
            pass
    return ", ".join(parts)


def load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_size(n: int, tmp: Path, args: argparse.Namespace, tool: Path | None) -> dict[str, Result]:
    from bench_core import synthetic_map

    from argmap.io.aif import dump_aif
    from argmap.io.argdown import dump_argdown

    print(f"[{n:,} claims] writing the map as Argdown and AIF", file=sys.stderr, flush=True)
    m = synthetic_map(n)
    folder = tmp / f"n{n}"
    folder.mkdir()
    src = folder / f"m{n}.argdown"
    src.write_text(dump_argdown(m), encoding="utf-8")
    aif = folder / f"m{n}.aif.json"
    aif.write_text(dump_aif(m), encoding="utf-8")
    del m
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    argmap = [sys.executable, "-m", "argmap"]
    imported = folder / "imported.json"
    r: dict[str, Result] = {}

    def ours(key: str, label: str, cmd: list[str], expect: Path | None, ok: tuple[int, ...] = (0,)) -> None:
        r[key] = measure(f"[{n:,}] {label}", [*argmap, *cmd], args.repeat, args.timeout, expect, ok, env)

    ours("import argdown", "argmap import (Argdown)", ["import", str(src), "-o", str(imported)], imported)
    ours("import aif", "argmap import (AIF)", ["import", str(aif), "-o", str(folder / "imported-aif.json")],
         folder / "imported-aif.json")
    if r["import argdown"].problem:  # nothing to validate or export: measured from the AIF import instead
        shutil.copy(folder / "imported-aif.json", imported)
    ours("validate", "argmap validate", ["validate", str(imported)], None, (0, 1))  # 1: the map has errors
    for fmt in FORMATS:
        out = folder / f"out.{fmt}"
        ours(f"export {fmt}", f"argmap export → {fmt.upper()}", ["export", str(imported), "-o", str(out)], out)
    for fmt in FORMATS:
        out = folder / f"one.{fmt}"
        ours(f"one {fmt}", f"argmap export Argdown → {fmt.upper()} --check (one process)",
             ["export", str(src), "-o", str(out), "--check"], out, (0, 1))
    if tool is None:
        for key in ("argdown json", "argdown dot", "argdown svg"):
            r[key] = Result(problem=SKIPPED)
        return r
    outdir = folder / "argdown-out"
    outdir.mkdir()
    stem = src.stem
    for key, sub, ext in (("argdown json", ["json"], "json"), ("argdown dot", ["map", "-f", "dot"], "dot"),
                          ("argdown svg", ["map", "-f", "svg"], "svg")):
        r[key] = measure(f"[{n:,}] argdown {' '.join(sub)}", [str(tool), *sub, str(src), str(outdir)], args.repeat,
                         args.timeout, outdir / f"{stem}.{ext}")
    if args.big_stack and r["argdown svg"].problem in (FAILS, TIMEOUT):
        script = os.path.realpath(tool)
        cmd = ["bash", "-c", 'ulimit -s unlimited && exec node --stack-size=60000 "$@"', "argdown", script,
               "map", "-f", "svg", str(src), str(outdir)]
        r["argdown svg big stack"] = measure(f"[{n:,}] argdown map -f svg (node --stack-size=60000)", cmd, 1,
                                             args.timeout, outdir / f"{stem}.svg")
    return r


def tables(results: dict[int, dict[str, Result]], have_tool: bool, big_stack: bool) -> str:
    sizes = list(results)
    head = "| command | " + " | ".join(f"{n:,} claims" for n in sizes) + " |"
    rule = "|---|" + "---|" * len(sizes)
    rows = [
        ("argmap import (Argdown → JSON)", "import argdown"),
        ("argmap import (AIF → JSON)", "import aif"),
        ("argmap validate", "validate"),
        ("argmap export → JSON", "export json"),
        ("argmap export → DOT", "export dot"),
        ("argmap export → SVG", "export svg"),
        ("argmap export Argdown → JSON --check (one process)", "one json"),
        ("argmap export Argdown → DOT --check (one process)", "one dot"),
        ("argmap export Argdown → SVG --check (one process)", "one svg"),
    ]
    if have_tool:
        rows += [("`argdown json`", "argdown json"), ("`argdown map -f dot`", "argdown dot"),
                 ("`argdown map -f svg`", "argdown svg")]
        if big_stack and any("argdown svg big stack" in r for r in results.values()):
            rows.append(("`argdown map -f svg`, node --stack-size=60000", "argdown svg big stack"))
    out = ["Each command alone (median wall time, whole process; peak memory):", "", head, rule]
    for name, key in rows:
        out.append(f"| {name} | " + " | ".join(results[n].get(key, Result(problem=SKIPPED)).cell()
                                               for n in sizes) + " |")
    out += ["", "Import + validate + export, beside the Argdown tool on the same Argdown file "
            "(seconds; ratio = Argdown tool's time ÷ argmap's: above 1, argmap is faster):", ""]
    out.append("| output | claims | argmap, 3 processes | argmap, 1 process | Argdown tool | ratio (3 processes) "
               "| ratio (1 process) | peak MB argmap 1 process | peak MB Argdown tool |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for fmt in FORMATS:
        for n in sizes:
            r = results[n]
            three = total(r["import argdown"], r["validate"], r[f"export {fmt}"])
            one = r[f"one {fmt}"]
            peer = r[f"argdown {fmt}"]
            peer_cell = peer.time_cell()
            big = r.get("argdown svg big stack") if fmt == "svg" else None
            if big is not None:
                peer_cell += f" ({big.time_cell()} with a bigger stack)"
                if peer.problem and not big.problem:
                    peer = big
            out.append(f"| {fmt.upper()} | {n:,} | {three.time_cell()} | {one.time_cell()} | {peer_cell} | "
                       f"{ratio(peer, three) if have_tool else SKIPPED} | {ratio(peer, one) if have_tool else SKIPPED} | "
                       f"{'' if one.problem else f'{one.peak_mb:.0f}'} | "
                       f"{'' if peer.problem else f'{peer.peak_mb:.0f}'} |")
    return "\n".join(out)


def main(argv: list[str] | None = None, default_sizes: tuple[int, ...] = (100, 1_000, 10_000, 50_000)) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(default_sizes), metavar="N",
                    help="numbers of claims (default: %(default)s)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each command; the median is shown (default 3)")
    ap.add_argument("--argdown", metavar="DIR",
                    help="folder where `npm install` set up the Argdown tool (default: $ARGDOWN_DIR)")
    ap.add_argument("--skip-argdown", action="store_true", help="leave the Argdown tool out")
    ap.add_argument("--big-stack", action="store_true",
                    help="run a failed `argdown map -f svg` again with a bigger stack (slow)")
    ap.add_argument("--timeout", type=float, default=600, metavar="S",
                    help="give up a command after S seconds (default 600)")
    args = ap.parse_args(argv)
    tool, why = find_argdown(args)
    print(f"{describe_machine(tool)}; median of {args.repeat} run{'s' if args.repeat != 1 else ''}; "
          f"load average at the start {load()}")
    if tool is None:
        note = f"The Argdown tool is {why}: its columns are left out."
        print(note)
        print(note, file=sys.stderr)
    results: dict[int, dict[str, Result]] = {}
    with tempfile.TemporaryDirectory(prefix="bench_scale_") as tmp_name:
        for n in args.sizes:
            results[n] = bench_size(n, Path(tmp_name), args, tool)
    print(f"Load average at the end {load()}\n")
    print(tables(results, tool is not None, args.big_stack))


if __name__ == "__main__":
    main()
