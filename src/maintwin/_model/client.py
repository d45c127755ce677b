"""`Client`: an organisation that hears of downtime, on its own clock."""

from __future__ import annotations

from .base import Model
from .types import Id, ZoneName

__all__ = ["Client"]


class Client(Model):
    """A client that is told of downtime.

    ``timezone`` is the zone its notices and feed show times in (the scenario's zone when
    ``None``); ``contacts`` are where its notices go (addresses, as an integration reads them);
    ``subsystems`` are the subsystems whose downtime it hears of (every one when empty).
    """

    id: Id
    name: str = ""
    timezone: ZoneName | None = None
    contacts: tuple[str, ...] = ()
    subsystems: tuple[str, ...] = ()
