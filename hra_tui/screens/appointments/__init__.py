"""Appointments: the day's list and booking."""
