"""The calendar page of drawn plans: every window has its card in the month it starts, with
the changes that ride in it in the order they run, and every text drawn is shown as text.

The drawn plans are given hostile texts first (markup in the scenario's name, the changes'
titles, the blackouts' titles, the conflicts' messages and hints), so that a text the page
forgot to escape would show up as an element, or be missing from the text.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Plan
from maintwin.testing.strategies import plans

from .draws import draws
from .html_tree import Element, parse

MARKUP = st.sampled_from(
    ["<i>x</i>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"&amp;'<u>"]
)


def _hostile(plan: Plan, markup: str) -> Plan:
    """``plan`` with ``markup`` in every text the page shows of its scenario and conflicts."""
    scenario = plan.scenario
    changes = tuple(c.model_copy(update={"title": f"{markup}{c.id}"}) for c in scenario.changes)
    blackouts = tuple(b.model_copy(update={"title": f"{b.id}{markup}"}) for b in scenario.blackouts)
    scenario = scenario.model_copy(
        update={"name": f"{markup}{scenario.name}", "changes": changes, "blackouts": blackouts}
    )
    conflicts = tuple(
        c.model_copy(update={"message": f"{markup} {c.message}", "hint": f"{c.hint}{markup}"})
        for c in plan.conflicts
    )
    return plan.model_copy(update={"scenario": scenario, "conflicts": conflicts})


def _month(tree: Element, card: Element) -> str:
    """The id of the month section holding ``card``."""
    for month in tree.by_class("month", "section"):
        if any(e is card for e in month.iter()):
            return month.attrs["id"] or ""
    raise AssertionError(f"{card.attrs['id']} is in no month")


@settings(max_examples=draws(15))  # each draw renders a year's page and parses it
@given(plans(), MARKUP)
def test_every_window_and_change_is_where_it_belongs_and_every_text_is_text(
    drawn: Plan, markup: str
) -> None:
    plan = _hostile(drawn, markup)
    page = maintwin.calendar_html(plan)
    assert markup not in page
    tree = parse(page)
    # Markup drawn never becomes an element, and the page has its one script.
    assert [e.tag for e in tree.iter() if e.tag in {"i", "u", "img", "script"}] == ["script"]
    ids = Counter(e.attrs["id"] for e in tree.iter() if "id" in e.attrs)
    assert not [i for i, n in ids.items() if n > 1]
    assert tree.tagged("h1")[0].text() == f"{plan.scenario.name}: downtime calendar"
    titles = {c.id: c.title for c in plan.scenario.changes}
    tz = ZoneInfo(plan.scenario.timezone)
    for window in plan.windows:
        card = tree.by_id(f"window-{window.id}")
        assert card.attrs["data-subsystem"] == window.subsystem
        assert _month(tree, card) == f"month-{window.start.astimezone(UTC).astimezone(tz):%Y-%m}"
        riding = sorted(
            (a for a in plan.assignments if a.window == window.id),
            key=lambda a: (a.offset, a.change),
        )
        items = card.by_class("change", "li")
        assert [li.attrs["data-change"] for li in items] == [a.change for a in riding]
        for li, a in zip(items, riding, strict=True):
            assert li.by_class("title")[0].text() == titles[a.change]
    listed = tree.by_id("conflicts").by_class("conflict", "li")
    assert len(listed) == len(plan.conflicts)
    for item, conflict in zip(listed, plan.conflicts, strict=True):
        assert _fold(conflict.message) in item.text()
        assert _fold(conflict.hint) in item.text()
    for left in plan.unscheduled:
        item = tree.by_id(f"unplaced-{left.change}")
        assert item.by_class("title")[0].text() == titles[left.change]
        assert _fold(left.detail) in item.text()


def _fold(text: str) -> str:
    """``text`` with its runs of white space as one space, as :meth:`Element.text` reads."""
    return " ".join(text.split())
