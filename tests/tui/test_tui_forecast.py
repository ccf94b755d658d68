"""The forecast from the bed board at 80x24: `o` opens the ward's 14 days ahead with the
backtest's numbers beside them, `]` moves to the next ward, esc goes back."""

from __future__ import annotations

from support.console import console, press_for, settle, wait_for
from textual.widgets import DataTable, Static

from hra_tui.screens.beds.board import BedsScreen
from hra_tui.screens.beds.forecast import ForecastScreen


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_the_bed_board_opens_the_wards_forecast_with_its_backtest(demo_db):
    async with console(demo_db) as (app, pilot):
        await press_for(pilot, "b", BedsScreen)
        screen = await press_for(pilot, "o", ForecastScreen)
        await wait_for(pilot, lambda: screen.query_one(DataTable).row_count == 14)
        assert "Ward 3 — Medical" in _text(app, "#title")
        accuracy = _text(app, "#forecast-accuracy")
        assert accuracy.startswith("Last 90 days, one day ahead: beds off by ")
        assert "MASE 0." in accuracy and "inside the 80 % interval" in accuracy
        assert "recorded ● expected" in _text(app, "#forecast-chart")
        await settle(pilot)
        chart = screen.query_one("#forecast-chart", Static)  # each line whole, none wrapped
        assert chart.size.height == len(_text(app, "#forecast-chart").splitlines())
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "Ward 4 — Surgical" in _text(app, "#title")
                       and screen.forecast is not None
                       and screen.forecast.ward == "Ward 4 — Surgical")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, BedsScreen)
