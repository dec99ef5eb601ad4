"""The roster's table models without widgets: rows, Vietnamese order through the sort role, the search filter,
and Qt's model contract (qtmodeltester)."""
from __future__ import annotations

import random
import time
import unicodedata
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.domain.officers import Person, PersonWithPosts, PostHolding, Sex, Term
from desktop.domain.vietnamese import name_sort_key
from desktop.ui.models.people_model import (PeopleFilterProxy, PeopleModel, PostsModel, person_rows, post_rows,
                                            query_words)
from desktop.ui.models.table_model import TableModel

TODAY = date(2025, 6, 15)
TERM = Term(2023, 2028)
NAMES = ["Nguyễn Văn An", "Trần Thị Hòa", "Lê Thị Hoà", "Phạm Khoa", "Đỗ Đức Anh", "Nguyễn Văn Ánh", "Lê Anh",
         "Bùi Thị Ơn", "Võ Văn Ôn", "Vũ Thị Thuỷ", "Đinh Thủy", "Nguyễn Văn Bình", "Đặng Dũng", "trần văn an"]


def entry(number: int, name: str, *posts: PostHolding, **fields) -> PersonWithPosts:
    return PersonWithPosts(Person(name, id=number, **fields), list(posts))


def post(person_id: int, key: str = "committee_member", start=date(2023, 5, 15), end=None, **fields):
    return PostHolding(person_id, key, TERM, start, end, id=person_id * 10 + len(key), **fields)


@pytest.fixture
def roster() -> list[PersonWithPosts]:
    people = [entry(n, name, post(n)) for n, name in enumerate(NAMES, start=1)]
    random.Random(7).shuffle(people)  # the model must not depend on the order it is given
    return people


@pytest.fixture
def model(roster) -> PeopleModel:
    people = PeopleModel()
    people.set_rows(person_rows(roster, TODAY))
    return people


def names_in(model) -> list[str]:
    return [model.index(r, PeopleModel.NAME).data() for r in range(model.rowCount())]


def test_rows_show_the_person_and_their_current_posts():
    chair = entry(1, "Nguyễn Minh Tuấn", post(1, "chair", full_time=True), post(1, "group_leader"),
                  birth_date=date(1979, 3, 12), sex=Sex.MALE, department="Văn phòng")
    former = entry(2, "Lê Thị Mai", post(2, end=date(2024, 1, 31)), birth_year=1990, sex=Sex.FEMALE)
    newcomer = entry(3, "Phan Văn Tài")
    model = PeopleModel()
    model.set_rows(person_rows([chair, former, newcomer], TODAY))

    def shown(row):
        return [model.index(row, c).data() for c in range(model.columnCount())]

    assert shown(0) == ["Nguyễn Minh Tuấn", "1979", "Nam", "Chủ tịch, Tổ trưởng công đoàn", "Văn phòng", "✓"]
    assert shown(1) == ["Lê Thị Mai", "1990", "Nữ", "(không còn giữ chức danh)", "", ""]
    assert shown(2) == ["Phan Văn Tài", "", "", "(chưa có chức danh)", "", ""]
    assert model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is not None  # former officers are muted
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.headerData(PeopleModel.POSTS, Qt.Orientation.Horizontal) == "Chức danh hiện tại"
    assert model.index(0, 0).data(TableModel.RowRole).person_id == 1


def test_the_name_column_sorts_by_the_vietnamese_key(model, roster):
    expected = sorted(NAMES, key=name_sort_key)
    model.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    assert names_in(model) == expected
    model.sort(PeopleModel.NAME, Qt.SortOrder.DescendingOrder)
    assert names_in(model) == expected[::-1]
    # The sort role gives a QSortFilterProxyModel the same order, as integers it can compare itself.
    ranks = {model.index(r, 0).data(): model.index(r, 0).data(TableModel.SortRole) for r in range(model.rowCount())}
    assert sorted(ranks, key=ranks.get) == expected


def test_sorting_survives_new_rows(model, roster):
    model.sort(PeopleModel.BORN, Qt.SortOrder.AscendingOrder)
    model.sort(PeopleModel.NAME, Qt.SortOrder.DescendingOrder)
    model.set_rows(person_rows(roster + [entry(99, "Vũ Văn Yên", post(99))], TODAY))
    assert names_in(model) == sorted(NAMES + ["Vũ Văn Yên"], key=name_sort_key, reverse=True)


def test_search_ignores_case_and_diacritics(model):
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(PeopleModel.NAME)

    def found(query):
        proxy.set_query(query)
        return sorted(names_in(proxy))

    # Each query word begins a word of the name: "an" finds An and Ánh, but not Bình through "Văn".
    assert found("nguyen van an") == ["Nguyễn Văn An", "Nguyễn Văn Ánh"]
    assert found("AN NGUYEN") == ["Nguyễn Văn An", "Nguyễn Văn Ánh"]  # any order, any case
    assert found("nguyen van anh") == ["Nguyễn Văn Ánh"]
    assert found("hoa") == ["Lê Thị Hoà", "Trần Thị Hòa"]  # both tone placements, and not "Khoa"
    assert found(unicodedata.normalize("NFD", "Hòa")) == ["Lê Thị Hoà", "Trần Thị Hòa"]
    assert found("thuy") == ["Vũ Thị Thuỷ", "Đinh Thủy"]
    assert found("do duc") == ["Đỗ Đức Anh"]  # đ → d
    assert found("Đặng") == found("dang") == ["Đặng Dũng"]
    assert found("") == sorted(NAMES)
    assert found("zzz") == []


def test_query_words_are_word_starts():
    assert query_words("  Nguyễn   VĂN ") == (" nguyen", " van")
    assert query_words("") == ()


def test_search_keeps_the_sorted_order(model):
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(PeopleModel.NAME, Qt.SortOrder.AscendingOrder)
    proxy.set_query("nguyen")
    assert names_in(proxy) == sorted(["Nguyễn Văn An", "Nguyễn Văn Ánh", "Nguyễn Văn Bình"], key=name_sort_key)


def test_a_keystroke_on_two_thousand_people_is_fast(qapp):
    families, middles, givens = (["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ"], ["Văn", "Thị", "Minh", "Hữu"],
                                 ["An", "Bình", "Hòa", "Thủy", "Dũng", "Hương", "Lan", "Tuấn", "Đức", "Anh"])
    chooser = random.Random(3)
    roster = [entry(n, f"{chooser.choice(families)} {chooser.choice(middles)} {chooser.choice(givens)}", post(n),
                    department=chooser.choice(["Phòng Kế toán", "Xưởng may 1", "Kho"])) for n in range(1, 2001)]
    model = PeopleModel()
    model.set_rows(person_rows(roster, TODAY))
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(PeopleModel.NAME)
    slowest = 0.0
    for query in ["n", "ng", "ngu", "nguyen", "nguyen v", "nguyen van", "nguyen van an", "", "h", "hoa", ""]:
        started = time.perf_counter()
        proxy.set_query(query)
        proxy.rowCount()
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.016, f"a keystroke took {slowest * 1000:.1f} ms"


def test_posts_history_lists_current_posts_first_and_marks_ended_ones():
    holdings = [post(1, "group_leader", start=date(2019, 1, 1), end=date(2023, 5, 14), duties="Tổ 3"),
                post(1, "chair", start=date(2023, 5, 15), full_time=True, duties="phụ trách chung"),
                post(1, "women_head", start=date(2026, 1, 1))]
    rows = post_rows(holdings, TODAY)
    assert [(r.title, r.status) for r in rows] == [("Chủ tịch", "Đang giữ"), ("Trưởng ban nữ công", "Chưa bắt đầu"),
                                                   ("Tổ trưởng công đoàn", "Đã thôi")]
    model = PostsModel()
    model.set_rows(rows)
    ended = [model.index(2, c).data() for c in range(model.columnCount())]
    assert ended == ["Tổ trưởng công đoàn", "2023–2028", "01/01/2019", "14/05/2023", "Đã thôi", "", "Tổ 3"]
    assert model.index(2, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, PostsModel.FULL_TIME).data() == "✓"


def test_models_pass_the_model_tester(qtmodeltester, model):
    qtmodeltester.check(model)
    proxy = PeopleFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_query("nguyen")
    qtmodeltester.check(proxy)
    posts = PostsModel()
    posts.set_rows(post_rows([post(1, "chair"), post(1, "group_leader", end=date(2024, 1, 1))], TODAY))
    qtmodeltester.check(posts)
    qtmodeltester.check(PeopleModel())  # empty
