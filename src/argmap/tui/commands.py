"""Command palette provider: go to any claim by id, text or tag."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from .style import one_line


class ClaimCommands(Provider):
    """"Go to" hits for the claims of the open map."""

    def _claims(self):  # noqa: ANN202
        app = self.app
        doc = getattr(app, "doc", None)
        return [] if doc is None else list(doc.map.claims.items())

    async def discover(self) -> Hits:
        for cid, claim in self._claims()[:20]:
            yield DiscoveryHit(
                Text(f"Go to {cid}"), partial(self.app.action_select_claim, cid), help=one_line(claim.text)[:80]
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cid, claim in self._claims():
            haystack = f"Go to {cid} {one_line(claim.text)} {' '.join(claim.tags)}"
            score = matcher.match(haystack)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(f"Go to {cid}"),
                    partial(self.app.action_select_claim, cid),
                    help=one_line(claim.text)[:80],
                )
