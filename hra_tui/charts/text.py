"""All nine figures as plain text, one after another, for `hra paper solve --charts`."""

from __future__ import annotations

import sys
from typing import TextIO

from hra_tui.charts.chart import Chart
from hra_tui.charts.labels import Labels
from hra_tui.charts.paper import paper_charts
from hra_tui.solver.instance import Instance
from hra_tui.solver.plan import Plan


def charts_text(charts: list[Chart], width: int, height: int, color: bool) -> str:
    """Each chart as a `height`-line block (figure, then its reading), a blank line between."""
    return "\n\n".join(chart.block(width, height, color) for chart in charts)


def print_charts(instance: Instance, plan: Plan, width: int = 78, height: int = 22,
                 color: bool = True, labels: Labels | None = None,
                 out: TextIO | None = None) -> None:
    """Print the paper's nine figures with their readings; ValueError if there is no plan."""
    text = charts_text(paper_charts(instance, plan, labels), width, height, color)
    print(text, file=out or sys.stdout)
