"""Renders the training part of `runlift status`: load, readiness with its reasons, lifts, and muscles."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.console import RenderableType
from rich.panel import Panel
from rich.table import Table

BAND_STYLE = {"green": "green", "amber": "yellow", "red": "red"}
# The terminal lists this many of the most fatigued muscle groups (`--json` has every one).
MUSCLES_SHOWN = 5


def training(snapshot: dict[str, Any]) -> Iterator[RenderableType]:
    """What to do when there is no data lately, the readiness panel, the load table, the lifts table and
    the most fatigued muscle groups."""
    data = snapshot.get("data", {})
    notes = [n for n in (data.get("note"), (data.get("left_out") or {}).get("note")) if n]
    if notes:
        yield Panel("\n".join(notes), title="data", border_style="yellow")
    yield _readiness(snapshot["readiness"], data.get("last_day"))
    yield _load(snapshot["load"])
    if snapshot["lifts"]:
        yield _lifts(snapshot["lifts"])
    fatigued = [m for m in snapshot.get("muscles", []) if m["fatigue_pct"] > 0]
    if fatigued:
        yield _muscles(fatigued[:MUSCLES_SHOWN], snapshot["as_of"])


def _value(figure: dict[str, Any] | None, fmt: str = "{:.1f}") -> str:
    if not figure or figure.get("value") is None:
        return "-"
    value = figure["value"]
    return fmt.format(value) if isinstance(value, int | float) else str(value)


def _readiness(r: dict[str, Any], last_day: str | None) -> Panel:
    if r.get("score") is None:
        body = "no readiness yet: import sleep and wellness data, or check in (`runlift checkin`)"
        if last_day is not None and last_day < r["day"]:  # ISO days compare as text
            body = (
                f"no readiness for {r['day']}: nothing recorded since {last_day}; sync your watch or "
                f"check in (`runlift checkin`), or see that day (`runlift status --as-of {last_day}`)"
            )
        return Panel(body, title=f"readiness {r['day']}")
    from rich.console import Group

    from runlift.cli.render import labelled

    style = BAND_STYLE.get(r["band"] or "", "white")
    score = f"[{style}]{r['score']:.0f}/100 {r['band']}[/] (confidence {r['confidence']})"
    reasons = labelled([("  - ", reason) for reason in r["reasons"]])  # wrapped beside the dash
    return Panel(Group(score, reasons), title=f"readiness {r['day']}")


def _load(load: dict[str, Any]) -> Table:
    from runlift.cli.tables import FitTable

    table = FitTable(
        "channel",
        "today",
        "fitness",
        "fatigue",
        "form",
        "A:C ratio",
        title=f"load {load['as_of']}",
        caption_justify="left",
    )
    for channel, c in load["channels"].items():
        ratio = _value(c["acwr"], "{:.2f}") + (" spike" if c["spike"] else "")
        table.add_row(
            f"{channel} ({c['unit']})",
            _value(c["load_today"]),
            _value(c["fitness_ctl"]),
            _value(c["fatigue_atl"]),
            _value(c["form_tsb"]),
            ratio,
        )
    week = load["running_week"]
    change = _value(week["change_pct"], "{:+.0f} %")
    table.caption = (
        f"running this week {_value(week['km'])} km ({change} vs the mean of the weeks before"
        f"{', spike' if week['spike'] else ''}); monotony {_value(load['week']['monotony'], '{:.2f}')}"
        f", strain {_value(load['week']['strain'], '{:.0f}')}"
    )
    return table


def _lifts(lifts: list[dict[str, Any]]) -> Table:
    from runlift.cli.tables import FitTable

    # Narrow terminals wrap a cell between words (dates and names whole), never cut it: "due" is short for
    # "due for progression".
    table = FitTable(
        "lift",
        "e1RM kg",
        "Brzycki",
        "3-5RM kg",
        "week kg",
        "last increase",
        "flags",
        title="lifts",
        caption="due: due for progression",
    )
    for lift in lifts:
        rm = lift["rm_3_to_5_kg"]["value"]
        flags = [
            name
            for name, on in (
                ("due", lift["due_for_progression"]["value"]),
                ("plateau", lift["plateau"]["value"]),
            )
            if on
        ]
        table.add_row(
            lift["exercise"],
            _value(lift["e1rm_kg"]),
            _value(lift["e1rm_brzycki_kg"]),
            "-" if rm is None else f"{rm[0]:.1f}-{rm[1]:.1f}",
            _value(lift["volume_this_week_kg"], "{:.0f}"),
            lift["last_load_increase"] or "-",
            ", ".join(flags),
        )
    return table


def _muscles(muscles: list[dict[str, Any]], as_of: str) -> Table:
    from runlift.cli.tables import FitTable

    days = muscles[0]["window_days"]
    table = FitTable(
        "muscle",
        "fatigue",
        f"hard sets {days} d",
        f"volume {days} d",
        "after",
        title=f"most fatigued muscles at the end of {as_of}",
        caption=f"hard sets and volume (kg) of the last {days} days; after: the session that left the "
        "most fatigue (`runlift history muscles`)",
        caption_justify="left",
    )
    for m in muscles:
        table.add_row(
            m["muscle"].replace("_", " "),
            f"{m['fatigue_pct']:.0f} %",
            f"{m['hard_sets_7d']:g}",
            f"{m['volume_kg_7d']:.0f}",
            m.get("cause") or "",
        )
    return table
