"""Rules that span claims: references, kinds, cycles, links, source paths.

These run after each claim has been validated on its own.  They also run on
a partial map (when some claims failed validation): ids that exist in the
document but did not validate are passed in ``known_claims`` so that
references to them are not reported as unknown.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from .fields import ATTACKING_KINDS, LABEL_MAX_WORDS, SUPPORTING_KINDS
from .problems import Problem, Severity
from .text import inert

if TYPE_CHECKING:
    from .schema import Claim, Source

#: The tag prefix of the citations argmap/1 had before ``cites`` (``source:ID``).
SOURCE_TAG = "source:"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the closest choice, or ``""``.

    Only choices of about the same length are compared, so that thousands of
    unknown references in a large map stay fast."""
    n = len(word)
    near = [c for c in choices if abs(len(c) - n) <= max(2, n // 4)]
    close = difflib.get_close_matches(word, near, n=1, cutoff=0.75)
    return f" (did you mean '{inert(close[0])}'?)" if close else ""


#: Most ids compared when suggesting one for an unknown reference.
_MAX_NEAR = 10_000


_ID_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"


def _one_edit_away(word: str, choices: AbstractSet[str]) -> str | None:
    """A choice one deletion, swap, change or insertion away from ``word``,
    found by set lookups (about 130 per character), however many choices."""
    n = len(word)
    for i in range(n):
        if (w := word[:i] + word[i + 1 :]) in choices:
            return w
    for i in range(n - 1):
        if (w := word[:i] + word[i + 1] + word[i] + word[i + 2 :]) in choices:
            return w
    for i in range(n + 1):
        for ch in _ID_CHARS:
            if i < n and (w := word[:i] + ch + word[i + 1 :]) in choices and w != word:
                return w
            if (w := word[:i] + ch + word[i:]) in choices:
                return w
    return None


def unsafe_source_path(path: str) -> str | None:
    """Why a source ``file`` path is refused, judged on its text alone."""
    if not path.strip():
        return "is empty"
    if PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute() or (
        PureWindowsPath(path).drive
    ):
        return "is absolute; give a path relative to the map's folder"
    depth = 0
    for part in path.replace("\\", "/").split("/"):
        if part == "..":
            depth -= 1
            if depth < 0:
                return "leaves the map's folder; keep source files inside it"
        elif part not in ("", "."):
            depth += 1
    return None


def check(
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    known_claims: Iterable[str] | None = None,
    known_sources: Iterable[str] | None = None,
    *,
    cycles: bool = True,
    lookup: Mapping[str, Claim] | None = None,
) -> list[Problem]:
    """All cross-claim problems of a map, in document order (``cycles``:
    with the cycles of supports; ``lookup``: where other claims are found,
    when ``claims`` is part of a map).

    References in validated claims are ids (``ID_PATTERN``), safe to print
    as they are; other text from the map goes through :func:`inert`."""
    known_c: AbstractSet[str]
    if isinstance(known_claims, Mapping) and all(cid in known_claims for cid in claims):
        known_c = known_claims.keys()  # part of a map checked against all of it: no copy of its ids
    else:
        known_c = set(claims) if known_claims is None else set(known_claims) | set(claims)
    known_s = set(sources) if known_sources is None else set(known_sources) | set(sources)
    problems: list[Problem] = []
    add = problems.append
    budget = [50]  # suggestions are costly; a map with thousands of bad ids gets the first 50
    by_len: dict[int, dict[int, list[str]]] = {}  # id(choices) -> length -> choices

    def hint(word: str, choices: AbstractSet[str]) -> str:
        if budget[0] <= 0:
            return ""
        budget[0] -= 1
        if len(choices) <= _MAX_NEAR:
            return did_you_mean(word, choices)
        # a large map: compare with the ids of about the same length, if few enough
        index = by_len.get(id(choices))
        if index is None:
            index = by_len[id(choices)] = {}
            for c in choices:
                index.setdefault(len(c), []).append(c)
        n = len(word)
        spread = max(2, n // 4)
        near = [c for k in range(n - spread, n + spread + 1) for c in index.get(k, ())]
        if len(near) <= _MAX_NEAR:
            return did_you_mean(word, near)
        close = _one_edit_away(word, choices)  # too many to compare: look up one-letter typos
        return f" (did you mean '{close}'?)" if close else ""

    for sid, src in sources.items():
        if src.file is not None and (why := unsafe_source_path(src.file)):
            add(Problem(("sources", sid, "file"), f"source file '{inert(src.file)}' {why}"))

    for cid, claim in claims.items():
        base = ("claims", cid)
        both = set(claim.supports) & set(claim.attacks)
        for i, target in enumerate(claim.attacks):
            if target in both:
                add(Problem((*base, "attacks", i), f"'{target}' is both supported and attacked by this claim"))
        for field in ("supports", "attacks"):
            seen: set[str] = set()
            for i, target in enumerate(getattr(claim, field)):
                loc = (*base, field, i)
                if target == cid:
                    verb = "support" if field == "supports" else "attack"
                    add(Problem(loc, f"a claim cannot {verb} itself"))
                elif target not in known_c:
                    add(Problem(loc, f"unknown claim '{target}'{hint(target, known_c)}"))
                if target in seen:
                    add(Problem(loc, f"'{target}' is listed twice"))
                seen.add(target)
        for i, link in enumerate(claim.undercuts):
            loc = (*base, "undercuts", i)
            missing = False
            for end, ref in (("from", link.from_), ("to", link.to)):
                if ref not in known_c:
                    missing = True
                    add(Problem((*loc, end), f"unknown claim '{ref}'{hint(ref, known_c)}"))
            if missing:
                continue
            if link.from_ == cid:
                add(Problem(loc, "a claim cannot undercut its own supports link"))
                continue
            source_claim = (claims if lookup is None else lookup).get(link.from_)
            if source_claim is not None and link.to not in source_claim.supports:
                add(
                    Problem(
                        loc,
                        f"undercuts the link '{link.from_}' -> '{link.to}', but "
                        f"'{link.from_}' does not support '{link.to}'; "
                        f"an undercut attacks an existing supports link",
                    )
                )
        if claim.quote is not None and claim.quote.source not in known_s:
            ref = claim.quote.source
            why = hint(ref, known_s) or ("; add it under 'sources'" if not known_s else "")
            add(Problem((*base, "quote", "source"), f"unknown source '{ref}'{why}"))
        cited: set[tuple[str, str | None]] = set()
        for i, cite in enumerate(claim.cites):
            loc = (*base, "cites", i)
            if cite.source not in known_s:
                why = hint(cite.source, known_s) or ("; add it under 'sources'" if not known_s else "")
                add(Problem((*loc, "source"), f"unknown source '{cite.source}'{why}"))
            if (cite.source, cite.locator) in cited:
                add(Problem(loc, f"the cite of '{cite.source}' is listed twice"))
            cited.add((cite.source, cite.locator))
        if claim.label is not None and (n := len(claim.label.split())) > LABEL_MAX_WORDS:
            add(
                Problem(
                    (*base, "label"),
                    f"the label has {n} words; a label is a short tag (about ten words): "
                    "shorten it, the claim's text holds the rest",
                    Severity.WARNING,
                )
            )
        for i, tag in enumerate(claim.tags):
            if tag.startswith(SOURCE_TAG) and (ref := tag[len(SOURCE_TAG) :]) not in known_s:
                add(
                    Problem(
                        (*base, "tags", i),
                        f"the tag '{inert(tag)}' names no source{hint(ref, known_s)}; citations are "
                        "'cites: [{source: ID}]' (argmap fmt --migrate-cites turns source tags into cites)",
                        Severity.WARNING,
                    )
                )
        if claim.kind in SUPPORTING_KINDS and not claim.supports:
            add(
                Problem(
                    (*base, "kind"),
                    f"a claim of kind {claim.kind} must support some claim: add 'supports: [ID]'",
                )
            )
        if claim.kind in ATTACKING_KINDS and not claim.attacks and not claim.undercuts:
            add(
                Problem(
                    (*base, "kind"),
                    f"a claim of kind {claim.kind} must attack or undercut some claim: "
                    "add 'attacks: [ID]' or 'undercuts: [{from: ID, to: ID}]'",
                )
            )

    if cycles:
        problems.extend(_support_cycles(claims))
    return problems


def check_touched(
    claims: Mapping[str, Claim],
    sources: Mapping[str, Source],
    touched: Iterable[str],
    before: Mapping[str, Claim | None],
) -> list[Problem]:
    """The cross-claim problems an edit of the claims ``touched`` can have
    made, on a map that had none before: the same as :func:`check` reports
    for them, found without looking at the rest of a large map.

    ``before`` holds each touched claim as it was (``None``: it was new).
    Checked again: the touched claims; the claims that refer to one that was
    deleted or whose supports changed (their references and undercuts); and
    the supports cycles through a touched claim (every new cycle goes through
    a claim whose supports changed, and stays among the claims reachable
    from it)."""
    touched = set(touched)
    gone_or_moved = {
        cid for cid in touched
        if (new := claims.get(cid)) is None or (old := before.get(cid)) is None or old.supports != new.supports
    }
    again = {cid for cid in touched if cid in claims}
    if gone_or_moved:
        for cid, c in claims.items():
            if cid in again:
                continue
            if (
                not gone_or_moved.isdisjoint(c.supports)
                or not gone_or_moved.isdisjoint(c.attacks)
                or any(u.from_ in gone_or_moved or u.to in gone_or_moved for u in c.undercuts)
            ):
                again.add(cid)
    # in document order; a few claims of a large map: by id (no walk over the map)
    subset = (
        {cid: claims[cid] for cid in sorted(again)} if len(again) * 50 < len(claims)
        else {cid: c for cid, c in claims.items() if cid in again}
    )
    problems = check(subset, sources, known_claims=claims, cycles=False, lookup=claims)
    # supports cycles: among the claims reachable through supports from a changed one
    reach: set[str] = set()
    stack = [cid for cid in gone_or_moved if cid in claims]
    while stack:
        cid = stack.pop()
        if cid in reach:
            continue
        reach.add(cid)
        stack.extend(t for t in claims[cid].supports if t in claims and t not in reach)
    if reach:
        problems.extend(_support_cycles({cid: c for cid, c in claims.items() if cid in reach}))
    return problems


def _support_cycles(claims: Mapping[str, Claim]) -> list[Problem]:
    """One problem per cycle of supports (self-support is reported elsewhere)."""
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(claims, white)
    problems: list[Problem] = []
    for start in claims:
        if colour[start] != white:
            continue
        colour[start] = grey
        path = [start]
        stack = [(start, iter(enumerate(claims[start].supports)))]
        while stack:
            node, edges = stack[-1]
            for i, nxt in edges:
                state = colour.get(nxt)
                if state is None or nxt == node:
                    continue  # unknown or self: reported by check()
                if state == grey:
                    cycle = path[path.index(nxt) :] + [nxt]
                    shown = " -> ".join(f"'{inert(c)}'" for c in cycle)
                    problems.append(
                        Problem(
                            ("claims", node, "supports", i),
                            f"cycle of supports: {shown}; a claim cannot support itself, "
                            "even through others",
                        )
                    )
                elif state == white:
                    colour[nxt] = grey
                    path.append(nxt)
                    stack.append((nxt, iter(enumerate(claims[nxt].supports))))
                    break
            else:
                colour[node] = black
                path.pop()
                stack.pop()
    return problems
