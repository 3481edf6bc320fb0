"""How `runlift history` looks in a terminal: one table per series, whole at 80 columns (CSV and JSON have it all)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from runlift.cli.tables import FitTable


def load_table(rows: list[dict[str, Any]]) -> Table:
    """Day by day and channel: load, sessions, running km, fitness, fatigue, form and A:C ratio."""
    table = FitTable(
        "day",
        "channel",
        "load",
        "n",
        "km",
        "ctl",
        "atl",
        "tsb",
        "A:C",
        caption="n: sessions; km: running distance; ctl: fitness, atl: fatigue, tsb: form; "
        "A:C: the acute:chronic load ratio",
        caption_justify="left",
    )
    for row in rows:
        table.add_row(
            row["day"],
            row["channel"],
            _figure(row["load"]),
            str(row["sessions"]),
            _figure(row["distance_m"], scale=1000),
            _figure(row["ctl"]),
            _figure(row["atl"]),
            _figure(row["tsb"]),
            _figure(row["acwr"], "{:.2f}"),
        )
    return table


def readiness_table(rows: list[dict[str, Any]]) -> Table:
    """Day by day: the score, its band and confidence, and why."""
    table = FitTable("day", "score", "band", "confidence", "reasons")
    for row in rows:
        table.add_row(
            row["day"],
            _figure(row["score"]),
            row["band"] or "",
            row["confidence"] or "",
            "; ".join(row["reasons"] or []),
        )
    return table


def lift_table(rows: list[dict[str, Any]]) -> Table:
    """One exercise (named in the title) session by session: e1RM, best set, top load, volume, sets."""
    names = sorted({row["name"] for row in rows})
    table = FitTable(
        "day",
        "e1RM kg",
        "Brzycki",
        "best set",
        "top kg",
        "volume kg",
        "work sets",
        "completed",
        title=", ".join(names),
        caption="e1RM kg: the one-rep max the best set predicts (Epley; Brzycki beside it); "
        "best set: its reps x kg",
        caption_justify="left",
    )
    for row in rows:
        best = (
            f"{row['best_reps']} x {row['best_weight_kg']:g}"
            if row["best_reps"] is not None and row["best_weight_kg"] is not None
            else "-"
        )
        table.add_row(
            row["local_day"],
            _figure(row["e1rm_epley_kg"]),
            _figure(row["e1rm_brzycki_kg"]),
            best,
            _figure(row["top_weight_kg"], "{:g}"),
            _figure(row["volume_kg"], "{:.0f}"),
            str(row["work_sets"]),
            "yes" if row["completed"] else "no",
        )
    return table


def muscles_table(rows: list[dict[str, Any]]) -> Table:
    """Day by day and muscle group: hard sets, volume, fatigue at the day's end and what left most of it."""
    table = FitTable(
        "day",
        "muscle",
        "hard sets",
        "volume kg",
        "fatigue",
        "after",
        caption="fatigue: at the day's end (24:00), in %; after: the session that left the most of it",
        caption_justify="left",
    )
    for row in rows:
        table.add_row(
            row["day"],
            row["muscle"].replace("_", " "),
            _figure(row["hard_sets"], "{:g}"),
            _figure(row["volume_kg"], "{:.0f}"),
            _figure(row["fatigue_pct"], "{:.0f} %"),
            row["cause"] or "",
        )
    return table


def _figure(value: float | None, fmt: str = "{:.1f}", scale: float = 1) -> str:
    return "-" if value is None else fmt.format(value / scale)
