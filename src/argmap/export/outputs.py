"""One function for every file argmap exports (the CLI and the TUI share it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from ..analysis.evaluation import Evaluation, Side
from ..analysis.semantics import EvalOptions
from ..analysis.timing import DEFAULT_WPM
from ..io.quotes import SourceTexts
from .diagram import CaveatOverlay, DotMissing, EvaluationOverlay, Options, Overlay, diagram, dot_lines, render
from .formats import BRIEF_FORMATS, DATA_FORMATS, DIAGRAM_FORMATS

if TYPE_CHECKING:  # a diagram reads a map's light objects (model.fastcheck) as well
    from ..model import ArgMap


def export_bytes(
    m: ArgMap,
    fmt: str,
    opts: Options | None = None,
    *,
    ev: Evaluation | None = None,
    evaluation: bool = True,
    strengths: bool = False,
    sources: SourceTexts | None = None,
    diagram_link: str | None = None,
    with_diagram: bool = True,
    warn: Callable[[str], object] | None = None,
    evaluation_options: EvalOptions | None = None,
    side: Side = Side.PRO,
    wpm: int = DEFAULT_WPM,
    max_words: int | None = None,
) -> bytes:
    """The export of ``m`` in ``fmt``: a diagram (dot, svg, png, pdf) or a
    brief (md, html).  A brief covers ``opts.root`` (or every conclusion).
    A brief checks quotes against ``sources`` (as io read them).
    An HTML brief embeds the diagram; without Graphviz it is written without
    one and ``warn`` is told.  Raises DotMissing / DotFailed for diagrams.
    Without ``ev``, the map is evaluated with ``evaluation_options`` (semantics,
    claims withdrawn); claims with caveat tags are marked either way."""
    if fmt in DATA_FORMATS:  # the map itself, for another tool: no evaluation
        from ..io.formats import BY_NAME

        writer = BY_NAME[fmt].write
        if writer is None:
            raise ValueError(f"argmap does not write '{fmt}'")
        return writer(m).encode("utf-8")
    opts = opts or Options()
    ev = ev or (evaluation_options or EvalOptions()).evaluate(m)
    overlays = _overlays(m, ev, evaluation, strengths)
    if fmt in DIAGRAM_FORMATS:
        return render(diagram(m, opts, overlays), fmt)
    if fmt not in BRIEF_FORMATS:
        raise ValueError(f"unknown format '{fmt}'")
    from . import brief

    text = brief.markdown(m, root=opts.root, sources=sources, diagram_link=diagram_link, ev=ev, side=side,
                          wpm=wpm, max_words=max_words, warn=warn)
    if fmt == "md":
        return text.encode("utf-8")
    svg = None
    if with_diagram:
        try:
            svg = render(diagram(m, opts, overlays), "svg").decode("utf-8")
        except DotMissing as e:
            if warn is not None:
                warn(f"the brief has no diagram: {e}")
    return brief.html_document(text, m.title, svg).encode("utf-8")


def export_chunks(
    m: ArgMap,
    fmt: str,
    opts: Options | None = None,
    *,
    ev: Evaluation | None = None,
    evaluation: bool = True,
    strengths: bool = False,
    evaluation_options: EvalOptions | None = None,
    **rest: Any,
) -> Iterable[bytes]:
    """:func:`export_bytes` in pieces, to be written as they come: DOT is
    made as it is written (never held whole); other formats come in one
    piece.  Errors in the arguments (and DotMissing, DotFailed) are raised
    here, not while the pieces are made."""
    if fmt != "dot":
        return (export_bytes(m, fmt, opts, ev=ev, evaluation=evaluation, strengths=strengths,
                             evaluation_options=evaluation_options, **rest),)
    if evaluation and ev is None:
        how = evaluation_options or EvalOptions()
        ev = how.evaluate(m) if strengths else _labels_only(m, how)
    return _encoded(dot_lines(m, opts or Options(), _overlays(m, ev, evaluation, strengths)))


def _labels_only(m: ArgMap, how: EvalOptions) -> Evaluation:
    """The evaluation a diagram without strengths shows: only the labels
    (the strengths and sides took as long again), no strengths, no sides."""
    from ..analysis.evaluation import grounded

    gone = set(how.withdrawn(m))  # as evaluate() leaves them out
    claims = {cid: c for cid, c in m.claims.items() if cid not in gone} if gone else m.claims
    return Evaluation(labels=grounded(claims, how.semantics), strengths={}, sides={}, semantics=how.semantics)


def _overlays(m: ArgMap, ev: Evaluation | None, evaluation: bool, strengths: bool) -> list[Overlay]:
    overlays: list[Overlay] = [EvaluationOverlay(ev, strengths=strengths)] if evaluation and ev is not None else []
    overlays.append(CaveatOverlay(m))
    return overlays


def _encoded(pieces: Iterable[str], size: int = 1 << 16) -> Iterator[bytes]:
    """``pieces`` as UTF-8, joined into chunks of about ``size`` characters."""
    chunk: list[str] = []
    n = 0
    for piece in pieces:
        chunk.append(piece)
        n += len(piece)
        if n >= size:
            yield "".join(chunk).encode("utf-8")
            chunk.clear()
            n = 0
    if chunk:
        yield "".join(chunk).encode("utf-8")


def document_bytes(
    m: ArgMap, kind: str, fmt: str, *, ev: Evaluation | None = None, side: Side | None = None,
    tags: tuple[str, ...] = (), wpm: int = DEFAULT_WPM, evaluation_options: EvalOptions | None = None,
) -> bytes:
    """A prep document of ``m``: ``cards`` (of ``side``, with one of ``tags``),
    ``frontlines`` (for ``side``) or ``flow``, in ``fmt``."""
    from . import cards, flow, frontlines

    ev = ev or (evaluation_options or EvalOptions()).evaluate(m)
    if kind == "cards":
        text = cards.document(m, cards.cards(m, ev=ev, side=side, tags=tags), fmt, wpm)
    elif kind == "frontlines":
        text = frontlines.document(m, ev, side or Side.PRO, fmt, wpm)
    elif kind == "flow":
        text = flow.document(m, flow.flow(m, ev), fmt, wpm)
    else:
        raise ValueError(f"unknown document '{kind}'")
    return text.encode("utf-8")
