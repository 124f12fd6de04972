"""The command line: ``argmap [FILE]`` and ``argmap COMMAND ...``.

Thin: every command calls the model and io layers.  Exit codes: 0 success
(a valid map), 1 an invalid map or a refused write, 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .model.text import inert

if TYPE_CHECKING:
    from .io.loader import Loaded

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

#: Deepest indentation of the outline; deeper rows say their depth instead.
MAX_INDENT = 40

#: Diagnostics printed per file before the rest are only counted (validate --max-errors).
MAX_ERRORS = 200

#: io.formats.READABLE (a test checks), written out: building the parser must
#: not import the readers (they import pydantic, which a valid map never needs).
READABLE_FORMATS = ("argdown", "kialo", "aif", "json")


class UsageError(Exception):
    pass


class Refused(Exception):
    """A write refused for a reason the user must act on (exit 1)."""


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


# -- commands ------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace) -> int:
    from .io import load

    if args.max_errors < 0:
        raise UsageError("--max-errors must be 0 (no limit) or more")
    status = EXIT_OK
    for name in args.files:
        loaded = load(name, max_diagnostics=args.max_errors or None)
        for d in loaded.diagnostics:
            _out(str(d))
        if rest := loaded.not_shown():
            _out(f"{rest} (--max-errors 0 shows all)")
        if loaded.error_count or (args.strict and (loaded.warnings or loaded.more_warnings)):
            status = EXIT_INVALID
        elif not args.quiet and loaded.claim_count:
            n = loaded.claim_count
            w = len(loaded.warnings)
            _out(f"{inert(name)}: ok, {n} claim{'s' * (n != 1)}, {w} warning{'s' * (w != 1)}")
    return status


def _load_ok(name: str, *, writing: bool = False):  # -> Loaded
    from .io import load

    loaded = load(name, max_diagnostics=MAX_ERRORS)
    if not loaded.ok:
        _load_failed(loaded, writing=writing)
    return loaded


def _load_failed(loaded, *, writing: bool) -> None:
    for d in loaded.diagnostics:
        _err(str(d))
    if rest := loaded.not_shown():
        _err(rest)
    raise Refused(f"{inert(str(loaded.path))}: {'not changed' if writing else 'stopped'}: fix the errors above first")


def _edit_file(args: argparse.Namespace, edit):
    """``io.mapfile.edit_file`` with the CLI's messages: load, edit, save
    under the map's lock, re-applying the edit if the file changed meanwhile."""
    from .io import Locked
    from .io.mapfile import CommentsWouldBeDropped, KeepsChanging, NotValid, edit_file

    try:
        return edit_file(args.file, edit, drop_comments=args.drop_comments, max_diagnostics=MAX_ERRORS)
    except NotValid as e:
        _load_failed(e.loaded, writing=True)
        raise AssertionError("unreachable") from None
    except CommentsWouldBeDropped as e:
        raise Refused(f"{e}, or pass --drop-comments") from None
    except (KeepsChanging, Locked) as e:
        raise Refused(str(e)) from None


def cmd_fmt(args: argparse.Namespace) -> int:
    from .io import ChangedOnDisk, Locked, dump, load
    from .io.loader import digest_of
    from .io.mapfile import CommentsWouldBeDropped, MapFile

    status = EXIT_OK
    for name in args.files:
        loaded = load(name, check_quotes=False, max_diagnostics=MAX_ERRORS)
        if loaded.error_count or loaded.map is None:
            for d in loaded.errors:
                _err(str(d))
            if rest := loaded.not_shown():
                _err(rest)
            _err(f"{inert(name)}: not formatted, fix the errors above first")
            status = EXIT_INVALID
            continue
        migration = None
        if args.migrate_cites:
            from .model.migrate import migrate_cites

            migration = migrate_cites(loaded.map)
            for cid, tag in migration.left:
                _err(f"{inert(name)}: warning: claim '{cid}': the tag '{inert(tag)}' names no source; left as a tag")
            if migration.op is not None:
                migration.op.apply(loaded.map)
        new = dump(loaded.map, loaded.header)
        if digest_of(new.encode("utf-8")) == loaded.digest:
            continue
        done = ""
        if migration is not None and migration.moved:
            n, k = len(migration.moved), len(migration.added)
            done = f"{n} source tag{'s' * (n != 1)} {{}} into cites ({k} new cite{'s' * (k != 1)})"
        if args.check:
            if done:
                _out(f"{inert(name)}: {done.format('to turn')} (run: argmap fmt --migrate-cites {inert(name)})")
            else:
                _out(f"{inert(name)}: not in canonical form (run: argmap fmt {inert(name)})")
            status = EXIT_INVALID
            continue
        try:
            MapFile.of(loaded).save(loaded.map, drop_comments=args.drop_comments)
        except CommentsWouldBeDropped as e:
            _err(f"argmap: error: {e}, or pass --drop-comments")
            status = EXIT_INVALID
            continue
        except (ChangedOnDisk, Locked) as e:
            _err(f"argmap: error: {inert(e)}")
            status = EXIT_INVALID
            continue
        if done:
            _out(f"{inert(name)}: formatted, {done.format('turned')}")
            continue
        _out(f"{inert(name)}: formatted")
    return status


def _target(m, cid: str) -> str:
    from .model.rules import did_you_mean

    if cid not in m.claims:
        raise UsageError(f"no claim '{inert(cid)}' in this map{did_you_mean(cid, m.claims)}")
    return cid


def cmd_rebut(args: argparse.Namespace) -> int:
    from .io.quotes import check_sources
    from .model.ops import OpError, apply_checked, make_quote, rebut

    if args.quote is None and (args.source is not None or args.locator is not None):
        raise UsageError("--source and --locator go with --quote")

    def edit(loaded) -> str:
        m = loaded.map
        _target(m, args.target)
        try:
            quote = make_quote(m, args.quote, args.source, args.locator) if args.quote is not None else None
            op, new_id = rebut(m, args.target, args.text, quote=quote, tags=args.tag or None)
            apply_checked(m, op, known_valid=True)
        except OpError as e:
            raise UsageError(str(e)) from None
        return new_id

    loaded, new_id = _edit_file(args, edit)
    m = loaded.map
    for p in check_sources(m, loaded.sources):
        if p.loc[:2] == ("claims", new_id):
            _err(f"{inert(args.file)}: warning: claim '{new_id}': {inert(p.message)}")
    _out(f"{inert(args.file)}: added rebuttal '{new_id}' attacking '{args.target}'")
    return EXIT_OK


def cmd_note(args: argparse.Namespace) -> int:
    from .model.ops import OpError, apply_checked, note, utc_now

    def edit(loaded) -> None:
        m = loaded.map
        _target(m, args.target)
        try:
            apply_checked(m, note(m, args.target, args.text, by=args.by, at=utc_now()), known_valid=True)
        except OpError as e:
            raise UsageError(str(e)) from None

    _edit_file(args, edit)
    _out(f"{inert(args.file)}: added a note to '{args.target}'")
    return EXIT_OK


def outline_lines(m, width: int | None = None) -> list[str]:
    from .model.graph import Graph, walk

    g = Graph.of(m)
    lines = []
    for row in walk(g):
        c = m.claims[row.id]
        sym = f"{row.relation.symbol} " if row.relation else ""
        text = inert(" ".join(c.text.split()))
        if row.depth > MAX_INDENT:  # deep chains: no deeper indent (lines stay short), say how deep
            line = f"{'  ' * MAX_INDENT}[depth {row.depth}] {sym}{row.id} [{c.kind}] {text}"
        else:
            line = f"{'  ' * row.depth}{sym}{row.id} [{c.kind}] {text}"
        if row.repeat:
            line += "  (see above)"
        if width and len(line) > width:
            line = line[: max(width - 1, 1)] + "…"
        lines.append(line)
    return lines


def cmd_outline(args: argparse.Namespace) -> int:
    loaded = _load_ok(args.file)
    width = args.width
    if width is None and sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    m = loaded.map
    _out(inert(m.title))
    _out()
    for line in outline_lines(m, width or None):
        _out(line)
    return EXIT_OK


def cmd_coverage(args: argparse.Namespace) -> int:
    from .analysis.coverage import COVERED, coverage

    loaded = _load_ok(args.file)
    results = coverage(loaded.map, loaded.sources)
    if not results:
        _out(f"{inert(args.file)}: no source has a file; nothing to measure")
        return EXIT_OK
    for i, cov in enumerate(results):
        if i:
            _out()
        if cov.problem:
            _out(f"{inert(cov.file)} (source '{inert(cov.source)}'): {inert(cov.problem)}")
            continue
        n, q = len(cov.sentences), sum(cov.quoted)
        _out(f"{inert(cov.file)} (source '{inert(cov.source)}'): {q} of {n} sentences quoted ({cov.share:.0%})")
        missing = cov.unquoted
        if missing:
            _out(f"Not quoted (less than {COVERED:.0%} of the sentence):")
            for s in missing:
                _out(f"  para {s.para}: {inert(s.text)}")
    return EXIT_OK


def _eval_options(m, args: argparse.Namespace):
    """--semantics, --without and --without-tag, checked against the map."""
    from .analysis.semantics import EvalOptions, Semantics, tagged
    from .model.rules import did_you_mean

    without = tuple(getattr(args, "without", ()) or ())
    for cid in without:
        if cid not in m.claims:
            raise UsageError(f"--without: no claim '{inert(cid)}' in this map{did_you_mean(cid, m.claims)}")
    tags = tuple(args.without_tag)
    for t in tags:
        if not tagged(m, [t]):
            from .analysis.prep import all_tags

            raise UsageError(f"--without-tag: no claim is tagged '{inert(t)}'{did_you_mean(t, all_tags(m))}")
    return EvalOptions(Semantics(args.semantics), without, tags)


def cmd_analyze(args: argparse.Namespace) -> int:
    from .io.loader import gc_paused

    # the load and the analysis make no reference cycles, and the collector
    # would walk the whole map again and again (see gc_paused)
    with gc_paused():
        loaded = _load_ok(args.file)
        m = loaded.readable  # read only: the models are not built when the map was checked without them
        opts = _eval_options(m, args)
        withdrawn = opts.withdrawn(m)
        if args.why is not None:
            _target(m, args.why)
            if args.why in withdrawn:
                raise UsageError(f"--why: '{args.why}' is withdrawn by --without or --without-tag")
        return _analyze(args, loaded, m, opts, withdrawn)


def _analyze(args: argparse.Namespace, loaded, m, opts, withdrawn: list[str]) -> int:
    from .analysis.evaluation import Side, evaluate, what_if
    from .analysis.explain import explain
    from .analysis.prep import prep_checks
    from .analysis.report import analyze_lines, why_lines

    base = evaluate(m, semantics=opts.semantics)
    ev, changes = what_if(m, withdrawn, base) if withdrawn else (base, [])
    if args.why is not None:
        if args.json:
            _out(json.dumps(explain(m, ev, args.why).as_dict(), indent=2, ensure_ascii=False))
        else:
            for line in why_lines(m, ev, args.why):
                _out(line)
        return EXIT_OK
    gone = set(withdrawn)
    shown = {cid: c for cid, c in m.claims.items() if cid not in gone} if gone else m.claims
    after = m.model_copy(update={"claims": shown}) if gone else m
    warnings = prep_checks(after, ev, perspective=Side(args.side), sources=loaded.sources)
    if args.json:
        from .analysis.explain import Explainer
        from .analysis.report import conclusions_of

        explainer = Explainer(m, ev)  # the relations indexed once, for every conclusion
        write = sys.stdout.write
        for piece in _analysis_json(
            semantics=str(opts.semantics),
            conclusions=[explainer(cid).as_dict() for cid in conclusions_of(m, ev)],
            ev=ev, warnings=warnings, withdrawn=withdrawn, changes=changes,
        ):
            write(_json_inert(piece))
        write("\n")
        return EXIT_OK
    for line in analyze_lines(m, ev, opts, warnings, side=args.side, changes=changes, withdrawn=withdrawn):
        _out(line)
    return EXIT_OK


def _analysis_json(*, semantics: str, conclusions: list, ev, warnings, withdrawn, changes) -> Iterator[str]:
    """The document of ``analyze --json``, in pieces: indented as
    ``json.dumps(indent=2)`` writes it, except that each claim, warning and
    change is one compact record on a line of its own (written with the C
    encoder: the indenting encoder is pure Python and took 1.5 s on a
    100,000-claim map).  The records come a few thousand at a time, so the
    document of a large map is never held whole (a million claims: 70 MB of
    text, and its lines before that)."""
    from itertools import islice
    from json.encoder import encode_basestring as enc

    labels, strengths, sides = ev.labels, ev.strengths, ev.sides
    word = {v: enc(str(v)) for v in (*set(labels.values()), *set(sides.values()))}
    yield "{\n  " + f'"semantics": {enc(semantics)},\n  "conclusions": ' + json.dumps(
        conclusions, indent=2, ensure_ascii=False
    ).replace("\n", "\n  ") + ",\n  "
    # the claims evaluated, those not withdrawn, in map order
    rows = zip(labels, labels.values(), strengths.values(), sides.values(), strict=True)

    def records() -> Iterator[list[str]]:
        while chunk := [
            f'{enc(cid)}: {{"label": {word[label]}, "strength": {strength!r}, "side": {word[side]}}}'
            for cid, label, strength, side in islice(rows, _RECORDS_AT_ONCE)
        ]:
            yield chunk

    yield from _block('"claims": ', records(), "{}")
    yield ",\n  "
    null = "null"
    yield from _block(
        '"warnings": ',
        (
            [
                f'{{"code": {enc(w.code)}, "claim": {null if w.claim is None else enc(w.claim)}, '
                f'"message": {enc(w.message)}}}'
                for w in warnings[at:at + _RECORDS_AT_ONCE]
            ]
            for at in range(0, len(warnings), _RECORDS_AT_ONCE)
        ),
        "[]",
    )
    if withdrawn:
        yield ',\n  "without": ' + json.dumps(withdrawn, ensure_ascii=False) + ",\n  "
        yield from _block(
            '"changes": ',
            iter([[
                json.dumps(
                    {"claim": c.claim, "label": [c.before_label, c.after_label],
                     "strength": [c.before_strength, c.after_strength]},
                    ensure_ascii=False,
                )
                for c in changes
            ]]),
            "[]",
        )
    yield "\n}"


#: Records of a block of ``analyze --json`` made and written at a time.
_RECORDS_AT_ONCE = 4096


def _block(head: str, chunks: Iterator[list[str]], brackets: str) -> Iterator[str]:
    """``head`` and the records, one a line, in ``brackets`` (the brackets
    alone when there are none), a chunk of records at a time."""
    sep = ",\n    "
    first = True
    for chunk in chunks:
        if chunk:
            yield (head + brackets[0] + "\n    " if first else sep) + sep.join(chunk)
            first = False
    yield head + brackets if first else "\n  " + brackets[1]


def _json_inert(text: str) -> str:
    """JSON text with the characters :func:`inert` escapes written as JSON
    escapes (they can only occur inside strings), so it is still the same JSON."""
    import re

    from .model.text import UNSAFE

    # JSON escapes the C0 controls in strings: ASCII text without DEL has
    # nothing to escape (checking is a few milliseconds on 18 MB; a regex
    # search took 0.7 s)
    if text.isascii() and "\x7f" not in text:
        return text
    # every character inert() escapes but the newlines of the layout (a call
    # for each of those took a second on a 100,000-claim map; a lookahead
    # for each character most of one)
    unsafe = re.compile(UNSAFE.pattern.replace("\x00-\x1f", "\x00-\x09\x0b-\x1f"))
    return unsafe.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _write_output(data: bytes | Iterable[bytes], out: str | None, source: Path | None = None) -> None:
    """Write (bytes, or bytes in pieces as they are made) to a file
    atomically, or to stdout for '-' or no path; never over the map itself."""
    from .io import write_atomic

    if out in (None, "-"):
        sys.stdout.flush()
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            for chunk in data:
                sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return
    if source is not None and os.path.exists(out) and os.path.samefile(out, source):
        raise UsageError(f"-o {inert(out)} is the map itself: choose another output file")
    try:
        write_atomic(out, data)
    except OSError as e:
        raise Refused(f"cannot write {inert(out)}: {e.strerror or e}") from None


def _root_and_depth(m, args: argparse.Namespace) -> None:
    from .model.rules import did_you_mean

    if args.root is not None and args.root not in m.claims:
        raise UsageError(f"--root: no claim '{inert(args.root)}' in this map{did_you_mean(args.root, m.claims)}")
    if getattr(args, "depth", None) is not None:
        if args.root is None:
            raise UsageError("--depth goes with --root")
        if args.depth < 0:
            raise UsageError("--depth must be 0 or more")


def _export(loaded, fmt: str, opts, args: argparse.Namespace, **kw) -> None:
    from .export.diagram import DotFailed, DotMissing
    from .export.formats import BY_NAME
    from .export.outputs import export_chunks

    # a diagram or a brief only reads the map's fields: the light objects (no models built)
    m = loaded.readable if BY_NAME[fmt].kind in ("diagram", "brief") else loaded.map
    try:
        data = export_chunks(
            m, fmt, opts, sources=loaded.sources,
            warn=lambda msg: _err(f"argmap: warning: {inert(msg)}"), **kw,
        )
    except (DotMissing, DotFailed) as e:
        raise Refused(str(e)) from None
    _write_output(data, args.output, loaded.path)
    if args.output not in (None, "-"):
        _err(f"wrote {inert(args.output)} ({fmt})")


def cmd_export(args: argparse.Namespace) -> int:
    from .export.diagram import Options
    from .export.formats import BY_NAME, DIAGRAM_FORMATS, from_suffix

    fmt = args.format
    if fmt is None and args.output not in (None, "-"):
        guessed = from_suffix(args.output, "data")
        fmt = guessed.name if guessed is not None else None
    if fmt is None:
        guessed = from_suffix(args.output, "diagram")
        if guessed is None:
            raise UsageError(f"cannot tell the format from '{inert(args.output)}': give --format {'|'.join(DIAGRAM_FORMATS)}")
        fmt = guessed.name
    if not BY_NAME[fmt].terminal and args.output in (None, "-") and sys.stdout.isatty():
        raise UsageError(f"{fmt} is binary or long: give -o FILE")
    loaded = _load_ok(args.file)
    _root_and_depth(loaded.readable, args)
    opts = Options(
        root=args.root, depth=args.depth, tags=args.tag, exclude_tags=args.exclude_tag,
        direction=args.direction, wrap=args.wrap, quotes=args.quotes, legend=args.legend, title=args.title,
    )
    from .io.loader import gc_paused

    # the export makes many small objects and no reference cycles: a
    # collection would only walk the whole map again (and again)
    with gc_paused():
        _export(loaded, fmt, opts, args, evaluation=args.evaluation, strengths=args.strengths,
                evaluation_options=_eval_options(loaded.readable, args))
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from .export.diagram import Options
    from .export.formats import BRIEF_FORMATS, from_suffix

    fmt = args.format
    if fmt is None:
        guessed = from_suffix(args.output, "brief")
        if guessed is None:
            raise UsageError(f"cannot tell the format from '{inert(args.output)}': give --format {'|'.join(BRIEF_FORMATS)}")
        fmt = guessed.name
    loaded = _load_ok(args.file)
    _root_and_depth(loaded.readable, args)
    opts = Options(root=args.root)
    how = _eval_options(loaded.readable, args)
    link = None
    if fmt == "md" and args.diagram:
        if args.output in (None, "-"):
            raise UsageError("--diagram writes the SVG beside the brief: give -o FILE")
        svg_path = Path(args.output).with_suffix(".svg")
        _export(loaded, "svg", opts, argparse.Namespace(output=str(svg_path)), evaluation_options=how)
        link = svg_path.name
    from .analysis.evaluation import Side

    _export(loaded, fmt, opts, args, diagram_link=link, with_diagram=args.diagram is not False,
            evaluation_options=how, side=Side(args.side), wpm=args.wpm, max_words=args.max_words)
    return EXIT_OK


def _whole(low: int, high: int | None, why: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (no limit: None), else ``why``."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
        if n < low or (high is not None and n > high):
            raise argparse.ArgumentTypeError(why)
        return n

    return parse


_wpm = _whole(40, 600, "give a speaking rate between 40 and 600 words a minute")
_positive = _whole(1, None, "give a number of words, 1 or more")


def cmd_document(args: argparse.Namespace) -> int:
    """cards, frontlines, flow."""
    from .analysis.evaluation import Side
    from .export.formats import DOCUMENT_FORMATS, document_format
    from .export.outputs import document_bytes

    kind = args.command
    fmt = args.format or document_format(kind, args.output)
    if fmt is None:
        raise UsageError(
            f"cannot tell the format from '{inert(args.output)}': give --format {'|'.join(DOCUMENT_FORMATS[kind])}"
        )
    loaded = _load_ok(args.file)
    tags = tuple(getattr(args, "tag", None) or ())
    for t in tags:
        from .analysis.semantics import tagged

        if not tagged(loaded.map, [t]):
            from .analysis.prep import all_tags
            from .model.rules import did_you_mean

            raise UsageError(f"--tag: no claim is tagged '{inert(t)}'{did_you_mean(t, all_tags(loaded.map))}")
    side = Side(args.side) if getattr(args, "side", None) else None
    data = document_bytes(loaded.map, kind, fmt, side=side, tags=tags, wpm=args.wpm,
                          evaluation_options=_eval_options(loaded.map, args))
    _write_output(data, args.output, loaded.path)
    if args.output not in (None, "-"):
        _err(f"wrote {inert(args.output)} ({kind}, {fmt})")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .io import dump
    from .io.formats import read_file

    loaded = read_file(args.file, args.source_format)
    for d in loaded.diagnostics:
        _err(str(d))
    if loaded.errors or loaded.map is None:
        raise Refused(f"{inert(args.file)}: not imported: fix the errors above first")
    out = args.output
    if out not in (None, "-") and Path(out).suffix.lower() not in (".yaml", ".yml"):
        raise UsageError(f"-o {inert(out)}: an imported map is written as argmap YAML; give a .yaml file")
    if out not in (None, "-") and os.path.lexists(out):
        raise Refused(f"-o {inert(out)}: already exists; an import never writes over a file: choose another name")
    _write_output(dump(loaded.map).encode("utf-8"), out, loaded.path)
    if out not in (None, "-"):
        n = len(loaded.map.claims)
        _err(f"wrote {out} ({n} claim{'s' * (n != 1)}, {len(loaded.warnings)} warnings)")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .model.schema import json_schema

    _out(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new map with the thesis as its conclusion (and its source)."""
    from .io.newmap import CannotCreate, create_map

    if args.source_title is not None and args.source is None:
        raise UsageError("--source-title needs --source (the text the map is made from)")
    try:
        made = create_map(args.file, args.title, args.thesis, args.source, args.source_title)
    except CannotCreate as e:
        raise Refused(str(e)) from None
    what = "conclusion 'thesis'"
    if made.source_id is not None:
        how = "copied to" if made.copied else "already in"
        what += f", source '{made.source_id}' ({how} {made.source_file})"
    _err(f"wrote {inert(args.file)} ({what}); open it with: argmap {inert(args.file)}")
    return EXIT_OK


def _offer_new(name: str) -> bool:
    """On a terminal: offer to create the map ``name`` that does not exist;
    whether one was made.  Off a terminal: an error naming ``argmap new``."""
    hint = f"argmap new {name} --title TEXT --thesis TEXT [--source PATH]"
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise Refused(f"{inert(name)}: no such file; to start a new map there: {inert(hint)}")
    from .io.newmap import BadSource, CannotCreate, create_map

    try:
        if input(f"{inert(name)} does not exist. Create a new map there? [y/N] ").strip().lower() not in ("y", "yes"):
            return False
        title = input("Title of the map: ")
        thesis = input("Thesis (the conclusion the text argues for): ")
        while True:  # a source that cannot be used is asked for again
            source = os.path.expanduser(input("Source text to map (a .txt or .md file; empty for none): ").strip())
            try:
                made = create_map(name, title, thesis, source or None)
                break
            except BadSource as e:
                _err(f"argmap: error: {inert(str(e))}")
    except EOFError:
        return False
    except CannotCreate as e:
        raise Refused(f"{e} (or: {hint})") from None
    _err(f"wrote {inert(name)}" + (f" with source '{made.source_id}' ({made.source_file})" if made.source_id else ""))
    return True


def cmd_open(args: argparse.Namespace) -> int:
    """Open a map in the terminal UI (its outline when not on a terminal)."""
    if args.file is None:
        from .bundled import bundled_map

        name = str(bundled_map())
    else:
        name = args.file
        if not os.path.lexists(name) and not args.since and not _offer_new(name):
            return EXIT_OK
    if args.since and args.file is None:
        raise UsageError("--since needs a FILE in a git repository")
    since = _since_map(name, args.since) if args.since else None  # a clear error before anything opens
    if args.outline or not (sys.stdin.isatty() and sys.stdout.isatty()):
        args.file = name
        args.width = None
        return cmd_outline(args)
    # a large map's YAML is parsed in a child process while the TUI is imported
    from .io.ahead import start

    ahead = start(name)
    try:
        from .analysis.semantics import Semantics
        from .tui.app import run

        return run(name, semantics=Semantics(args.semantics), since=since, ahead=ahead)
    finally:  # (ctrl+c while starting, or a quit while the map loads: the child goes too)
        if ahead is not None:
            ahead.cancel()


def _since_map(name: str, rev: str):  # -> tuple[str, ArgMap]
    """The map FILE held at git revision REV (``git show REV:./FILE``)."""
    import subprocess

    from .io.loader import load_bytes

    path = Path(name)
    try:
        got = subprocess.run(
            ["git", "-C", str(path.parent.resolve()), "show", f"{rev}:./{path.name}"],
            capture_output=True, timeout=30, check=False,
        )
    except FileNotFoundError:
        raise UsageError("--since needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"--since: 'git show {rev}:{path.name}' took too long") from None
    if got.returncode != 0:
        why = got.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"--since {rev}: git could not show {path.name} at that revision "
                         f"({why[0] if why else 'not in a git repository?'}); give a commit where the file exists")
    loaded = load_bytes(got.stdout, f"{rev}:{path.name}", check_quotes=False)
    if loaded.map is None:
        raise UsageError(f"--since {rev}: {path.name} at that revision is not a valid map")
    return rev, loaded.map


def _safe(text: str) -> str:
    """:func:`inert` for output of several lines (diffs): newlines and tabs kept."""
    return inert(text, keep="\n\t")


def _load_side(name: str) -> Loaded | None:
    """A map for diff/merge: ``None`` for /dev/null (git's side of a new or
    deleted file)."""
    from .io import load

    if name == os.devnull:
        return None
    return load(name, check_quotes=False)


#: The number of arguments git gives an external diff (diff.<driver>.command).
GIT_DIFF_ARGS = 7


def cmd_diff(args: argparse.Namespace) -> int:
    from .analysis.diff import diff_lines, diff_maps, diff_markdown

    files = args.files
    git = len(files) == GIT_DIFF_ARGS
    if not git and len(files) != 2:
        raise UsageError(
            f"diff takes OLD NEW (or git's {GIT_DIFF_ARGS} arguments: PATH OLD-FILE OLD-HEX OLD-MODE "
            "NEW-FILE NEW-HEX NEW-MODE); got " + str(len(files))
        )
    old_name, new_name = (files[1], files[4]) if git else (files[0], files[1])
    heading = f"argmap diff a/{files[0]} b/{files[0]}" if git else f"{old_name} → {new_name}"
    sides = [_load_side(old_name), _load_side(new_name)]
    bad = [s for s in sides if s is not None and not s.ok]
    if bad:
        if not git:
            for s in bad:
                for problem in s.errors:
                    _err(_safe(str(problem)))
            raise Refused(f"{bad[0].path}: not compared: fix the errors above first")
        # git diff must go on: say why, then compare the lines
        import difflib

        _out(_safe(f"{heading}: not a valid map ({bad[0].errors[0].message}); comparing lines"))
        old_lines, new_lines = (
            Path(name).read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
            for name in (old_name, new_name)
        )
        for line in difflib.unified_diff(old_lines, new_lines, f"a/{files[0]}", f"b/{files[0]}"):
            _out(_safe(line.rstrip("\n")))
        return EXIT_OK
    old, new = (s.map if s is not None else None for s in sides)
    from .analysis.semantics import Semantics

    d = diff_maps(old, new, semantics=Semantics(args.semantics))
    if args.format == "json":
        _out(json.dumps(d.as_dict(), indent=2, ensure_ascii=True))
    elif args.format == "md":
        shown = new or old
        title = shown.title if shown is not None else heading
        sys.stdout.write(_safe(diff_markdown(d, title)))
    else:
        for line in diff_lines(d, heading):
            _out(_safe(line))
    return EXIT_OK


def cmd_merge_driver(args: argparse.Namespace) -> int:
    """git's merge driver: merge %O %A %B into %A; 0 clean, 1 conflict or refused."""
    from .io.mergefile import merge_files

    name = args.path or args.ours
    result = merge_files(Path(args.base), Path(args.ours), Path(args.theirs), name,
                         drop_comments=args.drop_comments)
    if result.refused is not None:
        _err(_safe(f"argmap: error: {result.refused}"))
        return EXIT_INVALID
    for c in result.conflicts:
        _err(_safe(c.report(name)))
    return EXIT_OK if result.clean else EXIT_INVALID


def cmd_git_setup(args: argparse.Namespace) -> int:
    import shlex

    from .io.gitsetup import DEFAULT_PATTERN, GitSetupError, git_setup

    command = args.command
    if command is None:
        command = "argmap" if shutil.which("argmap") else f"{shlex.quote(sys.executable)} -m argmap"
    try:
        done = git_setup(Path(args.repo), args.pattern or [DEFAULT_PATTERN], command)
    except GitSetupError as e:
        raise Refused(str(e)) from None
    for line in done:
        _out(_safe(line))
    return EXIT_OK


# -- parser --------------------------------------------------------------------


def _add_write_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--drop-comments",
        action="store_true",
        help="rewrite even when the file has YAML comments (the canonical form has none)",
    )


def _add_eval_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--semantics", choices=["grounded", "preference"], default="grounded",
        help="grounded (default): every attack counts; preference: an attack fails when the attacked "
        "claim's base strength is greater than the attacker's",
    )
    p.add_argument(
        "--without-tag", action="append", default=[], metavar="TAG",
        help="evaluate as if every claim with this tag were withdrawn (repeatable), "
        "e.g. needs-check: what still stands on checked facts",
    )


def _add_document_flags(p: argparse.ArgumentParser, kind: str) -> None:
    from .export.formats import DOCUMENT_FORMATS

    names = DOCUMENT_FORMATS[kind]
    p.add_argument("-o", "--output", metavar="OUT", help="output file (its suffix gives the format); - for stdout")
    p.add_argument("--format", choices=names, help=f"default: from OUT's suffix, else {names[0]}")
    p.add_argument("--wpm", type=_wpm, default=160, metavar="N", help="speaking rate for reading times (default 160)")
    _add_eval_flags(p)


def _width(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if n < 20:
        raise argparse.ArgumentTypeError("give at least 20 characters")
    return n


def build_parser() -> argparse.ArgumentParser:
    from .export.formats import BRIEF_FORMATS, DATA_FORMATS, DIAGRAM_FORMATS

    parser = argparse.ArgumentParser(
        prog="argmap",
        description="Map arguments and prepare debates. "
        "'argmap [FILE]' opens a map (the bundled op-ed map when no FILE is given).",
        epilog="Exit codes: 0 ok, 1 invalid map or refused write, 2 usage error, 130 interrupted, "
        "70 internal error (a bug: ARGMAP_DEBUG=1 shows the traceback).",
    )
    parser.add_argument("--version", action="version", version=f"argmap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("open", help="open a map (the default command)")
    p.add_argument("file", nargs="?", help="map file (default: the bundled op-ed map)")
    p.add_argument(
        "--outline", action="store_true", help="print the outline instead of opening the TUI"
    )
    p.add_argument(
        "--semantics", choices=["grounded", "preference"], default="grounded",
        help="the semantics the TUI starts with (the command palette switches it)",
    )
    p.add_argument(
        "--since", metavar="REV",
        help="D shows what changed since git revision REV (git show REV:FILE) instead of since the last save",
    )
    p.set_defaults(func=cmd_open)

    p = sub.add_parser(
        "new",
        help="start a new map: the thesis as its conclusion, the text it maps as its source",
        description="Write a new, valid map FILE with the thesis as its conclusion (id 'thesis'). With --source, "
        "the text is copied into sources/ beside the map (never over a different file) and registered as a "
        "source. Refuses an existing FILE.",
    )
    p.add_argument("file", metavar="FILE", help="the new map (.yaml); must not exist")
    p.add_argument("--title", required=True, metavar="TEXT", help="the map's title")
    p.add_argument("--thesis", required=True, metavar="TEXT", help="the conclusion the text argues for")
    p.add_argument("--source", metavar="PATH", help="the text to map (UTF-8 plain text or Markdown)")
    p.add_argument("--source-title", metavar="TEXT", help="the source's title (default: its first line)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "validate",
        help="check maps and report every problem as FILE:LINE:COL",
        description="Check maps; print every error and warning as FILE:LINE:COL: severity: message.",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    p.add_argument(
        "--max-errors", type=int, default=MAX_ERRORS, metavar="N",
        help=f"print at most N problems per file, then count the rest (default {MAX_ERRORS}; 0: no limit)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "fmt",
        help="rewrite maps in canonical form",
        description="Rewrite maps in the one canonical YAML form (atomically).",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a file is not canonical"
    )
    p.add_argument(
        "--migrate-cites", action="store_true",
        help="turn 'source:ID' tags into 'cites: [{source: ID}]' entries (tags naming no source stay)",
    )
    _add_write_flags(p)
    p.set_defaults(func=cmd_fmt)

    p = sub.add_parser(
        "rebut",
        help="add a rebuttal attacking a claim",
        description="Add a rebuttal attacking TARGET, with a fresh readable id.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("target", metavar="TARGET", help="id of the claim to rebut")
    p.add_argument("text", metavar="TEXT", help="the rebuttal's text")
    p.add_argument("--quote", metavar="TEXT", help="a verbatim quote backing the rebuttal")
    p.add_argument("--source", metavar="ID", help="the source the quote comes from")
    p.add_argument("--locator", metavar="WHERE", help='where in the source, e.g. "para 4"')
    p.add_argument("--tag", action="append", metavar="T", help="a tag (repeatable)")
    _add_write_flags(p)
    p.set_defaults(func=cmd_rebut)

    p = sub.add_parser(
        "note",
        help="add a timestamped note to a claim",
        description="Append an annotation (timestamped now, UTC) to TARGET.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("target", metavar="TARGET", help="id of the claim")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--by", metavar="NAME", help="who wrote the note")
    _add_write_flags(p)
    p.set_defaults(func=cmd_note)

    p = sub.add_parser(
        "outline",
        help="print the map as an indented tree",
        description="Print the map as a tree: roots are claims that support, attack and undercut nothing; "
        "under each claim its supporters (+), attackers (-) and undercutters (~).",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--width", type=_width, metavar="N", help="cut lines to N characters (default: terminal width)"
    )
    p.set_defaults(func=cmd_outline)

    p = sub.add_parser(
        "coverage",
        help="show how much of each source the quotes cover",
        description="For each source with a file: the share of its sentences that the map's "
        "quotes cover, and the sentences no quote covers, with their paragraph "
        "(numbered by line of the source file).",
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser(
        "analyze",
        help="which claims stand, how strong they are, what is still unanswered",
        description="Evaluate the map: grounded labels (in/out/undec), DF-QuAD strengths, "
        "sides (pro/con/mixed), and the prep warnings; see docs/evaluation.md.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument(
        "--without", action="append", default=[], metavar="ID",
        help="evaluate as if this claim were withdrawn or conceded (repeatable); lists what changes",
    )
    p.add_argument(
        "--as", dest="side", choices=["pro", "con"], default="pro",
        help="the side you are preparing (default pro: warnings are what con still has against you)",
    )
    p.add_argument("--why", metavar="ID", help="explain why this claim stands, falls or is open, and its strength")
    _add_eval_flags(p)
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "export",
        help="draw the map with Graphviz (DOT, SVG, PNG, PDF), or write it as Argdown, AIF or JSON",
        description="Draw the map: DOT needs nothing else; SVG, PNG and PDF run Graphviz's dot. "
        "With no -o (or -o -) DOT goes to stdout.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="output file (its suffix gives the format); - for stdout")
    p.add_argument("--format", choices=DIAGRAM_FORMATS + DATA_FORMATS,
                   help="default: from OUT's suffix, else dot; argdown, aif and json write the map "
                   "itself for other tools (see docs/formats.md)")
    p.add_argument("--root", metavar="ID", help="only this claim and what sits under it in the tree")
    p.add_argument("--depth", type=int, metavar="N", help="with --root: N levels under it")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only claims with this tag (repeatable)")
    p.add_argument("--exclude-tag", action="append", default=[], metavar="T", help="leave out claims with this tag (repeatable)")
    p.add_argument("--direction", choices=["TB", "LR", "BT", "RL"], default="BT",
                   help="where arrows point: BT (default) puts conclusions on top")
    p.add_argument("--wrap", type=int, default=40, metavar="N", help="characters per line in labels (default 40)")
    p.add_argument("--no-quotes", dest="quotes", action="store_false", help="leave out the quotes under claims")
    p.add_argument("--legend", action=argparse.BooleanOptionalAction, default=True, help="draw a legend (default: yes)")
    p.add_argument("--title", metavar="TEXT", help="the diagram's title (default: the map's; '' for none)")
    p.add_argument("--evaluation", action=argparse.BooleanOptionalAction, default=True,
                   help="mark which claims stand: out faded and dashed, undecided dotted (default: yes)")
    p.add_argument("--strengths", action="store_true", help="print each claim's strength")
    _add_eval_flags(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser(
        "brief",
        help="write a debate brief (Markdown or HTML)",
        description="A debate brief: for each conclusion, the case (premises and evidence with quotes "
        "and citations), the frontlines (counterpoints with the prepared answers) and what is open.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="OUT", help="output file; - or none for stdout")
    p.add_argument("--format", choices=BRIEF_FORMATS, help="default: html for .html, else md")
    p.add_argument("--root", metavar="ID", help="only the brief for this conclusion (or claim)")
    p.add_argument("--side", choices=["pro", "con"], default="pro",
                   help="the side the brief prepares (default pro): its case as cards, then the other side's "
                   "arguments against it with the answers")
    p.add_argument("--wpm", type=_wpm, default=160, metavar="N", help="speaking rate for reading times (default 160)")
    p.add_argument("--max-words", type=_positive, metavar="N",
                   help="keep the brief within N words: quotes are cut to their [[marked]] part, and the "
                   "brief lists what it cut")
    p.add_argument("--diagram", action=argparse.BooleanOptionalAction, default=None,
                   help="md: write OUT.svg beside the brief and link it (default: no); "
                   "html: embed the diagram (default: yes)")
    _add_eval_flags(p)
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser(
        "import",
        help="read an Argdown, Kialo, AIF or JSON file and write it as an argmap YAML map",
        description="Import a map from another tool: Argdown (.argdown), a Kialo discussion export "
        "(.txt), AIF JSON (AIFdb/OVA) or argmap JSON. What each format loses: docs/formats.md.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--from", dest="source_format", choices=READABLE_FORMATS,
                   help="the file's format (default: from its suffix and content)")
    p.add_argument("-o", "--output", metavar="OUT.yaml", help="where to write the map (default: stdout)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser(
        "cards",
        help="print the evidence cards: tag, cite, quoted evidence, reading time",
        description="Every claim with a quote or a cite, as a debate card: the tag (its label, else its text), "
        "the short and full citation, the quote with its [[read-aloud]] part emphasised, and the time to read it.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--side", choices=["pro", "con"], help="only the cards of this side")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="only cards with this tag (repeatable)")
    _add_document_flags(p, "cards")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser(
        "frontlines",
        help="the other side's arguments against a side, with the prepared answers",
        description="For every argument the other side makes against SIDE: the prepared answers (rebuttals, "
        "undercuts of its support) as cards. Holes (arguments still standing) first, then by the strength "
        "of what they attack; each argument once.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--side", choices=["pro", "con"], required=True, help="the side you are preparing")
    _add_document_flags(p, "frontlines")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser(
        "flow",
        help="a flow sheet: one column per speech, answered / weakened / dropped",
        description="A flow sheet: column 1 the case, column 2 the attacks on it, column 3 the answers, and "
        "so on; each argument on the row of what it answers, marked answered, weakened or dropped.",
    )
    p.add_argument("file", metavar="FILE")
    _add_document_flags(p, "flow")
    p.set_defaults(func=cmd_document)

    p = sub.add_parser(
        "diff",
        help="what changed between two versions of a map, claim by claim",
        description="Claims added, removed and changed (field by field), relations added and removed, "
        "and the conclusions whose standing or strength changed (at 3 decimals). Also git's external "
        "diff: given git's 7 arguments (diff.argmap.command), it compares OLD-FILE and NEW-FILE.",
    )
    p.add_argument("files", nargs="+", metavar="OLD NEW", help="the two versions (/dev/null: no map)")
    p.add_argument("--format", choices=["text", "json", "md"], default="text", help="default: text")
    p.add_argument("--semantics", choices=["grounded", "preference"], default="grounded",
                   help="how the conclusions' standing is computed (default: grounded)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "merge-driver",
        help="git's merge driver: merge three versions of a map by claim id",
        description="Merge THEIRS into OURS (rewritten in place) from BASE, by claim id, as git's merge "
        "driver (merge.argmap.driver = 'argmap merge-driver %%O %%A %%B %%P'). Where both sides changed "
        "the same field, ours is kept and a 'conflict:' annotation records theirs. Exit 0 when clean, "
        "1 on a conflict (reported on stderr), or when an input is not a valid map (OURS is then left "
        "as it was).",
    )
    p.add_argument("base", metavar="BASE", help="the common ancestor (%%O; empty: none)")
    p.add_argument("ours", metavar="OURS", help="our version, replaced by the merge (%%A)")
    p.add_argument("theirs", metavar="THEIRS", help="their version (%%B)")
    p.add_argument("path", metavar="PATH", nargs="?", help="the map's path, for messages (%%P)")
    _add_write_flags(p)
    p.set_defaults(func=cmd_merge_driver)

    p = sub.add_parser(
        "git-setup",
        help="make git diff and merge maps by claim id in a repository",
        description="Write the .gitattributes lines (PATTERN merge=argmap diff=argmap) and the repository's "
        "git config entries (merge.argmap.driver, merge.argmap.name, diff.argmap.command). "
        "Running it again changes nothing.",
    )
    p.add_argument("--repo", default=".", metavar="DIR", help="the repository (default: the current folder)")
    p.add_argument("--pattern", action="append", metavar="GLOB",
                   help="which files are maps (repeatable; default: arguments/*.yaml)")
    p.add_argument("--command", metavar="CMD",
                   help="how git runs argmap (default: argmap when on PATH, else this Python with -m argmap)")
    p.set_defaults(func=cmd_git_setup)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of argmap/1",
        description="Print the JSON Schema of the argmap/1 format, for editors.",
    )
    p.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the process's command (not a caller's, e.g. a test's)
        from .io.loader import freeze_after_loading

        freeze_after_loading()
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = {name for a in parser._actions if isinstance(a, argparse._SubParsersAction) for name in a.choices}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help", "--version")):
        argv = ["open", *argv]
    try:
        args = parser.parse_args(argv)
        func: Callable[[argparse.Namespace], int] = args.func
        return func(args)
    except UsageError as e:
        _err(f"argmap: error: {inert(e)}")
        return EXIT_USAGE
    except Refused as e:
        _err(f"argmap: error: {inert(e)}")
        return EXIT_INVALID
    except KeyboardInterrupt:
        _err("argmap: interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `argmap outline | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as e:
        _err(f"argmap: error: {inert(e.filename or '')}: {inert(e.strerror or e)}")
        return EXIT_INVALID
    except Exception as e:  # a bug: say so plainly, no traceback unless asked
        if os.environ.get("ARGMAP_DEBUG"):
            raise
        _err(
            f"argmap: internal error: {type(e).__name__}: {inert(e)}\n"
            "Please report it with the command and file; ARGMAP_DEBUG=1 shows the traceback."
        )
        return 70
