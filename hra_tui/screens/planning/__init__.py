"""Planning: plans, solving and applying."""
