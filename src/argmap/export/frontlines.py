"""Frontlines as a document: for a side, each argument of the other side
(holes first) with the prepared answers as cards and the time they take."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..analysis.evaluation import Evaluation, Side
from ..analysis.frontlines import Answer, Block, frontlines
from ..analysis.semantics import CAVEATS
from ..analysis.timing import DEFAULT_WPM, timed
from .cards import card, has_marks

if TYPE_CHECKING:  # the models or a map's light objects (model.fastcheck): no pydantic at run time
    from ..model import ArgMap

#: A block's heading gives at most this many words of the argument's tag (the rest follows in full).
HEADING_WORDS = 16

STATUS = {
    "unanswered": "HOLE: no answer prepared",
    "weakened": "HOLE: answered but still standing",
    "answers fall": "HOLE: every prepared answer falls to a reply",
    "contested": "HOLE: contested (caught in a cycle of attacks)",
    "answered": "answered",
}


@dataclass
class Render:
    """Markdown for frontline blocks.  ``cut`` 1 cuts marked quotes to their
    marked part (``shortened`` collects those claims), 2 also leaves out the
    quotes without marks (``dropped``)."""

    m: ArgMap
    ev: Evaluation
    side: Side
    wpm: int = DEFAULT_WPM
    cut: int = 0
    shortened: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def status(self, cid: str) -> str:
        from .brief import LABEL_MARK

        return f"{LABEL_MARK[self.ev.labels[cid]]}, strength {self.ev.strengths[cid]:.2f}"

    def block_words(self, b: Block) -> int:
        """Words this side reads in the block: its answers' cards."""
        mine = [c for c in b.claims()[1:] if self.ev.sides.get(c) in (self.side, Side.MIXED)]
        return sum(self.words(c) for c in dict.fromkeys(mine))

    def words(self, cid: str) -> int:
        """Words read aloud for a card as this render prints it (a quote left out is not read)."""
        k = card(self.m, cid)
        if self.cut >= 2 and k.quote is not None and not has_marks(k.quote):
            return replace(k, quote=None).words
        return k.words

    def card_lines(self, cid: str, indent: str) -> list[str]:
        k = card(self.m, cid)
        self.used.update(c.tag for c in k.caveats)
        short = self.cut >= 1 and k.quote is not None and has_marks(k.quote)
        if short:
            self.shortened.append(cid)
        elif self.cut >= 2 and k.quote is not None:
            self.dropped.append(cid)
            k = replace(k, quote=None)
        lines = k.markdown(self.wpm, level=0, full=False, short_quote=short, with_id=False)
        head = lines[0]
        rest = [ln for ln in lines[1:-1] if ln.strip()]
        marks = f" · **{k.marks()}**" if k.caveats else ""
        return [f"{head} (`{cid}`; {self.status(cid)}{marks})", *rest]

    def answer(self, a: Answer, depth: int) -> list[str]:
        pad = "  " * depth
        mine = self.ev.sides.get(a.claim) in (self.side, Side.MIXED)
        who = a.how if mine else "they reply"
        if a.again:
            return [f"{pad}- *{who}*: `{a.claim}` (see above)"]
        body = self.card_lines(a.claim, pad + "  ")
        out = [f"{pad}- *{who}*: {body[0]}"]
        out += [f"{pad}  {ln}" for ln in body[1:]]
        for r in a.replies:
            out += self.answer(r, depth + 1)
        return out

    def block(self, b: Block, level: int = 4) -> list[str]:
        from .brief import md, md_line

        k = card(self.m, b.argument)
        hole = "⚠ " if b.hole else ""
        words = k.tag.split()
        long = len(words) > HEADING_WORDS
        head = " ".join(words[:HEADING_WORDS]) + " …" if long else k.tag
        out = [f"{'#' * level} {hole}{md_line(head)}", ""]
        hits = []
        for verb, t in b.hits:
            if verb == "undercuts":
                s, to = t.split(" -> ")
                hits.append(f"undercuts `{s}` → `{to}`")
            else:
                hits.append(f"attacks `{t}`")
        out.append(f"**{STATUS[b.status]}** · `{b.argument}` {self.m.claims[b.argument].kind.value}, "
                   f"{', '.join(hits)} · {self.status(b.argument)}"
                   + (f" · **{k.marks()}**" if k.caveats else ""))
        self.used.update(c.tag for c in k.caveats)
        out.append("")
        if long:  # the heading was cut: the argument in full
            out += [md(k.tag) + "  "]
        their = self.card_lines(b.argument, "")[1:]
        if their:
            out += [*their, ""]
        if b.answers:
            out.append(f"Answers ({timed(self.block_words(b), self.wpm)}):")
            out.append("")
            for a in b.answers:
                out += self.answer(a, 0)
        else:
            out.append("*No answer prepared yet.*")
        out.append("")
        return out


def document(m: ArgMap, ev: Evaluation, side: Side, fmt: str, wpm: int = DEFAULT_WPM) -> str:
    from .brief import html_document, md, md_line

    blocks = frontlines(m, ev, side)
    r = Render(m, ev, side, wpm)
    body: list[str] = []
    for b in blocks:
        body += r.block(b)
    holes = sum(b.hole for b in blocks)
    total = sum(r.block_words(b) for b in blocks)
    them = "con" if side is Side.PRO else "pro"
    lines = [f"# Frontlines ({side.value}): {md_line(m.title)}", ""]
    lines.append(f"Every argument the {them} side makes against the {side.value} side, once, with the prepared "
                 f"answers: {len(blocks)} argument{'s' * (len(blocks) != 1)}, {holes} of them "
                 f"hole{'s' * (holes != 1)} (still standing: first). Answers read aloud: {timed(total, wpm)}.")
    lines.append("")
    used = [c for t, c in CAVEATS.items() if t in r.used]
    if used:
        lines += ["Markers: " + "; ".join(md(c.legend()) for c in used) + ". ⚠ a hole.", ""]
    text = "\n".join(lines + body).rstrip() + "\n"
    if fmt == "md":
        return text
    if fmt == "html":
        return html_document(text, f"Frontlines ({side.value}): {m.title}")
    raise ValueError(f"unknown frontlines format '{fmt}'")
