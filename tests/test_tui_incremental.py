"""The TUI's incremental updates and background work, checked by result (not
timing): the tree after edits equals a full rebuild's, the marks equal a fresh
evaluation's, and a stale search never overwrites a newer one.

The app is told to treat every map as large (``sync_limit = 0``), so that
evaluation, search and filter run in workers as on a 10,000-claim map."""

from __future__ import annotations

import asyncio
import threading
import time

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from textual.widgets import Input, Static

from argmap.analysis.evaluation import evaluate
from argmap.model.graph import Graph
from argmap.tui import app as app_module
from argmap.tui.app import ArgmapApp
from argmap.tui.textpane import TextPane

from .test_tui import TUI_MAP, map_path  # noqa: F401  (the fixture)

SIZE = (110, 34)


def rows(app: ArgmapApp) -> list[tuple[int, str, bool, bool]]:
    """The tree as drawn: every shown row's depth, label, and whether it can and does expand."""
    out: list[tuple[int, str, bool, bool]] = []

    def walk(node, depth: int) -> None:
        for child in node.children:
            out.append((depth, str(child.label), child.allow_expand, child.is_expanded))
            if child.is_expanded:
                walk(child, depth + 1)

    walk(app.tree.root, 0)
    return out


async def idle(app: ArgmapApp, pilot, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while app.busy or app.evaluating or app.searching or app.screen is not app.screen_stack[0]:
        assert time.monotonic() < deadline, "the background work never finished"
        await pilot.pause(0.01)
    await pilot.pause()


def large(path) -> ArgmapApp:
    app = ArgmapApp(path, blink=False)
    app.sync_limit = 0
    return app


EDITS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["down", "up", "right", "left"]), st.just(0)),
        st.tuples(st.sampled_from(["r", "c", "p", "v", "n", "e", "delete", "ctrl+z", "ctrl+y"]), st.integers(0, 9)),
    ),
    min_size=1,
    max_size=12,
)


# no shrinking: each example runs the app for seconds; the failing sequence is reported as found
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(edits=EDITS)
def test_incremental_tree_equals_full_rebuild(tmp_path_factory, edits):
    path = tmp_path_factory.mktemp("edits") / "map.yaml"  # a fresh map (and no recovery file) each time
    path.write_text(TUI_MAP, encoding="utf-8")

    async def scenario() -> None:
        app = large(path)
        async with app.run_test(size=SIZE) as pilot:
            await idle(app, pilot)
            for key, n in edits:
                await pilot.press(key)
                await pilot.pause()
                if app.screen is app.screen_stack[0]:
                    pass  # nothing selected (an empty map): no form opened
                elif key in ("r", "c", "p", "v", "n", "e"):
                    text = app.screen.query_one("#text", Input)
                    text.value = f"Edit {n} of {key}"
                    if key == "e" and n % 2:
                        app.screen.query_one("#strength", Input).value = "0.9"
                    await pilot.press("enter")
                elif key == "delete":
                    await pilot.press("y")
                await idle(app, pilot)
                m = app.doc.map
                incremental = rows(app)
                cursor = app.selected
                app.tree.load(m, Graph.of(m), None, evaluation=app.evaluation, changes=app.changes)
                await pilot.pause()
                assert incremental == rows(app), f"after {key}"
                assert app.selected == cursor
                fresh = evaluate(m)
                assert app.evaluation is not None and app.evaluation.labels == fresh.labels
                assert app.graph is not None
                assert app.graph.supporters == Graph.of(m).supporters
                assert app.graph.attackers == Graph.of(m).attackers

    asyncio.run(scenario())


async def test_first_paint_shows_the_root_claims_detail(map_path):
    app = large(map_path)
    frames: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        frames.append(str(app.query_one("#detail", TextPane).render()))
        await idle(app, pilot)
        assert "No claim selected." not in frames[0]
        assert "The thesis [citation needed]." in frames[0]
        assert str(app.tree.root.children[0].label).startswith("✗ ◆ thesis")


async def test_marks_are_pending_while_the_evaluation_runs(map_path, monkeypatch):
    release = threading.Event()
    real = app_module.compute

    def slow(*args, **kwargs):
        release.wait(10)
        return real(*args, **kwargs)

    app = large(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        monkeypatch.setattr(app_module, "compute", slow)
        await pilot.press("right", "down")  # p1, under the thesis
        assert app.selected == "p1"
        await pilot.press("w", "s")  # the selected claim (c1 has a caveat tag: w offers it too)
        await pilot.pause()
        thesis = app.tree.root.children[0]
        assert str(thesis.label).startswith("… ◆ thesis")  # its mark waits for the what-if
        assert app.selected == "p1"
        await pilot.press("down")  # the cursor still answers
        assert app.selected != "p1"
        release.set()
        await idle(app, pilot)
        assert str(thesis.label).startswith("✗ ◆ thesis")
        assert "what-if without 'p1'" in str(app.query_one("#status", Static).render())


async def test_a_stale_search_never_overwrites_a_newer_one(map_path, monkeypatch):
    real = app_module.matching
    started = threading.Event()

    def slow_for_c(claims, g, view, query, *kept):
        if query == "c":
            started.set()
            time.sleep(0.6)  # the older search finishes last
        return real(claims, g, view, query, *kept)

    monkeypatch.setattr(app_module, "matching", slow_for_c)
    app = large(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        await pilot.press("slash", "c")
        deadline = time.monotonic() + 10
        while not started.is_set():
            assert time.monotonic() < deadline
            await pilot.pause(0.01)
        await pilot.press("1")
        await idle(app, pilot)
        await pilot.pause(0.8)  # the stale search has finished by now
        await idle(app, pilot)
        assert app.query_text == "c1"
        assert app.matches == ["c1"]
        assert "search 'c1': 1 match" in str(app.query_one("#status", Static).render())
        assert app.tree.marked == {"c1"}


async def test_filter_in_a_worker_and_back_keeps_expanded_rows(map_path):
    app = large(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        await pilot.press("right", "down", "right")  # expand thesis and p1
        before = rows(app)
        await pilot.press("f", "down", "enter")  # unanswered counterpoints
        await idle(app, pilot)
        shown = [r[1].split("  ")[0] for r in rows(app)]
        assert shown == ["✗ ◆ thesis", "+ ✓ ● p1", "~ ✓ ▲ u1", "− ✓ ▲ c2"]  # u1 and c2, and what they sit under
        assert "view: unanswered counterpoints" in str(app.query_one("#status", Static).render())
        await pilot.press("f", "home", "enter")
        await idle(app, pilot)
        assert rows(app) == before


async def test_recovery_file_written_in_the_background_never_after_a_save(map_path):
    from argmap.io.document import recovery_path

    app = large(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "kept safe"
        await pilot.press("enter")
        await idle(app, pilot)
        app.doc.flush()
        assert "kept safe" in recovery_path(map_path).read_text(encoding="utf-8")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#text", Input).value = "then saved"
        await pilot.press("enter", "ctrl+s")  # saved before the write has a chance to land
        await idle(app, pilot)
        app.doc.flush()
        assert not recovery_path(map_path).exists()
        assert "then saved" in map_path.read_text(encoding="utf-8")


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["c1", "p1", "thesis", "r1"]),
                  st.text(alphabet="abcDEF \u00df\u0130", max_size=8),
                  st.lists(st.sampled_from(["tag-a", "Tag-B", "needs-check"]), max_size=2, unique=True)),
        max_size=6),
    queries=st.lists(st.text(alphabet="abcdefDEF \u00df\u0130st1\n", min_size=1, max_size=4), min_size=1, max_size=4),
)
def test_search_with_texts_kept_from_call_to_call_matches_a_fresh_search(steps, queries):
    """The searchable texts kept between keystrokes (app.SearchTexts) and the
    graph's parent index give what searching every claim afresh gives, after
    any edits of text and tags, and never match across the id, text and tags."""
    from argmap.io import load_bytes

    from .test_tui import TUI_MAP as text

    m = load_bytes(text.encode(), "m.yaml").map
    assert m is not None
    kept = app_module.SearchTexts()
    claims = dict(m.claims)
    for revision, (cid, words, tags) in enumerate([("thesis", None, None), *steps]):
        if words is not None and cid in claims:
            claims[cid] = claims[cid].model_copy(update={"text": claims[cid].text + " " + words, "tags": tags})
        g = Graph.of(claims)
        for q in queries:
            view = app_module.View()
            got = app_module.matching(claims, g, view, q, kept, (kept, revision))
            fresh = {i for i, c in claims.items()
                     if any(q.casefold() in part.casefold() for part in (i, c.text, *c.tags))} if "\n" not in q else None
            if fresh is not None:
                assert got[0] == fresh
            visible = set(got[0] or ())
            for i in list(visible):
                stack = [i]
                while stack:
                    for p in g.parents(stack.pop()):
                        if p not in visible:
                            visible.add(p)
                            stack.append(p)
            assert got[1] == (visible if got[0] is not None else None)
            assert got[2] == [i for i in claims if i in (got[0] or ())]
            assert got == app_module.matching(claims, g, view, q)  # (nothing kept)


def test_parent_index_is_the_graphs_own_and_never_reads_the_claims_again():
    """Graph.parent_index (the search's walk up to the ancestors) holds what
    parents() says, and is made from the graph's own indexes: a worker can
    build it while the UI thread edits the claims dict the graph was made of."""
    from argmap.io import load_bytes

    from .test_tui import TUI_MAP as text

    m = load_bytes(text.encode(), "m.yaml").map
    assert m is not None
    claims = dict(m.claims)
    g = Graph.of(claims)
    extra = claims["c1"].model_copy(update={"attacks": ["thesis"]})
    claims["late"] = extra  # added after the graph was made
    index = g.parent_index()
    assert "late" not in index
    for cid in m.claims:
        assert set(index.get(cid, ())) == set(g.parents(cid)), cid


async def test_search_after_the_file_is_read_again_finds_what_it_holds_now(map_path):
    """The searchable texts kept by revision are dropped when the map is read
    again (a reloaded document counts its revisions from 0 again)."""
    app = large(map_path)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        app.query_text = "quokka"
        await idle(app, pilot)
        assert app.matches == []
        app.query_text = ""
        await idle(app, pilot)
        map_path.write_text(map_path.read_text(encoding="utf-8").replace("The thesis", "The quokka thesis"),
                            encoding="utf-8")
        assert app.doc is not None and app.doc.reload().ok
        app.refresh_view()
        await idle(app, pilot)
        app.query_text = "quokka"
        await idle(app, pilot)
        assert app.matches == ["thesis"]


async def test_a_mid_sized_map_is_evaluated_at_once_and_searched_after_a_pause(map_path, monkeypatch):
    """Over VIEW_SYNC_LIMIT claims (but within the evaluation's SYNC_LIMIT)
    the marks are computed at once, while a search waits for a pause in the
    typing and runs in a worker: the letter shows at once, then the count;
    a small map shows the count with the letter."""
    monkeypatch.setattr(app_module, "VIEW_SYNC_LIMIT", 1)  # (the test map counts as mid-sized)
    real, release = app_module.matching, threading.Event()
    on_ui: list[bool] = []

    def held(*args):
        on_ui.append(threading.current_thread() is threading.main_thread())
        assert release.wait(10)
        return real(*args)

    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        assert app.small and not app.small_view and app.evaluation is not None
        monkeypatch.setattr(app_module, "matching", held)
        await pilot.press("slash", "c")
        status = app.query_one("#status", Static)
        assert app.query_one("#search").value == "c" and app.searching
        assert "searching" in str(status.render())
        release.set()
        await idle(app, pilot)
        assert "search 'c':" in str(status.render()) and "c1" in app.matches
        release.clear()
        await pilot.press("1", "enter")  # enter before the search for 'c1' is done: its first match, once it is
        assert app.searching and app.selected != "c1"
        release.set()
        await idle(app, pilot)
        assert app.matches == ["c1"] and app.selected == "c1"
        await pilot.press("escape")
        await idle(app, pilot)
        release.clear()
        await pilot.press("f", "down", "enter")  # a filter too
        assert app.searching and "view: unanswered" in str(status.render())
        release.set()
        await idle(app, pilot)
        assert on_ui == [False, False, True, False]  # 'c' and 'c1' in a worker; cleared (escape) at once; the filter

    monkeypatch.setattr(app_module, "VIEW_SYNC_LIMIT", 500)
    app = ArgmapApp(map_path, blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await idle(app, pilot)
        assert app.small_view
        await pilot.press("slash", "c")
        assert not app.searching and "c1" in app.matches
