"""The shape of every table (columns, types, defaults, keys) as plain data, read from the
SQLModel classes in `db/models.py` and `db/plan_models.py`, which stay the one home of the
schema.

Services query through Core tables built from this data (`db/tables.py`), so a command or the
console never imports SQLModel and pydantic just to name a column: that saves a large part of
`hra`'s start. `python -m db.table_shapes` rewrites `table_shapes.json` after a model change;
a test fails while it is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SHAPES = Path(__file__).with_name("table_shapes.json")


def shapes_of(metadata: Any) -> dict[str, list[dict[str, Any]]]:
    """Every table's columns as data: name, type, nullable, primary key, default, foreign key."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in metadata.sorted_tables:
        columns = []
        for column in table.columns:
            default = column.default.arg if column.default is not None else None
            foreign = [f"{fk.column.table.name}.{fk.column.name}" for fk in column.foreign_keys]
            columns.append({
                "name": column.name,
                "type": _type_name(column.type),
                "nullable": bool(column.nullable),
                "primary_key": bool(column.primary_key),
                "default": default if not callable(default) else None,
                "foreign_key": foreign[0] if foreign else None,
            })
        tables[table.name] = columns
    return tables


def _type_name(column_type: Any) -> str:
    name = type(column_type).__name__
    return "String" if name == "AutoString" else name


def model_shapes() -> dict[str, list[dict[str, Any]]]:
    from sqlmodel import SQLModel

    import db.models  # noqa: F401  (registers every table on SQLModel.metadata)

    return shapes_of(SQLModel.metadata)


def load() -> dict[str, list[dict[str, Any]]]:
    return json.loads(SHAPES.read_text(encoding="utf-8"))


def dumps(shapes: dict[str, list[dict[str, Any]]]) -> str:
    """One line per column, so a model change reads as a one-line diff."""
    tables = []
    for name, columns in shapes.items():
        lines = ",\n".join(f"  {json.dumps(column)}" for column in columns)
        tables.append(f"{json.dumps(name)}: [\n{lines}\n ]")
    return "{\n " + ",\n ".join(tables) + "\n}\n"


if __name__ == "__main__":
    SHAPES.write_text(dumps(model_shapes()), encoding="utf-8")
    print(f"wrote {SHAPES}")
