"""Where the athlete's history starts: the first plausible instant of a FIT clock, or `[athlete] first_day`."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from runlift.projections.first_day import FIRST_PLAUSIBLE_UTC, FIT_EPOCH_UTC, HistoryStart
from runlift.settings import ConfigError, load_settings

SECOND = timedelta(seconds=1)
DEFAULT = HistoryStart()


def test_the_first_plausible_instant_is_where_fit_times_stop_counting_from_power_on():
    # FIT SDK profile, date_time: "if < 0x10000000 then system time (seconds from device power on)".
    boundary = FIT_EPOCH_UTC + timedelta(seconds=0x10000000)
    assert boundary == FIRST_PLAUSIBLE_UTC
    assert boundary == datetime(1998, 7, 3, 21, 24, 16, tzinfo=UTC)
    assert DEFAULT.before == date(1998, 7, 3)
    assert DEFAULT.rule == "fit_power_on"


@pytest.mark.parametrize(
    ("at_utc", "left_out"),
    [
        pytest.param(FIT_EPOCH_UTC + 2 * SECOND, True, id="a camera 2 s after power-on"),
        pytest.param(FIRST_PLAUSIBLE_UTC - SECOND, True, id="the last power-on count"),
        pytest.param(FIRST_PLAUSIBLE_UTC, False, id="the first absolute FIT time"),
        pytest.param(datetime(2025, 3, 3, 6, 30, tzinfo=UTC), False, id="a run in 2025"),
    ],
)
def test_a_fact_dated_by_a_clock_before_the_first_plausible_instant_is_left_out(at_utc, left_out):
    assert DEFAULT.leaves_out(at_utc, at_utc.date()) is left_out


def test_a_fact_no_clock_dated_is_left_out_when_its_whole_day_comes_before():
    assert DEFAULT.leaves_out(None, date(1998, 7, 2))
    assert not DEFAULT.leaves_out(None, date(1998, 7, 3))


def test_the_athletes_first_day_replaces_the_default_earlier_or_later():
    later = HistoryStart(date(2019, 3, 1))
    assert later.leaves_out(datetime(2019, 2, 28, 23, 0, tzinfo=UTC), date(2019, 2, 28))
    # The local day decides, not the UTC instant: 23:30 UTC on 28 February is 1 March in Berlin.
    assert not later.leaves_out(datetime(2019, 2, 28, 23, 30, tzinfo=UTC), date(2019, 3, 1))
    assert (later.before, later.rule) == (date(2019, 3, 1), "first_day")

    earlier = HistoryStart(date(1996, 1, 1))  # a GPS log of 1996 is a real date
    assert not earlier.leaves_out(datetime(1996, 5, 1, 9, 0, tzinfo=UTC), date(1996, 5, 1))
    assert earlier.leaves_out(FIT_EPOCH_UTC + 2 * SECOND, date(1989, 12, 31))


def _home(tmp_path: Path, athlete: str) -> Path:
    (tmp_path / "runlift.toml").write_text(f"[athlete]\nid = 'a'\n{athlete}\n", encoding="utf-8")
    return tmp_path


def test_first_day_is_unset_by_default_and_a_toml_date_sets_it(tmp_path):
    assert load_settings(_home(tmp_path, ""), environ={}).config.athlete.first_day is None
    settings = load_settings(_home(tmp_path, "first_day = 2019-03-01"), environ={})
    assert settings.config.athlete.first_day == date(2019, 3, 1)


def test_a_first_day_that_is_not_a_date_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigError, match=r"athlete\.first_day"):
        load_settings(_home(tmp_path, "first_day = 'soon'"), environ={})
