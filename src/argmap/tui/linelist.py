"""A list of one-line items drawn only where they show: thousands of prep
warnings open at once, as three open (an OptionList lays out every item
before the first frame)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .textpane import set_virtual_size


class LineList(ScrollView, can_focus=True):
    """``count`` items, item ``i`` drawn by ``render_item(i)`` (one line, cut
    with an ellipsis) when it scrolls into view; a cursor moved with the
    arrow keys, page keys, home and end; enter (or a click) selects."""

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES = {"line-list--cursor"}
    DEFAULT_CSS = """
    LineList {
        height: 1fr;
        background: $surface;
    }
    LineList > .line-list--cursor {
        background: $block-cursor-blurred-background;
    }
    LineList:focus > .line-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    cursor: reactive[int] = reactive(0)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to item ``index``."""

        list: LineList
        index: int

        @property
        def control(self) -> LineList:  # (so that @on can match the list by its id)
            return self.list

    @dataclass
    class Selected(Message):
        """Item ``index`` was chosen (enter or a click)."""

        list: LineList
        index: int

        @property
        def control(self) -> LineList:
            return self.list

    def __init__(self, count: int, render_item: Callable[[int], Text], **kwargs) -> None:
        super().__init__(**kwargs)
        self.count = count
        self._render_item = render_item
        self._items: dict[int, Text] = {}
        self.virtual_size = Size(0, count)

    def reset(self, count: int, keep: bool = False) -> None:
        """Show ``count`` other items, the cursor on the first (``keep``: the
        same items drawn again, the cursor and the scroll where they were)."""
        self.count = count
        self._items.clear()
        set_virtual_size(self, Size(0, count))
        if keep and self.cursor < count:
            self.refresh()
            return
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.set_reactive(LineList.cursor, 0)
        self.refresh()
        if count:
            self.post_message(self.Highlighted(self, 0))

    def on_resize(self) -> None:
        self._items.clear()  # (an item may be written for the width)
        self.refresh()

    def item(self, i: int) -> Text:
        text = self._items.get(i)
        if text is None:
            text = self._items[i] = self._render_item(i)
        return text

    def render_line(self, y: int) -> Strip:
        i = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not 0 <= i < self.count:
            return Strip.blank(width, base)
        text = self.item(i).copy()
        text.no_wrap, text.overflow = True, "ellipsis"
        text.truncate(width, overflow="ellipsis", pad=True)
        style = self.get_component_rich_style("line-list--cursor") if i == self.cursor else None
        strip = Strip(list(text.render(self.app.console, end=""))).crop_extend(0, width, base)
        return strip.apply_style(base + style) if style is not None else strip.apply_style(base)

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self, new))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, self.count - 1))

    def action_move(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else self.count - 1

    def action_select(self) -> None:
        if self.count:
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        i = self.scroll_offset.y + offset.y
        if 0 <= i < self.count:
            self.cursor = i
            self.post_message(self.Selected(self, i))
