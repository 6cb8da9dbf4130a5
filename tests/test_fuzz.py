"""Fuzzing every way a file gets into argmap: a map, a clear error, nothing else.

Each input is written to a file and read through every path a file takes
into argmap (PATHS): load_map, import_map as told from the file and as AIF,
Argdown and argmap, read_source_text, and the command line's `validate`,
`validate --source` and `import`. Each must give a loaded map (or text) or
MapFileError, the one clear error every reader raises; never another
exception, never a hang (HANG_GUARD_S, with an alarm so a real hang fails
instead of blocking), never unbounded memory (a tracemalloc peak far above the
input's size). A MapFileError must name the file, be short, and not be a
catch-all wrapped round a bug in argmap (a KeyError, an IndexError...). A map
that loads must also be checkable and savable, and read back the same, and
what argmap then writes as AIF and as Argdown it must read back: a file that
opens but is a dead end is a trap for a student.

Inputs: random bytes; the bundled maps, their AIF and Argdown exports, the
shared corpora and tests/fuzz_corpus, mutated (bits flipped, spans deleted
and duplicated, ids swapped, numbers changed, JSON values replaced, Argdown
lines moved) and truncated at every kind of boundary; and hand-made hostile
files: just over each size limit, a 10 MB string, nesting 100,000 deep, NUL
bytes, broken UTF-8, byte-order marks, UTF-16, CRLF, duplicate keys, ids
colliding, cycles everywhere, numbers as strings, 1e400 and NaN.

The seed is fixed (ARGMAP_FUZZ_SEED) and the number of random cases small
(ARGMAP_FUZZ_CASES scales it), so this file takes about a minute and a half;
benchmarks/fuzz_long.py runs the same generators for longer. A bug found and
not yet fixed goes into KNOWN_BUGS with its reproducer in tests/fuzz_corpus.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import pytest

from fuzzing import (  # the harness: tests/fuzzing.py
    CASES,
    FAILURE,
    NO_SHARED,
    PATHS,
    SEED,
    SHARED_CORPORA,
    Failure,
    Tally,
    _kind_of,
    boundary_cuts,
    bundled_seeds,
    corpus_files,
    corpus_seeds,
    fuzz_bytes,
    fuzz_file,
    hostile_inputs,
    mutate,
    pick_seed,
    random_input,
    run_path,
    shared_seeds,
)
from helpers import HANG_GUARD_S

# -- the tests ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class KnownBug:
    """A bug this fuzzer found that is not fixed yet.

    Its reproducer in tests/fuzz_corpus is xfail(strict) on `paths`, so that
    case turns red the day the bug is fixed: then delete the entry. Random
    inputs that fail the same way (`signature`, a pattern searched in the
    failure's traceback; None: recognise none) are tallied, not failed, so
    one known bug does not hide new ones.
    """

    reproducer: str
    paths: tuple[str, ...]
    signature: str | None
    what: str


# None is open. The bug-* files in tests/fuzz_corpus reproduce bugs this fuzzer found, since fixed; they
# stay as regression tests. When it finds another, save its input there and add it here, e.g.:
#   KnownBug("bug-argdown-argument-in-pcs.argdown", ("import_map", "import_map(argdown)", "cli import"),
#            r"claim_of\[id\(elem\)\]", "argmap/io/argdown.py _Reader._steps: KeyError on `(1) <Name>`")
KNOWN_BUGS: list[KnownBug] = []
_KNOWN_CASES = {(bug.reproducer, path): bug for bug in KNOWN_BUGS for path in bug.paths}
# A known hang is confirmed sooner than a new one is given up on: fixed, it takes milliseconds.
KNOWN_BUG_GUARD_S = 5.0


def known_bug(f: Failure) -> KnownBug | None:
    return next((b for b in KNOWN_BUGS if b.signature and re.search(b.signature, f.problem, re.S)), None)


def _report(failures: list[Failure], cases: int) -> str:
    lines = [f"{len(failures)} failures in {cases} inputs:"]
    lines += [str(f) for f in failures[:12]]
    if len(failures) > 12:
        lines.append(f"... and {len(failures) - 12} more")
    return "\n\n".join(lines)


@pytest.fixture
def fuzz(tmp_path):
    """A runner that collects failures; the inputs that failed are kept under tmp_path/failures."""
    tally = Tally()
    work = tmp_path / "work"
    work.mkdir()

    def run(data: bytes, suffix: str, origin: str, measure_memory: bool = True) -> list[Failure]:
        return fuzz_bytes(data, suffix, origin, tally, work, tmp_path / "failures", measure_memory)

    run.tally = tally
    run.work = work
    run.failures_dir = tmp_path / "failures"
    yield run
    new = [f for f in tally.failures if known_bug(f) is None]
    assert not new, _report(new, tally.cases)


def _corpus_params():
    params = []
    for path in corpus_files():
        for name in PATHS:
            bug = _KNOWN_CASES.get((path.name, name))
            marks = pytest.mark.xfail(strict=True, reason=bug.what) if bug else ()
            params.append(pytest.param(path, name, id=f"{path.name}-{name}", marks=marks))
    return params


@pytest.mark.parametrize("path, name", _corpus_params())
def test_seed_corpus(path, name, tmp_path):
    """Every hand-made (or once failing) file in tests/fuzz_corpus, through every path."""
    tally = Tally()
    guard = KNOWN_BUG_GUARD_S if (path.name, name) in _KNOWN_CASES else HANG_GUARD_S
    outcome, problem = run_path(name, path, tmp_path, tally, measure_memory=True, guard=guard)
    assert outcome != FAILURE, f"{name} on {path.name}:\n{problem}"


def test_the_seed_corpus_is_small_and_varied():
    files = corpus_files()
    assert len(files) >= 12
    # A few KB at most; a reproducer of a blow-up on size (bug-*) may need more.
    assert all(p.stat().st_size <= (256 if p.name.startswith("bug-") else 8) * 1024 for p in files)
    assert {_kind_of(p) for p in files} >= {"argmap", "aif", "argdown", "html"}


HOSTILE = hostile_inputs()
# Big but ordinary structures, there to catch deep recursion and quadratic walks; tracing their every
# allocation would take minutes.
UNMEASURED = {"AIF chain of 5k undercutters", "AIF support cycle of 3k", "map with 3k claims in a cycle",
              "Argdown PCS 5k steps", "long Argdown chain", "deep Argdown relations"}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input(name, fuzz):
    suffix, write = HOSTILE[name]
    file = fuzz.work / f"hostile{suffix}"
    write(file)
    try:
        fuzz_file(file, name, fuzz.tally, fuzz.work, fuzz.failures_dir, measure_memory=name not in UNMEASURED)
    finally:
        file.unlink()


def test_random_bytes(fuzz):
    for i in range(CASES * 2):
        rng = random.Random(f"{SEED}-random-{i}")
        data, suffix = random_input(rng)
        fuzz(data, suffix, f"random-{i}", measure_memory=i % 8 == 0)


BUNDLED = bundled_seeds()


@pytest.mark.parametrize("seed", BUNDLED, ids=lambda s: s.name)
def test_mutated_bundled_map(seed, fuzz):
    for i in range(CASES):
        rng = random.Random(f"{SEED}-{seed.name}-{i}")
        fuzz(mutate(rng, seed.data), seed.suffix, f"{seed.name}-mutant-{i}", measure_memory=i % 8 == 0)


def test_mutated_seed_corpus(fuzz):
    for i, seed in enumerate(s for s in corpus_seeds() for _ in range(max(1, CASES // 10))):
        rng = random.Random(f"{SEED}-corpus-{seed.name}-{i}")
        fuzz(mutate(rng, seed.data), seed.suffix, f"{seed.name}-mutant-{i}", measure_memory=i % 8 == 0)


@pytest.mark.skipif(not SHARED_CORPORA.is_dir(), reason=NO_SHARED)
def test_mutated_shared_corpora(fuzz):
    seeds = shared_seeds()
    assert seeds, "the shared corpora folder is empty"
    for seed in seeds:  # each as it is first: a real file must load or be refused clearly
        fuzz(seed.data, seed.suffix, seed.name, measure_memory=False)
    rng = random.Random(f"{SEED}-shared")
    for i in range(CASES * 2):
        seed = pick_seed(rng, seeds)
        fuzz(mutate(rng, seed.data), seed.suffix, f"{seed.name}-mutant-{i}", measure_memory=i % 8 == 0)


# The op-ed map's exports are left out: they only repeat the kinds of place the small maps' have.
@pytest.mark.parametrize("seed", [s for s in BUNDLED if not s.name.startswith("drezner") or s.kind == "argmap"],
                         ids=lambda s: s.name)
def test_truncated_at_every_kind_of_boundary(seed, fuzz):
    rng = random.Random(f"{SEED}-cuts-{seed.name}")
    for what, data in boundary_cuts(seed.data, rng):
        fuzz(data, seed.suffix, f"{seed.name}-cut-{what}", measure_memory=False)


def test_encodings_and_line_ends_of_every_bundled_seed(fuzz):
    """BOM, UTF-16 (with and without BOM), UTF-32, CRLF, CR: each seed as another editor might save it."""
    for seed in BUNDLED:
        text = seed.data.decode("utf-8")
        variants = {
            "BOM": b"\xef\xbb\xbf" + seed.data,
            "two BOMs": b"\xef\xbb\xbf\xef\xbb\xbf" + seed.data,
            "UTF-16 with BOM": text.encode("utf-16"),
            "UTF-16-BE with BOM": b"\xfe\xff" + text.encode("utf-16-be"),
            "UTF-16 without BOM": text.encode("utf-16-le"),
            "UTF-32": text.encode("utf-32"),
            "CRLF": text.replace("\n", "\r\n").encode("utf-8"),
            "CR": text.replace("\n", "\r").encode("utf-8"),
            "BOM and CRLF": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"),
            "Latin-1": text.encode("latin-1", errors="replace"),
            "NUL after the end": seed.data + b"\x00",
            "NUL in the middle": seed.data[: len(seed.data) // 2] + b"\x00" + seed.data[len(seed.data) // 2:],
            "NUL bytes between every character": b"\x00".join(seed.data[i:i + 1] for i in range(min(len(seed.data), 3000))),
        }
        for what, data in variants.items():
            fuzz(data, seed.suffix, f"{seed.name}-{what}", measure_memory=False)
