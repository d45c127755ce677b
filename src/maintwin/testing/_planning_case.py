"""`PlanningCase`: a scenario with the horizon and clock to plan it (no Hypothesis here, so
that Hypothesis's entry point can name the type while the strategies are still loading)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from .. import Plan, Scenario
from .. import plan as make_plan

__all__ = ["PlanningCase", "Solver"]

Solver = Literal["greedy", "exact"]


@dataclass(frozen=True)
class PlanningCase:
    """A drawn scenario and what :func:`maintwin.plan` needs with it: the horizon
    ``[start, end)`` (dates: local midnights in the scenario's zone) and the clock ``now``."""

    scenario: Scenario
    start: date
    end: date
    now: datetime

    def plan(self, *, previous: Plan | None = None, solver: Solver = "greedy") -> Plan:
        """``maintwin.plan(scenario, start, end, now=now, previous=previous, solver=solver)``."""
        return make_plan(
            self.scenario, self.start, self.end, now=self.now, previous=previous, solver=solver
        )
