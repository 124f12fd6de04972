"""The argmap terminal UI: a tree of the map, the selected claim's detail,
and every edit through the command layer (undo/redo, safe saving)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, Tree
from textual.widgets.option_list import Option

from ..analysis.evaluation import Change, Evaluation, Side, evaluate, what_if
from ..analysis.prep import PrepWarning, all_tags, prep_checks, unanswered_counterpoints
from ..io.document import Document
from ..io.loader import Loaded
from ..io.mapfile import CommentsWouldBeDropped
from ..io.save import ChangedOnDisk
from ..io.sources import load_sources
from ..model import Kind, Quote
from ..model.graph import Graph
from ..model.merge import diff_claims
from ..model.ops import (
    OpError,
    add_claim,
    claim_from,
    delete_claim,
    deletion_plan,
    make_quote,
    note,
    replace_claim,
    utc_now,
)
from ..model.rules import did_you_mean
from .commands import ClaimCommands
from .screens import (
    ChoiceScreen,
    ClaimFields,
    ClaimForm,
    ErrorScreen,
    ExportRequest,
    ExportScreen,
    FilterScreen,
    HelpScreen,
    NoteForm,
    PrepScreen,
    PromptScreen,
    TextInput,
)
from .style import LABEL_STYLE, escape_controls, one_line
from .widgets import Detail, MapTree, NodeData

ADD_TITLES = {
    Kind.REBUTTAL: "Rebut",
    Kind.COUNTERPOINT: "Counterpoint against",
    Kind.PREMISE: "Premise supporting",
    Kind.EVIDENCE: "Evidence supporting",
}


#: Every action of the app, once: its key, the key as shown, the action,
#: the footer label, what it does (help screen, tooltip, command palette),
#: and whether the footer shows it.
ACTIONS = [
    ("g", "g", "goto", "Go to", "Go to a claim by id (→ accepts the completion)", True),
    ("r", "r", "add('rebuttal')", "Rebut", "Add a rebuttal attacking the selected claim", True),
    ("c", "c", "add('counterpoint')", "Counter", "Add a counterpoint attacking the selected claim", True),
    ("p", "p", "add('premise')", "Premise", "Add a premise supporting the selected claim", True),
    ("v", "v", "add('evidence')", "Evidence", "Add evidence supporting the selected claim", True),
    ("n", "n", "note", "Note", "Add a note to the selected claim", True),
    ("e", "e", "edit", "Edit", "Edit the selected claim: text, kind, tags, strength, quote", True),
    ("delete", "delete", "delete", "Delete", "Delete the selected claim (asks first, says what refers to it)", False),
    ("ctrl+z", "ctrl+z", "undo", "Undo", "Undo the last edit", True),
    ("ctrl+y", "ctrl+y", "redo", "Redo", "Redo the last undone edit", False),
    ("slash", "/", "search", "Search", "Search text, ids and tags; enter: next match; escape: clear", True),
    ("f", "f", "filter", "Filter", "Show all claims, unanswered counterpoints, or one tag", True),
    ("w", "w", "whatif", "What-if", "Evaluate as if the selected claim were withdrawn; w again: back", True),
    ("exclamation_mark", "!", "prep", "Prep", "List the prep warnings and jump to their claims", True),
    ("x", "x", "export", "Export", "Export a diagram (SVG, PNG, PDF, DOT) or a brief", True),
    ("ctrl+s", "ctrl+s", "save", "Save", "Save the map (atomically)", True),
    ("q", "q", "quit", "Quit", "Quit (asks about unsaved edits)", True),
    ("question_mark", "?", "help", "Help", "Show keys and symbols", True),
]


class ArgmapApp(App[None]):
    CSS_PATH = "argmap.tcss"
    TITLE = "argmap"
    COMMANDS = App.COMMANDS | {ClaimCommands}
    BINDINGS = [
        *(
            Binding(key, action, label, id=label.lower(), show=show, tooltip=help_)
            for key, _shown, action, label, help_, show in ACTIONS
        ),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        Binding("escape", "clear_search", "Clear search", show=False),
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
        self.whatif: str | None = None
        self.base_eval: Evaluation | None = None
        self.evaluation: Evaluation | None = None
        self.changes: dict[str, Change] = {}
        self.warnings: list[PrepWarning] = []
        self._computed_for: tuple[object, ...] | None = None
        #: the side the prep warnings are for (the prep view switches it)
        self.perspective = Side.PRO
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
        self._offer_recovery()

    def _offer_recovery(self) -> None:
        """Offer unsaved edits a crash left behind (never restoring them silently)."""
        assert self.doc is not None
        rec = self.doc.read_recovery()
        if rec is None:
            return
        if rec.map is None:
            kept = f" It was kept as {rec.kept.name}." if rec.kept else ""
            self.notify(Text(f"Unsaved edits could not be recovered: {rec.problem}.{kept}"), severity="error", timeout=30)
            return
        name = self.path.name
        lines = [f"{rec.path.name} holds edits to {name} that were never saved (argmap stopped before saving)."]
        choices: list[tuple[str, str, str]]
        if not rec.changed_on_disk:
            lines.append(f"Restoring them {rec.edits.describe()}.")
            choices = [("restore", "Restore", "r"), ("copy", "Restore as a copy…", "c"), ("discard", "Discard", "d")]
        else:
            if rec.external is not None:
                lines.append(f"{name} changed on disk since then: {rec.external.describe()}.")
            else:
                lines.append(f"{name} may have changed on disk since then (the recovery does not say what it was based on).")
            lines.append(f"Restoring them as they are, over the file as it is now: {rec.edits.describe()}.")
            choices = []
            if rec.merge is None:
                lines.append("Merging is not available (the version they started from was not kept).")
            elif rec.merge.clean:
                lines.append(
                    "They do not touch the same claims: they can be merged onto the file as it is now "
                    f"({diff_claims(self.doc.map, rec.merge.map).describe()})."
                )
                choices.append(("merge", "Merge onto the file", "m"))
            else:
                shown = "; ".join(f"{c.claim or 'map'}: {c.field}" for c in rec.merge.conflicts[:8])
                lines.append(
                    f"Both changed the same thing ({shown}). Merging keeps your version and records theirs "
                    "in a 'conflict:' annotation on each claim."
                )
                choices.append(("merge", "Merge, marking conflicts", "m"))
            choices += [("copy", "Restore as a copy…", "c"), ("discard", "Discard", "d")]
        self.push_screen(
            ChoiceScreen("Unsaved edits found", Text("\n".join(lines)), choices),
            partial(self._recovery_chosen, rec),
        )

    def _recovery_chosen(self, rec, choice: str | None) -> None:
        assert self.doc is not None
        if choice == "restore":
            self.doc.restore_recovery(rec.map)
            self.notify("Restored the unsaved edits; ctrl+s saves them.")
        elif choice == "merge" and rec.merge is not None:
            self.doc.restore_recovery(rec.merge.map, "merge unsaved edits")
            extra = f" {len(rec.merge.conflicts)} conflict(s) are marked in annotations." if rec.merge.conflicts else ""
            self.notify(f"Merged the unsaved edits onto the file as it is now; ctrl+s saves them.{extra}")
        elif choice == "copy":
            self._recovery_copy(rec)
        elif choice == "discard":
            self.doc.discard()
            self.notify("Discarded the unsaved edits.")
        else:  # escape: keep them aside, never lose them
            kept = self.doc.set_aside_recovery("kept")
            if kept is not None:
                self.notify(Text(f"Kept the unsaved edits in {kept.name} (a map argmap can open)."))
        self.refresh_view()

    def _recovery_copy(self, rec) -> None:
        assert self.doc is not None

        def chosen(path: str | None) -> None:
            assert self.doc is not None
            if not path:  # cancelled: ask again
                self._offer_recovery()
                return
            try:
                saved = self.doc.restore_as_copy(rec.map, Path(path))
            except (OSError, ValueError) as e:
                self.notify(Text(f"Could not save: {e}"), severity="error")
                self._recovery_copy(rec)
                return
            self.refresh_view()
            self.notify(Text(f"Saved the unsaved edits as {saved}; now editing that copy."))

        self.push_screen(
            PromptScreen(
                "Save the unsaved edits as (path)",
                validate=lambda p: f"{p} already exists; choose another name" if Path(p).exists() else
                (None if p else "Give a path."),
                value=str(self.doc.path.with_suffix(".recovered.yaml")),
            ),
            chosen,
        )

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
        if self.whatif is not None and self.whatif not in m.claims:
            self.whatif = None
        key = (id(m), self.doc.revision, self.whatif, self.perspective)
        if key != self._computed_for:  # an edit, undo, reload or what-if: recompute
            self._computed_for = key
            self.graph = Graph.of(m)
            self.base_eval = evaluate(m)
            self.evaluation, self.changes = self.base_eval, {}
            if self.whatif is not None:
                self.evaluation, changes = what_if(m, [self.whatif], self.base_eval)
                self.changes = {c.claim: c for c in changes}
            self.warnings = prep_checks(
                m, self.base_eval, self.graph, perspective=self.perspective,
                sources=load_sources(m, self.doc.path.parent),
            )
        g = self.graph
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
        self.tree.load(m, g, visible, highlight=shown or set(), evaluation=self.evaluation, changes=self.changes)
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
        # the marker leads, so a narrow terminal still shows it
        self.title = ("● " if self.doc.dirty else "") + escape_controls(self.doc.map.title)
        self.sub_title = escape_controls(self.doc.path.name) + (" (unsaved)" if self.doc.dirty else "")
        status = Text(no_wrap=True, overflow="ellipsis")
        if self.whatif is not None:
            status.append(f"what-if without '{self.whatif}' (w: back)  ", style="bold magenta")
        if self.view != "all":
            status.append("view: " + ("unanswered counterpoints" if self.view == "unanswered" else one_line(self.view)) + "  ")
        if self.query_text:
            status.append(f"search '{one_line(self.query_text)}': {len(self.matches)} match(es)  ")
        ev = self.evaluation
        conclusions = [cid for cid, c in self.doc.map.claims.items() if c.kind is Kind.CONCLUSION]
        if ev is not None and conclusions:
            for cid in conclusions:
                state = ev.labels.get(cid)
                if state is None:
                    continue
                symbol, style = LABEL_STYLE[state.value]
                status.append(f"{cid} ")
                status.append(f"{symbol}{ev.strengths[cid]:.2f}", style=style)
                status.append("  ")
        if self.warnings:
            status.append(f"⚠ {len(self.warnings)} (! lists)", style="yellow")
        self.query_one("#status", Static).update(status)

    def show_detail(self, cid: str | None) -> None:
        detail = self.query_one("#detail", Static)
        links = self.query_one("#links", OptionList)
        links.clear_options()
        if cid is None or self.doc is None or cid not in self.doc.map.claims:
            detail.update(Text("No claim selected.", style="dim"))
            return
        assert self.graph is not None
        m = self.doc.map
        withdrawn = self.evaluation is not None and cid not in self.evaluation.labels
        mine = [] if withdrawn else [w.message for w in self.warnings if w.claim == cid]
        detail.update(Detail.render(m, self.graph, cid, self.evaluation, mine, self.changes.get(cid)))
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
            self.notify("Select a claim first.", severity="warning", markup=False)
        return cid

    def _quote(self, f: ClaimFields) -> Quote | None:
        """The form's quote, or raise OpError saying what is wrong with it."""
        assert self.doc is not None
        if not f.quote.strip():
            if f.source or f.locator:
                raise OpError("Give the quote's text, or leave source and locator empty.")
            return None
        return make_quote(self.doc.map, f.quote, f.source, f.locator)

    def _apply(self, op, message: str | None = None, select: str | None = None) -> None:
        assert self.doc is not None
        self.doc.apply(op)
        self.refresh_view()
        if select:
            self.action_select_claim(select)
        if message:
            self.notify(escape_controls(message), markup=False)

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
                self._apply(note(self.doc.map, target, f.text, by=f.by or None, at=utc_now()), f"Noted on '{target}'.")
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
                data = old.model_dump(by_alias=True, exclude={"text", "kind", "tags", "strength", "quote"})
                data |= {"text": f.text, "kind": f.kind or old.kind, "tags": list(f.tags), "quote": quote}
                if f.strength.strip():
                    try:
                        data["strength"] = float(f.strength)
                    except ValueError:
                        return f"strength: expected a number from 0 to 1, got '{f.strength}'"
                self._apply(replace_claim(self.doc.map, cid, claim_from(data, cid)), f"Edited '{cid}'.")
            except OpError as e:
                return str(e)
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
                    self.notify(escape_controls(str(e)), severity="error", markup=False)

        self.push_screen(ChoiceScreen("Delete claim?", msg, [("delete", "Delete", "y"), ("cancel", "Cancel", "n")]), chosen)

    def action_undo(self) -> None:
        if self.doc is None:
            return
        label = self.doc.undo()
        if label is None:
            self.notify("Nothing to undo.", markup=False)
        else:
            self.refresh_view()
            self.notify(escape_controls(f"Undid: {label}"), markup=False)

    def action_redo(self) -> None:
        if self.doc is None:
            return
        label = self.doc.redo()
        if label is None:
            self.notify("Nothing to redo.", markup=False)
        else:
            self.refresh_view()
            self.notify(escape_controls(f"Redid: {label}"), markup=False)

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
            self.notify("No match.", severity="warning", markup=False)
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
            keep = self.selected
            self.query_text = ""
            self._hide_search()
            self.refresh_view()
            if keep is not None:
                self.tree.reveal(keep)  # stay on the claim the search led to
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

        self.push_screen(FilterScreen(all_tags(m), len(unanswered_counterpoints(m, self.graph)), self.view), chosen)

    def action_whatif(self) -> None:
        if self.doc is None:
            return
        if self.whatif is not None:
            self.whatif = None
            self.refresh_view()
            self.notify("What-if off: the map as it is.", markup=False)
            return
        cid = self._need_selection()
        if cid is None:
            return
        self.whatif = cid
        self.refresh_view()
        self.notify(escape_controls(f"What-if without '{cid}': {len(self.changes) - 1} other claim(s) change (Δ in the tree)."), markup=False)

    def action_prep(self) -> None:
        if self.doc is None:
            return

        def chosen(cid: str | None) -> None:
            if cid:
                self.action_select_claim(cid)

        def chosen_or_switch(choice: str | None) -> None:
            if choice == PrepScreen.SWITCH:
                self.perspective = Side.CON if self.perspective is Side.PRO else Side.PRO
                self.refresh_view()
                self.action_prep()
            else:
                chosen(choice)

        self.push_screen(PrepScreen(self.warnings, self.perspective.value), chosen_or_switch)

    def action_export(self) -> None:
        if self.doc is None:
            return
        doc = self.doc

        def run(req: ExportRequest) -> str | None:
            import os

            from ..export.diagram import DotFailed, DotMissing, Options
            from ..export.outputs import export_bytes
            from ..io import write_atomic

            if not req.path:
                return "Give a file to write to."
            target = Path(req.path)
            if not target.is_absolute():
                target = doc.path.parent / target
            if target.exists() and os.path.samefile(target, doc.path):
                return "That is the map itself: choose another file."
            depth = None
            if req.depth:
                try:
                    depth = int(req.depth)
                except ValueError:
                    depth = -1
                if depth < 0:
                    return f"Depth must be a whole number, 0 or more, not '{req.depth}'."
            root = self.selected if req.subtree else None
            left_out: list[str] = []
            try:
                data = export_bytes(
                    doc.map, req.fmt, Options(root=root, depth=depth if root else None),
                    ev=self.base_eval, sources=load_sources(doc.map, doc.path.parent), warn=left_out.append,
                )
                write_atomic(target, data)
            except (DotMissing, DotFailed) as e:
                return str(e)
            except OSError as e:
                return f"Could not write {target}: {e.strerror or e}"
            self.notify(escape_controls(f"Wrote {target}" + (f" ({left_out[0]})" if left_out else "")), markup=False)
            return None

        self.push_screen(ExportScreen(escape_controls(doc.path.stem), self.selected, run))

    def action_help(self) -> None:
        keys = [
            ("↑ ↓ ← →", "move; → expands, ← collapses; enter selects"),
            ("tab", "move between the tree and the list of related claims (enter jumps)"),
        ]
        keys += [(shown, help_) for _key, shown, _action, _label, help_, _show in ACTIONS]
        keys.append(("ctrl+p", "command palette: every action, go to any claim, themes"))
        self.push_screen(HelpScreen(keys))

    # -- files ----------------------------------------------------------------------------

    def action_save(self, then_quit: bool = False, drop_comments: bool = False) -> None:
        if self.doc is None:
            return
        try:
            path = self.doc.save(drop_comments=drop_comments)
        except CommentsWouldBeDropped as e:

            def chosen(choice: str | None) -> None:
                if choice == "save":
                    self.action_save(then_quit, drop_comments=True)

            self.push_screen(
                ChoiceScreen(
                    "Comments will be dropped",
                    f"{e}; notes belong in annotations (n). Save anyway?",
                    [("save", "Save", "s"), ("cancel", "Cancel", "c")],
                ),
                chosen,
            )
            return
        except ChangedOnDisk:
            self._changed_on_disk(then_quit)
            return
        except OSError as e:
            self.notify(escape_controls(f"Could not save: {e.strerror or e}"), severity="error", markup=False)
            return
        self.update_title()
        self.notify(escape_controls(f"Saved {path.name}."), markup=False)
        if then_quit:
            self.exit()

    def _changed_on_disk(self, then_quit: bool) -> None:
        def chosen(choice: str | None) -> None:
            assert self.doc is not None
            if choice == "reload":
                loaded = self.doc.reload()
                if loaded.ok:
                    self.refresh_view()
                    self.notify(escape_controls(f"Reloaded {self.doc.path.name}; your edits were dropped."), markup=False)
                else:
                    self.notify(escape_controls("The file on disk has errors:\n" + "\n".join(map(str, loaded.errors[:5]))), severity="error", markup=False)
            elif choice == "saveas":
                self.push_screen(
                    PromptScreen(
                        "Save as (path)",
                        validate=lambda p: f"{p} already exists; choose another name" if Path(p).exists() else
                        (None if p else "Give a path."),
                        value=str(self.doc.path.with_suffix(".mine.yaml")),
                    ),
                    save_as,
                )

        def save_as(path: str | None) -> None:
            assert self.doc is not None
            if not path:
                return
            try:
                saved = self.doc.save(Path(path))
            except (OSError, ChangedOnDisk) as e:  # FileExistsError is an OSError
                self.notify(escape_controls(f"Could not save: {e}"), severity="error", markup=False)
                return
            self.update_title()
            self.notify(escape_controls(f"Saved as {saved}."), markup=False)
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
        for _key, shown, action, _label, help_, _show in ACTIONS:
            if action != "quit":  # Textual's own Quit command runs our action_quit
                yield SystemCommand(help_.split(" (")[0].split(";")[0], f"key: {shown}", partial(self.run_action, action))
        yield from super().get_system_commands(screen)


def run(path: str | Path) -> int:
    app = ArgmapApp(path)
    app.run()
    return app.return_code or 0
