"""iCalendar feeds: publish a plan's windows and the standing series, read blackouts back.

* :func:`to_ical` writes a plan's downtime windows as a feed for clients (all of them, or one
  on its own clock) or for staff.
* :func:`series_to_ical` writes each release train as one recurring event.
* :func:`person_to_ical` writes one person's own duties, in their own zone.
* :func:`notices_to_ical` writes the notices to send as the communications team's to-do list.
* :func:`blackouts_from_ical` reads holidays, freezes and rotas from a calendar as blackouts.
* :func:`leave_from_ical` reads a person's leave calendar (PTO) as absences.

Feeds are byte-for-byte deterministic: the same input gives the same bytes.
"""

from .._errors import CalendarError
from ._feed import FeedAudience, to_ical
from ._leave import leave_from_ical
from ._person import person_to_ical
from ._read import blackouts_from_ical
from ._series import series_to_ical
from ._todo import notices_to_ical

__all__ = [
    "CalendarError",
    "FeedAudience",
    "blackouts_from_ical",
    "leave_from_ical",
    "notices_to_ical",
    "person_to_ical",
    "series_to_ical",
    "to_ical",
]
