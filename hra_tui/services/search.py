"""Turning what a clerk types in a filter box into safe LIKE patterns and indexed ranges."""

from __future__ import annotations

import re

from hra_tui.services.errors import Invalid

MAX_SEARCH = 200  # far below SQLite's LIKE pattern limit (50,000 bytes), above any name
_MRN_LIKE = re.compile(r"^[A-Za-z]*\d[\w-]*$")
_NUMBER = re.compile(r"^[\d\s+().\-/]*\d[\d\s+().\-/]*$")


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _within_limit(text: str) -> str:
    """A search longer than MAX_SEARCH characters is refused as Invalid, never sent to SQLite."""
    if len(text) > MAX_SEARCH:
        raise Invalid(f"Search text is too long ({len(text):,} characters; at most {MAX_SEARCH})")
    return text


def like_pattern(query: str) -> str:
    """'%query%' with LIKE's wildcards in the query taken literally (escape is backslash)."""
    return f"%{escape_like(_within_limit(' '.join(query.split())))}%"


def looks_like_mrn(query: str) -> bool:
    """MRNs carry digits and names do not: 'P0001' and '12' search MRNs, 'doe' searches names."""
    return bool(_MRN_LIKE.match(query.strip()))


def prefix_range(prefix: str) -> tuple[str, str]:
    """[low, high) covering every string that starts with `prefix`, usable by a plain index."""
    return prefix, prefix + "\U0010ffff"


def number_query(query: str) -> str | None:
    """The digits of a query that is a bare number, however spaced or punctuated as a phone
    ('61', '0123', '496 0123', '+44 (113) 496-0123'), else None ('P0001', 'doe')."""
    text = query.strip()
    if not _NUMBER.match(text):
        return None
    return _within_limit("".join(ch for ch in text if ch.isdigit()))
