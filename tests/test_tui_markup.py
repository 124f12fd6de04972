"""Hostile maps and file names in the TUI (issue 17): text from a map, a file
name or a diagnostic is shown verbatim, never read as Rich/Textual markup, and
no control character reaches the terminal raw."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from textual.command import CommandPalette
from textual.widgets import Input, OptionList, Static

from argmap.io import load
from argmap.tui.app import ArgmapApp, View
from argmap.tui.linelist import LineList
from argmap.tui.screens import (
    ChoiceScreen,
    ClaimForm,
    ErrorScreen,
    ExportScreen,
    FilterScreen,
    HelpScreen,
    NoteForm,
    PrepScreen,
    PromptScreen,
)
from argmap.tui.textpane import TextPane

PAYLOADS = Path(__file__).parent / "payloads"
SIZE = (130, 40)
CLICK = "[@click=app.screenshot('pwned.svg','{dir}')]CLICK[/]"
DRAFT = "debate [draft].yaml"


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The payload map as ``debate [draft].yaml``; its click payloads aim at ``tmp_path/out``."""
    (tmp_path / "out").mkdir()
    shutil.copy(PAYLOADS / "source.txt", tmp_path / "source.txt")
    text = (PAYLOADS / "tui_markup.yaml").read_text(encoding="utf-8")
    text = text.replace("'/tmp'", f"'{tmp_path / 'out'}'")
    path = tmp_path / DRAFT
    path.write_text(text, encoding="utf-8")
    assert load(path).ok
    return path


def no_pwned(tmp_path: Path) -> None:
    assert not list(tmp_path.rglob("pwned*")), "a markup action ran"
    assert not list(Path.cwd().glob("pwned*")), "a markup action ran"


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press({" ": "space", "/": "slash", "[": "left_square_bracket", "]": "right_square_bracket"}.get(ch, ch))


def screen_text(app: ArgmapApp) -> str:
    """What the terminal shows right now, as plain text (every layer, toasts too)."""
    console = Console(
        width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
        color_system="truecolor", record=True, legacy_windows=False, safe_box=False,
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text(styles=False)


def messages(app: ArgmapApp) -> list[str]:
    return [n.message for n in app._notifications]


def toasts(app: ArgmapApp) -> str:
    """The notifications as shown (rendered by their Toast widgets)."""
    from textual.widgets._toast import Toast

    return "\n".join(str(t.render()) for t in app.screen.query(Toast))


def rendered(widget) -> str:
    return str(widget.render())


def palette_prompts(app: ArgmapApp) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# -- the command palette ------------------------------------------------------------------


async def test_palette_shows_claim_text_verbatim(hostile, tmp_path):
    app = ArgmapApp(hostile, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "a/b")  # hits p1, whose text is `a/b [/] c` (a MarkupError before)
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)
        assert any("a/b [/] c" in p for p in palette_prompts(app)), palette_prompts(app)
        await pilot.press("escape")
        await settle(pilot)
        # the discovery hits (empty query) carry the text too
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        prompts = palette_prompts(app)
        click_help = (CLICK.format(dir=tmp_path / "out") + " hostile")[:80]  # help lines are cut at 80
        assert "Go to c1\n" + click_help in prompts, prompts
        assert any("[link=file:///etc/passwd]l[/link] unanswered" in p for p in prompts), prompts


async def test_clicking_a_palette_hit_runs_no_markup_action(hostile, tmp_path):
    app = ArgmapApp(hostile, blink=False)
    # a headless app cannot deliver a screenshot, so watch for the action itself
    ran: list[tuple] = []
    app.action_screenshot = lambda *args, **kwargs: ran.append(args)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "hostile")
        await pilot.pause(0.5)
        options = app.screen.query_one(OptionList)
        prompts = palette_prompts(app)
        assert prompts[0].startswith("Go to c1\n[@click="), prompts
        # click on the start of the first hit's help line (its second line), where
        # the text would read CLICK, a link to the action, had it been taken as markup
        meta = app.screen.get_style_at(options.region.x + 4, options.region.y + 2).meta
        assert meta.get("option") == 0 and meta.get("offset", (0, 0))[1] == 1, meta  # line 2 of the hit
        await pilot.click(options, offset=(4, 2))
        await settle(pilot)
        await pilot.pause(0.3)
        assert ran == []
        no_pwned(tmp_path)
        assert app.selected == "c1"  # the click chose the hit: go to c1, nothing else


# -- notifications: file names and diagnostics --------------------------------------------


async def test_save_notification_shows_the_file_name_verbatim(hostile):
    app = ArgmapApp(hostile, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "mine")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert f"Saved {DRAFT}." in messages(app)
        assert f"Saved {DRAFT}." in toasts(app)
        assert app.sub_title == DRAFT


async def test_save_as_and_reload_errors_are_shown_verbatim(hostile, tmp_path):
    app = ArgmapApp(hostile, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "mine")
        await pilot.press("enter")
        hostile.write_text(hostile.read_text().replace("unanswered", "changed"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert DRAFT in rendered(app.screen.query_one(".message Static", Static))
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        target = tmp_path / "other [draft].yaml"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert f"Saved as {target}." in messages(app)
        assert f"Saved as {target}." in toasts(app)
        assert target.exists()

        # a reload of a file whose kind is "[/]": the diagnostic, verbatim
        await pilot.press("n")
        await type_text(pilot, "again")
        await pilot.press("enter")
        target.write_text(target.read_text().replace("kind: counterpoint", 'kind: "[/]"', 1))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        errors = [m for m in messages(app) if "errors" in m]
        assert errors and "'[/]'" in errors[-1], messages(app)
        assert "'[/]'" in toasts(app), toasts(app)


async def test_error_screen_lists_diagnostics_verbatim(write_map):
    path = write_map('argmap: 1\ntitle: T\nclaims:\n  a: {kind: "[/]", text: "[bold red]x[/]"}\n', name=DRAFT)
    app = ArgmapApp(path, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        lines = rendered(app.screen.query_one("#error-lines", Static))
        assert f"{path}:4:" in lines and "'[/]'" in lines, lines
        assert "[/]" in screen_text(app) and DRAFT in screen_text(app)


async def test_control_characters_in_file_names_are_shown_escaped(write_map, tmp_path):
    name = "evil\x1b]0;owned\x07\u202e.yaml"
    path = write_map("argmap: 1\ntitle: T\nclaims:\n  a: {kind: conclusion, text: A}\n", name=name)
    app = ArgmapApp(path, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await type_text(pilot, "x")
        await pilot.press("enter")
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "evil\\x1b]0;owned\\x07\\u202e.yaml" in app.sub_title
        assert "Saved evil\\x1b]0;owned\\x07\\u202e.yaml." in messages(app)
        await pilot.press("x")  # the export dialog proposes a file name from it
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "\x1b" not in app.screen.query_one("#path", Input).value
    bad = write_map("argmap: 1\ntitle: T\nclaims:\n  \"a\\e[31m\": {kind: conclusion, text: A}\n", name="bad.yaml")
    app = ArgmapApp(bad, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ErrorScreen)
        shown = screen_text(app)
        assert "\x1b" not in shown and "\\x1b" in shown


# -- the sweep: every claim, every screen ------------------------------------------------


async def test_sweep_every_claim_and_screen(hostile, tmp_path):
    m = load(hostile).map
    app = ArgmapApp(hostile, blink=False)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        # the title: the map's own, verbatim, the bidi override shown escaped
        assert app.title == "[bold red]x[/] map [citation needed] \\u202eevil"
        assert "[bold red]x[/] map [citation needed]" in screen_text(app)

        for cid, claim in m.claims.items():
            app.action_select_claim(cid)
            await settle(pilot)
            assert app.selected == cid
            detail = rendered(app.query_one("#detail", TextPane))
            expected = claim.text.replace("\u202e", "\\u202e")
            assert expected in detail, (cid, detail)
            for tag in claim.tags:
                assert tag in detail
            for a in claim.annotations:
                assert a.text in detail and (a.by or "") in detail
            label = str(app.tree.cursor_node.label)
            assert expected in label
            shown = screen_text(app)
            assert "\u202e" not in shown and "\x1b" not in shown
        app.action_select_claim("p1")
        await settle(pilot)
        detail = rendered(app.query_one("#detail", TextPane))
        assert CLICK.format(dir=tmp_path / "out") in detail  # the quote
        assert "[link=file:///etc/passwd]l[/link] source, a/b [/] c, [bold red]x[/], [bold red]x[/]" in detail
        links = app.query_one("#links", LineList)
        assert any("The thesis [citation needed]." in str(links.item(i)) for i in range(links.count))

        # help
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)

        # go to
        await pilot.press("g")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await type_text(pilot, "r1")
        await pilot.press("enter")
        await settle(pilot)
        assert app.selected == "r1"

        # filter by the tag that is markup
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FilterScreen)
        options = app.screen.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        for tag in ("[bold red]x[/]", "\\[escaped]", "a/b [/] c", CLICK.format(dir=tmp_path / "out")):
            assert f"Tag: {tag}" in prompts, prompts
        options.highlighted = prompts.index("Tag: a/b [/] c")
        await pilot.press("enter")
        await settle(pilot)
        assert app.view == View(tag="a/b [/] c")
        assert "view: tag:a/b [/] c" in rendered(app.query_one("#status", Static))
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        await settle(pilot)

        # search with a markup query
        await pilot.press("slash")
        await type_text(pilot, "[/]")
        await settle(pilot)
        hits = [cid for cid, c in m.claims.items() if "[/]" in c.text or any("[/]" in t for t in c.tags)]
        assert len(hits) > 1
        assert f"search '[/]': {len(hits)} match(es)" in rendered(app.query_one("#status", Static))
        await pilot.press("escape")
        await settle(pilot)

        # prep
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert isinstance(app.screen, PrepScreen)
        await pilot.press("escape")
        await settle(pilot)

        # edit: the fields hold the text as it is
        app.action_select_claim("c1")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ClaimForm)
        assert app.screen.query_one("#text", Input).value == m.claims["c1"].text
        assert app.screen.query_one("#tags", Input).value == ", ".join(m.claims["c1"].tags)
        await pilot.press("escape")
        await settle(pilot)

        # a note that is markup
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, NoteForm)
        app.screen.query_one("#text", Input).value = "[bold]note[/] a/b [/] c"
        await pilot.press("enter")
        await settle(pilot)
        assert "[bold]note[/] a/b [/] c" in rendered(app.query_one("#detail", TextPane))

        # delete confirmation
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        message = rendered(app.screen.query_one(".message Static", Static))
        assert CLICK.format(dir=tmp_path / "out") + " hostile" in message
        assert "\\[escaped] and [bold red]x[/]" in message  # r1 goes with it
        await pilot.press("n")
        await settle(pilot)

        # export: the default name comes from the file's, verbatim
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.query_one("#path", Input).value == "debate [draft].svg"
        app.screen.query_one("#path", Input).value = "debate [draft].dot"
        await pilot.press("enter")
        await settle(pilot)
        assert f"Wrote {tmp_path / 'debate [draft].dot'}" in messages(app)
        assert f"Wrote {tmp_path / 'debate [draft].dot'}" in toasts(app)

        # undo/redo name the edit
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any(m_.startswith("Undid: ") for m_ in messages(app))
        no_pwned(tmp_path)
