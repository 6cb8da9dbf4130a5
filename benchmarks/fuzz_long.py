"""The long fuzz run, on demand: tests/test_fuzz.py's generators for many cases.

    python benchmarks/fuzz_long.py [CASES] [--minutes T] [--seed S] [--out DIR]
                                   [--memory-every K] [--hostile] [--no-shared]

Feeds inputs (random bytes; mutants of the bundled maps, their AIF and Argdown
exports, tests/fuzz_corpus and ../shared/corpora; files cut off at every kind
of boundary; the same files in other encodings and line ends) through every
path a file takes into argmap, until CASES inputs (default 2,000) or T
minutes, whichever comes first, and prints: the cases run, the inputs tried
per path, the outcomes (loaded / clear error / FAILURE), the slowest input
and the highest memory peak, and each failure with the file its input was
saved as. --hostile also runs the big hand-made files (10 MB strings, 100k-deep
nesting, files just over each size limit) first. Exit status 1 if anything failed.

Each case's generator is seeded from --seed and its number, so a run with
the same seed and count repeats exactly.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing as fz  # noqa: E402  (the generators and the runner: tests/fuzzing.py)
from test_fuzz import known_bug  # noqa: E402

KINDS = ("random bytes", "mutant", "boundary cut", "encoding")


def _encodings(seed: fz.Seed, rng: random.Random) -> tuple[str, bytes]:
    text = seed.data.decode("utf-8", errors="replace")
    what, make = rng.choice([
        ("BOM", lambda: b"\xef\xbb\xbf" + seed.data),
        ("UTF-16", lambda: text.encode("utf-16")),
        ("UTF-16-LE without BOM", lambda: text.encode("utf-16-le")),
        ("UTF-32", lambda: text.encode("utf-32")),
        ("CRLF", lambda: text.replace("\n", "\r\n").encode("utf-8")),
        ("CR", lambda: text.replace("\n", "\r").encode("utf-8")),
        ("Latin-1", lambda: text.encode("latin-1", errors="replace")),
        ("NUL inside", lambda: seed.data[: len(seed.data) // 2] + b"\x00" + seed.data[len(seed.data) // 2:]),
    ])
    return what, make()


def cases(seeds: list[fz.Seed], base_seed: int) -> Iterator[tuple[str, str, bytes, str]]:
    """(kind, origin, bytes, suffix) forever, the kinds taken in turn."""
    i = 0
    while True:
        kind = KINDS[i % len(KINDS)]
        rng = random.Random(f"{base_seed}-long-{i}")
        if kind == "random bytes":
            data, suffix = fz.random_input(rng)
            yield kind, f"random-{i}", data, suffix
        else:
            seed = fz.pick_seed(rng, seeds)
            if kind == "mutant":
                yield kind, f"{seed.name}-mutant-{i}", fz.mutate(rng, seed.data), seed.suffix
            elif kind == "boundary cut":
                cuts = list(fz.boundary_cuts(seed.data, rng))
                if cuts:
                    what, data = rng.choice(cuts)
                    yield kind, f"{seed.name}-cut-{what}-{i}", data, seed.suffix
            else:
                what, data = _encodings(seed, rng)
                yield kind, f"{seed.name}-{what}-{i}", data, seed.suffix
        i += 1


def _table(tally: fz.Tally, per_kind: Counter, elapsed: float) -> str:
    lines = [f"cases run: {tally.cases:,} in {elapsed:.0f} s"]
    if per_kind:
        lines.append("by generator: " + ", ".join(f"{k} {n:,}" for k, n in per_kind.items()))
    head = f"{'path':<22}{'inputs':>9}{'loaded':>9}{'clear error':>13}{'FAILURE':>9}"
    lines += ["", head, "-" * len(head)]
    for path, counts in tally.per_path().items():
        total = sum(counts.values())
        lines.append(f"{path:<22}{total:>9,}{counts[fz.LOADED]:>9,}{counts[fz.CLEAR_ERROR]:>13,}"
                     f"{counts[fz.FAILURE]:>9,}")
    lines += ["", f"slowest: {tally.slowest[0]:.2f} s ({tally.slowest[1]})"]
    if tally.peak[0]:
        lines.append(f"highest memory peak (traced inputs): {tally.peak[0] / fz.MB:.1f} MB ({tally.peak[1]})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("cases", nargs="?", type=int, default=2_000, help="how many inputs (default 2,000)")
    p.add_argument("--minutes", type=float, help="stop after this many minutes, even before CASES")
    p.add_argument("--seed", type=int, default=fz.SEED, help=f"the random seed (default {fz.SEED})")
    p.add_argument("--out", type=Path, help="keep failing inputs here (default: a new temporary folder)")
    p.add_argument("--memory-every", type=int, default=8, metavar="K",
                   help="trace memory on every K-th input (tracing makes a case ~5x slower; default 8)")
    p.add_argument("--hostile", action="store_true", help="first run the big hand-made files of test_fuzz.py")
    p.add_argument("--no-shared", action="store_true", help="leave out ../shared/corpora even when it is there")
    args = p.parse_args(argv)

    out = args.out or Path(tempfile.mkdtemp(prefix="argmap-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    failures_dir = out / "failures"
    seeds = fz.bundled_seeds() + fz.corpus_seeds()
    if not args.no_shared and fz.SHARED_CORPORA.is_dir():
        seeds += fz.shared_seeds()
    print(f"{len(seeds)} seed files; failing inputs go to {failures_dir}", flush=True)

    tally, per_kind = fz.Tally(), Counter()
    start = time.perf_counter()
    deadline = start + 60 * args.minutes if args.minutes else None
    with tempfile.TemporaryDirectory(prefix="argmap-fuzz-work-") as tmp:
        work = Path(tmp)
        if args.hostile:
            for name, (suffix, write) in fz.HOSTILE.items():
                file = work / f"hostile{suffix}"
                write(file)
                try:
                    fz.fuzz_file(file, name, tally, work, failures_dir, measure_memory=name not in fz.UNMEASURED)
                finally:
                    file.unlink()
                per_kind["hostile"] += 1
            print(f"hostile files: {len(fz.HOSTILE)} run", flush=True)
        for n, (kind, origin, data, suffix) in enumerate(cases(seeds, args.seed)):
            if n >= args.cases or (deadline is not None and time.perf_counter() > deadline):
                break
            found = fz.fuzz_bytes(data, suffix, origin, tally, work, failures_dir,
                                  measure_memory=args.memory_every > 0 and n % args.memory_every == 0)
            per_kind[kind] += 1
            for f in found:
                bug = known_bug(f)
                known = f" (known bug, reproducer tests/fuzz_corpus/{bug.reproducer})" if bug else ""
                print(f"FAILURE {f.path} on {f.input_name} -> {f.saved}{known}", flush=True)
            if (n + 1) % 500 == 0:
                print(f"... {n + 1:,} cases, {len(tally.failures)} failures, "
                      f"{time.perf_counter() - start:.0f} s", flush=True)

    print()
    print(_table(tally, per_kind, time.perf_counter() - start))
    if tally.failures:
        print(f"\n{len(tally.failures)} failures (inputs saved in {failures_dir}):")
        for f in tally.failures:
            print(f"\n- {f}")
        return 1
    print("\nno failures")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
