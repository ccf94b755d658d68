"""An independent checker of paper-model solutions: plain Python over the two JSON files.

It shares no code with the solver on purpose: it reads the instance and the solution as dicts,
recomputes the printed objective term by term and checks every printed constraint row
(including all N*P*K*T skill rows and both directions of every balance pair).
"""

from __future__ import annotations


def _binary(name: str, value, shape: tuple[int, ...], errors: list[str]) -> None:
    if len(shape) == 0:
        if value not in (0, 1) or isinstance(value, bool):
            errors.append(f"{name} is {value!r}, not 0 or 1")
        return
    if not isinstance(value, list) or len(value) != shape[0]:
        errors.append(f"{name} does not have length {shape[0]}")
        return
    for idx, item in enumerate(value):
        _binary(f"{name}[{idx}]", item, shape[1:], errors)


def objective(inst: dict, sol: dict) -> int:
    """The eight printed objective terms, summed exactly as the paper writes them."""
    N, T, P, R, K = inst["N"], inst["T"], inst["P"], inst["R"], inst["K"]
    x, y, z, o, v = sol["x"], sol["y"], sol["z"], sol["o"], sol["v"]
    total = 0
    for i in range(N):
        for t in range(T):
            total += inst["W"][i][t] * x[i][t]
    for i in range(N):
        for j in range(N):
            for t in range(T):
                total += inst["I"][i][j][t] * x[i][t] * x[j][t]
    for p in range(P):
        for t in range(T):
            total += inst["C"][p][t] * y[p][t]
    for r in range(R):
        for t in range(T):
            total += inst["D"][r][t] * z[r][t]
    for p in range(P):
        for t in range(T):
            total += inst["Pen"][p][t] * y[p][t]
    for i in range(N):
        total += inst["O"][i] * o[i]
    for p in range(P):
        for i in range(N):
            for _k in range(K):
                for _t in range(T):
                    total += inst["U"][p] * v[i][p]
    for i in range(N):
        for t in range(T):
            total += inst["S"][i] * x[i][t]
    return total


def violations(inst: dict, sol: dict) -> list[str]:
    """Every broken printed constraint (empty list: the solution is feasible)."""
    N, T, P, R, K = inst["N"], inst["T"], inst["P"], inst["R"], inst["K"]
    errors: list[str] = []
    for name, shape in (("x", (N, T)), ("y", (P, T)), ("z", (R, T)), ("o", (N,)),
                        ("v", (N, P))):
        _binary(name, sol.get(name), shape, errors)
    if errors:
        return errors
    x, y, z, o = sol["x"], sol["y"], sol["z"], sol["o"]
    worked = [sum(x[i]) for i in range(N)]
    for t in range(T):
        on = sum(x[i][t] for i in range(N))
        if on != inst["Dt"][t]:
            errors.append(f"demand: slot {t} has {on} staff, needs {inst['Dt'][t]}")
    for i in range(N):
        if worked[i] > inst["H"][i]:
            errors.append(f"max hours: staff {i} works {worked[i]} > {inst['H'][i]}")
    for p in range(P):
        if sum(y[p]) != 1:
            errors.append(f"patient {p} is in {sum(y[p])} slots")
    for r in range(R):
        if sum(z[r]) != 1:
            errors.append(f"resource {r} is in {sum(z[r])} slots")
    for t in range(T):
        skill = sum(inst["S"][i] * x[i][t] for i in range(N))
        for i in range(N):
            for p in range(P):
                for k in range(K):
                    if skill < inst["M"][i][p][k][t]:
                        errors.append(f"skill: slot {t} has {skill} < M[{i}][{p}][{k}][{t}]")
    for i in range(N):
        if o[i] < worked[i] - inst["H"][i]:
            errors.append(f"overtime: o[{i}] = {o[i]} < {worked[i]} - {inst['H'][i]}")
    spend = (sum(inst["W"][i][t] * x[i][t] for i in range(N) for t in range(T))
             + sum(inst["O"][i] * o[i] for i in range(N))
             + sum(inst["D"][r][t] * z[r][t] for r in range(R) for t in range(T)))
    if spend > inst["B"]:
        errors.append(f"budget: spend {spend} > B = {inst['B']}")
    for i in range(N):
        for j in range(N):
            if i != j and abs(worked[i] - worked[j]) > inst["F"][i][j]:
                errors.append(f"balance: |{worked[i]} - {worked[j]}| > F[{i}][{j}]")
    return errors
