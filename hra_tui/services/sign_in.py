"""Who is acting: user names, and finding the acting user when a ward is opened.

Plain SQL on the driver, so opening a ward (the console's first screen) needs no SQLAlchemy.
"""

from __future__ import annotations

import re

from db.driver import Driver
from hra_tui.services.errors import Invalid, NotAllowed
from hra_tui.services.quick_records import Actor

_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}$")


def parse_user_name(text: str) -> str:
    name = text.strip()
    if not _NAME.match(name):
        raise Invalid("A user name is 1 to 64 letters, digits, '.', '_', '-' or '@', "
                      f"not '{text}'")
    return name


async def has_users(driver: Driver) -> bool:
    return bool(await driver.rows("SELECT 1 FROM users LIMIT 1"))


async def find_actor(driver: Driver, name: str) -> Actor:
    rows = await driver.rows("SELECT name, role, active FROM users WHERE name = ?", (name,))
    if not rows:
        raise NotAllowed(f"{name} is not a user of this ward database; an admin can add them "
                         f"with: hra user add {name} --role clerk")
    found, role, active = rows[0]
    if not active:
        raise NotAllowed(f"User {name} is deactivated")
    return Actor(found, role)
