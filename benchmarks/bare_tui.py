"""The floor for the TUI benchmarks: a bare Textual app of the same size and
shape as argmap's (a tree of 200 rows, a detail pane, a status line, a footer,
a one-field modal form) doing the least each key can do: move the cursor and
show the row's text; close the form and show what was typed.

    python benchmarks/bare_tui.py     (what tmux_tui.py starts as its floor)
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Header, Input, Static, Tree


class Form(ModalScreen[str]):
    def compose(self) -> ComposeResult:
        with Vertical():
            yield Input(id="text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)


class Bare(App[None]):
    BINDINGS = [("n", "note", "Note")]
    CSS = "#tree { width: 1fr; } #detail { width: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            tree: Tree[str] = Tree("map", id="tree")
            tree.show_root = False
            for i in range(200):
                tree.root.add_leaf(f"◆ c{i}  claim text {i} " * 3, data=f"c{i}")
            yield tree
            yield Static(id="detail")
        yield Static("status", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self.query_one("#detail", Static).update(f"{event.node.data}\n{event.node.label}")

    def action_note(self) -> None:
        self.push_screen(Form(), lambda text: self.query_one("#detail", Static).update(text or ""))


if __name__ == "__main__":
    Bare().run()
