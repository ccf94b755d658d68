"""The intake planner's services (IHTC-2024: which day each waiting patient comes in, to which
room, which theatre, and each room's nurse): `planner` (prepare, solve, apply), the records in
and out of the competition's format (`problem`) and the plan as a clerk reads it (`views`). The
solver is `solver/ihtc/`."""
