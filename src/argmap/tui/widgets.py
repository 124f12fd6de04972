"""The map tree and the claim detail pane."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Self

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Tree
from textual.widgets._header import HeaderClock, HeaderClockSpace, HeaderIcon, HeaderTitle
from textual.widgets.tree import TreeNode

from ..analysis.evaluation import Change, Evaluation
from ..analysis.semantics import caveat_marks, caveats
from ..model import ArgMap
from ..model.graph import Graph, Relation
from .style import KIND_STYLE, LABEL_STYLE, RELATION_STYLE, escape_controls, one_line, strength_bar

#: Children added to a node at a time: very wide nodes stay responsive.
CHUNK = 100


@dataclass(frozen=True)
class NodeData:
    cid: str
    parent: str | None
    relation: Relation | None
    ancestors: frozenset[str]
    back_ref: bool = False  # a cycle back to an ancestor: never expanded


class MapTree(Tree[NodeData]):
    """Roots are claims that support or attack nothing; under each claim its
    supporters, attackers and undercutters.  Children are added when a node
    is first expanded; a cycle is shown once, then as a back-reference."""

    BINDINGS = [
        Binding("right", "expand_or_child", "Expand", show=False),
        Binding("left", "collapse_or_parent", "Collapse", show=False),
    ]

    #: while the tree's rows change (nodes added or removed, the rows counted again)
    _rows_changing = False

    @contextmanager
    def _changing_rows(self) -> Iterator[None]:
        self._rows_changing = True
        try:
            yield
        finally:
            self._rows_changing = False

    def _invalidate(self) -> None:
        with self._changing_rows():
            super()._invalidate()

    def _build(self) -> None:
        with self._changing_rows():
            super()._build()

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        """Textual's tree lays out the screen whenever its rows change (and
        draws the scrollbars again in a second frame): a search, a filter or
        a new claim took a frame of 35 to 45 ms more at 10,000 claims.  The
        tree's size does not follow its rows, and with both scrollbars always
        there (``overflow: scroll``) no layout is needed: only the
        scrollbars' thumbs change, drawn in the same frame."""
        if layout and self._rows_changing and not recompose and self.size:
            styles = self.styles
            if styles.overflow_x == "scroll" and styles.overflow_y == "scroll":
                self._scroll_update(self.virtual_size)
                layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        if previous_line != line and self.on_cursor is not None and self.is_attached:
            # after the app's message at hand (never halfway through a rebuild
            # of the tree); see on_cursor
            self.app.call_next(self._cursor_moved)

    def _cursor_moved(self) -> None:
        node = self.cursor_node
        if self.on_cursor is not None and node is not None:
            self.on_cursor(node.data.cid if node.data is not None else None)

    def action_expand_or_child(self) -> None:
        node = self.cursor_node
        if node is None or not node.allow_expand:
            return
        if node.is_expanded:
            self.action_cursor_down()
        else:
            self._fill(node)
            node.expand()

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        else:
            self.action_cursor_parent()

    #: called with the claim under the cursor (None: a row of no claim)
    #: once it moved: after the app's message at hand, so for a key before
    #: the frame that draws the cursor, and what shows the claim is drawn in
    #: that frame too (Tree.NodeHighlighted goes up through three message
    #: queues: a frame later). A click, handled in the tree's own queue, or
    #: a row moved while the tree is drawn, may still take a frame more.
    on_cursor: Callable[[str | None], None] | None = None

    def __init__(self, **kwargs) -> None:
        super().__init__("map", **kwargs)
        self.show_root = False
        self.guide_depth = 3
        self.map: ArgMap | None = None
        self.graph: Graph | None = None
        self.shown_ids: set[str] | None = None  # None: everything; else only these ids
        self.marked: set[str] = set()
        self._more: dict[object, tuple[TreeNode[NodeData], list[NodeData]]] = {}
        self._pending_cursor: TreeNode[NodeData] | None = None
        self.evaluation: Evaluation | None = None
        self.changes: dict[str, Change] = {}
        #: claims changed since the last save, marked while the changes view (D) is on
        self.edited: set[str] = set()
        #: claims whose marks wait for an evaluation running in the background
        self.pending: set[str] = set()
        #: every loaded node of each claim (a claim can sit under several parents)
        self._claim_nodes: dict[str, list[TreeNode[NodeData]]] = {}

    # -- building -------------------------------------------------------------------

    def load(self, m: ArgMap, graph: Graph, visible: set[str] | None = None,
             highlight: set[str] | None = None, evaluation: Evaluation | None = None,
             changes: dict[str, Change] | None = None,
             expanded: list[tuple[str, ...]] | None = None) -> None:
        """(Re)build the tree, keeping expanded nodes (or expanding ``expanded``)
        and the cursor where possible."""
        self.evaluation = evaluation
        self.changes = changes or {}
        if expanded is None:
            expanded = self._expanded_paths()
        cursor = self._path(self.cursor_node) if self.cursor_node is not None else None
        self.map, self.graph = m, graph
        self.shown_ids = visible
        self.marked = highlight or set()
        self.clear()
        self._more.clear()
        self._claim_nodes.clear()
        for data in self._root_data():
            self._add(self.root, data)
        if visible is not None:
            self._expand_all_visible()
        else:
            for path in sorted(expanded, key=len):
                node = self.find_path(path)
                if node is not None:
                    node.expand()
                    self._fill(node)
        if cursor:
            self.reveal_path(cursor)
        elif self.root.children:
            self.move_cursor(self.root.children[0])

    def _root_data(self) -> list[NodeData]:
        assert self.graph is not None
        visible = self.shown_ids
        return [NodeData(cid, None, None, frozenset()) for cid in self.graph.tree_roots()
                if visible is None or cid in visible]

    def _add(self, parent: TreeNode[NodeData], data: NodeData) -> TreeNode[NodeData]:
        assert self.graph is not None
        kids = [] if data.back_ref else self._children(data)
        node = parent.add(self.label_for(data), data=data, allow_expand=bool(kids))
        self._claim_nodes.setdefault(data.cid, []).append(node)
        return node

    def _forget(self, node: TreeNode[NodeData]) -> None:
        """Drop ``node``'s subtree from the index (before it is removed)."""
        stack = [node]
        while stack:
            n = stack.pop()
            stack.extend(n.children)
            self._more.pop(n.id, None)
            if n.data is not None:
                nodes = self._claim_nodes.get(n.data.cid)
                if nodes is not None:
                    nodes[:] = [x for x in nodes if x is not n]
                    if not nodes:
                        del self._claim_nodes[n.data.cid]

    # -- incremental updates --------------------------------------------------------

    def update_claims(self, m: ArgMap, graph: Graph, changed: set[str], old_parents: set[str] | None = None) -> None:
        """After an edit of the claims in ``changed``: rebuild only the child
        lists that changed (where they are loaded) and relabel the changed
        rows; the rest of the tree, its expanded nodes and the cursor stay.
        ``old_parents``: what the changed claims sat under before the edit
        (None: their relations did not change)."""
        self.map, self.graph = m, graph
        cursor = self._path(self.cursor_node) if self.cursor_node is not None else None
        if old_parents is not None:
            parents = set(old_parents)
            for cid in changed:
                c = m.claims.get(cid)
                if c is not None:
                    parents.update(c.supports, c.attacks, (u.from_ for u in c.undercuts))
            self._reconcile(self.root, self._root_data())
            for cid in parents:
                for node in list(self._claim_nodes.get(cid, ())):
                    if node.data is not None and node in self._claim_nodes.get(cid, ()):  # not removed meanwhile
                        self._reconcile(node, [] if node.data.back_ref else self._children(node.data))
        self.relabel(changed)
        if cursor and (self.cursor_node is None or self._path(self.cursor_node) != cursor):
            self.reveal_path(cursor)
        elif not cursor and self.root.children:
            self.move_cursor(self.root.children[0])

    def _reconcile(self, node: TreeNode[NodeData], kids: list[NodeData]) -> None:
        have = [c.data for c in node.children if c.data is not None]
        loaded = bool(node.children) or node is self.root or node.is_expanded
        if not loaded:
            node.allow_expand = bool(kids)
            return
        if have == kids and not any(c.id in self._more for c in node.children):
            return
        expanded = [p for p in self._expanded_paths() if p[: len(self._path(node))] == self._path(node)
                    and len(p) > len(self._path(node))]
        for child in list(node.children):
            self._forget(child)
        node.remove_children()
        if node is not self.root:
            node.allow_expand = bool(kids)
        self._add_chunk(node, kids)
        for path in sorted(expanded, key=len):
            found = self.find_path(path)
            if found is not None:
                found.expand()
                self._fill(found)

    def relabel(self, cids: set[str]) -> None:
        """Draw again the rows of ``cids`` (their marks or text changed)."""
        for cid in cids:
            for node in self._claim_nodes.get(cid, ()):
                if node.data is not None:
                    node.set_label(self.label_for(node.data))

    def _children(self, data: NodeData) -> list[NodeData]:
        assert self.graph is not None
        inner = data.ancestors | {data.cid}
        out = []
        for child in self.graph.children(data.cid, data.parent):
            if self.shown_ids is not None and child.id not in self.shown_ids:
                continue
            out.append(NodeData(child.id, data.cid, child.relation, inner, child.id in inner))
        return out

    def _fill(self, node: TreeNode[NodeData]) -> None:
        """Add a node's children the first time it is expanded."""
        if node.data is None or node.children or not node.allow_expand:
            return
        self._add_chunk(node, self._children(node.data))

    def _add_chunk(self, node: TreeNode[NodeData], kids: list[NodeData]) -> None:
        for child in kids[:CHUNK]:
            self._add(node, child)
        if len(kids) > CHUNK:
            more = node.add_leaf(Text(f"… {len(kids) - CHUNK} more: press enter", style="dim italic"))
            self._more[more.id] = (node, kids[CHUNK:])

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        if event.node.id in self._more and event.node.parent is not None:
            event.stop()
            self._load_more(event.node.parent)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        self._fill(event.node)

    #: Rows a search or filter opens at most (breadth first); deeper matches
    #: stay under collapsed rows, opened by → or by enter (next match).
    EXPAND_LIMIT = 60

    def _expand_all_visible(self) -> None:
        queue = deque(self.root.children)
        rows = len(queue)
        while queue and rows < self.EXPAND_LIMIT:
            node = queue.popleft()
            if node.allow_expand:
                self._fill(node)
                node.expand()
                rows += len(node.children)
                queue.extend(node.children)

    # -- labels ---------------------------------------------------------------------

    def label_for(self, data: NodeData) -> Text:
        assert self.map is not None
        claim = self.map.claims[data.cid]
        label = Text(no_wrap=True, overflow="ellipsis")
        if data.relation is not None:
            symbol, style = RELATION_STYLE[data.relation]
            label.append(f"{symbol} ", style=style)
        if self.evaluation is None or data.cid in self.pending:
            label.append("… ", style="dim")
        else:
            state = self.evaluation.labels.get(data.cid)
            if state is None:  # withdrawn in a what-if
                label.append("⊘ ", style="bold magenta")
            else:
                symbol, style = LABEL_STYLE[state.value]
                label.append(f"{symbol} ", style=style)
        symbol, style = KIND_STYLE[claim.kind]
        label.append(f"{symbol} ", style=style)
        label.append(data.cid, style="bold" if data.cid in self.marked else "dim")
        if data.cid in self.edited:
            label.append(" ✎", style="bold green")
        marks = "".join(c.mark for c in caveats(claim))
        if marks:
            label.append(f" {marks}", style="yellow")
        change = self.changes.get(data.cid)
        if change is not None and change.after_label is not None:  # before the text, or it is cut off
            moved = f"{change.before_strength:.2f}→{change.after_strength:.2f}"
            if change.before_label != change.after_label:
                moved = f"{change.before_label}→{change.after_label} {moved}"
            label.append(f" Δ {moved}", style="bold magenta")
        label.append("  ")
        text_style = "reverse" if data.cid in self.marked else ""
        label.append(one_line(claim.text), style=text_style)
        if data.back_ref:
            label.append("  ↺ cycle, see above", style="italic yellow")
        return label

    # -- paths ----------------------------------------------------------------------

    def _all_nodes(self) -> list[TreeNode[NodeData]]:
        out, stack = [], list(self.root.children)
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(node.children)
        return out

    @staticmethod
    def _path(node: TreeNode[NodeData] | None) -> tuple[str, ...]:
        path: list[str] = []
        while node is not None and node.data is not None:
            path.append(node.data.cid)
            node = node.parent
        return tuple(reversed(path))

    def _expanded_paths(self) -> list[tuple[str, ...]]:
        return [self._path(n) for n in self._all_nodes() if n.is_expanded and n.data is not None]

    def find_path(self, path: tuple[str, ...]) -> TreeNode[NodeData] | None:
        """The node at ``path`` (ids from a root), loading children on the way."""
        node = self.root
        for i, cid in enumerate(path):
            if i:
                self._fill(node)
            found = self._child(node, cid)
            while found is None and self._load_more(node):
                found = self._child(node, cid)
            if found is None:
                return None
            node = found
        return node

    @staticmethod
    def _child(node: TreeNode[NodeData], cid: str) -> TreeNode[NodeData] | None:
        for child in node.children:
            if child.data is not None and child.data.cid == cid:
                return child
        return None

    def _load_more(self, node: TreeNode[NodeData]) -> bool:
        """Add the next chunk of ``node``'s children; False when all are there."""
        for child in node.children:
            entry = self._more.pop(child.id, None)
            if entry is not None:
                child.remove()
                self._add_chunk(*entry)
                return True
        return False

    def reveal_path(self, path: tuple[str, ...]) -> bool:
        """Expand down to ``path`` and put the cursor on it."""
        node = self.root
        found = None
        for i in range(len(path), 0, -1):  # the longest prefix that still exists
            found = self.find_path(path[:i])
            if found is not None:
                break
        if found is None:
            return False
        parent = found.parent
        while parent is not None and parent is not self.root:
            parent.expand()
            parent = parent.parent
        node = found
        self._pending_cursor = node
        self.move_cursor(node)

        def settle() -> None:
            if self._pending_cursor is node:
                self.move_cursor(node)
                self.scroll_to_node(node, animate=False)

        self.call_after_refresh(settle)
        return len(self._path(node)) == len(path)

    def reveal(self, cid: str) -> bool:
        """Show claim ``cid`` (on its first path from a root) and put the cursor on it."""
        assert self.graph is not None
        for path in self.graph.paths_to(cid, limit=20):
            if (self.shown_ids is None or all(p in self.shown_ids for p in path)) and self.reveal_path(tuple(path)):
                return True
        return False

    @property
    def selected_id(self) -> str | None:
        node = self.cursor_node
        return node.data.cid if node is not None and node.data is not None else None


class Detail:
    """Builds the detail pane's text for one claim (kept apart from widgets
    so that it is plain, testable rendering)."""

    @staticmethod
    def render(m: ArgMap, g: Graph, cid: str, ev: Evaluation | None = None,
               warnings: list[str] | None = None, change: Change | None = None, why: str | None = None) -> Text:
        from .style import kind_badge

        c = m.claims[cid]
        t = Text()
        t.append_text(kind_badge(c.kind))
        t.append(f"   {cid}\n\n", style="dim")
        t.append(escape_controls(c.text) + "\n", style="bold")
        if c.tags:
            t.append("\nTags: ", style="dim")
            t.append(escape_controls(", ".join(c.tags)) + "\n")
        if caveats(c):
            t.append("Caveat: " + caveat_marks(c) + "\n", style="yellow")
        base = f"{c.strength:g}" + ("" if "strength" in c.model_fields_set else " (default)")
        if ev is not None and cid in ev.labels:
            label = ev.labels[cid].value
            symbol, style = LABEL_STYLE[label]
            t.append("\n")
            t.append(f"{symbol} {label}", style=style)
            t.append(f"   side: {ev.sides[cid].value}\n", style="dim")
            if why:
                t.append(escape_controls(why) + "\n", style="italic")
            t.append("Strength: ", style="dim")
            t.append_text(strength_bar(ev.strengths[cid]))
            t.append(f" {ev.strengths[cid]:.2f}", style="bold")
            t.append(f" (base {c.strength:g})\n", style="dim")
            if change is not None and change.after_label is not None:
                t.append(f"What-if: {change.before_label} {change.before_strength:.2f} → "
                         f"{change.after_label} {change.after_strength:.2f}\n", style="magenta")
        elif ev is not None:
            t.append("\nWithdrawn in this what-if (w toggles it back).\n", style="bold magenta")
        else:
            t.append("Strength: ", style="dim")
            t.append(base + "\n")
        for w in warnings or ():
            t.append("⚠ " + escape_controls(w) + "\n", style="yellow")
        if c.quote is not None:
            q = c.quote
            t.append("\nQuote\n", style="bold underline")
            t.append(f"“{escape_controls(q.text)}”\n", style="italic")
            src = m.sources.get(q.source)
            cite = [src.title] if src else [q.source]
            if src is not None:
                cite += [x for x in (src.author, src.date) if x]
            if q.locator:
                cite.append(q.locator)
            t.append("— " + escape_controls(", ".join(cite)) + "\n", style="dim")
        if c.annotations:
            t.append("\nNotes\n", style="bold underline")
            for a in c.annotations:
                who = " · ".join(x for x in (a.by, a.at) if x)
                t.append("• " + escape_controls(a.text) + "\n")
                if who:
                    t.append(f"  {escape_controls(who)}\n", style="dim")
        return t

    @staticmethod
    def links(m: ArgMap, g: Graph, cid: str) -> list[tuple[str, str]]:
        """(heading, claim id) pairs for the lists that jump to related claims."""
        c = m.claims[cid]
        out: list[tuple[str, str]] = []
        out += [("supports", t) for t in c.supports]
        out += [("attacks", t) for t in c.attacks]
        out += [("undercuts link from", u.from_) for u in c.undercuts]
        out += [("supported by", s) for s in g.supporters.get(cid, ())]
        out += [("attacked by", a) for a in g.attackers.get(cid, ())]
        for t in c.supports:
            out += [(f"undercut by (link to {t})", u) for u in g.undercutters.get((cid, t), ())]
        return out


class MapHeader(Header):
    """Textual's header, its title drawn again without laying out the
    screen (the title's width is the row's whatever it says): the "●" of
    unsaved edits comes with the first edit, goes with a save, and a layout
    then cost the edit a second frame."""

    def compose(self) -> ComposeResult:
        yield HeaderIcon().data_bind(Header.icon)
        yield _SameSizeTitle()
        yield HeaderClock().data_bind(Header.time_format) if self._show_clock else HeaderClockSpace()


class _SameSizeTitle(HeaderTitle):
    def update(self, content="", *, layout: bool = False) -> None:
        super().update(content, layout=layout)


@dataclass(frozen=True)
class FooterItem:
    """A key the footer shows, and where (its cells, from ``start`` to ``end``)."""

    key: str
    shown: str  #: the key as displayed (^s)
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool  #: the command palette's key, on the right
    start: int = 0
    end: int = 0


class PriorityFooter(Widget, can_focus=False):
    """The keys of the focused widget and its screen, in one row: a compact
    footer that, when the row is too narrow for every key, keeps the keys
    that matter most (``priority``: actions, most important first) and drops
    the others (help and the palette list them all).

    One widget that draws every key, where Textual's ``Footer`` mounts a
    widget for each: those were 17 widgets to style at the start (about
    50 ms) and to mount again, with a layout of the screen, whenever the
    keys changed.  Here new keys are one line drawn again.  A click on a key
    presses it; hovering shows its tooltip."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key", "footer-key--description", "footer-key--hover", "footer-key--disabled",
        "footer--bar",
    }
    DEFAULT_CSS = """
    PriorityFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer-key--hover { background: $block-hover-background; }
        & > .footer-key--disabled { text-style: dim; }
        & > .footer--bar { color: $foreground 20%; }
    }
    """

    def __init__(self, priority: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.priority = priority
        #: the keys shown, in order, with their cells
        self.items: list[FooterItem] = []
        self._hover: int | None = None

    def _plan(self) -> list[FooterItem]:
        """The keys to show now: those of the focused widget and its screen
        that fit, the most important first, in the order Textual gives them."""
        active = self.screen.active_bindings
        items: dict[str, tuple[Binding, str, bool, str]] = {}  # action -> binding, key shown, enabled, tooltip
        for _node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in items:
                items[binding.action] = (binding, self.app.get_key_display(binding), enabled, tooltip)
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.app.ENABLE_COMMAND_PALETTE else None
        width = self.size.width or self.app.size.width
        plan: list[FooterItem] = []
        if palette is not None:
            _node, binding, _enabled, tooltip = palette
            shown = self.app.get_key_display(binding)
            start = width - (cell_len(shown) + cell_len(binding.description) + 2)  # (its bar's cell)
            if start >= 0:  # (else the row is too narrow for it)
                plan.append(FooterItem(binding.key, shown, binding.description, binding.action, True,
                                       tooltip or binding.description, True, start + 1, width))
                width = start
        rank = {action: i for i, action in enumerate(self.priority)}
        kept: set[str] = set()
        budget = width
        for action in sorted(items, key=lambda a: rank.get(a, len(rank))):
            binding, shown, _enabled, _tooltip = items[action]
            cells = cell_len(shown) + cell_len(binding.description) + 2
            if cells <= budget:
                kept.add(action)
                budget -= cells
        x = 0
        keys: list[FooterItem] = []
        for action in (a for a in items if a in kept):
            binding, shown, enabled, tooltip = items[action]
            end = x + cell_len(shown) + 1 + cell_len(binding.description)
            keys.append(FooterItem(binding.key, shown, binding.description, binding.action, enabled, tooltip,
                                   False, x, end))
            x = end + 1
        return keys + plan

    def update_keys(self) -> bool:
        """Show the keys of now, if they are not those shown; whether they changed."""
        if not self.is_attached:
            return False
        plan = self._plan()
        if plan == self.items:
            return False
        self.items = plan
        self._hover = None
        self.tooltip = None
        self.refresh()
        return True

    def bindings_changed(self, screen: Screen) -> None:
        if screen.app.app_focus and screen is self.screen:
            self.update_keys()

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def on_resize(self) -> None:
        self.update_keys()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        # (only what they change: a background, dim; the key keeps its colour)
        hover = self.get_component_rich_style("footer-key--hover", partial=True)
        dim = self.get_component_rich_style("footer-key--disabled", partial=True)
        out = Text(no_wrap=True, overflow="crop", end="")
        for i, item in enumerate(self.items):
            if item.palette:
                out.append(" " * max(0, item.start - 1 - out.cell_len))
                out.append("▏", self.get_component_rich_style("footer--bar"))
            extra = (hover if i == self._hover else Style()) + (dim if not item.enabled else Style())
            out.append(item.shown, key_style + extra)
            out.append(" " + item.description, description_style + extra)
            if not item.palette:
                out.append(" ")
        return out

    def _at(self, x: int) -> int | None:
        for i, item in enumerate(self.items):
            if item.start <= x < item.end:
                return i
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        at = self._at(event.x)
        if at != self._hover:
            self._hover = at
            self.tooltip = self.items[at].tooltip or None if at is not None else None
            self.refresh()

    def on_leave(self) -> None:
        self.tooltip = None
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        at = self._at(event.x)
        if at is None:
            return
        if self.items[at].enabled:
            self.app.simulate_key(self.items[at].key)
        else:
            self.app.bell()
