"""How the labels are computed, what is left out, and which claims carry a caveat.

* :class:`Semantics`: **grounded** (Dung 1995) over every attack, or
  **preference**-based (Amgoud & Cayrol 2002, as in ASPIC+): an attack from
  ``a`` on ``b`` succeeds as a defeat unless ``b``'s base strength is strictly
  greater than ``a``'s, and the grounded labelling is taken over the
  successful defeats.  Undercuts hit links, not claims, and take no part in
  either.
* :class:`EvalOptions`: the semantics plus the claims (by id or by tag) to
  evaluate the map without; the CLI, the exports and the TUI share it.
* :data:`CAVEATS`: the tags that mark a claim as unverified, rhetoric or an
  unstated assumption, with the marker every view shows for them.

This module imports nothing from :mod:`.evaluation` at import time (that
module imports :class:`Semantics` from here).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models or their light objects (model.fastcheck): no pydantic needed
    from ..model import ArgMap, Claim
    from .evaluation import Evaluation


class Semantics(StrEnum):
    GROUNDED = "grounded"
    PREFERENCE = "preference"

    @property
    def description(self) -> str:
        if self is Semantics.GROUNDED:
            return "grounded semantics: every attack counts"
        return ("preference-based semantics: an attack counts only if the attacked claim's base "
                "strength is not greater than the attacker's")


def defeats(attacker_base: float, target_base: float, semantics: Semantics) -> bool:
    """Whether an attack succeeds as a defeat under ``semantics``."""
    return semantics is Semantics.GROUNDED or not target_base > attacker_base


def successful(attacks: Sequence[Sequence[int]], base: Sequence[float], semantics: Semantics) -> list[list[int]]:
    """``attacks`` (index lists) keeping only the attacks that defeat."""
    if semantics is Semantics.GROUNDED:
        return [list(out) for out in attacks]
    return [[t for t in out if not base[t] > base[a]] for a, out in enumerate(attacks)]


def tagged(claims: Mapping[str, Claim] | ArgMap, tags: Collection[str]) -> list[str]:
    """The claims carrying any of ``tags``, in map order."""
    claims = claims if isinstance(claims, Mapping) else claims.claims
    wanted = set(tags)
    return [cid for cid, c in claims.items() if wanted.intersection(c.tags)] if wanted else []


@dataclass(frozen=True)
class EvalOptions:
    """How to evaluate a map: the semantics and what to leave out."""

    semantics: Semantics = Semantics.GROUNDED
    without: tuple[str, ...] = ()
    without_tags: tuple[str, ...] = ()

    def withdrawn(self, m: ArgMap | Mapping[str, Claim]) -> list[str]:
        """The ids evaluated as withdrawn: ``without``, then every claim with a ``without_tags`` tag."""
        return list(dict.fromkeys([*self.without, *tagged(m, self.without_tags)]))

    def evaluate(self, m: ArgMap | Mapping[str, Claim]) -> Evaluation:
        from .evaluation import evaluate

        return evaluate(m, self.withdrawn(m), semantics=self.semantics)

    def describe(self) -> str:
        """One line: the semantics and what is left out (for headers of reports)."""
        parts = [self.semantics.description]
        if self.without:
            parts.append("without " + ", ".join(f"'{c}'" for c in self.without))
        if self.without_tags:
            parts.append("without the claims tagged " + ", ".join(f"'{t}'" for t in self.without_tags))
        return "; ".join(parts)


@dataclass(frozen=True)
class Caveat:
    tag: str
    mark: str
    word: str
    meaning: str

    def legend(self) -> str:
        return f"{self.mark} {self.word}: {self.meaning}"


#: Tags that put a caveat on a claim, in the order markers are shown.
CAVEATS: dict[str, Caveat] = {
    c.tag: c
    for c in (
        Caveat("needs-check", "⚑", "unverified", "tagged needs-check, the sources do not confirm it"),
        Caveat("rhetoric", "❝", "rhetoric", "persuades without evidence"),
        Caveat("implicit", "◌", "implicit", "an unstated assumption the argument needs"),
    )
}


def caveats(claim: Claim) -> list[Caveat]:
    """The caveats a claim carries (by its tags), in :data:`CAVEATS` order."""
    tags = set(claim.tags)
    return [c for tag, c in CAVEATS.items() if tag in tags]


def caveat_marks(claim: Claim) -> str:
    """The markers as one short string, e.g. ``"⚑ unverified"`` ('' for none)."""
    return ", ".join(f"{c.mark} {c.word}" for c in caveats(claim))
