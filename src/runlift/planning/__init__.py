"""The planner: the weekly template, the coaching rules as pure functions, and the plan they produce."""
