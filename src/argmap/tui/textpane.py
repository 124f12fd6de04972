"""A pane of text that scrolls, drawn line by line.

The detail pane changes at every key (the claim under the cursor, a note
added, an undo).  As a Static inside a VerticalScroll, each change laid the
whole screen out again and, when the text's height changed, drew the pane
and its scrollbar a second time in the next frame (the Static was resized).
This pane keeps its size: new text is wrapped to its width and only its own
region is drawn again.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def set_virtual_size(view: ScrollView, size: Size) -> None:
    """Set ``view``'s virtual size. A view whose vertical scrollbar is always
    shown (``overflow-y: scroll``) and never scrolls sideways needs no layout
    of the screen for it (which Textual does for any virtual size, and then
    draws the scrollbar again in a second frame): only its scrollbar's thumb
    changes, drawn in the same frame."""
    if size == view.virtual_size:
        return
    update = getattr(view, "_scroll_update", None)  # (Textual's own, kept up to date by layout)
    styles = view.styles
    if update is None or styles.overflow_y != "scroll" or styles.overflow_x != "hidden" or not view.size:
        view.virtual_size = size
        return
    view.set_reactive(Widget.virtual_size, size)
    update(size)


class TextPane(ScrollView, can_focus=False):
    """``update(text)`` shows ``text`` (a rich Text, never markup), wrapped to
    the pane's width, from its top; ``render()`` is the text shown, whole."""

    #: Textual's text selection would read the unwrapped text at the wrong
    #: places: off (the terminal's own selection, shift-drag in most, and k,
    #: which copies the claim's card, remain)
    ALLOW_SELECT = False

    DEFAULT_CSS = """
    TextPane {
        overflow-x: hidden;
        overflow-y: scroll;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = Text()
        self._lines: list[Strip] = []
        self._width = -1  # the width the lines were wrapped to

    def render(self) -> Text:  # (never drawn: render_line draws its lines)
        return self._text

    def update(self, text: Text, keep_scroll: bool = False) -> None:
        """Show ``text`` from the top (``keep_scroll``: where the pane is scrolled to)."""
        self._text = text
        self._width = -1
        self._wrap()
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width == self._width:
            return
        self._width = width
        if width <= 0:
            self._lines = []
        else:
            console = self.app.console
            lines = self._text.wrap(console, width, justify="left", overflow="fold")
            self._lines = [Strip(line.render(console, end="")) for line in lines]
        set_virtual_size(self, Size(max(width, 0), len(self._lines)))

    def on_resize(self) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        self._wrap()
        width = self._width
        base = self.rich_style
        i = self.scroll_offset.y + y
        if not 0 <= i < len(self._lines) or width <= 0:
            return Strip.blank(max(width, 0), base)
        return self._lines[i].crop_extend(0, width, base).apply_style(base)
