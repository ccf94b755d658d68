"""Keys offered by role: a screen offers only what the signed-in role may do.

An action that writes names the role it needs where it is defined,
`@needs(Role.CLERK, "register patients")` (the words the service's refusal uses). A screen
built on `RoleKeysScreen` hides such a key from the footer of a role below it, and a press of
it anyway says at once, in one note, which role it needs, before any form or question opens,
instead of after the clerk has filled the form in. The services still refuse on their own:
this is what the console offers, not what guards the records.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from textual import events
from textual.screen import Screen

from hra_tui.domain import Role
from hra_tui.screens.host import host
from hra_tui.services.errors import NotAllowed
from hra_tui.services.roles import require, who_may

F = TypeVar("F", bound=Callable[..., Any])

_NEEDS = "_role_needed"


def needs(role: Role, doing: str) -> Callable[[F], F]:
    """Mark an `action_…` method as one `role` (or above) may take; `doing` finishes
    "… and cannot DOING" ("{screen.WORD}" is filled from the screen). A direct call (enter on
    a row) is refused with the same note as the key."""

    def mark(action: F) -> F:
        @wraps(action)
        def gated(screen: Screen, *args: Any, **kwargs: Any) -> Any:
            refused = _refusal(screen, role, doing)
            if refused is not None:
                host(screen.app).show_failure(refused)
                return None
            return action(screen, *args, **kwargs)

        setattr(gated, _NEEDS, (role, doing))
        return gated  # type: ignore[return-value]

    return mark


def _refusal(screen: Screen, role: Role, doing: str) -> NotAllowed | None:
    hra = host(screen.app)
    if not hra.ward_ready:  # not signed in yet: the service refuses if need be
        return None
    try:
        require(hra.ward.actor, role, doing.format(screen=screen))
    except NotAllowed as exc:
        return exc
    return None


def _need(node: object, action: str) -> tuple[Role, str] | None:
    return getattr(getattr(node, f"action_{action}", None), _NEEDS, None)


def refusal(screen: Screen, action: str) -> NotAllowed | None:
    """Why the signed-in role may not take `action` (a name, as `check_action` gets it)."""
    need = _need(screen, action)
    return None if need is None else _refusal(screen, *need)


def only_for(node: object, action: str) -> str | None:
    """Who may take `action` ('clerks and admins'), when the signed-in role may not."""
    need = _need(node, action)
    if need is None or not isinstance(node, Screen) or _refusal(node, *need) is None:
        return None
    return who_may(need[0])


class RoleKeysScreen(Screen[None]):
    """A screen whose write keys follow the role. Subclasses say what fits the screen's state
    in `offers` (Textual's `check_action`, less the role)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if refusal(self, action) is not None:
            return False  # not in the footer; `on_key` answers a press
        return self.offers(action, parameters)

    def offers(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """True: offered; None: shown but not now; False: not shown (Textual's meanings)."""
        return True

    def on_key(self, event: events.Key) -> None:
        """Textual drops a key whose action is refused: say why, if the key would have been
        this screen's (a field or list closer to the focus that takes the key keeps it)."""
        for node, bindings in self._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                name = binding.action.split("(")[0]
                if node is self and "." not in name:
                    refused = refusal(self, name)
                    if refused is not None:
                        event.stop()
                        event.prevent_default()
                        host(self.app).show_failure(refused)
                        return
                if self.app._check_action_state(binding.action, node):
                    return
            if node is self:
                return
