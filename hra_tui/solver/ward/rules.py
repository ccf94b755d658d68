"""The shift rules as plain facts about a horizon's slots: which pairs of slots are too close
for one person to work both, which slots fall on which day, and the 7-day windows.

The model's rules (`constraints`) turn these into constraints and the simple plan follows them;
both read them here so they agree on what "too close" means.
"""

from __future__ import annotations

DAY = 24 * 60
WEEK_DAYS = 7


def too_close(inst) -> list[tuple[int, int]]:
    """(t, u), t < u, for each pair of slots one person may not both work: they overlap, or
    the rest between them is shorter than the ward's minimum."""
    if not inst.timed or not inst.rules.min_rest:
        return []
    rest = inst.rules.min_rest
    pairs = []
    for t in range(inst.T):
        for u in range(t + 1, inst.T):
            a, b = sorted((t, u), key=lambda k: inst.slot_start[k])
            if inst.slot_start[b] - (inst.slot_start[a] + inst.slot_minutes[a]) < rest:
                pairs.append((t, u))
    return pairs


def slot_days(inst) -> list[int]:
    """The calendar day (from the horizon's first midnight) each slot starts on."""
    return [start // DAY for start in inst.slot_start]


def day_runs(inst) -> list[list[int]]:
    """Each run of max_consecutive_days + 1 calendar days the horizon covers in full, as the
    days it holds: a person works at most max_consecutive_days of them."""
    limit = inst.rules.max_consecutive_days
    if not inst.timed or not limit:
        return []
    days = sorted(set(slot_days(inst)))
    return [list(range(d, d + limit + 1)) for d in days if d + limit <= days[-1]]


def week_windows(inst) -> list[list[int]]:
    """The slots of each 7-day window worth checking: from the first day, and from each later
    day whose window reaches past the horizon's first week."""
    if not inst.timed or not inst.rules.max_week_minutes:
        return []
    days = slot_days(inst)
    first, last = min(days), max(days)
    starts = [first] + [d for d in range(first + 1, last + 1) if d + WEEK_DAYS - 1 <= last]
    return [[t for t, day in enumerate(days) if d <= day < d + WEEK_DAYS] for d in starts]
