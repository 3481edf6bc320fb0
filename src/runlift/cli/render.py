"""Terminal and JSON presentation of results: tables for people, stable dicts for scripts."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from runlift.importers.manager import PluginInfo
    from runlift.ingest.service import FileResult, ImportReport
    from runlift.projections.driver import CatchUp

_STATUS_STYLE = {
    "imported": "green",
    "already imported": "dim",
    "rejected": "red",
    "incomplete": "yellow",
}


def import_json(report: ImportReport, caught_up: CatchUp | None = None) -> dict[str, Any]:
    """`runlift import --json`: every file's result, the totals, and the read models' catch-up."""
    out: dict[str, Any] = {
        "files": [asdict(r) for r in report.results],
        "summary": _summary(report),
        "seconds": round(report.seconds, 3),
    }
    if caught_up is not None:
        out["projections"] = {
            "events": caught_up.events,
            "updated": list(caught_up.derived),
            "seconds": round(caught_up.seconds, 3),
        }
    return out


def catch_up_line(caught_up: CatchUp) -> str:
    """One line on what the import changed in the training views."""
    if not caught_up.derived:
        return "training views already current"
    return (
        f"training views updated ({', '.join(caught_up.derived)}) from {caught_up.events} events "
        f"in {caught_up.seconds:.2f} s"
    )


def _summary(report: ImportReport) -> dict[str, int]:
    return {
        "imported": report.count("imported"),
        "already_imported": report.count("already imported"),
        "rejected": report.count("rejected"),
    }


def import_table(report: ImportReport) -> Table:
    table = Table(title="import", show_lines=False)
    table.add_column("file", overflow="fold")
    table.add_column("result")
    table.add_column("read as", overflow="fold")
    table.add_column("events", justify="right")
    for r in sorted(report.results, key=_order):
        table.add_row(
            r.file,
            Text(r.status, style=_STATUS_STYLE[r.status]),
            _read_as(r),
            str(sum(r.events.values())) if r.status == "imported" else "",
        )
    return table


def rejection_lines(report: ImportReport) -> list[str]:
    """One unabridged line per rejected file: the file, then why (never cut to fit a table)."""
    return [f"rejected {r.file}: {r.reason}" for r in report.results if r.status == "rejected"]


def _order(r: FileResult) -> tuple[int, str]:
    return (list(_STATUS_STYLE).index(r.status), r.file)


def _read_as(r: FileResult) -> str:
    if r.status != "imported":
        return ""
    parts = [f"{r.format} ({r.importer})"]
    if r.salvaged:
        parts.append(f"salvaged: {r.salvaged}")
    parts.extend(r.notes)
    return "; ".join(parts)


def import_summary(report: ImportReport) -> str:
    s = _summary(report)
    events = Counter[str]()
    for r in report.results:
        events.update(r.events)
    line = (
        f"{s['imported']} imported, {s['already_imported']} already imported, "
        f"{s['rejected']} rejected"
    )
    if events:
        line += " - " + ", ".join(f"{n} {t}" for t, n in sorted(events.items()))
    return line + f" ({report.seconds:.1f} s)"


def events_table(records: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(records)} events")
    table.add_column("id")
    table.add_column("type")
    table.add_column("recorded at")
    table.add_column("what", overflow="fold")
    for record in records:
        table.add_row(record["id"], record["type"], record["recorded_at"][:19], _gist(record))
    return table


def _gist(record: dict[str, Any]) -> str:
    keys = (
        "local_day",
        "sport",
        "exercise_name",
        "reps",
        "weight_kg",
        "distance_m",
        "elapsed_s",
        "duration_s",
        "filename",
        "reason",
    )
    parts = [f"{k}={record[k]}" for k in keys if record.get(k) is not None]
    source = record.get("source")
    if isinstance(source, dict):
        parts.append(f"from {source['filename']}")
    return " ".join(parts)


def plugin_json(info: PluginInfo) -> dict[str, Any]:
    """`runlift plugins --json`: one object per plugin."""
    return asdict(info)


def plugins_table(infos: list[PluginInfo]) -> Table:
    table = Table(title="importer plugins")
    for column in ("name", "version", "formats", "status", "loaded from"):
        table.add_column(column, overflow="fold")
    for info in infos:
        status = info.status if info.error is None else f"{info.status}: {info.error}"
        table.add_row(info.name, info.version, ", ".join(info.formats), status, info.origin)
    return table


def status_panel(figures: dict[str, Any]) -> Panel:
    files = figures["files"]
    counts = figures["events"]["by_type"]
    lines = [
        f"home        {figures['home']}",
        f"store       {figures['store']}",
        f"athlete     {figures['athlete_id']}",
        f"files       {files['imported']} imported, {files['rejected']} rejected, "
        f"{files['waiting_in_drop_folder']} waiting in the drop folder",
        f"duplicates  {figures['duplicates']['groups']} workouts recorded in more than one file "
        "(`runlift duplicates`)",
        f"events      {figures['events']['total']}",
    ]
    lines += [f"  {name:<26}{n}" for name, n in counts.items() if n]
    lines += _daemon_lines(figures.get("daemon"))
    return Panel("\n".join(lines), title=f"runlift {figures['version']}")


def _daemon_lines(state: dict[str, Any] | None) -> list[str]:
    if state is None:
        return ["daemon      never run here (`runlift daemon`)"]
    if not state["running"]:
        return [f"daemon      not running (last heartbeat {state.get('heartbeat', '-')})"]
    lines = [
        f"daemon      running since {state['started']} (pid {state['pid']}, {state['mode']}), "
        f"{state['files_waiting']} file(s) waiting"
    ]
    if state.get("files_held"):
        lines.append(
            f"  held back    {state['files_held']} file(s) still open for writing or ending early "
            "(taken when complete, salvaged after [daemon] truncated_settle_s)"
        )
    if state.get("web"):
        lines.append(f"  dashboard    {state['web']}api/docs")
    last = state.get("last_import")
    if last:
        lines.append(f"  last import  {last['at']} {last['file']}: {last['outcome']}")
    error = state.get("last_error")
    if error:
        lines.append(f"  last error   {error['at']} {error.get('file', '')}: {error['error']}")
    for job in state.get("next_jobs", []):
        lines.append(f"  next {job['job']:<19}{job['next_run']}")
    return lines


def duplicates_table(groups: list[dict[str, Any]]) -> Table:
    table = Table(title=f"{len(groups)} workouts recorded more than once")
    for column in ("start (UTC)", "sport", "records (primary first)", "links: id and why"):
        table.add_column(column, overflow="fold")
    for group in groups:
        first = group["members"][0]
        records = "\n".join(
            f"{'* ' if i == 0 else '  '}{m['file']} (richness {m['richness']})"
            for i, m in enumerate(group["members"])
        )
        # Every record is linked to each record it repeats; one line per later record is enough here.
        shown: dict[str, str] = {}
        for link in group["links"]:
            shown.setdefault(link["session"], f"{link['id']}: {link['why']}")
        links = "\n".join(shown.values())
        table.add_row(first["start_utc"][:19], first["sport"], records, links)
    return table
