"""Beds: the ward's bed board."""
