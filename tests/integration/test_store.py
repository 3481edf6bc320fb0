"""The store: one URL chooses SQLite or PostgreSQL, each application apart, dates and sources round-trip."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from runlift.domain.checkins import Report
from runlift.domain.events import Source
from runlift.ingest.history import History
from runlift.journal import Journal
from runlift.queries.eventlog import read_events
from runlift.storage.persistence import StoreURLError, environment, parse_store_url


def test_a_sqlite_url_gives_each_application_its_own_file(tmp_path):
    store = parse_store_url(f"sqlite://{tmp_path}/store")

    history = environment(store, "History")
    journal = environment(store, "Journal")

    assert history["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
    assert history["SQLITE_DBNAME"] == str(tmp_path / "store" / "history.sqlite")
    assert journal["SQLITE_DBNAME"] == str(tmp_path / "store" / "journal.sqlite")


def test_a_postgresql_url_maps_onto_the_library_keys():
    store = parse_store_url("postgresql://coach:s%3Acret@db.local:6543/runlift?schema=athletes")

    env = environment(store, "History")

    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("db.local", "6543")
    assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("coach", "s:cret")
    assert (env["POSTGRES_DBNAME"], env["POSTGRES_SCHEMA"]) == ("runlift", "athletes")
    assert store.display == "postgresql://coach:***@db.local:6543/runlift?schema=athletes"


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://x@y/z", "unknown scheme 'mysql'"),
        ("postgresql://x@y", "no database name given"),
        ("sqlite://", "no directory given"),
        ("postgresql://x@y:notaport/db", "the port is not a number"),
        ("postgresql://x@y/db?sslmode=require", "unknown parameter 'sslmode'"),
    ],
)
def test_a_bad_database_url_is_refused_with_the_accepted_forms(url, problem):
    with pytest.raises(StoreURLError, match=problem) as caught:
        parse_store_url(url)
    assert "expected sqlite:///absolute/dir or postgresql://" in str(caught.value)


def test_process_environment_keys_cannot_redirect_the_store(store_url, tmp_path, monkeypatch):
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.popo")
    monkeypatch.setenv("HISTORY_SQLITE_DBNAME", str(tmp_path / "elsewhere.sqlite"))
    history = History(parse_store_url(store_url), "athlete-1")

    assert history.factory.__module__ in ("eventsourcing.sqlite", "eventsourcing.postgres")
    assert not (tmp_path / "elsewhere.sqlite").exists()
    history.close()


def test_applications_sharing_a_store_do_not_read_each_others_events(store_url):
    store = parse_store_url(store_url)
    history = History(store, "athlete-1")
    journal = Journal(store, "athlete-1")

    journal.check_in(date(2024, 5, 1), Report(mood=4, energy=3, note="legs heavy"))

    assert list(read_events(history)) == []
    [checkin] = list(read_events(journal))
    assert checkin["type"] == "CheckInRecorded"
    assert (checkin["local_day"], checkin["mood"], checkin["note"]) == (
        "2024-05-01",
        4,
        "legs heavy",
    )
    history.close()
    journal.close()


def test_dates_and_sources_round_trip_through_the_store(store_url):
    history = History(parse_store_url(store_url), "athlete-1")
    source = Source("ab" * 32, "x.fit", "fit", "1.0", "garmin", "fr965", None)
    from runlift.domain.events import RunCompleted

    facts = [
        (
            RunCompleted,
            dict(
                activity_index=0,
                sport="running",
                sub_sport=None,
                start_utc=datetime(2024, 5, 1, 21, 30, tzinfo=UTC),
                local_day=date(2024, 5, 1),
                utc_offset_s=7200,
                elapsed_s=1800.0,
                moving_s=1750.0,
                distance_m=5000.0,
                avg_hr_bpm=150.0,
                max_hr_bpm=171.0,
                hr_zone_s=[0.0, 60.0, 600.0, 900.0, 240.0],
                hr_zone_bounds_bpm=[134.0, 148.0, 162.0, 176.0],
                avg_cadence_spm=172.0,
                max_cadence_spm=180.0,
                avg_speed_mps=2.8,
                elevation_gain_m=12.0,
                elevation_loss_m=11.0,
                calories_kcal=400.0,
                rpe=None,
                title=None,
                laps=[{"start_utc": datetime(2024, 5, 1, 21, 30, tzinfo=UTC), "elapsed_s": 1800.0}],
                has_samples=False,
                salvaged=None,
            ),
        )
    ]
    file_id = history.record_import(
        source=source, size_bytes=10, format="FIT", archive=None, salvaged=None, facts=facts
    ).id

    events = history.repository.get(file_id)
    assert events.source == source
    stored = list(history.events.get(file_id))
    run = stored[1]
    assert isinstance(run, RunCompleted)
    assert run.local_day == date(2024, 5, 1)
    assert run.source == source
    assert run.laps[0]["start_utc"] == datetime(2024, 5, 1, 21, 30, tzinfo=UTC)
    history.close()


def test_a_home_store_url_is_the_default(tmp_path):
    from runlift.settings import load_settings

    settings = load_settings(tmp_path / "home", environ={})

    assert settings.database_url == f"sqlite://{tmp_path / 'home' / 'store'}"
    assert parse_store_url(settings.database_url).sqlite_dir == Path(tmp_path / "home" / "store")


def test_the_fast_transcoder_writes_what_eventsourcings_own_reads_and_back():
    from uuid import uuid4

    from eventsourcing.persistence import DatetimeAsISO, JSONTranscoder

    from runlift.storage.transcoder import FastJSONTranscoder, register_transcodings

    fast, plain = FastJSONTranscoder(), JSONTranscoder()
    for transcoder in (fast, plain):
        register_transcodings(transcoder)
        transcoder.register(DatetimeAsISO())
    state = {
        "local_day": date(2024, 5, 1),
        "start_utc": datetime(2024, 5, 1, 6, 0, tzinfo=UTC),
        "source": Source("ab" * 32, "x.fit", "fit", "1.0"),
        "laps": [{"start_utc": datetime(2024, 5, 1, 6, 0, tzinfo=UTC), "elapsed_s": 1.5}],
        "name": "Kniebeuge ünd Ausfallschritt",
        "hr": [120.0, None, 121.5],
    }

    assert plain.decode(fast.encode(state)) == state
    assert fast.decode(plain.encode(state)) == state
    assert (
        fast.decode(fast.encode({"id": uuid4()}))["id"].__class__ is str
    )  # why no event holds a UUID


def test_no_event_field_holds_a_uuid_which_the_fast_transcoder_would_turn_into_a_string():
    import dataclasses
    import typing

    from runlift.domain.events import EVENT_TYPES

    base = {"originator_id", "originator_version", "timestamp", "originator_topic"}
    for name, cls in EVENT_TYPES.items():
        hints = typing.get_type_hints(cls)
        for f in dataclasses.fields(cls):
            if f.name not in base:
                assert "UUID" not in str(hints[f.name]), f"{name}.{f.name}"


def test_a_file_of_thousands_of_events_saves_in_one_transaction(store_url):
    """A lifting app's export is one file with thousands of sets; on PostgreSQL this once stalled for good."""
    from runlift.domain.events import SetLogged

    history = History(parse_store_url(store_url), "athlete-1")
    sets = [
        (
            SetLogged,
            dict(
                session_index=i // 20,
                set_index=i % 20,
                start_utc=None,
                local_day=date(2024, 5, 1),
                duration_s=None,
                reps=8,
                weight_kg=100.0,
                set_type="working",
                exercise_name="Squat (Barbell)",
                exercise_category=None,
                rpe=None,
                rest_after_s=None,
                distance_m=None,
                note=None,
            ),
        )
        for i in range(8000)
    ]
    source = Source("cd" * 32, "hevy.csv", "hevy", "1.0")

    history.record_import(
        source=source, size_bytes=1, format="Hevy CSV", archive=None, salvaged=None, facts=sets
    )

    assert len(list(read_events(history, ["SetLogged"]))) == 8000
    history.close()
