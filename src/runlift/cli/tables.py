"""Tables that fit the terminal: cells wrap between words, and a word is broken only if no column could hold it."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table

# A column whose widest cell is this narrow holds figures, dates or flags: its cells wrap only after every
# longer cell has ("8 x 57.5" or "Mon 30 Nov" over two lines reads worse than a sentence over three).
SHORT = 12


class FitTable(Table):
    """A rich table that narrows by words.

    Rich narrows a table too wide for the terminal by taking width from its widest columns, whole words or
    not: a date or a file name is cut in two, or ends in an ellipsis. This one also takes from the widest
    column first, but in steps: first only headings wrap, then the longer cells (between words), then the
    short ones (figures, dates); only when the words cannot all fit side by side is the longest folded onto
    the next line. Every column folds, none ends in an ellipsis.
    """

    def add_column(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("overflow", "fold")
        super().add_column(*args, **kwargs)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fixed = [column.width for column in self.columns]
        try:
            for column, width in zip(self.columns, self._fitted(console, options), strict=True):
                column.width = width
            yield from super().__rich_console__(console, options)
        finally:
            for column, width in zip(self.columns, fixed, strict=True):
                column.width = width

    def _fitted(self, console: Console, options: ConsoleOptions) -> list[int | None]:
        """Each column's width without its padding, or its own (None: rich's) when the table fits."""
        room = (self.width or options.max_width) - self._extra_width
        inner = options.update_width(max(room, 1))
        ranges = [self._measure_column(console, inner, column) for column in self.columns]
        if sum(r.maximum for r in ranges) <= room:
            return [column.width for column in self.columns]
        padding = [self._get_padding_width(index) for index in range(len(self.columns))]
        # Steps down: headings wrap; then long cells; then short ones (figures, dates); then words fold.
        steps: list[list[int]] = [[], [], [], []]
        for column, measured, pad in zip(self.columns, ranges, padding, strict=True):
            word = measured.maximum if column.no_wrap else measured.minimum
            cells = max(word, _widest_cell(console, inner, column) + pad)
            steps[0].append(cells)
            steps[1].append(cells if cells - pad <= SHORT else word)
            steps[2].append(word)
            steps[3].append(pad + 1)
        widths = narrowed([r.maximum for r in ranges], steps, room)
        return [width - pad for width, pad in zip(widths, padding, strict=True)]


def _widest_cell(console: Console, options: ConsoleOptions, column: Column) -> int:
    """The widest line of the column's cells, its heading left out."""
    return max(
        (Measurement.get(console, options, cell).maximum for cell in column.cells), default=0
    )


def narrowed(widest: list[int], floors: list[list[int]], room: int) -> list[int]:
    """Widths summing to at most `room` if it can be done: the widest column gives a character at a time,
    down to its floor of the first step; then down to those of the next step, and so on."""
    widths = list(widest)
    for floor in floors:
        while sum(widths) > room:
            giving = [i for i, width in enumerate(widths) if width > floor[i]]
            if not giving:
                break
            widest_now = max(widths[i] for i in giving)
            widths[next(i for i in giving if widths[i] == widest_now)] -= 1
    return widths
