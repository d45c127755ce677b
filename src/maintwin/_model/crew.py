"""Who runs a window (`Duty`), and what is missing when nobody can (`StaffingGap`)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from .base import Model
from .types import Id

__all__ = ["Duty", "Missing", "StaffingGap", "Unavailability"]


class Duty(Model):
    """One person's duty in one window: ``role`` as primary, or as ``backup``.

    ``changes`` names the changes the duty is there for when a change, not the train, needs it
    (its own role, or its named owner, whose role is ``owner``).
    """

    person: Id
    role: str
    backup: bool = False
    changes: tuple[Id, ...] = ()


class Unavailability(StrEnum):
    """Why a person who has a role cannot serve in it in a window."""

    LEAVE = "leave"  # unavailable days, a leave calendar, a one-off absence
    HOLIDAY = "holiday"  # a public holiday of the person's own country
    AWAY = "away"  # a recurring absence ("never on Sundays", outside working hours)
    ROTATION = "rotation"  # the role has a rotation and the person is not on call
    DOUBLE_BOOKED = "double_booked"  # on duty in an overlapping window
    SERVING = "serving"  # serves in another role in this window


class Missing(Model):
    """A person who has the role but cannot take it, and why, in words (``detail``)."""

    person: Id
    reason: Unavailability
    detail: str


class StaffingGap(Model):
    """A role a window cannot fill: ``needed`` people (``backups`` of them backups), only
    ``found`` available, and why each of the others is not."""

    id: Id
    role: str
    day: date
    needed: int
    backups: int
    found: tuple[Id, ...] = ()
    missing: tuple[Missing, ...] = ()
    backup_only: bool = False
    """Only backups are short: the primaries are all there."""
