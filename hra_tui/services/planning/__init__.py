"""The planners as the ward's services, one room each: `ward` (the staff roster, patients and
resources over the next slots) and `intake` (IHTC-2024: admission days, rooms, theatres and
nurses)."""
