"""The admissions views at 80x24: ←/→ bring the later days into view (the footer says so),
and nurse names show whole."""

from __future__ import annotations

from support.console import console, settle, wait_for

from hra_tui.widgets.key_footer import KeyFooter

from test_tui_admissions import i01_db, i01_template, open_admissions, plan, set_budget  # noqa: F401


def _lines(widget) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_right_and_left_scroll_the_days_and_the_footer_says_so(i01_db):
    async with console(i01_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "2000 moves")
        await plan(pilot, screen)
        last = screen._days(screen.plan)[-1]
        board = screen.board
        assert last not in _lines(board)[0]
        footer = "".join(str(key.render()) for key in screen.query_one(KeyFooter).children)
        assert "←→ Scroll" in footer
        for _ in range(14):
            await pilot.press("right")
        await wait_for(pilot, lambda: last in _lines(board)[0])
        assert _lines(board)[1].lstrip().startswith(screen.plan.problem.rooms[0].id[:1])
        for _ in range(14):
            await pilot.press("left")
        await wait_for(pilot, lambda: last not in _lines(board)[0])


async def test_nurse_names_show_whole(demo_db):
    async with console(demo_db) as (app, pilot):
        screen = await open_admissions(app, pilot)
        await set_budget(pilot, screen, "2000 moves")
        await plan(pilot, screen)
        while screen.view != "nurses":
            await pilot.press("v")
        await settle(pilot)
        shown = "\n".join(_lines(screen.board))
        assert "…" not in shown
        names = {cell for row in screen.board.records for cell in row[1][1:] if cell}
        assert max(map(len, names)) > 10  # the demo's nurses have names like "Thomas Hall"
        assert any(len(name) > 10 and name in shown for name in names)
