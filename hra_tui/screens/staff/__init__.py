"""Doctors and staff: the list and the staff form."""
