"""A table model over plain rows: a column table, `set_rows()`, and a sort role for QSortFilterProxyModel.

Each column says how to show a row and how to order it. Sorting is prepared once per `set_rows()`: every
column's sort key (a Python key such as the Vietnamese `name_sort_key`) is turned into an integer rank. A
QSortFilterProxyModel sorting by `SortRole` compares those integers; `sort()` reorders the rows themselves,
which a proxy can delegate to when it filters often (re-inserting thousands of filtered rows into a sorted
proxy costs a data() call per comparison). The model does no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, Sequence, TypeVar

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.domain.vietnamese import word_key
from desktop.i18n import _

Row = TypeVar("Row")

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # int: the row's rank in this column's order
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the plain row object itself

# The overloads of the layout signals that carry a hint (the default overload takes no arguments).
_PARENTS, _HINT = "QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint"
_CENTER = Qt.AlignmentFlag.AlignCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def text_order(text: str) -> tuple:
    """Vietnamese dictionary order for free text (departments, titles)."""
    return word_key(text or "")


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str  # English message id marked with N_(); translated when shown
    display: Callable[[Row], str]
    sort_key: Callable[[Row], Any] | None = None  # default: the displayed text in Vietnamese order
    tooltip: Callable[[Row], str] | None = None
    centered: bool = False
    header_tooltip: str = ""  # message id


class TableModel(QAbstractTableModel):
    """Subclasses set `columns`; they may override `foreground(row)` and `font(row)`."""

    SortRole = SORT_ROLE
    RowRole = ROW_ROLE
    columns: Sequence[Column] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._ranks: list[list[int]] = [[] for _column in self.columns]
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None  # None: the order the rows were given in

    # --- rows
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._ranks = [self._rank(column) for column in self.columns]
        if self._sorted_by is not None:
            self._reorder(self._order_of(*self._sorted_by))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Reorder the rows by a column (stable: equal ranks keep their order); persistent indexes follow."""
        if not 0 <= column < len(self.columns):
            return
        self._sorted_by = (column, order)
        hint = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
        self.layoutAboutToBeChanged[_PARENTS, _HINT].emit([], hint)
        positions = self._order_of(column, order)
        new_place = {old: new for new, old in enumerate(positions)}
        self._reorder(positions)
        before = self.persistentIndexList()
        after = [self.index(new_place[index.row()], index.column()) if index.isValid() else QModelIndex()
                 for index in before]
        self.changePersistentIndexList(before, after)
        self.layoutChanged[_PARENTS, _HINT].emit([], hint)

    def _order_of(self, column: int, order: Qt.SortOrder) -> list[int]:
        ranks = self._ranks[column]
        return sorted(range(len(self._rows)), key=ranks.__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def _reorder(self, positions: list[int]) -> None:
        self._rows = [self._rows[i] for i in positions]
        self._ranks = [[ranks[i] for i in positions] for ranks in self._ranks]

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row(self, number: int) -> Row:
        return self._rows[number]

    def _rank(self, column: Column) -> list[int]:
        """Rank of every row in the column's order; equal keys share a rank (the proxy's sort is stable)."""
        key = column.sort_key or (lambda row: text_order(column.display(row)))

        def safe(row):
            value = key(row)
            return (1,) if value is None else (0, value)  # empty values last when ascending

        keys = [safe(row) for row in self._rows]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        ranks = [0] * len(keys)
        rank = -1
        previous = object()
        for position in order:
            if keys[position] != previous:
                rank += 1
                previous = keys[position]
            ranks[position] = rank
        return ranks

    # --- Qt's model interface
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == SORT_ROLE:
            return self._ranks[index.column()][index.row()]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_CENTER if column.centered else _LEFT)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header)
        if role == Qt.ItemDataRole.ToolTipRole and column.header_tooltip:
            return _(column.header_tooltip)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    # --- hooks
    def foreground(self, row: Row):
        return None

    def font(self, row: Row):
        return None
