"""Planning: the problem state, one module per rule, one objective, the solvers, diagnosis,
explanations and `check` (pure: no clock, no I/O)."""
