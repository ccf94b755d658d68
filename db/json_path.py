"""`json_at(column, "a", "b")`: a value inside a JSON column, read alike on both engines.

SQLite's json_extract gives an object or array as its JSON text and a string as itself;
PostgreSQL's `#>>` does the same, so a query reading part of a plan's result is written once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction
from sqlalchemy.types import String


class json_at(GenericFunction):  # noqa: N801 (an SQL function's name)
    type = String()
    inherit_cache = True


@compiles(json_at)
def _sqlite(element: json_at, compiler: Any, **kw: Any) -> str:
    column, *keys = list(element.clauses)
    path = "$." + ".".join(key.value for key in keys)
    return f"json_extract({compiler.process(column, **kw)}, '{path}')"


@compiles(json_at, "postgresql")
def _postgresql(element: json_at, compiler: Any, **kw: Any) -> str:
    column, *keys = list(element.clauses)
    path = "{" + ",".join(key.value for key in keys) + "}"
    return f"({compiler.process(column, **kw)} #>> '{path}')"
