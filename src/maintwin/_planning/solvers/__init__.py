"""The solvers: the default (greedy passes, repacking, local search) and the exact one
(CP-SAT). Both place changes only where :mod:`maintwin._planning.rules` admits them."""
