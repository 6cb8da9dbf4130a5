"""The fuzzing harness: the paths a file takes into argmap, the runner that
sends one input through all of them, and the generators of inputs (seeds,
mutations, boundary cuts, random and hand-made hostile files).

tests/test_fuzz.py runs it within the suite; benchmarks/fuzz_long.py runs it
for longer. What it checks, and why, is said in tests/test_fuzz.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import re
import signal
import threading
import time
import traceback
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from argmap import cli
from argmap.io import MapFileError, dump_map, load_map, parse_map
from argmap.io.aif import dump_aif, parse_aif
from argmap.io.argdown import MAX_ARGDOWN_BYTES, dump_argdown, parse_argdown
from argmap.io.interchange import import_map
from argmap.io.json_io import MAX_FILE_BYTES
from argmap.io.source_text import MAX_SOURCE_BYTES, read_source_text
from argmap.model import ArgumentMap
from argmap.validate import validate
from helpers import HANG_GUARD_S, ROOT, SHARED

CASES = int(os.environ.get("ARGMAP_FUZZ_CASES", "60"))
SEED = int(os.environ.get("ARGMAP_FUZZ_SEED", "20241125"))
CORPUS = ROOT / "tests" / "fuzz_corpus"
SHARED_CORPORA = SHARED / "corpora"
NO_SHARED = "the team's shared folder with the AIF and Argdown corpora is not here (../shared/corpora)"
MB = 1 << 20
# Generous: only a blow-up (memory growing with the square of the input, or a
# copy per node) gets past this; 500 MB for a 10 MB input.
MEMORY_BASE, MEMORY_PER_BYTE = 80 * MB, 40

LOADED, CLEAR_ERROR, FAILURE = "loaded", "clear error", "FAILURE"


# -- the paths a file takes into argmap ----------------------------------------------------------

_CHECKED: dict[str, None] = {}  # maps already checked (by their text): several paths give the same map


def _opened(m: ArgumentMap) -> str:
    """A map argmap opened can be checked and saved, and reads back the same; and what it then
    writes as AIF and as Argdown, it reads back too (a file that opens must not be a dead end)."""
    saved = dump_map(m)
    key = hashlib.sha1(saved.encode("utf-8", errors="surrogatepass")).hexdigest()
    if key in _CHECKED:
        return LOADED
    validate(m)
    again = parse_map(saved)
    if again.model_dump() != m.model_dump():
        raise AssertionError("the map changed when it was saved and read back")
    for fmt, dump, parse, limit in (("AIF", dump_aif, parse_aif, MAX_FILE_BYTES),
                                    ("Argdown", dump_argdown, parse_argdown, MAX_ARGDOWN_BYTES)):
        text = dump(m)
        if len(text) > limit // 4 and len(text.encode("utf-8")) > limit:
            continue  # a limit, not a bug: argmap reads Argdown up to 8 MB, and may write more
        try:
            parse(text, f"export.{fmt.lower()}")
        except MapFileError as exc:
            raise AssertionError(f"argmap cannot read back the {fmt} it wrote for this map: {exc}") from None
    if len(_CHECKED) > 256:
        _CHECKED.clear()
    _CHECKED[key] = None
    return LOADED


# What a catch-all says when it turned a bug into an error message ("... Argdown text (IndexError).").
_HIDDEN_BUG = re.compile(r"\((KeyError|IndexError|AttributeError|TypeError|ZeroDivisionError|NameError|AssertionError)\)")


def _cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    said = out.getvalue() + err.getvalue()
    if _HIDDEN_BUG.search(said) or "Traceback (most recent call last)" in said:
        raise AssertionError(f"`argmap {argv[0]}` reports a bug as an error: {said[-600:]}")
    return code, out.getvalue(), err.getvalue()


def _load_map(path: Path, work: Path) -> str:
    return _opened(load_map(path))


def _import(fmt: str | None) -> Callable[[Path, Path], str]:
    def run(path: Path, work: Path) -> str:
        m, notes = import_map(path, fmt)
        if not all(isinstance(n, str) for n in notes):
            raise AssertionError(f"the notes are not all text: {notes!r:.200}")
        return _opened(m)
    return run


def _source_text(path: Path, work: Path) -> str:
    if not isinstance(read_source_text(path), str):
        raise AssertionError("read_source_text did not give text")
    return LOADED


def _cli_validate(path: Path, work: Path) -> str:
    code, out, err = _cli(["validate", str(path)])
    if code not in (cli.EXIT_OK, cli.EXIT_ERRORS, cli.EXIT_UNREADABLE):
        raise AssertionError(f"`argmap validate` exited with {code!r}")
    if code == cli.EXIT_UNREADABLE:
        if "cannot be read" not in out:
            raise AssertionError(f"`argmap validate` exited 2 without saying why: {out!r:.300} {err!r:.300}")
        return CLEAR_ERROR
    return LOADED


def _cli_validate_source(path: Path, work: Path) -> str:
    code, out, err = _cli(["validate", str(ROOT / "maps" / "tutorial.json"), "--source", str(path)])
    if code not in (cli.EXIT_OK, cli.EXIT_ERRORS, cli.EXIT_UNREADABLE):
        raise AssertionError(f"`argmap validate --source` exited with {code!r}")
    if code == cli.EXIT_UNREADABLE:
        if not err.startswith("argmap: "):
            raise AssertionError(f"`argmap validate --source` exited 2 without saying why: {err!r:.300}")
        return CLEAR_ERROR
    return LOADED


def _cli_import(path: Path, work: Path) -> str:
    out = work / "imported.json"
    out.unlink(missing_ok=True)
    code, stdout, err = _cli(["import", str(path), "-o", str(out)])
    if code not in (cli.EXIT_OK, cli.EXIT_UNREADABLE):
        raise AssertionError(f"`argmap import` exited with {code!r}")
    if code == cli.EXIT_UNREADABLE:
        if not err.startswith("argmap: "):
            raise AssertionError(f"`argmap import` exited 2 without saying why: {err!r:.300}")
        return CLEAR_ERROR
    return _opened(load_map(out))  # what `import` wrote opens again


PATHS: dict[str, Callable[[Path, Path], str]] = {
    "load_map": _load_map,
    "import_map": _import(None),
    "import_map(aif)": _import("aif"),
    "import_map(argdown)": _import("argdown"),
    "import_map(argmap)": _import("argmap"),
    "read_source_text": _source_text,
    "cli validate": _cli_validate,
    "cli validate --source": _cli_validate_source,
    "cli import": _cli_import,
}


# -- running one input through every path ---------------------------------------------------------

class Hang(BaseException):
    """Raised by the alarm in whatever code is still running; BaseException, so `except Exception` lets it by."""


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Interrupt the code inside after `seconds`: a hang fails the test rather than blocking the run."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum, frame):
        raise Hang(f"still running after {seconds:.0f} s")

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Failure:
    path: str  # which of PATHS
    input_name: str
    problem: str  # the exception's last lines, or what went wrong
    saved: Path | None = None

    def __str__(self) -> str:
        return f"{self.path} on {self.input_name} (saved as {self.saved}):\n{self.problem}"


@dataclass
class Tally:
    """What happened: inputs tried per path, outcomes, failures."""

    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)  # (path, outcome) -> count
    failures: list[Failure] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    peak: tuple[int, str] = (0, "")

    def per_path(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {p: Counter() for p in PATHS}
        for (p, outcome), n in self.outcomes.items():
            table[p][outcome] += n
        return table


def _tail(exc: BaseException, lines: int = 6) -> str:
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return "\n".join(text.rstrip().splitlines()[-lines:])


# A MapFileError raised while handling one of these, raised by argmap's own code, is a bug dressed as
# a clear error (a catch-all that turns any exception into "argmap could not make sense of this file").
PROGRAMMING_ERRORS = (KeyError, IndexError, AttributeError, TypeError, ZeroDivisionError, NameError, AssertionError)
ARGMAP_CODE = str(ROOT / "argmap")


def _raised_by_argmap(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_filename.startswith(ARGMAP_CODE)


def _check_message(exc: MapFileError, file: Path) -> str | None:
    """What is wrong with an error, if anything: it must name the file, be short, and hide no bug."""
    hidden = exc.__context__
    if isinstance(hidden, PROGRAMMING_ERRORS) and _raised_by_argmap(hidden):
        return f"MapFileError hiding a bug: {exc}\n(raised while handling:)\n{_tail(hidden)}"
    text = str(exc)
    if not text.strip():
        return "MapFileError with an empty message"
    if file.name not in text:
        return f"MapFileError that does not name the file: {text[:300]!r}"
    if len(text) > 5_000:
        return f"MapFileError of {len(text):,} characters (it repeats the input?): {text[:300]!r}"
    return None


def run_path(name: str, file: Path, work: Path, tally: Tally, measure_memory: bool,
             guard: float = HANG_GUARD_S, label: str | None = None) -> tuple[str, str | None]:
    """(outcome, problem) of reading `file` through one path, with time and memory bounded."""
    label = label or file.name
    size = file.stat().st_size if file.exists() else 0
    bound = MEMORY_BASE + MEMORY_PER_BYTE * min(size, MAX_FILE_BYTES)
    problem = None
    if measure_memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        with alarm(guard):
            outcome = PATHS[name](file, work)
    except MapFileError as exc:
        outcome, problem = CLEAR_ERROR, _check_message(exc, file)
    except Hang as exc:
        outcome, problem = FAILURE, f"hang: {exc}"
    except KeyboardInterrupt:
        raise
    except SystemExit as exc:
        outcome, problem = FAILURE, f"SystemExit({exc.code!r}) out of the command line"
    except BaseException as exc:  # noqa: B036 -- anything else is what this fuzzer hunts
        outcome, problem = FAILURE, _tail(exc)
    finally:
        elapsed = time.perf_counter() - start
        peak = 0
        if measure_memory:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    if elapsed >= guard and problem is None:
        problem = f"took {elapsed:.0f} s (the hang guard is {guard:.0f} s)"
    if peak > bound and problem is None:
        problem = f"used {peak / MB:.0f} MB for a {size / MB:.1f} MB file (the bound is {bound / MB:.0f} MB)"
    if elapsed > tally.slowest[0]:
        tally.slowest = (elapsed, f"{name} on {label}")
    if peak > tally.peak[0]:
        tally.peak = (peak, f"{name} on {label}")
    if problem is not None:
        outcome = FAILURE
    return outcome, problem


def save_input(data_file: Path, folder: Path, origin: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    size = data_file.stat().st_size
    with data_file.open("rb") as f:
        head = f.read(16 * MB)
    digest = hashlib.sha1(head).hexdigest()[:10]
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", origin)[:60]
    saved = folder / f"{name}-{digest}{''.join(data_file.suffixes)[-12:]}"
    if size > len(head):  # a huge file is kept as its first 16 MB, its size in the name
        saved = saved.with_name(f"{saved.name}.first-16MB-of-{size}-bytes")
    saved.write_bytes(head)
    return saved


# Memory is traced on the paths that each run one reader directly (tracing makes a path ~5x slower);
# the others reach the same readers, and keep their time bound.
MEMORY_PATHS = {"load_map", "import_map(aif)", "import_map(argdown)", "read_source_text"}


def fuzz_file(file: Path, origin: str, tally: Tally, work: Path, failures_dir: Path,
              measure_memory: bool = True, paths: tuple[str, ...] = tuple(PATHS)) -> list[Failure]:
    """Read `file` through every path; count the outcomes; save the file if a path failed."""
    tally.cases += 1
    found = []
    for name in paths:
        outcome, problem = run_path(name, file, work, tally, measure_memory and name in MEMORY_PATHS, label=origin)
        tally.outcomes[name, outcome] += 1
        if outcome == FAILURE:
            found.append(Failure(name, origin, problem or "?"))
    if found:
        saved = save_input(file, failures_dir, origin)
        for f in found:
            f.saved = saved
        tally.failures.extend(found)
    return found


def fuzz_bytes(data: bytes, suffix: str, origin: str, tally: Tally, work: Path, failures_dir: Path,
               measure_memory: bool = True) -> list[Failure]:
    file = work / f"input{suffix}"
    file.write_bytes(data)
    try:
        return fuzz_file(file, origin, tally, work, failures_dir, measure_memory)
    finally:
        file.unlink(missing_ok=True)


# -- seeds -----------------------------------------------------------------------------------

SUFFIXES = {"argmap": ".json", "aif": ".aif.json", "argdown": ".argdown", "text": ".txt", "html": ".html"}


def _kind_of(path: Path) -> str:
    name = path.name.lower()
    if name.endswith(".aif.json"):
        return "aif"
    if name.endswith((".argdown", ".ad")):
        return "argdown"
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".json"):
        return "argmap" if b'"format": "argmap"' in path.read_bytes()[:200] else "aif"
    return "text"


@dataclass(frozen=True)
class Seed:
    name: str
    data: bytes
    kind: str  # a key of SUFFIXES

    @property
    def suffix(self) -> str:
        return SUFFIXES[self.kind]


def bundled_seeds() -> list[Seed]:
    """The bundled maps and their AIF and Argdown exports."""
    seeds = []
    for path in sorted((ROOT / "maps").glob("*.json")):
        m = load_map(path)
        seeds += [Seed(path.name, path.read_bytes(), "argmap"),
                  Seed(f"{path.stem}.aif.json", dump_aif(m).encode("utf-8"), "aif"),
                  Seed(f"{path.stem}.argdown", dump_argdown(m).encode("utf-8"), "argdown")]
    return seeds


def shared_seeds() -> list[Seed]:
    """The shared corpora (AIFdb nodesets, Argdown examples) and the op-ed's text, if ../shared is here."""
    seeds = []
    for folder, pattern, kind in ((SHARED_CORPORA / "aif", "*.json", "aif"),
                                  (SHARED_CORPORA / "argdown", "*.argdown", "argdown"),
                                  (SHARED_CORPORA / "argdown" / "expected", "*.json", "aif"),  # JSON of another shape
                                  (SHARED / "source", "*.txt", "text")):
        seeds += [Seed(p.name, p.read_bytes(), kind) for p in sorted(folder.glob(pattern))]
    return seeds


def pick_seed(rng: random.Random, seeds: list[Seed]) -> Seed:
    """A seed of a kind picked first, so a hundred AIF nodesets do not crowd out the three maps."""
    kind = rng.choice(sorted({s.kind for s in seeds}))
    return rng.choice([s for s in seeds if s.kind == kind])


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.is_file()) if CORPUS.is_dir() else []


def corpus_seeds() -> list[Seed]:
    return [Seed(p.name, p.read_bytes(), _kind_of(p)) for p in corpus_files() if p.stat().st_size <= 64 * 1024]


# -- mutations -----------------------------------------------------------------------------------

INTERESTING = [
    b"\x00", b"\xff", b"\xfe", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\xef\xbb\xbf",
    b"\r\n", b"\r", b"\n\n", b"\t", b"\\", b'"', b"\\u", b"\\ud800", b"\\udc00\\ud800", b"\\u0000", b"NaN", b"Infinity",
    b"-Infinity", b"1e400", b"-1e400", b"-0", b"1e-400", b"0.1e1", b"9" * 400, b"-9223372036854775809", b"null",
    b"true", b"[]", b"{}", b'""', b"[[[[[[[[[[", b"]]]]", b"{{{{", b"}}}}", b'"format"', b'"argmap"', b'"nodes"',
    b'"edges"', b'"AIF"', b'"claims"', b'"reasons"', b'"id": "c1"', b'"c1"', b'"r1"', b'"nodeID": 1', b'"type": "RA"',
    b'"type": "CA"', b'"type": "I"', b'"fromID"', b'"toID"', b'"argmap_id"', b"(1)", b"(2)", b"--", b"----", b"+>",
    b"<-", b"_>", b"<_", b"><", b"[a]", b"[a]:", b"<a>", b"<a>:", b"#tag", b"#(t", b"{a: [1, {b: 2}]}", b"{argmap: reason}",
    b"/*", b"*/", b"<!--", b"-->", b"//", b"===", b"# heading", b"    ", b"\xe2\x80\xa8", b"\xe2\x80\xae", b"<html>",
    b"<script>", b"<pre>", b"&amp;", b"&#xD800;", b"&#0;", b"<div>" * 20,
]


def _span(rng: random.Random, n: int) -> tuple[int, int]:
    start = rng.randrange(n + 1)
    return start, min(n, start + int(rng.expovariate(1 / 16)) + 1)


def _flip(rng, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def _set_byte(rng, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + bytes([rng.choice([0, 0x7F, 0x80, 0xC0, 0xFF, rng.randrange(256)])]) + data[i + 1:]


def _insert(rng, data: bytes) -> bytes:
    i = rng.randrange(len(data) + 1)
    return data[:i] + rng.choice(INTERESTING) + data[i:]


def _delete(rng, data: bytes) -> bytes:
    a, b = _span(rng, len(data))
    return data[:a] + data[b:]


def _duplicate(rng, data: bytes) -> bytes:
    a, b = _span(rng, len(data))
    at = rng.choice([b, rng.randrange(len(data) + 1)])
    return data[:at] + data[a:b] * rng.choice([1, 1, 2, 8]) + data[at:]


def _truncate(rng, data: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


_QUOTED = re.compile(rb'"([A-Za-z0-9_.:\-]{1,20})"')


def _swap_ids(rng, data: bytes) -> bytes:
    """One quoted id (or word) written where another was: ids collide, reasons point elsewhere."""
    found = _QUOTED.findall(data)
    if len(found) < 2:
        return _insert(rng, data)
    old, new = rng.choice(found), rng.choice(found)
    hits = [m.start() for m in re.finditer(b'"' + re.escape(old) + b'"', data)]
    i = rng.choice(hits)
    return data[:i] + b'"' + new + b'"' + data[i + len(old) + 2:]


_NUMBER = re.compile(rb"-?\d+(\.\d+)?([eE][-+]?\d+)?")
NUMBERS = [b"1e400", b"-1e400", b"NaN", b"Infinity", b"-0", b"0", b"-1", b"1.5", b"1e-400", b"2", b"9" * 30,
           b"18446744073709551616", b'"2"', b'"1e400"', b'"NaN"', b"true", b"null", b"[2]"]


def _number(rng, data: bytes) -> bytes:
    found = list(_NUMBER.finditer(data))
    if not found:
        return _insert(rng, data)
    m = rng.choice(found)
    return data[: m.start()] + rng.choice(NUMBERS) + data[m.end():]


def _lines(rng, data: bytes) -> bytes:
    """Argdown (and any text) by lines: one moved, doubled, dropped, indented or given a mark."""
    rows = data.split(b"\n")
    i, j = rng.randrange(len(rows)), rng.randrange(len(rows))
    how = rng.randrange(6)
    if how == 0:
        rows.insert(j, rows.pop(i))
    elif how == 1:
        rows.insert(j, rows[i])
    elif how == 2 and len(rows) > 1:
        del rows[i]
    elif how == 3:
        rows[i] = b" " * rng.choice([1, 2, 4, 8, 64]) + rows[i]
    elif how == 4:
        rows[i] = rng.choice([b"(1) ", b"-- ", b"+ ", b"- ", b"<_ ", b"+> ", b"-> ", b"* ", b"# ", b"[x]: ", b"<a>: ",
                              b"===", b"  + <b>", b"  - [c]"]) + rows[i]
    else:
        rows[i] = rows[i] + rng.choice([b" #tag", b" {a: 1}", b" {uses: [1, 9]}", b" {argmap: reason}", b" //",
                                        b" /*", b" \\", b" [y]", b" <a>"])
    return b"\n".join(rows)


def _replacement(rng: random.Random, value):
    choices = [None, True, 0, -1, 1e308, 2**64, "", "x" * rng.choice([1, 101, 1001, 10_001]), "1", "2", "c1", "r1",
               [], {}, [value], {"a": value}, str(value)[:50], [[[[[]]]]], {"format": "argmap"}]
    if isinstance(value, int | float) and not isinstance(value, bool):
        choices += [str(value), -value, value * 10**6]
    return rng.choice(choices)


def _json_value(rng, data: bytes) -> bytes:
    """Valid JSON with one value changed, removed, doubled or retyped: gets past the parser to the meaning."""
    try:
        doc = json.loads(data)
    except ValueError:
        return _swap_ids(rng, data)
    holders = []
    stack = [doc]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list) and item:
            holders.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    if not holders:
        return data
    holder = rng.choice(holders)
    key = rng.choice(list(holder)) if isinstance(holder, dict) else rng.randrange(len(holder))
    how = rng.randrange(4)
    if how == 0:
        holder[key] = _replacement(rng, holder[key])
    elif how == 1:
        del holder[key]
    elif how == 2 and isinstance(holder, list):
        holder.insert(rng.randrange(len(holder) + 1), holder[key])
    elif how == 2:
        holder[f"{key}_"] = holder[key]
    else:  # shuffle order: which one comes first should not matter
        if isinstance(holder, list):
            rng.shuffle(holder)
        else:
            items = list(holder.items())
            rng.shuffle(items)
            holder.clear()
            holder.update(items)
    text = json.dumps(doc, indent=rng.choice([None, 1, 2]), ensure_ascii=rng.random() < 0.3)
    if rng.random() < 0.2 and isinstance(doc, dict) and doc:  # a key written twice
        k = json.dumps(rng.choice(list(doc)))
        text = text.replace("{", "{" + k + ": null, ", 1)
    return text.encode("utf-8", errors="surrogatepass")  # an escaped lone surrogate comes back as raw bytes


MUTATORS = [_flip, _set_byte, _insert, _delete, _duplicate, _truncate, _swap_ids, _number, _lines, _json_value,
            _json_value, _json_value]


def mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.choice([1, 1, 1, 2, 3, 5])):
        data = rng.choice(MUTATORS)(rng, data)
    return data


# Where a file can be cut off: (what is there, the bytes that mark it).
BOUNDARIES = {
    "object start": rb"\{", "object end": rb"\}", "list start": rb"\[", "list end": rb"\]", "comma": rb",",
    "colon": rb":", "quote": rb'"', "escape": rb"\\.", "unicode escape": rb"\\u[0-9a-fA-F]{2}", "line end": rb"\n",
    "CR": rb"\r", "spaces": rb"  +", "number": rb"\d\d", "literal": rb"tru|fals|nul", "multibyte character": rb"[\xc2-\xf4]",
    "continuation byte": rb"[\x80-\xbf][\x80-\xbf]", "byte-order mark": rb"\xef\xbb", "PCS line": rb"\(\d+\)",
    "inference": rb"--", "statement title": rb"\[[^\]\n]{0,20}", "argument title": rb"<[^>\n]{0,20}",
    "relation": rb"[+<_-]>|<[+_-]", "data": rb"\{[^}\n]{0,10}", "tag": rb"#\(?", "front matter": rb"===",
    "comment": rb"/\*|<!--", "html tag": rb"<[a-z]+",
}


def boundary_cuts(data: bytes, rng: random.Random) -> Iterator[tuple[str, bytes]]:
    """The file cut just before, inside and just after one place of each kind it has."""
    for what, pattern in BOUNDARIES.items():
        found = list(re.finditer(pattern, data))
        if not found:
            continue
        m = rng.choice(found)
        for where, at in (("before", m.start()), ("inside", (m.start() + m.end()) // 2), ("after", m.end())):
            if where != "inside" or m.end() - m.start() > 1:
                yield f"{what} ({where})", data[:at]


# -- random inputs ---------------------------------------------------------------------------------

ALPHABETS = [
    bytes(range(256)),
    b'{}[]:,"\\ \n0123456789.eE-+truefalsnNaIiy',
    b"abcdefghijklmnopqrstuvwxyz ABC.,!?\n",
    b"[]<>():+-_>#{}*/=\n \tabc123.\\",
    b"<>/!-=\"' abcdiv p script pre br &;#x0123\n",
]
TOKENS = [t for t in INTERESTING if len(t) < 40] + [b"{", b"}", b"[", b"]", b",", b":", b" ", b"\n", b'"format": "argmap"',
                                                    b'"format_version": 2', b'"text": "x"', b"\xc3\xa9", b"\xf0\x9f\x98\x80"]


def random_input(rng: random.Random) -> tuple[bytes, str]:
    """Random bytes (of some alphabet, or a jumble of tokens) and the suffix to give the file."""
    size = int(rng.expovariate(1 / 400))
    if rng.random() < 0.4:
        data = b"".join(rng.choice(TOKENS) for _ in range(size // 4))
    else:
        alphabet = rng.choice(ALPHABETS)
        data = bytes(rng.choice(alphabet) for _ in range(size))
    return data, rng.choice(list(SUFFIXES.values()))


# -- hand-made hostile files, made when run (too big to keep) --------------------------------------

def _map_json(**fields) -> str:
    return json.dumps({"format": "argmap", "format_version": 2, "title": "t", **fields})


def _argdown_chain(n: int) -> str:
    return "\n\n".join(f"[s{i}]: Statement {i}.\n  + [s{i + 1}]" for i in range(n)) + "\n"


def _deep_argdown_relations(n: int) -> str:
    return "[root]: A claim.\n" + "".join(f"{' ' * (2 * i + 2)}+ [s{i}]: Reason {i}.\n" for i in range(n))


def _sparse(size: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as f:
            f.truncate(size)  # a hole: costs no disk
    return write


def _filled(size: int, unit: bytes, head: bytes = b"") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with path.open("wb") as f:
            f.write(head)
            left = size - len(head)
            block = unit * (MB // len(unit) + 1)
            while left > 0:
                f.write(block[:left])
                left -= min(left, len(block))
    return write


def _text(make: Callable[[], str | bytes]) -> Callable[[Path], None]:
    """A writer of what `make` returns, made only when written (these are megabytes)."""
    def write(path: Path) -> None:
        content = make()
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return write


TEN_MB = 10 * MB
DEEP = 100_000


def hostile_inputs() -> dict[str, tuple[str, Callable[[Path], None]]]:
    """name -> (suffix, writer) for the big and deep files made at run time."""
    return {
        # Just over each size limit, and far over.
        "map just over the size limit": (".json", _filled(MAX_FILE_BYTES + 1, b" ", b'{"format": "argmap"')),
        "sparse 100 MB map": (".json", _sparse(100 * MB)),
        "Argdown just over its size limit": (".argdown", _filled(MAX_ARGDOWN_BYTES + 1, b"[a]: A claim.\n  + [b]\n\n")),
        "AIF just over the map size limit": (".aif.json", _filled(MAX_FILE_BYTES + 1, b" ", b'{"nodes": [')),
        "source text just over its size limit": (".txt", _filled(MAX_SOURCE_BYTES + 1, b"A sentence of the article. ")),
        "web page just over the source limit": (".html", _filled(MAX_SOURCE_BYTES + 1, b"<p>A paragraph.</p>\n",
                                                                  b"<!doctype html><html><body>")),
        # Huge strings where they are allowed and where they are not.
        "10 MB claim text": (".json", _text(lambda: _map_json(claims=[{"id": "c1", "text": "x" * TEN_MB, "main_conclusion": True}]))),
        "10 MB claim text as AIF": (".aif.json", _text(lambda: json.dumps({"nodes": [{"nodeID": "1", "type": "I",
                                                                           "text": "x" * TEN_MB}], "edges": []}))),
        "10 MB string in extensions": (".json", _text(lambda: _map_json(extensions={"x": "y" * TEN_MB}))),
        "10 MB key in extensions": (".json", _text(lambda: _map_json(extensions={"k" * TEN_MB: 1}))),
        "10 MB id": (".json", _text(lambda: _map_json(claims=[{"id": "c" * TEN_MB, "text": "x"}]))),
        "10 MB kept AIF field": (".aif.json", _text(lambda: json.dumps({"nodes": [], "edges": [], "x": "é" * (TEN_MB // 2)}))),
        "7 MB Argdown statement": (".argdown", _text(lambda: "[a]: " + "word " * (7 * MB // 5) + "\n")),
        "7 MB Argdown data block": (".argdown", _text(lambda: "[a]: A claim. {note: \"" + "n" * 7 * MB + "\"}\n")),
        "10 MB web page paragraph": (".html", _text(lambda: "<html><body><p>" + "word " * (TEN_MB // 5) + "</p></body></html>")),
        "10 MB of one line of JSON numbers": (".json", _text(lambda: "[" + "1," * (TEN_MB // 2) + "1]")),
        "a 10 MB number": (".json", _text(lambda: '{"format": "argmap", "format_version": ' + "9" * TEN_MB + "}")),
        # Nesting 100,000 deep, in every place.
        "[[[...]]] 100k deep": (".json", _text(lambda: "[" * DEEP + "]" * DEEP)),
        '{"a":{"a":...}} 100k deep': (".json", _text(lambda: '{"a":' * DEEP + "1" + "}" * DEEP)),
        "deep nesting in claims": (".json", _text(lambda: '{"format": "argmap", "format_version": 2, "claims": '
                                                  + "[" * DEEP + "]" * DEEP + "}")),
        "deep nesting in extensions": (".json", _text(lambda: '{"format": "argmap", "format_version": 2, "extensions": '
                                                      + '{"a":' * DEEP + "1" + "}" * (DEEP + 1))),
        "deep nesting in an AIF node": (".aif.json", _text(lambda: '{"nodes": [{"nodeID": "1", "type": "I", "text": "x", '
                                                           '"extra": ' + "[" * DEEP + "]" * DEEP + "}], \"edges\": []}")),
        "deep nesting unclosed": (".json", _text(lambda: "[" * DEEP)),
        "deep Argdown data": (".argdown", _text(lambda: "[a]: A claim. " + "{a: " * DEEP + "1" + "}" * DEEP + "\n")),
        "deep Argdown brackets": (".argdown", _text(lambda: "[" * DEEP + "a" + "]" * DEEP + ": x\n")),
        "deep Argdown angle brackets": (".argdown", _text(lambda: "<" * DEEP + "a" + ">" * DEEP + ": x\n")),
        "deep Argdown relations": (".argdown", _text(lambda: _deep_argdown_relations(1_500))),
        "long Argdown chain": (".argdown", _text(lambda: _argdown_chain(2_000))),
        "Argdown emphasis marks": (".argdown", _text(lambda: "[a]: " + "*_" * DEEP + "\n")),
        "Argdown unclosed comments": (".argdown", _text(lambda: "/* <!-- " * DEEP + "\n[a]: x\n")),
        "Argdown escapes": (".argdown", _text(lambda: "[a]: " + "\\" * DEEP + "\n")),
        "Argdown PCS 5k steps": (".argdown", _text(lambda: "<a>\n\n" + "".join(f"({i}) s{i}\n--\n" for i in range(5_000))
                                                   + "(5000) end\n")),
        "deep web page": (".html", _text(lambda: "<html><body>" + "<div>" * DEEP + "x" + "</div>" * DEEP)),
        "web page of unclosed hidden tags": (".html", _text(lambda: "<html><head>" + "<script><style>" * DEEP + "x")),
        # Long chains and circles, far past Python's recursion limit: no deep recursion, no quadratic walk
        # (memory is not in question here; benchmarks/bench_core.py times big maps).
        "AIF chain of 5k undercutters": (".aif.json", _text(lambda: _aif_undercutter_chain(5_000))),
        "AIF support cycle of 3k": (".aif.json", _text(lambda: _aif_cycle(3_000))),
        "map with 3k claims in a cycle": (".json", _text(lambda: _map_cycle(3_000))),
        "one NUL byte after a 5 MB map": (".json", _text(lambda: _map_json(claims=[{"id": "c1", "text": "x"}],
                                                                   extensions={"x": "y" * (5 * MB)}) + "\x00")),
    }


def _aif_undercutter_chain(n: int) -> str:
    nodes = [{"nodeID": "c0", "type": "I", "text": "Claim."}, {"nodeID": "p0", "type": "I", "text": "Premise."},
             {"nodeID": "s0", "type": "RA", "text": "Default Inference"}]
    edges = [{"fromID": "p0", "toID": "s0"}, {"fromID": "s0", "toID": "c0"}]
    for i in range(1, n):
        nodes += [{"nodeID": f"p{i}", "type": "I", "text": f"Undercutter {i}."}, {"nodeID": f"s{i}", "type": "CA"}]
        edges += [{"fromID": f"p{i}", "toID": f"s{i}"}, {"fromID": f"s{i}", "toID": f"s{i - 1}"}]
    return json.dumps({"nodes": nodes, "edges": edges})


def _aif_cycle(n: int) -> str:
    nodes, edges = [], []
    for i in range(n):
        nodes += [{"nodeID": f"c{i}", "type": "I", "text": f"Claim {i}."}, {"nodeID": f"s{i}", "type": "RA"}]
        edges += [{"fromID": f"c{i}", "toID": f"s{i}"}, {"fromID": f"s{i}", "toID": f"c{(i + 1) % n}"}]
    return json.dumps({"nodes": nodes, "edges": edges})


def _map_cycle(n: int) -> str:
    claims = [{"id": f"c{i}", "text": f"Claim {i}.", **({"main_conclusion": True} if i == 0 else {})} for i in range(n)]
    reasons = [{"id": f"r{i}", "kind": "support", "premises": [f"c{(i + 1) % n}"], "target": f"c{i}"} for i in range(n)]
    return _map_json(claims=claims, reasons=reasons)


