"""SQLite's words in PostgreSQL's: the one translation of the plain statements (db/driver,
the bulk loads), so each is written once, in SQLite's dialect, and its SQLite text stays
exactly as it was (the fast paths are untouched).

Outside quoted literals: `?` and `:name` become psycopg's `%s` and `%(name)s`; `LIKE` becomes
`ILIKE` (SQLite's LIKE ignores case); `IS 1` / `IS 0` become `IS TRUE` / `IS FALSE`
(PostgreSQL's booleans are not numbers); `x GLOB 'pattern'` becomes the same match as an
anchored regular expression; `json_each(…)`, read for its `value`, becomes
`json_array_elements_text(…)`. A literal `%` is doubled, as psycopg's placeholders need.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKENS = re.compile(r"""
    (?P<literal>'(?:[^']|'')*')
  | (?P<glob>\bGLOB\s+'(?P<pattern>[^']*)')
  | (?P<qmark>\?)
  | (?P<named>(?<![:\w]):(?P<name>[A-Za-z_]\w*))
  | (?P<like>\bLIKE\b)
  | (?P<truth>\bIS\s+(?P<bit>[01])\b)
  | (?P<json_each>\bjson_each\()
  | (?P<percent>%)
""", re.X)


def glob_to_regex(pattern: str) -> str:
    """A GLOB pattern as an anchored POSIX regular expression (`*`, `?`, `[...]`)."""
    out, i = ["^"], 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = pattern.index("]", i + 1)
            out.append(pattern[i:end + 1])
            i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out) + "$"


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    if kind == "literal":
        return match.group().replace("%", "%%")
    if kind == "glob":
        return f"~ '{glob_to_regex(match['pattern'])}'".replace("%", "%%")
    if kind == "qmark":
        return "%s"
    if kind == "named":
        return f"%({match['name']})s"
    if kind == "like":
        return "ILIKE"
    if kind == "truth":
        return "IS TRUE" if match["bit"] == "1" else "IS FALSE"
    if kind == "json_each":
        return "json_array_elements_text("
    return "%%"


@lru_cache(maxsize=512)
def for_server(sql: str) -> str:
    """`sql`, written for SQLite, as PostgreSQL (through psycopg) reads it."""
    return _TOKENS.sub(_replace, sql)
