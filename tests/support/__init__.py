"""Helpers shared by the test modules of every layer (no tests here), each in the module named
for what it holds: `data` (the files under tests/data), `cli` (what a command line result must
look like), `console` (opening the console and waiting until it is ready), and the independent
checkers of solver output, `paper_checker` and `ward_checker`. Fixtures live in the conftests."""
