"""Each user's keymap, a TOML file of `binding_id = "key"` lines kept beside the ward database
(`ward.db` -> `ward.keymaps/<user>.toml`; a PostgreSQL ward's in the machine's hra data folder).

Per user of the ward, not per OS account: clerks who share one machine, or one `hra serve`,
each sign in as themselves and get their own keys. Which ids exist and which keys clash is
the console's knowledge (`hra_tui/app/key_catalogue.py`); this module reads, writes and audits
the file. A change is written inside its audited transaction: the audit row and the file go
together, and a file that cannot be written leaves no audit row and the old file as it was.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from db.location import Location, ServerWard
from db.paths import default_db_path
from hra_tui.domain import Role
from hra_tui.handed_files import read_text
from hra_tui.services.errors import FileFailed, Invalid

if TYPE_CHECKING:
    from hra_tui.services.context import Context

Keymap = dict[str, str]

KEYMAP_LIMIT = 64 * 1024  # a keymap of every binding is under 4 KB
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def keymap_folder(db_path: Location) -> Path:
    """The ward's keymaps: `ward.keymaps/` beside `ward.db`; for a PostgreSQL ward,
    `NAME.keymaps/` in this machine's hra data folder (each machine keeps its own)."""
    if isinstance(db_path, ServerWard):
        return default_db_path().parent / f"{db_path.database}.keymaps"
    return db_path.parent / f"{db_path.stem}.keymaps"


def keymap_path(db_path: Location, user: str) -> Path:
    return keymap_folder(db_path) / f"{user}.toml"


def parse_keymap(text: str, name: str) -> Keymap:
    """`binding_id = "key"` lines (a key may be several, "j,down"); Invalid in one line."""
    import tomllib  # here: a console whose user has no keymap never needs it

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"{name} is not TOML ({exc})") from None
    for binding_id, keys in table.items():
        if not isinstance(keys, str):
            raise Invalid(f'{name}: {binding_id} must be a key in quotes, e.g. '
                          f'{_line(binding_id, "j")}')
    return table


def read_keymap(path: Path, *, missing_ok: bool = False) -> Keymap:
    """The keymap a file holds (through the one reader of handed files); {} for no file when
    `missing_ok` (a user who never changed a key)."""
    if missing_ok and not path.exists():
        return {}
    return parse_keymap(read_text(path, KEYMAP_LIMIT, "a keymap file", Invalid), path.name)


def render_keymap(keymap: Keymap) -> str:
    lines = ["# hra keymap: binding id = key (`hra keymap show` lists the ids)"]
    lines += [_line(binding_id, keys) for binding_id, keys in sorted(keymap.items())]
    return "\n".join(lines) + "\n"


def _line(binding_id: str, keys: str) -> str:
    name = binding_id if _BARE.fullmatch(binding_id) else json.dumps(binding_id)
    return f"{name} = {json.dumps(keys)}"


def changes(before: Keymap, after: Keymap) -> str:
    """The audit's words for what changed: 'board-down j (was down); help default'."""
    said = []
    for binding_id in sorted(before.keys() | after.keys()):
        old, new = before.get(binding_id), after.get(binding_id)
        if old != new:
            said.append(f"{binding_id} {new or 'default'}"
                        + (f" (was {old})" if old else ""))
    return "; ".join(said) or "no change"


class KeymapService:
    """The acting user's keymap file in the ward `db_path`."""

    def __init__(self, ctx: Context, db_path: Path) -> None:
        self._ctx = ctx
        self.path = keymap_path(db_path, ctx.actor.name)

    def current(self) -> Keymap:
        return read_keymap(self.path, missing_ok=True)

    async def save(self, keymap: Keymap) -> str:
        """Make `keymap` the user's (checked by the caller), audited; {} removes the file.
        Returns what changed, in the audit's words."""
        from hra_tui.services.target_file import commit, written_beside

        before = self.current()
        said = changes(before, keymap)
        async with self._ctx.write(Role.VIEWER, "change keymaps") as tx:
            await tx.audit("keymap", "user", None, f"{tx.actor.name}: {said}")
            try:
                if not keymap:
                    self.path.unlink(missing_ok=True)
                    return said
                # parents: a PostgreSQL ward's keymaps live in the hra data folder, which a
                # machine that never held a ward file has not made yet
                self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as exc:
                raise FileFailed(f"Cannot write {self.path}: {exc.strerror or exc}; "
                                 "nothing changed") from None
            with written_beside(self.path) as part:
                part.write_text(render_keymap(keymap), encoding="utf-8")
                commit(part, self.path)
        return said
