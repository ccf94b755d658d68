"""Typing ahead into a one-line dialog: over SSH a clerk's keys can come in one burst with the
key that opened the dialog (`:find 61⏎`, `m` then a name), before the dialog's field has the
focus. Such keys reach the dialog screen itself; this mixin types them into the field (and
submits on enter), so none is lost."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TypeAhead:
    """For a screen whose one text field is `type_ahead_field`."""

    type_ahead_field: Input

    async def on_key(self, event: events.Key) -> None:
        field = self.type_ahead_field
        if not field.is_mounted:
            return
        if event.is_printable and event.character:
            field.insert_text_at_cursor(event.character)
        elif event.key == "enter":
            await field.action_submit()
        elif event.key == "backspace":
            field.action_delete_left()
        else:
            return
        event.stop()
        event.prevent_default()
