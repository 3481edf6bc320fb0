"""A lifting-app CSV as its column names and numbered rows, whether comma- or semicolon-separated."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from runlift.importers import Unimportable

BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    """One record of the file: `line` is where it starts (the header is line 1), `cells` its values."""

    line: int
    cells: list[str]


@dataclass(frozen=True)
class Table:
    """The header's column names, the delimiter the app used, and every non-blank row after the header."""

    columns: tuple[str, ...]
    delimiter: str
    rows: list[Row]

    def find(self, *names: str) -> int | None:
        """The index of the first of `names` that is a column (compared without case), else None."""
        lowered = [column.lower() for column in self.columns]
        for name in names:
            if name.lower() in lowered:
                return lowered.index(name.lower())
        return None


def delimiter_of(header_line: str) -> str:
    """The delimiter a header line uses: Strong's older exports use semicolons, everything else commas."""
    # No Hevy or Strong column name contains either character, so counting them is unambiguous.
    return ";" if header_line.count(";") > header_line.count(",") else ","


def split_header(header_line: str) -> tuple[str, ...]:
    """The column names of a header line, stripped of a BOM, quotes and surrounding blanks."""
    line = header_line.removeprefix(BOM)
    cells = next(csv.reader([line], delimiter=delimiter_of(line)), [])
    return tuple(cell.strip() for cell in cells)


def read_table(path: Path) -> Table:
    """Read the whole file; raise Unimportable when it is not UTF-8 text or not well-formed CSV."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unimportable(
            "the file is not UTF-8 text (Hevy and Strong export UTF-8)", offset=exc.start
        ) from None
    first_line = text.split("\n", 1)[0].rstrip("\r")
    delimiter = delimiter_of(first_line)
    numbered = _records(text, delimiter)
    if not numbered:
        raise Unimportable("the file has no header row")
    columns = tuple(cell.strip() for cell in numbered[0].cells)
    rows = numbered[1:]
    for row in rows:
        _check_width(row, len(columns))
    return Table(columns, delimiter, rows)


def _records(text: str, delimiter: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[Row] = []
    # csv.reader counts physical lines, and a quoted cell may span several: a record starts on the line
    # after the previous record ended.
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append(Row(start, cells))
    except csv.Error as exc:
        raise Unimportable(f"line {reader.line_num}: not well-formed CSV ({exc})") from None
    return records


def _check_width(row: Row, width: int) -> None:
    if len(row.cells) < width:
        raise Unimportable(f"line {row.line} has {len(row.cells)} columns, the header has {width}")
    # Some exports end rows with a stray delimiter; extra cells are harmless only while empty.
    if any(cell.strip() for cell in row.cells[width:]):
        raise Unimportable(f"line {row.line} has {len(row.cells)} columns, the header has {width}")
