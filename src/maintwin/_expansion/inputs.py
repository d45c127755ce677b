"""What expansion reads of a scenario, as an interface: expansion sits below `Scenario` in the
flow and never imports it (`Scenario` satisfies this protocol)."""

from __future__ import annotations

from typing import Protocol

from .._model.blackout import Blackout
from .._model.change import Change
from .._model.holiday import HolidaySource
from .._model.people import Person, Staffing
from .._model.policy import Policy
from .._model.rotation import Rotation
from .._model.train import ReleaseTrain
from .._model.window import OneOffWindow

__all__ = ["Inputs"]


class Inputs(Protocol):
    """The fields of a scenario that expansion turns into windows, blackout periods and
    crews."""

    @property
    def timezone(self) -> str: ...

    @property
    def policy(self) -> Policy: ...

    @property
    def trains(self) -> tuple[ReleaseTrain, ...]: ...

    @property
    def one_off_windows(self) -> tuple[OneOffWindow, ...]: ...

    @property
    def blackouts(self) -> tuple[Blackout, ...]: ...

    @property
    def holidays(self) -> tuple[HolidaySource, ...]: ...

    @property
    def people(self) -> tuple[Person, ...]: ...

    @property
    def staffing(self) -> tuple[Staffing, ...]: ...

    @property
    def rotations(self) -> tuple[Rotation, ...]: ...

    @property
    def changes(self) -> tuple[Change, ...]: ...
