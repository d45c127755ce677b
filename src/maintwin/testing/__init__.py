"""Property-based testing of planning rules.

* :mod:`maintwin.testing.strategies`: Hypothesis strategies for schedules, release trains,
  blackouts, changes, scenarios and plans (``pip install 'maintwin[testing]'``).
* :mod:`maintwin.testing.invariants`: the planning rules as predicates over a plan, and
  :func:`~maintwin.testing.invariants.assert_plan_valid`; plain Python, no Hypothesis needed.

Installing the extra also registers a strategy for every public model with Hypothesis, so that
``st.from_type(maintwin.Change)`` works. This package imports neither submodule itself.
"""
