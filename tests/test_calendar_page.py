"""The calendar page of the example's year: `maintwin.calendar_html(plan)`.

The page is read back with the standard library's HTML parser (tests/html_tree.py). Expected
days, times and texts come from the scenario's own figures and from the calendar (fixed
offsets written out: CST is UTC-6, CDT UTC-5), not from the page's code.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import Blackout, Change, MaintwinError, Plan, ReleaseTrain, Scenario, Schedule

from .html_tree import Element, parse

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    return maintwin.plan(example, START, END, now=NOW)


@pytest.fixture(scope="module")
def page(plan: Plan) -> str:
    return maintwin.calendar_html(plan)


@pytest.fixture(scope="module")
def tree(page: str) -> Element:
    return parse(page)


def _times(element: Element) -> list[str]:
    return [t.attrs["datetime"] or "" for t in element.iter() if t.tag == "time"]


def _local_day(moment: datetime, tz: ZoneInfo = CHICAGO) -> date:
    return moment.astimezone(tz).date()


def _days_touched(start: datetime, end: datetime, tz: ZoneInfo = CHICAGO) -> set[date]:
    first, last = _local_day(start, tz), _local_day(end - timedelta(microseconds=1), tz)
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


# -- the same plan, the same bytes --------------------------------------------------------------


def test_the_same_plan_gives_the_same_bytes(plan: Plan, page: str) -> None:
    again = maintwin.plan(Scenario.load("examples/teleradiology.toml"), START, END, now=NOW)
    assert again is not plan
    assert maintwin.calendar_html(again) == page
    assert maintwin.calendar_html(plan) == page
    # A plan read back from its JSON (its times with offsets, not zones) reads the same.
    assert maintwin.calendar_html(Plan.model_validate_json(plan.model_dump_json())) == page


def test_the_page_is_small_and_names_its_zone(page: str, tree: Element) -> None:
    assert len(page.encode()) < 300_000
    assert tree.tagged("html")[0].attrs["lang"] == "en"
    assert "All times are in America/Chicago." in tree.by_class("zone")[0].text()
    [h1] = tree.tagged("h1")
    assert h1.text() == "teleradiology-platform: downtime calendar"


# -- the windows ----------------------------------------------------------------------------------


def test_the_november_window_is_blocked_by_veterans_day(plan: Plan, tree: Element) -> None:
    window = plan.window("ris-2027-11-10")
    assert window.blocked_by == ("holiday-US-2027-11-11",)
    card = tree.by_id("window-ris-2027-11-10")
    assert card.tag == "article"
    assert "blocked" in card.classes
    assert card.attrs["data-subsystem"] == "RIS"
    [blocker] = card.by_class("blockers")[0].tagged("li")
    # Veterans Day is Thursday 2027-11-11; the scenario widens holidays by a day either side.
    assert blocker.text() == (
        "holiday-US-2027-11-11: holiday: Veterans Day, Wed 2027-11-10 to Fri 2027-11-12 (3 days)"
    )
    assert "Wed 2027-11-10 10:00\N{EN DASH}10:15 CST" in card.text()
    assert not card.by_class("changes")  # nothing rides in a blocked window
    # Its day in November's grid says so too, and links to it.
    cell = tree.by_id("day-2027-11-10")
    [entry] = [e for e in cell.by_class("ev") if "window" in e.text()]
    assert "blocked" in entry.classes
    assert entry.tagged("a")[0].attrs["href"] == "#window-ris-2027-11-10"


def test_the_may_window_is_short_of_a_dba_in_words(plan: Plan, tree: Element) -> None:
    window = plan.window("ris-2027-05-12")
    [gap] = window.short_staffed
    card = tree.by_id("window-ris-2027-05-12")
    [blocker] = card.by_class("blockers")[0].tagged("li")
    assert blocker.text() == f"{gap.id}: staffing: {maintwin.gap_text(gap)}"
    assert "dana on leave" in blocker.text()


def test_the_january_window_lists_its_changes_in_runbook_order(
    plan: Plan, example: Scenario, tree: Element
) -> None:
    riding = sorted(
        (a for a in plan.assignments if a.window == "ris-2027-01-13"),
        key=lambda a: a.offset,
    )
    assert [a.change for a in riding] == ["CHG-1042", "CHG-1017"]
    card = tree.by_id("window-ris-2027-01-13")
    items = card.by_class("change", "li")
    assert [li.attrs["data-change"] for li in items] == ["CHG-1042", "CHG-1017"]
    changes = {c.id: c for c in example.changes}
    for li, a in zip(items, riding, strict=True):
        change = changes[a.change]
        assert li.by_class("title")[0].text() == change.title
        assert change.duration is not None
        assert li.by_class("len")[0].text() == f"{change.duration // timedelta(minutes=1)} min"
        minutes = a.offset // timedelta(minutes=1)
        assert li.by_class("offset")[0].text() == f"+{minutes // 60}:{minutes % 60:02d}"
        # 10:00 CST is 16:00 UTC; the change starts at its offset.
        start = datetime(2027, 1, 13, 16, 0, tzinfo=UTC) + a.offset
        assert _times(li)[0] == start.astimezone(CHICAGO).isoformat()
    assert _times(card)[:2] == ["2027-01-13T10:00:00-06:00", "2027-01-13T10:15:00-06:00"]
    assert "Work: 11 min planned of 15 min" in card.text()  # 5 + 6 minutes
    assert "Crew: dba dana (backup lee), network kim (backup sam)" in card.text()


def test_the_pacs_upgrade_window_shows_both_dates_and_hours(plan: Plan, tree: Element) -> None:
    card = tree.by_id("window-pacs-upgrade-fri")
    # Friday 22:00 CDT plus 56 hours is Monday 06:00 CDT (no clock change in April).
    assert "Fri 2027-04-16 22:00 \N{EN DASH} Mon 2027-04-19 06:00 CDT (2 days 8 h)" in card.text()
    assert _times(card)[:2] == ["2027-04-16T22:00:00-05:00", "2027-04-19T06:00:00-05:00"]
    assert "PACS archive upgrade (Friday-night start)" in card.text()  # the one-off's title
    [li] = card.by_class("change", "li")
    work = plan.estimate("CHG-1100").work // timedelta(minutes=1)
    assert li.by_class("len")[0].text() == f"{work // 60} h {work % 60} min"
    # The days it spans are marked in the grid, with the end on the last.
    for day in ("2027-04-17", "2027-04-18"):
        assert "PACS window pacs-upgrade-fri continues" in tree.by_id(f"day-{day}").text()
    assert "pacs-upgrade-fri continues until 06:00" in tree.by_id("day-2027-04-19").text()


def test_no_length_is_written_in_thousands_of_minutes(plan: Plan, page: str) -> None:
    assert max(w.length for w in plan.windows) == timedelta(hours=56)
    assert not re.search(r"\b\d{3,} min\b", page)


def test_every_window_has_one_card_in_the_month_it_starts(plan: Plan, tree: Element) -> None:
    for window in plan.windows:
        card = tree.by_id(f"window-{window.id}")
        start = window.start.astimezone(CHICAGO)
        month = next(e for e in _ancestors(tree, card) if "month" in e.classes)
        assert month.attrs["id"] == f"month-{start:%Y-%m}"
        assert ("blocked" in card.classes) == window.blocked


def _ancestors(tree: Element, target: Element) -> list[Element]:
    def path(node: Element) -> list[Element] | None:
        if node is target:
            return []
        for child in node.children:
            if isinstance(child, Element) and (found := path(child)) is not None:
                return [node, *found]
        return None

    found = path(tree)
    assert found is not None
    return found[::-1]


# -- the year at a glance -------------------------------------------------------------------------


def test_the_year_has_every_day_of_the_horizon_once(tree: Element) -> None:
    year = tree.by_id("year")
    days = year.by_class("d", "td")
    assert len(days) == (END - START).days == 365
    links = [d.tagged("a")[0].attrs["href"] for d in days]
    first = START
    assert links == [f"#day-{first + timedelta(days=n)}" for n in range(365)]
    assert [m.attrs["id"] for m in tree.by_class("month", "section")] == [
        f"month-{y}-{m:02d}" for y, m in [(2026, 12), *((2027, m) for m in range(1, 12))]
    ]


def test_each_day_is_marked_with_what_happens_on_it(plan: Plan, example: Scenario) -> None:
    """The marks of each day, worked out from the scenario's releases, the plan's windows and
    the blackout periods, each on the days it touches in Chicago."""
    expected: dict[date, set[str]] = {}

    def add(day: date, kind: str) -> None:
        expected.setdefault(day, set()).add(kind)

    for release in example.releases(START, END):
        add(_local_day(release.start), "release")
    for period in example.blackout_periods(START, END):
        for day in _days_touched(period.start, period.end):
            add(day, "blackout")
    riding = {a.change: a.window for a in plan.assignments}
    troubled = {w for c in plan.conflicts for w in c.windows}
    troubled |= {riding[c] for conflict in plan.conflicts for c in conflict.changes if c in riding}
    for window in plan.windows:
        for day in _days_touched(window.start, window.end):
            add(day, "blocked" if window.blocked else "open")
            if window.id in troubled:
                add(day, "conflict")
    tree = parse(maintwin.calendar_html(plan))
    for cell in tree.by_id("year").by_class("d", "td"):
        day = date.fromisoformat(cell.tagged("a")[0].attrs["href"][5:])
        if not START <= day < END:
            continue
        marks = cell.by_class("m", "span")
        assert {m.classes[1] for m in marks} == expected.get(day, set()), day
        for mark in marks:  # never colour alone: a letter, and what it stands for
            assert mark.text() == {"release": "R", "open": "W", "blocked": "X"}.get(
                mark.classes[1], {"blackout": "B", "conflict": "!"}.get(mark.classes[1])
            )
            assert mark.attrs["title"]
    assert "conflict" in expected[date(2027, 1, 13)]  # the short-notice change's window


def test_the_legend_says_each_mark_in_words(tree: Element) -> None:
    [legend] = tree.by_class("legend", "ul")
    words = {li.by_class("m")[0].text(): li.text() for li in legend.tagged("li")}
    assert set(words) == {"R", "W", "X", "B", "!"}
    assert "blocked window" in words["X"]
    assert "release" in words["R"]


# -- conflicts, changes not placed ----------------------------------------------------------------


def test_every_conflict_is_listed_and_shown_at_its_window(plan: Plan, tree: Element) -> None:
    listed = tree.by_id("conflicts").by_class("conflict", "li")
    assert len(listed) == len(plan.conflicts) == 3
    riding = {a.change: a.window for a in plan.assignments}
    for item, conflict in zip(listed, plan.conflicts, strict=True):
        assert conflict.severity.value in item.classes
        assert f"{conflict.code.value}: {conflict.message}" in item.text()
        windows = set(conflict.windows) | {riding[c] for c in conflict.changes if c in riding}
        for window in windows:
            card = tree.by_id(f"window-{window}")
            assert conflict.message in card.text()
    january = tree.by_id("window-ris-2027-01-13")
    assert [c.tagged("code")[0].text() for c in january.by_class("conflict")] == [
        "LEAD_TIME",
        "SHORT_NOTICE",
    ]


def test_a_change_left_out_is_listed_with_why(plan: Plan, tree: Element) -> None:
    [left] = plan.unscheduled
    item = tree.by_id(f"unplaced-{left.change}")
    assert item.attrs["data-subsystem"] == "RIS"
    assert left.detail in item.text()
    conflict = tree.by_id("conflicts").by_class("conflict")[0]
    [link] = conflict.tagged("a")
    assert link.attrs["href"] == f"#unplaced-{left.change}"


# -- the filter, print ----------------------------------------------------------------------------


def test_everything_of_a_subsystem_carries_its_name_for_the_filter(
    plan: Plan, example: Scenario, tree: Element
) -> None:
    boxes = tree.by_id("filter").tagged("input")
    assert [b.attrs["value"] for b in boxes] == ["Biz", "PACS", "RIS"]
    assert all("checked" in b.attrs for b in boxes)
    assert tree.by_id("filter").hidden  # until the script shows it
    for window in plan.windows:
        assert tree.by_id(f"window-{window.id}").attrs["data-subsystem"] == window.subsystem
    releases = [e for e in tree.by_class("ev", "li") if "release" in e.classes]
    assert len(releases) == len(example.releases(START, END)) == 36
    assert {e.attrs["data-subsystem"] for e in releases} == {"Biz", "PACS", "RIS"}
    # The quarter-close freeze is the Biz subsystem's alone; holidays are everybody's.
    scoped = {e.attrs.get("data-scope") for e in tree.by_class("blackout", "li")}
    assert scoped == {None, '["Biz"]'}


def test_printing_hides_the_filter_and_breaks_pages_by_month(page: str) -> None:
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    printed = style.group(1)[style.group(1).index("@media print") :]
    assert re.search(r"\.filter\s*\{[^}]*display:\s*none", printed)
    assert re.search(r"\.month\s*\{[^}]*break-before:\s*page", printed)


# -- self-contained and escaped -------------------------------------------------------------------


def test_the_page_fetches_nothing(page: str, tree: Element) -> None:
    assert not re.search(r"https?:|//[a-z]", page, re.I)
    assert "url(" not in page
    assert "@import" not in page
    for element in tree.iter():
        assert "src" not in element.attrs, element.tag
        assert element.tag not in {"link", "img", "iframe", "object", "embed"}
        href = element.attrs.get("href")
        assert href is None or href.startswith("#"), href
    [script] = [e for e in tree.iter() if e.tag == "script"]
    assert script.attrs == {}


def test_text_from_the_scenario_is_shown_as_text() -> None:
    hostile = "<script>alert(1)</script>"
    ris = ReleaseTrain(
        id="ris",
        subsystem='R&D "lab" <b>',
        schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
        downtime="PT15M",
    )
    change = Change(
        id="CHG-1",
        title=hostile,
        subsystem='R&D "lab" <b>',
        duration="PT5M",
        requested_on=date(2026, 1, 5),
    )
    blackout = Blackout(id="fest", reason="other", title="<img src=x>", start=date(2027, 2, 10))
    scenario = Scenario(
        name="<i>ops</i>",
        timezone="America/Chicago",
        trains=[ris],
        changes=[change],
        blackouts=[blackout],
    )
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 3, 1), now=NOW)
    assert plan.assignment("CHG-1") is not None
    page = maintwin.calendar_html(plan)
    assert hostile not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    tree = parse(page)
    assert [e.tag for e in tree.iter() if e.tag in {"script", "i", "img"}] == ["script"]
    [title] = tree.by_id("change-CHG-1").by_class("title")
    assert title.children == [hostile]
    assert tree.tagged("h1")[0].text() == "<i>ops</i>: downtime calendar"
    assert "other: <img src=x>" in tree.by_id("window-ris-2027-02-10").text()
    assert {e.attrs["data-subsystem"] for e in tree.iter() if "data-subsystem" in e.attrs} == {
        'R&D "lab" <b>'
    }
    [label] = tree.by_id("filter").tagged("label")
    assert label.text() == 'R&D "lab" <b>'
    assert label.tagged("input")[0].attrs["value"] == 'R&D "lab" <b>'
    assert tree.by_id("window-ris-2027-01-13").by_class("sub")[0].text() == 'R&D "lab" <b>'


# -- the zone -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tz", "says"),
    [
        ("Europe/Lodnon", "did you mean 'Europe/London'?"),
        ("CST", "abbreviation, not an IANA name"),
        ("localtime", "unknown time zone 'localtime'"),
    ],
)
def test_a_bad_zone_is_refused_with_what_to_write(plan: Plan, tz: str, says: str) -> None:
    with pytest.raises(MaintwinError, match=re.escape(says)) as raised:
        maintwin.calendar_html(plan, tz=tz)
    assert str(raised.value).startswith(f"calendar_html(tz={tz!r}): ")


def test_another_zone_shifts_every_time_and_day(plan: Plan, page: str) -> None:
    london = parse(maintwin.calendar_html(plan, tz="Europe/London"))
    assert "All times are in Europe/London." in london.by_class("zone")[0].text()
    card = london.by_id("window-ris-2027-01-13")
    # 10:00 CST is 16:00 GMT.
    assert _times(card)[:2] == ["2027-01-13T16:00:00+00:00", "2027-01-13T16:15:00+00:00"]
    assert "Wed 2027-01-13 16:00\N{EN DASH}16:15 GMT" in card.text()
    assert "On its own clock (America/Chicago): Wed 2027-01-13 10:00" in card.text()
    # Saturday 22:00 CDT is Sunday 03:00 in London (still GMT until 2027-03-28): another day.
    vendor = plan.window("ris-vendor-upgrade")
    assert _local_day(vendor.start) == date(2027, 3, 20)
    assert _local_day(vendor.start, ZoneInfo("Europe/London")) == date(2027, 3, 21)
    chicago = parse(page)
    for tree, day in ((chicago, "2027-03-20"), (london, "2027-03-21")):
        links = [a.attrs["href"] for a in tree.by_id(f"day-{day}").iter() if a.tag == "a"]
        assert links == ["#window-ris-vendor-upgrade"], day
