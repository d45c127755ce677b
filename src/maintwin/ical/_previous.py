"""Reading the feed published last time: its events by identity, read quickly when plain.

A feed maintwin wrote has plain content lines only: CRLF line ends, folds of one space, and
properties of a few kinds whose values have simple forms. Such a feed is read here line by
line; what publishing needs of each event (its identity, SEQUENCE and content lines) is taken
from the lines themselves, and icalendar reads only the events whose full form is needed (a
changed event, one no longer in the plan), as part of the same calendar. Any other feed, and
any feed with a problem, is read by icalendar whole, which gives the same events and refuses
a bad feed with the errors it gives.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from icalendar import Calendar, Event

from .._errors import CalendarError

__all__ = ["PREVIOUS_FEED", "STAMPS", "Prior", "key", "read_previous", "same_content"]

# Properties that say when and how often an event was published, not what it is.
STAMPS = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"})
PREVIOUS_FEED = "previous feed"
"""How errors name the ``previous`` feed (``CalendarError.source``)."""
_SOURCE = PREVIOUS_FEED

_LINE = re.compile(r"([A-Z][A-Z0-9-]*)((?:;[A-Z][A-Z0-9-]*=[^;:\"\x00-\x1f]*)*):(.*)", re.S)
_FOLD = re.compile(r"\r\n[ \t]")
_DATE = re.compile(r"\d{8}")
_TIME = re.compile(r"\d{8}T\d{6}Z?")
_CLOCK = r"T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?"
_DURATION = re.compile(rf"[+-]?P(?:\d+W|\d+D(?:{_CLOCK})?|{_CLOCK})")
_OFFSET = re.compile(r"[+-]([01]\d|2[0-3])[0-5]\d")
_DIGITS = re.compile(r"\d{1,9}")
_ESCAPE = re.compile(r"\\([\\;,nN])")


def _when(value: str) -> bool:
    try:
        if _DATE.fullmatch(value):
            date(int(value[:4]), int(value[4:6]), int(value[6:8]))
        elif _TIME.fullmatch(value):
            datetime(
                int(value[:4]),
                int(value[4:6]),
                int(value[6:8]),
                int(value[9:11]),
                int(value[11:13]),
                int(value[13:15]),
            )
        else:
            return False
    except ValueError:
        return False
    return True


def _matches(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda value: pattern.fullmatch(value) is not None


def _whens(value: str) -> bool:
    return all(_when(v) for v in value.split(","))


# The properties a plain feed has, each with a test of its value and the parameters it may
# take; anything else makes the feed one for icalendar to read.
_TIMES = frozenset({"TZID", "VALUE"})
_KINDS: dict[str, tuple[Callable[[str], bool] | None, frozenset[str]]] = {
    **dict.fromkeys(
        ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "DTSTAMP", "CREATED", "LAST-MODIFIED"),
        (_when, _TIMES),
    ),
    **dict.fromkeys(("RDATE", "EXDATE"), (_whens, _TIMES)),
    **dict.fromkeys(("DURATION", "TRIGGER"), (_matches(_DURATION), frozenset())),
    "REFRESH-INTERVAL": (_matches(_DURATION), frozenset({"VALUE"})),
    "SEQUENCE": (_matches(_DIGITS), frozenset()),
    **dict.fromkeys(("TZOFFSETFROM", "TZOFFSETTO"), (_matches(_OFFSET), frozenset())),
    **dict.fromkeys(
        (
            "UID",
            "SUMMARY",
            "DESCRIPTION",
            "STATUS",
            "TRANSP",
            "CLASS",
            "ACTION",
            "CATEGORIES",
            "PRODID",
            "VERSION",
            "CALSCALE",
            "METHOD",
            "NAME",
            "X-WR-CALNAME",
            "X-WR-CALDESC",
            "X-PUBLISHED-TTL",
            "TZID",
            "TZNAME",
        ),
        (None, frozenset()),  # any text
    ),
    "ATTENDEE": (None, frozenset({"CN", "CUTYPE", "ROLE", "RSVP"})),
}
_REPEATED = frozenset({"ATTENDEE", "RDATE", "EXDATE"})  # the properties that may repeat
_INSIDE = {
    "VCALENDAR": frozenset({"VEVENT", "VTIMEZONE"}),
    "VEVENT": frozenset({"VALARM"}),
    "VTIMEZONE": frozenset({"STANDARD", "DAYLIGHT"}),
}


@dataclass
class Prior:
    """One event of the previous feed: its identity, SEQUENCE and content lines (unfolded,
    without the publishing stamps, as written), and the event icalendar reads of it when
    publishing needs it whole."""

    uid: str
    rid: str | None
    sequence: int | None  # None: not read yet (icalendar's SEQUENCE, read when asked)
    content: list[str] | None  # None: only icalendar's event is known
    lines: list[str] = field(default_factory=list)
    event: Event | None = None


def _stamp_free(lines: list[str]) -> list[str]:
    """``lines`` without the publishing stamps."""
    return [line for line in lines if _name(line) not in STAMPS]


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].encode().decode("ascii", "replace").upper()


def same_content(prior: Prior, lines: list[str], whole: Callable[[Prior], Event]) -> bool:
    """Whether ``prior`` has the content ``lines`` (unfolded, without stamps): its lines as
    written are those, or icalendar writes its event with them."""
    if prior.content is not None and prior.content == lines:
        return True
    written = bytes(whole(prior).to_ical()).replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return _stamp_free([line for line in written.decode().split("\r\n") if line]) == lines


def read_previous(
    data: bytes | str, name: str
) -> tuple[dict[str, Prior], Callable[[list[Prior]], None]]:
    """The events of the previous feed ``data`` by identity (UID, and the RECURRENCE-ID of
    an override), and a function that gives the listed ones their icalendar events.

    ``data`` must be a feed named ``name`` (NAME); a :class:`CalendarError` says why not.
    """
    plain = _plain(data, name)
    if plain is None:
        return _read_whole(data, name)
    head, events = plain

    def complete(wanted: list[Prior]) -> None:
        missing = [p for p in wanted if p.event is None]
        if not missing:
            return
        lines = [*head, *(line for p in missing for line in p.lines), "END:VCALENDAR", ""]
        read = _parse("\r\n".join(lines))
        if len(read.events) != len(missing) or any(c.errors for c in read.walk()):
            raise AssertionError("a plain feed reads as icalendar reads it")  # pragma: no cover
        for prior, event in zip(missing, read.events, strict=True):
            prior.event = event

    return events, complete


def _plain(data: bytes | str, name: str) -> tuple[list[str], dict[str, Prior]] | None:
    """The head lines (the calendar's properties and time zones) and the events of a plain
    feed named ``name``; ``None`` for any other."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    else:
        text = data
    if text.count("\n") != text.count("\r\n") or text.count("\r") != text.count("\r\n"):
        return None
    lines = _FOLD.sub("", text).split("\r\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2 or lines[0] != "BEGIN:VCALENDAR" or lines[-1] != "END:VCALENDAR":
        return None
    head: list[str] = []
    events: dict[str, Prior] = {}
    zones: set[str] = set()  # the TZIDs of the feed's VTIMEZONEs
    stack: list[tuple[str, set[str]]] = []  # the components open, with the properties seen
    event: list[str] = []  # the lines of the event being read, if any
    content: list[str] = []  # those lines but the stamps
    facts: dict[str, str] = {}
    calendars = 0
    for line in lines:
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        prop, params, value = match.groups()
        if prop == "BEGIN":
            inside = _INSIDE.get(stack[-1][0], frozenset()) if stack else {"VCALENDAR"}
            if params or value not in inside or (not stack and calendars):
                return None
            calendars += not stack
            stack.append((value, set()))
            if event or value == "VEVENT":
                event.append(line)
                content.append(line)
            else:
                head.append(line)
            continue
        if prop == "END":
            if params or not stack or stack.pop()[0] != value:
                return None
            if event:
                event.append(line)
                content.append(line)
                if value == "VEVENT":
                    prior = _prior(event, content, facts)
                    if prior is None:
                        return None
                    events[key(prior.uid, prior.rid)] = prior
                    event, content, facts = [], [], {}
            elif value != "VCALENDAR":
                head.append(line)
            continue
        if not stack:
            return None
        component, seen = stack[-1]
        if prop in seen and prop not in _REPEATED:
            return None
        seen.add(prop)
        kind = _KINDS.get(prop)
        if kind is None:
            return None
        test, allowed = kind
        if test is not None and not test(value):
            return None
        if params and not _parameters(params, allowed, value, zones):
            return None
        if event:
            event.append(line)
            if prop not in STAMPS:
                content.append(line)
            if component == "VEVENT":
                facts[prop] = value
        else:
            head.append(line)
            if component == "VTIMEZONE" and prop == "TZID":
                zones.add(value)
            if component == "VCALENDAR" and prop == "NAME" and _plain_text(value) != name:
                return None
    if stack or event or not any(_name(line) == "NAME" for line in head):
        return None
    return head, events


def _plain_text(value: str) -> str | None:
    """The text of a TEXT value, when icalendar and a regular expression read it alike (no
    escaped backslash); ``None`` when not."""
    return None if "\\\\" in value else _unescaped(value)


def _parameters(params: str, allowed: frozenset[str], value: str, zones: set[str]) -> bool:
    """Whether ``params`` are plain: each allowed for the property and given once, a TZID
    one of the feed's VTIMEZONEs on local date-times, a VALUE the kind its value is."""
    dated = all(_DATE.fullmatch(v) for v in value.split(","))
    seen: set[str] = set()
    for part in params[1:].split(";"):
        key, _, given = part.partition("=")
        if key not in allowed or key in seen:
            return False
        seen.add(key)
        if key == "TZID" and (given not in zones or dated or value.endswith("Z")):
            return False
        if key == "VALUE" and given != _VALUE.get((allowed is _TIMES, dated)):
            return False
    return True


_VALUE = {(True, True): "DATE", (True, False): "DATE-TIME", (False, False): "DURATION"}


def _prior(lines: list[str], content: list[str], facts: dict[str, str]) -> Prior | None:
    if "UID" not in facts or "DTSTART" not in facts:
        return None
    rid = facts.get("RECURRENCE-ID")
    uid = _plain_text(facts["UID"])
    if uid is None:
        return None
    return Prior(
        uid=uid,
        rid=rid,
        sequence=int(facts.get("SEQUENCE", "0")),
        content=content,
        lines=lines,
    )


def key(uid: str, rid: str | None) -> str:
    """What a calendar matches an event by: its UID, and the RECURRENCE-ID of an override
    (one occurrence of a series, written once more as it is)."""
    return uid + (f" {rid}" if rid is not None else "")


# -- the whole feed, read by icalendar ---------------------------------------------------


def _parse(data: bytes | str) -> Calendar:
    try:
        return Calendar.from_ical(data)
    except ValueError as exc:
        raise CalendarError(_SOURCE, f"is not an iCalendar file ({exc})") from None
    except Exception as exc:  # icalendar's parts raise what they raise
        raise CalendarError(
            _SOURCE, f"cannot be read ({type(exc).__name__}: {exc}); give the feed as published"
        ) from None


def _read_whole(
    data: bytes | str, name: str
) -> tuple[dict[str, Prior], Callable[[list[Prior]], None]]:
    cal = _parse(data)
    published = _unescaped(str(cal.get("NAME", "")))
    if published != name:
        raise CalendarError(
            _SOURCE,
            f"is the feed {published!r}, not {name!r}; give the feed published last time for "
            "this audience (a renamed scenario starts a new feed)",
        )
    for component in cal.walk():
        for prop, problem in component.errors:
            raise CalendarError(_SOURCE, f"{component.name} {prop} cannot be read: {problem}")
    found: dict[str, Prior] = {}
    for event in cal.events:
        if "UID" not in event or "DTSTART" not in event:
            raise CalendarError(
                _SOURCE,
                "has an event without UID or DTSTART; give the feed maintwin published last time",
            )
        rid = event.get("RECURRENCE-ID")
        uid, written = str(event["UID"]), rid.to_ical().decode() if rid is not None else None
        found[key(uid, written)] = Prior(uid, written, None, None, event=event)
    return found, lambda wanted: None


def _unescaped(value: str) -> str:
    """A TEXT value without its escapes: icalendar leaves them in place in a property it has
    no type for, such as NAME."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)
