"""Load a map file: read, validate, and say precisely what is wrong and where.

:func:`load` never raises for bad input.  It returns a :class:`Loaded` whose
``diagnostics`` are ``FILE:LINE:COL: error: message`` lines sorted by line;
``map`` is the validated model when there is no error.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import heapq
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..model import FORMAT_VERSION, KEY, Problem, Severity
from ..model.fastcheck import LightMap, light_map
from ..model.fields import ID_RE
from ..model.problems import describe
from ..model.rules import check
from ..model.text import inert
from . import yamlread
from .quotes import SourceTexts, check_sources
from .sources import load_sources

if TYPE_CHECKING:
    from ..model import ArgMap, Claim, Source
    from .ahead import ReadAhead

# pydantic (the models, their messages) is imported only when a map has an
# error or when its model is used: checking a valid map needs neither.

#: Files up to this many characters are read with positions in one pass.
_POSITIONS_AT_ONCE = 1_000_000

#: Largest map file read, in bytes (a 100,000-claim map is about 30 MB).
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        # One line, nothing a terminal acts on, whatever the file's name and
        # the values quoted in the message (inert() is idempotent).
        return f"{inert(self.path)}:{self.line}:{self.col}: {self.severity}: {inert(self.message)}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Loaded:
    path: Path
    #: The validated model (see :attr:`map`).
    _map: ArgMap | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: sha256 of the bytes read: saving compares it to detect changes on disk.
    digest: str | None = None
    #: The comment lines at the top of the file (e.g. a yaml-language-server
    #: schema line), which the canonical form keeps.
    header: str = ""
    #: Lines of the other comments, which the canonical form does not keep.
    comments: list[int] = field(default_factory=list)
    #: The source files, read once (see :func:`~argmap.io.sources.load_sources`).
    sources: SourceTexts = field(default_factory=dict)
    #: Diagnostics left out of ``diagnostics`` by a ``max_diagnostics`` limit.
    more_errors: int = 0
    more_warnings: int = 0
    #: The data of a valid map whose model is not built yet (:attr:`map` builds
    #: it), and how many claims it has.
    _raw: dict[str, Any] | None = field(default=None, repr=False)
    _raw_claims: int = field(default=0, repr=False)
    #: The light objects the fast check made of ``_raw``: read as they are
    #: (see :attr:`readable`), and the models are made from them.
    _light: LightMap | None = field(default=None, repr=False)

    @property
    def claim_count(self) -> int:
        """Claims in the valid map (0 when there is no map), without building its model."""
        if self._raw is not None:
            return self._raw_claims
        return 0 if self._map is None else len(self._map.claims)

    @property
    def map(self) -> ArgMap | None:
        """The validated model, or None when the map has errors.  Built on
        first use: a valid map is checked without the models (see
        :mod:`argmap.model.fastcheck`)."""
        if self._raw is not None:
            with gc_paused():
                if self._light is not None:
                    from ..model.construct import from_light

                    self._map = from_light(self._light, self._raw, consume=True)
                else:
                    from ..model import ArgMap

                    self._map = ArgMap.model_validate(self._raw)
            self._raw = self._light = None
        return self._map

    @map.setter
    def map(self, m: ArgMap | None) -> None:
        self._map, self._raw, self._light = m, None, None

    @property
    def readable(self) -> ArgMap | None:
        """The map to read, without building its model when the map was
        checked without it: the light objects have the models' fields, with
        the same values (see :mod:`argmap.model.fastcheck`).  Not for editing:
        use :attr:`map`."""
        if self._light is not None:
            return cast("ArgMap", self._light)
        return self.map

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def error_count(self) -> int:
        """Errors found, shown or not."""
        return len(self.errors) + self.more_errors

    def not_shown(self) -> str | None:
        """``"FILE: N more errors and M more warnings not shown"``, or None."""
        parts = [
            f"{n} more {what}{'s' * (n != 1)}"
            for n, what in ((self.more_errors, "error"), (self.more_warnings, "warning"))
            if n
        ]
        if not parts:
            return None
        return f"{inert(self.path)}: {' and '.join(parts)} not shown"

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    @property
    def ok(self) -> bool:
        return (self._map is not None or self._raw is not None) and not self.error_count


def leading_comments(text: str) -> str:
    """The block of ``#`` comment lines that opens ``text``, each ending in
    a plain newline."""
    if not text.startswith("#"):
        return ""
    lines = []
    at = 0  # the lines are found one by one (a map may have a million)
    while text.startswith("#", at):
        brk = _LINE_BREAK.search(text, at)
        end = len(text) if brk is None else brk.start()
        lines.append(text[at:end].rstrip("\r") + "\n")
        if brk is None:
            break
        at = brk.end()
    return "".join(lines)


#: Where ``str.splitlines`` splits.
_LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_map_file(p: Path) -> bytes | str:
    """The bytes of the map file ``p`` (of any format), or why they cannot be
    read, in words a person can act on.  Never blocks on a pipe or a device,
    never reads more than :data:`MAX_BYTES`."""
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return "no such file; check the path"
    except IsADirectoryError:
        return "is a directory; give the path of a map file (.yaml)"
    except PermissionError:
        return "permission denied; check the file's permissions"
    except OSError as e:
        return f"cannot read the file: {e.strerror or e}"
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            os.close(fd)
            return "is a directory; give the path of a map file (.yaml)"
        if not stat.S_ISREG(st.st_mode):
            os.close(fd)
            return "is not a regular file (a pipe or a device?); give the path of a map file"
        if st.st_size > MAX_BYTES:
            os.close(fd)
            return (f"file is {st.st_size / 2**20:.1f} MiB, more than the {MAX_BYTES // 2**20} MiB "
                    "a map may have; is this really a map?")
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as e:
        return f"cannot read the file: {e.strerror or e}"
    if len(data) > MAX_BYTES:
        return f"file is larger than the {MAX_BYTES // 2**20} MiB a map may have"
    return data


def load(
    path: str | os.PathLike[str], *, check_quotes: bool = True, max_diagnostics: int | None = None,
    ahead: ReadAhead | None = None,
) -> Loaded:
    """Read and validate the map at ``path``.  With ``max_diagnostics``, only
    the first that many diagnostics (by position) are made; the rest are
    counted in ``more_errors`` and ``more_warnings``.  ``ahead``: the file's
    bytes being parsed in a child process (see ``ahead.py``)."""
    p = Path(path)
    name = str(path)

    def fail(message: str, line: int = 1, col: int = 1) -> Loaded:
        return Loaded(p, None, [Diagnostic(name, line, col, Severity.ERROR, message)])

    parsed = None
    if ahead is not None and ahead.path == p:
        data: bytes | str = ahead.data
        parsed = ahead.result  # waited for only where the bytes would be parsed
    else:
        data = read_map_file(p)
    if isinstance(data, str):
        return fail(data)
    loaded = load_bytes(
        data, name, base_dir=p.parent, check_quotes=check_quotes, max_diagnostics=max_diagnostics,
        parsed=parsed,
    )
    loaded.path = p
    return loaded


def load_bytes(
    data: bytes,
    name: str,
    *,
    base_dir: Path | None = None,
    check_quotes: bool = True,
    max_diagnostics: int | None = None,
    parsed: Callable[[], yamlread.Read | None] | None = None,
) -> Loaded:
    """Validate the bytes of a map.  ``name`` is used in messages; source
    files are looked up under ``base_dir``.  ``parsed``: gives what
    ``yamlread.read(data)`` gives, read in another process (None if it could not)."""
    with gc_paused():
        return _load_bytes(data, name, base_dir, check_quotes, max_diagnostics, parsed)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a map's data is built.
    That data holds no cycles, but each collection walks all of it again,
    more often the more there is: with the collector on, reading and
    checking 100,000 claims took about 1.5 times as long."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if _freeze_after[0]:
            gc.freeze()
        gc.enable()


#: Whether what a load built is frozen (see :func:`freeze_after_loading`).
_freeze_after = [False]


def freeze_after_loading() -> None:
    """From now on, leave what a load builds out of the garbage collector's
    walks (``gc.freeze``): it holds no cycles, so reference counting frees it,
    and walking it again cost 0.13 s after opening 10,000 claims and 0.8 s per
    full collection at 100,000.  For a process that runs one command (or the
    TUI); not for a library's caller, whose cyclic garbage at that moment
    would be kept too."""
    _freeze_after[0] = True


def _load_bytes(
    data: bytes, name: str, base_dir: Path | None, check_quotes: bool, max_diagnostics: int | None,
    parsed: Callable[[], yamlread.Read | None] | None = None,
) -> Loaded:
    digest = digest_of(data)
    result = Loaded(Path(name), None, digest=digest)

    def fail(message: str, line: int = 1, col: int = 1) -> Loaded:
        result.diagnostics = [Diagnostic(name, line, col, Severity.ERROR, message)]
        return result

    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return fail(
            f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8", line, col
        )
    bom = decoded.startswith("\ufeff")
    if bom:
        decoded = decoded[1:]
    result.header = leading_comments(decoded)
    if not decoded or decoded.isspace():
        return fail(yamlread.EMPTY)
    commented = decoded.find("#", len(result.header)) >= 0
    # A large map is read from its bytes and its text let go: both cost
    # memory (and libyaml, given the text, makes a copy of its bytes).
    text = decoded if len(decoded) <= _POSITIONS_AT_ONCE else None
    del decoded

    def text_of() -> str:
        """The text, decoded again if it was let go."""
        return text if text is not None else data.decode("utf-8")[bom:]

    try:
        read: yamlread.Read | None = None
        if text is not None:
            # small files record positions at once (cheap), so that reporting
            # problems does not parse them a second time
            read = yamlread.read(text, positions=True)
        else:
            read = parsed() if parsed is not None else None
            if read is None:
                with contextlib.suppress(yamlread.YamlError):  # the text says where
                    read = yamlread.read(data)
            if read is None or read.duplicates:
                read = yamlread.read(text_of(), positions=True)
    except yamlread.YamlError as e:
        return fail(e.message, e.line, e.col)
    except RecursionError:  # pragma: no cover - the reader bounds nesting first
        return fail("nesting too deep")
    raw = read.data
    if not isinstance(raw, dict):
        what = "a list" if isinstance(raw, list) else "empty" if raw is None else "a single value"
        return fail(
            f"the top level is {what}; a map is a mapping with 'argmap: 1', 'title:' and 'claims:'"
        )

    version = raw.get("argmap", _MISSING)
    if version is not _MISSING and (version != FORMAT_VERSION or isinstance(version, bool)):
        shown = f"'{version}'" if isinstance(version, str) else str(version)
        unsupported = [
            Problem(
                ("argmap",),
                f"unsupported format version {shown}; this argmap reads 'argmap: {FORMAT_VERSION}'",
            )
        ]
        return _finish(result, name, text_of, unsupported, read, max_diagnostics)

    problems: list[Problem] = []
    m: ArgMap | LightMap | None = light_map(raw)
    if m is None:  # some field is invalid (or unusual): the models say what
        from pydantic import ValidationError

        from ..model import ArgMap
        from ..model.messages import validation_problems

        try:
            m = ArgMap.model_validate(raw)
        except ValidationError as e:
            problems += validation_problems(e)
            problems += _partial_rules(raw)
            return _finish(result, name, text_of, problems, read, max_diagnostics)
    # the light objects have the models' fields, with the same values (tests check)
    model = cast("ArgMap", m)
    problems += check(model.claims, model.sources)
    if base_dir is not None:
        result.sources = load_sources(model, base_dir, read=check_quotes)
        problems += check_sources(model, result.sources)
    if not any(p.is_error for p in problems) and not read.duplicates:
        if isinstance(m, LightMap):
            result._raw, result._raw_claims, result._light = raw, len(m.claims), m
        else:
            result.map = m
        if commented:
            result.comments = yamlread.comment_lines(text_of(), len(result.header))
    return _finish(result, name, text_of, problems, read, max_diagnostics)


class _Missing:
    pass


_MISSING = _Missing()


def _finish(
    result: Loaded,
    name: str,
    text: Callable[[], str],
    problems: list[Problem],
    read: yamlread.Read,
    limit: int | None = None,
) -> Loaded:
    """Locate the problems and make the diagnostics, in order of position.

    With ``limit``, only the first ``limit`` become diagnostics (messages
    are built for those alone); the others are only counted."""
    positions: dict[tuple[Any, ...], tuple[int, int]] = {}
    if read.positions:
        positions = read.positions
    elif problems or read.duplicates:
        positions = yamlread.read(text(), positions=True).positions
    dups = read.duplicates
    # (line, col, warning?, index): index < len(dups) is a duplicate key
    order: list[tuple[int, int, bool, int]] = [(line, col, False, i) for i, (_, line, col) in enumerate(dups)]
    n = len(dups)
    for i, p in enumerate(problems):
        line, col = locate(positions, p.loc)
        order.append((line, col, p.severity is not Severity.ERROR, n + i))
    if limit is not None and len(order) > limit:
        shown = heapq.nsmallest(limit, order)
        warnings = sum(1 for p in problems if p.severity is not Severity.ERROR)
        shown_warnings = sum(1 for x in shown if x[2])
        result.more_warnings = warnings - shown_warnings
        result.more_errors = len(order) - len(shown) - result.more_warnings
    else:
        shown = sorted(order)
    diags: list[Diagnostic] = []
    for line, col, _, i in shown:
        if i < n:
            path = dups[i][0]
            first = positions.get((*path, KEY))
            where = f" (first at line {first[0]})" if first else ""
            msg = (
                f"duplicate key '{path[-1]}'{where}; YAML would keep only the last one: "
                "rename or merge them"
            )
            diags.append(Diagnostic(name, line, col, Severity.ERROR, describe(path[:-1], msg)))
        else:
            p = problems[i - n]
            diags.append(Diagnostic(name, line, col, p.severity, describe(p.loc, p.message)))
    result.diagnostics = diags
    return result


def locate(positions: dict[tuple[Any, ...], tuple[int, int]], loc: tuple[Any, ...]) -> tuple[int, int]:
    """The position of ``loc``, or of the nearest enclosing entry that exists."""
    if loc in positions:
        return positions[loc]
    for i in range(len(loc) - 1, -1, -1):
        head = loc[:i]
        if (*head, KEY) in positions:
            return positions[(*head, KEY)]
        if head in positions:
            return positions[head]
    return (1, 1)


def _partial_rules(raw: dict[str, Any]) -> list[Problem]:
    """Cross-claim rules over the claims that did validate on their own."""
    from pydantic import ValidationError

    from ..model import Source
    raw_claims = raw.get("claims")
    raw_sources = raw.get("sources")
    if not isinstance(raw_claims, dict):
        return []
    claims: dict[str, Claim] = {}
    for cid, body in raw_claims.items():
        claim = _salvage(body)
        if claim is not None:
            claims[cid] = claim
    sources: dict[str, Source] = {}
    known_sources: set[str] = set()
    if isinstance(raw_sources, dict):
        known_sources = {s for s in raw_sources if isinstance(s, str) and ID_RE.match(s)}
        for sid, body in raw_sources.items():
            with contextlib.suppress(ValidationError):
                sources[sid] = Source.model_validate(body)
    known = {c for c in raw_claims if isinstance(c, str) and ID_RE.match(c)}
    return check(claims, sources, known_claims=known, known_sources=known_sources)


def _salvage(body: Any) -> Claim | None:
    """The claim ``body`` describes, with its invalid fields left out, so the
    cross-claim rules can still check what is valid.  A claim whose kind is
    invalid is checked as a conclusion (which has no kind rule)."""
    from pydantic import ValidationError

    from ..model import Claim
    if not isinstance(body, dict):
        return None
    try:
        return Claim.model_validate(body)
    except ValidationError as e:
        errors = e.errors()
        bad = {err["loc"][0] for err in errors if err["loc"]}
        if any(err["type"] == "extra_forbidden" for err in errors):
            bad.add("kind")  # a misspelt field may be the missing relation: no kind rule
    kept = {k: v for k, v in body.items() if k not in bad and k in Claim.model_fields}
    if bad & {"supports", "attacks", "undercuts"}:
        kept.pop("kind", None)  # its kind rule would only repeat the error
    kept.setdefault("kind", "conclusion")
    kept.setdefault("text", "?")
    try:
        return Claim.model_validate(kept)
    except ValidationError:
        return None


__all__ = ["MAX_BYTES", "Diagnostic", "Loaded", "digest_of", "load", "load_bytes", "locate"]
