"""The paper's model (Yinusa & Faezipour, `docs/paper-model.md`): the printed formulation
(`model`), how to solve it (`solve`: the exact `decomposition` over `staff_columns`, or the
printed model directly), why an instance is infeasible (`infeasibility`), seeded instances
(`generate`) and the paper's result tables (`report`)."""
