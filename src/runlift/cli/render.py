"""Terminal and JSON presentation of results: tables for people, stable dicts for scripts."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from runlift.ingest.summary import ImportSummary

if TYPE_CHECKING:
    from rich.console import RenderableType

    from runlift.importers.manager import PluginInfo
    from runlift.ingest.service import FileResult, ImportReport
    from runlift.projections.driver import CatchUp

_STATUS_STYLE = {
    "imported": "green",
    "already imported": "dim",
    "rejected": "red",
    "incomplete": "yellow",
}


def import_json(
    report: ImportReport, whole: ImportSummary, caught_up: CatchUp | None = None
) -> dict[str, Any]:
    """`runlift import --json`: every file's result, the totals, and the read models' catch-up."""
    out: dict[str, Any] = {
        "files": [asdict(r) for r in report.results],
        "summary": _summary(report),
        "facts": {"stored": whole.stored, "already_stored": whole.already_stored},
        "left_out": whole.as_json()["left_out"],
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
    """Each file by its name, under a row naming its folder (below the one all share, in the title), and how
    it was read beneath it: a long path never wraps a name over lines, and names get the table's width."""
    from runlift.cli.tables import FitTable

    root = _shared_folder([r.file for r in report.results])
    table = FitTable(title=f"import from {root}" if root else "import")
    table.add_column("file, and how it was read")
    table.add_column("result")
    table.add_column("events", justify="right")
    shown: tuple[str, str] | None = None
    for r in sorted(report.results, key=lambda r: _order(r, root)):
        folder, name = _split(r.file, root)
        if folder and (r.status, folder) != shown:
            table.add_row(Text(f"{folder}/", style="bold"))
        shown = (r.status, folder)
        table.add_row(
            _file_cell(name, _read_as(r), "  " if folder else ""),
            Text(r.status, style=_STATUS_STYLE[r.status]),
            str(sum(r.events.values())) if r.status == "imported" else "",
        )
    return table


def _file_cell(name: str, read_as: str, indent: str) -> RenderableType:
    if not read_as:
        return Text(indent + name)
    from rich.console import Group

    return Group(Text(indent + name), _labelled(indent + "  ", Text(read_as, style="dim")))


def _shared_folder(files: list[str]) -> str:
    """The folder every file is in ("" if none is): said once, not on every row."""
    folders = [file.split("/")[:-1] for file in files]
    shared: list[str] = []
    for parts in zip(*folders, strict=False):
        if len(set(parts)) > 1:
            break
        shared.append(parts[0])
    if shared == [""]:
        return "/"
    return "/".join(shared)


def _split(file: str, root: str) -> tuple[str, str]:
    """The folder of `file` below `root` ("" when right in it) and its name."""
    below = file.removeprefix(root).removeprefix("/") if root else file
    folder, _, name = below.rpartition("/")
    return folder, name


def rejection_lines(whole: ImportSummary) -> list[str]:
    """One unabridged line per file left out: rejected, or read but holding nothing runlift reads
    (never cut to fit a table)."""
    return [
        f"{'rejected' if lo.rejected else 'nothing read from'} {lo.file}: {lo.reason}"
        for lo in whole.left_out
    ]


def _order(r: FileResult, root: str) -> tuple[int, str, str]:
    return (list(_STATUS_STYLE).index(r.status), *_split(r.file, root))


def _read_as(r: FileResult) -> str:
    if r.status != "imported":
        return ""
    parts = [f"{r.format} ({r.importer})"]
    if r.salvaged:
        parts.append(f"salvaged: {r.salvaged}")
    parts.extend(r.notes)
    return "; ".join(parts)


def import_summary(report: ImportReport, whole: ImportSummary) -> str:
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
    line += f" ({report.seconds:.1f} s)"
    already = whole.already_stored
    if already:
        line += (
            f"\n{sum(already.values()):,} facts of these files were stored before, by older files "
            "(a newer export repeats them), and were left out: "
            + ", ".join(f"{n} {t}" for t, n in already.items())
        )
    return line


def events_table(records: list[dict[str, Any]]) -> Table:
    from runlift.cli.tables import FitTable

    # When it was stored goes beneath the event: "what" keeps the width for the longest names apps write.
    table = FitTable("event, recorded at (UTC)", "what", title=f"{len(records)} events")
    for record in records:
        recorded = record["recorded_at"][:19].replace("T", " ")
        table.add_row(
            Text.assemble(f"{record['id']} {record['type']}\n", (recorded, "dim")),
            _escaped(_gist(record)),
        )
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
    parts = [f"{k}={_brief(record[k])}" for k in keys if record.get(k) is not None]
    source = record.get("source")
    if isinstance(source, dict):
        parts.append(f"from {source['filename']}")
    return " ".join(parts)


def _escaped(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _brief(value: Any) -> Any:
    """A value as the audit log's table shows it: a series of samples by its length (`--json` has it all)."""
    return f"[{len(value)} values]" if isinstance(value, list) else value


def plugin_json(info: PluginInfo) -> dict[str, Any]:
    """`runlift plugins --json`: one object per plugin."""
    return asdict(info)


def plugins_table(infos: list[PluginInfo]) -> Table:
    from runlift.cli.tables import FitTable

    # Name and version share a column: a plugin's entry point (its module path) needs the room at 80 columns.
    table = FitTable("name, version", "formats", "status", "loaded from", title="importer plugins")
    for info in infos:
        status = info.status if info.error is None else f"{info.status}: {info.error}"
        table.add_row(f"{info.name} {info.version}", ", ".join(info.formats), status, info.origin)
    return table


def status_panel(figures: dict[str, Any]) -> Panel:
    files = figures["files"]
    counts = figures["events"]["by_type"]
    lines = [
        ("home", figures["home"]),
        ("store", figures["store"]),
        ("athlete", figures["athlete_id"]),
        (
            "files",
            f"{files['imported']} imported, {files['rejected']} rejected, "
            f"{files['waiting_in_drop_folder']} waiting in the drop folder",
        ),
        (
            "duplicates",
            f"{figures['duplicates']['groups']} workouts recorded in more than one file "
            "(`runlift duplicates`)",
        ),
        ("events", f"{figures['events']['total']:,}"),
    ]
    index = figures["events"]["index"]
    lines += [
        (f"  {name:<26}", f"{n:,}")
        for name, n in counts.items()
        if n and name not in index["by_type"]
    ]
    if index["total"]:
        lines.append(("index", f"{index['total']:,} entries (sessions by day, facts by identity)"))
    lines += _daemon_lines(figures.get("daemon"))
    return Panel(labelled(lines), title=f"runlift {figures['version']}")


def labelled(lines: list[tuple[str, str]]) -> RenderableType:
    """Lines of a label and its value; a value too long for its line wraps beside the label, not under it.
    A label is padded to 12 characters; an indented one (a sub-label) is kept as it is, its gap included."""
    from rich.console import Group

    return Group(*(_labelled(label, value) for label, value in lines))


def _labelled(label: str, value: str | Text) -> Table:
    label = label if label.startswith(" ") else f"{label:<12}"
    line = Table.grid()
    line.highlight = True  # figures coloured as in any printed line
    line.add_column(width=len(label), no_wrap=True)
    line.add_column(overflow="fold")
    line.add_row(label, _escaped(value) if isinstance(value, str) else value)
    return line


def _daemon_lines(state: dict[str, Any] | None) -> list[tuple[str, str]]:
    if state is None:
        return [("daemon", "never run here (`runlift daemon`)")]
    if not state["running"]:
        return [("daemon", f"not running (last heartbeat {state.get('heartbeat', '-')})")]
    lines = [
        (
            "daemon",
            f"running since {state['started']} (pid {state['pid']}, {state['mode']}), "
            f"{state['files_waiting']} file(s) waiting",
        )
    ]
    if state.get("files_held"):
        lines.append(
            (
                "  held back    ",
                f"{state['files_held']} file(s) still open for writing or ending early "
                "(taken when complete, salvaged after [daemon] truncated_settle_s)",
            )
        )
    if state.get("web"):
        lines.append(("  dashboard    ", f"{state['web']}api/docs"))
    last = state.get("last_import")
    if last:
        lines.append(("  last import  ", f"{last['at']} {last['file']}: {last['outcome']}"))
    error = state.get("last_error")
    if error:
        lines.append(
            ("  last error   ", f"{error['at']} {error.get('file', '')}: {error['error']}")
        )
    for job in state.get("next_jobs", []):
        lines.append((f"  next {job['job']:<19}", job["next_run"]))
    return lines


def duplicates_table(groups: list[dict[str, Any]]) -> Table:
    from runlift.cli.tables import FitTable

    table = FitTable(
        "start (UTC), sport",
        "records (primary first)",
        "links: id and why",
        title=f"{len(groups)} workouts recorded more than once",
    )
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
        start = first["start_utc"][:19].replace("T", " ")
        table.add_row(f"{start}\n{first['sport']}", _escaped(records), _escaped(links))
    return table
