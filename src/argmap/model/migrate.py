"""One-shot migrations of maps written before a format addition.

``source:ID`` tags were how maps cited a source they did not quote before
claims had ``cites``; :func:`migrate_cites` turns them into cite entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .ops import Batch, Op, PutClaim
from .rules import SOURCE_TAG
from .schema import ArgMap, Cite


@dataclass
class CiteMigration:
    """What :func:`migrate_cites` would do: the operation (``None`` when
    nothing changes), the tags it removes as ``(claim, source)``, the cites
    it adds, and the ``(claim, tag)`` it leaves because they name no source."""

    op: Batch | None = None
    moved: list[tuple[str, str]] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)
    left: list[tuple[str, str]] = field(default_factory=list)


def migrate_cites(m: ArgMap) -> CiteMigration:
    """Turn each ``source:ID`` tag naming a source of ``m`` into a cite of
    that source (without a locator), and remove the tag.  A source the claim
    already cites or quotes gets no second cite (the tag still goes).  Tags
    naming no source are left as they are.  Annotations are not read: where
    the old tags' annotations give a page or paragraph, it is free text that
    the author must move into the cite's ``locator`` by hand."""
    result = CiteMigration()
    ops: list[Op] = []
    for cid, claim in m.claims.items():
        if not any(t.startswith(SOURCE_TAG) for t in claim.tags):
            continue
        cites = list(claim.cites)
        have = {c.source for c in cites} | ({claim.quote.source} if claim.quote else set())
        tags: list[str] = []
        for tag in claim.tags:
            sid = tag[len(SOURCE_TAG) :] if tag.startswith(SOURCE_TAG) else None
            if sid is None:
                tags.append(tag)
            elif sid not in m.sources:
                tags.append(tag)
                result.left.append((cid, tag))
            else:
                result.moved.append((cid, sid))
                if sid not in have:
                    cites.append(Cite(source=sid))
                    have.add(sid)
                    result.added.append((cid, sid))
        if tags != claim.tags:
            new = claim.model_copy(update={"tags": tags, "cites": cites})
            ops.append(PutClaim(cid, new, None, f"migrate cites of '{cid}'"))
    if ops:
        result.op = Batch(tuple(ops), "turn source tags into cites")
    return result
