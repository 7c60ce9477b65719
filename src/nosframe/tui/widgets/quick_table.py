"""A :class:`DataTable` that is quick to refill: the NOS picker replaces its 100 rows on every
key typed, and Textual's own table then measured every cell of them (on idle) and rendered each
visible cell through Rich again, 20-30 ms a frame at national size.

Three things are skipped when they cannot change what is drawn, and nothing else differs:

* with every column of a fixed width and every row one line high, there is nothing to measure:
  the table's size is its rows and the widths given;
* a one-line cell of plain text (a ``str`` Rich would not read as markup or emoji, or a
  :class:`~rich.text.Text` of one style) that fits its column is drawn as the same segments
  Rich would make, without Rich (``tests/tui/test_quick_table.py`` compares the two, cell by
  cell, for every kind of cell and cursor);
* a table whose size its CSS sets does not lay the screen out again when its number of rows
  changes, only when a scrollbar comes or goes.

Everything else (a header, labels, fixed rows or columns, wrapping, markup, a cell too wide)
goes to :class:`DataTable` itself."""

from __future__ import annotations

from itertools import zip_longest
from typing import Iterable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.coordinate import Coordinate
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import DuplicateKey, Row, RowKey


def _plain(cell: object) -> tuple[str, str | Style] | None:
    """(text, style) of a cell drawn as one run of text, or None."""
    if isinstance(cell, str):
        # Rich reads "[" as markup and ":name:" as an emoji: those go the long way
        if "[" in cell or ":" in cell or not cell.isprintable():
            return None
        return cell, ""
    if type(cell) is Text and not cell.spans and cell.justify is None and \
            cell.overflow is None and cell.plain.isprintable():
        return cell.plain, cell.style
    return None


class QuickTable(DataTable):
    """A :class:`DataTable` for many rows replaced at once (see the module)."""

    _line_style: Style | None = None

    def replace_rows(self, rows: Iterable[tuple[str, Sequence[object]]]) -> None:
        """Every row replaced by ``rows`` (key, cells), as :meth:`clear` and then
        :meth:`add_row` for each (one-line rows, no labels) would leave the table, with the
        cursor settled once rather than once a row."""
        self.clear()
        columns = [column.key for column in self.ordered_columns]
        locations, data, table_rows, new = self._row_locations, self._data, self.rows, \
            self._new_rows
        for key, cells in rows:
            row_key = RowKey(key)
            if row_key in locations:
                raise DuplicateKey(f"The row key {row_key!r} already exists.")
            if len(cells) > len(columns):
                raise ValueError("More values provided than there are columns.")
            locations[row_key] = len(table_rows)
            data[row_key] = dict(zip_longest(columns, cells))
            table_rows[row_key] = Row(row_key, 1)
            new.add(row_key)
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if table_rows and columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()
        self._update_count += 1
        self.check_idle()

    def render_lines(self, crop: Region) -> list[Strip]:
        # the widget's style, worked out from its ancestors' CSS once for the lines drawn, not
        # once a line (DataTable.render_line asks for it each time: a fifth of a frame)
        self._line_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._line_style = None

    def render_line(self, y: int) -> Strip:
        style = self._line_style
        if style is None:
            return super().render_line(y)
        width = self.size.width
        scroll_x, scroll_y = self.scroll_offset
        fixed = sum(self.get_row_height(self._row_locations.get_key(index))
                    for index in range(self.fixed_rows))
        if self.show_header:
            fixed += self.get_row_height(self._header_row_key)
        if y >= fixed:
            y += scroll_y
        return self._render_line(y, scroll_x, scroll_x + width, style)

    def _fixed(self) -> bool:
        return bool(self.columns) and not any(c.auto_width for c in self.columns.values())

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        rows = self.rows
        new_rows = list(new_rows)
        if not self._fixed() or self._labelled_row_exists or any(
                (row := rows.get(key)) is not None and (row.label is not None or row.height != 1
                                                        or row.auto_height)
                for key in new_rows):
            super()._update_dimensions(new_rows)
            return
        # the columns' widths are given and every row is one line: nothing to measure
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        size = Size(width + self._row_label_column_width, self._total_row_height + header)
        if size == self.virtual_size:
            return
        if self.styles.auto_dimensions or not self.container_size:
            self.virtual_size = size  # the table's own size follows its rows: a layout
            return
        # The table's size is set by its CSS, not its rows: a new number of rows changes what
        # scrolls, not where anything is, so the screen is not laid out again (a layout of the
        # NOS picker costs more than drawing its results) unless a scrollbar comes or goes
        # (those are layout reactives of their own, set by _scroll_update).
        self.set_reactive(DataTable.virtual_size, size)
        self._scroll_update(size)
        self.refresh()

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        pad = self.cell_padding
        if row_index < max(0, self.fixed_rows) or column_index < max(0, self.fixed_columns) \
                or pad < 1:
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        lines = self._cell_render_cache.get(cache_key)
        if lines is not None:
            return lines
        row = self.rows[row_key]
        plain = _plain(self._data[row_key][column_key])
        room = width - 2 * pad
        if plain is None or row.height != 1 or row.auto_height or \
                cell_len(plain[0]) > room:
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        component, post = self._cell_styles(cursor, hover)
        lines = [self._cell_line(plain, row_index, column_index, base_style, component, post,
                                 room)]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _cell_styles(self, cursor: bool, hover: bool) -> tuple[Style, Style]:
        return self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")

    def _cell_line(self, plain: tuple[str, str | Style], row_index: int, column_index: int,
                   base_style: Style, component: Style, post: Style,
                   room: int) -> list[Segment]:
        """What Rich makes of ``Styled(Padding(cell, (0, pad)), pre_style, post_style)`` for
        one line of plain text: every segment pre + its own style + post."""
        text, own = plain
        pad = " " * self.cell_padding
        pre = base_style + Style.from_meta({"row": row_index, "column": column_index}) + \
            component
        blank = pre + post if post else pre
        styled = pre + self.app.console.get_style(own) if own else pre
        styled = styled + post if post else styled
        line = [Segment(pad, blank), Segment(text, styled)]
        fill = room - cell_len(text)
        if fill:
            line.append(Segment(" " * fill, blank))
        line.append(Segment(pad, blank))
        return line

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate
                            ) -> tuple[list[list[Segment]], list[list[Segment]]]:
        """A row of one-line plain cells in one pass (the row cursor lights the whole row, so
        every cell has the same styles but its place); anything else as DataTable does."""
        row_index = self._row_locations.get(row_key)
        row = self.rows.get(row_key)
        if row_index is None or row is None or line_no != 0 or row.height != 1 or \
                row.auto_height or self.cursor_type != "row" or self.fixed_columns or \
                self.fixed_rows > row_index or self.cell_padding < 1 or \
                (self._labelled_row_exists and self.show_row_labels):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        cache_key = (row_key, line_no, base_style, cursor_location, hover_location,
                     self.cursor_type, self.show_cursor, self._show_hover_cursor,
                     self._update_count, self._pseudo_class_state)
        cached = self._row_render_cache.get(cache_key)
        if cached is not None:
            return cached
        data = self._data[row_key]
        columns = self.ordered_columns
        pad = 2 * self.cell_padding
        widths = [column.get_render_width(self) for column in columns]
        plains = [_plain(data[column.key]) for column in columns]
        if any(plain is None or cell_len(plain[0]) > width - pad
               for plain, width in zip(plains, widths)):
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        row_style = self._get_row_style(row_index, base_style)
        cursor = cursor_location.row == row_index
        hover = hover_location.row == row_index
        component, post = self._cell_styles(cursor, hover)
        cells = [self._cell_line(plain, row_index, index, row_style, component, post,
                                 width - pad)
                 for index, (plain, width) in enumerate(zip(plains, widths))]
        # the rest of the line, styled as the row (DataTable's own rule for a row cursor)
        extend, _ = self._get_styles_to_render_cell(False, False, False, hover, cursor,
                                                    self.show_cursor, self._show_hover_cursor,
                                                    False, False)
        extend = row_style + extend + Style.from_meta(
            {"row": row_index, "column": 0, "out_of_bounds": True})
        room = max(0, self.size.width - sum(widths) - self._row_label_column_width)
        cells.append([Segment(" " * room, extend)])
        pair: tuple[list[list[Segment]], list[list[Segment]]] = ([], cells)
        self._row_render_cache[cache_key] = pair
        return pair


__all__ = ["QuickTable"]
