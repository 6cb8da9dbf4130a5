"""A part of a map: some claims and the reasons among them (no Qt).

Used to export or copy one branch: the claims asked for, every reason whose
target is among them and which keeps at least one of their premises, and the
undercutters of the reasons kept. Nothing outside the part is linked to, so
the part is a map of its own that validates and lays out like any other.
"""

from __future__ import annotations

from argmap.model import ArgumentMap


def submap(m: ArgumentMap, claim_ids: list[str] | set[str]) -> ArgumentMap:
    wanted = set(claim_ids)
    claims = [c for c in m.claims if c.id in wanted]
    reasons = [r for r in m.reasons if r.target in wanted and any(p in wanted for p in r.premises)]
    kept = {r.id for r in reasons}
    # undercutters (and their undercutters) of what is kept
    changed = True
    while changed:
        changed = False
        for r in m.reasons:
            if r.id not in kept and r.target in kept and any(p in wanted for p in r.premises):
                reasons.append(r)
                kept.add(r.id)
                changed = True
    order = {r.id: i for i, r in enumerate(m.reasons)}
    reasons.sort(key=lambda r: order[r.id])
    reasons = [r.model_copy(update={"premises": [p for p in r.premises if p in wanted]}) for r in reasons]
    title = f"{m.title} (part)" if m.title else "Part of a map"
    return m.model_copy(update={"claims": claims, "reasons": reasons, "title": title, "template": False})
