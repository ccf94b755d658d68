"""Threads that help each other: the searches of `solve(..., threads=N)` meet at checkpoints
and a search whose best plan is worse than the shared best restarts from that plan.

Each search (a process) posts its best cost and plan to the parent at a checkpoint (from
SHARE_FROM of the time or move budget on, every SHARE_EVERY of it); the parent answers with
the cheapest plan posted (`Board`). With a move budget the checkpoints fall at fixed move
counts and the parent answers a checkpoint only once every search has posted it, so a run
stays reproducible for a seed and thread count. Under the clock the parent answers at once
with what the others last posted, and a search waits at most REPLY_WAIT for the answer, so
none waits on a slow peer. A search keeps annealing at its own temperature after a restart.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import Any

Snapshot = tuple[list[Any], list[int]]  # the patients' places and the room-shifts' nurses

# The first checkpoint, and the spacing of the others, as shares of the time (or budget).
SHARE_FROM, SHARE_EVERY = 0.3, 0.1
# Under the clock, the longest a search waits for the parent's answer (seconds).
REPLY_WAIT = 1.0
# How often a waiting search looks at its stop (seconds).
POLL = 0.02


class Exchange:
    """A search's side: when a checkpoint is due, and the meeting itself."""

    def __init__(self, k: int, posts: Any, inbox: Any, stop: Callable[[], bool] | None
                 ) -> None:
        self.k, self.posts, self.inbox, self.stop = k, posts, inbox, stop
        self.next = 0  # the next checkpoint's number

    def due(self, frac: float) -> bool:
        """Whether a checkpoint is due at this share of the time or budget (one at most,
        however many were passed since the last)."""
        at = SHARE_FROM + self.next * SHARE_EVERY
        if frac < at or at >= 1.0 - 1e-9:
            return False
        while SHARE_FROM + self.next * SHARE_EVERY <= frac:
            self.next += 1
        return True

    def meet(self, cost: int, plan: Snapshot, budget: bool) -> tuple[int, Snapshot] | None:
        """Post this search's best (cost, plan); return the shared best if it is cheaper.
        With a move budget, wait for the answer (every search posts every checkpoint);
        under the clock, at most REPLY_WAIT. None if stopped meanwhile."""
        mark = self.next
        self.posts.put((self.k, mark, cost, plan))
        waited = time.monotonic()
        while budget or time.monotonic() - waited < REPLY_WAIT:
            if self.stop is not None and self.stop():
                return None
            try:
                number, best = self.inbox.get(timeout=POLL)
            except queue.Empty:
                continue
            if number == mark:
                return best if best is not None and best[0] < cost else None
        return None


class Board:
    """The parent's side: the posts of every search, and the answers they wait for."""

    def __init__(self, threads: int, inboxes: list[Any], budget: bool) -> None:
        self.threads, self.inboxes, self.budget = threads, inboxes, budget
        self.last: dict[int, tuple[int, Snapshot]] = {}  # search: its latest post
        self.waiting: dict[int, dict[int, tuple[int, Snapshot]]] = {}  # number: posts

    def take(self, k: int, number: int, cost: int, plan: Snapshot) -> None:
        """One search's post: answer it at once (clock), or the checkpoint's posts once all
        are in (budget), with the cheapest (the lowest search on a tie)."""
        if not self.budget:
            self.last[k] = (cost, plan)
            best = min(self.last, key=lambda j: (self.last[j][0], j))
            self.inboxes[k].put((number, self.last[best] if best != k else None))
            return
        posts = self.waiting.setdefault(number, {})
        posts[k] = (cost, plan)
        if len(posts) < self.threads:
            return
        del self.waiting[number]
        best = min(posts, key=lambda j: (posts[j][0], j))
        for j in posts:
            self.inboxes[j].put((number, posts[best] if j != best else None))
