"""The public models: names, immutability, no unknown fields, and JSON round trips."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import BaseModel

import maintwin
from maintwin import InputError, Scenario

from . import trusted_models

CHICAGO = ZoneInfo("America/Chicago")

# Public submodules the design names; every other module is private.
PUBLIC_SUBMODULES = {"ical", "testing"}

PUBLIC_MODELS = sorted(
    (
        obj
        for name in maintwin.__all__
        if isinstance(obj := getattr(maintwin, name), type) and issubclass(obj, BaseModel)
    ),
    key=lambda cls: cls.__name__,
)


# -- public names -------------------------------------------------------------------------------


def test_every_name_in_all_exists() -> None:
    missing = [name for name in maintwin.__all__ if not hasattr(maintwin, name)]
    assert missing == []
    assert len(set(maintwin.__all__)) == len(maintwin.__all__)
    assert all(isinstance(name, str) for name in maintwin.__all__)


def test_the_documented_vocabulary_is_public() -> None:
    for name in (
        "Schedule",
        "ReleaseTrain",
        "Release",
        "Window",
        "Blackout",
        "Change",
        "Policy",
        "Scenario",
        "MaintwinError",
        "InputError",
        "FileFormatError",
        "ExpansionLimitError",
    ):
        assert name in maintwin.__all__, name


def test_private_modules_start_with_an_underscore() -> None:
    names = {module.name for module in pkgutil.iter_modules(maintwin.__path__)}
    assert names, "no modules found"
    public = {name for name in names if not name.startswith("_")}
    assert public <= PUBLIC_SUBMODULES


def test_public_names_are_defined_in_private_modules() -> None:
    for name in maintwin.__all__:
        obj = getattr(maintwin, name)
        module = getattr(obj, "__module__", None)
        if module is None:  # e.g. __version__
            continue
        assert module == "maintwin" or module.startswith("maintwin._"), (name, module)
        if module != "maintwin":
            assert getattr(importlib.import_module(module), name) is obj


def test_public_models_found() -> None:
    names = {cls.__name__ for cls in PUBLIC_MODELS}
    assert {"Scenario", "Change", "Schedule", "Window", "Policy", "Blackout"} <= names


# -- sample instances of every public model ----------------------------------------------------


def _samples(example: Scenario) -> list[BaseModel]:
    out: list[BaseModel] = [example, example.policy]
    assert example.policy.cab is not None
    out.append(example.policy.cab)
    for train in example.trains:
        out.extend([train, train.schedule])
    out.extend(example.one_off_windows)
    out.extend(example.blackouts)
    out.extend(b.schedule for b in example.blackouts if b.schedule is not None)
    out.extend(example.holidays)
    out.extend(example.people)
    out.extend(r for p in example.people for r in p.unavailable)
    out.extend(example.staffing)
    out.extend(example.changes)
    # CHG-1100's runbook: timed steps (checks and a gate), its dry run, its rollback; the
    # policy's room to recover.
    upgrade = next(c for c in example.changes if c.id == "CHG-1100")
    assert upgrade.rollback is not None
    assert example.policy.slack is not None
    out.extend(upgrade.steps)
    out.extend(upgrade.dry_runs)
    out.extend([upgrade.rollback, *upgrade.rollback.steps, example.policy.slack])
    # CHG-1042's short-notice record (its answers prepared for Thursday's meeting, which is
    # still to approve it) and an approval; the clients; the default wording.
    records = [c.short_notice for c in example.changes if c.short_notice is not None]
    assert any(r.answers for r in records)
    out.extend(records)
    out.append(
        maintwin.Approval(by="Change Management", on=date(2026, 11, 26), meeting=date(2026, 11, 26))
    )
    out.extend(example.clients)
    out.extend([example.templates, example.templates.client])
    releases = example.releases(date(2027, 1, 1), date(2028, 1, 1))
    out.extend(releases)
    out.extend(r.window for r in releases if r.window is not None)
    out.extend(example.windows(date(2027, 3, 1), date(2027, 4, 1)))  # includes the one-off
    out.extend(example.blackout_periods(date(2027, 3, 1), date(2027, 4, 1)))
    # Crews and the May window's staffing gap (dana on leave), and the people's parts.
    may = example.windows(date(2027, 4, 1), date(2027, 6, 1))
    out.extend(d for w in may for d in w.crew)
    out.extend(g for w in may for g in w.gaps)
    out.extend(m for w in may for g in w.gaps for m in g.missing)
    out.extend(a for p in example.people for a in p.away)
    out.extend(p.holidays for p in example.people if p.holidays is not None)
    out.extend(example.rotations)
    out.extend(
        [
            maintwin.Absence(title="PTO", start=date(2027, 7, 5), end=date(2027, 7, 10)),
            maintwin.Absence(
                title="dentist",
                start=datetime(2027, 7, 6, 9, tzinfo=CHICAGO),
                end=datetime(2027, 7, 6, 11, 30, tzinfo=CHICAGO),
            ),
            maintwin.Absence(
                title="outside working hours",
                schedule=maintwin.Schedule(rrule="FREQ=DAILY", at=time(18)),
                duration="PT14H",
            ),
            maintwin.PersonHolidays(country="US", subdiv="CO", observed=False),
            maintwin.Rotation(
                id="dba-on-call",
                role="dba",
                people=("dana", "lee"),
                handoff=maintwin.Schedule.weekly("MO", at="09:00", starts_on=date(2027, 1, 4)),
                turn=2,
                overrides=(
                    maintwin.Override(
                        person="lee", start=datetime(2027, 3, 8, 9), end=datetime(2027, 3, 15, 9)
                    ),
                    maintwin.Override(
                        person="dana",
                        start=datetime(2027, 4, 5, 14, tzinfo=UTC),
                        end=datetime(2027, 4, 6, 14, tzinfo=UTC),
                    ),
                ),
            ),
            maintwin.Duty(person="lee", role="owner", changes=("CHG-1001",)),
            maintwin.Missing(person="kim", reason="serving", detail="serves as network"),
            maintwin.StaffingGap(
                id="staffing-dba-2027-05-12",
                role="dba",
                day=date(2027, 5, 12),
                needed=2,
                backups=1,
                found=("lee",),
                backup_only=True,
            ),
        ]
    )
    out.extend([o for r in list(out) if isinstance(r, maintwin.Rotation) for o in r.overrides])
    # Fields the example leaves at their defaults.
    out.append(
        maintwin.Schedule(
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
            at=time(22, 30),
            timezone="Europe/Berlin",
            starts_on=date(2027, 1, 5),
            ends_on=date(2027, 12, 31),
            offset_days=-2,
            exclude=(date(2027, 3, 2), date(2027, 4, 13)),
        )
    )
    out.append(
        maintwin.Blackout(
            id="vendor-maint",
            reason="vendor",
            title="Vendor maintenance",
            start=datetime(2027, 3, 20, 22, tzinfo=CHICAGO),
            end=datetime(2027, 3, 21, 2, 30, tzinfo=CHICAGO),
            scope=("RIS", "PACS"),
            timezone="America/New_York",
        )
    )
    out.append(
        maintwin.OneOffWindow(
            id="w-aware",
            subsystem="RIS",
            start=datetime(2027, 3, 20, 22, tzinfo=CHICAGO),
            duration="P1DT2H",
            capacity="PT45M",
            timezone="America/Chicago",
            title="aware",
        )
    )
    out.append(
        maintwin.Change(
            id="CHG-9",
            title="everything",
            subsystem="RIS",
            duration="PT1M30.5S",
            requested_on=date(2026, 11, 2),
            earliest=date(2027, 1, 1),
            deadline=date(2027, 6, 30),
            priority=9,
            depends_on=("CHG-1", "CHG-2"),
            short_notice=True,
            pin="ris-2027-02-10",
            steps=("stop", "migrate", "start"),
        )
    )
    out.append(
        maintwin.Policy(
            lead_time_months=0,
            window="PT30M",
            client_notices=["P3W", "PT1H"],
            internal_notices=[],
            same_day_releases="allow",
            freeze_horizon="PT0S",
            cab=None,
            max_occurrences=7,
        )
    )
    out.append(maintwin.HolidaySource(country="US", subdiv="TX", observed=False, scope=["RIS"]))
    out.append(maintwin.Person(id="ana", name="Ana", roles=("dba",), timezone="UTC"))
    out.append(
        maintwin.Change(
            id="CHG-8",
            subsystem="RIS",
            duration="PT5M",
            requested_on=date(2026, 11, 2),
            status="failed",
            retried_by="CHG-9",
            affects=("VPN tunnels",),
            also_affects=("PACS",),
            internal_description="remote staff may lose VPN",
            short_notice={"answers": {"tested": "in the lab"}, "stakeholders": ["CIO"]},
        )
    )
    out.append(
        maintwin.Policy(
            crew_notices=["PT2H"],
            internal_notices_for="all",
            cab=maintwin.CabMeeting(weekday="TU", at="09:30", timezone="Europe/London"),
            review_questions={"tested": "How was it tested?"},
        )
    )
    out.append(maintwin.Approval(by="dana", on=date(2026, 11, 3)))
    out.append(
        maintwin.Client(
            id="north",
            timezone="Asia/Kathmandu",
            contacts=("it@north.example",),
            subsystems=("PACS",),
        )
    )
    out.append(
        maintwin.NoticeTemplate(subject="[$subsystem] $headline", text="$when\n", html="<p>$$0</p>")
    )
    plan = maintwin.plan(
        example, date(2026, 12, 1), date(2027, 12, 1), now=datetime(2026, 11, 22, 9, tzinfo=CHICAGO)
    )
    out.append(plan)
    out.append(plan.estimate("CHG-1100"))
    out.extend(plan.assignments)
    out.extend(plan.unscheduled)
    out.extend(plan.conflicts)
    out.extend(plan.notices)
    playbook = plan.playbook("CHG-1042")
    out.append(playbook)
    out.extend(playbook.tasks)
    # Planned again after the January notices went out, with CHG-1017 cancelled: sent and
    # moved notices.
    cancelled = tuple(
        c.model_copy(update={"status": maintwin.Status.CANCELLED}) if c.id == "CHG-1017" else c
        for c in example.changes
    )
    again = maintwin.plan(
        example.model_copy(update={"changes": cancelled}),
        date(2026, 12, 1),
        date(2027, 12, 1),
        now=datetime(2027, 1, 5, 9, tzinfo=CHICAGO),
        previous=plan,
    )
    kinds = {(n.kind, n.status) for n in again.notices}
    assert {("moved", "pending"), ("advance", "sent")} <= kinds
    out.extend(again.notices)
    out.append(maintwin.Assignment(change="CHG-1", window="w", offset="PT5M", lock="pin"))
    # In the January window, and in the freeze's blocked December one.
    for at in (
        datetime(2027, 1, 13, 10, 5, tzinfo=CHICAGO),
        datetime(2026, 12, 9, 10, 5, tzinfo=CHICAGO),
    ):
        state = maintwin.window_state(example, at)
        out.append(state)
        out.extend(state.next)
    # The runbooks of the upgrade's weekend window and of a RIS window with two changes.
    for window in ("pacs-upgrade-fri", "ris-2027-01-13"):
        runbook = plan.runbook(window)
        out.append(runbook)
        out.extend(runbook.changes)
        for c in runbook.changes:
            out.extend((*c.steps, *c.rollback))
            out.extend(who for s in (*c.steps, *c.rollback) for who in s.owners)
    return out


@pytest.fixture(scope="module")
def samples(example: Scenario) -> dict[type[BaseModel], list[BaseModel]]:
    by_type: dict[type[BaseModel], list[BaseModel]] = {}
    for sample in _samples(example):
        by_type.setdefault(type(sample), []).append(sample)
    return by_type


def _all_samples(samples: dict[type[BaseModel], list[BaseModel]]) -> list[BaseModel]:
    return [s for group in samples.values() for s in group]


def test_samples_cover_every_public_model(samples: dict[type[BaseModel], list[BaseModel]]) -> None:
    missing = [cls.__name__ for cls in PUBLIC_MODELS if cls not in samples]
    assert missing == []


def test_samples_include_blocked_windows_and_releases_without_windows(
    samples: dict[type[BaseModel], list[BaseModel]],
) -> None:
    windows = [w for w in samples[maintwin.Window] if isinstance(w, maintwin.Window)]
    releases = [r for r in samples[maintwin.Release] if isinstance(r, maintwin.Release)]
    assert any(w.blocked_by for w in windows)
    assert any(r.window is None for r in releases)


# -- frozen, no extra fields --------------------------------------------------------------------


@pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda cls: cls.__name__)
def test_model_is_frozen(cls: type[BaseModel], samples: dict[type[BaseModel], list[Any]]) -> None:
    assert cls.model_config.get("frozen") is True
    instance = samples[cls][0]
    field = next(iter(cls.model_fields))
    before = getattr(instance, field)
    with pytest.raises(ValueError, match="frozen"):
        setattr(instance, field, before)
    assert getattr(instance, field) is before


@pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda cls: cls.__name__)
def test_model_forbids_extra_fields(
    cls: type[BaseModel], samples: dict[type[BaseModel], list[BaseModel]]
) -> None:
    assert cls.model_config.get("extra") == "forbid"
    data = samples[cls][0].model_dump(by_alias=True)
    with pytest.raises(InputError) as caught:
        cls.model_validate({**data, "comment": "hello"})
    assert [e.path for e in caught.value.errors] == ["comment"]
    message = caught.value.errors[0].message
    assert "unknown field" in message
    assert f"{cls.__name__} accepts" in message
    first = next(iter(cls.model_fields.values())).alias or next(iter(cls.model_fields))
    assert first in message


def test_nested_values_are_immutable_too(samples: dict[type[BaseModel], list[BaseModel]]) -> None:
    # Frozen all the way down: every sample can be hashed (so no list or dict inside).
    for sample in _all_samples(samples):
        try:
            hash(sample)
        except TypeError as exc:
            pytest.fail(f"{type(sample).__name__} is not hashable: {exc}")


def test_staffing_counts_cannot_be_changed_in_place() -> None:
    # A fresh instance: when the bug is present the assignment succeeds, and it must not leak.
    staffing = maintwin.Staffing(train="ris", needs={"dba": 1}, backups={"dba": 1})
    with pytest.raises(TypeError):
        staffing.needs["dba"] = -5  # type: ignore[index]
    with pytest.raises(TypeError):
        staffing.backups["network"] = 3  # type: ignore[index]
    assert staffing == maintwin.Staffing(train="ris", needs={"dba": 1}, backups={"dba": 1})


def test_occurrence_is_frozen() -> None:
    schedule = maintwin.Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at="10:00")
    start = datetime(2027, 1, 1, tzinfo=CHICAGO)
    occ = schedule.occurrences(start, start + timedelta(days=40), timezone="America/Chicago")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        occ.shifted = True  # type: ignore[misc]


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("by_alias", [False, True])
@pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda cls: cls.__name__)
def test_json_round_trip(
    cls: type[BaseModel], by_alias: bool, samples: dict[type[BaseModel], list[BaseModel]]
) -> None:
    for sample in samples[cls]:
        text = sample.model_dump_json(by_alias=by_alias)
        again = cls.model_validate_json(text)
        assert again == sample
        assert again.model_dump_json(by_alias=by_alias) == text


@pytest.mark.parametrize("cls", PUBLIC_MODELS, ids=lambda cls: cls.__name__)
def test_python_round_trip(
    cls: type[BaseModel], samples: dict[type[BaseModel], list[BaseModel]]
) -> None:
    for sample in samples[cls]:
        assert cls.model_validate(sample.model_dump()) == sample
        assert cls.model_validate(sample.model_dump(mode="json", by_alias=True)) == sample


def test_durations_are_written_as_iso_8601(example: Scenario) -> None:
    data = example.model_dump(mode="json", by_alias=True)
    assert data["policy"]["window"] == "PT15M"
    assert data["policy"]["client_notices"] == ["P14D", "P1D", "PT0S"]
    assert data["trains"][2]["downtime"] == "PT15M"
    assert data["windows"][0]["duration"] == "PT2H"
    assert data["blackouts"][1]["duration"] == "P1D"


def test_example_scenario_round_trips_through_a_json_file(
    example: Scenario, tmp_path: Path
) -> None:
    path = tmp_path / "example.json"
    path.write_text(example.model_dump_json(by_alias=True, indent=2), encoding="utf-8")
    assert Scenario.load(path) == example
    assert Scenario.from_json(example.model_dump_json()) == example
    assert Scenario.model_validate_json(example.model_dump_json(by_alias=True)) == example


# -- the one-off windows field and its alias ----------------------------------------------------


def test_one_off_windows_are_written_as_windows(example: Scenario) -> None:
    by_alias = example.model_dump(by_alias=True)
    assert "windows" in by_alias
    assert "one_off_windows" not in by_alias
    by_name = example.model_dump()
    assert "one_off_windows" in by_name
    assert by_name["one_off_windows"] == by_alias["windows"]


def test_both_names_of_one_off_windows_are_accepted() -> None:
    window = {"id": "w", "subsystem": "RIS", "start": "2027-03-20T22:00:00", "duration": "PT2H"}
    base = {"name": "t", "timezone": "America/Chicago"}
    from_alias = Scenario.model_validate({**base, "windows": [window]})
    from_name = Scenario.model_validate({**base, "one_off_windows": [window]})
    assert from_alias == from_name
    assert [w.id for w in from_alias.one_off_windows] == ["w"]
    made = maintwin.OneOffWindow.model_validate(window)
    assert Scenario(**base, windows=[made]) == from_alias  # type: ignore[call-arg]
    assert Scenario(**base, one_off_windows=[made]) == from_alias
    toml = 'name = "t"\ntimezone = "America/Chicago"\n[[one_off_windows]]\n' + "\n".join(
        f"{k} = {v!r}" if k != "start" else f"{k} = {v}" for k, v in window.items()
    )
    assert Scenario.from_toml(toml) == from_alias


def test_one_off_window_start_may_be_local_or_aware() -> None:
    local = maintwin.OneOffWindow(
        id="w", subsystem="RIS", start=datetime(2027, 3, 20, 22), duration="PT2H"
    )
    assert local.start.tzinfo is None
    aware = maintwin.OneOffWindow(
        id="w", subsystem="RIS", start="2027-03-20T22:00:00-05:00", duration="PT2H"
    )
    assert aware.start.utcoffset() == timedelta(hours=-5)


# -- trusted models are validated while the tests run -----------------------------------------


def test_an_invalid_trusted_model_fails_the_test_that_builds_it() -> None:
    # tests/trusted_models.py validates every Model.trusted object while the suite runs.
    before = len(trusted_models.problems)
    with pytest.raises(pytest.fail.Exception, match=r"end .* is not after start"):
        maintwin.Window.trusted(
            id="ris-2027-01-13",
            subsystem="RIS",
            start=datetime(2027, 1, 13, 10, tzinfo=UTC),
            end=datetime(2027, 1, 13, 9, tzinfo=UTC),
            timezone="UTC",
            capacity=timedelta(minutes=15),
            source="ris",
        )
    del trusted_models.problems[before:]  # the failure above was wanted


def test_a_trusted_value_that_validation_would_change_fails_the_test() -> None:
    before = len(trusted_models.problems)
    with pytest.raises(pytest.fail.Exception, match="field capacity is 'PT15M'"):
        maintwin.Window.trusted(
            id="ris-2027-01-13",
            subsystem="RIS",
            start=datetime(2027, 1, 13, 10, tzinfo=UTC),
            end=datetime(2027, 1, 13, 10, 15, tzinfo=UTC),
            timezone="UTC",
            capacity="PT15M",
            source="ris",
        )
    del trusted_models.problems[before:]


def test_a_valid_trusted_model_is_built_as_given() -> None:
    start = datetime(2027, 1, 13, 10, tzinfo=UTC)
    window = maintwin.Window.trusted(
        id="ris-2027-01-13",
        subsystem="RIS",
        start=start,
        end=start + timedelta(minutes=15),
        timezone="UTC",
        capacity=timedelta(minutes=15),
        source="ris",
    )
    assert window.start is start
    assert window.blocked_by == ()


def test_trusted_objects_given_the_same_fields_share_their_set_and_copies_do_not() -> None:
    """``model_fields_set`` is what was given; objects given the same fields share one set
    (one object fewer each for the garbage collector), and a copy with an update has a set of
    its own, so the others keep theirs."""
    start = datetime(2027, 1, 13, 10, tzinfo=UTC)

    def window(day: int) -> maintwin.Window:
        return maintwin.Window.trusted(
            id=f"ris-2027-01-{day}",
            subsystem="RIS",
            start=start.replace(day=day),
            end=start.replace(day=day) + timedelta(minutes=15),
            timezone="UTC",
            capacity=timedelta(minutes=15),
            source="ris",
        )

    first, second = window(13), window(20)
    given = {"id", "subsystem", "start", "end", "timezone", "capacity", "source"}
    assert first.model_fields_set == given
    assert first.model_fields_set is second.model_fields_set
    shifted = first.model_copy(update={"shifted": True})
    assert shifted.model_fields_set == given | {"shifted"}
    assert first.model_fields_set == second.model_fields_set == given
    assert "shifted" not in first.model_dump(exclude_unset=True)


def test_a_trusted_model_keeps_the_models_field_order_whatever_order_it_is_given() -> None:
    start = datetime(2027, 1, 13, 10, tzinfo=UTC)
    fields: dict[str, Any] = {
        "id": "ris-2027-01-13",
        "subsystem": "RIS",
        "start": start,
        "end": start + timedelta(minutes=15),
        "timezone": "UTC",
        "capacity": timedelta(minutes=15),
        "source": "ris",
        "shifted": False,
        "blocked_by": (),
        "gaps": (),
        "crew": (),
    }
    given = maintwin.Window.trusted(**fields)
    backwards = maintwin.Window.trusted(**dict(reversed(fields.items())))
    validated = maintwin.Window(**fields)
    assert list(given.__dict__) == list(backwards.__dict__) == list(maintwin.Window.model_fields)
    assert backwards.model_dump_json() == given.model_dump_json() == validated.model_dump_json()
    assert repr(backwards) == repr(validated)
