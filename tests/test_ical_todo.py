"""``notices_to_ical``: the communications team's to-do list, one VTODO per notice.

The example plan (examples/teleradiology.toml, two clients, one in Los Angeles) is planned as
the brief has it; a second plan of it, made on 2027-01-05 with a freeze horizon of one day,
has late notices; a third, made then over the first, has sent ones. Each feed is read back
by icalendar and by vobject (a parser nobody here wrote), and compared with ``plan.notices``.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import Audience, MaintwinError, Notice, NoticeStatus, Plan, Scenario
from maintwin.ical import notices_to_ical

from .ical_oracle import _read_with_own_zones

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
LATER = datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)
SCENARIO_UID = "teleradiology-platform"


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    return maintwin.plan(example, START, END, now=NOW)


@pytest.fixture(scope="module")
def late_plan(example: Scenario) -> Plan:
    """Made on 2027-01-05 without a previous plan, with a freeze horizon of a day: the
    two-week notices of the January window were due on 2026-12-30 and are late."""
    policy = example.policy.model_copy(update={"freeze_horizon": timedelta(days=1)})
    return maintwin.plan(example.model_copy(update={"policy": policy}), START, END, now=LATER)


@pytest.fixture(scope="module")
def sent_plan(example: Scenario, plan: Plan) -> Plan:
    """Made on 2027-01-05 over the first plan: its two-week notices are taken as sent."""
    return maintwin.plan(example, START, END, now=LATER, previous=plan)


def todos(data: bytes) -> dict[str, icalendar.Component]:
    """The feed's VTODOs by UID, each UID once."""
    found = icalendar.Calendar.from_ical(data).walk("VTODO")
    uids = [str(t["UID"]) for t in found]
    assert len(uids) == len(set(uids)), Counter(uids).most_common(3)
    return dict(zip(uids, found, strict=True))


def todo_uid(notice: Notice) -> str:
    return f"{notice.id.replace('/', '.')}.todo@{SCENARIO_UID}.maintwin"


def categories(todo: icalendar.Component) -> list[str]:
    value = todo["CATEGORIES"]
    return [str(c) for v in (value if isinstance(value, list) else [value]) for c in v.cats]


# -- one to-do per notice ---------------------------------------------------------------------


def test_one_todo_per_notice_with_a_uid_from_its_id(plan: Plan) -> None:
    found = todos(notices_to_ical(plan))
    # The example's notices, as planned on 2026-11-22: 31 for the RIS windows, and the PACS
    # upgrade's (2 clients x 3, its crew of 3 x 2).
    assert len(plan.notices) == 31 + 6 + 6
    assert set(found) == {todo_uid(n) for n in plan.notices}
    assert "client.pacific-rad.ris-2027-01-13.P14D.todo@teleradiology-platform.maintwin" in found


def test_each_todo_says_what_to_send_and_when_on_the_readers_clock(plan: Plan) -> None:
    found = todos(notices_to_ical(plan))
    for notice in plan.notices:
        todo = found[todo_uid(notice)]
        assert str(todo["SUMMARY"]) == f"Send the {notice.audience.value} notice: {notice.subject}"
        assert str(todo["DESCRIPTION"]) == notice.text
        assert todo["DUE"].params["TZID"] == notice.timezone
        due = todo.decoded("DUE")
        assert due == notice.due, notice.id
        assert due.utcoffset() == notice.due.utcoffset(), notice.id
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
        assert "PRIORITY" not in todo
        assert categories(todo) == [notice.audience.value, notice.kind.value]
        assert todo.decoded("DTSTAMP") == NOW.astimezone(UTC)


def test_the_los_angeles_client_is_due_on_its_own_clock(plan: Plan) -> None:
    found = todos(notices_to_ical(plan))
    todo = found["client.pacific-rad.ris-2027-01-13.P14D.todo@teleradiology-platform.maintwin"]
    assert todo["DUE"].to_ical() == b"20261230T080000"
    assert todo["DUE"].params["TZID"] == "America/Los_Angeles"
    assert "08:00-08:15 PST" in str(todo["SUMMARY"])


def test_a_vtimezone_for_every_readers_zone(plan: Plan) -> None:
    cal = icalendar.Calendar.from_ical(notices_to_ical(plan))
    zones = {str(z["TZID"]) for z in cal.walk("VTIMEZONE")}
    assert zones == {n.timezone for n in plan.notices}
    assert zones == {"America/Chicago", "America/Denver", "America/Los_Angeles"}


def test_vobject_reads_the_same_due_instants(plan: Plan) -> None:
    """vobject, with the feed's own VTIMEZONEs, sees each to-do due at its notice's instant."""
    data = notices_to_ical(plan).decode()
    cal = _read_with_own_zones(data)
    seen = {t.uid.value: (t.due.value, t.status.value) for t in cal.vtodo_list}
    want = {todo_uid(n): (n.due, "NEEDS-ACTION") for n in plan.notices}
    assert {u: (d.astimezone(UTC), s) for u, (d, s) in seen.items()} == {
        u: (d.astimezone(UTC), s) for u, (d, s) in want.items()
    }


# -- late and sent notices --------------------------------------------------------------------


def test_a_late_notice_is_due_now_first_priority_and_says_how_late(late_plan: Plan) -> None:
    late = [n for n in late_plan.notices if n.status is NoticeStatus.LATE]
    assert {n.id for n in late} == {
        "client/lakeside/ris-2027-01-13/P14D",
        "client/pacific-rad/ris-2027-01-13/P14D",
        "internal/all/ris-2027-01-13/P14D",
    }
    found = todos(notices_to_ical(late_plan))
    for notice in late:
        todo = found[todo_uid(notice)]
        due = todo.decoded("DUE")
        assert due == LATER
        assert due.utcoffset() == LATER.astimezone(ZoneInfo(notice.timezone)).utcoffset()
        assert todo["DUE"].params["TZID"] == notice.timezone
        assert int(todo["PRIORITY"]) == 1
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
        first, _, rest = str(todo["DESCRIPTION"]).partition("\n\n")
        assert rest == notice.text
        assert first.startswith("Late by 5 days 23 h: this notice was due Wed 2026-12-30 ")
    pacific = found[todo_uid(next(n for n in late if n.reader == "pacific-rad"))]
    assert str(pacific["DESCRIPTION"]).startswith(
        "Late by 5 days 23 h: this notice was due Wed 2026-12-30 08:00 PST (America/Los_Angeles)."
    )
    assert pacific["DUE"].to_ical() == b"20270105T070000"  # 09:00 in Chicago


def test_only_late_notices_have_a_priority(late_plan: Plan) -> None:
    found = todos(notices_to_ical(late_plan))
    prioritised = {u for u, t in found.items() if "PRIORITY" in t}
    assert prioritised == {todo_uid(n) for n in late_plan.notices if n.late}
    assert prioritised


def test_a_sent_notice_is_completed(sent_plan: Plan) -> None:
    sent = [n for n in sent_plan.notices if n.status is NoticeStatus.SENT]
    assert len(sent) == 3
    found = todos(notices_to_ical(sent_plan))
    for notice in sent:
        todo = found[todo_uid(notice)]
        assert str(todo["STATUS"]) == "COMPLETED"
        assert "PRIORITY" not in todo
        assert todo.decoded("DUE") == notice.due  # when it was due, not now
        assert str(todo["DESCRIPTION"]) == notice.text
    statuses = Counter(str(t["STATUS"]) for t in found.values())
    assert statuses == {"COMPLETED": 3, "NEEDS-ACTION": len(sent_plan.notices) - 3}


# -- audiences --------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", [*Audience, "client", "internal", "crew"])
def test_only_the_notices_of_the_audience(plan: Plan, audience: str) -> None:
    data = notices_to_ical(plan, audience=audience)
    wanted = [n for n in plan.notices if n.audience == audience]
    assert wanted, "the example has notices for every audience"
    assert set(todos(data)) == {todo_uid(n) for n in wanted}
    name = icalendar.Calendar.from_ical(data)["NAME"]
    assert str(name) == f"teleradiology-platform: notices to send ({Audience(audience).value})"


def test_every_audience_together_by_default(plan: Plan) -> None:
    every = set(todos(notices_to_ical(plan)))
    parts = [set(todos(notices_to_ical(plan, audience=a))) for a in Audience]
    assert every == set().union(*parts)
    assert sum(map(len, parts)) == len(every)


@pytest.mark.parametrize("audience", ["clients", "Client", "", "staff"])
def test_an_unknown_audience_is_refused_saying_what_is_accepted(plan: Plan, audience: str) -> None:
    with pytest.raises(MaintwinError) as info:
        notices_to_ical(plan, audience=audience)
    message = str(info.value)
    assert f"audience {audience!r} is not known" in message
    assert "'client', 'internal', 'crew'" in message
    assert message.startswith("notices_to_ical(): ")


# -- bytes ------------------------------------------------------------------------------------


def test_the_same_plan_gives_the_same_bytes(example: Scenario, plan: Plan) -> None:
    again = maintwin.plan(example, START, END, now=NOW)
    assert notices_to_ical(again) == notices_to_ical(plan)
    data = notices_to_ical(plan)
    assert data.count(b"\n") == data.count(b"\r\n")


def test_a_plan_read_back_from_json_gives_the_same_bytes(plan: Plan) -> None:
    """Read from JSON, the plan's times carry fixed offsets; the to-dos are still due on each
    reader's clock, with its zone."""
    again = Plan.model_validate_json(plan.model_dump_json())
    assert notices_to_ical(again) == notices_to_ical(plan)


def test_todos_are_in_due_order(plan: Plan) -> None:
    cal = icalendar.Calendar.from_ical(notices_to_ical(plan))
    dues = [t.decoded("DUE").astimezone(UTC) for t in cal.walk("VTODO")]
    assert dues == sorted(dues)
    assert len(set(dues)) < len(dues)  # ties exist, ordered by UID
