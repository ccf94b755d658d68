"""The one reader of every file a user hands hra: an IHTC instance or solution, the paper's
instance, an import CSV, an SSH public key.

Whatever the file holds, reading it ends in its content or in one of two errors, never in a
hang, a traceback or an allocation its size did not pay for: `Unreadable` (the file cannot be
used: missing, a folder, a FIFO or device, no permission; the command line's exit 3) or
`Malformed` (what it holds is not what was asked for; exit 1). Checked in this order, each
before the work the next costs: a regular file (opened without blocking, so a FIFO is
refused, not waited on), its size against the kind's cap, its encoding (UTF-8, with or without
a byte-order mark; UTF-16 and UTF-32 are named and refused), and for JSON the length of every
number, NaN and Infinity, and the depth of nesting.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Any

MB = 1024 * 1024
JSON_LIMIT = 4 * MB  # the largest IHTC-2024 instance is under 1 MB, the paper's 0.2 MB
CSV_LIMIT = 64 * MB  # a 100,000-patient export is about 15 MB
KEY_LIMIT = 16 * 1024  # an OpenSSH public key line is under 1 KB (RSA 16384 bits: 3 KB)
MAX_DEPTH = 16  # the formats nest 4 deep
MAX_NUMBER = 20  # characters in one JSON fraction; an integer stops at Python's 4300 digits

_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
         (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))
_UTF8_BOM = b"\xef\xbb\xbf"


class Unreadable(Exception):
    """The file cannot be used; `str()` names it and says why."""


class Malformed(ValueError):
    """The file's content is not what was asked for; `str()` names the file and the fault."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{count / 1024:.0f} KB"


def read_bytes(path: str | os.PathLike, limit: int, what: str,
               error: type[ValueError] = Malformed) -> bytes:
    """The whole file, if it is a regular file of at most `limit` bytes. `what` names the
    kind of file in the refusal ("an instance is at most 8.0 MB")."""
    path = Path(path).expanduser()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise Unreadable(f"cannot read {path}: it is {_kind(mode)}, not a file")
        os.set_blocking(fd, True)
        chunks, total = [], 0
        while chunk := os.read(fd, min(1 * MB, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise error(f"{path.name} is over {_size(limit)}; {what} is at most "
                            f"{_size(limit)}")
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def decode(data: bytes, name: str, error: type[ValueError] = Malformed) -> str:
    """UTF-8 text, a leading byte-order mark dropped; any other encoding refused by name."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            raise error(f"{name} is {encoding} text, not UTF-8; save it as UTF-8")
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if b"\x00" in data:
        if data[1:512:2].count(0) > 64 or data[0:512:2].count(0) > 64:
            raise error(f"{name} looks like UTF-16 text, not UTF-8; save it as UTF-8")
        raise error(f"{name} is not UTF-8 text (it holds NUL bytes); save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02X} on line "
                    f"{line}); save it as UTF-8") from None


def read_text(path: str | os.PathLike, limit: int, what: str,
              error: type[ValueError] = Malformed) -> str:
    return decode(read_bytes(path, limit, what, error), Path(path).name, error)


def loads(text: str, name: str, error: type[ValueError] = Malformed) -> Any:
    """JSON, with no fraction longer than MAX_NUMBER characters, no integer Python refuses
    to read (over 4300 digits: each format's own limits hold them far lower), no NaN or
    Infinity, and no nesting deeper than MAX_DEPTH."""

    def number(kind: type) -> Any:
        def parse(token: str) -> Any:
            if len(token) > MAX_NUMBER:
                raise error(f"{name}: a number of {len(token)} characters "
                            f"({token[:12]}…); at most {MAX_NUMBER} are read")
            return kind(token)
        return parse

    def constant(token: str) -> Any:
        raise error(f"{name}: {token} is not a number JSON allows")

    import json  # here: every command loads this module (for its failures), few read JSON

    try:
        value = json.loads(text, parse_float=number(float), parse_constant=constant)
    except json.JSONDecodeError as exc:
        raise error(f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: "
                    f"{exc.msg})") from None
    except ValueError as exc:  # int() past sys.get_int_max_str_digits
        if not str(exc).startswith("Exceeds the limit"):
            raise
        raise error(f"{name}: an integer of over {sys.get_int_max_str_digits()} digits") \
            from None
    except RecursionError:
        raise error(f"{name}: nested deeper than {MAX_DEPTH} levels") from None
    _check_depth(value, name, error)
    return value


def _check_depth(value: Any, name: str, error: type[ValueError]) -> None:
    """Walk the containers only (not the numbers), without recursion."""
    level = [value] if isinstance(value, (dict, list)) else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            raise error(f"{name}: nested deeper than {MAX_DEPTH} levels")
        below = []
        for item in level:
            for child in (item.values() if isinstance(item, dict) else item):
                if isinstance(child, (dict, list)):
                    below.append(child)
        level = below


def read_json(path: str | os.PathLike, what: str, error: type[ValueError] = Malformed,
              limit: int = JSON_LIMIT) -> Any:
    """A JSON file a user handed us, checked as the module says."""
    return loads(read_text(path, limit, what, error), Path(path).name, error)
