"""Everything a big map needs before it can be shown, worked out off the window's thread.

Opening a 50,000-claim map means checking it and measuring and laying out
every box: seconds of work. File > Open runs it in the worker thread that
reads the file (long_work.run_with_progress), so the window keeps answering,
a progress dialog with Cancel appears, and the canvas then adopts the
result instead of doing the work again. Smaller maps skip the layout here:
it takes the canvas milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from argmap.gui.items import Wrapper, box_size, claim_font
from argmap.layout import Layout, layout
from argmap.model import ArgumentMap
from argmap.runtime import gc_paused
from argmap.validate_incremental import IncrementalValidation

LAY_OUT_AHEAD = 3000  # claims: from here the layout is worked out with the file's reading


@dataclass
class Prepared:
    """A map with its checks and (for a big map) its layout, made ready on a worker thread."""

    map: ArgumentMap
    checks: IncrementalValidation
    layout: Layout | None = None
    sizes: dict[tuple[str, bool, bool], tuple[float, float]] = field(default_factory=dict)


def prepare(m: ArgumentMap) -> Prepared:
    """Check `m` and, when it is big, measure and lay it out. Safe on a worker thread:
    it reads the map, and measures text with fonts of its own (Qt's fonts are reentrant)."""
    with gc_paused():
        checks = IncrementalValidation(m)
        if len(m.claims) < LAY_OUT_AHEAD or m.source is not None and m.source.text:
            # With a text, the checks also place quotations; the window does that itself.
            return Prepared(m, checks)
        wrappers = {}
        for bold in (False, True):
            font = claim_font()
            font.setBold(bold)
            wrappers[bold] = Wrapper(font)
        sizes: dict[tuple[str, bool, bool], tuple[float, float]] = {}
        claims = {c.id: c for c in m.claims}

        def size(cid: str) -> tuple[float, float]:
            c = claims[cid]
            key = (c.text, c.main_conclusion, c.hidden)
            found = sizes.get(key)
            if found is None:
                found = sizes[key] = box_size(wrappers[c.main_conclusion], c.text, c.hidden)
            return found

        return Prepared(m, checks, layout(m, size), sizes)
