"""The safety rules of the plan (docs/coaching.md rules 2, 6, 7, 8): they run first and win conflicts."""

from __future__ import annotations

import re

from runlift.coaching.model import Adjustment, PlannedSession, State, Week
from runlift.coaching.plan_config import PlanConfig
from runlift.coaching.wording import shown
from runlift.domain.errors import Refused

# Body parts an athlete may flag, and the lifting region each loads.
REGION_OF_PART = {
    "knee": "lower",
    "ankle": "lower",
    "foot": "lower",
    "calf": "lower",
    "shin": "lower",
    "hamstring": "lower",
    "quad": "lower",
    "hip": "lower",
    "groin": "lower",
    "achilles": "lower",
    "back": "core",
    "lower back": "core",
    "neck": "upper",
    "shoulder": "upper",
    "elbow": "upper",
    "wrist": "upper",
    "hand": "upper",
    "chest": "upper",
}
HOLDS = {"lower": "Wall Sit", "upper": "Isometric Push-Up Hold", "core": "Dead Bug Hold"}
# The parts an athlete may flag, as the web form offers them (each may follow a side: SIDES).
KNOWN_PARTS: tuple[str, ...] = tuple(sorted(REGION_OF_PART))
SIDES = ("left", "right")
# Other ways people write a known part: plurals the trailing-s rule misses, and muscle or anatomical names.
PART_SYNONYMS = {
    "feet": "foot",
    "calves": "calf",
    "quads": "quad",
    "quadricep": "quad",
    "quadriceps": "quad",
    "achilles tendon": "achilles",
    "adductor": "groin",
    "adductors": "groin",
    "low back": "lower back",
    "lumbar": "lower back",
    "pec": "chest",
    "pecs": "chest",
}


class UnknownBodyPart(Refused):
    """A flagged part must be one the plan knows how to protect (REGION_OF_PART), after an optional side."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.known = KNOWN_PARTS
        super().__init__(
            f"unknown body part {part!r}: flag one of {', '.join(KNOWN_PARTS)}, "
            f"optionally after {' or '.join(SIDES)} (e.g. 'left knee')"
        )


def injury_part(text: str) -> str:
    """A body part as the plan keeps it: lower case, single spaces, an optional side, then a known part
    ("Left Knee " -> "left knee", "right quads" -> "right quad", "Lower-Back" -> "lower back"). Anything
    else raises UnknownBodyPart naming it and listing the known parts."""
    words = re.sub(r"[\s_-]+", " ", text).strip().lower()
    side, _, rest = words.partition(" ")
    if side not in SIDES:
        side, rest = "", words
    part = PART_SYNONYMS.get(rest, rest)
    if part not in REGION_OF_PART and part.endswith("s") and part[:-1] in REGION_OF_PART:
        part = part[:-1]  # "knees", "shoulders", "hamstrings"
    if part not in REGION_OF_PART:
        raise UnknownBodyPart(text)
    return f"{side} {part}" if side else part


def region_of(part: str) -> str:
    """The lifting region a flagged part loads; a part flagged before parts were checked and not known
    counts as lower body (the cautious side for a runner)."""
    try:
        known = injury_part(part)
    except UnknownBodyPart:
        return "lower"
    return REGION_OF_PART[known.removeprefix("left ").removeprefix("right ")]


def ahead(week: Week, state: State, kind: str | None = None) -> list[PlannedSession]:
    """The sessions from `state.today` on (of one kind); rules never change the past."""
    return [s for s in week.sessions if s.day >= state.today and (kind is None or s.kind == kind)]


def spiking(state: State) -> str | None:
    """Why running load is spiking (week-over-week km or the running A:C ratio over its bound), or None."""
    change, ratio = state.week_km_change_pct, state.running_acwr
    if change is not None and change > state.spike_pct:
        return (
            f"running distance up {shown(change, state.spike_pct, 0)} % on the recent norm "
            f"(the mean of the weeks before; over {state.spike_pct:g} %)"
        )
    if ratio is not None and ratio > state.acwr_upper:
        return f"running acute:chronic ratio {shown(ratio, state.acwr_upper, 2)} (over {state.acwr_upper:g})"
    return None


def mileage_spike(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 2: when running load rises sharply (week-over-week km above spike_pct, or the running A:C ratio
    above its bound), cut resistance volume (fewer sets, same load) rather than add strain."""
    why = spiking(state)
    if why is None:
        return []
    change, ratio = state.week_km_change_pct, state.running_acwr
    cut = config.rules.spike_set_cut
    return [
        Adjustment(
            "mileage_spike",
            s.key,
            {"action": "cut_sets", "by": cut},
            f"{s.title}: {cut} set fewer per exercise, same load: {why}",
            {"km_change_pct": change, "running_acwr": ratio},
        )
        for s in ahead(week, state, "lift")
    ]


def readiness(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 6: amber trims today's volume; red turns today's hard sessions into shorter easy running and
    today's lifting into mobility."""
    band = state.readiness_band
    today = [s for s in week.on(state.today) if s.kind in ("run", "lift")]
    figures = {"band": band, "score": state.readiness_score}
    r = config.rules
    out = []
    if band == "amber":
        for s in today:
            if s.kind == "lift":
                change = {"action": "cut_sets", "by": r.amber_set_cut}
                reason = f"{s.title}: {r.amber_set_cut} set fewer per exercise: readiness amber"
            else:
                minutes = round((s.minutes or 0) * r.amber_run_factor)
                change = {"action": "run", "type": s.type, "minutes": minutes}
                reason = f"{s.type} run trimmed to {minutes} min: readiness amber"
            out.append(Adjustment("readiness", s.key, change, reason, figures))
    elif band == "red":
        for s in today:
            if s.kind == "lift":
                out.append(
                    Adjustment(
                        "readiness",
                        s.key,
                        {"action": "mobility"},
                        f"{s.title} replaced by mobility work: readiness red",
                        figures,
                    )
                )
            elif s.type in r.hard_runs:
                minutes = round((s.minutes or 0) * r.red_run_factor)
                out.append(
                    Adjustment(
                        "readiness",
                        s.key,
                        {"action": "run", "type": "easy", "minutes": minutes},
                        f"{s.type} run replaced by {minutes} min easy: readiness red",
                        figures,
                    )
                )
    return out


def sleep(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 7: several short nights in a row or irregular bedtimes: today's hard run becomes an easy one."""
    streak = state.short_nights >= state.short_nights_limit
    irregular = state.bedtime_sd_min is not None and state.bedtime_sd_min > state.bedtime_sd_limit
    if not (streak or irregular):
        return []
    why = (
        f"{state.short_nights} of the last {state.short_nights_window} nights under 7 h"
        if streak
        else f"bedtimes varied by ±{state.bedtime_sd_min:.0f} min"
    )
    return [
        Adjustment(
            "sleep",
            s.key,
            {"action": "run", "type": "easy", "minutes": s.minutes},
            f"{s.type} run made easy: {why}",
            {"short_nights": state.short_nights, "bedtime_sd_min": state.bedtime_sd_min},
        )
        for s in week.on(state.today)
        if s.kind == "run" and s.type in config.rules.hard_runs
    ]


def injury_mode(week: Week, state: State, config: PlanConfig) -> list[Adjustment]:
    """Rule 8: with a body part flagged, cut running volume and turn loaded lifting of that region into
    isometric holds; leave the rest of the plan."""
    if not state.injuries:
        return []
    r = config.rules
    parts = ", ".join(state.injuries)
    regions = {region_of(p) for p in state.injuries}
    out = []
    for s in ahead(week, state):
        if s.kind == "run" and s.minutes:
            minutes = round(s.minutes * r.injury_run_factor)
            out.append(
                Adjustment(
                    "injury_mode",
                    s.key,
                    {"action": "run", "type": s.type, "minutes": minutes},
                    f"{s.type} run cut to {minutes} min: injury flagged ({parts})",
                    {"injuries": list(state.injuries)},
                )
            )
        elif s.kind == "lift" and regions & s.regions:
            for region in sorted(regions & s.regions):
                out.append(
                    Adjustment(
                        "injury_mode",
                        s.key,
                        {"action": "holds", "region": region, "hold_s": r.injury_hold_s},
                        f"{s.title}: {region}-body lifts replaced by pain-free isometric holds "
                        f"({HOLDS[region]}): injury flagged ({parts})",
                        {"injuries": list(state.injuries)},
                    )
                )
    return out
