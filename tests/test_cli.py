"""The ``maintwin`` command through its real entry point (``python -m maintwin``, and the
``maintwin`` script the package installs): every subcommand, its output, its files and its exit
status (0 all is well, 1 the answer is "no", 2 bad input or a usage error, never a traceback).

The example is planned as ``make demo`` plans it: 2026-12-01 to 2027-12-01, on Sunday
2026-11-22 09:00 in Chicago.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import Plan, Scenario
from maintwin._cli.progress import progress

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "teleradiology.toml"
CLOCK = ["--now", "2026-11-22T09:00", "--from", "2026-12-01", "--to", "2027-12-01"]
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))


def maintwin_cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m maintwin ARGS``, as a user runs it: its output, errors and exit status."""
    result = subprocess.run(
        [sys.executable, "-m", "maintwin", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def planned() -> subprocess.CompletedProcess[str]:
    return maintwin_cli("plan", EXAMPLE, *CLOCK)


def _block(lines: list[str], window: str) -> list[str]:
    """The lines of one window in the runbook view: its head line and the indented ones."""
    first = next(n for n, line in enumerate(lines) if line.split()[:1] == [window])
    rest = []
    for line in lines[first + 1 :]:
        if not line.startswith("    "):
            break
        rest.append(line.strip())
    return [lines[first], *rest]


# -- the installed command -------------------------------------------------------------------


def test_the_package_installs_a_maintwin_command() -> None:
    script = shutil.which("maintwin", path=str(Path(sys.executable).parent))
    assert script is not None
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout.strip()) == (0, f"maintwin {maintwin.__version__}")


def test_no_command_is_a_usage_error_and_help_lists_every_command() -> None:
    bare = maintwin_cli()
    assert bare.returncode == 2
    assert bare.stderr.startswith("usage: maintwin")
    shown = maintwin_cli("--help")
    assert shown.returncode == 0
    for name in ("validate", "plan", "explain", "check", "feed", "series", "open-now"):
        assert name in shown.stdout
    for name in ("calendar", "schema", "runbook", "playbook", "notices"):
        assert name in shown.stdout


# -- validate ----------------------------------------------------------------------------------


def test_validate_says_what_a_good_file_holds() -> None:
    result = maintwin_cli("validate", EXAMPLE)
    scenario = Scenario.load(EXAMPLE)
    assert result.returncode == 0
    assert f"valid scenario {scenario.name!r} in America/Chicago" in result.stdout
    assert f"{len(scenario.changes)} changes" in result.stdout


def test_validate_names_file_line_field_and_what_is_accepted(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    bad = text.replace('timezone = "America/Chicago"', 'timezone = "America/Chicgo"', 1)
    bad = bad.replace('window = "PT15M"', 'window = "15 minutes"', 1)
    path = tmp_path / "platform.toml"
    path.write_text(bad, encoding="utf-8")
    lines = bad.splitlines()
    zone_line = 1 + next(n for n, line in enumerate(lines) if "America/Chicgo" in line)
    window_line = 1 + next(n for n, line in enumerate(lines) if '"15 minutes"' in line)
    result = maintwin_cli("validate", path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert str(path) in result.stderr
    assert f"timezone (line {zone_line})" in result.stderr
    assert "did you mean 'America/Chicago'" in result.stderr
    assert f"policy.window (line {window_line})" in result.stderr
    assert "expected e.g. 'PT15M'" in result.stderr


def test_a_file_that_is_not_toml_or_not_there_is_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\ntimezone = \n', encoding="utf-8")
    result = maintwin_cli("validate", broken)
    assert result.returncode == 2
    assert "invalid TOML" in result.stderr
    assert "line 2" in result.stderr
    missing = maintwin_cli("plan", tmp_path / "nowhere.toml")
    assert missing.returncode == 2
    assert "nowhere.toml" in missing.stderr
    assert "cannot be read" in missing.stderr


# -- bad arguments -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--tz", "Mars/Olympus"], "argument --tz: unknown time zone 'Mars/Olympus'"),
        (["--tz", "CST"], "argument --tz: "),
        (["--from", "2026-13-01"], "argument --from: '2026-13-01' is not a date"),
        (["--now", "yesterday"], "argument --now: 'yesterday' is not a date-time"),
        (["--from", "2027-01-01", "--to", "2026-12-01"], "argument --to: 2026-12-01 is not after"),
        (["--solver", "fastest"], "argument --solver: invalid choice: 'fastest'"),
    ],
)
def test_a_bad_argument_is_a_usage_error(args: list[str], expected: str) -> None:
    result = maintwin_cli("plan", EXAMPLE, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: maintwin plan")
    assert f"maintwin plan: error: {expected}" in result.stderr
    assert result.stdout == ""


# -- plan ---------------------------------------------------------------------------------------


def test_plan_prints_each_window_with_its_time_and_use(
    planned: subprocess.CompletedProcess[str],
) -> None:
    lines = planned.stdout.splitlines()
    assert lines[0].endswith("times in America/Chicago")
    assert "5 of 6 changes placed in 15 windows (3 blocked)" in lines[1]
    january = _block(lines, "ris-2027-01-13")
    assert january[0].split()[1:] == ["Wed", "2027-01-13", "10:00\N{EN DASH}10:15", "CST", "RIS"]
    assert january[1] == "11 min planned of 15 min"
    assert sorted(january[2].removeprefix("crew: ").split(", ")) == [
        "dba dana (backup lee)",
        "network kim (backup sam)",
    ]
    assert [line.split()[:2] for line in january[3:]] == [
        ["+0:00", "CHG-1042"],
        ["+0:05", "CHG-1017"],
    ]
    june = _block(lines, "ris-2027-06-09")
    assert [line.split()[:2] for line in june[3:]] == [["+0:00", "CHG-1001"], ["+0:08", "CHG-1002"]]


def test_a_long_window_shows_both_dates_and_hours_not_minutes(
    planned: subprocess.CompletedProcess[str],
) -> None:
    upgrade = _block(planned.stdout.splitlines(), "pacs-upgrade-fri")
    # 22:00 Friday to 06:00 Monday: 56 hours, planned at the dry run's 10 h 30 min times 1.5
    assert "Fri 2027-04-16 22:00 \N{EN DASH} Mon 2027-04-19 06:00 CDT" in upgrade[0]
    assert upgrade[1] == "15 h 45 min planned of 2 days 8 h"
    assert "min of 3360 min" not in planned.stdout


def test_plan_marks_blocked_windows_with_their_reasons(
    planned: subprocess.CompletedProcess[str],
) -> None:
    lines = planned.stdout.splitlines()
    assert _block(lines, "ris-2026-12-09")[1] == "BLOCKED by year-end-freeze (freeze)"
    staffing = _block(lines, "ris-2027-05-12")[1]
    assert staffing.startswith("BLOCKED by staffing-dba-2027-05-12 (the dba role needs 2 people")
    assert "dana on leave 2027-05-10 to 2027-05-16" in staffing
    november = _block(lines, "ris-2027-11-10")
    assert november[1] == "BLOCKED by holiday-US-2027-11-11 (holiday: Veterans Day)"
    assert len(november) == 2  # no crew and no work in a blocked window


def test_plan_lists_what_is_not_placed_and_the_conflicts_and_exits_1_on_errors(
    planned: subprocess.CompletedProcess[str],
) -> None:
    assert planned.returncode == 1  # CHG-1060 fits no window: an error-level conflict
    lines = planned.stdout.splitlines()
    assert lines[lines.index("Not placed (1)") + 1].startswith("  CHG-1060: too_long: ")
    head = lines.index("Conflicts (3, 1 error)")
    assert [line.split()[:2] for line in lines[head + 1 : head + 4]] == [
        ["error", "UNSCHEDULABLE:"],
        ["warning", "LEAD_TIME:"],
        ["warning", "SHORT_NOTICE:"],
    ]
    assert maintwin_cli("plan", EXAMPLE, *CLOCK).stdout == planned.stdout  # deterministic


def test_a_plan_without_errors_exits_0(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index('id = "CHG-1060"')
    # Drop the re-platform that fits no window: what is left plans without an error.
    cut = text.rindex("[[changes]]", 0, start)
    end = text.find("[[", start)
    path = tmp_path / "fits.toml"
    path.write_text(text[:cut] + (text[end:] if end != -1 else ""), encoding="utf-8")
    result = maintwin_cli("plan", path, *CLOCK)
    assert result.returncode == 0, result.stderr
    assert "Conflicts (2, 0 errors)" in result.stdout


def test_plan_as_json_is_the_library_plan_and_reads_back() -> None:
    result = maintwin_cli("plan", EXAMPLE, *CLOCK, "--format", "json")
    assert result.returncode == 1
    read = Plan.model_validate_json(result.stdout)
    expected = maintwin.plan(Scenario.load(EXAMPLE), date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    assert read == expected


def test_the_default_horizon_is_twelve_months_from_the_day_of_now() -> None:
    result = maintwin_cli("plan", EXAMPLE, "--now", "2027-02-20T15:30:00Z", "--format", "json")
    read = Plan.model_validate_json(result.stdout)
    chicago = ZoneInfo("America/Chicago")
    assert read.now == datetime(2027, 2, 20, 9, 30, tzinfo=chicago)
    assert read.start == datetime(2027, 2, 20, tzinfo=chicago)
    assert read.end == datetime(2028, 2, 20, tzinfo=chicago)


def test_now_without_an_offset_is_on_the_scenarios_clock() -> None:
    local = maintwin_cli("plan", EXAMPLE, *CLOCK, "--format", "json")
    clock = ["--now", "2026-11-22T15:00:00+00:00", "--from", "2026-12-01", "--to", "2027-12-01"]
    offset = maintwin_cli("plan", EXAMPLE, *clock, "--format", "json")
    assert Plan.model_validate_json(local.stdout).now == Plan.model_validate_json(offset.stdout).now


def test_tz_shows_the_times_on_another_clock() -> None:
    result = maintwin_cli("plan", EXAMPLE, *CLOCK, "--tz", "Europe/London")
    lines = result.stdout.splitlines()
    assert lines[0].endswith("times in Europe/London")
    # 10:00 in Chicago (CST, UTC-6) is 16:00 in London (GMT)
    assert "Wed 2027-01-13 16:00\N{EN DASH}16:15 GMT" in _block(lines, "ris-2027-01-13")[0]


def test_plan_out_writes_the_file_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "plans" / "plan.json"
    result = maintwin_cli("plan", EXAMPLE, *CLOCK, "--format", "json", "--out", out)
    assert result.stdout == f"wrote {out} (the plan as JSON)\n"
    assert Plan.model_validate_json(out.read_text(encoding="utf-8")).scenario.name


def test_a_local_now_the_clocks_skip_is_moved_and_said(tmp_path: Path) -> None:
    # 02:30 on 2027-03-14 does not exist in Chicago: the clocks go from 02:00 to 03:00.
    clock = ["--now", "2027-03-14T02:30", "--from", "2027-04-01", "--to", "2027-05-01"]
    result = maintwin_cli("plan", EXAMPLE, *clock, "--format", "json")
    assert "02:30 does not exist in America/Chicago" in result.stderr
    assert "read as 2027-03-14 03:30 CDT" in result.stderr
    now = Plan.model_validate_json(result.stdout).now
    assert now == datetime(2027, 3, 14, 3, 30, tzinfo=ZoneInfo("America/Chicago"))


def test_output_that_cannot_be_written_is_exit_2_not_a_traceback() -> None:
    with open("/dev/full", "w", encoding="utf-8") as full:
        result = subprocess.run(
            [sys.executable, "-m", "maintwin", "schema"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert "cannot write the output" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_reader_that_goes_away_ends_it_quietly_with_141() -> None:
    # The reader leaves without reading; the plan (100 KB of JSON) is more than a pipe holds.
    script = (
        f"{sys.executable} -m maintwin plan {EXAMPLE} {' '.join(CLOCK)} --format json"
        " | true; echo ${PIPESTATUS[0]}"
    )
    result = subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert result.stdout.strip() == "141"
    assert "Traceback" not in result.stderr
    assert "Broken pipe" not in result.stderr


def test_check_of_a_scenario_file_says_what_it_takes() -> None:
    result = maintwin_cli("check", EXAMPLE)
    assert result.returncode == 2
    assert "is a scenario file; this takes a plan" in result.stderr
    assert "--format json --out plan.json" in result.stderr


# -- check and --previous ---------------------------------------------------------------------


def test_check_reads_a_plan_and_an_edit_that_breaks_a_rule_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    maintwin_cli("plan", EXAMPLE, *CLOCK, "--format", "json", "--out", path)
    kept = maintwin_cli("check", path)
    assert kept.returncode == 1  # the plan as made: CHG-1060 is still unschedulable
    assert kept.stdout.splitlines()[0] == f"{path}: 3 conflicts, 1 error"
    data = json.loads(path.read_text(encoding="utf-8"))
    moved = next(a for a in data["assignments"] if a["change"] == "CHG-1017")
    moved["window"] = "ris-2026-12-09"  # into the year-end freeze
    path.write_text(json.dumps(data), encoding="utf-8")
    edited = maintwin_cli("check", path, "--format", "json")
    assert edited.returncode == 1
    found = json.loads(edited.stdout)
    assert any(
        c["code"] == "IN_BLACKOUT" and c["severity"] == "error" and "CHG-1017" in c["changes"]
        for c in found
    ), found


def test_check_of_a_file_that_is_not_a_plan_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"scenario": 3}', encoding="utf-8")
    result = maintwin_cli("check", path)
    assert result.returncode == 2
    assert str(path) in result.stderr
    assert "scenario" in result.stderr


def test_previous_keeps_what_was_announced(tmp_path: Path) -> None:
    path = tmp_path / "published.json"
    maintwin_cli("plan", EXAMPLE, *CLOCK, "--format", "json", "--out", path)
    # Five weeks on, the January window is within the two-week freeze horizon: kept as told.
    later = ["--now", "2027-01-05T09:00", "--from", "2026-12-01", "--to", "2027-12-01"]
    result = maintwin_cli("plan", EXAMPLE, *later, "--previous", path, "--format", "json")
    again = Plan.model_validate_json(result.stdout)
    january = [a for a in again.assignments if a.window == "ris-2027-01-13"]
    assert {a.change for a in january} == {"CHG-1042", "CHG-1017"}
    assert {a.lock for a in january} == {maintwin.Lock.ANNOUNCED}


# -- explain, runbook, playbook, notices -------------------------------------------------------


def test_explain_says_why_a_change_is_in_january() -> None:
    result = maintwin_cli("explain", EXAMPLE, "CHG-1017", *CLOCK)
    assert result.returncode == 0
    assert "It rides in ris-2027-01-13" in result.stdout
    assert "ris-2026-12-09 (2026-12-09 10:00 CST): blocked by year-end-freeze" in result.stdout
    unknown = maintwin_cli("explain", EXAMPLE, "CHG-9999", *CLOCK)
    assert unknown.returncode == 2
    assert "CHG-9999" in unknown.stderr


def test_runbook_in_each_format(tmp_path: Path) -> None:
    text = maintwin_cli("runbook", EXAMPLE, "pacs-upgrade-fri", *CLOCK)
    assert text.returncode == 0
    assert text.stdout.startswith("Runbook of window pacs-upgrade-fri (PACS)")
    assert "GO/NO-GO by Sun 2027-04-18 22:00 CDT (point of no return)" in text.stdout
    markdown = maintwin_cli("runbook", EXAMPLE, "pacs-upgrade-fri", *CLOCK, "--format", "markdown")
    assert markdown.stdout.startswith("# ")
    page = tmp_path / "upgrade.html"
    html = maintwin_cli(
        "runbook", EXAMPLE, "pacs-upgrade-fri", *CLOCK, "--format", "html", "--out", page
    )
    assert html.returncode == 0
    assert page.read_text(encoding="utf-8").count('type="checkbox"') == 9 + 4
    unknown = maintwin_cli("runbook", EXAMPLE, "ris-2099-01-01", *CLOCK)
    assert unknown.returncode == 2
    assert "ris-2099-01-01" in unknown.stderr


def test_playbook_and_notices() -> None:
    playbook = maintwin_cli("playbook", EXAMPLE, "CHG-1042", *CLOCK)
    assert playbook.returncode == 0
    assert "Review at the change-advisory meeting" in playbook.stdout
    notices = maintwin_cli("notices", EXAMPLE, *CLOCK, "--format", "json")
    data = json.loads(notices.stdout)
    assert data["format"] == "maintwin.notices/1"
    text = maintwin_cli("notices", EXAMPLE, *CLOCK).stdout.splitlines()
    assert text[0] == f"{len(data['notices'])} notices, times in America/Chicago"
    assert len(text) == 1 + len(data["notices"])


# -- feeds ---------------------------------------------------------------------------------------


def test_feeds_for_clients_and_staff_and_the_series(tmp_path: Path) -> None:
    client, internal, series = (tmp_path / f"{k}.ics" for k in ("client", "internal", "series"))
    said = maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "client", "--out", client)
    assert said.stdout == f"wrote {client} (12 events)\n"
    maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "internal", "--out", internal)
    maintwin_cli("series", EXAMPLE, *CLOCK, "--out", series)
    feeds = (client, internal, series)
    read = {p.stem: icalendar.Calendar.from_ical(p.read_bytes()) for p in feeds}
    # 15 windows, 3 blocked: 12 events for clients; staff also see the 18 blackout periods.
    assert len(read["client"].events) == 12
    assert len(read["internal"].events) == 12 + 18
    rules = [str(e["RRULE"].to_ical(), "ascii") for e in read["series"].events if "RRULE" in e]
    assert rules == ["FREQ=MONTHLY;BYDAY=2WE"]
    stdout = maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "client")
    assert stdout.stdout.encode() == client.read_bytes().replace(b"\r\n", b"\n")


def test_republishing_a_feed_follows_the_one_in_place(tmp_path: Path) -> None:
    feed = tmp_path / "client.ics"
    maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "client", "--out", feed)
    first = icalendar.Calendar.from_ical(feed.read_bytes())
    # A week later the November window is planned again: its event is unchanged, and the
    # events of the first feed are all still there (SEQUENCE 0 for what did not change).
    later = ["--now", "2026-11-29T09:00", "--from", "2026-12-01", "--to", "2027-12-01"]
    maintwin_cli("feed", EXAMPLE, *later, "--audience", "client", "--out", feed)
    second = icalendar.Calendar.from_ical(feed.read_bytes())
    assert {str(e["UID"]) for e in second.events} == {str(e["UID"]) for e in first.events}
    assert {int(e["SEQUENCE"]) for e in second.events} == {0}


def test_a_feed_in_place_that_is_not_a_calendar_is_named(tmp_path: Path) -> None:
    feed = tmp_path / "client.ics"
    feed.write_text("not a calendar\n", encoding="utf-8")
    result = maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "client", "--out", feed)
    assert result.returncode == 2
    assert f"{feed} (read as the feed published last time, because --out names it)" in (
        result.stderr
    )
    assert "--previous-feed" in result.stderr
    assert feed.read_text(encoding="utf-8") == "not a calendar\n"  # left as it was


def test_a_clients_own_feed_needs_the_client_audience() -> None:
    result = maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "internal", "--client", "x")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: maintwin feed")
    assert "argument --client: a client's own feed is a client feed" in result.stderr


def test_a_client_feed_of_an_unknown_client_is_exit_2() -> None:
    result = maintwin_cli("feed", EXAMPLE, *CLOCK, "--audience", "client", "--client", "nobody")
    assert result.returncode == 2
    assert "nobody" in result.stderr


# -- open-now --------------------------------------------------------------------------------


def test_open_now_in_an_open_window_exits_0_and_says_when_it_closes() -> None:
    result = maintwin_cli("open-now", EXAMPLE, "--at", "2027-01-13T10:05")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "Wed 2027-01-13 10:05 CST: open",
        "  window ris-2027-01-13 (RIS) is open until Wed 2027-01-13 10:15 CST",
        "next, Wed 2027-01-13 10:15 CST:",
        "  window ris-2027-01-13 (RIS) closes",
    ]


def test_open_now_in_a_blocked_window_exits_1_and_names_the_blackout() -> None:
    result = maintwin_cli("open-now", EXAMPLE, "--at", "2026-12-09T10:05", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["state"] == "blocked"
    assert [w["id"] for w in data["blocked"]] == ["ris-2026-12-09"]
    assert [p["blackout"] for p in data["blackouts"]] == ["year-end-freeze"]


def test_open_now_outside_any_window_names_the_next_one() -> None:
    # Wednesday 2027-01-20, after the Martin Luther King Jr. Day blackout (17 to 19 January):
    # nothing happens until the February window (Wed 2027-02-10 10:00).
    result = maintwin_cli("open-now", EXAMPLE, "--at", "2027-01-20T12:00", "--subsystem", "RIS")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "Wed 2027-01-20 12:00 CST: closed"
    assert lines[1:] == ["next, Wed 2027-02-10 10:00 CST:", "  window ris-2027-02-10 (RIS) opens"]


def test_open_now_refuses_a_bad_instant_and_an_unknown_subsystem() -> None:
    bad = maintwin_cli("open-now", EXAMPLE, "--at", "2027-02-30T10:00")
    assert bad.returncode == 2
    assert "argument --at: '2027-02-30T10:00' is not a date-time" in bad.stderr
    unknown = maintwin_cli("open-now", EXAMPLE, "--subsystem", "LIS")
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("usage: maintwin open-now")
    assert "argument --subsystem: 'LIS' is not a subsystem of" in unknown.stderr
    assert "its subsystems are Biz, PACS, RIS" in unknown.stderr


# -- calendar -----------------------------------------------------------------------------------


def test_calendar_writes_the_page_of_the_year(tmp_path: Path) -> None:
    page = tmp_path / "year.html"
    result = maintwin_cli("calendar", EXAMPLE, *CLOCK, "--out", page)
    assert result.returncode == 0
    assert result.stdout == f"wrote {page} (15 windows)\n"
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert 'id="window-ris-2027-11-10"' in html
    assert "America/Chicago" in html
    london = maintwin_cli("calendar", EXAMPLE, *CLOCK, "--tz", "Europe/London", "--out", page)
    assert london.returncode == 0
    assert "Europe/London" in page.read_text(encoding="utf-8")
    bad = maintwin_cli("calendar", EXAMPLE, *CLOCK, "--tz", "Europe/Lodnon", "--out", page)
    assert bad.returncode == 2
    assert "did you mean 'Europe/London'" in bad.stderr
    missing = maintwin_cli("calendar", EXAMPLE, *CLOCK)
    assert missing.returncode == 2
    assert "the following arguments are required: --out" in missing.stderr


# -- schema ---------------------------------------------------------------------------------------


def test_schema_is_the_file_the_examples_point_at(tmp_path: Path) -> None:
    result = maintwin_cli("schema")
    assert result.returncode == 0
    first = EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#:schema ")
    pointed = EXAMPLE.parent / first.removeprefix("#:schema ").strip()
    assert pointed.read_text(encoding="utf-8") == result.stdout, (
        "examples/scenario.schema.json is out of date: run "
        "'maintwin schema --out examples/scenario.schema.json'"
    )


# -- progress ---------------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_says_what_it_does_then_clears_its_line() -> None:
    stream = _Terminal()
    with progress(stream, "planning", after=0.0):
        for _ in range(1000):  # until the first line is out (at most 10 s)
            if "planning" in stream.getvalue():
                break
            time.sleep(0.01)
    shown = stream.getvalue()
    assert shown.startswith("\rmaintwin: planning... ")
    assert shown.endswith("\r\033[K")  # the line is cleared: the answer starts clean


def test_progress_says_nothing_when_nobody_watches() -> None:
    stream = io.StringIO()  # a pipe or a file, not a terminal
    with progress(stream, "planning", after=0.0):
        time.sleep(0.05)
    assert stream.getvalue() == ""
