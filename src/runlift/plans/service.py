"""The plan service: generates weeks, re-plans nightly from the projections, matches what was done."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from eventsourcing.persistence import IntegrityError
from runlift_migrations import read_models as rm
from sqlalchemy import Connection, func, select

from runlift.coaching import rules
from runlift.coaching.completion import Completion, Logged, completion
from runlift.coaching.exercises import identify
from runlift.coaching.model import (
    Adjustment,
    LiftState,
    LoadBasis,
    MuscleState,
    PlannedSession,
    Prescription,
    RunningHistory,
    State,
    Trained,
    Week,
)
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.safety import UnknownBodyPart, injury_part
from runlift.coaching.template import block_of, generate_week
from runlift.domain.events import PlanAdjusted
from runlift.domain.plan import PlanWeek, Program
from runlift.plans.planner import Planner
from runlift.projections.driver import Projections, ProjectionSettings
from runlift.projections.load import week_start as monday_of
from runlift.projections.muscles import LEGS, fatigue_at
from runlift.queries import figures


@dataclass(frozen=True)
class WeekView:
    """A week of the plan as it stands: the adjusted sessions, every adjustment, what was done or missed."""

    week: Week
    generated: Week
    adjustments: list[PlanAdjusted]
    completed: dict[str, str]
    missed: set[str]

    def as_json(self) -> dict[str, Any]:
        """`runlift plan --json` and the API's /api/plan (docs/cli.md)."""
        return {
            "week_start": self.week.start.isoformat(),
            "block": self.week.block,
            "sessions": [
                {**s.to_dict(), "key": s.key, "status": self._status(s.key)}
                for s in self.week.sessions
            ],
            "adjustments": [adjustment_json(a) for a in self.adjustments],
        }

    def _status(self, key: str) -> str:
        if key in self.completed:
            return "done"
        return "missed" if key in self.missed else "planned"


def adjustment_json(a: PlanAdjusted) -> dict[str, Any]:
    """One adjustment as the plan's JSON shows it."""
    return {
        "id": a.adjustment_id,
        "on_day": a.on_day.isoformat(),
        "rule": a.rule,
        "session": a.session,
        "change": a.change,
        "reason": a.reason,
        "figures": a.figures,
    }


class PlanService:
    """Generates and adjusts the plan; every change is an event of the week it belongs to."""

    def __init__(
        self,
        planner: Planner,
        projections: Projections,
        settings: ProjectionSettings,
        config: PlanConfig,
    ) -> None:
        self.planner = planner
        self.projections = projections
        self.settings = settings
        self.config = config
        self.athlete_id = settings.athlete_id

    def program(self, week_start: date) -> Program:
        """The athlete's program, started in the first block if there is none yet."""
        program = self.planner.program()
        if program is None:
            program = Program.start(self.athlete_id, self.config.blocks[0].name, week_start)
            try:
                self.planner.save(program)
            except IntegrityError:  # another process started it first
                program = self.planner.program()
                assert program is not None
        return program

    def ensure_week(self, week_start: date, today: date | None = None) -> PlanWeek:
        """The week's plan, generated from the template (in the block periodisation says) if missing, on
        `today` (default: its Monday): a week first planned on a Wednesday has no missed Monday."""
        existing = self.planner.week(week_start)
        if existing is not None:
            return existing
        self.projections.catch_up()  # its loads come from the strength projection, as of now
        program = self.program(week_start)
        block_week = max(1, (week_start - program.block_start).days // 7 + 1)
        state = State(today=week_start, block=program.block, block_week=block_week)
        empty = Week(week_start, program.block, ())
        for change in rules.periodisation(empty, state, self.config):
            program.change_block(change.change["to"], week_start, change.reason)
        with self.projections.engine.connect() as conn:
            loads = self.load_bases(conn, week_start)
            trained = self.trained(conn, week_start)
            running = self.running(conn, week_start)
        week = generate_week(week_start, self.config, program.block, loads, running, trained)
        generated = PlanWeek.generate(
            self.athlete_id,
            week_start,
            week.block,
            [s.to_dict() for s in week.sessions],
            generated_on=max(today or week_start, week_start),
        )
        try:
            self.planner.save(program, generated)
        except IntegrityError:  # generated by another process meanwhile
            again = self.planner.week(week_start)
            assert again is not None
            return again
        return generated

    def replan(self, day: date) -> list[Adjustment]:
        """The nightly job for `day`: catch the projections up, match the days before it, and record the
        rules' adjustments not already recorded (running it twice adds nothing)."""
        self.projections.catch_up()
        plan_week = self.ensure_week(monday_of(day), day)
        base = _generated(plan_week)
        with self.projections.engine.connect() as conn:
            state = self.state(conn, day, base)
            self._match(conn, plan_week, day)
        _, adjustments = rules.plan(base, state, self.config, rules.NIGHTLY)
        new = [
            a
            for a in adjustments
            if plan_week.adjust(
                a.id,
                on_day=day,
                rule=a.rule,
                session=a.session,
                change=a.change,
                reason=a.reason,
                figures=_json(a.figures),
            )
        ]
        self.planner.save(plan_week)
        return new

    def view(self, week_start: date) -> WeekView:
        """The week as it stands (generated first if missing)."""
        return self._view(self.ensure_week(week_start))

    def planned(self, week_start: date) -> WeekView | None:
        """The week as it stands, if it has been planned (nothing is generated)."""
        plan_week = self.planner.week(week_start)
        return None if plan_week is None else self._view(plan_week)

    def _view(self, plan_week: PlanWeek) -> WeekView:
        return WeekView(
            self.view_of(plan_week),
            _generated(plan_week),
            list(plan_week.adjustments),
            plan_week.completed,
            plan_week.missed,
        )

    def flag_injury(self, part: str, day: date, note: str | None = None) -> str:
        """Flag a body part from `day` on and return it as kept ("Left Knee " -> "left knee"); a part the
        plan does not know raises UnknownBodyPart (coaching.safety.injury_part) and stores nothing."""
        known = injury_part(part)
        program = self.program(monday_of(day))
        program.flag(known, day, note)
        self.planner.save(program)
        return known

    def clear_injury(self, part: str, day: date) -> str:
        """Clear a flagged part (written in any way `injury_part` accepts, or exactly as flagged) and return
        it as it was flagged; an unknown part raises UnknownBodyPart, a known one that is not flagged
        NotInjured (listing the flagged ones)."""
        program = self.program(monday_of(day))
        flagged = _flagged_as(program.injuries, part)
        program.clear(flagged, day)
        self.planner.save(program)
        return flagged

    def state(self, conn: Connection, day: date, week: Week) -> State:
        """What the rules decide from on `day`: readiness, load, lifts, runs done, injuries, block, and the
        legs' fatigue at the start of each day left in the week."""
        s = self.settings
        readiness = figures.readiness_on(conn, s, day)
        sleep = readiness.get("components", {}).get("sleep", {})
        load = figures.load_today(conn, s, day)
        running = load["channels"].get("running", {})
        program = self.program(week.start)
        block = block_of(self.config, program.block)
        return State(
            today=day,
            readiness_band=readiness.get("band"),
            readiness_score=readiness.get("score"),
            short_nights=sleep.get("short_nights", 0),
            short_nights_window=s.readiness.short_nights_window,
            short_nights_limit=s.readiness.short_nights,
            bedtime_sd_min=sleep.get("bedtime_sd_min"),
            bedtime_sd_limit=s.readiness.bedtime_sd_min,
            running_acwr=running.get("acwr", {}).get("value"),
            acwr_upper=s.load.acwr_upper,
            week_km_change_pct=load["running_week"]["change_pct"]["value"],
            spike_pct=s.load.spike_pct,
            week_km=load["running_week"]["km"]["value"] or 0.0,
            last_long_run_min=self._longest_run_min(
                conn, week.start - timedelta(days=7), week.start
            ),
            hard_runs_done=self._hard_runs(conn, week.start, day),
            lifts=self._lifts(conn, day),
            injuries=tuple(sorted(program.injuries)),
            block=block.name,
            block_week=max(1, (week.start - program.block_start).days // 7 + 1),
            weeks_since_reassessment=self._weeks_since_reassessment(week.start),
            legs=self._legs(conn, day, week.start + timedelta(days=7)),
            legs_threshold_pct=s.muscles.legs_threshold_pct,
        )

    def _legs(self, conn: Connection, first: date, end: date) -> dict[date, dict[str, MuscleState]]:
        """The leg muscles at the start (local 00:00 in the athlete's zone) of each day from `first` up to
        `end`, from the sessions done: the muscle projection decays what they left to each instant."""
        zone = ZoneInfo(self.settings.time_zone)
        out: dict[date, dict[str, MuscleState]] = {}
        day = first
        while day < end:
            start = datetime.combine(day, time(), tzinfo=zone)
            groups = fatigue_at(conn, self.athlete_id, start, self.settings.muscles)
            out[day] = {
                m: MuscleState(m, groups[m].fatigue_pct, groups[m].cause)
                for m in LEGS
                if m in groups
            }
            day += timedelta(days=1)
        return out

    def _lifts(self, conn: Connection, day: date) -> dict[str, LiftState]:
        completions = self._completions(conn, day)
        return {
            lift["key"]: LiftState(
                e1rm_kg=lift["e1rm_kg"]["value"],
                due=lift["due_for_progression"]["value"],
                plateau=lift["plateau"]["value"],
                last_increase=date.fromisoformat(lift["last_load_increase"])
                if lift["last_load_increase"]
                else None,
                last_rpe_max=lift["rpe"]["last_session_max"],
                last_two_rpe_max=lift["rpe"]["last_two_sessions_max"],
                completions=completions.get(lift["key"], ()),
            )
            for lift in figures.lifts(conn, self.settings, day)
        }

    def _completions(self, conn: Connection, day: date) -> dict[str, tuple[Completion | None, ...]]:
        """Per exercise, its last two sessions before `day` (within increase_window_days) against what the
        plan prescribed for them (None: not prescribed), latest first."""
        ls = rm.lift_session.c
        rows = conn.execute(
            select(ls.exercise, ls.local_day, ls.sets)
            .where(
                ls.athlete_id == self.athlete_id,
                ls.local_day < day,
                ls.local_day >= day - timedelta(days=self.settings.strength.increase_window_days),
            )
            .order_by(ls.exercise, ls.local_day.desc(), ls.session.desc())
        ).all()
        weeks: dict[date, dict[str, list[tuple[date, Prescription]]]] = {}
        out: dict[str, list[Completion | None]] = {}
        for row in rows:
            last = out.setdefault(row.exercise, [])
            if len(last) == 2:
                continue
            prescribed = self._prescribed(weeks, row.exercise, row.local_day)
            last.append(
                None
                if prescribed is None
                else completion(
                    prescribed.sets,
                    prescribed.reps,
                    prescribed.load_kg or 0.0,
                    [Logged(reps, weight, rpe) for reps, weight, rpe in row.sets],
                )
            )
        return {exercise: tuple(found) for exercise, found in out.items()}

    def _prescribed(
        self,
        weeks: dict[date, dict[str, list[tuple[date, Prescription]]]],
        exercise: str,
        day: date,
    ) -> Prescription | None:
        """The loaded prescription of `exercise` in the plan of `day`'s week: that day's, else the
        nearest day's (a lift done a day early or late)."""
        monday = monday_of(day)
        if monday not in weeks:
            plan_week = self.planner.week(monday)
            by_exercise: dict[str, list[tuple[date, Prescription]]] = {}
            if plan_week is not None:
                for planned in self.view_of(plan_week).sessions:
                    for e in planned.exercises:
                        if planned.kind == "lift" and e.load_kg and e.reps:
                            key = identify(e.name).id
                            by_exercise.setdefault(key, []).append((planned.day, e))
            weeks[monday] = by_exercise
        candidates = weeks[monday].get(exercise, [])
        if not candidates:
            return None
        return min(candidates, key=lambda pair: (abs((pair[0] - day).days), pair[0]))[1]

    def load_bases(self, conn: Connection, week_start: date) -> dict[str, LoadBasis]:
        """Per exercise, the best e1RM of its work sets in the [loads] recent_weeks before `week_start`,
        else (after a break) in the break_weeks before it."""
        c = self.config.loads
        ls = rm.lift_session.c
        recent = week_start - timedelta(weeks=c.recent_weeks)
        rows = conn.execute(
            select(
                ls.exercise, ls.local_day, ls.e1rm_epley_kg, ls.best_weight_kg, ls.best_reps
            ).where(
                ls.athlete_id == self.athlete_id,
                ls.local_day < week_start,
                ls.local_day >= week_start - timedelta(weeks=c.break_weeks),
                ls.e1rm_epley_kg.is_not(None),
            )
        ).all()
        best: dict[str, Any] = {}
        for row in rows:
            now_recent = row.local_day >= recent
            held = best.get(row.exercise)
            # A recent set beats any older one; among equals in recency, the higher e1RM.
            if held is None or (now_recent, row.e1rm_epley_kg) > (
                held.local_day >= recent,
                held.e1rm_epley_kg,
            ):
                best[row.exercise] = row
        return {
            exercise: LoadBasis(
                e1rm_kg=row.e1rm_epley_kg,
                weight_kg=row.best_weight_kg,
                reps=row.best_reps,
                day=row.local_day,
                after_break=row.local_day < recent,
            )
            for exercise, row in best.items()
        }

    def trained(self, conn: Connection, week_start: date) -> list[Trained]:
        """The exercises trained in the [slots] recent_weeks before `week_start`: sessions and last day."""
        ls = rm.lift_session.c
        rows = conn.execute(
            select(ls.exercise, func.count(), func.max(ls.local_day))
            .where(
                ls.athlete_id == self.athlete_id,
                ls.local_day < week_start,
                ls.local_day >= week_start - timedelta(weeks=self.config.slots.recent_weeks),
            )
            .group_by(ls.exercise)
        ).all()
        return [Trained(exercise, sessions, last) for exercise, sessions, last in rows]

    def running(self, conn: Connection, week_start: date) -> RunningHistory | None:
        """The athlete's running in the complete weeks before `week_start` ([volume] history_weeks of them,
        fewer for an athlete whose history began since): mean weekly minutes and median longest run."""
        first = week_start - timedelta(days=7 * self.config.volume.history_weeks)
        s = rm.session.c
        began = conn.execute(
            select(func.min(s.local_day)).where(s.athlete_id == self.athlete_id)
        ).scalar_one_or_none()
        if began is None or began >= week_start:
            return None
        first = max(first, monday_of(began))
        weeks = (week_start - first).days // 7
        if weeks == 0:
            return None
        totals = [0.0] * weeks
        longest = [0.0] * weeks
        for run in self._runs(conn, first, week_start - timedelta(days=1)):
            if run.kind != "run":
                continue
            index = (run.local_day - first).days // 7
            minutes = (run.moving_s or run.elapsed_s) / 60
            totals[index] += minutes
            longest[index] = max(longest[index], minutes)
        if not any(totals):
            return None
        return RunningHistory(
            weeks=weeks,
            weekly_minutes=sum(totals) / weeks,
            long_run_minutes=statistics.median(longest),
        )

    def _runs(self, conn: Connection, first: date, last: date) -> list[Any]:
        s = rm.session.c
        return list(
            conn.execute(
                select(s.session, s.local_day, s.moving_s, s.elapsed_s, s.mean_hrr, s.kind).where(
                    s.athlete_id == self.athlete_id,
                    s.primary_session == s.session,
                    s.local_day >= first,
                    s.local_day <= last,
                )
            )
        )

    def _hard_runs(self, conn: Connection, first: date, last: date) -> dict[date, str]:
        """Runs done from `first` to `last` that count as hard: long by duration, tempo by intensity."""
        r = self.config.rules
        hard: dict[date, str] = {}
        for run in self._runs(conn, first, last):
            if run.kind != "run":
                continue
            minutes = (run.moving_s or run.elapsed_s) / 60
            if minutes >= r.long_run_min:
                hard[run.local_day] = "long"
            elif run.mean_hrr is not None and run.mean_hrr >= r.hard_run_hrr:
                hard.setdefault(run.local_day, "tempo")
        return hard

    def _longest_run_min(self, conn: Connection, first: date, end: date) -> float | None:
        minutes = [
            (run.moving_s or run.elapsed_s) / 60
            for run in self._runs(conn, first, end - timedelta(days=1))
            if run.kind == "run"
        ]
        return max(minutes, default=None)

    def _weeks_since_reassessment(self, week_start: date) -> int | None:
        for back in range(0, self.config.rules.reassess_weeks + 1):
            earlier = self.planner.week(week_start - timedelta(days=7 * back))
            if earlier is not None and any(a.rule == "reassessment" for a in earlier.adjustments):
                return back
        return None

    def _match(self, conn: Connection, plan_week: PlanWeek, day: date) -> None:
        """Mark the runs and lifts planned before `day` done (an imported session of the kind that day)
        or missed."""
        week = self.view_of(plan_week)
        done = self._runs(conn, week.start, day - timedelta(days=1))
        used: set[str] = set(plan_week.completed.values())
        for planned in week.sessions:
            if planned.day >= day or planned.kind not in ("run", "lift"):
                continue
            kind = "run" if planned.kind == "run" else "strength"
            match = next(
                (
                    r.session
                    for r in done
                    if r.local_day == planned.day and r.kind == kind and r.session not in used
                ),
                None,
            )
            if match is not None:
                used.add(match)
                plan_week.complete(planned.key, match)
            elif plan_week.generated_on is None or planned.day >= plan_week.generated_on:
                plan_week.miss(planned.key)  # (a day before the week was planned is not missed)

    def view_of(self, plan_week: PlanWeek) -> Week:
        """The generated week with its recorded adjustments applied in order."""
        week = _generated(plan_week)
        for event in plan_week.adjustments:
            week = rules.apply(week, _adjustment(event), self.config)
        return week


def _flagged_as(flagged: dict[str, date], part: str) -> str:
    """The flagged part that `part` names: itself (also a part flagged before parts were checked), else
    the flagged part that normalises as it does, else its normal form (which Program.clear refuses)."""
    if part in flagged:
        return part
    wanted = injury_part(part)
    for one in flagged:
        try:
            if injury_part(one) == wanted:
                return one
        except UnknownBodyPart:
            continue
    return wanted


def _generated(plan_week: PlanWeek) -> Week:
    sessions = tuple(PlannedSession.from_dict(s) for s in plan_week.sessions)
    return Week(plan_week.week_start, plan_week.block, sessions)


def _adjustment(event: PlanAdjusted) -> Adjustment:
    return Adjustment(
        event.rule, event.session, dict(event.change), event.reason, dict(event.figures)
    )


def _json(value: Any) -> Any:
    """Figures as JSON-native values (dates as ISO strings)."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
