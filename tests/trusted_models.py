"""Under the test suite, every object maintwin builds with ``Model.trusted`` is validated too.

``Model.trusted`` skips validation for values maintwin made itself (expansion and planning
build hundreds of thousands of objects). So that a bug there cannot build an invalid model
unnoticed, the fixture below makes every ``trusted`` call, for the whole test session, also
validate the same fields the normal way and check that validation keeps every value as it is
(same value, same type); a difference fails the test that made the object. The library itself
reads no switch for this: the check is this fixture replacing the method while tests run.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from maintwin._errors import InputError
from maintwin._model.base import Model

_FAST = Model.__dict__["trusted"].__func__


def _validated(cls: type[Model], **fields: Any) -> Model:
    built = _FAST(cls, **fields)
    values = dict(built.__dict__)
    try:
        checked = cls.model_validate(values)
    except InputError as exc:
        problems.append(f"{cls.__name__}.trusted: {exc}")
        pytest.fail(f"{cls.__name__}.trusted(...) built an invalid object: {exc}")
    for name, value in values.items():
        again = checked.__dict__[name]
        if type(again) is not type(value) or again != value:
            problem = (
                f"{cls.__name__}.trusted(...): field {name} is {value!r} ({type(value).__name__}),"
                f" validation makes it {again!r} ({type(again).__name__})"
            )
            problems.append(problem)
            pytest.fail(problem)
    return built


problems: list[str] = []  # also kept here, in case the code under test swallows the failure


@pytest.fixture(scope="session", autouse=True)
def every_trusted_model_is_validated() -> Iterator[None]:
    """Replace ``Model.trusted`` for the session by a version that validates (see above)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Model, "trusted", classmethod(_validated))
        yield
    assert not problems, "Model.trusted built invalid objects:\n" + "\n".join(problems)
