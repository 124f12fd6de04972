"""Speaking time: how long a text takes to read aloud at a speaking rate.

Words are counted as runs of letters or digits (``Hezbollah's`` and
``2,000`` are one word each; punctuation and markers are none)."""

from __future__ import annotations

import math
import re

#: Words per minute of a debater reading evidence aloud (the CLI's default).
DEFAULT_WPM = 160
_WORD = re.compile(r"[^\W_]+(?:[’'.,-][^\W_]+)*")


def count_words(text: str) -> int:
    """The number of words in ``text``."""
    return len(_WORD.findall(text))


def reading_time(words: int, wpm: int = DEFAULT_WPM) -> float:
    """Seconds to read ``words`` words aloud at ``wpm`` words per minute."""
    if wpm <= 0:
        raise ValueError("the speaking rate must be a positive number of words per minute")
    return words * 60.0 / wpm


def clock(seconds: float) -> str:
    """``seconds`` as ``m:ss`` (rounded up to the next second), e.g. ``1:05``."""
    total = math.ceil(seconds - 1e-9) if seconds > 0 else 0
    return f"{total // 60}:{total % 60:02d}"


def timed(words: int, wpm: int = DEFAULT_WPM) -> str:
    """``"120 words, 0:45 at 160 wpm"``."""
    return f"{words} word{'s' * (words != 1)}, {clock(reading_time(words, wpm))} at {wpm} wpm"
