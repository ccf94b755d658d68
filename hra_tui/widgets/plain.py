"""Data shown as typed: names and notes may hold `[brackets]`, which Rich would read as markup;
and a value wider than its column ends with "…" (see formatting.cut) instead of being cut
without a sign."""

from __future__ import annotations

from rich.text import Text


def plain(*values: object) -> list[Text]:
    """One `Text` per value, for DataTable rows and option labels."""
    return [Text(str(value), no_wrap=True, overflow="ellipsis") for value in values]
