"""The planner's settings as one form: each setting with the value in force; a blank field
is the planner's default (shown greyed in it), 0 turns a shift rule off. Saved together in
one audited transaction (admins only)."""

from __future__ import annotations

from textual.app import ComposeResult

from hra_tui.domain import SettingKey
from hra_tui.fields import PLAN_SETTINGS
from hra_tui.screens.form import FormScreen
from hra_tui.services.planning.ward.snapshot import default_setting
from hra_tui.widgets.form_field import FormField
from hra_tui.widgets.text_input import TextInput

# What the form calls each setting: the label column is 16 wide.
LABELS = {
    SettingKey.BUDGET: "Budget",
    SettingKey.BALANCE: "Balance",
    SettingKey.PATIENTS_PER_STAFF: "Patients/staff",
    SettingKey.OVERTIME_CAP: "Overtime cap",
    SettingKey.RESOURCE_CAPACITY: "Resource cap",
    SettingKey.MIN_REST_HOURS: "Rest hours",
    SettingKey.MAX_CONSECUTIVE_DAYS: "Days in a row",
    SettingKey.MAX_WEEK_HOURS: "Week hours",
    SettingKey.MIN_NURSES: "Nurses/slot",
    SettingKey.MIN_DOCTORS: "Doctors/slot",
    SettingKey.SENIOR_SKILL: "Senior skill",
    SettingKey.MIN_SENIORS: "Seniors/slot",
    SettingKey.CLINIC_OPENS: "Clinic opens",
    SettingKey.CLINIC_CLOSES: "Clinic closes",
    SettingKey.CHANGE_WEIGHT: "Change weight",
    SettingKey.FORECAST_HOLD: "Forecast hold %",
}

Values = list[tuple[str, int | None, bool]]  # (key, value in force, whether the default)


def parse_setting(key: str, text: str) -> int | None:
    """A typed setting: blank is the default (None), else a whole number in the setting's
    range (`fields.PLAN_SETTINGS`); ValueError with the words to show otherwise."""
    rule = PLAN_SETTINGS[key]
    value = text.strip().replace(",", "")
    if not value:
        return None
    if not value.isdigit() or len(value) > len(str(rule.high)) or \
            not rule.low <= int(value) <= rule.high:
        raise ValueError(f"A whole number from {rule.low:,} to {rule.high:,}, or blank for "
                         "the default")
    return int(value)


class SettingsFormScreen(FormScreen[int]):
    TITLE = "Planning › Settings (blank: the default)"
    SUBMIT_LABEL = "Save settings"
    MODE = "planning"

    def __init__(self, values: Values) -> None:
        super().__init__()
        self.current = values

    def fields(self) -> ComposeResult:
        for key, value, default in self.current:
            fallback = default_setting(SettingKey(key))
            hint = "no limit" if fallback is None else f"default {fallback:,}"
            yield FormField(key, LABELS[SettingKey(key)], TextInput(
                value="" if default or value is None else str(value), placeholder=hint,
                compact=True, id=f"in-{key}"))

    def on_mount(self) -> None:
        self.query_one(TextInput).focus()

    def check(self, values: dict[str, str]) -> dict[str, str]:
        errors = {}
        for key, text in values.items():
            try:
                parse_setting(key, text)
            except ValueError as exc:
                errors[key] = str(exc)
        return errors

    async def submit(self, values: dict[str, str]) -> int:
        changed = {key: parse_setting(key, text) for key, text in values.items()
                   if text != self._opened.get(key)}
        await self.hra.ward.planning.set_settings(changed)
        return len(changed)

    def done(self, count: int) -> str:
        return f"{count} planning setting{'s' * (count != 1)} saved"
