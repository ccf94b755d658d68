"""Data shown as typed: names and notes may hold `[brackets]`, which Rich would read as markup."""

from __future__ import annotations

from rich.text import Text


def plain(*values: object) -> list[Text]:
    """One `Text` per value, for DataTable rows and option labels."""
    return [Text(str(value)) for value in values]
