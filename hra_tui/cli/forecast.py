"""`hra forecast` and `hra forecast backtest`: the wards' bed demand for the next days, and how
well such forecasts did over the last 90 days of history.

`hra forecast` prints, per ward and day, the expected admissions, discharges and beds occupied
at the day's end, each with its 80 % interval (occupancy with its 95 % one too); `--json` gives
every interval. A ward with too little history is named with how many days it has: alone
(`--ward`) it is refused; among all wards it is left out with a note on stderr.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from hra_tui.cli.failing import command_group
from hra_tui.cli.session import print_json, print_table, with_ward

if TYPE_CHECKING:
    from hra_tui.forecast import Band, WardForecast
    from hra_tui.forecast.backtest import Score, WardBacktest

forecast_app = command_group(invoke_without_command=True,
                             help="Bed demand: the wards' forecast and its backtest.")

WardOption = Annotated[str | None, typer.Option(
    "--ward", help="One ward: its name or a part of it naming it alone (default: all).",
    show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="JSON on stdout.")]
NAMES = {"admitted": "admissions", "discharged": "discharges", "occupied": "occupancy"}


def _band(b: Band) -> dict[str, float]:
    return {"mean": round(b.mean, 2), "low80": round(b.low80, 2), "high80": round(b.high80, 2),
            "low95": round(b.low95, 2), "high95": round(b.high95, 2)}


def forecast_json(f: WardForecast) -> dict[str, object]:
    return {"ward": f.ward, "history_days": f.history_days, "origin": f.origin.isoformat(),
            "days": [{"day": d.day.isoformat(),
                      **{NAMES[name]: _band(d.band(name)) for name in NAMES}}
                     for d in f.days]}


def _range(b: Band, level: int = 80) -> str:
    low, high = (b.low80, b.high80) if level == 80 else (b.low95, b.high95)
    return f"{b.mean:.1f} ({low:.0f}-{high:.0f})"


def _print_forecast(f: WardForecast) -> None:
    typer.echo(f"{f.ward}: {f.history_days} days of history; forecast from "
               f"{f.origin:%a %d %b %Y} (mean, 80 % interval; beds also 95 %)")
    print_table(["DAY", "ADMISSIONS", "DISCHARGES", "BEDS", "BEDS 95 %"],
                [[f"{d.day:%a %d %b}", _range(d.admitted), _range(d.discharged),
                  _range(d.occupied), _range(d.occupied, 95)] for d in f.days])


def _notes(refused: list[str]) -> None:
    for line in refused:
        typer.echo(f"hra: not forecast: {line}", err=True)


@forecast_app.callback()
def forecast(
    ctx: typer.Context,
    ward: WardOption = None,
    days: Annotated[int, typer.Option("--days", help="Days ahead, 1-90.")] = 14,
    as_json: AsJson = False,
) -> None:
    """Expected admissions, discharges and beds occupied per ward and day, with intervals."""
    if ctx.invoked_subcommand is not None:
        return

    async def go(w):
        return await w.forecast.outlook(ward, days)

    outlook = with_ward(ctx, go)
    if as_json:
        print_json([forecast_json(f) for f in outlook.forecasts])
    else:
        for k, f in enumerate(outlook.forecasts):
            if k:
                typer.echo("")
            _print_forecast(f)
    _notes(outlook.refused)


def _score_json(s: Score) -> dict[str, float]:
    return {"days": s.days, "mae": round(s.mae, 3), "naive_mae": round(s.naive_mae, 3),
            "mase": round(s.mase, 3), "coverage80": round(s.coverage80, 3),
            "coverage95": round(s.coverage95, 3)}


def backtest_json(b: WardBacktest) -> dict[str, object]:
    return {"ward": b.ward, "window": b.window,
            **{NAMES[name]: _score_json(s) for name, s in b.scores.items()}}


def _score_row(ward: str, series: str, s: Score) -> list[str]:
    return [ward, series, f"{s.mae:.2f}", f"{s.naive_mae:.2f}", f"{s.mase:.2f}",
            f"{s.coverage80:.0%}", f"{s.coverage95:.0%}"]


@forecast_app.command("backtest")
def backtest(ctx: typer.Context, ward: WardOption = None, as_json: AsJson = False) -> None:
    """One-day-ahead forecasts of each of the last 90 days, each from the days before it:
    mean absolute error, MASE against last week's same weekday, and interval coverage."""
    parent = ctx.parent.params if ctx.parent else {}
    ward = ward if ward is not None else parent.get("ward")

    async def go(w):
        return await w.forecast.accuracy(ward)

    accuracy = with_ward(ctx, go)
    if as_json or parent.get("as_json"):
        print_json([backtest_json(b) for b in accuracy.backtests])
    elif accuracy.backtests:
        window = accuracy.backtests[0].window
        typer.echo(f"One-day-ahead forecasts over the last {window} days of history "
                   "(MAE in patients or beds; MASE against the same weekday last week)")
        rows = [_score_row(b.ward, NAMES[name], s) for b in accuracy.backtests
                for name, s in b.scores.items()]
        if len(accuracy.backtests) > 1:
            for name in NAMES:
                total = sum((b.scores[name] for b in accuracy.backtests[1:]),
                            accuracy.backtests[0].scores[name])
                rows.append(_score_row("All wards", NAMES[name], total))
        print_table(["WARD", "SERIES", "MAE", "NAIVE MAE", "MASE", "IN 80 %", "IN 95 %"], rows)
    _notes(accuracy.refused)
