"""Interpreter settings for walking big maps: recursion room, garbage collection."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def deep_recursion(n: int) -> Iterator[None]:
    """Allow about 4n nested Python calls while walking a map of n nodes.

    A chain of n claims (each the reply to the one before) recurses about 2n
    deep. Python 3.11 keeps Python-to-Python calls off the C stack, so a
    higher limit is safe here; it is put back afterwards.
    """
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 4 * n + 1000))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while building many small objects.

    Loading or checking a big map allocates tens of thousands of acyclic
    dicts and models; the collector would rescan every live object again and
    again meanwhile (over half the load time of a 10,000-claim map) to free
    nothing. Anything cyclic left behind is collected once it runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
