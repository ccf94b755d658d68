"""The Core tables services query are exactly the SQLModel classes' tables."""

from __future__ import annotations

import subprocess
import sys

from db import table_shapes, tables


def test_the_shapes_file_matches_the_models():
    assert table_shapes.load() == table_shapes.model_shapes(), (
        "db/table_shapes.json is stale: run python -m db.table_shapes")


def test_the_core_tables_have_every_models_column_and_type():
    from sqlmodel import SQLModel

    for name, model_table in SQLModel.metadata.tables.items():
        core = tables.metadata.tables[name]
        assert core.c.keys() == model_table.c.keys()
        for column in model_table.c:
            ours = core.c[column.name]
            assert ours.primary_key == column.primary_key and ours.nullable == column.nullable
            assert type(ours.type).__name__ == table_shapes._type_name(column.type)


def test_using_the_ward_imports_neither_sqlmodel_nor_pydantic():
    code = ("import sys, hra_tui.services.ward, hra_tui.cli.main; "
            "print(sorted(m for m in ('sqlmodel', 'pydantic', 'alembic', 'ortools') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"
