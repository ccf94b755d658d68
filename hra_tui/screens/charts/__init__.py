"""Charts: the paper's figures for a plan."""
