"""A ward's forecast as one chart: the last weeks' census, then the expected census with its
80 % and 95 % bands, day by day. Marks differ (█ past, ● expected, ▒ 80 %, ░ 95 %) so the
chart reads without colour too."""

from __future__ import annotations

import math

import plotext as plt

from hra_tui.charts.chart import Chart, Frame
from hra_tui.forecast import WardForecast
from hra_tui.formatting import tick_label


def forecast_chart(forecast: WardForecast) -> Chart:
    days = forecast.days
    past = list(forecast.recent)
    first, last = days[0], days[-1]
    reading = (f"Beds occupied: {past[-1] if past else '?'} at the end of the last day "
               f"recorded; expected {first.occupied.mean:.0f} "
               f"({first.occupied.low80:.0f}-{first.occupied.high80:.0f}) on "
               f"{first.day:%a %d %b} and {last.occupied.mean:.0f} "
               f"({last.occupied.low80:.0f}-{last.occupied.high80:.0f}) on {last.day:%a %d %b}, "
               "80 % intervals.")

    def draw(frame: Frame) -> None:
        n = len(past)
        xs = list(range(n, n + len(days)))
        top = max([*past, *(d.occupied.high95 for d in days), 1])
        step = max(1, math.ceil(top / max(2, frame.lines // 2)))
        ticks = list(range(0, int(top) + step + 1, step))
        color = frame.color
        for level, mark, hue in ((95, "░", "blue"), (80, "▒", "cyan")):
            for x, d in zip(xs, days, strict=True):
                low, high = (d.occupied.low95, d.occupied.high95) if level == 95 else \
                    (d.occupied.low80, d.occupied.high80)
                plt.plot([x, x], [low, high], marker=mark, color=hue if color else "default")
        if past:
            plt.plot(list(range(n)), past, marker="█", color="green" if color else "default")
        plt.plot(xs, [d.occupied.mean for d in days], marker="●",
                 color="red" if color else "default")
        plt.xlim(-0.5, n + len(days) - 0.5)
        plt.ylim(0, ticks[-1])
        plt.yticks(ticks, [tick_label(t) for t in ticks])
        labels = {**({0: f"-{n}d"} if n else {}), n: f"{first.day:%d %b}",
                  n + len(days) - 1: f"{last.day:%d %b}"}
        plt.xticks(list(labels), list(labels.values()))
        plt.xlabel("█ recorded ● expected ▒ 80 % ░ 95 %")
        plt.ylabel("Beds")

    return Chart(0, "forecast", f"{forecast.ward}: beds occupied, recorded and expected",
                 reading, draw)
