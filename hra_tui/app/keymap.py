"""The console's keys by binding id, and the check a user's keymap must pass before it is
applied: every key one Textual can name, every id one the console has, and no key that
another binding of the same screen (the screen's own keys, those of the widgets its module
composes, and the keys that work everywhere) already answers to.

The catalogue is read from the live classes (every screen and widget module is imported), so
it cannot go stale; that costs a second, which is why the console checks only the key names
at start (`unnamed_keys`) and the ids and clashes once the first list is drawn.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _normalize_key_list, key_to_character
from textual.screen import Screen

Keymap = dict[str, str]

_MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
_NAMED = {key.value for key in Keys if "+" not in key.value and key.value.isalnum()}
_EXAMPLES = "e.g. j, J, ctrl+s, f10, up, escape, question_mark or ?"


def normalized(keymap: Keymap) -> Keymap:
    """Keys as Textual names them ("?" -> "question_mark"), blanks around commas dropped."""
    return {binding_id: _normalize_key_list(keys) for binding_id, keys in keymap.items()}


def _key_fault(key: str) -> str | None:
    if not key:
        return "an empty key"
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in _MODIFIERS]
    if unknown:
        return f"'{key}' has no modifier '{unknown[0]}' ({', '.join(sorted(_MODIFIERS))})"
    if len(base) == 1 and base.isprintable() and not base.isspace():
        return None
    if base in _NAMED or key_to_character(base) is not None:
        return None
    return f"'{key}' is not a key ({_EXAMPLES})"


def unnamed_keys(keymap: Keymap) -> list[str]:
    """One line per key that is not one (cheap: no screen is imported)."""
    faults = []
    for binding_id, keys in keymap.items():
        for key in _normalize_key_list(keys).split(","):
            fault = _key_fault(key)
            if fault is not None:
                faults.append(f'{binding_id} = "{keys}": {fault}')
                break
    return faults


@dataclass(frozen=True)
class Entry:
    """One binding id: its default keys and what it does."""

    binding_id: str
    default: str  # comma-separated, as Textual names them
    description: str


@dataclass(frozen=True)
class _Held:
    binding_id: str | None  # None: one of Textual's own keys (a list's cursor keys...)
    action: str
    description: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class _Place:
    """One screen as the keys see it: its bindings, its widgets' and the app's."""

    name: str
    held: tuple[_Held, ...]


def _held(node: type[DOMNode]) -> list[_Held]:
    grouped: dict[tuple[str | None, str], list[tuple[str, Binding]]] = {}
    for key, binding in node._merge_bindings():
        group = (binding.id, binding.action if binding.id is None else "")
        grouped.setdefault(group, []).append((key, binding))
    return [_Held(binding_id, pairs[0][1].action, pairs[0][1].description,
                  tuple(key for key, _binding in pairs))
            for (binding_id, _action), pairs in grouped.items()]


def _console_classes() -> list[type[DOMNode]]:
    import hra_tui.screens
    import hra_tui.widgets

    found: dict[type[DOMNode], None] = {}
    for package in (hra_tui.screens, hra_tui.widgets):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            loaded = importlib.import_module(module.name)
            for value in vars(loaded).values():
                if (isinstance(value, type) and issubclass(value, DOMNode)
                        and value.__module__ == loaded.__name__):
                    found[value] = None
    return list(found)


def _widgets_of(screen: type[Screen], widgets: list[type[DOMNode]]) -> list[type[DOMNode]]:
    """The console's widgets a screen composes: those its module, or a base's, imports."""
    names: set[int] = set()
    for base in screen.__mro__:
        module = importlib.import_module(base.__module__)
        if module.__name__.startswith("hra_tui."):
            names.update(id(value) for value in vars(module).values())
    return [widget for widget in widgets if id(widget) in names]


def _place_name(screen: type[Screen]) -> str:
    title = getattr(screen, "TITLE", None) or screen.__name__.removesuffix("Screen")
    return f"the {title} screen"


@cache
def _places(console: type[App]) -> tuple[_Place, ...]:
    classes = _console_classes()
    screens = [c for c in classes if issubclass(c, Screen)  # a base: its subclasses say it
               and not any(o is not c and issubclass(o, c) for o in classes)]
    widgets = [c for c in classes if not issubclass(c, Screen)]
    everywhere = _held(console)
    places = [_Place(_place_name(screen), tuple(
        _held(screen) + [h for w in _widgets_of(screen, widgets) for h in _held(w)]
        + everywhere)) for screen in screens]
    places.append(_Place("every screen", tuple(everywhere)))
    return tuple(places)


@cache
def catalogue(console: type[App]) -> tuple[Entry, ...]:
    """Every binding id of the `console` app class and its screens, sorted by id."""
    found: dict[str, _Held] = {}
    for place in _places(console):
        for held in place.held:
            if held.binding_id is not None and held.description:
                found.setdefault(held.binding_id, held)
    return tuple(Entry(binding_id, ",".join(held.keys), held.description)
                 for binding_id, held in sorted(found.items()))


def _clashes(place: _Place, keymap: Keymap) -> Iterable[tuple[str, str]]:
    """(the remapped key, what it clashes with and where) for each clash on `place`."""
    owners: dict[str, list[_Held]] = {}
    for held in place.held:
        keys = keymap[held.binding_id].split(",") if held.binding_id in keymap else held.keys
        for key in dict.fromkeys(keys):
            owners.setdefault(key, []).append(held)
    for key, holders in owners.items():
        for held in holders:
            if held.binding_id not in keymap or key in held.keys:
                continue  # not remapped, or a key it has by default (overlaps by design)
            for other in holders:
                if other is held or (other.binding_id is not None
                                     and other.binding_id == held.binding_id):
                    continue
                what = other.description or other.action
                named = f" ({other.binding_id})" if other.binding_id else ""
                yield (f'{held.binding_id} = "{keymap[held.binding_id]}": {key} is already',
                       f"{what}{named} on {place.name}")
                break


def unknown_ids(ids: Iterable[str], console: type[App]) -> list[str]:
    """One line per id the console does not have, with the closest it has."""
    import difflib

    known = {entry.binding_id for entry in catalogue(console)}
    found = []
    for binding_id in ids:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f"did you mean {close[0]}?" if close else "`hra keymap show` lists them"
            found.append(f"no key has the id '{binding_id}' ({hint})")
    return found


def faults(keymap: Keymap, console: type[App]) -> list[str]:
    """One line per fault, keys first, then ids, then clashes; [] when the keymap may be
    applied whole to `console` (the app class, whose keys work everywhere)."""
    found = unnamed_keys(keymap)
    if found:
        return found
    keymap = normalized(keymap)
    found = unknown_ids(keymap, console)
    if found:
        return found
    clashes: dict[str, list[str]] = {}  # one line per key, however many screens it is on
    for place in _places(console):
        for key, where in _clashes(place, keymap):
            clashes.setdefault(key, []).append(where)
    for key, wheres in clashes.items():
        more = f" (and on {len(wheres) - 1} more screens)" if len(wheres) > 1 else ""
        found.append(f"{key} {wheres[0]}{more}")
    return found
