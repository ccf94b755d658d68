"""Patients: the list, a patient's record and registration."""
