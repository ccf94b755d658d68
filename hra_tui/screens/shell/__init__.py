"""Console-wide screens: help and the : command line."""
