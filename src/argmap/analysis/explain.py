"""Why a claim stands, falls or stays open, and where its strength comes from.

:func:`explain` reads an :class:`~.evaluation.Evaluation` (it computes no
labels of its own, so it always agrees with what is displayed) and returns an
:class:`Explanation`:

* ``out``: the attackers that are ``in`` and defeat it; for each, its answers
  and what defeats them in turn, or that nothing answers it; and the claims
  to answer to reinstate it (checked by re-evaluating the map with an
  unattacked answer to each);
* ``in``: each attacker and what defeats it (or, with preference semantics,
  that its attack does not succeed);
* ``undec``: the cycle of attacks it is caught in (or leads to it);
* the strength: base score, aggregated support and attack, the largest
  contributors.

The TUI shows :meth:`Explanation.one_line` under a claim's label and
:meth:`Explanation.lines` in full; :meth:`Explanation.names` are the claims
it can jump to; :meth:`Explanation.as_dict` is the JSON form.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, cast

from ..model import Kind
from .evaluation import Evaluation, Label, Links, _Net, aggregate, combine, evaluate, grounded
from .semantics import Semantics, caveats, defeats, tagged

if TYPE_CHECKING:  # the models or their light objects (model.fastcheck): no pydantic needed
    from ..model import ArgMap, Claim

#: The words a debater reads for each label; the technical one goes in brackets.
WORDS = {Label.IN: "stands", Label.OUT: "falls", Label.UNDEC: "open"}
#: How far the chain of answers is followed in the full explanation.
MAX_DEPTH = 6


def verdict(label: Label | None) -> str:
    """``"stands [in]"``, ``"falls [out]"``, ``"open [undec]"`` (``"withdrawn"`` for None)."""
    return "withdrawn" if label is None else f"{WORDS[label]} [{label.value}]"


@dataclass(frozen=True)
class Step:
    """One claim in the chain of defeats: its label and the claims under it
    (for an ``out`` claim, the ``in`` claims defeating it; for an ``in``
    claim, its attackers, all defeated or failing)."""

    claim: str
    label: Label
    under: tuple[Step, ...] = ()
    #: with preference semantics: the attack on the parent does not succeed
    fails: bool = False
    #: met before in this explanation: not expanded again
    again: bool = False

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {"claim": self.claim, "label": str(self.label)}
        if self.fails:
            d["attack_fails"] = True
        if self.again:
            d["see_above"] = True
        if self.under:
            d["under"] = [s.as_dict() for s in self.under]
        return d


@dataclass(frozen=True)
class Contributor:
    claim: str
    relation: str  # "support" or "attack"
    #: what it adds to the aggregate: its strength (attack), or its strength
    #: times what the undercuts of its link leave (support)
    value: float
    undercut_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class StrengthWhy:
    base: float
    support: float
    attack: float
    value: float
    contributors: tuple[Contributor, ...]  # largest first

    def line(self) -> str:
        s = f"{self.value:.3f} from base {self.base:.2f}"
        if self.support or self.attack:
            s += f", support {self.support:.2f}, attack {self.attack:.2f}"
        return s

    def as_dict(self) -> dict[str, object]:
        return {
            "base": self.base, "support": self.support, "attack": self.attack, "value": self.value,
            "contributors": [
                {"claim": c.claim, "relation": c.relation, "value": c.value,
                 **({"undercut_by": list(c.undercut_by)} if c.undercut_by else {})}
                for c in self.contributors
            ],
        }


@dataclass(frozen=True)
class Explanation:
    claim: str
    label: Label | None  # None: withdrawn in this evaluation
    semantics: Semantics
    #: out: the in attackers defeating it; in: its attackers (each defeated
    #: or failing); undec: empty
    chain: tuple[Step, ...] = ()
    #: out: claims to answer to reinstate it (empty when none was found)
    reinstate: tuple[str, ...] = ()
    #: undec: the attack cycle (each attacks the one before it) and, when
    #: the claim is not on it, the undecided attackers leading to it
    cycle: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    strength: StrengthWhy | None = None
    #: the caveat tags of the claim itself
    caveats: tuple[str, ...] = ()

    # -- forms ---------------------------------------------------------------------

    def reason(self) -> str:
        """Why it has its label, in one sentence (no claim text, ids in quotes)."""
        if self.label is None:
            return "withdrawn in this evaluation"
        if self.label is Label.UNDEC:
            if not self.cycle:
                return "open: caught in a cycle of attacks"
            lead = ""
            if self.via:
                lead = f"attacked by {_q(self.via[0])}, which is open; "
            odd = "odd: no consistent way to settle it" if len(self.cycle) % 2 else "even: either side could win it"
            return lead + f"caught in a cycle of attacks ({odd}): " + _cycle_text(self.cycle)
        if self.label is Label.IN:
            if not self.chain:
                return "nothing attacks it"
            parts = []
            for s in self.chain:
                if s.fails:
                    parts.append(f"{_q(s.claim)}'s attack fails (weaker base strength)")
                elif s.under:
                    parts.append(f"{_q(s.claim)} falls to {_and(_q(d.claim) for d in s.under)}")
                else:
                    parts.append(f"{_q(s.claim)} falls")
            return "every attack is answered: " + "; ".join(parts)
        parts = []
        for s in self.chain:
            answers = [a for a in s.under if not a.fails]
            if not s.under:
                parts.append(f"{_q(s.claim)} defeats it and nothing answers it")
            elif not answers:
                parts.append(f"{_q(s.claim)} defeats it; the attacks on it fail")
            else:
                fall = "; ".join(
                    f"{_q(a.claim)} falls to {_and(_q(d.claim) for d in a.under)}" if a.under
                    else f"{_q(a.claim)} falls" for a in answers
                )
                word = "answer falls" if len(answers) == 1 else "answers fall"
                parts.append(f"{_q(s.claim)} defeats it and its {word} ({fall})")
        return "; ".join(parts) or "defeated"

    def one_line(self) -> str:
        """The label in words and the reason, with what would reinstate it."""
        text = f"{verdict(self.label)}: {self.reason()}"
        if self.reinstate:
            text += f"; answer {_and(_q(c) for c in self.reinstate)} to reinstate it"
        return text

    def lines(self) -> list[str]:
        """The full explanation: the label and why, the chain, the strength."""
        out = [f"{self.claim}: {verdict(self.label)} ({self.semantics.description})"]
        if self.caveats:
            out.append("  caveat: tagged " + ", ".join(self.caveats))
        if self.label is None:
            return out
        out.append(f"  Why: {self.reason()}.")
        if self.chain:
            out.append("  Chain of attacks:")
            for s in self.chain:
                out += _step_lines(s, 2)
        if self.label is Label.OUT:
            if self.reinstate:
                out.append(f"  To reinstate it: answer {_and(_q(c) for c in self.reinstate)}.")
            else:
                out.append("  No single set of answers found that would reinstate it.")
        if self.strength is not None:
            out.append(f"  Strength: {self.strength.line()}")
            for c in self.strength.contributors:
                sign = "+" if c.relation == "support" else "-"
                cut = f" (undercut by {_and(_q(u) for u in c.undercut_by)})" if c.undercut_by else ""
                out.append(f"    {sign} {c.claim} {c.value:.3f}{cut}")
        return out

    def names(self) -> list[str]:
        """Every claim the explanation names, in order of appearance."""
        seen: dict[str, None] = {}

        def walk(s: Step) -> None:
            seen.setdefault(s.claim)
            for u in s.under:
                walk(u)

        for s in self.chain:
            walk(s)
        for c in (*self.reinstate, *self.via, *self.cycle):
            seen.setdefault(c)
        if self.strength:
            for k in self.strength.contributors:
                seen.setdefault(k.claim)
                for u in k.undercut_by:
                    seen.setdefault(u)
        seen.pop(self.claim, None)
        return list(seen)

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {
            "claim": self.claim,
            "label": None if self.label is None else str(self.label),
            "verdict": verdict(self.label).split(" [")[0],
            "semantics": str(self.semantics),
            "reason": self.reason(),
        }
        if self.chain:
            d["chain"] = [s.as_dict() for s in self.chain]
        if self.label is Label.OUT:
            d["reinstate"] = list(self.reinstate)
        if self.cycle:
            d["cycle"] = list(self.cycle)
            d["via"] = list(self.via)
        if self.strength is not None:
            d["strength"] = self.strength.as_dict()
        if self.caveats:
            d["caveats"] = list(self.caveats)
        return d


def _q(cid: str) -> str:
    return f"'{cid}'"


def _and(texts: Iterable[str]) -> str:
    items = list(texts)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _cycle_text(cycle: tuple[str, ...]) -> str:
    pairs = [f"{_q(cycle[(i + 1) % len(cycle)])} attacks {_q(c)}" for i, c in enumerate(cycle)]
    return ", ".join(pairs)


def _step_lines(s: Step, depth: int) -> list[str]:
    pad = "  " * depth
    if s.fails:
        what = "attacks, but its attack fails (the target's base strength is greater)"
    elif s.label is Label.IN:
        what = "stands [in]" + ("" if s.under else ", nothing answers it")
    else:
        what = "falls [out]"
    line = f"{pad}- {s.claim} {what}" + (" (see above)" if s.again else "")
    out = [line]
    for u in s.under:
        out += _step_lines(u, depth + 1)
    return out


# -- computing ---------------------------------------------------------------------


class _Related:
    """``claim id -> ids`` read off a :class:`Links` list when asked (nothing
    indexed again): ``get`` as a dict of the claims with any."""

    __slots__ = ("ids", "index", "lists")

    def __init__(self, links: Links, lists: list[list[int]]) -> None:
        self.ids, self.index, self.lists = links.ids, links.index, lists

    def get(self, cid: str, default: tuple[()] = ()) -> list[str] | tuple[()]:
        i = self.index.get(cid)
        if i is None or not (found := self.lists[i]):
            return default
        ids = self.ids
        return [ids[j] for j in found]


class _Cutters:
    """``(supporter, target) -> the ids undercutting that link``, as :class:`_Related`."""

    __slots__ = ("links",)

    def __init__(self, links: Links) -> None:
        self.links = links

    def get(self, link: tuple[str, str], default: tuple[()] = ()) -> list[str] | tuple[()]:
        index = self.links.index
        f, t = index.get(link[0]), index.get(link[1])
        if f is None or t is None or not (cut := self.links.cutters[t]) or not (found := cut.get(f)):
            return default
        ids = self.links.ids
        return [ids[j] for j in found]


class _View:
    """The attack relation of the evaluated claims, as the labels saw it."""

    def __init__(self, claims: Mapping[str, Claim], ev: Evaluation) -> None:
        self.claims = claims
        self.ev = ev
        links = ev.links if ev.links_of is claims else None
        if links is None:  # an evaluation of other claims, or made by hand: index them
            labels = ev.labels
            net = _Net({cid: c for cid, c in claims.items() if cid in labels})
            links = Links(net.ids, net.index, net.attackers, net.supporters, net.cutters)
        self.attackers = _Related(links, links.attackers)
        self.supporters = _Related(links, links.supporters)
        self.cutters = _Cutters(links)
        #: the evaluated claims' positions, in map order
        self.order = links.index

    def defeats(self, a: str, t: str) -> bool:
        return defeats(self.claims[a].strength, self.claims[t].strength, self.ev.semantics)

    def defeaters(self, t: str) -> list[str]:
        """The attackers of ``t`` that are in and defeat it."""
        lab = self.ev.labels
        return [a for a in self.attackers.get(t, ()) if lab[a] is Label.IN and self.defeats(a, t)]

    def step(self, cid: str, seen: set[str], depth: int, fails: bool = False) -> Step:
        label = self.ev.labels[cid]
        if cid in seen:
            return Step(cid, label, fails=fails, again=True)
        if depth >= MAX_DEPTH or fails:
            return Step(cid, label, fails=fails)
        seen.add(cid)
        if label is Label.OUT:
            under = tuple(self.step(d, seen, depth + 1) for d in self.defeaters(cid))
        elif label is Label.IN:
            under = tuple(
                self.step(a, seen, depth + 1, fails=not self.defeats(a, cid)) for a in self.attackers.get(cid, ())
            )
        else:
            under = ()
        return Step(cid, label, under, fails=fails)

    # claims to answer --------------------------------------------------------------

    #: calls left for the search below (it branches; dense maps must not blow it up)
    budget = 5000

    def to_bring_in(self, x: str, seen: frozenset[str]) -> set[str] | None:
        """Claims to answer so that ``x`` (out) is no longer defeated."""
        self.budget -= 1
        if self.budget < 0:
            return None
        need: set[str] = set()
        for d in self.defeaters(x):
            r = self.to_knock_out(d, seen | {x})
            if r is None:
                return None
            need |= r
        return need

    def to_knock_out(self, a: str, seen: frozenset[str]) -> set[str] | None:
        """Claims to answer so that ``a`` (in) falls: the smallest set found
        by bringing back one of its defeated answers, else ``a`` itself."""
        if a in seen:
            return None
        best: set[str] | None = None
        if len(seen) < MAX_DEPTH and self.budget > 0:
            for r in self.attackers.get(a, ()):
                if self.ev.labels[r] is not Label.OUT or not self.defeats(r, a):
                    continue
                got = self.to_bring_in(r, seen | {a})
                if got is not None and (best is None or len(got) < len(best)):
                    best = got
        return best if best else {a}

    # cycles --------------------------------------------------------------------------

    def undec_attackers(self, t: str) -> list[str]:
        lab = self.ev.labels
        return [a for a in self.attackers.get(t, ()) if lab[a] is Label.UNDEC and self.defeats(a, t)]

    def cycle_through(self, start: str) -> tuple[str, ...] | None:
        """The shortest cycle of undecided defeats through ``start``:
        ``(start, b, c)`` where ``b`` attacks ``start``, ``c`` attacks ``b`` and
        ``start`` attacks ``c``."""
        parent: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            y = queue.popleft()
            for a in self.undec_attackers(y):
                if a == start:
                    path = [y]
                    while parent[path[-1]] is not None:
                        path.append(parent[path[-1]])  # type: ignore[arg-type]
                    return tuple(reversed(path))
                if a not in parent:
                    parent[a] = y
                    queue.append(a)
        return None

    def cycle_for(self, x: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(cycle, via): the nearest attack cycle behind undecided ``x`` and the
        undecided attackers leading from ``x`` to it."""
        own = self.cycle_through(x)
        if own:
            return own, ()
        parent: dict[str, str | None] = {x: None}
        queue = deque([x])
        while queue:
            y = queue.popleft()
            for a in self.undec_attackers(y):
                if a in parent:
                    continue
                parent[a] = y
                cyc = self.cycle_through(a)
                if cyc:
                    via = [a]
                    while parent[via[-1]] not in (None, x):
                        via.append(parent[via[-1]])  # type: ignore[arg-type]
                    return cyc, tuple(reversed(via))
                queue.append(a)
        return (), ()

    # strength ------------------------------------------------------------------------

    def strength(self, cid: str, top: int) -> StrengthWhy:
        s = self.ev.strengths
        atts = [Contributor(a, "attack", s[a]) for a in self.attackers.get(cid, ())]
        sups = []
        for k in self.supporters.get(cid, ()):
            cut = tuple(self.cutters.get((k, cid), ()))
            keep = 1.0 - aggregate([s[u] for u in cut])
            sups.append(Contributor(k, "support", s[k] * keep, cut))
        va = aggregate([c.value for c in atts])
        vs = aggregate([c.value for c in sups])
        base = self.claims[cid].strength
        value = s.get(cid, combine(base, va, vs))
        biggest = sorted(sups, key=lambda c: -c.value)[:top] + sorted(atts, key=lambda c: -c.value)[:top]
        return StrengthWhy(base, vs, va, value, tuple(biggest))


class Explainer:
    """Explanations of many claims of one evaluation (the relations indexed once)."""

    def __init__(self, m: ArgMap | Mapping[str, Claim], ev: Evaluation) -> None:
        self.claims = m if isinstance(m, Mapping) else m.claims
        self.ev = ev
        self._view: _View | None = None
        self._cache: dict[tuple[str, int], Explanation] = {}

    def prepare(self) -> Explainer:
        """Index the relations now (done at the first explanation otherwise:
        most of a second at 100,000 claims), e.g. in a worker thread."""
        if self._view is None:
            self._view = _View(self.claims, self.ev)
        return self

    def __call__(self, cid: str, *, top: int = 2) -> Explanation:
        key = (cid, top)
        if key not in self._cache:
            if self._view is None:
                self._view = _View(self.claims, self.ev)
            self._view.budget = _View.budget
            self._cache[key] = _explain(self.claims, self.ev, cid, top, self._view)
        return self._cache[key]


def explain(m: ArgMap | Mapping[str, Claim], ev: Evaluation, cid: str, *, top: int = 2) -> Explanation:
    """Why ``cid`` has its label and strength in ``ev`` (an evaluation of ``m``);
    the strength names the ``top`` largest supports and attacks."""
    return Explainer(m, ev)(cid, top=top)


def _explain(claims: Mapping[str, Claim], ev: Evaluation, cid: str, top: int, v: _View) -> Explanation:
    claim = claims[cid]
    tags = tuple(c.tag for c in caveats(claim))
    label = ev.labels.get(cid)
    if label is None:
        return Explanation(cid, None, ev.semantics, caveats=tags)
    chain: tuple[Step, ...] = ()
    reinstate: tuple[str, ...] = ()
    cycle: tuple[str, ...] = ()
    via: tuple[str, ...] = ()
    if label is Label.OUT:
        seen = {cid}
        chain = tuple(v.step(d, seen, 1) for d in v.defeaters(cid))
        need = v.to_bring_in(cid, frozenset())
        if need and _reinstates(v, cid, need):
            reinstate = tuple(sorted((c for c in need if c in v.order), key=v.order.__getitem__))  # map order
        elif _reinstates(v, cid, set(v.defeaters(cid))):
            reinstate = tuple(v.defeaters(cid))
    elif label is Label.IN:
        seen = {cid}
        chain = tuple(v.step(a, seen, 1, fails=not v.defeats(a, cid)) for a in v.attackers.get(cid, ()))
    else:
        cycle, via = v.cycle_for(cid)
    return Explanation(cid, label, ev.semantics, chain, reinstate, cycle, via, v.strength(cid, top), tags)


class _Answer:
    """An unanswered rebuttal of the greatest strength: what :func:`grounded`
    reads of a claim (no model needed)."""

    __slots__ = ("attacks",)
    supports: tuple[str, ...] = ()
    undercuts: tuple[object, ...] = ()
    strength = 1.0

    def __init__(self, attacks: list[str]) -> None:
        self.attacks = attacks


def _reinstates(v: _View, cid: str, answer: set[str]) -> bool:
    """Whether an unanswered, strongest answer to each claim in ``answer``
    would bring ``cid`` in.  A label depends only on the claims with an
    attack path to it, so only those are labelled again."""
    if not answer:
        return False
    trial: dict[str, Claim] = {}
    todo = [cid]
    while todo:
        k = todo.pop()
        if k in trial:
            continue
        trial[k] = v.claims[k]
        todo += v.attackers.get(k, ())
    if not answer <= trial.keys():
        return False
    for i, a in enumerate(sorted(answer)):
        trial[f"answer|{i}"] = cast("Claim", _Answer([a]))
    return grounded(trial, v.ev.semantics)[cid] is Label.IN


# -- what rests on tagged claims ------------------------------------------------------


@dataclass(frozen=True)
class Dependence:
    """How a claim fares without the claims carrying a tag."""

    claim: str
    before: Label
    after: Label | None
    before_strength: float
    after_strength: float | None
    #: the tagged claims that change its label each on their own
    each: tuple[str, ...] = field(default=())
    #: the tagged claims its explanation names (its reason rests on them)
    named: tuple[str, ...] = field(default=())

    @property
    def label_changes(self) -> bool:
        return self.after is not self.before


def depends_on_tag(
    m: ArgMap, ev: Evaluation, tag: str, claims: list[str] | None = None, *, digits: int = 3, singly: int = 60,
    explainer: Explainer | None = None,
) -> list[Dependence]:
    """For each of ``claims`` (by default the conclusions) whose label or
    strength (at ``digits`` decimals) changes when every claim tagged ``tag``
    is withdrawn, or whose explanation names such a claim: how.  With at most
    ``singly`` tagged claims, also which change the label on their own."""
    gone = [c for c in tagged(m, [tag]) if c in ev.labels]
    if not gone:
        return []
    present = {k: c for k, c in m.claims.items() if k in ev.labels}
    if claims is None:
        claims = [k for k, c in present.items() if c.kind is Kind.CONCLUSION]
    claims = [k for k in claims if k in ev.labels and k not in gone]
    after = evaluate(present, gone, semantics=ev.semantics)
    gone_set = set(gone)
    why = explainer or Explainer(m, ev)
    out: dict[str, Dependence] = {}
    for k in claims:
        named = tuple(c for c in why(k).names() if c in gone_set)
        b, a = ev.strengths[k], after.strengths.get(k)
        moved = after.labels.get(k) is not ev.labels[k] or f"{b:.{digits}f}" != f"{a:.{digits}f}"
        if moved or named:
            out[k] = Dependence(k, ev.labels[k], after.labels.get(k), b, a, (), named)
    flipped = [k for k, d in out.items() if d.label_changes]
    if flipped and len(gone) <= singly:
        for g in gone:
            labels = evaluate(present, [g], semantics=ev.semantics).labels
            for k in flipped:
                if labels.get(k) is not ev.labels[k]:
                    out[k] = replace(out[k], each=(*out[k].each, g))
    return list(out.values())
