"""Planning: choose the horizon, weights and the ward model's additions, solve in a thread
with a live chart of the incumbent and bound, stop with esc (the best plan is kept), re-plan
the plan in force from now, list and compare plans, see what a plan would add to today's
records (a re-plan's changes in words, and the rules the records force a plan to break), and
apply it.

Keys: g solve, n re-plan from now (same worker and chart), esc stop, [ ] horizon, w weights,
t time limit, 1 2 3 the additions (a) (b) (c),
m mark a plan to compare with the highlighted one, v diff or comparison, y apply, o charts,
e the admissions planner (`AdmissionsScreen`), f the cost-waiting front (`FrontScreen`), l
the care requests waiting (add, edit, cancel), `,` the planner's settings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Static

from hra_tui.domain import Role
from hra_tui.fields import HORIZON, TIME_LIMIT
from hra_tui.formatting import counted, cut, grouped
from hra_tui.screens.base import key_table, step_bindings
from hra_tui.screens.planning.solve_worker import SolveProgress, SolvingScreen
from hra_tui.screens.prompts import AskScreen, ConfirmScreen
from hra_tui.screens.role_keys import needs
from hra_tui.services.errors import Refused
from hra_tui.services.planning.ward.planner import PlanningService, check_request
from hra_tui.services.planning.ward.records import (
    PlanComparison,
    PlanRequest,
    PlanSummary,
    PreparedPlan,
    ReplanRequest,
)
from hra_tui.services.times import short_local
from hra_tui.solver.ward.instance import Weights
from hra_tui.widgets.progress_chart import ProgressChart
from hra_tui.widgets.record_table import RecordTable

SCROLLBAR = 1  # the detail box's scrollbar width
LABEL_ROOM = 10  # a comparison's labels keep at least this many columns beside the values
COLUMNS = tuple((label, None) for label in (
    "Plan", "Status", "Objective", "Gap", "Seen", "Applied"))  # slots: in the detail


def compare_lines(table: PlanComparison, width: int) -> str:
    """Two plans side by side in `width` columns, everything whole: a row is its label and the
    two values; a label too long for that goes on a line of its own above them, and a value
    too long (a horizon) gets a line of its own, named by its plan."""
    rows = [("", f"plan {table.left}", f"plan {table.right}"),
            *((row.label, row.left, row.right) for row in table.rows)]
    cap = max((width - LABEL_ROOM) // 2 - 1, 1)
    value = max([len(text) for row in rows for text in row[1:] if len(text) <= cap], default=1)
    label = max(width - 2 * (value + 1), 1)
    lines = []
    for name, left, right in rows:
        if len(left) <= value and len(right) <= value:
            if len(name) > label:  # the label whole on its own line, the values under it
                lines.append(cut(name, width))
                name = ""
            lines.append(f"{name:<{label}} {left:>{value}} {right:>{value}}")
        else:
            lines += [cut(name, width), cut(f"  {rows[0][1]}: {left}", width),
                      cut(f"  {rows[0][2]}: {right}", width)]
    return "\n".join(lines)


def _weights_from(text: str) -> Weights | str:
    parts = text.replace(",", " ").split()
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return "Give three whole numbers: cost waiting quality, e.g. 2 1 1"
    weights = Weights(*(int(p) for p in parts))
    try:
        check_request(PlanRequest(weights=weights))
    except Refused as exc:
        return str(exc)
    return weights


class PlanningScreen(SolvingScreen):
    MODE = "planning"
    TITLE = "Planning"
    FILTERABLE = False
    BUSY = "A solve is running; esc stops it"
    # At 80x24 the chart gets the 12 rows it needs to draw; the plan list scrolls below it.
    DEFAULT_CSS = """
    PlanningScreen #plan-progress { height: 2fr; min-height: 12; }
    PlanningScreen #plan-lower { height: 1fr; min-height: 5; }
    PlanningScreen #plan-table { width: 3fr; }
    PlanningScreen #plan-detail-box { width: 2fr; border-left: vkey $primary; padding-left: 1;
                                      scrollbar-size-vertical: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *key_table("planning", """
            g       solve   solve   Solve
            n       replan  replan  Re-plan
            escape  stop    stop    Stop
        """),
        *step_bindings("horizon", ("Fewer slots", "planning-horizon-down"),
                       ("More slots", "planning-horizon-up")),
        *key_table("planning", """
            w    weights                 weights   Weights
            (t)  time_limit              time      Time limit
            (1)  toggle('patient_cap')   toggle-a  (a) cap
            (2)  toggle('one_server')    toggle-b  (b) server
            (3)  toggle('overtime')      toggle-c  (c) overtime
            m    mark                    mark      Mark
            v    view                    view      Diff/compare
            y    apply                   apply     Apply
            o    charts                  charts    Charts
            e    admissions              admissions Admissions
            (f)  front                   front     Trade-offs
            (l)  care_requests           requests  Care requests
            (comma)  settings            settings  Settings
        """),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.request = PlanRequest()
        self.slots_found: int | None = None  # slots the last solve found, if fewer than asked
        self.plans: list[PlanSummary] = []
        self.marked: int | None = None
        self.showing = "diff"
        self.last_stored: PlanSummary | None = None
        self.arriving = False  # a solve's plan is being stored and listed

    @property
    def planning(self) -> PlanningService:
        return self.ward.planning

    def compose_body(self) -> ComposeResult:
        yield Static("", id="plan-params")
        yield ProgressChart(id="plan-progress")
        with Horizontal(id="plan-lower"):
            yield RecordTable(self._cells, COLUMNS, id="plan-table")
            with VerticalScroll(id="plan-detail-box"):
                yield Static("", id="plan-detail")

    @property
    def table(self) -> RecordTable[PlanSummary]:
        return self.query_one("#plan-table", RecordTable)

    def on_mount(self) -> None:
        self.show_params()
        super().on_mount()

    def focus_list(self) -> None:
        self.table.focus()

    # -- parameters --------------------------------------------------------------------------

    def show_params(self) -> None:
        r = self.request
        w, tg = r.weights, r.toggles

        def on(flag: bool) -> str:
            return "on" if flag else "off"

        found = self.slots_found
        horizon = f"Horizon {r.horizon} slots"
        if found is not None and found < (r.horizon or 0):
            horizon = f"Horizon {found} slots (of {r.horizon} asked; the records hold {found})"
        line = (f"{horizon} · weights cost {w.cost} waiting {w.waiting} "
                f"quality {w.quality} · (a) cap {on(tg.patient_cap)} (b) server "
                f"{on(tg.one_server)} (c) overtime {on(tg.overtime)} · limit {r.time_limit:g} s")
        self.query_one("#plan-params", Static).update(Text(line))

    def action_horizon(self, step: int) -> None:
        horizon = min(HORIZON.high, max(HORIZON.low, (self.request.horizon or 1) + step))
        self.request = replace(self.request, horizon=horizon)
        self.slots_found = None
        self.show_params()

    def action_toggle(self, name: str) -> None:
        toggles = self.request.toggles
        self.request = replace(self.request, toggles=replace(
            toggles, **{name: not getattr(toggles, name)}))
        self.show_params()

    def action_weights(self) -> None:
        w = self.request.weights

        def check(text: str) -> str | None:
            result = _weights_from(text)
            return result if isinstance(result, str) else None

        def done(answer: str | None) -> None:
            if answer is not None:
                weights = _weights_from(answer)
                if isinstance(weights, Weights):
                    self.request = replace(self.request, weights=weights)
                    self.show_params()

        self.app.push_screen(AskScreen("Weights: cost waiting quality (0-100 each)",
                                       value=f"{w.cost} {w.waiting} {w.quality}",
                                       check=check), done)

    def action_time_limit(self) -> None:
        def check(text: str) -> str | None:
            ok = text.isdigit() and TIME_LIMIT.low <= int(text) <= TIME_LIMIT.high
            return None if ok else f"Give whole seconds from {TIME_LIMIT.low} to {TIME_LIMIT.high}"

        def done(answer: str | None) -> None:
            if answer is not None:
                self.request = replace(self.request, time_limit=float(answer))
                self.show_params()

        self.app.push_screen(AskScreen("Time limit in seconds",
                                       value=f"{self.request.time_limit:g}", check=check), done)

    # -- solving -----------------------------------------------------------------------------

    @needs(Role.CLERK, "make plans")
    def action_solve(self) -> None:
        """The service's prepare → solve (in a thread) → store, with the chart following."""
        request = self.request
        self.start_solve(lambda stop, on_progress: self.planning.solve(
            request, stop=stop, on_prepared=self._started, on_progress=on_progress))

    @needs(Role.CLERK, "make plans")
    def action_replan(self) -> None:
        """Re-plan the plan in force from now, in the solve's worker with its chart, within
        the screen's time limit."""
        request = ReplanRequest(time_limit=self.request.time_limit)
        self.start_solve(lambda stop, on_progress: self.planning.replan(
            request, stop=stop, on_prepared=self._started, on_progress=on_progress))

    def _started(self, prepared: PreparedPlan) -> None:
        inst = prepared.instance
        self.query_one(ProgressChart).reset(
            f"· {inst.P} requests, {inst.N} staff, {inst.T} slots · esc stops")
        doing = "re-planning" if inst.baseline is not None else "solving"
        self.set_status(f"{doing} {inst.T} slots from {inst.slot_labels[0]} …")
        if inst.baseline is None:
            self.slots_found = inst.T
            self.show_params()

    @on(SolveProgress)
    def _progress(self, message: SolveProgress) -> None:
        self.query_one(ProgressChart).add(message.event)

    def solve_failed(self, error: BaseException) -> None:
        if not isinstance(error, Refused):  # a refusal's notice is the whole story
            self.set_status("the solve failed")

    async def solve_done(self, summary: PlanSummary) -> None:
        self.arriving = True
        try:
            await self._show_stored(summary)
        finally:
            self.arriving = False

    async def _show_stored(self, summary: PlanSummary) -> None:
        self.last_stored = summary
        chart = self.query_one(ProgressChart)
        chart.set_note(f"· plan {summary.id} {summary.status}")
        if summary.breakdown is None:  # infeasible, or no plan in time: say why, at length
            self.notify(f"Plan {summary.id}: {summary.status}. {summary.explanation}",
                        severity="warning", timeout=15)
        else:
            changed = (f", {counted(summary.changes.count, 'change')} to the plan in force"
                       if summary.changes else "")
            self.notify(f"Plan {summary.id}: {summary.status}, objective "
                        f"{grouped(summary.objective)}{changed}"
                        + (f". {summary.explanation}" if summary.explanation else ""))
        await self.reload()
        self.table.move_to(str(summary.id))

    def action_stop(self) -> None:
        if self.stop_solve():
            self.set_status("stopping; the best plan so far is kept")

    # -- plans -------------------------------------------------------------------------------

    async def reload(self) -> None:
        self.plans = await self.planning.list()
        self.table.show(self.plans)
        if not self.solving:
            count = len(self.plans)
            self.set_status(counted(count, "plan") if count else
                            "no plans yet: g solves the next slots")
        await self.show_detail()

    def _cells(self, s: PlanSummary) -> tuple[object, ...]:
        mark = "*" if s.id == self.marked else " "
        return (f"{mark}{s.id}", s.status, grouped(s.objective),
                "-" if s.gap is None else f"{s.gap:.1%}",
                s.breakdown.served if s.breakdown else "-",
                short_local(s.applied_at) if s.applied_at else "no")

    @property
    def highlighted(self) -> PlanSummary | None:
        return self.table.current

    @on(DataTable.RowHighlighted)
    async def _highlighted(self) -> None:
        await self.show_detail()

    async def show_detail(self) -> None:
        box = self.query_one("#plan-detail", Static)
        plan = self.highlighted
        if plan is None:
            box.update("")
            return
        try:
            if self.marked is not None and self.marked != plan.id and self.showing == "compare":
                table = await self.planning.compare(self.marked, plan.id)
                scroll = self.query_one("#plan-detail-box", VerticalScroll)
                room = scroll.scrollable_content_region.width  # less its scrollbar, if shown
                if not scroll.show_vertical_scrollbar:
                    room -= SCROLLBAR  # it will be: the comparison is long
                box.update(Text(compare_lines(table, room)))
                return
            diff = await self.planning.diff(plan.id)
        except Refused as exc:
            box.update(Text(str(exc)))
            return
        kind = "Re-plan" if plan.changes else "Plan"
        lines = [f"{kind} {plan.id} ({plan.first_slot}, {plan.slots} slots)"]
        if plan.changes:
            c = plan.changes
            lines.append(f"{counted(c.count, 'change')} against the plan in force "
                         f"({c.shifts} on shifts, {c.visits} of visits), at {c.weight} each")
        if diff.in_words:
            lines.append(diff.in_words)
        if plan.explanation:
            lines.append(plan.explanation)
        if plan.forced:
            lines.append(f"The records force {counted(len(plan.forced), 'rule break')}:")
            lines += [f"  {line}" for line in plan.forced]
        if diff.blocked:
            lines.append(f"Cannot apply: {diff.blocked}")
        else:
            waiting = counted(len(diff.deferred), "request")
            undo = (f"removes {len(diff.off_duty)} roster entries, cancels "
                    f"{len(diff.cancelled)} appointments; " if plan.changes else "")
            lines.append(f"Applying {undo}adds {len(diff.roster)} roster entries, "
                         f"{len(diff.appointments)} appointments, {len(diff.bookings)} "
                         f"resource bookings; {waiting} left waiting")
            lines += [f"  off: {r.slot}: {r.staff}" for r in diff.off_duty]
            lines += [f"  {short_local(a.starts_at)} {a.patient_name} with {a.staff}"
                      for a in diff.appointments]
            lines += [f"  {r.slot}: {r.staff}" + (" (overtime)" if r.overtime else "")
                      for r in diff.roster]
            lines += [f"  {b.slot}: {b.resource} for {b.patient_name}" for b in diff.bookings]
        box.update(Text("\n".join(lines)))

    async def action_mark(self) -> None:
        plan = self.highlighted
        if plan is None:
            return
        self.marked = None if self.marked == plan.id else plan.id
        self.showing = "compare" if self.marked is not None else "diff"
        self.notify(f"Plan {plan.id} marked: move to another plan to compare"
                    if self.marked else "Mark cleared")
        await self.reload()

    async def action_view(self) -> None:
        self.showing = "diff" if self.showing == "compare" else "compare"
        if self.showing == "compare" and self.marked is None:
            self.notify("Mark a plan with m first, then move to another to compare")
            self.showing = "diff"
        await self.show_detail()

    @needs(Role.ADMIN, "apply plans")
    def action_apply(self) -> None:
        """Apply the highlighted plan, once asked. Not while a solve runs: the plan highlighted
        then is an older one, not the plan the clerk is waiting for."""
        plan = self.highlighted
        if self.solving or self.arriving:
            self.notify("A solve is running: no plan is applied until it ends and its plan "
                        "shows (esc stops it and keeps the best plan)", severity="warning")
            return
        if plan is None:
            return
        if plan.applied_at is not None:
            self.notify(f"Plan {plan.id} was applied {short_local(plan.applied_at)}; "
                        "nothing to apply", severity="warning")
            return

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.hra.attempt(
                    self.planning.apply(plan.id),
                    lambda r: (f"Plan {r.plan_id} applied: {r.roster} roster entries, "
                               f"{r.appointments} appointments, {r.bookings} bookings"))

        self.app.push_screen(ConfirmScreen(
            f"Apply plan {plan.id} ({plan.first_slot}, {plan.slots} slots) to the ward's "
            "roster, appointments and bookings?"), confirmed)

    def action_admissions(self) -> None:
        from hra_tui.screens.planning.admissions import AdmissionsScreen

        self.app.push_screen(AdmissionsScreen())

    @needs(Role.CLERK, "make plans")
    def action_front(self) -> None:
        from hra_tui.screens.planning.front import FrontScreen

        self.app.push_screen(FrontScreen(self.request))

    def action_care_requests(self) -> None:
        from hra_tui.screens.planning.care_list import CareRequestsScreen

        self.app.push_screen(CareRequestsScreen())

    @needs(Role.ADMIN, "change planning settings")
    @work(group="planning-dialog", exclusive=True)
    async def action_settings(self) -> None:
        from hra_tui.screens.planning.settings_form import SettingsFormScreen

        await self.app.push_screen_wait(SettingsFormScreen(await self.planning.setting_values()))

    async def action_charts(self) -> None:
        plan = self.highlighted
        if plan is None:
            self.notify("No plan to chart yet: g solves one")
            return
        await self.app.switch_mode("charts")
        show = getattr(self.app.screen, "show_plan", None)
        if show is not None:
            await show(plan.id)
