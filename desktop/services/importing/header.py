"""Finding the table header below the title rows and the document header block, and naming its columns.

The header is the row (among the first 60) whose cells name the most known columns and that names the
kind's key column ("Họ và tên", "Tên lớp"). The union name and the national motto above it name none.
When the row under it holds children of merged parents ("Nam" | "Nữ" under "Năm sinh"), both levels count.
"""
from __future__ import annotations

from dataclasses import dataclass

from desktop.services.importing.columns import KEY_FIELD, combine, label_key, recognise
from desktop.services.importing.model import Column

SCAN_ROWS = 60
SCAN_COLUMNS = 256  # no list the superior union sends is wider; columns beyond are not read


@dataclass
class Header:
    row: int  # 0-based
    rows: int  # 1 or 2
    columns: list[Column]
    mapping: dict[str, int]


def _key_fields(kind: str) -> tuple[str, ...]:
    return (KEY_FIELD[kind],) if kind == "courses" else ("full_name", "given_name")


def find_header(texts: list[list[str]], merged, kind: str) -> Header | None:
    """`texts`: the first rows as decoded, cleaned strings ("" for an empty cell)."""
    best: tuple[int, int] | None = None
    keys = _key_fields(kind)
    for index, row in enumerate(texts[:SCAN_ROWS]):
        fields = {recognise(label_key(text), kind) for text in row if text}
        fields.discard(None)
        if not any(key in fields for key in keys):
            continue
        score = len(fields)
        if best is None or score > best[1]:
            best = (index, score)
    if best is None:
        return None
    return _columns(texts, merged, best[0], kind)


def _parents(texts, merged, row: int, width: int) -> list[str]:
    """Each column's header text, a merged parent copied across the columns it spans."""
    parents = [(texts[row][c] if c < len(texts[row]) else "") for c in range(width)]
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row <= r1 and c1 > c0:
            for c in range(c0 + 1, min(c1, width - 1) + 1):
                parents[c] = parents[c0]
    return parents


def _spans_wide(merged, row: int, column: int) -> bool:
    return any(r0 <= row <= r1 and c0 <= column <= c1 and c1 > c0 for (r0, c0), (r1, c1) in merged)


def _columns(texts, merged, row: int, kind: str) -> Header:
    width = max(len(r) for r in texts[row:row + 2])
    parents = _parents(texts, merged, row, width)
    children = [""] * width
    two_level = False
    if row + 1 < len(texts):
        below = texts[row + 1]
        candidate = [(below[c] if c < len(below) else "") for c in range(width)]
        key_columns = [c for c, text in enumerate(parents)
                       if text and recognise(label_key(text), kind) in _key_fields(kind)]
        # Without merge information (ODS, CSV) a parent spans the empty header cells to its right.
        guessed = list(parents)
        for c in range(1, width):
            if not guessed[c] and candidate[c] and not _spans_wide(merged, row, c):
                guessed[c] = guessed[c - 1]
        understood = [bool(candidate[c] and combine(label_key(guessed[c]), label_key(candidate[c]), kind))
                      for c in range(width)]
        # A data row below the header fills the key column with a name, which is no child label.
        if any(understood) and all(understood[c] or not candidate[c] for c in key_columns):
            two_level, parents, children = True, guessed, candidate
    columns: list[Column] = []
    mapping: dict[str, int] = {}
    for c in range(width):
        parent, child = parents[c], children[c]
        if child:
            name = combine(label_key(parent), label_key(child), kind)
            label = f"{parent} / {child}" if parent and parent != child else child
        else:
            name = recognise(label_key(parent), kind) if parent else None
            label = parent
        if name in mapping:
            # "Họ và tên" merged over two columns: family name and middle names, then the given name.
            if name == "full_name" and mapping[name] == c - 1 and _spans_wide(merged, row, c):
                mapping["family_name"] = mapping.pop("full_name")
                name = "given_name"
                columns[c - 1] = Column(c - 1, columns[c - 1].label, "family_name")
            else:
                name = None
        if name is not None:
            mapping[name] = c
        columns.append(Column(c, label, name))
    return Header(row=row, rows=2 if two_level else 1, columns=columns, mapping=mapping)


def apply_mapping(header: Header, mapping: dict[str, int | None]) -> Header:
    """The caller's choices override detection: a field moved to another column, or dropped (None)."""
    current = dict(header.mapping)
    for name, column in mapping.items():
        current.pop(name, None)
        if column is None:
            continue
        for other in [f for f, c in current.items() if c == column]:
            current.pop(other)
        current[name] = column
    by_column = {c: f for f, c in current.items()}
    width = max([len(header.columns)] + [c + 1 for c in current.values()])
    columns = []
    for c in range(width):
        label = header.columns[c].label if c < len(header.columns) else ""
        columns.append(Column(c, label, by_column.get(c)))
    return Header(row=header.row, rows=header.rows, columns=columns, mapping=current)
