"""A component of a feed (VEVENT, VTODO, VALARM) as the content lines it is written as.

A :class:`Part` holds each property as its unfolded content line, ready to write, and
writes its properties in the order icalendar does (the component's canonical order, then by
name), so that a feed written from parts has the bytes icalendar would give. A component
built with icalendar becomes a part with :meth:`Part.of`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from icalendar import Alarm, Component, Event, Todo

from ._lines import duration, escape, fold, moment, tzid_of

__all__ = ["TIME_PROPERTIES", "Part"]

TIME_PROPERTIES = ("DTSTART", "DTEND", "DUE", "EXDATE", "RDATE", "RECURRENCE-ID")
_ORDERS = {kind.name: tuple(kind.canonical_order or ()) for kind in (Event, Todo, Alarm)}

When = date | datetime


@lru_cache(maxsize=256)
def _order(kind: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` in the order icalendar writes the properties of a ``kind`` component: its
    canonical order first, then by name."""
    rank = {name: index for index, name in enumerate(_ORDERS.get(kind, ()))}
    return tuple(sorted(names, key=lambda n: (rank.get(n, len(rank)), n)))


class Part:
    """One component as content lines: ``lines[name]`` are the lines of property ``name``
    in the order they were added, ``parts`` its sub-components (alarms)."""

    __slots__ = (
        "begin",
        "finish",
        "lines",
        "name",
        "parts",
        "rid",
        "span",
        "texts",
        "uid",
        "zones",
    )

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[str, list[str]] = {}
        self.parts: list[Part] = []
        self.texts: dict[str, str] = {}  # the TEXT values added with text(), unescaped
        self.uid = ""
        self.rid: str | None = None  # the RECURRENCE-ID of an override, as written
        self.begin: When | None = None  # when it begins and ends, for sorting and zones
        self.finish: When | None = None
        self.zones: set[str] = set()  # the TZIDs its times name
        self.span: tuple[datetime, datetime] | None = None  # begin and finish as instants

    def line(self, name: str, line: str) -> None:
        """Add the content line ``line`` of property ``name``."""
        self.lines.setdefault(name, []).append(line)

    def text(self, name: str, value: str) -> None:
        """Add the TEXT property ``name``."""
        self.texts[name] = value
        if name == "UID":
            self.uid = value
        self.line(name, f"{name}:{escape(value)}")

    def texts_of(self, name: str, values: list[str]) -> None:
        """Add a property of several TEXT values (CATEGORIES)."""
        self.line(name, f"{name}:{','.join(escape(v) for v in values)}")

    def when(self, name: str, value: When) -> None:
        """Add the date or date-time property ``name``."""
        if name == "DTSTART":
            self.begin = value
            self.finish = value if self.finish is None else self.finish
        elif name == "DTEND":
            self.finish = value
        if isinstance(value, datetime) and value.tzinfo is not None:
            tzid = tzid_of(value.tzinfo)
            if tzid is not None:
                self.zones.add(tzid)
        self.line(name, moment(name, value))

    def lasting(self, name: str, value: timedelta) -> None:
        """Add the duration property ``name`` (a TRIGGER)."""
        self.line(name, f"{name}:{duration(value)}")

    def pop(self, name: str) -> None:
        """Remove the property ``name``, if there is one."""
        self.lines.pop(name, None)
        self.texts.pop(name, None)

    def content(self, without: frozenset[str] = frozenset()) -> list[str]:
        """Every content line, unfolded: BEGIN, the properties, the sub-components, END;
        those of the properties named in ``without`` left out."""
        out: list[str] = []
        self._write(out, without)
        return out

    def _write(self, out: list[str], without: frozenset[str]) -> None:
        out.append(f"BEGIN:{self.name}")
        for name in _order(self.name, tuple(self.lines)):
            if name not in without:
                out += self.lines[name]
        for part in self.parts:
            part._write(out, without)
        out.append(f"END:{self.name}")

    def to_ical(self) -> str:
        """The component as it is written: its content lines folded, each ended by CRLF."""
        return "\r\n".join(map(fold, self.content())) + "\r\n"

    @classmethod
    def of(cls, component: Component) -> Part:
        """The component built or read with icalendar, its lines written by icalendar (its
        ``begin`` and ``finish`` are left for the caller to give)."""
        part = cls._lines_of(component)
        part.uid = str(component.get("UID", ""))
        rid = component.get("RECURRENCE-ID")
        part.rid = rid.to_ical().decode() if rid is not None else None
        for name in TIME_PROPERTIES:
            values = component.get(name)
            for value in values if isinstance(values, list) else [values]:
                tzid = getattr(value, "params", {}).get("TZID") if value is not None else None
                if tzid:
                    part.zones.add(str(tzid))
        return part

    @classmethod
    def _lines_of(cls, component: Component) -> Part:
        part = cls(str(component.name))
        for name, value in component.property_items(recursive=False):
            if name not in ("BEGIN", "END"):
                part.line(name, str(component.content_line(name, value)))
        part.parts = [cls._lines_of(sub) for sub in component.subcomponents]
        return part
