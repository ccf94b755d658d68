"""PostgreSQL numbers new rows from a sequence per table, which rows written with their own
ids (a copied ward, a bulk import) do not move: after such writes each is set past the
highest id, so the next admission or audit row gets a new one. SQLite needs none of this
(its next rowid is always above the highest)."""

from __future__ import annotations

from db import tables


def advance_statements() -> list[str]:
    """One `setval` per table numbered by an `id` primary key."""
    return [f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"coalesce((SELECT max(id) FROM \"{table.name}\"), 0) + 1, false)"
            for table in tables.metadata.sorted_tables
            if "id" in table.c and table.c.id.primary_key]
