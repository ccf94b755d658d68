"""Every key that works right now, read from the live bindings: the help screen and the palette
are built from this, so neither can go stale when a binding is added or changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode
from textual.screen import Screen

# The console's own bindings all carry ids (so a keymap can rebind them); Textual's defaults
# (tab focus, copy, the cursor keys of its widgets) do not, and are not listed.


@dataclass(frozen=True)
class KeyEntry:
    keys: str  # e.g. "p  F2"
    description: str
    action: str
    node: DOMNode
    is_global: bool
    binding_id: str | None
    enabled: bool = True  # False: the key exists here but does not apply right now


def key_display(screen: Screen, key: str) -> str:
    text = screen.app.get_key_display(Binding(key, ""))
    return text.upper() if len(key) > 1 and key[0] == "f" and key[1:].isdigit() else text


def _chain(screen: Screen) -> list[DOMNode]:
    focused = screen.focused
    if focused is None:
        return [screen, screen.app]
    return list(focused.ancestors_with_self)


def _enabled(node: DOMNode, action: str) -> bool:
    if "." in action.split("(")[0]:
        return True  # namespaced ("app.area(...)"): always available
    name = action.split("(")[0]
    return node.check_action(name, ()) is not False


def _keyed(node: DOMNode) -> BindingsMap:
    """The node's bindings with the user's keymap applied, as Textual applies it to a key."""
    keymap = node.app._keymap
    if not keymap:
        return node._bindings
    bindings = node._bindings.copy()
    bindings.apply_keymap(keymap)
    return bindings


def declared(node: DOMNode) -> dict[str, int]:
    """Each binding id's place in the order `node` declares it: a keymap moves the keys it
    changes to the end of Textual's map, and help and the footer keep the declared order."""
    order: dict[str, int] = {}
    for _key, binding in node._bindings:
        if binding.id is not None:
            order.setdefault(binding.id, len(order))
    return order


def key_entries(screen: Screen) -> list[KeyEntry]:
    """The console's bindings reachable from the focused widget up to the app, closest first.

    A key bound closer to the focus shadows the same key further out, as Textual dispatches;
    the keys are the user's (their keymap applied), not the defaults.
    Entries the node's `check_action` turns off right now come with `enabled=False`.
    """
    app = screen.app
    taken: set[str] = set()
    entries: list[KeyEntry] = []
    for node in _chain(screen):
        grouped: dict[tuple[str, str], list[str]] = {}
        bindings: dict[tuple[str, str], Binding] = {}
        for key, binding in _keyed(node):
            if binding.id is None or not binding.description or key in taken:
                continue
            group = (binding.action, binding.description)
            keys = grouped.setdefault(group, [])
            if key not in keys:  # a keymap gives a key once per default key it replaces
                keys.append(key)
            bindings[group] = binding
        order = declared(node)
        for group, keys in sorted(grouped.items(),
                                  key=lambda item: order.get(bindings[item[0]].id or "", 0)):
            binding = bindings[group]
            taken.update(keys)
            shown = binding.key_display or "  ".join(key_display(screen, key) for key in keys)
            entries.append(KeyEntry(shown, binding.description, binding.action, node,
                                    node is app, binding.id, _enabled(node, binding.action)))
    return entries
