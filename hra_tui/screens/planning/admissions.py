"""Admissions: plan the horizon's admissions, theatres and nurses (IHTC-2024) from the ward's
records, with a live cost line while the search runs (esc stops it and keeps the best plan),
then read the plan four ways and apply it.

Views (v cycles): rooms × days (head count, women or men, youngest and oldest age group, and
under the board who is in the highlighted room), theatres × days (minutes booked of minutes
open), shifts × rooms (the nurse of each room), and the cost in the clerk's words.

Keys: g plan, n re-plan from the plan in force (its changes in words under the board), esc
stop (or back to Planning), v view, y apply, t time limit or move budget, ←/→ scroll the board
a column at a time (the days of a fortnight, or the rooms, do not fit 80 columns; the first
column stays, and only whole columns show). Opened from Planning with e.
"""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from hra_tui.domain import Role
from hra_tui.fields import TIME_LIMIT
from hra_tui.formatting import cut
from hra_tui.screens.base import key_table
from hra_tui.screens.planning.solve_worker import SolveProgress, SolvingScreen
from hra_tui.screens.prompts import AskScreen, ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.errors import Refused
from hra_tui.services.planning.intake.planner import AdmissionsPlan
from hra_tui.services.planning.intake.replan import AdmissionsReplan
from hra_tui.services.planning.intake.views import (
    age_marks,
    broken_rules,
    cost_lines,
    nurse_of_room,
    room_cell,
    stays_by_room,
    theatre_minutes,
)
from hra_tui.solver.plan import Progress
from hra_tui.widgets.progress_chart import ProgressChart, search_chart
from hra_tui.widgets.record_table import RecordTable

VIEWS = ("rooms", "theatres", "nurses", "cost")
DETAIL_LINES = 5  # under the board: the legend, then who is in the highlighted room
Row = tuple[str, tuple[object, ...]]  # (key, cells)


def parse_budget(text: str) -> tuple[float, int | None] | str:
    """"30" is 30 seconds; "20000 moves" stops after that many moves (the same plan every
    run, the clock only a cap); anything else is the reason it is refused."""
    words = text.split()
    if len(words) == 1 and words[0].isdigit() and \
            TIME_LIMIT.low <= int(words[0]) <= TIME_LIMIT.high:
        return float(words[0]), None
    if len(words) == 2 and words[0].isdigit() and words[1] in ("move", "moves") \
            and int(words[0]) >= 1:
        return float(TIME_LIMIT.high), int(words[0])
    return (f"Give whole seconds from {TIME_LIMIT.low} to {TIME_LIMIT.high}, or a move budget: "
            "20000 moves")


def _day_label(starts_on: datetime, day: int) -> str:
    date = starts_on + timedelta(days=day)
    return f"{date.day}/{date.month}"


class AdmissionsScreen(SolvingScreen):
    MODE = "planning"
    TITLE = "Admissions"
    FILTERABLE = False
    BUSY = "A plan is being made; esc stops it"
    DEFAULT_CSS = """
    AdmissionsScreen #adm-board { height: 1fr; overflow-x: hidden; }
    AdmissionsScreen #adm-chart { display: none; }
    AdmissionsScreen.-solving #adm-chart { display: block; }
    AdmissionsScreen.-solving #adm-board, AdmissionsScreen.-solving #adm-detail { display: none; }
    AdmissionsScreen #adm-detail { height: auto; max-height: 5; color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = key_table("admissions", """
        g       plan         plan    Plan
        (n)     replan       replan  Re-plan
        escape  stop         stop    Stop/back
        v       view         view    View
        y       apply        apply   Apply
        (t)     time_limit   time    Time limit
        (k)     close_theatre  close     Close theatre
        (l)     closures       closures  Closures
    """) + [
        # priority: the board's own ←/→ would move it a character, not a day
        Binding("right", "scroll_board(1)", "Scroll", key_display="←→", priority=True,
                id="admissions-scroll-right"),
        Binding("left", "scroll_board(-1)", "Scroll back", show=False, priority=True,
                id="admissions-scroll-left"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.time_limit = float(TIME_LIMIT.default)  # type: ignore[arg-type]
        self.iterations: int | None = None
        self.seed = 0
        self.view = VIEWS[0]
        self.plan: AdmissionsPlan | None = None
        self.replanned: AdmissionsReplan | None = None  # set while `plan` is its re-plan
        self.best: Progress | None = None
        self.first = 0  # the first day (or room) shown after the board's first column
        self.more_right = False  # columns beyond the board's right edge

    def compose_body(self) -> ComposeResult:
        yield Static("", id="adm-params")
        yield Static("", id="adm-cost")
        yield ProgressChart(search_chart, id="adm-chart")
        yield RecordTable(lambda row: row[1], key=lambda row: row[0], id="adm-board")
        yield Static("", id="adm-detail")

    @property
    def board(self) -> RecordTable[Row]:
        return self.query_one("#adm-board", RecordTable)

    def focus_list(self) -> None:
        self.board.focus()

    # -- what the screen shows ---------------------------------------------------------------

    async def reload(self) -> None:
        self.show_params()
        if self.plan is None and not self.solving:
            try:
                prepared = await self.ward.admissions.prepare()
            except Refused as exc:
                self.set_status("nothing to plan")
                self._line("#adm-cost", str(exc))
                return
            p = prepared.problem
            self.set_status(f"no plan yet: g plans {len(p.patients)} patients over "
                            f"{p.days} days")
            self._line("#adm-cost", f"{len(p.rooms)} rooms, {len(p.occupants)} patients in "
                       f"beds, {len(p.theaters)} theatres, {len(p.nurses)} nurses")
        self.show_view()

    def _line(self, selector: str, text: str) -> None:
        self.query_one(selector, Static).update(Text(cut(text, max(1, self.size.width))))

    def show_params(self) -> None:
        budget = (f"{self.iterations:,} moves" if self.iterations is not None
                  else f"limit {self.time_limit:g} s")
        self._line("#adm-params", f"View {self.view} (v) · {budget} (t) · seed {self.seed}")

    def show_view(self) -> None:
        plan = self.plan
        rows, columns, detail = [], [], ""
        if plan is not None:
            columns, rows, detail = getattr(self, f"_{self.view}")(plan)
            if self.view != "cost":
                columns, rows = self._window(columns, rows)
        board = self.board
        board.set_columns(columns)
        board.fixed_columns = 1 if self.view != "cost" else 0  # drawn as the pinned column
        board.show(rows)
        self.show_detail(detail)

    def _window(self, columns: list, rows: list[Row]) -> tuple[list, list[Row]]:
        """The first column and as many whole columns from `first` as fit the board's width:
        a column never shows in part (a cut day read as a stray "1" at the edge)."""
        board = self.board
        pad = 2 * board.cell_padding
        scrollbar = board.styles.scrollbar_size_vertical if len(rows) >= board.size.height \
            else 0
        # the last column's blank padding may sit at the edge, as on any list
        room = (board.size.width or self.app.size.width) - scrollbar + board.cell_padding
        room -= columns[0][1] + pad
        self.first = max(0, min(self.first, len(columns) - 2))
        shown = 0
        for _, width in columns[1 + self.first:]:
            if shown and width + pad > room:
                break
            room -= width + pad
            shown += 1
        self.more_right = 1 + self.first + shown < len(columns)
        end = 1 + self.first + shown
        return ([columns[0], *columns[1 + self.first:end]],
                [(key, (cells[0], *cells[1 + self.first:end])) for key, cells in rows])

    def show_detail(self, detail: str = "") -> None:
        if self.plan is not None and self.view == "rooms":
            detail = self._room_detail(self.plan)
        width = max(1, self.size.width)
        lines = [part for line in detail.split("\n")
                 for part in textwrap.wrap(line, width, subsequent_indent="  ") or [""]]
        if len(lines) > DETAIL_LINES:  # more stays than lines: the last line says so
            lines = [*lines[:DETAIL_LINES - 1], cut(lines[DETAIL_LINES - 1] + " …", width)]
        self.query_one("#adm-detail", Static).update(Text("\n".join(lines)))

    @on(DataTable.RowHighlighted, "#adm-board")
    def _highlighted(self) -> None:
        if self.view == "rooms":
            self.show_detail()

    def _days(self, plan: AdmissionsPlan) -> list[str]:
        return [_day_label(plan.prepared.starts_on, d) for d in range(plan.problem.days)]

    def _rooms(self, plan: AdmissionsPlan) -> tuple[list, list[Row], str]:
        p = plan.problem
        marks = age_marks(p)
        stays = stays_by_room(p, plan.solution)
        columns = [("Room", 6), *((day, 5) for day in self._days(plan))]
        rows = [(room.id, (f"{room.id} {room.capacity}",
                           *(room_cell(stays[k], d, marks) for d in range(p.days))))
                for k, room in sorted(enumerate(p.rooms), key=lambda kr: kr[1].id)]
        return columns, rows, ""

    def _room_detail(self, plan: AdmissionsPlan) -> str:
        p = plan.problem
        marks = age_marks(p)
        legend = "2Fae: 2 in the room, women (F) or men (M), ages " + " ".join(
            f"{mark} {group}" for mark, group in zip(marks, p.age_groups, strict=True))
        key = self.board.current_key
        index = next((k for k, room in enumerate(p.rooms) if room.id == key), None)
        if index is None:
            return legend
        days = self._days(plan)
        stays = stays_by_room(p, plan.solution)[index]
        who = " · ".join(f"{plan.prepared.name(s.who)} {s.gender} {p.age_groups[s.age_group]} "
                         f"{days[s.first_day]}–{days[s.last_day]}" for s in stays)
        return f"{legend}\n{key}: {who or 'nobody'}"

    def _theatres(self, plan: AdmissionsPlan) -> tuple[list, list[Row], str]:
        names = max((len(theatre.id) for theatre in plan.problem.theaters), default=7)
        columns = [("Theatre", min(max(names, 7), 20)), *((day, 7) for day in self._days(plan))]
        minutes = theatre_minutes(plan.problem, plan.solution)
        rows = [(theatre.id, (theatre.id, *(f"{used}/{open_}" if open_ else "shut"
                                            for used, open_ in minutes[k])))
                for k, theatre in enumerate(plan.problem.theaters)]
        return columns, rows, "minutes booked / minutes open, per theatre and day"

    def _nurses(self, plan: AdmissionsPlan) -> tuple[list, list[Row], str]:
        p = plan.problem
        days = self._days(plan)
        board = nurse_of_room(p, plan.solution)
        width = max((len(nurse) for shift in board for nurse in shift), default=0)
        columns = [("Shift", 12), *((room.id, max(width, len(room.id))) for room in p.rooms)]
        rows = [(str(s), (f"{days[s // p.shifts_per_day]} "
                          f"{p.shift_types[s % p.shifts_per_day]}", *board[s]))
                for s in range(len(board))]
        return columns, rows, "the nurse looking after each room in each shift"

    def _cost(self, plan: AdmissionsPlan) -> tuple[list, list[Row], str]:
        columns = [("", 7), ("What", 39), ("Count", 6), ("Weight", 6), ("Cost", 7)]
        rows: list[Row] = [(c.code, (c.group, c.words, c.count, c.weight, f"{c.cost:,}"))
                           for c in cost_lines(plan.check)]
        rows.append(("total", ("", "total", "", "", f"{plan.check.total_cost:,}")))
        broken = broken_rules(plan.check)
        detail = ("breaks: " + "; ".join(f"{what} ({n})" for what, n in broken) if broken
                  else "cost = count × weight; lower is better")
        return columns, rows, detail

    # -- planning ----------------------------------------------------------------------------

    @needs(Role.CLERK, "plan admissions")
    def action_plan(self) -> None:
        """The service reads the records, then solves in a thread, the cost line following;
        the live chart (the class `-solving`) in the board's place until the plan is in."""
        limit, iterations, seed = self.time_limit, self.iterations, self.seed
        if self.start_solve(lambda stop, on_progress: self.ward.admissions.plan(
                limit, iterations=iterations, seed=seed, stop=stop, on_progress=on_progress)):
            self._searching()

    @needs(Role.CLERK, "plan admissions")
    def action_replan(self) -> None:
        """The same search, started from the plan in force, each change to it priced
        (`services/planning/intake/replan.py`); the changes are read in words before y."""
        from hra_tui.services.planning.intake.replan import replan

        limit, iterations, seed = self.time_limit, self.iterations, self.seed
        if self.start_solve(lambda stop, on_progress: replan(
                self.ward.context, limit, iterations=iterations, seed=seed, stop=stop,
                on_progress=on_progress)):
            self._searching()

    def _searching(self) -> None:
        self.best = None
        self.query_one(ProgressChart).reset("· esc keeps the best plan")
        self.set_status("planning …")
        self._line("#adm-cost", "Starting the search …")

    @on(SolveProgress)
    def _progress(self, message: SolveProgress) -> None:
        if not self.solving:
            return
        event = self.best = message.event
        self.query_one(ProgressChart).add(event)
        left = f", {event.left_out} must-admit left out" if event.left_out else ""
        self._line("#adm-cost", f"Best cost {event.cost:,}{left} · {event.moves:,} moves · "
                   f"{event.fraction:.0%} · esc keeps the best plan")

    def solve_failed(self, error: BaseException) -> None:
        self.set_status("no plan")

    async def solve_done(self, result: AdmissionsPlan | AdmissionsReplan) -> None:
        self.replanned = result if isinstance(result, AdmissionsReplan) else None
        self.plan = result.plan if isinstance(result, AdmissionsReplan) else result
        self.show_plan_line()
        self.show_view()
        hold = self.plan.prepared.hold
        if hold.total:  # the beds kept free for forecast emergencies, and why
            self.notify(hold.in_words, title="Beds held for emergencies", timeout=20)
        if self.replanned is not None:  # the changes in words, again in y's question
            self.notify(self._changes(), title=f"Re-plan of plan {self.replanned.in_force}",
                        timeout=20)

    def _changes(self) -> str:
        from hra_tui.services.planning.intake.changes import in_words

        prepared = self.replanned.plan.prepared
        return in_words(self.replanned.diff, prepared.starts_on, prepared.name)

    def show_plan_line(self) -> None:
        plan = self.plan
        if plan is None:
            return
        check = plan.check
        state = ("y applies" if check.feasible
                 else f"breaks {check.total_violations} hard rule(s): not applicable")
        self.set_status(f"{plan.admitted} of {len(plan.problem.patients)} admitted over "
                        f"{plan.problem.days} days")
        changes = (f" · {self.replanned.diff.count} changes to plan {self.replanned.in_force}"
                   if self.replanned is not None else "")
        held = plan.prepared.hold.total
        changes += f" · {held} bed-days held" if held else ""
        self._line("#adm-cost", f"Plan cost {check.total_cost:,}{changes} · {plan.moves:,} "
                   f"moves · {state}")

    def action_stop(self) -> None:
        if self.stop_solve():
            self._line("#adm-cost", "Stopping; the best plan so far is kept …")
        else:
            self.app.pop_screen()

    # -- choices -----------------------------------------------------------------------------

    def action_view(self) -> None:
        self.view = VIEWS[(VIEWS.index(self.view) + 1) % len(VIEWS)]
        self.first = 0  # another view's columns: from its first day (or room)
        self.show_params()
        self.show_view()

    def action_scroll_board(self, step: int) -> None:
        """One column (a day, or a room) later or earlier, the first column staying."""
        if self.plan is None or self.view == "cost" or (step > 0 and not self.more_right) \
                or (step < 0 and self.first == 0):
            return
        self.first += step
        self.show_view()

    def on_resize(self) -> None:
        if self.plan is not None:
            self.show_view()  # as many whole columns as the new width holds

    def action_time_limit(self) -> None:
        def check(text: str) -> str | None:
            result = parse_budget(text)
            return result if isinstance(result, str) else None

        def done(answer: str | None) -> None:
            if answer is not None:
                budget = parse_budget(answer)
                if not isinstance(budget, str):
                    self.time_limit, self.iterations = budget
                    self.show_params()

        now = (f"{self.iterations} moves" if self.iterations is not None
               else f"{self.time_limit:g}")
        self.app.push_screen(AskScreen("Seconds to plan for, or a move budget (20000 moves)",
                                       value=now, check=check), done)

    @needs(Role.ADMIN, "apply admission plans")
    def action_apply(self) -> None:
        plan = self.plan
        if plan is None:
            self.notify("No plan yet: g makes one")
            return

        replanned = self.replanned
        if replanned is not None:
            self._confirm_replan(replanned)
            return

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.hra.attempt(self.ward.admissions.apply(plan), _applied)

        self.app.push_screen(ConfirmScreen(
            f"Apply this plan (cost {plan.check.total_cost:,}): reserve beds for "
            f"{plan.admitted} admissions, book their theatres and roster the nurses, "
            "replacing the plan in force?"), confirmed)


    def _confirm_replan(self, replanned: AdmissionsReplan) -> None:
        from hra_tui.services.planning.intake.replan import apply_replan

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.hra.attempt(apply_replan(self.ward.context, replanned), _applied)

        self.app.push_screen(ConfirmScreen(
            f"Apply this re-plan of plan {replanned.in_force} (cost "
            f"{replanned.plan.check.total_cost:,}, {replanned.diff.count} changes)? "
            f"{self._changes()}"), confirmed)

    # -- the day's events: a theatre closes (planning/closures.py) --------------------------

    @needs(Role.CLERK, "enter theatre closures")
    @work(group="closure-dialog", exclusive=True)
    async def action_close_theatre(self) -> None:
        from hra_tui.screens.planning.closures import ClosureFormScreen

        await ClosureFormScreen.open(self.hra)

    def action_closures(self) -> None:
        from hra_tui.screens.planning.closures import ClosuresScreen

        self.app.push_screen(ClosuresScreen())


def _applied(result) -> str:
    replaced = f", replacing plan {result.replaced}" if result.replaced else ""
    return (f"Plan {result.plan_id} applied: {result.reservations} bed reservations, "
            f"{result.surgeries} theatre bookings, {result.nurse_rooms} nurse rooms{replaced}")
