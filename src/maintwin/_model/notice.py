"""`Notice`: one message the plan calls for, to one audience, at one instant."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, Field

from .._text import span_text
from .base import Model
from .types import Id, NonNegativeDuration, ZoneName

__all__ = ["Audience", "Notice", "NoticeKind", "NoticeStatus"]


class Audience(StrEnum):
    """Who a notice is for: clients, the internal audience, or a person on a window's crew."""

    CLIENT = "client"
    INTERNAL = "internal"
    CREW = "crew"


class NoticeKind(StrEnum):
    """What a notice says: downtime ahead (``advance``, ``offset`` before the window), downtime
    now (``point_of_service``), or that an announced window changed (``moved``) or is off
    (``cancelled``)."""

    ADVANCE = "advance"
    POINT_OF_SERVICE = "point_of_service"
    MOVED = "moved"
    CANCELLED = "cancelled"


class NoticeStatus(StrEnum):
    """Whether a notice is still to send (``pending``), was due before ``now`` and taken as
    sent because the previous plan called for it too (``sent``), or is overdue (``late``)."""

    PENDING = "pending"
    SENT = "sent"
    LATE = "late"


class Notice(Model):
    """One notice of a plan.

    ``id`` is stable across re-plans (audience, reader, window and kind). ``reader`` is the
    client or person it is for (``None``: the audience as a whole). ``due`` is when it goes out,
    in ``timezone``, the reader's zone, as are ``start`` and ``end``, the window's. ``offset``
    is how long before the window it is due (``None`` for moved and cancelled notices, which are
    due at once). ``changes`` are the changes it is about; ``late_by`` how far past ``due`` the
    plan's ``now`` is, for a late one. ``subject``, ``text`` and ``html`` are the message, from
    the scenario's templates.
    """

    id: str
    audience: Audience
    reader: Id | None = None
    kind: NoticeKind
    offset: NonNegativeDuration | None = None
    due: AwareDatetime
    timezone: ZoneName
    window: Id
    subsystem: str
    start: AwareDatetime
    end: AwareDatetime
    changes: tuple[Id, ...] = ()
    status: NoticeStatus = NoticeStatus.PENDING
    late_by: NonNegativeDuration | None = None
    subject: str = ""
    text: str = Field("", repr=False)
    html: str = Field("", repr=False)

    @property
    def label(self) -> str:
        """``2 weeks before``, ``1 day before``, ``at the point of service``, ``moved`` or
        ``cancelled``."""
        if self.offset is None:
            return self.kind.value
        return f"{span_text(self.offset)} before" if self.offset else "at the point of service"

    @property
    def late(self) -> bool:
        """Whether the notice was due before the plan's ``now`` and has not gone out."""
        return self.status is NoticeStatus.LATE
