"""The paper's result figures drawn with plotext: pure, no database, no Textual.

Render on one thread: plotext keeps global state (see `chart.py`).
"""

from hra_tui.charts.chart import Chart, Frame
from hra_tui.charts.labels import Labels
from hra_tui.charts.paper import paper_charts, satisfaction_by_slot
from hra_tui.charts.text import charts_text, print_charts

__all__ = ["Chart", "Frame", "Labels", "charts_text", "paper_charts", "print_charts",
           "satisfaction_by_slot"]
