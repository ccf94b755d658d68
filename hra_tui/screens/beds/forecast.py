"""A ward's bed-demand forecast, opened from the bed board with `o`: the census recorded and
expected over the next 14 days as a chart, the day-by-day table of admissions, discharges and
beds (mean and 80 % interval), and beside them how such forecasts did over the last 90 days.

[ ] step through the wards; esc goes back to the bed board.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hra_tui.charts.forecast import forecast_chart
from hra_tui.forecast import Band, WardForecast
from hra_tui.screens.base import key_table, step_bindings
from hra_tui.screens.host import Host, host
from hra_tui.services.errors import Refused
from hra_tui.widgets.area_bar import AreaBar
from hra_tui.widgets.key_footer import KeyFooter

DAYS = 14
CHART_LINES = 14


def _band(b: Band) -> str:
    return f"{b.mean:.1f} ({b.low80:.0f}-{b.high80:.0f})"


class ForecastScreen(Screen[None]):
    CSS_PATH = Path(__file__).with_name("forecast.tcss")
    BINDINGS: ClassVar[list[BindingType]] = [
        *key_table("forecast", """
            escape  back    back    Back
            (r)     reload  reload  Reload
        """),
        *step_bindings("ward", ("Previous ward", "forecast-prev-ward"),
                       ("Next ward", "forecast-next-ward")),
    ]

    def __init__(self, wards: list[str], ward: str | None) -> None:
        super().__init__()
        self.wards = wards
        self.index = wards.index(ward) if ward in wards else 0
        self.forecast: WardForecast | None = None
        self.TITLE = "Forecast"

    @property
    def hra(self) -> Host:
        return host(self.app)

    @property
    def ward_name(self) -> str | None:
        return self.wards[self.index] if self.wards else None

    def compose(self) -> ComposeResult:
        yield Static("Beds › Forecast", classes="title", id="title", markup=False)
        yield Static("", id="forecast-accuracy")
        with VerticalScroll(id="forecast-body"):
            yield Static("", id="forecast-chart")
            yield DataTable(id="forecast-days", cursor_type="row", show_cursor=False)
        yield AreaBar("beds")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#forecast-days", DataTable)
        table.add_columns("Day", "Admissions", "Discharges", "Beds", "Beds 95 %")
        self.action_reload()

    def action_back(self) -> None:
        self.dismiss()

    def action_reload(self) -> None:
        self.run_worker(self._load, group="forecast", exclusive=True)

    def action_ward(self, step: int) -> None:
        if self.wards:
            self.index = (self.index + step) % len(self.wards)
            self.action_reload()

    async def _load(self) -> None:
        ward = self.ward_name
        title = self.query_one("#title", Static)
        accuracy = self.query_one("#forecast-accuracy", Static)
        title.update(Text(f"Beds › Forecast  {ward or 'no ward'}"))
        if ward is None:
            accuracy.update("No ward to forecast")
            return
        accuracy.update("Forecasting…")
        try:
            outlook = await self.hra.ward.forecast.outlook(ward, DAYS)
            backtest = (await self.hra.ward.forecast.accuracy(ward)).backtests
        except Refused as exc:
            self.forecast = None
            self._show_table(None)
            self.query_one("#forecast-chart", Static).update("")
            accuracy.update(Text(str(exc)))
            return
        self.forecast = outlook.forecasts[0]
        if backtest:
            s = backtest[0].scores["occupied"]
            accuracy.update(Text(
                f"Last {backtest[0].window} days, one day ahead: beds off by {s.mae:.1f} on "
                f"average, MASE {s.mase:.2f} against the same weekday last week; "
                f"{s.coverage80:.0%} inside the 80 % interval, {s.coverage95:.0%} inside "
                "the 95 %"))
        else:
            accuracy.update("Too little history to backtest the forecast")
        self._show_table(self.forecast)
        self._draw()

    def _show_table(self, forecast: WardForecast | None) -> None:
        table = self.query_one("#forecast-days", DataTable)
        table.clear()
        for d in forecast.days if forecast else ():
            table.add_row(f"{d.day:%a %d %b}", _band(d.admitted), _band(d.discharged),
                          _band(d.occupied),
                          f"{d.occupied.low95:.0f}-{d.occupied.high95:.0f}")

    def _draw(self) -> None:
        view = self.query_one("#forecast-chart", Static)
        width = self.query_one("#forecast-body").scrollable_content_region.width
        if self.forecast is None or width <= 0:
            return
        color = "NO_COLOR" not in os.environ
        text = forecast_chart(self.forecast).block(width, CHART_LINES + 3, color)
        view.update(Text.from_ansi(text) if color else Text(text))

    def on_resize(self) -> None:
        self.call_after_refresh(self._draw)
