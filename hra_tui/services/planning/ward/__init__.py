"""The ward roster planner's services: `planner` (prepare, solve, store, compare, apply), the
horizon read from the records (`snapshot`), what a plan adds to them (`apply`), its plain
records (`records`) and who is on duty (`roster`). The model is `solver/ward/`."""
