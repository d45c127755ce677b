"""The base of every maintwin model: frozen, no unknown fields, errors as :class:`InputError`."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import Any, ClassVar, Self

import pydantic
from pydantic import BaseModel, ConfigDict, model_validator

from .._errors import FieldError, InputError, LocatedProblem
from .._time import FIRST_YEAR, LAST_YEAR

__all__ = ["FIRST_YEAR", "LAST_YEAR", "Model", "input_error"]


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class found by following the field path ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for name, f in current.model_fields.items() if part in (name, f.alias)), None
        )
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _message(model: type[BaseModel], error: Any) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        if owner is not None:
            names = sorted(f.alias or n for n, f in owner.model_fields.items())
            close = difflib.get_close_matches(str(loc[-1]), names, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            return f"unknown field; {hint}{owner.__name__} accepts {', '.join(names)}"
        return "unknown field"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "missing":
        return "required field is missing"
    if kind in ("time_parsing", "time_type"):
        return f"{message}; expected a 24-hour local time such as '10:00' or '14:30'"
    if kind == "timezone_aware":
        return f"{message}: a naive date-time is ambiguous; give a UTC offset, e.g. -06:00 or Z"
    return message


def input_error(model: type[BaseModel], exc: pydantic.ValidationError) -> InputError:
    """Convert pydantic's error into an :class:`InputError` listing every field path."""
    errors: list[FieldError] = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        cause = error.get("ctx", {}).get("error")
        # pydantic calls a nested model's own __init__ (ours converts errors): unwrap them.
        if isinstance(cause, InputError):
            errors.extend(FieldError(loc + e.loc, e.message, e.input) for e in cause.errors)
        elif isinstance(cause, LocatedProblem):
            errors.append(FieldError(loc + cause.loc, cause.message, error.get("input")))
        else:
            errors.append(FieldError(loc, _message(model, error), error.get("input")))
    return InputError(model.__name__, errors)


_new = object.__new__


@cache
def _construction(model: type[BaseModel]) -> tuple[dict[str, Any], set[str], tuple[str, ...]]:
    """Every field of ``model`` in order, with its default (``None`` for a required field); the
    set of every field name; and the names in order.

    Only immutable defaults occur: models are frozen and their collections are tuples. The set
    is shared by every object :meth:`Model.trusted` builds with all fields given, as their
    ``model_fields_set``: one object fewer each for the garbage collector to track. pydantic
    changes that set in place only on a copy (``model_copy`` copies it first) or when a field is
    assigned, which frozen models refuse.
    """
    defaults = {
        name: None if field.is_required() else field.get_default(call_default_factory=True)
        for name, field in model.model_fields.items()
    }
    return defaults, set(defaults), tuple(defaults)


@cache
def _given(model: type[BaseModel], names: tuple[str, ...]) -> set[str]:
    """The set of the field names ``names``, shared (as :func:`_construction`'s set of every
    field is) by the objects :meth:`Model.trusted` builds with those fields given: expansion
    gives each window the same few."""
    return set(names)


@contextmanager
def _reraised(model: type[BaseModel]) -> Iterator[None]:
    try:
        yield
    except pydantic.ValidationError as exc:
        raise input_error(model, exc) from None


class Model(BaseModel):
    """Frozen, strict about unknown fields; invalid input raises :class:`InputError`."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=True,
        populate_by_name=True,
        ser_json_timedelta="iso8601",
    )

    _every_date: ClassVar[bool] = False

    def __init__(self, /, **data: Any) -> None:
        with _reraised(type(self)):
            super().__init__(**data)

    @model_validator(mode="after")
    def _dates_in_range(self) -> Self:
        """Refuse a date or date-time outside the years maintwin plans in, before any
        arithmetic on it (a lead time, a notice) runs past year 9999. A model that takes
        every date (a schedule's ``ends_on=date(9999, 12, 31)``: for ever) says so in
        ``_every_date``."""
        if self._every_date:
            return self
        for name, value in self.__dict__.items():
            for item in value if isinstance(value, tuple) else (value,):
                if isinstance(item, date) and not FIRST_YEAR <= item.year <= LAST_YEAR:
                    raise LocatedProblem(
                        (name,),
                        f"{item.isoformat()} lies outside the years {FIRST_YEAR} to "
                        f"{LAST_YEAR}, which maintwin plans in; give a date in them",
                    )
        return self

    @classmethod
    def trusted(cls, **fields: Any) -> Self:
        """Build from values maintwin made itself and that already keep the model's rules,
        without validating them again: expansion and planning build hundreds of thousands.

        Like pydantic's ``model_construct``, only leaner: fields not given take their defaults.
        The test suite validates every object built here (``tests/trusted_models.py``).
        """
        defaults, every, names = _construction(cls)
        if len(fields) == len(names) and tuple(fields) == names:
            # Every field, in the model's order (which JSON and repr follow): the keyword dict
            # is ours to keep.
            values, given = fields, every
        else:
            values = defaults.copy()
            values.update(fields)
            if len(values) != len(defaults):  # a typo here would drop a value silently
                raise TypeError(f"{cls.__name__} has no field {sorted(fields.keys() - defaults)}")
            given = _given(cls, tuple(fields))
        obj = _new(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "__pydantic_fields_set__", given)
        object.__setattr__(obj, "__pydantic_extra__", None)
        object.__setattr__(obj, "__pydantic_private__", None)
        return obj

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        with _reraised(cls):
            return super().model_validate(obj, **kwargs)

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        with _reraised(cls):
            return super().model_validate_json(json_data, **kwargs)

    @classmethod
    def model_validate_strings(cls, obj: Any, **kwargs: Any) -> Self:
        with _reraised(cls):
            return super().model_validate_strings(obj, **kwargs)
