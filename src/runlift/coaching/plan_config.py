"""The plan's configuration: the weekly template, resistance sessions, rule thresholds and blocks."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from runlift.coaching.exercises import PATTERNS
from runlift.settings import ConfigError, merge_tables

PLAN_NAME = "plan.toml"
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RUN_TYPES = ("easy", "strides", "tempo", "intervals", "long", "race")


class _Section(BaseModel):
    """Keys with their types and bounds; the default values live once, in config/plan.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class RunSlot(_Section):
    type: Literal["easy", "strides", "tempo", "intervals", "long", "race"]
    minutes: float = Field(gt=0, le=600)


class LiftSlot(_Section):
    session: str
    order: Literal["before", "after"] = "after"


class DaySlot(_Section):
    run: RunSlot | None = None
    lift: LiftSlot | None = None
    rest: str | None = None


class ExerciseSpec(_Section):
    pattern: str | None = None  # a slot: filled with the athlete's exercise of this pattern
    name: str
    sets: int = Field(ge=1, le=20)
    reps: int = Field(ge=1, le=50)
    load_kg: float | None = Field(None, ge=0)
    hold_s: float | None = Field(None, gt=0)
    region: Literal["lower", "upper", "core"]
    accessory: bool = False

    @field_validator("pattern")
    @classmethod
    def _known_pattern(cls, value: str | None) -> str | None:
        if value is not None and value not in PATTERNS:
            raise ValueError(f"a movement pattern ({', '.join(sorted(PATTERNS))}), got {value!r}")
        return value


class SessionSpec(_Section):
    title: str
    exercises: tuple[ExerciseSpec, ...]


class LoadsConfig(_Section):
    start_pct_of_e1rm: float = Field(gt=0, le=100)
    round_to_kg: float = Field(gt=0)
    recent_weeks: int = Field(ge=1, le=26)
    break_weeks: int = Field(ge=1, le=104)
    break_pct: float = Field(gt=0, le=100)


class SlotsConfig(_Section):
    recent_weeks: int = Field(ge=1, le=52)


class VolumeConfig(_Section):
    history_weeks: int = Field(ge=1, le=12)
    max_growth_pct: float = Field(ge=0, le=50)
    min_run_minutes: float = Field(ge=0, le=60)


class RulesConfig(_Section):
    hard_runs: tuple[str, ...]
    quality_runs: tuple[str, ...]
    long_run_min: float = Field(gt=0)
    hard_run_hrr: float = Field(gt=0, le=1)
    spike_set_cut: int = Field(ge=1)
    long_run_build_pct: float = Field(ge=0)
    progression_pct: float = Field(ge=2.5, le=5)
    progression_upper_pct: float = Field(ge=2.5, le=5)
    easy_rpe: float = Field(ge=1, le=10)
    hold_rpe: float = Field(ge=1, le=10)
    reset_rpe: float = Field(ge=1, le=10)
    reset_pct: float = Field(ge=5, le=10)
    plateau_reps: int = Field(ge=1, le=12)
    amber_set_cut: int = Field(ge=1)
    amber_run_factor: float = Field(gt=0, le=1)
    red_run_factor: float = Field(gt=0, le=1)
    injury_run_factor: float = Field(ge=0, le=1)
    injury_hold_s: float = Field(gt=0)
    reassess_weeks: int = Field(ge=4, le=8)
    high_mileage_km: float = Field(gt=0)
    legs_set_cut: int = Field(ge=1)


class Block(_Section):
    name: str
    weeks: int = Field(ge=1, le=26)
    set_change: int = Field(0, ge=-3, le=3)
    quality_minutes_factor: float = Field(1.0, gt=0, le=2)


class PlanConfig(_Section):
    template: dict[str, DaySlot]
    sessions: dict[str, SessionSpec]
    loads: LoadsConfig
    slots: SlotsConfig
    volume: VolumeConfig
    rules: RulesConfig
    blocks: tuple[Block, ...]

    @model_validator(mode="after")
    def _consistent(self) -> PlanConfig:
        unknown_days = set(self.template) - set(DAYS)
        if unknown_days:
            raise ValueError(
                f"template days are {', '.join(DAYS)}; got {sorted(unknown_days)[0]!r}"
            )
        for day, slot in self.template.items():
            if slot.lift is not None and slot.lift.session not in self.sessions:
                raise ValueError(f"template.{day}.lift names no session: {slot.lift.session!r}")
        if not self.blocks:
            raise ValueError("blocks: at least one block")
        return self


def default_plan_text() -> str:
    """The documented template (config/plan.toml, shipped inside the package when installed)."""
    packaged = resources.files("runlift") / "defaults" / PLAN_NAME
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[3] / "config" / PLAN_NAME).read_text(encoding="utf-8")


def load_plan_config(home: Path | None) -> PlanConfig:
    """The template merged with the home's plan.toml; an error names the file and the key."""
    merged: dict[str, Any] = tomllib.loads(default_plan_text())
    user_file = home / PLAN_NAME if home is not None else None
    if user_file is not None and user_file.is_file():
        try:
            merged = merge_tables(merged, tomllib.loads(user_file.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(user_file, "(file)", f"not valid TOML: {exc}") from None
    try:
        return PlanConfig.model_validate(merged)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise ConfigError(user_file, key, first["msg"].removeprefix("Value error, ")) from None
