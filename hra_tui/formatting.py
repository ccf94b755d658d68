"""How numbers read on screen, in the CLI and in reports, each way written once.

Pure Python, so the solver, the charts, the services, the CLI and the screens may all use it.
"""

from __future__ import annotations


def grouped(value: float | None, digits: int = 0) -> str:
    """'12,345' (thousands grouped, `digits` decimals); '-' when there is no value."""
    return "-" if value is None else f"{value:,.{digits}f}"


def whole_or_tenths(value: float | None) -> str:
    """'42' for a whole number, '41.5' otherwise (one decimal); '-' when there is no value."""
    if value is None:
        return "-"
    return f"{value:.1f}" if value != int(value) else f"{int(value)}"


def tick_label(value: float) -> str:
    """An axis tick: '5' for a whole number, the shortest general form ('2.5') otherwise."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def counted(n: int, noun: str) -> str:
    """'1 plan', '3 plans', '2,000 plans'; 'staff' has no plural."""
    return f"{n:,} {noun}" if n == 1 or noun == "staff" else f"{n:,} {noun}s"


def cut(text: str, width: int) -> str:
    """`text` whole when it fits in `width` cells, else its start and "…": never cut silently."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
