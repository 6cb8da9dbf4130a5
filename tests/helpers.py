"""Small builders for maps in tests: `build("c1*", "c2", r=[("r1", "+", ["c2"], "c1")])`."""

from __future__ import annotations

from pathlib import Path

from argmap.model import ArgumentMap, Claim, Reason

ROOT = Path(__file__).resolve().parents[1]
# A bound on time that only a hang (or a quadratic blow-up on pathological
# input) can break: these machines are shared and noisy, so tests never check
# speed. How fast things are is measured in benchmarks/.
HANG_GUARD_S = 60.0

SHARED = ROOT.parent / "shared"
ARTICLE = SHARED / "source" / "000_ea6794c9fe7b8eed.txt"


def claim(spec: str, **extra) -> Claim:
    """'c1*' is a main conclusion, 'c2!' a flagged conclusion, 'c3?' a hidden premise."""
    flags = {"main_conclusion": spec.endswith("*"), "conclusion": spec.endswith("!"), "hidden": spec.endswith("?")}
    ident = spec.rstrip("*!?")
    return Claim(id=ident, text=extra.pop("text", f"Claim {ident}."), **{k: v for k, v in flags.items() if v}, **extra)


def reason(ident: str, kind: str, premises: list[str], target: str, **extra) -> Reason:
    return Reason(id=ident, kind="support" if kind == "+" else "objection", premises=premises, target=target, **extra)


def build(*claims: str | Claim, r: list[tuple] = (), **fields) -> ArgumentMap:
    return ArgumentMap(
        title=fields.pop("title", "Test map"),
        claims=[c if isinstance(c, Claim) else claim(c) for c in claims],
        reasons=[reason(*spec) for spec in r],
        **fields,
    )


def editable(name: str) -> ArgumentMap:
    """A bundled map as a student's own copy: presets themselves open read-only."""
    from argmap.io.presets import preset

    return preset(name).load().model_copy(update={"template": False})
