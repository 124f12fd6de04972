"""Command palette provider: go to any claim by id, text or tag."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from .style import one_line


def _help(text: str) -> Content:
    """A hit's help line: the palette reads a str there as markup, Content never."""
    return Content(one_line(text)[:80])


def _highlight(matcher: Matcher, candidate: str) -> Content:
    """``candidate`` with the matched characters in the palette's highlight
    style, as plain text: ``Matcher.highlight`` parses ``candidate`` as markup."""
    out = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if score:
        for offset in offsets:
            if not candidate[offset].isspace():
                out = out.stylize(matcher.match_style, offset, offset + 1)
    return out


class ClaimCommands(Provider):
    """"Go to" hits for the claims of the open map."""

    def _claims(self):
        app = self.app
        doc = getattr(app, "doc", None)
        return [] if doc is None else list(doc.map.claims.items())

    async def discover(self) -> Hits:
        for cid, claim in self._claims()[:20]:
            yield DiscoveryHit(
                Text(f"Go to {cid}"), partial(self.app.action_select_claim, cid), help=_help(claim.text)  # type: ignore[arg-type]
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for cid, claim in self._claims():
            haystack = f"Go to {cid} {one_line(claim.text)} {' '.join(claim.tags)}"
            score = matcher.match(haystack)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(matcher, f"Go to {cid}"),
                    partial(self.app.action_select_claim, cid),
                    text=f"Go to {cid}",
                    help=_help(claim.text),  # type: ignore[arg-type]
                )
