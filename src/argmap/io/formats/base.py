"""What every interchange reader shares: a builder that collects claims and
relations as a foreign file states them, and turns them into a valid
argmap/1 map (ids, kinds, relations argmap cannot hold reported as warnings).

Readers never raise for bad input: they return ``(map or None, diagnostics)``
with ``FILE:LINE:COL: severity: message`` diagnostics.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from ...model import ArgMap, Severity
from ...model.messages import describe, validation_problems
from ...model.rules import check
from ..loader import Diagnostic


class ReadError(Exception):
    """Input a reader cannot make a map of; ``line`` is where it is."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Interchange:
    """One foreign format argmap reads (and maybe writes)."""

    name: str
    label: str
    #: File suffixes that mean this format; the first is the one written.
    suffixes: tuple[str, ...]
    #: Whether ``text`` looks like this format (used when the suffix does not tell).
    sniff: Callable[[str], bool]
    #: ``read(text, path) -> (map or None, diagnostics)``; None when it cannot be read.
    read: Callable[[str, str], tuple[ArgMap | None, list[Diagnostic]]] | None
    #: ``write(map) -> text``; None when argmap does not write the format.
    write: Callable[[ArgMap], str] | None


_NOT_ID = re.compile(r"[^A-Za-z0-9_.-]+")


def slug(text: str, limit: int = 40) -> str:
    """A readable id made of ``text``: ASCII letters, digits, ``-`` and ``_``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    s = _NOT_ID.sub("-", ascii_text.lower()).strip("-._")
    s = s[:limit].rstrip("-._")
    return s


@dataclass
class _Claim:
    text: str
    line: int
    tags: list[str] = field(default_factory=list)
    quote: dict[str, Any] | None = None
    annotations: list[dict[str, Any]] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    attacks: list[str] = field(default_factory=list)
    undercuts: list[tuple[str, str]] = field(default_factory=list)
    lines: dict[tuple[str, str], int] = field(default_factory=dict)


class Builder:
    """Collects claims and relations in file order; :meth:`finish` makes the map."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.claims: dict[str, _Claim] = {}
        self.diagnostics: list[Diagnostic] = []
        self.sources: dict[str, dict[str, Any]] = {}
        self._taken: set[str] = set()

    # -- diagnostics ---------------------------------------------------------

    def warn(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, 1, Severity.WARNING, message))

    def error(self, line: int, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, line, 1, Severity.ERROR, message))

    # -- claims ----------------------------------------------------------------

    def new_id(self, hint: str, fallback: str = "claim") -> str:
        """A fresh id made of ``hint`` (slugged), unique in this map."""
        base = slug(hint) or fallback
        cid, n = base, 2
        while cid in self._taken:
            cid = f"{base}-{n}"
            n += 1
        self._taken.add(cid)
        return cid

    def add(self, cid: str, text: str, line: int, **extra: Any) -> str:
        text = text if text.strip() else "(no text)"
        self.claims[cid] = _Claim(text, line, **extra)
        self._taken.add(cid)
        return cid

    def add_claim(self, text: str, line: int, *, hint: str | None = None, **extra: Any) -> str:
        return self.add(self.new_id(hint if hint is not None else text), text, line, **extra)

    # -- relations -------------------------------------------------------------

    def support(self, frm: str, to: str, line: int) -> None:
        self._relate("supports", frm, to, line)

    def attack(self, frm: str, to: str, line: int) -> None:
        self._relate("attacks", frm, to, line)

    def undercut(self, frm: str, link: tuple[str, str], line: int) -> None:
        c = self.claims[frm]
        if link not in c.undercuts:
            c.undercuts.append(link)
            c.lines[("undercut", f"{link[0]}>{link[1]}")] = line

    def _relate(self, what: str, frm: str, to: str, line: int) -> None:
        if frm == to:
            self.warn(line, f"a claim cannot {what[:-1]} itself; relation left out")
            return
        c = self.claims[frm]
        targets = getattr(c, what)
        if to in targets:
            return  # stated twice: one relation
        other = c.attacks if what == "supports" else c.supports
        if to in other:
            self.warn(
                line,
                f"'{frm}' both supports and attacks '{to}', which argmap cannot hold; "
                f"kept the first ({'attack' if what == 'supports' else 'support'}), left out this one",
            )
            return
        targets.append(to)
        c.lines[(what, to)] = line

    # -- the map -----------------------------------------------------------------

    def finish(self, title: str, description: str | None = None) -> tuple[ArgMap | None, list[Diagnostic]]:
        if not self.claims:
            self.error(1, "no claims found; is this the right format? (give --from to choose one)")
            return None, self.diagnostics
        self._break_support_cycles()
        self._check_undercuts()
        kinds = self._kinds()
        claims: dict[str, dict[str, Any]] = {}
        for cid, c in self.claims.items():
            body: dict[str, Any] = {"kind": kinds[cid], "text": c.text}
            if c.supports:
                body["supports"] = c.supports
            if c.attacks:
                body["attacks"] = c.attacks
            if c.undercuts:
                body["undercuts"] = [{"from": a, "to": b} for a, b in c.undercuts]
            if c.quote:
                body["quote"] = c.quote
            if c.tags:
                body["tags"] = list(dict.fromkeys(c.tags))
            if c.annotations:
                body["annotations"] = c.annotations
            claims[cid] = body
        raw: dict[str, Any] = {"argmap": 1, "title": title.strip() or "Imported map", "claims": claims}
        if description and description.strip():
            raw["description"] = description.strip()
        if self.sources:
            raw["sources"] = self.sources
        try:
            m = ArgMap.model_validate(raw)
        except ValidationError as e:  # text argmap refuses, e.g. control characters
            for p in validation_problems(e):
                line = self._line_of(p.loc)
                self.error(line, describe(p.loc, p.message))
            return None, self._sorted()
        problems = [p for p in check(m.claims, m.sources) if p.is_error]
        for p in problems:  # pragma: no cover - the builder keeps the rules
            self.error(self._line_of(p.loc), describe(p.loc, p.message))
        return (None if problems else m), self._sorted()

    def _sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=lambda d: (d.line, d.severity != Severity.ERROR))

    def _line_of(self, loc: tuple[object, ...]) -> int:
        if len(loc) >= 2 and loc[0] == "claims" and loc[1] in self.claims:
            return self.claims[loc[1]].line
        return 1

    def _break_support_cycles(self) -> None:
        """argmap forbids cycles of supports: leave out the support that closes
        each cycle, with a warning."""
        white, grey, black = 0, 1, 2
        colour = dict.fromkeys(self.claims, white)
        for start in self.claims:
            if colour[start] != white:
                continue
            colour[start] = grey
            stack = [(start, 0)]
            while stack:
                node, i = stack[-1]
                sup = self.claims[node].supports
                if i >= len(sup):
                    colour[node] = black
                    stack.pop()
                    continue
                nxt = sup[i]
                state = colour.get(nxt)
                if state == grey:
                    line = self.claims[node].lines.get(("supports", nxt), self.claims[node].line)
                    self.warn(line, f"'{node}' supports '{nxt}' closes a cycle of supports, which argmap "
                              "cannot hold; this support is left out")
                    del sup[i]
                    continue
                stack[-1] = (node, i + 1)
                if state == white:
                    colour[nxt] = grey
                    stack.append((nxt, 0))

    def _check_undercuts(self) -> None:
        for cid, c in self.claims.items():
            kept = []
            for a, b in c.undercuts:
                if a == cid or a not in self.claims or b not in self.claims[a].supports:
                    line = c.lines.get(("undercut", f"{a}>{b}"), c.line)
                    if b in self.claims and b != cid and b not in c.supports and b not in c.attacks:
                        self.warn(line, f"'{cid}' undercuts a link '{a}' -> '{b}' that is not a support; "
                                  f"imported as an attack on '{b}'")
                        c.attacks.append(b)
                    else:
                        self.warn(line, f"'{cid}' undercuts a link '{a}' -> '{b}' that is not a support; left out")
                    continue
                kept.append((a, b))
            c.undercuts = kept

    def _kinds(self) -> dict[str, str]:
        """Roots are conclusions, supporters premises (evidence with a quote),
        attackers counterpoints, or rebuttals when they argue for a root
        (sides spread as in evaluation: a supporter takes its target's side,
        an attacker or undercutter the opposite)."""
        supporters: dict[str, list[str]] = {}
        attackers: dict[str, list[str]] = {}
        for cid, c in self.claims.items():
            for t in c.supports:
                supporters.setdefault(t, []).append(cid)
            for t in c.attacks:
                attackers.setdefault(t, []).append(cid)
            for a, _b in c.undercuts:
                attackers.setdefault(a, []).append(cid)
        bits = dict.fromkeys(self.claims, 0)
        roots = [cid for cid, c in self.claims.items() if not (c.supports or c.attacks or c.undercuts)]
        for start in (*roots, *self.claims):
            if bits[start]:
                continue
            work = [(start, 0)]
            while work:
                cid, con = work.pop()
                bit = 2 if con else 1
                if bits[cid] & bit:
                    continue
                bits[cid] |= bit
                work.extend((k, con) for k in supporters.get(cid, ()))
                work.extend((k, 1 - con) for k in attackers.get(cid, ()))
        kinds = {}
        for cid, c in self.claims.items():
            if c.supports:
                kinds[cid] = "evidence" if c.quote else "premise"
            elif c.attacks or c.undercuts:
                kinds[cid] = "rebuttal" if bits[cid] == 1 else "counterpoint"
            else:
                kinds[cid] = "conclusion"
        return kinds
