"""Hypothesis strategies that mutate real corpus files: damaged bytes, and format-aware absurd values.

Every strategy draws a `Mutant`: the new bytes, the name to give the file (the original's, so that sniffing
by name still applies), and what was done, for the failure message. Positions are drawn as fractions of
the file so that they shrink towards its start whatever its length.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.fuzz import fitbytes
from tests.support.corpus import corpus_present, data_manifest, device_file, load_manifest

# Files up to this size keep a decode of each example well under a second.
SMALL_BYTES = 200_000


@dataclass(frozen=True, repr=False)
class Mutant:
    """A mutated corpus file."""

    data: bytes
    name: str
    how: str

    def __repr__(self) -> str:
        # What hypothesis prints for a failing example: the mutation, not a hundred kilobytes.
        return f"Mutant({self.how!r}, {len(self.data)} bytes)"

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / self.name
        path.write_bytes(self.data)
        return path


@cache
def corpus_bytes(relative: str) -> bytes:
    """A real device file's bytes: the committed copy (tests/data), else the corpus's."""
    return device_file(relative).read_bytes()


def small_files(*folders: str, intact: bool = False) -> list[str]:
    """Corpus files under `folders` (all when none) small enough to fuzz, optionally only intact ones;
    without the corpus, the committed ones (tests/data), so that the fuzzers run on a bare clone."""
    rows = load_manifest() if corpus_present() else data_manifest()
    return sorted(
        path
        for path, row in rows.items()
        if int(row["bytes"]) <= SMALL_BYTES
        and (not folders or path.startswith(folders))
        and (not intact or row["decodes_ok"] == "yes")
    )


def _name(relative: str) -> str:
    return Path(relative).name


# --- damaged bytes -------------------------------------------------------------------------------------

_fraction = st.floats(0, 1, exclude_max=True)


@st.composite
def damaged(draw: st.DrawFn) -> Mutant:
    """A corpus file of any format with bits flipped, bytes overwritten, cut short, or spliced to another."""
    files = small_files()
    relative = draw(st.sampled_from(files))
    data = bytearray(corpus_bytes(relative))
    kind = draw(st.sampled_from(("flip", "overwrite", "truncate", "splice")))
    if kind == "flip":
        flips = draw(st.lists(st.tuples(_fraction, st.integers(0, 7)), min_size=1, max_size=8))
        for where, bit in flips:
            data[int(where * len(data))] ^= 1 << bit
        how = f"{len(flips)} bit(s) flipped"
    elif kind == "overwrite":
        writes = draw(st.lists(st.tuples(_fraction, st.integers(0, 255)), min_size=1, max_size=8))
        for where, value in writes:
            data[int(where * len(data))] = value
        how = f"{len(writes)} byte(s) overwritten"
    elif kind == "truncate":
        cut = int(draw(_fraction) * len(data))
        data = data[:cut]
        how = f"cut at byte {cut}"
    else:
        other = draw(st.sampled_from(files))
        tail = corpus_bytes(other)
        cut, resume = int(draw(_fraction) * len(data)), int(draw(_fraction) * len(tail))
        data = data[:cut] + tail[resume:]
        how = f"bytes {cut}.. replaced by {other} from byte {resume}"
    return Mutant(bytes(data), _name(relative), f"{relative}: {how}")


# --- FIT: absurd values written in place, with valid checksums ---------------------------------------------

FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)


def fit_seconds(moment: datetime) -> int:
    return int((moment - FIT_EPOCH).total_seconds())


# Raw date_time values: within 1989 (a clock counting from power-on), 2099, and the largest valid value.
_TIMES = (0, 3_600, fit_seconds(datetime(2099, 6, 1, tzinfo=UTC)), 0xFFFFFFFE)
# (message, field) -> absurd raw values (before the profile's scale), by the FIT profile's numbers.
FIT_ABSURD: dict[tuple[int, int], tuple[int, ...]] = {
    (20, 3): (0, 1, 254, 255),  # record.heart_rate
    (18, 16): (0, 254, 255),  # session.avg_heart_rate
    (18, 17): (0, 254, 255),  # session.max_heart_rate
    (19, 15): (0, 254),  # lap.avg_heart_rate
    (19, 16): (0, 255),  # lap.max_heart_rate
    (20, 253): _TIMES,  # record.timestamp
    (18, 253): _TIMES,  # session.timestamp
    (18, 2): _TIMES,  # session.start_time
    (19, 253): _TIMES,  # lap.timestamp
    (19, 2): _TIMES,  # lap.start_time
    (21, 253): _TIMES,  # event.timestamp (sleep starts and stops)
    (34, 253): _TIMES,  # activity.timestamp
    (34, 5): _TIMES,  # activity.local_timestamp (the device's UTC offset)
    (225, 6): _TIMES,  # set.start_time
    (225, 254): _TIMES,  # set.timestamp
    (275, 253): _TIMES,  # sleep_level.timestamp
    (30, 253): _TIMES,  # weight_scale.timestamp
    (371, 253): _TIMES,  # hrv_value.timestamp
    (211, 253): _TIMES,  # monitoring_hr_data.timestamp
    (18, 7): (0, 0xFFFFFFFE, 2**31),  # session.total_elapsed_time (ms): 0, 49 days, 24 days
    (18, 8): (0xFFFFFFFE,),  # session.total_timer_time
    (19, 7): (0xFFFFFFFE,),  # lap.total_elapsed_time
    (18, 9): (0xFFFFFFFE,),  # session.total_distance (cm): 42,950 km
    (20, 5): (0xFFFFFFFE,),  # record.distance
    (20, 6): (0xFFFE,),  # record.speed (mm/s)
    (20, 73): (0xFFFFFFFE,),  # record.enhanced_speed: 4,295 km/s
    (18, 14): (0xFFFE,),  # session.avg_speed
    (20, 2): (0, 0xFFFE),  # record.altitude: -500 m, 12,607 m
    (20, 78): (0xFFFFFFFE,),  # record.enhanced_altitude: 859 km
    (20, 4): (254,),  # record.cadence
    (18, 18): (254,),  # session.avg_cadence
    (216, 2): (0xFFFFFFFE,),  # time_in_zone.time_in_hr_zone (ms)
    (225, 0): (0xFFFFFFFE,),  # set.duration (ms)
    (225, 3): (10_000, 0xFFFE),  # set.repetitions
    (225, 4): (0xFFFE,),  # set.weight (1/16 kg): 4,096 kg
    (30, 0): (1, 0xFFFE),  # weight_scale.weight (1/100 kg)
    (371, 0): (1, 0xFFFE),  # hrv_value.value (1/128 ms)
    (211, 0): (0, 254, 255),  # monitoring_hr_data.resting_heart_rate
    (211, 1): (0, 254),  # monitoring_hr_data.current_day_resting_heart_rate
    (227, 0): (1_000, -5),  # stress_level.stress_level_value
}


def fit_files_with(targets: dict[tuple[int, int], tuple[int, ...]]) -> list[str]:
    """Small intact FIT files holding at least one of the target fields."""
    out = []
    for relative in small_files("fit/", intact=True):
        found = fitbytes.layout(corpus_bytes(relative))
        if any(found.of(*key) for key in targets):
            out.append(relative)
    return out


@st.composite
def fit_absurd(draw: st.DrawFn) -> Mutant:
    """A real FIT file with one to four fields (in one message or all of them) set to absurd values."""
    relative = draw(st.sampled_from(_fit_targets()))
    data = corpus_bytes(relative)
    found = fitbytes.layout(data)
    present = [key for key in FIT_ABSURD if found.of(*key)]
    changes = []
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(present))
        fields = found.of(*key)
        raw = draw(st.sampled_from(FIT_ABSURD[key]))
        if draw(st.booleans()):
            fields = [fields[draw(st.integers(0, len(fields) - 1))]]
        data = fitbytes.write(data, fields, raw)
        changes.append(f"{key}={raw} in {len(fields)} message(s)")
    return Mutant(data, _name(relative), f"{relative}: {', '.join(changes)}")


@cache
def _fit_targets() -> list[str]:
    return fit_files_with(FIT_ABSURD)


@st.composite
def fit_redefined(draw: st.DrawFn) -> tuple[str, Mutant]:
    """An intact FIT file with one to three of its definition messages repeated (a legal redefinition)."""
    relative = draw(st.sampled_from(small_files("fit/", intact=True)))
    data = corpus_bytes(relative)
    repeats = draw(st.lists(_fraction, min_size=1, max_size=3))
    for where in repeats:
        definitions = fitbytes.layout(data).definitions
        if definitions:
            data = fitbytes.duplicate(data, definitions[int(where * len(definitions))])
    return relative, Mutant(data, _name(relative), f"{relative}: {len(repeats)} redefinition(s)")


# --- GPX and TCX: absurd values in the XML ---------------------------------------------------------------

_XML_TIMES = (
    b"1989-06-01T00:00:00Z",
    b"1900-01-01T00:00:00Z",
    b"2099-01-01T00:00:00Z",
    b"0001-01-01T00:00:00+05:00",
    b"9999-12-31T23:59:59-05:00",
    b"2024-02-30T00:00:00Z",
    b"2024-01-01T00:00:00+23:59",
)
_XML_HEART_RATES = (b"0", b"255", b"-5", b"1e308", b"nan", b"inf")
# Element (local name, any prefix) -> absurd texts.
XML_ABSURD: dict[str, tuple[bytes, ...]] = {
    "time": _XML_TIMES,
    "Time": _XML_TIMES,
    "Id": _XML_TIMES,
    "hr": _XML_HEART_RATES,
    "Value": _XML_HEART_RATES,
    "cad": (b"255", b"-1", b"1e300"),
    "Cadence": (b"255", b"-1", b"1e300"),
    "RunCadence": (b"255", b"1e300"),
    "ele": (b"1e308", b"-1e308", b"99999", b"nan"),
    "AltitudeMeters": (b"1e308", b"-99999"),
    "TotalTimeSeconds": (b"-100", b"1e12", b"nan", b"604801"),
    "DistanceMeters": (b"-100", b"1e12", b"1e308"),
    "Calories": (b"-100", b"1e12"),
    "speed": (b"-1", b"1e6"),
    "Speed": (b"-1", b"1e6"),
    "LatitudeDegrees": (b"91", b"-1e308", b"nan"),
    "LongitudeDegrees": (b"181", b"1e308"),
}
# Attributes -> absurd values.
XML_ATTRIBUTES: dict[str, tuple[bytes, ...]] = {
    "lat": (b"91", b"nan", b"1e400", b"-inf"),
    "lon": (b"-181", b"inf"),
    "StartTime": (b"2099-01-01T00:00:00Z", b"0001-01-01T00:00:00+01:00", b"1900-01-01T00:00:00Z"),
}


def _element(name: str) -> re.Pattern[bytes]:
    tag = re.escape(name.encode())
    return re.compile(rb"<((?:[\w.-]+:)?" + tag + rb")\b[^>]*>(?P<value>[^<]*)</\1>")


def _attribute(name: str) -> re.Pattern[bytes]:
    return re.compile(rb"\s" + re.escape(name.encode()) + rb'="(?P<value>[^"]*)"')


def _replaced(match: re.Match[bytes], value: bytes) -> bytes:
    whole, start = match.group(0), match.start()
    return whole[: match.start("value") - start] + value + whole[match.end("value") - start :]


@st.composite
def xml_absurd(draw: st.DrawFn) -> Mutant:
    """A real GPX or TCX file with one to four elements or attributes (one or all) given absurd values."""
    relative = draw(st.sampled_from(small_files("gpx/", "tcx/")))
    data = corpus_bytes(relative)
    changes = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 4)):
            name = draw(st.sampled_from(sorted(XML_ABSURD)))
            pattern, value = _element(name), draw(st.sampled_from(XML_ABSURD[name]))
        else:
            name = draw(st.sampled_from(sorted(XML_ATTRIBUTES)))
            pattern, value = _attribute(name), draw(st.sampled_from(XML_ATTRIBUTES[name]))
        found = list(pattern.finditer(data))
        if not found:
            continue
        if draw(st.booleans()):
            data = pattern.sub(lambda match, value=value: _replaced(match, value), data)
            changes.append(f"every {name}={value.decode()}")
        else:
            match = found[draw(st.integers(0, len(found) - 1))]
            data = data[: match.start()] + _replaced(match, value) + data[match.end() :]
            changes.append(f"one {name}={value.decode()}")
    return Mutant(data, _name(relative), f"{relative}: {', '.join(changes) or 'unchanged'}")


# --- Hevy and Strong CSV: absurd cells -------------------------------------------------------------------

HEVY = "csv/strong-statistics__sample_hevy.csv"
STRONG = "csv/strong-statistics__sample_strong_legacy.csv"
_NUMBERS = ("-5", "-0.5", "10000", "1e308", "1e400", "nan", "inf", "99999999999999999999", "")
# Column -> absurd cells, per export.
CSV_ABSURD: dict[str, dict[str, tuple[str, ...]]] = {
    HEVY: {
        "start_time": (
            "1 Jan 1900, 00:00",
            "1 Jan 2099, 10:00",
            "1900-01-01T00:00:00",
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "2024-01-01T00:00:00+23:00",
            "31 Feb 2024, 10:00",
        ),
        "end_time": ("1 Jan 1900, 00:00", "1 Jan 2099, 10:00", "1 Jan 2020, 10:00"),
        "weight_kg": _NUMBERS,
        "reps": _NUMBERS,
        "duration_seconds": _NUMBERS,
        "distance_km": _NUMBERS,
        "rpe": ("11", "-1", "nan"),
        "set_type": ("normal", "bogus", ""),
        "exercise_title": ("", "x" * 300),
    },
    STRONG: {
        "Date": (
            "1900-01-01 00:00:00",
            "2099-01-01 00:00:00",
            "0001-01-01 00:00:00",
            "9999-12-31 23:59:59",
            "2024-13-01 00:00:00",
        ),
        "Duration": ("-5m", "99999999h", "9" * 400, "1h 99999999999999m", "x"),
        "Weight": _NUMBERS,
        "Reps": _NUMBERS,
        "Seconds": _NUMBERS,
        "Distance": _NUMBERS,
        "RPE": ("11", "-1"),
        "Set Order": ("W", "Rest Timer", "0", "-1", "x"),
        "Exercise Name": ("", "x" * 300),
    },
}


def csv_rows(relative: str) -> tuple[str, list[str], list[list[str]]]:
    """A lifting export's delimiter, header and rows."""
    text = corpus_bytes(relative).decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return delimiter, rows[0], [row for row in rows[1:] if row]


def csv_bytes(delimiter: str, header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@st.composite
def csv_absurd(draw: st.DrawFn) -> Mutant:
    """The first rows of a real Hevy or Strong export with one to four cells (or columns) made absurd."""
    relative = draw(st.sampled_from((HEVY, STRONG)))
    delimiter, header, rows = csv_rows(relative)
    rows = [list(row) for row in rows[: draw(st.integers(1, 40))]]
    changes = []
    for _ in range(draw(st.integers(1, 4))):
        column = draw(st.sampled_from(sorted(CSV_ABSURD[relative])))
        index = header.index(column)
        value = draw(st.sampled_from(CSV_ABSURD[relative][column]))
        if draw(st.booleans()):
            for row in rows:
                row[index] = value
            changes.append(f"every {column}={value[:20]!r}")
        else:
            rows[draw(st.integers(0, len(rows) - 1))][index] = value
            changes.append(f"one {column}={value[:20]!r}")
    data = csv_bytes(delimiter, header, rows)
    return Mutant(data, _name(relative), f"{relative} ({len(rows)} rows): {', '.join(changes)}")


def hevy_sets(count: int, *, one_workout: bool) -> bytes:
    """A Hevy export of `count` set rows built from the real export's rows (repeated as needed); with
    `one_workout`, every row belongs to the first workout."""
    delimiter, header, rows = csv_rows(HEVY)
    title, start, end = (header.index(c) for c in ("title", "start_time", "end_time"))
    out = []
    for number in range(count):
        row = list(rows[number % len(rows)])
        if one_workout:
            row[title], row[start], row[end] = rows[0][title], rows[0][start], rows[0][end]
        out.append(row)
    return csv_bytes(delimiter, header, out)
