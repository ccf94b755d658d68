"""Each ward field's rule, declared once: its label, bounds, default and the words a clerk reads.

The forms' labels and hints, the services' checks (`services/validation.py`), the CSV
importer's fast path and the database's CHECK constraints (`db/models.py`) all read these
specs, so changing a bound here changes it everywhere. Pure data: this module imports neither
the database nor Textual, so every layer may use it.
"""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass


@dataclass(frozen=True)
class Number:
    """A whole number from `low` to `high`; a blank entry means `default` (None: required).

    `title` and `hint` are the form's label and placeholder; `{span}` in them reads "1–5".
    """

    label: str
    low: int
    high: int
    default: int | None = None
    title: str = ""
    hint: str = ""

    @property
    def span(self) -> str:
        return f"{self.low}–{self.high}"

    @property
    def form_label(self) -> str:
        return (self.title or self.label).format(span=self.span)

    @property
    def form_hint(self) -> str:
        return self.hint.format(span=self.span)

    @property
    def message(self) -> str:
        """What a clerk reads for a number out of range."""
        return f"{self.label} must be from {self.low} to {self.high}"

    @property
    def not_whole(self) -> str:
        """What a clerk reads for text that is not a whole number."""
        return f"{self.label} must be a whole number from {self.low} to {self.high}"

    def exact(self) -> dict[str, int]:
        """Every entry written as the number itself (and blank, when there is a default)."""
        table = {str(n): n for n in range(self.low, self.high + 1)}
        return table if self.default is None else table | {"": self.default}

    def between(self, column: str) -> str:
        """The database CHECK keeping `column` in range."""
        return f"{column} BETWEEN {self.low} AND {self.high}"

    def at_least(self, column: str) -> str:
        """The database CHECK keeping `column` at or above the floor (the ceiling is the
        services' alone)."""
        return f"{column} >= {self.low}"


Text = namedtuple("Text", ("label", "limit"))  # free text trimmed to at most `limit` characters


@dataclass(frozen=True)
class Moment:
    """A date and time a clerk types in local time (stored as UTC): `label` names it in a
    form and in a refusal, `hint` is the form's placeholder."""

    label: str
    hint: str = "e.g. tomorrow 07:00 or 2026-03-12 07:00"

    @property
    def required(self) -> str:
        """What a clerk reads when the time is left blank."""
        return f"Give the {self.label.lower()} time, {self.hint}"


@dataclass(frozen=True)
class Choice:
    """One of `codes`; `words` are the other spellings a clerk may type for each code."""

    label: str
    names: dict[str, str]  # code -> what a form shows
    words: dict[str, str]  # lower-case spelling -> code
    message: str

    def among(self, column: str) -> str:
        """The database CHECK keeping `column` to the codes."""
        return f"{column} IN ({', '.join(repr(code) for code in self.names)})"


NAME = Text("Name", 100)
ADDRESS = Text("Address", 200)
PRESCRIPTION = Text("Prescription", 500)
SPECIALIZATION = Text("Specialization", 100)
DESCRIPTION = Text("Description", 200)
NOTE = Text("Note", 200)

AGE = Number("Age", 0, 130, hint="years, {span}")
URGENCY = Number("Urgency", 1, 10, default=5, hint="{span}, higher is more urgent")
PRIORITY = Number("Priority", 1, 5, default=3, hint="{span}, higher is offered a slot first")
GENDER = Choice(
    "Gender",
    {"F": "Female", "M": "Male", "X": "Other / not given"},
    {"f": "F", "female": "F", "woman": "F", "w": "F",
     "m": "M", "male": "M", "man": "M",
     "x": "X", "other": "X", "nonbinary": "X", "non-binary": "X", "unknown": "X",
     "unspecified": "X", "diverse": "X"},
    "Gender must be F, M or X (female, male, other)",
)

SKILL = Number("Skill", 1, 5, default=3, title="Skill ({span})")
MAX_SLOTS = Number("Maximum slots", 0, 1000, default=10, title="Most slots",
                   hint="shifts per planning horizon")
COST_PER_SLOT = Number("Cost per slot", 0, 1_000_000, default=5)
OVERTIME_COST = Number("Overtime cost", 0, 1_000_000, default=5)
STAFF_NUMBERS = {"skill": SKILL, "max_slots": MAX_SLOTS, "cost_per_slot": COST_PER_SLOT,
                 "overtime_cost": OVERTIME_COST}  # a staff form's numbers, by field name

DURATION = Number("Duration", 5, 480)
BOOKED_MINUTES = 30  # the seed form's appointment length: the booking form's first value

# The ward's layout: wards, and beds in them (a bed's label and type rules are the CSV import's)
WARD_NAME = Text("Ward name", 60)
ROOM = Text("Room", 12)  # a room code, letters, digits and '-' ("" = not grouped into a room)

# A care request: a patient waiting for the planner (the paper's U, C and least skill)
CARE_SKILL = Number("Least skill", 1, 5, default=1, title="Least skill",
                    hint="{span}, of whoever serves it")
CARE_COST = Number("Care cost", 0, 1_000_000, default=0, hint="{span}")
CARE_MINUTES = Number("Duration", DURATION.low, DURATION.high, default=BOOKED_MINUTES,
                      title="Minutes", hint="{span}")
REASON = Text("Reason", 200)
CARE_NUMBERS = {"urgency": URGENCY, "skill_min": CARE_SKILL, "care_cost": CARE_COST,
                "duration_min": CARE_MINUTES}  # a care request form's numbers, by field name

# Two staff members' interaction (the paper's I): above 0 they work badly together, below 0 well
PAIR_WEIGHT = Number("Weight", -10, 10, hint="{span}: above 0 badly together, below 0 well")

# The planners' limits: the seconds one solve may run (the ward roster and the admissions
# planner), and the time slots the ward roster plans at once (beyond, a clerk waits too long)
TIME_LIMIT = Number("Time limit", 1, 3600, default=10)
HORIZON = Number("Horizon", 1, 60, default=9)

# An event that changes the day: a staff member absent, or a resource (a theatre) closed, from
# one local time to a later one, with a reason (REASON's rule). "To" must come after "From"
# (a CHECK too) and not be past already; both lie at most ten years ahead, as bookings do.
EVENT_FROM = Moment("From")
EVENT_TO = Moment("To")
EVENT_ORDER = "To must come after From"

def phone_digits(phone: str) -> str:
    """The digits of a phone number, whatever its spacing and punctuation: what phone search
    matches (stored beside the phone as `patients.phone_digits`)."""
    return "".join(ch for ch in phone if ch.isdigit())


PHONE_DIGITS = (6, 15)  # the fewest and most digits a phone number may have
PHONE_MESSAGE = (f"Phone must be {PHONE_DIGITS[0]} to {PHONE_DIGITS[1]} digits, "
                 "optionally starting with +")
MAX_AMOUNT_CENTS = 100_000_000  # a million in cents: the largest amount one invoice may hold

# The ward's planning settings (`hra plan settings`, the console's settings form), by key: each
# a whole number in its range (0 turns a shift rule off), and the clinic opening before it
# closes. The services refuse anything else before it is stored, so the planner never books a
# visit by hours no clinic keeps.
SETTING_MAX = 10**12  # far above any budget in cents, far below CP-SAT's integer overflow
PLAN_SETTINGS = {
    "budget": Number("budget", 0, SETTING_MAX),
    "balance": Number("balance", 0, 1_000_000),
    "patients_per_staff": Number("patients_per_staff", 0, 1000),
    "overtime_cap": Number("overtime_cap", 0, 1000),
    "resource_capacity": Number("resource_capacity", 0, 1000),
    "min_rest_hours": Number("min_rest_hours", 0, 48),
    "max_consecutive_days": Number("max_consecutive_days", 0, 366),
    "max_week_hours": Number("max_week_hours", 0, 168),
    "min_nurses": Number("min_nurses", 0, 1000),
    "min_doctors": Number("min_doctors", 0, 1000),
    "senior_skill": Number("senior_skill", 0, SKILL.high),
    "min_seniors": Number("min_seniors", 0, 1000),
    "clinic_opens": Number("clinic_opens", 0, 23),
    "clinic_closes": Number("clinic_closes", 1, 24),
    "change_weight": Number("change_weight", 0, 1_000_000),
    "forecast_hold": Number("forecast_hold", 0, 95),  # 0, 80 or 95: planning/ward/planner
}


def setting_refusal(key: str) -> str:
    """What a clerk reads for a value out of a setting's range."""
    rule = PLAN_SETTINGS[key]
    return f"The {key} setting must be a whole number from {rule.low:,} to {rule.high:,}"


def clinic_refusal(opens: int, closes: int) -> str | None:
    """Why clinic hours make no sense (opening at or after closing), or None."""
    if opens < closes:
        return None
    return (f"The clinic must open before it closes; clinic_opens {opens} is not before "
            f"clinic_closes {closes}")
