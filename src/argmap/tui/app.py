"""The argmap terminal UI: a tree of the map, the selected claim's detail,
and every edit through the command layer (undo/redo, safe saving)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, Tree
from textual.widgets.option_list import Option

from ..analysis.prep import all_tags, unanswered_counterpoints
from ..io.document import Document
from ..io.loader import Loaded
from ..io.save import ChangedOnDisk
from ..model import Claim, Kind, Quote
from ..model.graph import Graph
from ..model.ops import OpError, add_claim, delete_claim, deletion_plan, note, replace_claim
from ..model.rules import did_you_mean
from .commands import ClaimCommands
from .screens import TextInput, ChoiceScreen, ClaimFields, ClaimForm, ErrorScreen, FilterScreen, HelpScreen, NoteForm, PromptScreen
from .style import one_line
from .widgets import Detail, MapTree, NodeData

ADD_TITLES = {
    Kind.REBUTTAL: "Rebut",
    Kind.COUNTERPOINT: "Counterpoint against",
    Kind.PREMISE: "Premise supporting",
    Kind.EVIDENCE: "Evidence supporting",
}


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class ArgmapApp(App[None]):
    CSS_PATH = "argmap.tcss"
    TITLE = "argmap"
    COMMANDS = App.COMMANDS | {ClaimCommands}
    BINDINGS = [
        Binding("g", "goto", "Go to", id="goto", tooltip="Go to a claim by its id"),
        Binding("r", "add('rebuttal')", "Rebut", id="rebut", tooltip="Add a rebuttal attacking the selected claim"),
        Binding("c", "add('counterpoint')", "Counter", id="counter", tooltip="Add a counterpoint attacking the selected claim"),
        Binding("p", "add('premise')", "Premise", id="premise", tooltip="Add a premise supporting the selected claim"),
        Binding("v", "add('evidence')", "Evidence", id="evidence", tooltip="Add evidence supporting the selected claim"),
        Binding("n", "note", "Note", id="note", tooltip="Add a note to the selected claim"),
        Binding("e", "edit", "Edit", id="edit", tooltip="Edit the selected claim"),
        Binding("delete", "delete", "Delete", id="delete", show=False, tooltip="Delete the selected claim"),
        Binding("ctrl+z", "undo", "Undo", id="undo", tooltip="Undo the last edit"),
        Binding("ctrl+y", "redo", "Redo", id="redo", show=False, tooltip="Redo the last undone edit"),
        Binding("slash", "search", "Search", id="search", tooltip="Search text, ids and tags"),
        Binding("f", "filter", "Filter", id="filter", tooltip="Show all, unanswered counterpoints, or a tag"),
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the map (atomically)"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit (asks about unsaved edits)"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("question_mark", "help", "Help", id="help", tooltip="Show keys and symbols"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    KEYS_HELP = [
        ("↑ ↓ ← →", "move; enter or space expands and collapses"),
        ("g", "go to a claim by id (with completion)"),
        ("r", "rebut the selected claim"),
        ("c", "add a counterpoint attacking it"),
        ("p", "add a premise supporting it"),
        ("v", "add evidence supporting it"),
        ("n", "add a note to it"),
        ("e", "edit it (text, kind, tags, strength, quote)"),
        ("delete", "delete it (asks first, says what refers to it)"),
        ("ctrl+z / ctrl+y", "undo / redo"),
        ("/", "search text, ids and tags; enter: next match; escape: clear"),
        ("f", "filter: all, unanswered counterpoints, a tag"),
        ("ctrl+s", "save"),
        ("q", "quit (asks about unsaved edits)"),
        ("?", "this help"),
        ("ctrl+p", "command palette"),
    ]

    def __init__(self, path: str | Path, loaded: Loaded | None = None, *, blink: bool = True) -> None:
        super().__init__()
        #: Whether text cursors blink (off in tests, for stable snapshots).
        self.blink = blink
        self.path = Path(path)
        if loaded is None:
            self.doc, self.loaded = Document.open(self.path)
        else:
            self.loaded = loaded
            self.doc = Document(loaded) if loaded.ok else None
        self.graph: Graph | None = None
        self.view = "all"
        self.query_text = ""
        self.matches: list[str] = []
        self.match_index = -1

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield MapTree(id="tree")
            with Vertical(id="detail-pane"):
                with VerticalScroll(id="detail-scroll"):
                    yield Static(id="detail")
                yield OptionList(id="links")
        yield TextInput(id="search", placeholder="search text, ids and tags (enter: next, escape: clear)")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        if self.doc is None:
            self.title = "argmap"
            self.push_screen(ErrorScreen(str(self.path), [str(d) for d in self.loaded.diagnostics]))
            return
        self.refresh_view()
        self.query_one(MapTree).focus()
        recovered = self.doc.read_recovery()
        if recovered is not None:
            self.push_screen(
                ChoiceScreen(
                    "Unsaved edits found",
                    f"{self.doc.recovery.name} holds edits to {self.path.name} that were never saved "
                    "(argmap stopped before saving). Restore them?",
                    [("restore", "Restore", "r"), ("discard", "Discard", "d")],
                ),
                self._recovery_chosen,
            )

    def _recovery_chosen(self, choice: str | None) -> None:
        assert self.doc is not None
        if choice == "restore":
            recovered = self.doc.read_recovery()
            if recovered is not None:
                self.doc.restore_recovery(recovered)
                self.notify("Restored the unsaved edits; ctrl+s saves them.")
        else:
            self.doc.discard()
        self.refresh_view()

    # -- the view -------------------------------------------------------------------------

    @property
    def tree(self) -> MapTree:
        return self.query_one(MapTree)

    @property
    def selected(self) -> str | None:
        return self.tree.selected_id

    def refresh_view(self) -> None:
        """Rebuild after an edit or a change of filter/search."""
        assert self.doc is not None
        m = self.doc.map
        self.graph = g = Graph.of(m)
        base: set[str] | None = None
        if self.view == "unanswered":
            base = set(unanswered_counterpoints(m, g))
        elif self.view.startswith("tag:"):
            tag = self.view[4:]
            base = {cid for cid, c in m.claims.items() if tag in c.tags}
        matches: set[str] | None = None
        if self.query_text:
            q = self.query_text.casefold()
            matches = {
                cid
                for cid, c in m.claims.items()
                if q in cid.casefold() or q in c.text.casefold() or any(q in t.casefold() for t in c.tags)
            }
            if base is not None:
                matches &= base
        shown = matches if matches is not None else base
        visible = None if shown is None else self._with_ancestors(shown, g)
        self.tree.load(m, g, visible, highlight=shown or set())
        order = {cid: i for i, cid in enumerate(m.claims)}
        self.matches = sorted(shown or (), key=order.__getitem__) if self.query_text else []
        self.match_index = -1
        self.update_title()
        self.show_detail(self.selected)

    @staticmethod
    def _with_ancestors(ids: set[str], g: Graph) -> set[str]:
        out, stack = set(ids), list(ids)
        while stack:
            for p in g.parents(stack.pop()):
                if p not in out:
                    out.add(p)
                    stack.append(p)
        return out

    def update_title(self) -> None:
        assert self.doc is not None
        self.title = self.doc.map.title
        marker = " ● unsaved" if self.doc.dirty else ""
        self.sub_title = f"{self.doc.path.name}{marker}"
        status = []
        if self.view != "all":
            status.append("view: " + ("unanswered counterpoints" if self.view == "unanswered" else self.view))
        if self.query_text:
            status.append(f"search '{self.query_text}': {len(self.matches)} match(es)")
        bar = self.query_one("#status", Static)
        bar.update(Text("  ·  ".join(status)))
        bar.display = bool(status)

    def show_detail(self, cid: str | None) -> None:
        detail = self.query_one("#detail", Static)
        links = self.query_one("#links", OptionList)
        links.clear_options()
        if cid is None or self.doc is None or cid not in self.doc.map.claims:
            detail.update(Text("No claim selected.", style="dim"))
            return
        assert self.graph is not None
        m = self.doc.map
        detail.update(Detail.render(m, self.graph, cid))
        for i, (heading, other) in enumerate(Detail.links(m, self.graph, cid)):
            prompt = Text(no_wrap=True, overflow="ellipsis")
            prompt.append(f"{heading} ", style="dim")
            prompt.append(other, style="bold")
            prompt.append("  " + one_line(m.claims[other].text))
            links.add_option(Option(prompt, id=f"{i}:{other}"))

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[NodeData]) -> None:
        data = event.node.data
        self.show_detail(data.cid if data is not None else None)

    @on(OptionList.OptionSelected, "#links")
    def _link(self, event: OptionList.OptionSelected) -> None:
        assert event.option.id is not None
        self.action_select_claim(event.option.id.split(":", 1)[1])

    def action_select_claim(self, cid: str) -> None:
        """Select and reveal ``cid`` (clearing a filter that hides it)."""
        if self.doc is None or cid not in self.doc.map.claims:
            return
        if not self.tree.reveal(cid):
            self.view, self.query_text = "all", ""
            self._hide_search()
            self.refresh_view()
            self.tree.reveal(cid)
        self.tree.focus()
        self.show_detail(cid)

    # -- edits ------------------------------------------------------------------------------

    def _need_selection(self) -> str | None:
        if self.doc is None:
            return None
        cid = self.selected
        if cid is None:
            self.notify("Select a claim first.", severity="warning")
        return cid

    def _quote(self, f: ClaimFields) -> Quote | None:
        """The form's quote, or raise OpError saying what is wrong with it."""
        assert self.doc is not None
        sources = self.doc.map.sources
        if not f.quote.strip():
            if f.source or f.locator:
                raise OpError("Give the quote's text, or leave source and locator empty.")
            return None
        source = f.source
        if not source:
            if len(sources) != 1:
                raise OpError("Give the quote's source: " + (", ".join(sources) or "this map has no sources"))
            source = next(iter(sources))
        if source not in sources:
            raise OpError(f"Unknown source '{source}'{did_you_mean(source, sources)}; the map's sources: "
                          + (", ".join(sources) or "none"))
        return Quote(source=source, text=f.quote, locator=f.locator or None)

    def _apply(self, op, message: str | None = None, select: str | None = None) -> None:  # noqa: ANN001
        assert self.doc is not None
        self.doc.apply(op)
        self.refresh_view()
        if select:
            self.action_select_claim(select)
        if message:
            self.notify(message)

    def action_add(self, kind: str) -> None:
        target = self._need_selection()
        if target is None:
            return
        k = Kind(kind)

        def submit(f: ClaimFields) -> str | None:
            assert self.doc is not None
            try:
                quote = self._quote(f)
                rel = {"supports": [target]} if k in (Kind.PREMISE, Kind.EVIDENCE) else {"attacks": [target]}
                op, new_id = add_claim(self.doc.map, k, f.text, quote=quote, tags=list(f.tags) or None, **rel)
                self._apply(op, f"Added {k.value} '{new_id}'.", select=new_id)
            except OpError as e:
                return str(e)
            return None

        self.push_screen(ClaimForm(f"{ADD_TITLES[k]} '{target}'", submit, list(self.doc.map.sources)))

    def action_note(self) -> None:
        target = self._need_selection()
        if target is None:
            return

        def submit(f: ClaimFields) -> str | None:
            assert self.doc is not None
            try:
                self._apply(note(self.doc.map, target, f.text, by=f.by or None, at=now()), f"Noted on '{target}'.")
            except OpError as e:
                return str(e)
            return None

        self.push_screen(NoteForm(f"Note on '{target}'", submit))

    def action_edit(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        assert self.doc is not None
        c = self.doc.map.claims[cid]
        initial = ClaimFields(
            text=c.text,
            quote=c.quote.text if c.quote else "",
            source=c.quote.source if c.quote else "",
            locator=(c.quote.locator or "") if c.quote else "",
            tags=tuple(c.tags),
            kind=c.kind,
            strength=f"{c.strength:g}" if "strength" in c.model_fields_set else "",
        )

        def submit(f: ClaimFields) -> str | None:
            assert self.doc is not None
            old = self.doc.map.claims[cid]
            try:
                quote = self._quote(f)
                strength = None
                if f.strength.strip():
                    try:
                        strength = float(f.strength)
                    except ValueError:
                        return f"Strength must be a number from 0 to 1, not '{f.strength}'."
                    if not 0 <= strength <= 1:
                        return f"Strength must be a number from 0 to 1, not {f.strength}."
                data = old.model_dump(by_alias=True, exclude={"text", "kind", "tags", "strength", "quote"})
                data |= {"text": f.text, "kind": f.kind or old.kind, "tags": list(f.tags), "quote": quote}
                if strength is not None:
                    data["strength"] = strength
                new = Claim.model_validate(data)
                self._apply(replace_claim(self.doc.map, cid, new), f"Edited '{cid}'.")
            except OpError as e:
                return str(e)
            except ValueError as e:  # pydantic
                return str(e).splitlines()[-1]
            return None

        self.push_screen(ClaimForm(f"Edit '{cid}'", submit, list(self.doc.map.sources), initial, edit=True))

    def action_delete(self) -> None:
        cid = self._need_selection()
        if cid is None:
            return
        assert self.doc is not None and self.graph is not None
        plan = deletion_plan(self.doc.map, cid)
        refs = [(o, f) for o, f in self.graph.references_to(cid) if o not in plan]
        msg = Text()
        msg.append(f"Delete '{cid}': ", style="bold")
        msg.append(one_line(self.doc.map.claims[cid].text) + "\n")
        if len(plan) > 1:
            msg.append("\nAlso deleted, as they argue only about it:\n", style="bold")
            for other in plan[1:]:
                msg.append(f"  {other}: {one_line(self.doc.map.claims[other].text)[:70]}\n")
        if refs:
            msg.append("\nReferences removed from:\n", style="bold")
            for other, field in refs:
                msg.append(f"  {other} ({field})\n")
        msg.append("\nctrl+z undoes this.", style="dim")

        def chosen(choice: str | None) -> None:
            if choice == "delete":
                try:
                    self._apply(delete_claim(self.doc.map, cid), f"Deleted '{cid}'" + (f" and {len(plan) - 1} more." if len(plan) > 1 else "."))
                except OpError as e:
                    self.notify(str(e), severity="error")

        self.push_screen(ChoiceScreen("Delete claim?", msg, [("delete", "Delete", "y"), ("cancel", "Cancel", "n")]), chosen)

    def action_undo(self) -> None:
        if self.doc is None:
            return
        label = self.doc.undo()
        if label is None:
            self.notify("Nothing to undo.")
        else:
            self.refresh_view()
            self.notify(f"Undid: {label}")

    def action_redo(self) -> None:
        if self.doc is None:
            return
        label = self.doc.redo()
        if label is None:
            self.notify("Nothing to redo.")
        else:
            self.refresh_view()
            self.notify(f"Redid: {label}")

    # -- navigation -------------------------------------------------------------------------

    def action_goto(self) -> None:
        if self.doc is None:
            return
        ids = list(self.doc.map.claims)

        def validate(value: str) -> str | None:
            if value in ids:
                return None
            return f"No claim '{value}'{did_you_mean(value, ids)}."

        def chosen(cid: str | None) -> None:
            if cid:
                self.action_select_claim(cid)

        self.push_screen(PromptScreen("Go to claim (id; → completes)", ids, validate), chosen)

    def action_search(self) -> None:
        if self.doc is None:
            return
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value.strip()
        self.refresh_view()

    @on(Input.Submitted, "#search")
    def _search_next(self, event: Input.Submitted) -> None:
        if not self.matches:
            self.notify("No match.", severity="warning")
            return
        self.match_index = (self.match_index + 1) % len(self.matches)
        self.tree.reveal(self.matches[self.match_index])
        self.show_detail(self.matches[self.match_index])

    def _hide_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False

    def action_clear_search(self) -> None:
        if self.query_text or self.query_one("#search", Input).display:
            self.query_text = ""
            self._hide_search()
            self.refresh_view()
            self.tree.focus()

    def action_filter(self) -> None:
        if self.doc is None:
            return
        m = self.doc.map

        def chosen(view: str | None) -> None:
            if view:
                self.view = view
                self.refresh_view()
                self.tree.focus()

        self.push_screen(FilterScreen(all_tags(m), len(unanswered_counterpoints(m, self.graph))), chosen)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.KEYS_HELP))

    # -- files ----------------------------------------------------------------------------

    def action_save(self, then_quit: bool = False) -> None:
        if self.doc is None:
            return
        try:
            path = self.doc.save()
        except ChangedOnDisk:
            self._changed_on_disk(then_quit)
            return
        except OSError as e:
            self.notify(f"Could not save: {e.strerror or e}", severity="error")
            return
        self.update_title()
        self.notify(f"Saved {path.name}.")
        if then_quit:
            self.exit()

    def _changed_on_disk(self, then_quit: bool) -> None:
        def chosen(choice: str | None) -> None:
            assert self.doc is not None
            if choice == "reload":
                loaded = self.doc.reload()
                if loaded.ok:
                    self.refresh_view()
                    self.notify(f"Reloaded {self.doc.path.name}; your edits were dropped.")
                else:
                    self.notify("The file on disk has errors:\n" + "\n".join(map(str, loaded.errors[:5])), severity="error")
            elif choice == "saveas":
                self.push_screen(PromptScreen("Save as (path)", value=str(self.doc.path.with_suffix(".mine.yaml"))), save_as)

        def save_as(path: str | None) -> None:
            assert self.doc is not None
            if not path:
                return
            try:
                saved = self.doc.save(Path(path))
            except (OSError, ChangedOnDisk) as e:
                self.notify(f"Could not save: {e}", severity="error")
                return
            self.update_title()
            self.notify(f"Saved as {saved}.")
            if then_quit:
                self.exit()

        self.push_screen(
            ChoiceScreen(
                "Changed on disk",
                f"{self.doc.path.name} changed on disk since it was opened. Saving would overwrite "
                "those changes. Reload it (dropping your edits here) or save your version elsewhere?",
                [("saveas", "Save as…", "a"), ("reload", "Reload", "r"), ("cancel", "Cancel", "c")],
            ),
            chosen,
        )

    async def action_quit(self) -> None:
        if self.doc is None or not self.doc.dirty:
            self.exit()
            return

        def chosen(choice: str | None) -> None:
            assert self.doc is not None
            if choice == "save":
                self.action_save(then_quit=True)
            elif choice == "discard":
                self.doc.discard()
                self.exit()

        self.push_screen(
            ChoiceScreen(
                "Unsaved edits",
                f"{self.doc.path.name} has unsaved edits.",
                [("save", "Save", "s"), ("discard", "Discard", "d"), ("cancel", "Cancel", "c")],
            ),
            chosen,
        )

    # -- command palette --------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for key, title, action in [
            ("g", "Go to claim", self.action_goto),
            ("r", "Rebut the selected claim", lambda: self.action_add("rebuttal")),
            ("c", "Add a counterpoint", lambda: self.action_add("counterpoint")),
            ("p", "Add a premise", lambda: self.action_add("premise")),
            ("v", "Add evidence", lambda: self.action_add("evidence")),
            ("n", "Add a note", self.action_note),
            ("e", "Edit the selected claim", self.action_edit),
            ("delete", "Delete the selected claim", self.action_delete),
            ("ctrl+z", "Undo", self.action_undo),
            ("ctrl+y", "Redo", self.action_redo),
            ("/", "Search", self.action_search),
            ("f", "Filter the view", self.action_filter),
            ("ctrl+s", "Save", self.action_save),
            ("?", "Help", self.action_help),
        ]:
            yield SystemCommand(title, f"key: {key}", action)
        yield from super().get_system_commands(screen)


def run(path: str | Path) -> int:
    app = ArgmapApp(path)
    app.run()
    return app.return_code or 0
