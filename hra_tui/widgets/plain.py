"""Data shown as typed: names and notes may hold `[brackets]`, which Rich would read as markup;
and a value wider than its column ends with "…" instead of being cut without a sign."""

from __future__ import annotations

from rich.text import Text


def plain(*values: object) -> list[Text]:
    """One `Text` per value, for DataTable rows and option labels."""
    return [Text(str(value), no_wrap=True, overflow="ellipsis") for value in values]


def cut(text: str, width: int) -> str:
    """`text` whole when it fits in `width` cells, else its start and "…"."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"
