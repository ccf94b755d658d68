"""Who may write what: viewer reads; clerk keeps records; admin: staff, users, imports, plans."""

from __future__ import annotations

from hra_tui.domain import Role
from hra_tui.services.errors import Invalid, NotAllowed
from hra_tui.services.quick_records import Actor

_RANK = {Role.VIEWER.value: 0, Role.CLERK.value: 1, Role.ADMIN.value: 2}


def parse_role(text: str) -> str:
    role = text.strip().lower()
    if role not in _RANK:
        raise Invalid(f"Role must be one of {', '.join(_RANK)}, not '{text}'")
    return role


def allows(actor: Actor, needed: str) -> bool:
    return _RANK.get(actor.role, -1) >= _RANK[needed]


def who_may(needed: str) -> str:
    """Those whose role is `needed` or above, in words: 'clerks and admins'."""
    return "admins" if needed == Role.ADMIN.value else "clerks and admins"


def require(actor: Actor, needed: str, doing: str) -> None:
    """Raise NotAllowed ('alice is a viewer and cannot admit patients') unless the role fits."""
    if not allows(actor, needed):
        raise NotAllowed(f"{actor.name} is a {actor.role} and cannot {doing}; only "
                         f"{who_may(needed)} can")
