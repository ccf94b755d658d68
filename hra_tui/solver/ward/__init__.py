"""The ward roster planner: the paper's model built from a ward (`build` fills a `WardInstance`,
`instance`), with the shift rules as facts about the slots (`rules`), interchangeable requests
counted (`aggregate`), the model's variables (`variables`) and its rules, one function each
(`constraints`), the simple fallback plan (`simple`), the CP-SAT model, its solve and its
explanations (`model`), a re-plan's plan in force (`baseline`), its rules and prices in the
model (`replan`) and what a plan changes (`changes`), the rules the records force a plan to
break (`forced`), and generated wards (`generate`)."""
