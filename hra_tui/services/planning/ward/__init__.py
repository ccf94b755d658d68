"""The ward roster planner's services: `planner` (prepare, solve, re-plan, store, compare,
apply), the horizon read from the records (`snapshot`), what a plan adds to them (`apply`),
the plan in force a re-plan starts from and what it changes (`replan`), told in words
(`words`), visits and bookings the records hold past the caps (`overbooked`), its plain
records (`records`) and who is on duty (`roster`). The model is `solver/ward/`."""
