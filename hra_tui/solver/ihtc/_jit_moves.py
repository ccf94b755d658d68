"""The annealing's inner loop compiled with numba: pick a move, price it, accept, apply.

The same moves, prices and acceptance as the pure-Python search in `_annealing.py` (which stays
the reference the tests compare against), on flat int64 arrays instead of lists and dicts,
so that a move costs a microsecond or so instead of tens. The state is two flat int64 arrays
built by `_jit_search.py` (`flat`: one array of numbered fields): `S` the instance (never
changed) and `D` the plan with its tallies, its journal (a move is applied, priced, then
kept or undone) and its best plan. Only the IHTC search imports this module, so numba loads
only when it runs; the compiled code is cached on disk (`cache=True`; numba falls back to a
cache folder of the user's when the package's own is read-only, or NUMBA_CACHE_DIR).

Fields of `S`: 0 dims (days, ages, rooms, theaters, shifts, shifts per day, skill levels,
nurses, patients, people), 1 weights (age, skill, continuity, load, open, transfer, delay,
unscheduled); per patient 2 length of stay, 3 sex, 4 age group, 5 surgeon, 6 surgery
minutes, 7 release day, 8 last admission day within the horizon, 9 mandatory, 10
incompatible rooms (P x R), 11 open days (padded), 26 their count; per person (patients,
then occupants) and shift of the stay 12 workload, 13 skill (padded), 14 their length;
15 beds per room-day, 16 surgeon minutes per surgeon-day, 17 theatre minutes per
theatre-day, 18 nurse levels, 19 maximum load per nurse-shift, 20 working nurses per shift
(padded), 21 their count, 29 works (shift x nurse); 22 occupants' (stay, sex, age group),
27 their rooms; 23 the mandatory patients, 28 the optional ones, 25 the patients per
surgeon (padded), 24 their count.

Fields of `D`: 0 place (day, room, theatre per patient; -1 home); per room-day 1 count,
2 per sex, 3 per age group, 4 age spread; 5 minutes per surgeon-day, 6 minutes and 7
surgeries per theatre-day, 8 surgeries per surgeon-day and theatre, 9 theatres per
surgeon-day; per room-shift 10 the people (padded), 11 their count, 12 the skill
histogram, 13 the load, 14 the nurse; 15 load per nurse-shift; 16 shifts per person and
nurse, 17 distinct nurses per person; the journal: 18 kind, 19 index, 20 old values; the
best plan: 21 places, 22 nurses; 23 the scalars (`COST` ... `KIND` below); 24 a stamp per
nurse (distinct nurses counted without a set); 25 per kind of move (`K_PLACE` ...) the moves
tried, accepted and improving the best.

The 2-D fields are read through computed indices (row * width + column, the width from the
header) rather than as 2-D views: numba's reshape made each view cost some 15 ns, and a
move takes dozens.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from hra_tui.solver.ihtc._annealing import EJECT, MISSING_EJECT, NURSE_SHARE, PAIR, SHIFT
from hra_tui.solver.ihtc._wards import MISSING
from hra_tui.solver.ihtc.effort import MOVE_KINDS

NOTHING = -4 * MISSING  # eject's answer when it changed nothing
# The scalars' slots (field 23 of D): cost, best cost, the best plan is the current one,
# journal length, patient moves, nurse moves, mandatory patients left out, the nurse stamp,
# the random stream's state, the kind of the move under way.
COST, BEST, CURRENT, JN, PMOVES, NMOVES, MISSING_N, STAMP, RNG, KIND = range(10)
# The kinds of move, numbered as `effort.MOVE_KINDS` names them (field 25 of D counts them).
(K_PLACE, K_SHIFT, K_ROOM_SWAP, K_DAY_SWAP, K_HOME, K_EJECT, K_ADMIT, K_NURSE, K_NURSE_SWAP,
 K_NURSE_RUN, K_EMPTY) = range(len(MOVE_KINDS))


# `S` and `D` are each one flat int64 array (`flat`): calls pass two arrays, not tuples of
# dozens (a tuple is passed field by field, which cost most of a move's time), and each
# function takes the views of the fields it reads. Field k spans [a[k], a[k + 1]); a 2-D
# field has a[FIELDS + 1 + k] columns (0: 1-D).
FIELDS = 32


def flat(fields: list[np.ndarray]) -> np.ndarray:
    """The fields (1-D or 2-D int64 arrays) as one array with its header."""
    head = 2 * (FIELDS + 1)
    out = np.zeros(head + sum(f.size for f in fields), np.int64)
    at = head
    for k, f in enumerate(fields):
        out[k] = at
        out[FIELDS + 1 + k] = f.shape[1] if f.ndim == 2 else 0
        out[at:at + f.size] = f.ravel()
        at += f.size
    out[len(fields)] = at
    return out


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _f(a, k):
    return a[a[k]:a[k + 1]]


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _f2(a, k):
    return a[a[k]:a[k + 1]].reshape((-1, a[FIELDS + 1 + k]))


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _w(a, k):
    return a[FIELDS + 1 + k]


def view(a: np.ndarray, k: int) -> np.ndarray:
    """Field k of a flat array, as the compiled code sees it (a view: writes go through)."""
    part = a[a[k]:a[k + 1]]
    width = int(a[FIELDS + 1 + k])
    return part.reshape(-1, width) if width else part


def seed(D: np.ndarray, k: int) -> None:
    """Start the search's random stream (`_random`) from seed k (splitmix64's first output,
    never zero)."""
    x = (k + 0x9E3779B97F4A7C15) % (1 << 64)
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) % (1 << 64)
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) % (1 << 64)
    x = (x ^ (x >> 31)) or 1
    view(D, 23)[RNG] = x - (1 << 64) if x >= 1 << 63 else x


@njit(cache=True, _nrt=False, error_model="numpy")
def _spread(D, S, x, group, change):
    ages = _f(S, 0)[1]
    age = _f(D, 3)
    lo = -1
    hi = -1
    base = x * ages
    for k in range(ages):
        v = age[base + k] + (change if k == group else 0)
        if v > 0:
            if lo < 0:
                lo = k
            hi = k
    return hi - lo if lo >= 0 else 0


@njit(cache=True, _nrt=False, error_model="numpy")
def _stay(D, S, room, day, los, sex, group, sign):
    days, ages = _f(S, 0)[0], _f(S, 0)[1]
    count, gender, age, spread = _f(D, 1), _f(D, 2), _f(D, 3), _f(D, 4)
    end = min(day + los, days)
    g = sex * _w(D, 2)
    for x in range(room * days + day, room * days + end):
        count[x] += sign
        gender[g + x] += sign
        y = x * ages + group
        age[y] += sign
        if age[y] == (1 if sign > 0 else 0):
            spread[x] = _spread(D, S, x, -1, 0)


@njit(cache=True, _nrt=False, error_model="numpy")
def room_fits(D, S, i, day, room, cd, cr):
    days = _f(S, 0)[0]
    los, sex = _f(S, 2), _f(S, 3)
    count, gender, cap = _f(D, 1), _f(D, 2), _f(S, 15)
    end = min(day + los[i], days)
    base = room * days
    lo = 0
    hi = 0
    if cd >= 0 and cr == room:
        lo = base + cd
        hi = base + min(cd + los[i], days)
    other = (1 - sex[i]) * _w(D, 2)
    for x in range(base + day, base + end):
        own = 1 if lo <= x < hi else 0
        if gender[other + x] or count[x] - own >= cap[x]:
            return False
    return True


@njit(cache=True, _nrt=False, error_model="numpy")
def fits(D, S, i, day, room, theater, cd, cr, ct):
    days = _f(S, 0)[0]
    surgeon, dur, incompat = _f(S, 5), _f(S, 6), _f(S, 10)
    if incompat[i * _w(S, 10) + room]:
        return False
    du = dur[i]
    x = surgeon[i] * days + day
    own = du if cd >= 0 and cd == day else 0
    if _f(D, 5)[x] - own + du > _f(S, 16)[x]:
        return False
    x = theater * days + day
    own = du if cd >= 0 and cd == day and ct == theater else 0
    if _f(D, 6)[x] - own + du > _f(S, 17)[x]:
        return False
    return room_fits(D, S, i, day, room, cd, cr)


@njit(cache=True, _nrt=False, error_model="numpy")
def _roster_put(D, S, k, room, first, sign):
    shifts = _f(S, 0)[4]
    wl, sk, nsh = _f(S, 12), _f(S, 13), _f(S, 14)
    people, pcount, hist, rs_load, assign, load, cont, ncont = (
        _f(D, 10), _f(D, 11), _f(D, 12), _f(D, 13), _f(D, 14), _f(D, 15), _f(D, 16), _f(D, 17))
    beds, levels = _w(D, 10), _w(D, 12)
    row = k * _w(S, 12)
    skrow = k * _w(S, 13)
    crow = k * _w(D, 16)
    base = room * shifts + first
    for j in range(min(nsh[k], shifts - first)):
        rs = base + j
        prow = rs * beds
        if sign > 0:
            people[prow + pcount[rs]] = k
            pcount[rs] += 1
        else:
            for q in range(pcount[rs]):
                if people[prow + q] == k:
                    pcount[rs] -= 1
                    people[prow + q] = people[prow + pcount[rs]]
                    break
        hist[rs * levels + sk[skrow + j]] += sign
        w = wl[row + j]
        rs_load[rs] += sign * w
        n = assign[rs]
        if n >= 0:
            load[n * shifts + first + j] += sign * w
            c = cont[crow + n] + sign
            cont[crow + n] = c
            if sign > 0 and c == 1:
                ncont[k] += 1
            elif sign < 0 and c == 0:
                ncont[k] -= 1


@njit(cache=True, _nrt=False, error_model="numpy")
def _wards_put(D, S, i, day, room, theater, sign):
    days = _f(S, 0)[0]
    los, sex, group, surgeon, dur = _f(S, 2), _f(S, 3), _f(S, 4), _f(S, 5), _f(S, 6)
    place = _f(D, 0)
    _stay(D, S, room, day, los[i], sex[i], group[i], sign)
    x = surgeon[i] * days + day
    _f(D, 5)[x] += sign * dur[i]
    sth, sth_n = _f(D, 8), _f(D, 9)
    xt = x * _w(D, 8) + theater
    before = sth[xt]
    sth[xt] = before + sign
    if before == 0 and sign > 0:
        sth_n[x] += 1
    elif before == 1 and sign < 0:
        sth_n[x] -= 1
    y = theater * days + day
    _f(D, 6)[y] += sign * dur[i]
    _f(D, 7)[y] += sign
    if sign > 0:
        place[3 * i] = day
        place[3 * i + 1] = room
        place[3 * i + 2] = theater
    else:
        place[3 * i] = -1
        place[3 * i + 1] = -1
        place[3 * i + 2] = -1


@njit(cache=True, _nrt=False, error_model="numpy")
def _set_place(D, S, i, day, room, theater):
    """Move patient i (day -1: home), tallies of both sides, without the journal."""
    spd = _f(S, 0)[5]
    place = _f(D, 0)
    od, orm, ot = place[3 * i], place[3 * i + 1], place[3 * i + 2]
    if od >= 0:
        _roster_put(D, S, i, orm, od * spd, -1)
        _wards_put(D, S, i, od, orm, ot, -1)
    if day >= 0:
        _roster_put(D, S, i, room, day * spd, 1)
        _wards_put(D, S, i, day, room, theater, 1)


@njit(cache=True, _nrt=False, error_model="numpy")
def _set_assign(D, S, rs, new):
    shifts = _f(S, 0)[4]
    people, pcount, rs_load, assign, load, cont, ncont = (
        _f(D, 10), _f(D, 11), _f(D, 13), _f(D, 14), _f(D, 15), _f(D, 16), _f(D, 17))
    nurses = _w(D, 16)
    prow = rs * _w(D, 10)
    old = assign[rs]
    s = rs % shifts
    wl = rs_load[rs]
    if old >= 0:
        load[old * shifts + s] -= wl
    load[new * shifts + s] += wl
    for q in range(pcount[rs]):
        k = people[prow + q]
        row = k * nurses
        if old >= 0:
            cont[row + old] -= 1
            if cont[row + old] == 0:
                ncont[k] -= 1
        cont[row + new] += 1
        if cont[row + new] == 1:
            ncont[k] += 1
    assign[rs] = new


# -- the journal ---------------------------------------------------------------------------
@njit(cache=True, _nrt=False, error_model="numpy")
def move(D, S, i, day, room, theater):
    jk, ji, jo, st = _f(D, 18), _f(D, 19), _f(D, 20), _f(D, 23)
    n = st[JN]
    place = _f(D, 0)
    jk[n] = 0
    ji[n] = i
    jo[3 * n] = place[3 * i]
    jo[3 * n + 1] = place[3 * i + 1]
    jo[3 * n + 2] = place[3 * i + 2]
    st[JN] = n + 1
    _set_place(D, S, i, day, room, theater)


@njit(cache=True, _nrt=False, error_model="numpy")
def set_nurse(D, S, rs, n):
    jk, ji, jo, st = _f(D, 18), _f(D, 19), _f(D, 20), _f(D, 23)
    k = st[JN]
    jk[k] = 1
    ji[k] = rs
    jo[3 * k] = _f(D, 14)[rs]
    st[JN] = k + 1
    _set_assign(D, S, rs, n)


@njit(cache=True, _nrt=False, error_model="numpy")
def undo(D, S, mark):
    jk, ji, jo, st = _f(D, 18), _f(D, 19), _f(D, 20), _f(D, 23)
    while st[JN] > mark:
        k = st[JN] - 1
        st[JN] = k
        if jk[k] == 0:
            _set_place(D, S, ji[k], jo[3 * k], jo[3 * k + 1], jo[3 * k + 2])
        else:
            _set_assign(D, S, ji[k], jo[3 * k])


# -- prices --------------------------------------------------------------------------------
@njit(cache=True, _nrt=False, error_model="numpy")
def _waiting(S, i, day):
    wt, release, mandatory = _f(S, 1), _f(S, 7), _f(S, 9)
    if day < 0:
        return MISSING if mandatory[i] else wt[7]
    return wt[6] * (day - release[i])


@njit(cache=True, _nrt=False, error_model="numpy")
def wards_delta(D, S, i, nd, nr, nt):
    """S1, S5-S8 (and MISSING) if patient i moves to (nd, nr, nt) (nd -1: home)."""
    days, ages = _f(S, 0)[0], _f(S, 0)[1]
    wt, los, group, surgeon = _f(S, 1), _f(S, 2), _f(S, 4), _f(S, 5)
    place, age, spread = _f(D, 0), _f(D, 3), _f(D, 4)
    theater_n, sth, sth_n = _f(D, 7), _f(D, 8), _f(D, 9)
    ths = _w(D, 8)
    od, orm, ot = place[3 * i], place[3 * i + 1], place[3 * i + 2]
    if od == nd and orm == nr and ot == nt:
        return 0
    d = _waiting(S, i, nd) - _waiting(S, i, od)
    g = group[i]
    o_lo = o_hi = n_lo = n_hi = 0
    if od >= 0:
        o_lo = orm * days + od
        o_hi = orm * days + min(od + los[i], days)
    if nd >= 0:
        n_lo = nr * days + nd
        n_hi = nr * days + min(nd + los[i], days)
    s1 = 0
    for x in range(o_lo, o_hi):
        if age[x * ages + g] == 1 and not n_lo <= x < n_hi:
            s1 += _spread(D, S, x, g, -1) - spread[x]
    for x in range(n_lo, n_hi):
        if age[x * ages + g] == 0 and not o_lo <= x < o_hi:
            s1 += _spread(D, S, x, g, 1) - spread[x]
    d += wt[0] * s1
    sd = surgeon[i] * days
    if od >= 0 and nd >= 0 and od == nd:
        if ot != nt:
            d += wt[4] * ((1 if theater_n[nt * days + nd] == 0 else 0)
                          - (1 if theater_n[ot * days + od] == 1 else 0))
            x = sd + od
            n = sth_n[x]
            after = n - (1 if sth[x * ths + ot] == 1 else 0) + (1 if sth[x * ths + nt] == 0
                                                                  else 0)
            d += wt[5] * (max(0, after - 1) - max(0, n - 1))
        return d
    if od >= 0:
        if theater_n[ot * days + od] == 1:
            d -= wt[4]
        x = sd + od
        if sth[x * ths + ot] == 1 and sth_n[x] > 1:
            d -= wt[5]
    if nd >= 0:
        if theater_n[nt * days + nd] == 0:
            d += wt[4]
        x = sd + nd
        if sth_n[x] > 0 and sth[x * ths + nt] == 0:
            d += wt[5]
    return d


@njit(cache=True, _nrt=False, error_model="numpy")
def _own(D, S, i, day, room, inside):
    shifts, spd = _f(S, 0)[4], _f(S, 0)[5]
    wt, wl, sk, nsh = _f(S, 1), _f(S, 12), _f(S, 13), _f(S, 14)
    level, load_max = _f(S, 18), _f(S, 19)
    row = i * _w(S, 12)
    skrow = i * _w(S, 13)
    assign, load, st, seen = _f(D, 14), _f(D, 15), _f(D, 23), _f(D, 24)
    first = day * spd
    base = room * shifts + first
    st[STAMP] += 1
    stamp = st[STAMP]
    lack = 0
    over = 0
    nurses = 0
    for j in range(min(nsh[i], shifts - first)):
        n = assign[base + j]
        if n < 0:
            continue
        gap = sk[skrow + j] - level[n]
        if gap > 0:
            lack += gap
        if seen[n] != stamp:
            seen[n] = stamp
            nurses += 1
        w = wl[row + j]
        if w:
            x = n * shifts + first + j
            m = load_max[x]
            high = load[x] if inside else load[x] + w
            if high > m:
                over += w if high - w >= m else high - m
    return wt[1] * lack + wt[2] * nurses + wt[3] * over


@njit(cache=True, _nrt=False, error_model="numpy")
def _shift_load(D, S, i, day, room, sign):
    shifts, spd = _f(S, 0)[4], _f(S, 0)[5]
    wl, nsh = _f(S, 12), _f(S, 14)
    assign, load = _f(D, 14), _f(D, 15)
    row = i * _w(S, 12)
    first = day * spd
    base = room * shifts + first
    for j in range(min(nsh[i], shifts - first)):
        n = assign[base + j]
        if n >= 0:
            load[n * shifts + first + j] += sign * wl[row + j]


@njit(cache=True, _nrt=False, error_model="numpy")
def roster_delta(D, S, i, nd, nr):
    """S2+S3+S4 if patient i moves to day nd, room nr (nd -1: home)."""
    place = _f(D, 0)
    od, orm = place[3 * i], place[3 * i + 1]
    if od == nd and orm == nr:
        return 0
    d = 0
    if od >= 0:
        d -= _own(D, S, i, od, orm, True)
    if nd >= 0:
        if od >= 0:
            _shift_load(D, S, i, od, orm, -1)
            d += _own(D, S, i, nd, nr, False)
            _shift_load(D, S, i, od, orm, 1)
        else:
            d += _own(D, S, i, nd, nr, False)
    return d


@njit(cache=True, _nrt=False, error_model="numpy")
def delta(D, S, i, nd, nr, nt):
    place = _f(D, 0)
    if place[3 * i] == nd and place[3 * i + 1] == nr and place[3 * i + 2] == nt:
        return 0
    return wards_delta(D, S, i, nd, nr, nt) + roster_delta(D, S, i, nd, nr)


@njit(cache=True, _nrt=False, error_model="numpy")
def _lack(D, S, rs, n):
    levels = _f(S, 0)[6]
    lvl = _f(S, 18)[n]
    hist = _f(D, 12)
    row = rs * _w(D, 12)
    out = 0
    for lv in range(lvl + 1, levels):
        out += (lv - lvl) * hist[row + lv]
    return out


@njit(cache=True, _nrt=False, error_model="numpy")
def _over(S, x, load):
    m = _f(S, 19)[x]
    return load - m if load > m else 0


@njit(cache=True, _nrt=False, error_model="numpy")
def nurse_delta(D, S, rs, new):
    """S2+S3+S4 if room-shift rs is given nurse `new`."""
    shifts = _f(S, 0)[4]
    wt = _f(S, 1)
    people, pcount, rs_load = _f(D, 10), _f(D, 11), _f(D, 13)
    assign, load, cont = _f(D, 14), _f(D, 15), _f(D, 16)
    nurses = _w(D, 16)
    prow = rs * _w(D, 10)
    old = assign[rs]
    if old == new:
        return 0
    s = rs % shifts
    wl = rs_load[rs]
    d = 0
    if pcount[rs]:
        d = wt[1] * _lack(D, S, rs, new)
        if old >= 0:
            d -= wt[1] * _lack(D, S, rs, old)
        for q in range(pcount[rs]):
            row = people[prow + q] * nurses
            if old >= 0 and cont[row + old] == 1:
                d -= wt[2]
            if cont[row + new] == 0:
                d += wt[2]
    if wl:
        x = new * shifts + s
        nl = load[x]
        d += wt[3] * (_over(S, x, nl + wl) - _over(S, x, nl))
        if old >= 0:
            x = old * shifts + s
            ol = load[x]
            d += wt[3] * (_over(S, x, ol - wl) - _over(S, x, ol))
    return d


@njit(cache=True)
def total(D, S):
    """The whole cost from the tallies (S1-S8 and MISSING)."""
    patients = _f(S, 0)[8]
    wt = _f(S, 1)
    place, spread, theater_n, sth_n = _f2(D, 0), _f(D, 4), _f(D, 7), _f(D, 9)
    pcount, assign, load, ncont = _f(D, 11), _f(D, 14), _f(D, 15), _f(D, 17)
    cost = wt[0] * spread.sum()
    cost += wt[4] * (theater_n > 0).sum()
    for x in range(sth_n.shape[0]):
        if sth_n[x] > 1:
            cost += wt[5] * (sth_n[x] - 1)
    for i in range(patients):
        cost += _waiting(S, i, place[i, 0])
    lack = 0
    for rs in range(assign.shape[0]):
        if assign[rs] >= 0 and pcount[rs]:
            lack += _lack(D, S, rs, assign[rs])
    over = 0
    for x in range(load.shape[0]):
        over += _over(S, x, load[x])
    return cost + wt[1] * lack + wt[2] * ncont.sum() + wt[3] * over


@njit(cache=True)
def rebuild(D, S, places, nurses):
    """Every tally from scratch for these places and nurses (after the Python side, a
    window re-plan, changed the plan); the journal emptied."""
    patients = _f(S, 0)[8]
    _f2(D, 0).fill(-1)
    for a in (_f(D, 1), _f(D, 4), _f(D, 5), _f(D, 6), _f(D, 7), _f(D, 9), _f(D, 11), _f(D, 13),
              _f(D, 15), _f(D, 17)):
        a.fill(0)
    for b in (_f2(D, 2), _f2(D, 8), _f2(D, 10), _f2(D, 12), _f2(D, 16)):
        b.fill(0)
    _f(D, 3).fill(0)
    _f(D, 14)[:] = nurses
    _f(D, 23)[JN] = 0
    occ_room, occ_info = _f(S, 27), _f2(S, 22)
    for o in range(occ_room.shape[0]):
        _stay(D, S, occ_room[o], 0, occ_info[o, 0], occ_info[o, 1], occ_info[o, 2], 1)
        _roster_put(D, S, patients + o, occ_room[o], 0, 1)
    for i in range(patients):
        if places[i, 0] >= 0:
            _set_place(D, S, i, places[i, 0], places[i, 1], places[i, 2])


# -- moves ---------------------------------------------------------------------------------
@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _random(D):
    """A uniform float in [0, 1): xorshift64* on the state's RNG slot (numba's own generator
    looks its state up per thread at every call, some tens of ns a move)."""
    st = _f(D, 23)
    x = st[RNG]
    x ^= (x >> 12) & 0xFFFFFFFFFFFFF  # logical shifts on a signed int64
    x ^= x << 25
    x ^= (x >> 27) & 0x1FFFFFFFFF
    st[RNG] = x
    return ((x * 2685821657736338717) >> 11 & 0x1FFFFFFFFFFFFF) * (1.0 / (1 << 53))


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _rand(D, n):
    return int(_random(D) * n)


@njit(cache=True, _nrt=False, error_model="numpy")
def random_place(D, S, i, out):
    """A random feasible place for patient i (into out); False if none of eight tries."""
    rooms, theaters = _f(S, 0)[2], _f(S, 0)[3]
    op_days, n_op = _f(S, 11), _f(S, 26)
    place = _f(D, 0)
    k = n_op[i]
    if k == 0:
        return False
    row = i * _w(S, 11)
    cd, cr, ct = place[3 * i], place[3 * i + 1], place[3 * i + 2]
    for _ in range(8):
        day = op_days[row + _rand(D, k)]
        room = _rand(D, rooms)
        theater = _rand(D, theaters)
        if cd >= 0 and _random(D) < 0.5:
            if _random(D) < 0.5:
                theater = ct
            if _random(D) < 0.3:
                day = cd
        if fits(D, S, i, day, room, theater, cd, cr, ct):
            out[0] = day
            out[1] = room
            out[2] = theater
            return True
    return False


@njit(cache=True, _nrt=False, error_model="numpy")
def _cheapest(D, S, i, max_days, out):
    """The cheapest place of patient i (home now) on its first `max_days` open days (into
    out) and its cost change; out[0] -1 if none."""
    days, rooms, theaters = _f(S, 0)[0], _f(S, 0)[2], _f(S, 0)[3]
    surgeon, dur, release, last, incompat = _f(S, 5), _f(S, 6), _f(S, 7), _f(S, 8), _f(S, 10)
    row = i * _w(S, 10)
    out[0] = -1
    best_d = 0
    du = dur[i]
    for day in range(release[i], last[i] + 1):
        x = surgeon[i] * days + day
        if _f(D, 5)[x] + du > _f(S, 16)[x]:
            continue
        first_room = -1
        for r in range(rooms):
            if not incompat[row + r] and room_fits(D, S, i, day, r, -1, -1):
                first_room = r
                break
        theater = -1
        td = 0
        for t in range(theaters):
            y = t * days + day
            if _f(D, 6)[y] + du <= _f(S, 17)[y]:
                if first_room >= 0:
                    dt = wards_delta(D, S, i, day, first_room, t)
                    if theater < 0 or dt < td:
                        theater, td = t, dt
        if theater < 0 or first_room < 0:
            continue
        for r in range(first_room, rooms):
            if incompat[row + r] or not room_fits(D, S, i, day, r, -1, -1):
                continue
            d = delta(D, S, i, day, r, theater)
            if out[0] < 0 or d < best_d:
                out[0] = day
                out[1] = r
                out[2] = theater
                best_d = d
        max_days -= 1
        if max_days == 0:
            break
    return best_d


@njit(cache=True, _nrt=False, error_model="numpy")
def eject(D, S, i, scratch):
    """Admit patient i (home) in its window, sending home whoever is in the way (optional
    patients first) and re-placing them at their cheapest place; the cost change
    (journaled), or None-like (-MISSING * 4) if nothing changed."""
    days, rooms, theaters, patients = _f(S, 0)[0], _f(S, 0)[2], _f(S, 0)[3], _f(S, 0)[8]
    los, surgeon, dur, mandatory, incompat = _f(S, 2), _f(S, 5), _f(S, 6), _f(S, 9), _f(S, 10)
    op_days, n_op = _f(S, 11), _f(S, 26)
    place = _f(D, 0)
    k = n_op[i]
    orow = i * _w(S, 11)
    irow = i * _w(S, 10)
    cand = _f(scratch, 0)
    nr = 0
    for r in range(rooms):
        if not incompat[irow + r]:
            cand[nr] = r
            nr += 1
    if nr == 0 or k == 0:
        return NOTHING
    du = dur[i]
    sd = surgeon[i] * days
    dlist = _f(scratch, 1)
    nd = 0
    if _random(D) < 0.7:
        for q in range(k):
            d = op_days[orow + q]
            if _f(D, 5)[sd + d] + du <= _f(S, 16)[sd + d]:
                dlist[nd] = d
                nd += 1
    if nd == 0:
        for q in range(k):
            dlist[q] = op_days[orow + q]
        nd = k
    day = dlist[_rand(D, nd)]
    if _random(D) < 0.7:
        fit = _f(scratch, 2)
        nf = 0
        for q in range(nr):
            if room_fits(D, S, i, day, cand[q], -1, -1):
                fit[nf] = cand[q]
                nf += 1
        if nf > 0:
            for q in range(nf):
                cand[q] = fit[q]
            nr = nf
    room = cand[_rand(D, nr)]
    # theatres: own (free and used by the surgeon that day), opened (free), free, any
    pools = _f(scratch, 3)  # rows of `theaters`: any, free, own, opened
    own = (sd + day) * _w(D, 8)
    na = nfr = now = nop = 0
    for t in range(theaters):
        y = t * days + day
        if _f(S, 17)[y] >= du:
            pools[na] = t
            na += 1
            if _f(D, 6)[y] + du <= _f(S, 17)[y]:
                pools[theaters + nfr] = t
                nfr += 1
                if _f(D, 8)[own + t] > 0:
                    pools[2 * theaters + now] = t
                    now += 1
                if _f(D, 7)[y] > 0:
                    pools[3 * theaters + nop] = t
                    nop += 1
    if na == 0:
        return NOTHING
    if now > 0:
        theater = pools[2 * theaters + _rand(D, now)]
    elif nop > 0:
        theater = pools[3 * theaters + _rand(D, nop)]
    elif nfr > 0:
        theater = pools[theaters + _rand(D, nfr)]
    else:
        theater = pools[_rand(D, na)]
    end = min(day + los[i], days)
    surgeon_over = _f(D, 5)[sd + day] + du > _f(S, 16)[sd + day]
    y = theater * days + day
    theater_over = _f(D, 6)[y] + du > _f(S, 17)[y]
    blockers = _f(scratch, 4)
    nb = 0
    for j in range(patients):
        pd = place[3 * j]
        if pd < 0:
            continue
        if (place[3 * j + 1] == room and pd < end and pd + los[j] > day) or (
                pd == day and ((theater_over and place[3 * j + 2] == theater)
                               or (surgeon_over and surgeon[j] == surgeon[i]))):
            blockers[nb] = j
            nb += 1
    for q in range(nb - 1, 0, -1):  # shuffle, then optional ones first (stable)
        r = _rand(D, q + 1)
        blockers[q], blockers[r] = blockers[r], blockers[q]
    ordered = _f(scratch, 5)
    no = 0
    for want in range(2):
        for q in range(nb):
            if mandatory[blockers[q]] == want:
                ordered[no] = blockers[q]
                no += 1
    mark = _f(D, 23)[JN]
    d = 0
    out = _f(scratch, 6)
    nout = 0
    q = 0
    while not fits(D, S, i, day, room, theater, -1, -1, -1):
        if q == no:
            undo(D, S, mark)
            return NOTHING
        j = ordered[q]
        q += 1
        out[nout] = j
        nout += 1
        d += delta(D, S, j, -1, -1, -1)
        move(D, S, j, -1, -1, -1)
    d += delta(D, S, i, day, room, theater)
    move(D, S, i, day, room, theater)
    best = _f(scratch, 7)
    for want in range(1, -1, -1):  # mandatory ones first
        for q in range(nout):
            j = out[q]
            if mandatory[j] != want:
                continue
            bd = _cheapest(D, S, j, 3, best)
            if best[0] >= 0 and (bd < 0 or mandatory[j]):
                d += bd
                move(D, S, j, best[0], best[1], best[2])
    return d


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _tried(D, kind):
    """A move of this kind is under way (counted; `commit` counts it accepted)."""
    _f(D, 23)[KIND] = kind
    _f(D, 25)[3 * kind] += 1


@njit(cache=True, _nrt=False, error_model="numpy")
def _accept(D, d, temp):
    if d <= 0:
        return True
    return d < MISSING // 2 and _random(D) < math.exp(-d / temp)


@njit(cache=True, _nrt=False, error_model="numpy")
def commit(D, S, d):
    """Keep the journaled move (cost change d), saving the best plan first if it leaves it."""
    st = _f(D, 23)
    if d > 0 and st[CURRENT]:
        best_place, best_assign = _f(D, 21), _f(D, 22)
        place, assign = _f(D, 0), _f(D, 14)
        for x in range(place.shape[0]):
            best_place[x] = place[x]
        for rs in range(assign.shape[0]):
            best_assign[rs] = assign[rs]
        jk, ji, jo = _f(D, 18), _f(D, 19), _f(D, 20)
        for k in range(st[JN] - 1, -1, -1):
            if jk[k] == 0:
                i = 3 * ji[k]
                best_place[i] = jo[3 * k]
                best_place[i + 1] = jo[3 * k + 1]
                best_place[i + 2] = jo[3 * k + 2]
            else:
                best_assign[ji[k]] = jo[3 * k]
        st[CURRENT] = 0
    st[COST] += d
    counts = _f(D, 25)
    k = 3 * st[KIND] + 1
    counts[k] += 1
    if st[COST] < st[BEST]:
        st[BEST] = st[COST]
        st[CURRENT] = 1
        counts[k + 1] += 1
    st[JN] = 0


@njit(cache=True, _nrt=False, error_model="numpy")
def _missing(D, S):
    mand = _f(S, 23)
    place = _f(D, 0)
    n = 0
    for q in range(mand.shape[0]):
        if place[3 * mand[q]] < 0:
            n += 1
    return n


@njit(cache=True, _nrt=False, error_model="numpy")
def _pick_home(D, group, n):
    """The n-th (random) patient of `group` who is home, or -1; n counts those home."""
    place = _f(D, 0)
    total_home = 0
    for q in range(group.shape[0]):
        if place[3 * group[q]] < 0:
            total_home += 1
    if total_home == 0:
        return -1
    k = _rand(D, total_home)
    for q in range(group.shape[0]):
        if place[3 * group[q]] < 0:
            if k == 0:
                return group[q]
            k -= 1
    return -1


@njit(cache=True, _nrt=False, error_model="numpy")
def _in_window(S, i, day):
    return _f(S, 7)[i] <= day <= _f(S, 8)[i]


@njit(cache=True, _nrt=False, error_model="numpy")
def pair_move(D, S, i, temp):
    """Two admitted patients swap rooms, or (same surgeon) swap admission days."""
    patients = _f(S, 0)[8]
    surgeon, by_surgeon, n_by = _f(S, 5), _f(S, 25), _f(S, 24)
    place = _f(D, 0)
    pi0, pi1, pi2 = place[3 * i], place[3 * i + 1], place[3 * i + 2]
    if _random(D) < 0.5:
        _tried(D, K_DAY_SWAP)
        s = surgeon[i]
        j = by_surgeon[s * _w(S, 25) + _rand(D, n_by[s])]
        pj0, pj1, pj2 = place[3 * j], place[3 * j + 1], place[3 * j + 2]
        if pj0 < 0 or pj0 == pi0:
            return
        ni = (pj0, pi1, pj2)
        nj = (pi0, pj1, pi2)
    else:
        _tried(D, K_ROOM_SWAP)
        j = _rand(D, patients)
        pj0, pj1, pj2 = place[3 * j], place[3 * j + 1], place[3 * j + 2]
        if pj0 < 0 or pj1 == pi1:
            return
        ni = (pi0, pj1, pi2)
        nj = (pj0, pi1, pj2)
    if not _in_window(S, i, ni[0]) or not _in_window(S, j, nj[0]):
        return
    d = delta(D, S, i, -1, -1, -1)
    move(D, S, i, -1, -1, -1)
    d += delta(D, S, j, -1, -1, -1)
    move(D, S, j, -1, -1, -1)
    if not fits(D, S, i, ni[0], ni[1], ni[2], -1, -1, -1):
        undo(D, S, 0)
        return
    d += delta(D, S, i, ni[0], ni[1], ni[2])
    move(D, S, i, ni[0], ni[1], ni[2])
    if not fits(D, S, j, nj[0], nj[1], nj[2], -1, -1, -1):
        undo(D, S, 0)
        return
    d += delta(D, S, j, nj[0], nj[1], nj[2])
    move(D, S, j, nj[0], nj[1], nj[2])
    if _accept(D, d, temp):
        commit(D, S, d)
    else:
        undo(D, S, 0)


@njit(cache=True, _nrt=False, error_model="numpy")
def patient_move(D, S, temp, scratch, admit):
    """A patient move; `admit`: an ejection admitting a missing mandatory patient."""
    patients, theaters = _f(S, 0)[8], _f(S, 0)[3]
    mandatory, optional = _f(S, 23), _f(S, 28)
    place = _f(D, 0)
    st = _f(D, 23)
    st[PMOVES] += 1
    i = -1
    if admit:
        i = _pick_home(D, mandatory, 0)
    elif _random(D) < EJECT:
        i = _pick_home(D, optional, 0)
    if i >= 0:
        _tried(D, K_ADMIT if admit else K_EJECT)
        d = eject(D, S, i, scratch)
        if d == NOTHING:
            return
        if _accept(D, d, temp):
            commit(D, S, d)
        else:
            undo(D, S, 0)
        return
    i = _rand(D, patients)
    cd, cr, ct = place[3 * i], place[3 * i + 1], place[3 * i + 2]
    kind = _random(D)
    if cd >= 0 and kind < PAIR:
        pair_move(D, S, i, temp)
        return
    new = _f(scratch, 8)
    if cd >= 0 and not _f(S, 9)[i] and _random(D) < 0.1:
        _tried(D, K_HOME)
        new[0] = new[1] = new[2] = -1
    elif cd >= 0 and kind < PAIR + SHIFT:
        _tried(D, K_SHIFT)
        q = _rand(D, 4)
        day = cd + (q - 2 if q < 2 else q - 1)  # a day or two earlier or later
        if not _in_window(S, i, day):
            return
        theater = ct
        if not fits(D, S, i, day, cr, theater, cd, cr, ct):
            theater = _rand(D, theaters)
            if not fits(D, S, i, day, cr, theater, cd, cr, ct):
                return
        new[0] = day
        new[1] = cr
        new[2] = theater
    else:
        _tried(D, K_PLACE)
        if not random_place(D, S, i, new):
            return
        if new[0] == cd and new[1] == cr and new[2] == ct:
            return
    d = delta(D, S, i, new[0], new[1], new[2])
    if _accept(D, d, temp):
        move(D, S, i, new[0], new[1], new[2])
        commit(D, S, d)


@njit(cache=True, _nrt=False, error_model="numpy")
def nurse_move(D, S, temp):
    rooms, shifts, spd = _f(S, 0)[2], _f(S, 0)[4], _f(S, 0)[5]
    working, n_working, works = _f(S, 20), _f(S, 21), _f(S, 29)
    nurses = _w(S, 29)
    pcount, assign = _f(D, 11), _f(D, 14)
    r = _rand(D, rooms)
    s = _rand(D, shifts)
    rs = r * shifts + s
    if pcount[rs] == 0 or n_working[s] < 2:
        _tried(D, K_EMPTY)
        return
    _f(D, 23)[NMOVES] += 1
    kind = _random(D)
    if kind < 0.25:
        _tried(D, K_NURSE_SWAP)
        r2 = _rand(D, rooms)
        rs2 = r2 * shifts + s
        n1, n2 = assign[rs], assign[rs2]
        if n1 == n2:
            return
        d = nurse_delta(D, S, rs, n2)
        set_nurse(D, S, rs, n2)
        d += nurse_delta(D, S, rs2, n1)
        set_nurse(D, S, rs2, n1)
    else:
        _tried(D, K_NURSE_RUN if kind >= 0.6 else K_NURSE)
        n = -1
        if _random(D) < 0.4:
            sign = -1 if _random(D) < 0.5 else 1
            t = s + sign * (1 + _rand(D, spd + 1))
            if 0 <= t < shifts:
                m = assign[r * shifts + t]
                if m >= 0 and works[s * nurses + m]:
                    n = m
        if n < 0:
            n = working[s * _w(S, 20) + _rand(D, n_working[s])]
        if n == assign[rs]:
            return
        d = nurse_delta(D, S, rs, n)
        set_nurse(D, S, rs, n)
        if kind >= 0.6:
            step = 1 if _random(D) < 0.5 else -1
            t = s + step
            for _ in range((1 + _rand(D, 3)) * spd):
                if not 0 <= t < shifts:
                    break
                rt = r * shifts + t
                if works[t * nurses + n] and pcount[rt] and assign[rt] != n:
                    d += nurse_delta(D, S, rt, n)
                    set_nurse(D, S, rt, n)
                t += step
    if _accept(D, d, temp):
        commit(D, S, d)
    else:
        undo(D, S, 0)


@njit(cache=True, inline="always", _nrt=False, error_model="numpy")
def _temperature(t0, t1, linear, until, frac):
    """`_annealing.Cooling.at`: from t0 to t1 at `until` of the time, in a straight line or
    geometrically."""
    f = min(1.0, frac / until)
    if linear:
        return t1 + (t0 - t1) * (1.0 - f)
    return t0 * (t1 / t0) ** f


@njit(cache=True, _nrt=False, error_model="numpy")
def run(D, S, moves, t0, t1, linear, until, frac, dfrac, scratch):
    """`moves` moves of the annealing; the temperature falls from t0 to t1 (`linear`: in a
    straight line) by `until` of the time, with the share of the time spent, `frac` now and
    growing by `dfrac` a move (re-read every 64)."""
    st = _f(D, 23)
    temp = _temperature(t0, t1, linear, until, frac)
    for k in range(moves):
        if (k & 63) == 0:
            temp = _temperature(t0, t1, linear, until, frac + k * dfrac)
        if st[MISSING_N] > 0 and _random(D) < MISSING_EJECT:
            patient_move(D, S, temp, scratch, True)
            st[MISSING_N] = _missing(D, S)
        elif _f(S, 0)[8] and _random(D) >= NURSE_SHARE:
            patient_move(D, S, temp, scratch, False)
            if st[MISSING_N] > 0:
                st[MISSING_N] = _missing(D, S)
        else:
            nurse_move(D, S, temp)
