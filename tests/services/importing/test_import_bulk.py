"""The bulk paths of the engine agree with the one-by-one rules they stand in for: a column converted through
its distinct values and one look at all its texts, the key texts searched at once for totals and signatures,
the quick match of the usual row."""
from __future__ import annotations

import datetime
import random
import unicodedata

import pytest

from desktop.domain.legacy_encodings import LegacyDecoder
from desktop.domain.officers import Sex
from desktop.services.importing import read_table
from desktop.services.importing.cells import as_birth, as_text
from desktop.services.importing.conversion import converted, converted_table
from desktop.services.importing.matching import MATCHED, PeopleIndex
from desktop.services.importing.rows import CONVERTERS
from desktop.services.importing.table import _TOTAL, _flagged, _signature

PIECES = ["Nguyễn", "Văn", "An", "Hoà", "Hòa", "Lê", "Hà", "NguyÔn", "V¨n", "Nguyeãn", "Vaên", "Tổng", "cộng",
          "TM.", "Người lập", "Cộng:", "ngày", "tháng", "Nam Định,", "x", "1985", "(ký)", "Ông", "Đặng", "GCN-01"]
ODD = ["", " ", "  ", "\t", "\xa0", "\u200b", "\ufeff", "\u2028", "\n"]


def random_text(rng: random.Random) -> str:
    words = [rng.choice(PIECES) for _ in range(rng.randint(1, 4))]
    text = "".join(word + rng.choice([" "] * 8 + ODD) for word in words)
    if rng.random() < 0.1:
        text = unicodedata.normalize("NFD", text)
    return rng.choice(ODD) + text if rng.random() < 0.1 else text


def random_cell(rng: random.Random):
    return rng.choice([random_text(rng)] * 6 + ["", None, 1985.0, 1.0, 0.0, True, False, 12, 1990,
                                                  datetime.date(1985, 3, 4), datetime.datetime(2025, 3, 12)])


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("field", ["full_name", "department", "result", "birth", "male", "status", "number"])
def test_a_column_converted_at_once_equals_cell_by_cell(seed, field):
    rng = random.Random(seed)
    decoder = LegacyDecoder()
    convert = CONVERTERS.get(field, as_text)
    cells = [random_cell(rng) for _ in range(rng.randint(1, 60))]
    if seed % 3 == 0:  # a column of plain clean names: the path that maps every text to itself
        cells = [rng.choice(["Nguyễn Văn An", "Lê Thị Hà", "Trần Thị Hoà", "Pham Van Binh"]) for _ in cells]
    table, _ = converted_table(convert, cells, decoder.decode)
    one_by_one = [None if cell == "" or cell is None else converted(convert, cell, decoder.decode) for cell in cells]
    at_once = one_by_one if table is None else [table[cell] for cell in cells]
    assert [_comparable(value) for value in at_once] == [_comparable(value) for value in one_by_one]


def _comparable(value):
    """A CellProblem by its message and parameters (exceptions do not compare equal)."""
    return (value.message_id, value.params) if isinstance(value, Exception) else value


def test_true_and_one_are_not_confused():
    table, _ = converted_table(as_text, [True, 1.0, "x"], None)
    assert table is None  # one dict cannot tell them apart: the column is converted cell by cell
    assert converted_table(as_birth, [1985.0, 1985, "1985"], None)[0][1985] == (None, 1985)


@pytest.mark.parametrize("seed", range(40))
def test_the_key_texts_searched_at_once_find_every_total_and_signature(seed):
    rng = random.Random(seed)
    texts = [None, "Nguyễn Văn An", "Tổng", "Cộng: 5 người", "TỔNG SỐ: 3", "tong cong", "TM. BCH", "Lê, Văn",
             "Nam Định, ngày 5 tháng 3 năm 2025", "Người lập biểu", "Công đoàn", "Cộng đồng", "Thay mặt", "(Ký tên)"]
    keys = [rng.choice(texts) for _ in range(rng.randint(0, 30))]
    exact = [i for i, key in enumerate(keys) if _TOTAL.match(key or "") or _signature(key or "")]
    assert set(exact) <= set(_flagged(keys))


def test_two_total_lines_in_a_row_are_both_totals(write_xlsx):
    path = write_xlsx([["STT", "Họ và tên", "Năm sinh"], [1, "Nguyễn Văn An", 1985], [None, "Tổng"],
                       [None, "Cộng: 1 người"], [2, "Trần Văn Bình", 1990]])
    table = read_table(path, "attendance")
    assert [r.values["full_name"] for r in table.rows] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert table.ignored == {3: "total", 4: "total"}


@pytest.mark.parametrize("seed", range(20))
def test_the_quick_match_agrees_with_the_full_one(seed):
    rng = random.Random(seed)
    names = ["Nguyễn Văn An", "Trần Thị Hoà", "Lê Văn Tư", "Phạm Thị Mai"]
    roster = [(i, name, name.lower(), rng.choice([None, 1980, 1985]), rng.choice([None, "male", "female"]), "")
              for i, name in enumerate(rng.choice(names) for _ in range(rng.randint(1, 8)))]
    index = PeopleIndex([(i, n, y, s, d, folded) for i, n, folded, y, s, d in roster])
    for name in names + ["Không Có"]:
        for year in (None, 1980, 1985, 1990):
            for sex in (None, Sex.MALE, Sex.FEMALE):
                full = index.match(name, year, sex)
                assert index.sole_match(name, year, sex) == (full.person_id if full.status == MATCHED else None)
