"""`ReleaseTrain`: a subsystem's recurring release; `Release`: one occurrence of it."""

from __future__ import annotations

import re
import string
from datetime import date, timedelta
from functools import lru_cache
from typing import Annotated, Self

from pydantic import AfterValidator, AwareDatetime, model_validator

from .._errors import LocatedProblem, MaintwinError
from .base import Model
from .ids import prefix_problem
from .schedule import Schedule
from .types import Downtime, Id
from .window import Window

__all__ = ["Release", "ReleaseTrain", "version_label"]


def version_label(template: str, day: date, subsystem: str) -> str:
    """Fill a version template: ``{date:%Y.%m}`` on 2027-01-13 gives ``2027.01``."""
    if "subsystem" in template:
        return template.format(date=day, subsystem=subsystem)
    return _dated_label(template, day)  # many trains share a day: format it once


@lru_cache(maxsize=4096)
def _dated_label(template: str, day: date) -> str:
    return template.format(date=day)


_MAX_WIDTH = 64
_NUMBER = re.compile(r"\d+")


def _width_problem(template: str) -> str | None:
    """What makes a label of ``template`` too long to build, if anything: a width (or
    precision) above 64 in a format spec, or a field inside one (its width is not known)."""
    accepted = f"version templates take widths up to {_MAX_WIDTH}, e.g. '{{date.month:02d}}'"
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return None  # not a template at all: the formatting below says why
    for _, field, spec, _ in parts:
        if field is None or not spec:
            continue
        if "{" in spec:
            return f"the format of {{{field}}} holds a field ({spec!r}); {accepted}"
        widest = max((int(n) for n in _NUMBER.findall(spec)), default=0)
        if widest > _MAX_WIDTH:
            return f"the width {widest} in {{{field}:{spec}}} is too large; {accepted}"
    return None


def _template(value: str) -> str:
    problem = _width_problem(value)
    if problem is not None:
        raise MaintwinError(f"{value!r} is not a usable version template: {problem}")
    try:
        version_label(value, date(2026, 1, 1), "X")
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise MaintwinError(
            f"{value!r} is not a version template ({exc!r}); use the fields {{date}} and "
            "{subsystem}, e.g. '{date:%Y.%m}'"
        ) from None
    return value


class ReleaseTrain(Model):
    """A subsystem's recurring release: a schedule, and the downtime each release needs.

    ``downtime`` is the length of the downtime window each release opens (``None``: the
    release needs none). ``True`` means the policy's window length, ``Policy.window``: the
    :class:`Scenario` the train is part of replaces it with that duration, so in a scenario
    every train's ``downtime`` is a duration or ``None``. A train on its own keeps ``True``,
    and :attr:`window_length` refuses to guess it.

    The windows get the ids ``<id>-YYYY-MM-DD`` (``<id>-YYYY-MM-DDTHHMMSS`` when the schedule
    may match several times a day), so the id of a train with downtime is shorter than other
    ids (``longest_prefix``). ``version`` is a template for the version label of each release.
    """

    id: Id
    subsystem: str
    schedule: Schedule
    downtime: Downtime = None
    version: Annotated[str, AfterValidator(_template)] = "{date:%Y.%m}"

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.downtime is not None:  # its windows' ids are dated: they must stay ids
            timed = self.schedule.rule.several_a_day
            made = "its windows" + (" (several a day)" if timed else "")
            problem = prefix_problem(self.id, timed=timed, owner="a train with downtime", made=made)
            if problem is not None:
                raise LocatedProblem(("id",), problem)
        return self

    @property
    def window_length(self) -> timedelta | None:
        """The length of each release's downtime window; ``None`` when it opens none.

        Raises :class:`MaintwinError` for ``downtime=True`` outside a scenario: the length is
        the scenario's ``Policy.window``, which the train alone does not know.
        """
        if self.downtime is True:
            raise MaintwinError(
                f"train {self.id!r} takes the policy's window length (downtime=True), which "
                "only a Scenario knows: read the train from scenario.trains, or give its "
                "length, e.g. downtime='PT15M'"
            )
        return self.downtime

    def with_window(self, policy_window: timedelta) -> ReleaseTrain:
        """This train, its ``downtime=True`` replaced by ``policy_window`` (else unchanged)."""
        if self.downtime is not True:
            return self
        return self.model_copy(update={"downtime": policy_window})


class Release(Model):
    """One release of a train: its local day, start, version label and downtime window."""

    train: Id
    subsystem: str
    version: str
    day: date
    start: AwareDatetime
    shifted: bool = False
    window: Window | None = None
