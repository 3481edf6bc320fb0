"""Stored events stay readable: an event stored at an older class version is read back upcast."""

from __future__ import annotations

from dataclasses import dataclass

from eventsourcing.domain import Aggregate
from eventsourcing.utils import clear_topic_cache, get_topic, register_topic
from runlift_migrations.events import CLASS_VERSIONS
from runlift_migrations.upcasters import add_field, chain, convert_field, rename_field

from runlift.domain.events import EVENT_TYPES
from runlift.storage.application import RunliftApplication
from runlift.storage.persistence import parse_store_url


class Scale(Aggregate):
    @dataclass(frozen=True)
    class Weighed(Aggregate.Created):
        weight: float  # v1: pounds, and no unit in the name

    def __init__(self, weight: float) -> None:
        self.weight = weight


class ScaleV2(Aggregate):
    @dataclass(frozen=True)
    class Weighed(Aggregate.Created):
        weight_kg: float
        body_fat_pct: float | None

        class_version = 2
        upcast_v1_v2 = staticmethod(
            chain(
                convert_field("weight", lambda lbs: round(lbs * 0.45359237, 3)),
                rename_field("weight", "weight_kg"),
                add_field("body_fat_pct", None),
            )
        )

    def __init__(self, weight_kg: float, body_fat_pct: float | None) -> None:
        self.weight_kg = weight_kg
        self.body_fat_pct = body_fat_pct


class Scales(RunliftApplication):
    name = "Scales"


def test_an_event_stored_at_an_older_class_version_is_read_back_upcast(store_url):
    store = parse_store_url(store_url)
    old_app = Scales(store, "athlete")
    scale = Scale(weight=150.0)
    old_app.save(scale)
    old_topic = get_topic(Scale.Weighed)
    old_app.close()

    # The code moves on: the same stored topics now resolve to the v2 classes.
    clear_topic_cache()
    register_topic(old_topic, ScaleV2.Weighed)
    register_topic(get_topic(Scale), ScaleV2)
    try:
        new_app = Scales(store, "athlete")
        event = new_app.repository.get(scale.id)
        assert isinstance(event, ScaleV2)
        assert event.weight_kg == 68.039
        assert event.body_fat_pct is None
        new_app.close()
    finally:
        clear_topic_cache()


def test_every_event_class_declares_the_version_the_migrations_list():
    actual = {name: getattr(cls, "class_version", 1) for name, cls in EVENT_TYPES.items()}
    assert actual == CLASS_VERSIONS
    for name, version in CLASS_VERSIONS.items():
        for step in range(1, version):
            assert hasattr(EVENT_TYPES[name], f"upcast_v{step}_v{step + 1}"), name


def test_a_plan_week_generated_before_v2_reads_back_with_no_generation_day():
    from runlift.domain.events import PlanWeekGenerated

    state = {"athlete_id": "a", "week_start": "2025-03-31", "block": "base", "sessions": []}
    PlanWeekGenerated.upcast_v1_v2(state)
    assert state["generated_on"] is None
    assert PlanWeekGenerated.class_version == CLASS_VERSIONS["PlanWeekGenerated"] == 2


def test_a_wellness_reading_stored_before_v2_reads_back_without_sdnn(app):
    from datetime import UTC, date, datetime
    from uuid import uuid4

    from eventsourcing.persistence import StoredEvent

    from runlift.domain.events import Source, WellnessRecorded

    history = app.history
    measured = datetime(2024, 3, 2, 6, 30, tzinfo=UTC)
    reading = WellnessRecorded(
        originator_id=uuid4(),
        originator_version=1,
        timestamp=measured,
        athlete_id=app.settings.athlete_id,
        source=Source("ab" * 32, "hrv.fit", "fit", "1.0.0"),
        measured_utc=measured,
        local_day=date(2024, 3, 2),
        resting_hr_bpm=None,
        hrv_rmssd_ms=61.5,
        stress=None,
        hrv_sdnn_ms=80.0,
    )
    # The same reading as v1 stored it: no class_version (1) and no SDNN field.
    current = history.mapper.to_stored_event(reading)
    state = history.mapper.transcoder.decode(current.state)
    assert state.pop("class_version") == 2
    del state["hrv_sdnn_ms"]
    old = StoredEvent(
        originator_id=current.originator_id,
        originator_version=current.originator_version,
        topic=current.topic,
        state=history.mapper.transcoder.encode(state),
    )
    history.recorder.insert_events([old])

    [read] = history.events.get(reading.originator_id)

    assert isinstance(read, WellnessRecorded)
    assert (read.hrv_rmssd_ms, read.hrv_sdnn_ms) == (61.5, None)
    assert WellnessRecorded.class_version == CLASS_VERSIONS["WellnessRecorded"] == 2
