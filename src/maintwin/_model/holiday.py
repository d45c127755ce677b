"""Holiday blackouts from the ``holidays`` package."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import timedelta
from typing import Self

import holidays
from pydantic import Field, model_validator

from .._errors import LocatedProblem, MaintwinError
from .base import Model
from .blackout import Blackout, BlackoutReason
from .ids import dated_id, prefix_problem
from .types import Id

__all__ = ["HolidaySource", "holiday_blackouts"]


def _calendar(
    country: str, subdiv: str | None, years: Iterable[int], observed: bool
) -> holidays.HolidayBase:
    supported = holidays.list_supported_countries()
    if country not in supported:
        codes = sorted(c for c in supported if len(c) == 2)
        close = difflib.get_close_matches(country.upper(), codes, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise LocatedProblem(
            ("country",),
            f"country {country!r} is not known to the holidays package; expected an ISO 3166-1 "
            f"alpha-2 code such as 'US'{hint}",
        )
    if subdiv is not None and subdiv not in supported[country]:
        raise LocatedProblem(
            ("subdiv",),
            f"{country} has no subdivision {subdiv!r}; expected one of "
            f"{', '.join(supported[country])}",
        )
    return holidays.country_holidays(
        country, subdiv=subdiv, years=sorted(set(years)), observed=observed
    )


def holiday_blackouts(
    country: str,
    subdiv: str | None = None,
    *,
    years: int | Iterable[int],
    days_before: int = 0,
    days_after: int = 0,
    observed: bool = True,
    scope: Iterable[str] | None = None,
    timezone: str | None = None,
    id_prefix: str | None = None,
) -> tuple[Blackout, ...]:
    """One blackout per public holiday of ``country`` (and ``subdiv``) in ``years``.

    Each blocks the holiday's whole local day(s), widened by ``days_before`` and ``days_after``;
    with ``observed`` the observed days (a Saturday holiday observed on Friday) are holidays
    too. The calendar is built once for exactly these years. Ids are ``<id_prefix>-<date>``,
    the prefix being ``holiday-<country>[-<subdiv>]`` unless given; the title is the holiday's
    name. ``years`` is a year or several; ``scope`` a list of subsystems (``None``: all).

    >>> [b.id for b in holiday_blackouts("US", years=[2027])][:2]
    ['holiday-US-2027-01-01', 'holiday-US-2027-01-18']
    """
    if days_before < 0 or days_after < 0:
        raise MaintwinError(
            f"days_before={days_before}, days_after={days_after}: expected 0 or more"
        )
    if isinstance(years, int):
        years = (years,)
    if isinstance(scope, str):
        raise MaintwinError(f"scope={scope!r}: give a list of subsystems, e.g. [{scope!r}]")
    prefix = id_prefix or default_prefix(country, subdiv)
    problem = _prefix_problem(prefix)
    if problem is not None:
        raise MaintwinError(f"id_prefix {prefix!r}: {problem}")
    calendar = _calendar(country, subdiv, years, observed)
    scoped = tuple(scope) if scope is not None else None
    return tuple(
        Blackout(
            id=dated_id(prefix, day),
            reason=BlackoutReason.HOLIDAY,
            title=str(name),
            start=day - timedelta(days=days_before),
            end=day + timedelta(days=days_after + 1),
            scope=scoped,
            timezone=timezone,
        )
        for day, name in sorted(calendar.items())
    )


def _prefix_problem(prefix: str) -> str | None:
    return prefix_problem(prefix, timed=False, owner="a holiday calendar", made="its blackouts")


def default_prefix(country: str, subdiv: str | None) -> str:
    """The id prefix of a country's holiday blackouts: ``holiday-US`` or ``holiday-US-TX``."""
    return f"holiday-{country}" + (f"-{subdiv}" if subdiv else "")


class HolidaySource(Model):
    """A scenario's holiday calendar: a country (and subdivision) from the holidays package.

    ``id`` prefixes the ids of its blackouts, ``<id>-YYYY-MM-DD`` (default
    ``holiday-<country>[-<subdiv>]``), so it is shorter than other ids (``longest_prefix``); two
    calendars of one country, say with different scopes, need different ids.
    """

    id: Id | None = None
    country: str
    subdiv: str | None = None
    days_before: int = Field(0, ge=0, le=30)
    days_after: int = Field(0, ge=0, le=30)
    observed: bool = True
    scope: tuple[str, ...] | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        _calendar(self.country, self.subdiv, (), self.observed)
        problem = _prefix_problem(self.prefix)
        if problem is not None:
            raise LocatedProblem(("id",), problem)
        return self

    def blackouts(self, years: Iterable[int], timezone: str | None = None) -> tuple[Blackout, ...]:
        """The blackouts for ``years``."""
        return holiday_blackouts(
            self.country,
            self.subdiv,
            years=years,
            days_before=self.days_before,
            days_after=self.days_after,
            observed=self.observed,
            scope=self.scope,
            timezone=timezone,
            id_prefix=self.prefix,
        )

    @property
    def prefix(self) -> str:
        """The id prefix of this calendar's blackouts."""
        return self.id or default_prefix(self.country, self.subdiv)
