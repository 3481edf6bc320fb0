"""Every table and panel at 80 columns and at 120, on the demo athlete, run as a user runs each command.

At 80 columns nothing is cut (no ellipsis, no line past the edge, no character lost against the 120-column
output) and no word is broken where it would fit whole; at 120 a wide terminal is used: nothing that
fits on a line is wrapped, and what wrapped at 80 is wider than 80.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from runlift.demo.athlete import ZONE
from tests.support.processes import Daemons, cli_env, command, state, wait_for

pytestmark = pytest.mark.slow

NARROW, WIDE = 80, 120
BOX = re.compile(r"[\u2500-\u257f]")  # rich's borders: not text
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# A word longer than this may be folded at 80 columns (a long path, a catalogue id): no column beside
# others could hold it; it must still lose no character.
FOLDABLE = 40

# A day of next week with runs and lifts ahead of it, whatever day the test runs on.
_TODAY = datetime.now(ZONE).date()
NEXT_TUESDAY = (_TODAY - timedelta(days=_TODAY.weekday()) + timedelta(days=8)).isoformat()

COMMANDS = [
    ("plan",),
    ("history", "load"),
    ("history", "load", "--channel", "running"),
    ("history", "readiness"),
    ("history", "muscles"),
    ("events",),
    ("exercises", "find", "squat"),
    ("duplicates",),
    ("plugins",),
    ("config",),
    ("schedule",),
    ("rebuild", "--diff"),
]


def run(
    home: Path, width: int, *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`runlift --home HOME ARGS` in a terminal `width` columns wide (as rich reads it: $COLUMNS)."""
    return subprocess.run(
        command(home, *args),
        capture_output=True,
        text=True,
        env=cli_env(None) | {"COLUMNS": str(width)},
        cwd=cwd,
        timeout=timeout,
    )


def shown(home: Path, *args: str, cwd: Path | None = None, status: int = 0) -> tuple[str, str]:
    """What ARGS print at 80 and at 120 columns, each checked: whole at 80, the width used at 120."""
    outputs = []
    for width in (NARROW, WIDE):
        result = run(home, width, *args, cwd=cwd)
        assert result.returncode == status, result.stderr
        outputs.append(ANSI.sub("", result.stdout))
    narrow, wide = outputs
    assert_within(narrow, NARROW)
    assert_within(wide, WIDE)
    assert_nothing_lost(narrow, wide)
    assert_width_used(narrow, wide)
    return narrow, wide


def assert_within(text: str, width: int) -> None:
    """No cell cut short (rich's ellipsis) and no line past the terminal's edge."""
    assert "…" not in text, _around(text, "…")
    beyond = [line for line in text.splitlines() if len(line) > width]
    assert not beyond, f"{len(beyond)} line(s) wider than {width}:\n" + "\n".join(beyond[:5])


def assert_nothing_lost(narrow: str, wide: str) -> None:
    """The narrow output holds every character of the wide one, and every word whole (but the longest,
    which may fold onto the next line). Digits are compared as digits: timings differ between runs."""
    lost = _characters(wide) - _characters(narrow)
    assert not lost, f"characters missing at {NARROW} columns: {dict(lost)}"
    broken = Counter(w for w in _words(wide) if len(w) <= FOLDABLE)
    broken.subtract(_words(narrow))
    assert not +broken, f"words broken or missing at {NARROW} columns: {sorted(+broken)}"


def assert_width_used(narrow: str, wide: str) -> None:
    """A wide terminal never takes more lines, and where the narrow one wrapped it is wider than 80."""
    narrow_lines, wide_lines = narrow.splitlines(), wide.splitlines()
    assert len(wide_lines) <= len(narrow_lines)
    if len(wide_lines) < len(narrow_lines):
        assert max(map(len, wide_lines)) > NARROW


def _plain(text: str) -> str:
    return re.sub(r"\d", "0", BOX.sub(" ", text))


def _characters(text: str) -> Counter[str]:
    return Counter(c for c in _plain(text) if not c.isspace())


def _words(text: str) -> Counter[str]:
    return Counter(_plain(text).split())


def flat(text: str) -> str:
    """The text without borders, its wrapped lines joined: a panel's or caption's sentence reads whole."""
    return " ".join(BOX.sub(" ", text).split())


def tokens(text: str) -> set[str]:
    return set(flat(text).split())


def _around(text: str, needle: str) -> str:
    at = text.index(needle)
    return text[max(at - 200, 0) : at + 50]


def as_json(home: Path, *args: str) -> Any:
    result = run(home, WIDE, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def athlete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo athlete for the module (3 weeks: lifts, readiness, a plan), who checks in with a sore
    left knee (readiness reasons) and flags it (the plan's injury mode: next week re-planned)."""
    home = tmp_path_factory.mktemp("columns") / "demo-home"
    made = run(home, NARROW, "demo", "--weeks", "3", "--jobs", "2", timeout=300)
    assert made.returncode == 0, made.stderr
    said = [made.stdout]
    for args in (
        ("checkin", "--joint-pain", "4", "--soreness", "4", "--pain-site", "left knee"),
        ("injury", "flag", "left knee", "--note", "sore on the stairs since the long run"),
        ("plan", "replan", "--day", NEXT_TUESDAY),
    ):
        result = run(home, NARROW, *args)
        assert result.returncode == 0, result.stderr
        said.append(result.stdout)
    for text in said:  # plain lines too wrap between words at 80 columns
        assert_within(text, NARROW)
    return home


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_command_is_whole_at_80_columns_and_uses_120(
    athlete: Path, args: tuple[str, ...]
) -> None:
    shown(athlete, *args)


def test_status_wraps_its_panels_and_tables_and_cuts_no_lift_reason_or_caption(
    athlete: Path,
) -> None:
    figures = as_json(athlete, "status")
    training = figures["training"]

    narrow, wide = shown(athlete, "status")

    page = flat(narrow)
    reasons = training["readiness"]["reasons"]
    assert reasons
    assert all(reason in page for reason in reasons)
    km = training["load"]["running_week"]["km"]["value"]
    assert f"running this week {km:.1f} km" in page  # the load table's caption, wrapped, not cut
    assert f"{figures['duplicates']['groups']} workouts recorded in more than one file" in page
    assert "(`runlift duplicates`)" in page
    words = tokens(narrow)
    for lift in training["lifts"]:
        assert set(lift["exercise"].split()) <= words
        assert lift["last_load_increase"] in (None, *words)
    # At 120 columns each lift's name is on one line.
    assert all(
        any(lift["exercise"] in line for line in wide.splitlines()) for lift in training["lifts"]
    )


def test_status_before_the_data_says_whole_how_to_get_a_readiness(athlete: Path) -> None:
    first = as_json(athlete, "history", "load")[0]["day"]
    before = (date.fromisoformat(first) - timedelta(days=30)).isoformat()

    narrow, _ = shown(athlete, "status", "--as-of", before)

    assert "check in (`runlift checkin`)" in flat(narrow)


def test_a_second_import_lists_each_file_by_name_under_its_folder(athlete: Path) -> None:
    export = athlete / "demo-export"
    files = sorted(p for p in export.rglob("*") if p.is_file())

    narrow, wide = shown(athlete, "import", export.name, cwd=athlete)

    assert f"import from {export.name}" in narrow
    folders = {p.parent.name for p in files if p.parent != export}
    lines = narrow.splitlines()
    assert all(any(f"│ {folder}/ " in line for line in lines) for folder in folders)
    for output in (narrow, wide):  # each name whole on its line, beside its result
        rows = [line for line in output.splitlines() if "│ already imported │" in line]
        assert len(rows) == len(files)
        assert all(any(p.name in row for row in rows) for p in files)


def test_new_files_with_long_names_keep_their_names_and_reasons_whole(
    athlete: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new"
    new.mkdir()
    run_fit = next((athlete / "demo-export" / "activities").glob("*run*.fit")).read_bytes()
    files = {
        "Evening run along the river with the club, easy pace, recorded by my phone.gpx": _gpx(),
        "long run from the watch, copied before it had finished (cut short).fit": run_fit[
            : len(run_fit) // 2
        ],
        "notes from the physio about my left knee and the plan for the next weeks.txt": b"knee\n",
    }
    for name, data in files.items():
        (new / name).write_bytes(data)
    # Both widths import the files for the first time: each into its own copy of the home.
    outputs = []
    for width in (NARROW, WIDE):
        home = tmp_path / f"home-{width}"
        shutil.copytree(athlete, home)
        result = run(home, width, "import", "new", cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        outputs.append(result.stdout)
    narrow, wide = outputs
    assert_within(narrow, NARROW)
    assert_within(wide, WIDE)
    assert_nothing_lost(narrow, wide)
    assert_width_used(narrow, wide)

    for output in (narrow, wide):
        results = re.findall(r"│ (imported|rejected) +│", output)
        assert sorted(results) == ["imported", "imported", "rejected"]
    page = flat(narrow)
    assert "salvaged: damaged at byte" in page  # how the cut file was read, beneath its name
    rejected = "notes from the physio about my left knee and the plan for the next weeks.txt"
    assert f"rejected new/{rejected}: " in page
    assert set(" ".join(files).split()) <= tokens(narrow)
    # At 120 columns every name fits on one line: none is wrapped.
    assert all(any(name in line for line in wide.splitlines()) for name in files)


def test_the_plan_in_injury_mode_and_why_a_day_is_so(athlete: Path) -> None:
    week = as_json(athlete, "plan", "--week", NEXT_TUESDAY)
    reasons = [a["reason"] for a in week["adjustments"] if a["rule"] == "injury_mode"]
    assert reasons

    narrow, _ = shown(athlete, "plan", "--week", NEXT_TUESDAY)
    shown(athlete, "plan", "explain", NEXT_TUESDAY)

    assert all(reason in flat(narrow) for reason in reasons)  # the caption: wrapped, whole


def test_history_of_a_lift_names_it_once_above_its_sessions(athlete: Path) -> None:
    lift = as_json(athlete, "status")["training"]["lifts"][0]["exercise"]
    sessions = as_json(athlete, "history", "lift", lift)

    narrow, wide = shown(athlete, "history", "lift", lift)

    assert lift in narrow.splitlines()[0]
    # At 120 columns every session is one line of the table.
    rows = [line for line in wide.splitlines() if re.match(r"│ \d{4}-\d\d-\d\d ", line)]
    assert len(rows) == len(sessions)


def test_exercises_give_each_name_written_a_line_of_its_own(athlete: Path) -> None:
    listed = as_json(athlete, "exercises")

    narrow, _ = shown(athlete, "exercises")

    lines = narrow.splitlines()
    for exercise in listed:
        assert any(exercise["id"] in line for line in lines)
        assert all(any(n["name"] in line for line in lines) for n in exercise["names"])


def test_status_of_a_running_daemon_wraps_what_it_holds(
    athlete: Path, tmp_path: Path, daemons: Daemons
) -> None:
    home = tmp_path / "home"
    shutil.copytree(athlete, home)
    with (home / "runlift.toml").open("a") as config:
        config.write("\n[web]\nport = 0\n\n[daemon]\nsettle_s = 0.3\nheartbeat_s = 0.5\n")
    dropped = "morning run along the river, from the old watch before it was reset.fit"
    source = next((home / "demo-export" / "activities").glob("*.fit"))
    shutil.copy(source, home / "drop" / dropped)
    daemon = daemons.start(home, "", ready=True)
    wait_for(lambda: bool(state(home).get("last_import")))

    narrow, _ = shown(home, "status")

    web = state(home)["web"]
    daemons.stop(daemon)
    page = flat(narrow)
    assert f"{dropped}: already imported" in page
    assert f"{web}api/docs" in page


def _gpx() -> bytes:
    """Half an hour of an evening run two days ago, a point every 10 s."""
    start = datetime.now(ZONE).replace(hour=18, minute=0, second=0, microsecond=0) - timedelta(
        days=2
    )
    points = "".join(
        f'<trkpt lat="{52.5 + i * 1e-5:.6f}" lon="{13.4 + i * 1e-5:.6f}"><ele>35</ele>'
        f"<time>{(start + timedelta(seconds=i)).isoformat()}</time></trkpt>"
        for i in range(0, 1800, 10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="runlift tests" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>river loop</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>"
    ).encode()
