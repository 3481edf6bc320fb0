"""Configuration: the runlift home, the documented defaults, the user's overrides, and their validation."""

from __future__ import annotations

import functools
import os
import re
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from runlift.domain.errors import RunliftError

HOME_ENV = "RUNLIFT_HOME"
DATABASE_URL_ENV = "RUNLIFT_DATABASE_URL"
CONFIG_NAME = "runlift.toml"


class ConfigError(RunliftError):
    """The configuration cannot be used; the message names the file, the key and the expected form."""

    label = "configuration error"

    def __init__(self, path: Path | None, key: str, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{key}: {problem}")


class _Section(BaseModel):
    """A section's keys with their types and bounds; every default value lives once, in config/runlift.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AthleteConfig(_Section):
    id: str
    name: str
    max_hr_bpm: int = Field(ge=100, le=240)
    resting_hr_bpm: int = Field(ge=25, le=120)
    sex: Literal["male", "female"]
    time_zone: str
    units: Literal["metric", "imperial"]
    first_day: date | None  # "" in the TOML: the first instant a FIT clock can mean a date

    @field_validator("first_day", mode="before")
    @classmethod
    def _unset_day(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"an IANA time zone name such as 'Europe/Berlin', got {value!r}"
            ) from None
        return value

    @model_validator(mode="after")
    def _reserve(self) -> AthleteConfig:
        if self.max_hr_bpm <= self.resting_hr_bpm:
            raise ValueError("max_hr_bpm must be above resting_hr_bpm")
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


class StoreConfig(_Section):
    url: str


class ArchiveLimits(_Section):
    max_members: int = Field(ge=1)
    max_total_bytes: int = Field(ge=1)
    max_member_bytes: int = Field(ge=1)
    max_compression_ratio: float = Field(gt=1)


class ImportConfig(_Section):
    workers: int = Field(ge=0, le=64)
    plugin_timeout_s: float = Field(gt=0)
    max_file_bytes: int = Field(ge=1)
    max_stream_bytes: int = Field(ge=1)
    running_sports: tuple[str, ...]
    archives: ArchiveLimits


def largest_file(max_file_bytes: int, max_stream_bytes: int) -> tuple[int, str]:
    """The largest file runlift reads at all (by an importer that streams it, usually), and the [import]
    setting that says so."""
    if max_stream_bytes > max_file_bytes:
        return max_stream_bytes, "max_stream_bytes"
    return max_file_bytes, "max_file_bytes"


class DedupeConfig(_Section):
    start_window_s: float = Field(ge=0, le=3600)
    max_hour_offset_h: int = Field(ge=0, le=26)
    tolerance_pct: float = Field(ge=0, le=100)
    tolerance_floor_s: float = Field(ge=0)
    min_time_overlap: float = Field(ge=0, le=1)
    min_set_overlap: float = Field(gt=0, le=1)
    setless_min_overlap: float = Field(gt=0, le=1)


class LoadConfig(_Section):
    threshold_pace_s_per_km: float = Field(ge=120, le=900)
    default_rpe: float = Field(ge=0, le=10)
    minutes_per_set: float = Field(gt=0, le=15)
    max_sample_gap_s: float = Field(gt=0)
    ctl_days: int = Field(ge=2, le=365)
    atl_days: int = Field(ge=1, le=60)
    acute_days: int = Field(ge=1, le=60)
    chronic_days: int = Field(ge=2, le=365)
    acwr_upper: float = Field(gt=0)
    acwr_lower: float = Field(ge=0)
    acwr_min_days: int = Field(ge=1, le=365)
    spike_pct: float = Field(ge=0)
    spike_norm_weeks: int = Field(ge=1, le=12)

    @model_validator(mode="after")
    def _band(self) -> LoadConfig:
        if not self.acwr_lower < self.acwr_upper:
            raise ValueError("acwr_lower must be below acwr_upper")
        return self


class ReadinessConfig(_Section):
    baseline_days: int = Field(ge=7, le=120)
    min_baseline_days: int = Field(ge=2)
    confident_days: int = Field(ge=2)
    sleep_target_h: tuple[float, float]
    short_nights: int = Field(ge=1)
    short_nights_window: int = Field(ge=1)
    bedtime_sd_min: float = Field(gt=0)
    easy_max_hrr: float = Field(gt=0, le=1)
    drift_pct: float = Field(ge=0)
    cadence_cv_rise: float = Field(ge=0)
    recent_days: int = Field(ge=1)
    checkin_days: int = Field(ge=1)
    green: float = Field(ge=0, le=100)
    red: float = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> ReadinessConfig:
        if not self.red < self.green:
            raise ValueError("red must be below green")
        if not self.sleep_target_h[0] <= self.sleep_target_h[1]:
            raise ValueError("sleep_target_h is [shortest, longest]")
        return self


class StrengthConfig(_Section):
    max_reps: int = Field(ge=1, le=36)
    progression_days: int = Field(ge=1)
    increase_window_days: int = Field(ge=1, le=365)
    comparable_reps: int = Field(ge=0, le=36)
    plateau_weeks: int = Field(ge=2)
    plateau_gain_pct: float = Field(ge=0)


class MusclesConfig(_Section):
    """Fatigue per muscle group ([muscles], docs/projections.md): hard sets and runs as units that decay."""

    half_life_h: float = Field(gt=0, le=24 * 60)
    primary_units: float = Field(gt=0)
    secondary_units: float = Field(ge=0)
    hard_rpe: float = Field(ge=0, le=10)
    hard_rir: float = Field(ge=0, le=36)
    e1rm_window_days: int = Field(ge=1, le=3650)
    run_minutes_per_unit: float = Field(gt=0)
    fast_run_hrr: float = Field(gt=0, le=1)
    fast_run_factor: float = Field(ge=0)
    descent_m_per_unit: float = Field(gt=0)
    pct_per_unit: float = Field(gt=0)
    legs_threshold_pct: float = Field(ge=0, le=100)
    weekly_hard_sets: tuple[int, int]
    window_days: int = Field(ge=1, le=365)

    @model_validator(mode="after")
    def _range(self) -> MusclesConfig:
        low, high = self.weekly_hard_sets
        if not 0 <= low <= high:
            raise ValueError("weekly_hard_sets is [lowest, highest], 0 or more")
        return self


class ScheduleConfig(_Section):
    nightly_replan_at: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    weekly_plan_day: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    weekly_plan_at: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    reminders_every_min: int = Field(ge=1, le=240)


class StatusConfig(_Section):
    stale_after_days: int = Field(ge=1, le=3650)


class DaemonConfig(_Section):
    settle_s: float = Field(ge=0, le=600)
    truncated_settle_s: float = Field(ge=0, le=86_400)
    recheck_taken_s: float = Field(ge=0, le=604_800)
    poll: bool
    poll_interval_s: float = Field(gt=0, le=600)
    heartbeat_s: float = Field(gt=0, le=600)
    catch_up_interval_s: float = Field(gt=0)
    workers_idle_s: float = Field(ge=0)
    log_max_bytes: int = Field(ge=10_000)
    log_backups: int = Field(ge=0, le=50)


class WebConfig(_Section):
    host: str
    port: int = Field(ge=0, le=65535)  # 0: any free port
    token: str
    with_daemon: bool

    @model_validator(mode="after")
    def _token_off_localhost(self) -> WebConfig:
        if self.host not in _LOOPBACK and len(self.token) < 16:
            raise ValueError(
                f"serving on {self.host!r} (not this machine only) needs [web] token, "
                "a secret of at least 16 characters that every request must carry"
            )
        return self


_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class PluginsConfig(_Section):
    blocked: tuple[str, ...]


_HHMM = r"^([01]\d|2[0-3]):[0-5]\d$"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://\S+$")

NotifyKind = Literal["plan", "readiness", "prompts", "rejected"]


class NotifyConfig(_Section):
    urls: tuple[str, ...]
    kinds: tuple[NotifyKind, ...]
    prompts_at: str = Field(pattern=_HHMM)
    retry_first_s: float = Field(gt=0, le=86_400)
    retry_max_s: float = Field(gt=0, le=604_800)
    give_up_after_h: float = Field(ge=0)
    first_look_back_h: float = Field(ge=0, le=8_760)

    @field_validator("urls", mode="before")
    @classmethod
    def _one_url(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _urls_and_backoff(self) -> NotifyConfig:
        # Checked on the section, not the key: an error then quotes no URL back (they hold secrets).
        for url in self.urls:
            if not _URL.match(url):
                raise ValueError(
                    f"urls: {mask_url(url)!r} is not an Apprise URL such as "
                    "'ntfy://ntfy.sh/my-topic' (docs/notifications.md)"
                )
        if len(set(self.urls)) < len(self.urls):
            raise ValueError("urls: a URL is listed twice")
        if self.retry_first_s > self.retry_max_s:
            raise ValueError("retry_first_s must not be above retry_max_s")
        return self

    @field_serializer("urls", when_used="json")
    def _hide_secrets(self, urls: tuple[str, ...]) -> list[str]:
        # `runlift config` prints the configuration: a URL's tokens and passwords stay out of it
        # (`runlift notify` shows each target as Apprise masks it).
        return [mask_url(url) for url in urls]


def mask_url(url: str) -> str:
    """A notification URL with everything after its scheme hidden (tokens and passwords live anywhere
    in it: a Telegram bot token is its host, an ntfy topic its path)."""
    scheme, sep, rest = url.partition("://")
    return f"{scheme}://****" if sep and rest else "****"


class Config(_Section):
    athlete: AthleteConfig
    store: StoreConfig
    import_: ImportConfig = Field(alias="import")
    dedupe: DedupeConfig
    load: LoadConfig
    readiness: ReadinessConfig
    strength: StrengthConfig
    muscles: MusclesConfig
    schedule: ScheduleConfig
    status: StatusConfig
    daemon: DaemonConfig
    web: WebConfig
    plugins: PluginsConfig
    notify: NotifyConfig
    importers: dict[str, dict[str, Any]]

    def profile(self) -> Profile:
        """The athlete's figures that facts and loads are computed with."""
        return Profile(
            zone=self.athlete.zone,
            max_hr_bpm=self.athlete.max_hr_bpm,
            resting_hr_bpm=self.athlete.resting_hr_bpm,
            sex=self.athlete.sex,
            running_sports=frozenset(s.lower() for s in self.import_.running_sports),
            max_sample_gap_s=self.load.max_sample_gap_s,
        )


@dataclass(frozen=True)
class Profile:
    """The athlete as the numbers see them: heart-rate profile, time zone, which sports are running, and the
    longest gap between samples that still counts as training (from [athlete], [import] and [load])."""

    zone: ZoneInfo
    max_hr_bpm: float
    resting_hr_bpm: float
    sex: str
    running_sports: frozenset[str]
    max_sample_gap_s: float


@dataclass(frozen=True)
class Home:
    """The runlift home directory and the folders inside it."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def drop(self) -> Path:
        return self.root / "drop"

    @property
    def done(self) -> Path:
        return self.root / "done"

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    @property
    def store(self) -> Path:
        return self.root / "store"

    @property
    def plugins(self) -> Path:
        return self.root / "plugins"

    @property
    def folders(self) -> tuple[Path, ...]:
        return (self.drop, self.done, self.failed, self.store, self.plugins)


@dataclass(frozen=True)
class Settings:
    """Everything a runlift process needs to know before it starts: where, who, and how."""

    home: Home
    config: Config
    database_url: str

    @property
    def athlete_id(self) -> str:
        return self.config.athlete.id


def resolve_home(home: Path | str | None = None, environ: Mapping[str, str] = os.environ) -> Home:
    """--home wins, then $RUNLIFT_HOME, then the per-user data directory."""
    if home is None:
        home = environ.get(HOME_ENV) or platformdirs.user_data_dir("runlift", appauthor=False)
    return Home(Path(home).expanduser().resolve())


def default_config_text() -> str:
    """The documented defaults (config/runlift.toml, shipped inside the package when installed)."""
    packaged = resources.files("runlift") / "defaults" / CONFIG_NAME
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    source_tree = Path(__file__).resolve().parents[2] / "config" / CONFIG_NAME
    return source_tree.read_text(encoding="utf-8")


@functools.cache
def defaults() -> Config:
    """The shipped defaults (config/runlift.toml) as a validated Config, for code that has no home."""
    return Config.model_validate(_parse(default_config_text(), None))


def load_settings(
    home: Path | str | None = None, environ: Mapping[str, str] = os.environ
) -> Settings:
    """Read defaults and the home's runlift.toml, apply environment overrides, and validate."""
    resolved = resolve_home(home, environ)
    defaults = _parse(default_config_text(), None)
    user: dict[str, Any] = {}
    if resolved.config_file.is_file():
        user = _parse(resolved.config_file.read_text(encoding="utf-8"), resolved.config_file)
    merged = merge_tables(defaults, user)
    try:
        config = Config.model_validate(merged)
    except ValidationError as exc:
        raise _config_error(exc, resolved.config_file if user else None) from None
    url = environ.get(DATABASE_URL_ENV) or config.store.url or f"sqlite://{resolved.store}"
    return Settings(home=resolved, config=config, database_url=url)


def init_home(home: Home, time_zone: str | None = None) -> bool:
    """Create the home's folders and its runlift.toml with a new athlete id; False if it already existed."""
    for folder in home.folders:
        folder.mkdir(parents=True, exist_ok=True)
    if home.config_file.exists():
        return False
    zone = time_zone or _system_zone() or "UTC"
    home.config_file.write_text(
        "# Your runlift settings: any key of the defaults (`runlift config` shows them) may be set here.\n"
        "[athlete]\n"
        f'id = "{uuid.uuid4()}"\n'
        f'time_zone = "{zone}"\n'
        "# max_hr_bpm = 190\n"
        "# resting_hr_bpm = 50\n"
        '# sex = "male"\n',
        encoding="utf-8",
    )
    return True


def _system_zone() -> str | None:
    zone = os.environ.get("TZ", "").lstrip(":")
    if not zone:
        localtime = Path("/etc/localtime")
        if localtime.is_symlink():
            target = str(localtime.resolve())
            zone = target.split("zoneinfo/", 1)[1] if "zoneinfo/" in target else ""
    try:
        return zone if zone and ZoneInfo(zone) else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _parse(text: str, path: Path | None) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "(file)", f"not valid TOML: {exc}") from None


def merge_tables(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`override` laid over `base`, table by table (a TOML file over the defaults)."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_tables(merged[key], value)
        else:
            merged[key] = value
    return merged


def _config_error(exc: ValidationError, path: Path | None) -> ConfigError:
    first = exc.errors(include_url=False)[0]
    key = ".".join(str(p) for p in first["loc"]) or "(top level)"
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden":
        message = "unknown key (see `runlift config` for the keys and their defaults)"
    elif "input" in first and not isinstance(first["input"], dict):
        message = f"{message} (got {first['input']!r})"
    return ConfigError(path, key, message)
