"""The calendar page: a plan's horizon as one self-contained HTML file (an output edge).

``page`` writes the page from the parts: ``facts`` reads the plan once and puts it on the
page's clock, ``year`` draws the year at a glance, ``month`` the month grids, ``window`` each
window's details, ``parts`` the small pieces they share; ``calendar.css`` and ``filter.js``
(the subsystem filter) are inlined into the page.
"""

from .page import calendar_html

__all__ = ["calendar_html"]
