"""The ward roster planner: the paper's model built from a ward (`build` fills a `WardInstance`,
`instance`), with the shift rules (`rules`), interchangeable requests counted (`aggregate`),
the simple fallback plan (`simple`), the CP-SAT model and its explanations (`model`), and
generated wards (`generate`)."""
