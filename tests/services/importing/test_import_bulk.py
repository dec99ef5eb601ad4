"""The bulk paths of the engine agree with the one-by-one rules they stand in for: a column converted through
its distinct values and one look at all its texts, the key texts searched at once for totals and signatures,
the quick match of the usual row."""
from __future__ import annotations

import datetime
import random
import unicodedata

import pytest

from desktop.domain.legacy_encodings import TCVN3, LegacyDecoder
from desktop.domain.officers import Sex
from desktop.i18n import _
from desktop.services.importing import Resolution, read_table
from desktop.services.importing.cells import as_birth, as_text
from desktop.services.importing.conversion import column_values, converted, converted_table
from desktop.services.importing.matching import AMBIGUOUS, MATCHED, PeopleIndex
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
    decoder.dominant = TCVN3 if seed % 4 == 1 else None  # a sheet in TCVN3: its Latin-1 texts are TCVN3 too
    at_once, problems = column_values(convert, cells, decoder)
    one_by_one = [None if cell == "" or cell is None else converted(convert, cell, decoder) for cell in cells]
    assert [_comparable(value) for value in at_once] == [_comparable(value) for value in one_by_one]
    assert problems or not any(isinstance(value, Exception) for value in one_by_one)


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
    index = PeopleIndex(list(zip(*[(i, n, y, s, d, folded) for i, n, folded, y, s, d in roster])))
    for name in names + ["Không Có"]:
        for year in (None, 1980, 1985, 1990):
            for sex in (None, Sex.MALE, Sex.FEMALE):
                full = index.match(name, year, sex)
                assert index.sole_match(name, year, sex) == (full.person_id if full.status == MATCHED else None)


LIST_NAMES = ["Nguyễn Văn An", "NGUYỄN VĂN AN", "Trần Thị Hoà", "Trần Thị Hòa", "Lê Văn Tư", "Phạm Thị Mai",
              "Đỗ Minh Quân", "Không Có Tên", "Ngô Thị Lan"]


def _namesakes_book(add_person, rng: random.Random) -> dict[str, int]:
    """People with namesakes, some with a year of birth or sex and some without."""
    ids = {}
    for name in ("Nguyễn Văn An", "Trần Thị Hoà", "Lê Văn Tư", "Phạm Thị Mai", "Đỗ Minh Quân", "Ngô Thị Lan"):
        for copy in range(rng.choice([1, 1, 2, 3])):
            ids[f"{name}/{copy}"] = add_person(name, birth_year=rng.choice([None, 1980, 1985]),
                                               sex=rng.choice([None, Sex.MALE, Sex.FEMALE]))
    return ids


def _planned(services, table, course_id, resolutions, create_missing):
    """(status, person id, problems, record, changes, candidates, new person's name) of every planned row."""
    from desktop.services.importing import load_context
    from desktop.services.importing.preview import plan

    context = load_context(services, "attendance", course_id)
    rows = plan(context, table, resolutions, create_missing)
    return [(row.status, row.person_id, [(p.row, p.column, p.render(_)) for p in row.problems],
             row.record, row.changes, [c.person_id for c in row.candidates],
             row.new_person.person.full_name if row.new_person else None) for row in rows], rows


@pytest.mark.parametrize("seed", range(25))
def test_a_list_planned_at_once_equals_the_rows_planned_one_by_one(services, add_person, course_id, write_xlsx,
                                                                   seed):
    """Namesakes, people already recorded for the course, the same person twice, rows with problems, statuses
    and results the rules refuse, and the user's decisions: the column-wise plan and the row-by-row plan agree
    on every row."""
    from desktop.domain.training import Attendance

    rng = random.Random(seed)
    ids = _namesakes_book(add_person, rng)
    for person_id in rng.sample(sorted(ids.values()), k=min(3, len(ids))):
        services.training.set_attendance(Attendance(course_id, person_id, rng.choice(["sent", "present"]),
                                                    None, ""))
    rows = [["STT", "Họ và tên", "Năm sinh", "Giới tính", "Kết quả", "Số GCN", "Ghi chú"]]
    for number in range(1, rng.randint(5, 40)):
        rows.append([number, rng.choice(LIST_NAMES), rng.choice([None, 1980, 1985, 1990, "31/02/1985"]),
                     rng.choice([None, "Nam", "Nữ"]), rng.choice([None, "Giỏi", "Khá", "Đạt", "Không đạt"]),
                     rng.choice(["", f"GCN-{number}"]), rng.choice([None, None, None, "vắng"])])
    table = read_table(write_xlsx(rows), "attendance")
    resolutions = {}
    for row in rng.sample(range(2, len(rows) + 1), k=min(4, len(rows) - 1)):
        resolutions[row] = rng.choice([Resolution.skip_row(), Resolution.create_new(),
                                       Resolution.pick(rng.choice(sorted(ids.values())))])
    create_missing = rng.random() < 0.5
    at_once, planned = _planned(services, table, course_id, resolutions, create_missing)
    assert planned.matched is not None  # the column-wise plan ran
    table.rows = list(table.rows)  # a plain list of ParsedRows is planned row by row
    one_by_one, _ = _planned(services, table, course_id, resolutions, create_missing)
    assert at_once == one_by_one
    assert planned.statuses == [row[0] for row in one_by_one]


def test_namesakes_are_candidates_in_the_order_of_the_book():
    people = [(7, "Trần Thị Hoà", 1980, "female", "Kho", "tran thi hoa"),
              (8, "Lê Văn Tư", None, None, "", "le van tu"),
              (9, "Trần Thị Hòa", 1985, "female", "", "tran thi hoa"),
              (12, "TRẦN THỊ HOÀ", None, None, "", "tran thi hoa")]
    index = PeopleIndex(list(zip(*people)))
    assert [known.person_id for known in index.same_name("tran thi hoa")] == [7, 9, 12]
    assert [known.person_id for known in index.same_name("le van tu")] == [8]
    assert index.match("Tran Thi Hoa", None, None).status == AMBIGUOUS
    assert index.sole_match("Trần Thị Hoà", 1985, None) == 9  # the year known and equal wins over 12 (unknown)
    assert index.known(12).candidate().full_name == "TRẦN THỊ HOÀ"
