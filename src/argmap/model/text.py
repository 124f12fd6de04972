"""Text from a map or a command line made inert for a terminal.

:func:`inert` shows control characters (C0, DEL, C1), line and paragraph
separators and the bidi controls escaped, so that a value printed inside a
message can neither drive the terminal (``ESC``, ``BEL``, OSC 52 ...),
reorder what is shown around it, nor start a new output line.  Backslashes
are left alone: the function is idempotent, so a message may pass through
it more than once.
"""

from __future__ import annotations

import re

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    n = ord(ch)
    return f"\\x{n:02x}" if n <= 0xFF else f"\\u{n:04x}"


def inert(text: object, keep: str = "") -> str:
    """``text`` (made a string) with every unsafe character escaped, except
    those in ``keep`` (e.g. ``"\n\t"`` for a document that keeps line breaks)."""
    s = text if isinstance(text, str) else str(text)
    if keep:
        return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), s)
    return UNSAFE.sub(_escape, s)

