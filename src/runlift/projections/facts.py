"""The facts stage: stored events become rows the read models are computed from, and the days they touch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from runlift_migrations import read_models as rm
from sqlalchemy import Connection, Table, bindparam, delete, select, update

from runlift.coaching.exercises import exercise_key
from runlift.domain import events as ev
from runlift.domain.sessions import session_of
from runlift.projections.duplicates import Duplicates, Link, rank_of
from runlift.projections.first_day import HistoryStart
from runlift.projections.rows import insert_dicts
from runlift.projections.samples import sample_figures
from runlift.settings import Profile

# Every column of a session row (a batch inserts rows of one shape).
_EMPTY_SESSION: dict[str, Any] = {column.name: None for column in rm.session.c}


@dataclass
class FactBatch:
    """The rows one batch of events adds, written together by `flush`, and the local days they change.

    The one place where events enter the read models, so the one place that leaves out the facts dated
    before the athlete's history (`start`): such a fact becomes a row of view_left_out instead, and the sets,
    samples, index entry and duplicate links of a session left out go with it.
    """

    conn: Connection
    athlete_id: str
    profile: Profile
    start: HistoryStart = field(default_factory=HistoryStart)
    dirty: set[date] = field(default_factory=set)
    _sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    _updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    _rows: dict[Table, list[dict[str, Any]]] = field(default_factory=dict)
    _unlinked: list[str] = field(default_factory=list)
    _ratings: dict[str, dict[str, Any]] = field(default_factory=dict)  # session -> latest rating
    _regroup: bool = False
    _left_out_sessions: set[str] | None = None
    regroup_lifts: bool = (
        False  # an exercise mapping changed: the strength view regroups every session
    )

    def apply(self, event: object) -> None:
        """Take one event (of any athlete; others' are ignored)."""
        if getattr(event, "athlete_id", None) != self.athlete_id:
            return
        handler = _HANDLERS.get(type(event))
        if handler is not None and not self._left_out(event):
            handler(self, event)

    def apply_figures(self, athlete_id: str, session: str, figures: dict[str, Any]) -> None:
        """Take an activity's sample figures computed elsewhere (projections/sample_worker.py): what
        applying its ActivitySamplesRecorded event does."""
        if athlete_id == self.athlete_id and session not in self.left_out_sessions():
            self._update(session, figures)

    def _left_out(self, event: Any) -> bool:
        """Whether the event is a fact dated before the athlete's history, or belongs to a session that is."""
        if isinstance(event, ev.ActivityEvent | ev.StrengthSessionCompleted):
            kind = _SESSION_KINDS[type(event)]
            return self._dated(event, session_of(event), kind, event.start_utc)
        if isinstance(event, ev.SleepRecorded):
            return self._dated(event, _record(event), "sleep", event.start_utc)
        if isinstance(event, ev.WellnessRecorded):
            return self._dated(event, _record(event), "wellness", event.measured_utc)
        if isinstance(event, ev.CheckInRecorded):
            return self._dated(event, str(event.originator_id), "checkin", event.recorded_utc)
        if isinstance(event, ev.ActivitySamplesRecorded | ev.SetLogged):
            return session_of(event) in self.left_out_sessions()
        if isinstance(event, ev.SessionIndexed):
            return event.session in self.left_out_sessions()
        if isinstance(event, ev.DuplicateLinked):
            return bool({event.session, event.duplicate_of} & self.left_out_sessions())
        return False

    def _dated(self, event: Any, record: str | None, kind: str, at_utc: datetime) -> bool:
        if not self.start.leaves_out(at_utc, event.local_day):
            return False
        assert record is not None
        row = {"record": record, "kind": kind, "local_day": event.local_day, "at_utc": at_utc}
        self._rows.setdefault(rm.left_out, []).append({"athlete_id": self.athlete_id, **row})
        if kind in _SESSION_KINDS.values():
            self.left_out_sessions().add(record)
        return True

    def left_out_sessions(self) -> set[str]:
        """The sessions left out so far (read from view_left_out once per batch, when first needed)."""
        if self._left_out_sessions is None:
            lo = rm.left_out.c
            self._left_out_sessions = set(
                self.conn.execute(
                    select(lo.record).where(
                        lo.athlete_id == self.athlete_id,
                        lo.kind.in_(sorted(set(_SESSION_KINDS.values()))),
                    )
                ).scalars()
            )
        return self._left_out_sessions

    def _activity(self, event: ev.ActivityEvent) -> None:
        kind = _SESSION_KINDS[type(event)]
        self._session(
            event,
            kind=kind,
            sport=event.sport,
            moving_s=event.moving_s,
            distance_m=event.distance_m,
            elevation_loss_m=event.elevation_loss_m,
            title=event.title,
        )

    def _strength(self, event: ev.StrengthSessionCompleted) -> None:
        self._session(event, kind="strength", sport="strength_training", title=event.title)

    def _session(self, event: Any, **fields: Any) -> None:
        session = session_of(event)
        assert session is not None
        self._sessions[session] = {
            **_EMPTY_SESSION,
            "athlete_id": self.athlete_id,
            "session": session,
            "local_day": event.local_day,
            "start_utc": event.start_utc,
            "elapsed_s": event.elapsed_s,
            "avg_hr_bpm": event.avg_hr_bpm,
            "rpe": event.rpe,
            "primary_session": session,
            **fields,
        }
        self.dirty.add(event.local_day)

    def _samples(self, event: ev.ActivitySamplesRecorded) -> None:
        session = session_of(event)
        assert session is not None
        self._update(session, sample_figures(event, self.profile))

    def _indexed(self, event: ev.SessionIndexed) -> None:
        self._update(event.session, {"richness": event.richness, "file_sha256": event.file_sha256})
        self._regroup = True

    def _update(self, session: str, fields: dict[str, Any]) -> None:
        pending = self._sessions.get(session)
        if pending is not None:
            pending.update(fields)
        else:
            self._updates.setdefault(session, {}).update(fields)

    def _set(self, event: ev.SetLogged) -> None:
        session = session_of(event)
        self._row(
            rm.set_,
            session=session,
            set_index=event.set_index,
            local_day=event.local_day,
            exercise_name=event.exercise_name,
            exercise_category=event.exercise_category,
            set_type=event.set_type,
            reps=event.reps,
            weight_kg=event.weight_kg,
            rpe=event.rpe,
        )

    def _sleep(self, event: ev.SleepRecorded) -> None:
        self._row(
            rm.sleep,
            record=_record(event),
            local_day=event.local_day,
            start_utc=event.start_utc,
            end_utc=event.end_utc,
            duration_s=event.duration_s,
            deep_min=event.deep_min,
            light_min=event.light_min,
            rem_min=event.rem_min,
            awake_min=event.awake_min,
        )

    def _wellness(self, event: ev.WellnessRecorded) -> None:
        self._row(
            rm.wellness,
            record=_record(event),
            local_day=event.local_day,
            measured_utc=event.measured_utc,
            resting_hr_bpm=event.resting_hr_bpm,
            hrv_rmssd_ms=event.hrv_rmssd_ms,
            hrv_sdnn_ms=event.hrv_sdnn_ms,
        )

    def _checkin(self, event: ev.CheckInRecorded) -> None:
        self._row(
            rm.checkin,
            record=str(event.originator_id),
            local_day=event.local_day,
            recorded_utc=event.recorded_utc,
            mood=event.mood,
            energy=event.energy,
            soreness=event.soreness,
            joint_pain=event.joint_pain,
            pain_site=event.pain_site,
        )

    def _rated(self, event: ev.SessionRated) -> None:
        # The latest rating of a session wins (events arrive in log order); written by _write_ratings.
        self._ratings[event.session] = {
            "athlete_id": self.athlete_id,
            "session": event.session,
            "record": str(event.originator_id),
            "local_day": event.local_day,
            "rpe": event.rpe,
            "recorded_utc": event.recorded_utc,
        }

    def _linked(self, event: ev.DuplicateLinked) -> None:
        self._rows.setdefault(rm.link, []).append(
            {
                "athlete_id": self.athlete_id,
                "link_id": event.link_id,
                "session": event.session,
                "duplicate_of": event.duplicate_of,
            }
        )
        self._regroup = True

    def _unlinked_(self, event: ev.DuplicateUnlinked) -> None:
        self.flush_rows()  # the link may be in this batch
        self._unlinked.append(event.link_id)
        self._regroup = True

    def _mapped(self, event: ev.ExerciseMapped) -> None:
        self._unmapped(event)
        self.conn.execute(
            rm.exercise_map.insert(),
            {
                "athlete_id": self.athlete_id,
                "name_key": exercise_key(event.name),
                "name": event.name,
                "exercise_id": event.exercise_id,
            },
        )

    def _unmapped(self, event: ev.ExerciseMapped | ev.ExerciseUnmapped) -> None:
        m = rm.exercise_map.c
        self.conn.execute(
            delete(rm.exercise_map).where(
                m.athlete_id == self.athlete_id, m.name_key == exercise_key(event.name)
            )
        )
        self.regroup_lifts = True

    def _row(self, table: Table, **fields: Any) -> None:
        self._rows.setdefault(table, []).append({"athlete_id": self.athlete_id, **fields})
        self.dirty.add(fields["local_day"])

    def flush_rows(self) -> None:
        """Write the pending rows (sessions first: updates and links refer to them)."""
        if self._sessions:
            self.conn.execute(rm.session.insert(), list(self._sessions.values()))
            self._sessions.clear()
        for table, rows in self._rows.items():
            if rows:  # straight through the driver: SQLAlchemy's per-row work cost more
                insert_dicts(self.conn, table, rows)
        self._rows.clear()
        if self._unlinked:
            self.conn.execute(
                delete(rm.link).where(
                    rm.link.c.athlete_id == self.athlete_id, rm.link.c.link_id.in_(self._unlinked)
                )
            )
            self._unlinked.clear()
        if self._updates:
            self._write_updates()
        if self._ratings:
            self._write_ratings()

    def _write_updates(self) -> None:
        by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for session, fields in self._updates.items():
            by_columns.setdefault(tuple(sorted(fields)), []).append({"_s": session, **fields})
        for columns, rows in by_columns.items():
            statement = (
                update(rm.session)
                .where(
                    rm.session.c.athlete_id == self.athlete_id,
                    rm.session.c.session == bindparam("_s"),
                )
                .values({c: bindparam(c) for c in columns})
            )
            self.conn.execute(statement, rows)
        self._updates.clear()

    def _write_ratings(self) -> None:
        """Replace each rated session's stored rating with this batch's latest, and mark the days that
        changes: the rating's, the replaced one's, and those of the session and its primary when the session
        is already a fact (a session that comes later marks its own day; a later link or unlink marks the
        days whose primary it changes). The derived models join the rating; nothing is copied onto a row."""
        r, s = rm.session_rating.c, rm.session.c
        rated = sorted(self._ratings)
        mine = (r.athlete_id == self.athlete_id) & r.session.in_(rated)
        self.dirty.update(self.conn.execute(select(r.local_day).where(mine)).scalars())
        self.conn.execute(delete(rm.session_rating).where(mine))
        self.conn.execute(rm.session_rating.insert(), [self._ratings[k] for k in rated])
        self.dirty.update(row["local_day"] for row in self._ratings.values())
        sessions = self.conn.execute(
            select(s.local_day, s.primary_session).where(
                s.athlete_id == self.athlete_id, s.session.in_(rated)
            )
        ).all()
        self.dirty.update(row.local_day for row in sessions)
        primaries = {row.primary_session for row in sessions} - set(rated)
        if primaries:
            self.dirty.update(
                self.conn.execute(
                    select(s.local_day).where(
                        s.athlete_id == self.athlete_id, s.session.in_(sorted(primaries))
                    )
                ).scalars()
            )
        self._ratings.clear()

    def flush(self) -> set[date]:
        """Write everything, regroup duplicates if links or ranks changed, and return the changed days."""
        self.flush_rows()
        if self._regroup:
            self._regroup_duplicates()
            self._regroup = False
        return self.dirty

    def _regroup_duplicates(self) -> None:
        """Set every session's primary from the links (`Duplicates` decides); a change dirties its day."""
        s, k = rm.session.c, rm.link.c
        links = self.conn.execute(
            select(k.link_id, k.session, k.duplicate_of).where(k.athlete_id == self.athlete_id)
        ).all()
        duplicates = Duplicates()
        duplicates.links = {row[0]: Link(row[0], row[1], row[2], {}, "", "") for row in links}
        linked = {row[1] for row in links} | {row[2] for row in links}
        current = self.conn.execute(
            select(
                s.session, s.primary_session, s.local_day, s.richness, s.file_sha256, s.sport
            ).where(
                s.athlete_id == self.athlete_id,
                s.session.in_(linked) | (s.primary_session != s.session),
            )
        ).all()
        duplicates.rank = {row[0]: rank_of(row[5], row[3], row[4]) for row in current}
        wanted = {m: g.primary for g in duplicates.groups() for m in g.members}
        changes = [
            {"_s": row[0], "primary_session": wanted.get(row[0], row[0])}
            for row in current
            if wanted.get(row[0], row[0]) != row[1]
        ]
        days = {row[0]: row[2] for row in current}
        if changes:
            self.conn.execute(
                update(rm.session)
                .where(s.athlete_id == self.athlete_id, s.session == bindparam("_s"))
                .values(primary_session=bindparam("primary_session")),
                changes,
            )
            self.dirty.update(days[c["_s"]] for c in changes)


def _record(event: Any) -> str:
    """The row key of a night or a reading: its file's aggregate and its place among the file's events."""
    return f"{event.originator_id}:{event.originator_version}"


def session_ratings(conn: Connection, athlete_id: str, from_day: date) -> dict[str, float]:
    """The athlete's session RPE per primary session of `from_day` on: the latest rating (by when it was
    given; then by session key) of any record of the workout, so that a rating given to a duplicate counts
    for its primary. A rating whose session is not (or not yet) a fact counts for nothing."""
    r, s = rm.session_rating.c, rm.session.c
    primary = rm.session.alias("primary_row")
    rows = conn.execute(
        select(s.primary_session, r.recorded_utc, r.session, r.rpe)
        .join_from(
            rm.session_rating,
            rm.session,
            (s.athlete_id == r.athlete_id) & (s.session == r.session),
        )
        .join(
            primary,
            (primary.c.athlete_id == s.athlete_id) & (primary.c.session == s.primary_session),
        )
        .where(r.athlete_id == athlete_id, primary.c.local_day >= from_day)
    ).all()
    latest: dict[str, tuple[Any, str, float]] = {}
    for key, recorded_utc, session, rpe in rows:
        if key not in latest or (recorded_utc, session) > latest[key][:2]:
            latest[key] = (recorded_utc, session, rpe)
    return {key: rpe for key, (_, _, rpe) in latest.items()}


_SESSION_KINDS: dict[type, str] = {
    ev.RunCompleted: "run",
    ev.ActivityCompleted: "other",
    ev.StrengthSessionCompleted: "strength",
}

_HANDLERS: dict[type, Callable[[FactBatch, Any], None]] = {
    ev.RunCompleted: FactBatch._activity,
    ev.ActivityCompleted: FactBatch._activity,
    ev.ActivitySamplesRecorded: FactBatch._samples,
    ev.StrengthSessionCompleted: FactBatch._strength,
    ev.SetLogged: FactBatch._set,
    ev.SleepRecorded: FactBatch._sleep,
    ev.WellnessRecorded: FactBatch._wellness,
    ev.CheckInRecorded: FactBatch._checkin,
    ev.SessionRated: FactBatch._rated,
    ev.SessionIndexed: FactBatch._indexed,
    ev.DuplicateLinked: FactBatch._linked,
    ev.DuplicateUnlinked: FactBatch._unlinked_,
    ev.ExerciseMapped: FactBatch._mapped,
    ev.ExerciseUnmapped: FactBatch._unmapped,
}

TOPIC_TYPES: tuple[type, ...] = tuple(_HANDLERS)
