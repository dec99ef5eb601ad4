"""Every `socanbo` verb through a subprocess: output, JSON contract, exit codes and error paths.

Exit codes (issue 2, section 7): 0 done; 1 a clear error on stderr (Vietnamese by default, English with
`--lang en`), never a traceback; 2 wrong usage ("Sai cách dùng").
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop import __version__
from desktop.domain.officers import POST_TITLES_BY_KEY
from desktop.domain.vietnamese import name_sort_key

SQLITE_HEADER = b"SQLite format 3\x00"
GROUPS = {"bch", "ubkt", "below"}
TERM_LABEL = re.compile(r"^\d{4}–\d{4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

OFFICER_KEYS = {"id", "full_name", "birth_date", "birth_year", "sex", "posts"}
POST_KEYS = {"title", "title_key", "group", "term", "start", "end", "duties"}
COURSE_KEYS = {"id", "title", "topic", "organiser", "start_date", "end_date", "days", "place", "mode", "audience"}
ATTENDANCE_KEYS = {"course_id", "person_id", "full_name", "status", "result"}
EVALUATION_KEYS = {"person_id", "full_name", "year", "criteria", "total", "suggested_level", "final_level",
                   "status"}
CRITERION_KEYS = {"number", "max_points", "self", "committee", "final"}
INDICATOR_KEYS = {"key", "name", "target", "actual", "met", "source"}
KEYS_BY_KIND = {"officers": OFFICER_KEYS, "courses": COURSE_KEYS, "attendance": ATTENDANCE_KEYS,
                "evaluations": EVALUATION_KEYS, "indicators": INDICATOR_KEYS}
KINDS = tuple(KEYS_BY_KIND)
INIT_ARGS = ("--union-name", "Công đoàn cơ sở Công ty Cổ phần Dệt Hoà Bình",
             "--superior", "Công đoàn Khu kinh tế tỉnh Bình Định", "--place", "Phường Quy Nhơn Nam")


# --------------------------------------------------------------------------- helpers


def assert_ok(result) -> None:
    assert result.returncode == 0, str(result)
    assert "Traceback" not in result.stderr, str(result)


def assert_error(result, *fragments: str, code: int = 1) -> None:
    """A clear failure: the exit code, the message on stderr, no traceback, nothing on stdout."""
    assert result.returncode == code, str(result)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, str(result)
    assert result.stderr.strip(), str(result)
    for fragment in fragments:
        assert fragment in result.stderr, f"{fragment!r} not in stderr\n{result}"


def assert_usage_error(result) -> None:
    assert_error(result, "Sai cách dùng", code=2)
    assert result.stdout == "", str(result)


def listed(socanbo, book: Path, kind: str, *extra: str):
    result = socanbo("--data", book, "list", kind, *extra, "--json")
    assert_ok(result)
    return json.loads(result.stdout)


def in_list_order(names: list[str]) -> bool:
    return names == sorted(names, key=name_sort_key)


def expected_level(total: float) -> int:
    """The default 100-point thresholds (DOMAIN.md): 90 / 70 / 50."""
    if total >= 90:
        return 1
    if total >= 70:
        return 2
    if total >= 50:
        return 3
    return 4


def zero_bytes(path: Path, offset: int, count: int) -> None:
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\x00" * count)


def foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, amount REAL)")
    conn.execute("INSERT INTO invoices (customer, amount) VALUES ('Công ty B', 1250000)")
    conn.commit()
    conn.close()
    return path


# --------------------------------------------------------------------------- --version, --help


def test_version_prints_the_program_version(socanbo):
    result = socanbo("--version")
    assert_ok(result)
    assert result.stdout.strip() == f"socanbo {__version__}"


def test_help_lists_every_verb(socanbo):
    result = socanbo("--help")
    assert_ok(result)
    for verb in ("init", "demo", "list", "check", "--data", "--lang"):
        assert verb in result.stdout


def test_help_of_list_names_every_kind(socanbo):
    result = socanbo("list", "--help")
    assert_ok(result)
    for kind in KINDS:
        assert kind in result.stdout


# --------------------------------------------------------------------------- init


def test_init_creates_an_empty_book(socanbo, tmp_path):
    book = tmp_path / "so moi" / "Sổ 2026.socanbo"  # missing folder, spaces and diacritics in the path
    result = socanbo("--data", book, "init", *INIT_ARGS)
    assert_ok(result)
    assert str(book) in result.stdout
    assert book.read_bytes()[:16] == SQLITE_HEADER
    assert not book.with_name(book.name + "-lock").exists(), "the writer's lock is left behind"
    assert listed(socanbo, book, "officers") == []
    assert listed(socanbo, book, "courses") == []
    assert listed(socanbo, book, "attendance") == []
    assert listed(socanbo, book, "evaluations", "--year", "2025") == []
    assert_ok(socanbo("--data", book, "check"))


def test_init_seeds_the_default_targets(socanbo, empty_book):
    indicators = listed(socanbo, empty_book, "indicators")
    assert len(indicators) >= 5
    assert len({i["key"] for i in indicators}) == len(indicators)
    for indicator in indicators:
        assert set(indicator) == INDICATOR_KEYS
        assert indicator["name"] and indicator["source"]
        assert indicator["actual"] is None and indicator["met"] is None  # nothing to measure yet


def test_init_without_data_writes_the_book_in_the_data_folder(socanbo, user_data):
    result = socanbo("init", *INIT_ARGS)
    assert_ok(result)
    assert (user_data / "so-can-bo.socanbo").is_file()
    assert listed(socanbo, user_data / "so-can-bo.socanbo", "officers") == []


def test_second_init_on_the_same_path_is_refused(socanbo, tmp_path, sha256):
    book = tmp_path / "b.socanbo"
    assert_ok(socanbo("--data", book, "init", *INIT_ARGS))
    before = sha256(book)
    result = socanbo("--data", book, "init", "--union-name", "Khác", "--superior", "Khác", "--place", "Khác")
    assert_error(result, "đã có", str(book))
    assert sha256(book) == before


@pytest.mark.parametrize("term", ["2023", "nhiệm kỳ mới", "2023-"])
def test_init_with_a_malformed_term_is_refused(socanbo, tmp_path, term):
    book = tmp_path / "b.socanbo"
    result = socanbo("--data", book, "init", "--union-name", "A", "--superior", "B", "--place", "C",
                     "--term", term)
    assert_error(result, "Nhiệm kỳ ghi bằng hai năm")
    assert not book.exists()


@pytest.mark.parametrize("term", ["2028-2023", "2023-2040"])
def test_init_with_an_implausible_term_is_refused(socanbo, tmp_path, term):
    book = tmp_path / "b.socanbo"
    result = socanbo("--data", book, "init", "--union-name", "A", "--superior", "B", "--place", "C",
                     "--term", term)
    assert_error(result, f"Nhiệm kỳ {term} không hợp lý")
    assert not book.exists()


def test_init_term_message_in_english(socanbo, tmp_path):
    result = socanbo("--lang", "en", "--data", tmp_path / "b.socanbo", "init", "--union-name", "A",
                     "--superior", "B", "--place", "C", "--term", "2023")
    assert_error(result, "Error:", "A term is written as two years")


def test_init_with_a_blank_union_name_is_refused(socanbo, tmp_path):
    book = tmp_path / "b.socanbo"
    result = socanbo("--data", book, "init", "--union-name", "   ", "--superior", "B", "--place", "C")
    assert_error(result, "tên công đoàn")
    assert not book.exists()
    assert not book.with_name(book.name + "-lock").exists()


@pytest.mark.parametrize("missing", ["--union-name", "--superior", "--place"])
def test_init_without_a_required_option_is_wrong_usage(socanbo, tmp_path, missing):
    values = {"--union-name": "A", "--superior": "B", "--place": "C"}
    del values[missing]
    book = tmp_path / "b.socanbo"
    result = socanbo("--data", book, "init", *[part for pair in values.items() for part in pair])
    assert_usage_error(result)
    assert missing in result.stderr
    assert not book.exists()


# --------------------------------------------------------------------------- demo


def test_demo_writes_a_sound_book(socanbo, demo_book):
    assert demo_book.read_bytes()[:16] == SQLITE_HEADER
    assert not demo_book.with_name(demo_book.name + "-lock").exists()
    result = socanbo("--data", demo_book, "check")
    assert_ok(result)


def test_demo_without_force_leaves_an_existing_book_alone(socanbo, demo_copy, sha256):
    before = sha256(demo_copy)
    result = socanbo("--data", demo_copy, "demo")
    assert_error(result, "--force", str(demo_copy))
    assert sha256(demo_copy) == before


def test_demo_without_force_does_not_overwrite_another_file(socanbo, tmp_path, sha256):
    other = tmp_path / "bao-cao.socanbo"
    other.write_text("không phải sổ", encoding="utf-8")
    before = sha256(other)
    assert_error(socanbo("--data", other, "demo"), "--force")
    assert sha256(other) == before


def test_demo_with_force_replaces_the_file(socanbo, tmp_path, demo_book):
    target = tmp_path / "b.socanbo"
    assert_ok(socanbo("--data", target, "init", *INIT_ARGS))
    assert listed(socanbo, target, "officers") == []
    result = socanbo("--data", target, "demo", "--force")
    assert_ok(result)
    assert listed(socanbo, target, "officers") == listed(socanbo, demo_book, "officers")
    assert_ok(socanbo("--data", target, "check"))


def test_demo_with_force_replaces_a_damaged_file(socanbo, tmp_path):
    target = tmp_path / "b.socanbo"
    target.write_bytes(b"")
    assert_ok(socanbo("--data", target, "demo", "--force"))
    assert_ok(socanbo("--data", target, "check"))


def test_demo_without_data_writes_the_book_in_the_data_folder(socanbo, user_data):
    assert_ok(socanbo("demo"))
    assert (user_data / "so-can-bo.socanbo").is_file()


@pytest.mark.parametrize("kind,extra", [("officers", ()), ("courses", ()), ("attendance", ()),
                                        ("evaluations", ("--year", "2024")), ("indicators", ("--year", "2024"))])
def test_demo_is_deterministic(socanbo, demo_book, second_demo_book, kind, extra):
    assert listed(socanbo, second_demo_book, kind, *extra) == listed(socanbo, demo_book, kind, *extra)


def test_demo_force_refuses_a_book_open_in_another_process(socanbo, empty_book, tmp_path, sha256):
    book = tmp_path / "dang-mo.socanbo"
    shutil.copyfile(empty_book, book)
    # A live lock held by this very test process on this computer: the book is open for writing elsewhere.
    lock = book.with_name(book.name + "-lock")
    lock.write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "token": "f" * 32,
                                "since": "2026-03-01T08:00:00+07:00"}), encoding="utf-8")
    before = sha256(book)
    result = socanbo("--data", book, "demo", "--force")
    assert_error(result)
    assert book.exists() and sha256(book) == before, "the open book was deleted"


# --------------------------------------------------------------------------- list: tables


@pytest.mark.parametrize("kind", KINDS)
def test_list_prints_a_table(socanbo, demo_book, kind):
    result = socanbo("--data", demo_book, "list", kind, "--year", "2024")
    assert_ok(result)
    lines = result.stdout.splitlines()
    assert len(lines) >= 3, str(result)
    assert set(lines[1].replace(" ", "")) == {"-"}, "the second line underlines the headers"
    assert not result.stdout.lstrip().startswith(("[", "{"))


def test_list_officers_table_is_in_vietnamese_by_default_and_english_on_request(socanbo, demo_book):
    vietnamese = socanbo("--data", demo_book, "list", "officers")
    english = socanbo("--lang", "en", "--data", demo_book, "list", "officers")
    assert_ok(vietnamese)
    assert_ok(english)
    assert "Họ và tên" in vietnamese.stdout.splitlines()[0]
    assert "Full name" in english.stdout.splitlines()[0]


def test_list_table_shows_every_officer_of_the_json(socanbo, demo_book):
    table = socanbo("--data", demo_book, "list", "officers").stdout
    for officer in listed(socanbo, demo_book, "officers"):
        assert officer["full_name"] in table


def test_list_on_an_empty_book_says_there_is_nothing(socanbo, empty_book):
    result = socanbo("--data", empty_book, "list", "officers")
    assert_ok(result)
    assert "(không có gì)" in result.stdout


# --------------------------------------------------------------------------- list: JSON contract


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("year", [None, "2023", "2024", "2025"])
def test_list_json_has_exactly_the_agreed_keys(socanbo, demo_book, kind, year):
    rows = listed(socanbo, demo_book, kind, *(("--year", year) if year else ()))
    assert isinstance(rows, list)
    if not (kind == "evaluations" and year is None):  # that one is the current year, which may have none
        assert rows, f"no {kind} for year {year}"
    for row in rows:
        assert set(row) == KEYS_BY_KIND[kind], row


def test_list_json_keeps_vietnamese_letters(socanbo, demo_book):
    result = socanbo("--data", demo_book, "list", "officers", "--json")
    assert_ok(result)
    assert "\\u" not in result.stdout
    assert re.search(r"[ăâđêôơưáàảãạếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵ]", result.stdout, re.IGNORECASE)
    assert result.stdout_bytes.decode("utf-8")  # valid UTF-8


def test_officers_json(socanbo, demo_book):
    officers = listed(socanbo, demo_book, "officers")
    assert len(officers) >= 20
    ids = [o["id"] for o in officers]
    assert all(isinstance(i, int) for i in ids) and len(set(ids)) == len(ids)
    for officer in officers:
        assert isinstance(officer["full_name"], str) and officer["full_name"].strip() == officer["full_name"]
        born = officer["birth_date"]
        assert born is None or (ISO_DATE.match(born) and date.fromisoformat(born))
        assert officer["birth_year"] is None or isinstance(officer["birth_year"], int)
        if born is not None:
            assert officer["birth_year"] == date.fromisoformat(born).year
        assert officer["sex"] in ("male", "female", None)
        assert isinstance(officer["posts"], list)
        for post in officer["posts"]:
            assert set(post) == POST_KEYS, post
            assert post["title_key"] in POST_TITLES_BY_KEY
            assert post["group"] == POST_TITLES_BY_KEY[post["title_key"]].group.value
            assert post["group"] in GROUPS
            assert isinstance(post["title"], str) and post["title"]
            assert TERM_LABEL.match(post["term"]), post["term"]
            for key in ("start", "end"):
                assert post[key] is None or date.fromisoformat(post[key])
            if post["start"] and post["end"]:
                assert post["end"] >= post["start"]
            assert isinstance(post["duties"], str)


def test_officers_json_titles_follow_the_language(socanbo, demo_book):
    vietnamese = listed(socanbo, demo_book, "officers")
    english = json.loads(socanbo("--lang", "en", "--data", demo_book, "list", "officers", "--json").stdout)
    titles_vi = {p["title_key"]: p["title"] for o in vietnamese for p in o["posts"]}
    titles_en = {p["title_key"]: p["title"] for o in english for p in o["posts"]}
    assert titles_en["chair"] == "Chair"
    assert titles_vi["chair"] == "Chủ tịch"
    assert [o["full_name"] for o in vietnamese] == [o["full_name"] for o in english]


def test_demo_officers_match_the_issue(socanbo, demo_book):
    """Term 2023–2028, a chair and a vice chair, a BCH of 9 to 15, a UBKT of 3, some ended posts."""
    officers = listed(socanbo, demo_book, "officers")
    posts = [p for o in officers for p in o["posts"]]
    assert any(p["title_key"] == "chair" for p in posts)
    assert any(p["title_key"] == "vice_chair" for p in posts)
    assert any(p["title_key"] == "group_leader" for p in posts)
    current = [(o["id"], p) for o in officers for p in o["posts"] if p["end"] is None]
    assert all(p["term"] == "2023–2028" for _, p in current)
    assert any(p["end"] is not None for p in posts), "some posts have ended"
    bch = {person for person, p in current if p["group"] == "bch"}
    ubkt = {person for person, p in current if p["group"] == "ubkt"}
    assert 9 <= len(bch) <= 15
    assert len(ubkt) == 3


def test_officers_are_in_vietnamese_list_order(socanbo, demo_book):
    names = [o["full_name"] for o in listed(socanbo, demo_book, "officers")]
    assert in_list_order(names), names


@pytest.mark.parametrize("year", ["2023", "2024", "2025"])
def test_evaluations_are_in_vietnamese_list_order(socanbo, demo_book, year):
    names = [e["full_name"] for e in listed(socanbo, demo_book, "evaluations", "--year", year)]
    assert names and in_list_order(names), names


def test_courses_json(socanbo, demo_book):
    courses = listed(socanbo, demo_book, "courses")
    assert len(courses) >= 12
    assert len({c["id"] for c in courses}) == len(courses)
    for course in courses:
        assert course["title"]
        assert course["mode"] in ("in_person", "online")
        assert isinstance(course["topic"], str) and course["topic"]
        for key in ("start_date", "end_date"):
            assert course[key] is None or date.fromisoformat(course[key])
        if course["start_date"] and course["end_date"]:
            assert course["end_date"] >= course["start_date"]
        assert course["days"] is None or course["days"] > 0
        for key in ("organiser", "place", "audience"):
            assert isinstance(course[key], str)


def test_courses_by_year(socanbo, demo_book):
    everything = listed(socanbo, demo_book, "courses")
    seen = []
    for year in (2023, 2024, 2025):
        courses = listed(socanbo, demo_book, "courses", "--year", str(year))
        assert courses, year
        assert all((c["start_date"] or c["end_date"]).startswith(str(year)) for c in courses)
        assert [c for c in everything if c["id"] in {x["id"] for x in courses}] == courses
        seen += [c["id"] for c in courses]
    assert len(seen) == len(set(seen))
    assert listed(socanbo, demo_book, "courses", "--year", "1999") == []


def test_attendance_json(socanbo, demo_book):
    attendance = listed(socanbo, demo_book, "attendance")
    courses = {c["id"] for c in listed(socanbo, demo_book, "courses")}
    people = {o["id"]: o["full_name"] for o in listed(socanbo, demo_book, "officers")}
    assert attendance
    assert len({(a["course_id"], a["person_id"]) for a in attendance}) == len(attendance)
    for row in attendance:
        assert row["course_id"] in courses
        assert row["status"] in ("sent", "present", "absent")
        assert row["result"] in (None, "excellent", "good", "pass", "fail")
        if row["result"] is not None:
            assert row["status"] == "present"
        if row["person_id"] in people:  # people whose posts all ended are not in the officers list
            assert people[row["person_id"]] == row["full_name"]
    assert {r["course_id"] for r in attendance} == courses, "every demo course has attendance"


def test_attendance_by_year(socanbo, demo_book):
    everything = listed(socanbo, demo_book, "attendance")
    for year in ("2023", "2024", "2025"):
        courses = {c["id"] for c in listed(socanbo, demo_book, "courses", "--year", year)}
        rows = listed(socanbo, demo_book, "attendance", "--year", year)
        assert rows and {r["course_id"] for r in rows} <= courses
        assert rows == [r for r in everything if r["course_id"] in courses]


def test_evaluations_json(socanbo, demo_book):
    for year in (2023, 2024, 2025):
        evaluations = listed(socanbo, demo_book, "evaluations", "--year", str(year))
        assert evaluations
        assert len({e["person_id"] for e in evaluations}) == len(evaluations)
        for evaluation in evaluations:
            assert evaluation["year"] == year
            assert evaluation["status"] in ("draft", "final")
            assert [c["number"] for c in evaluation["criteria"]] == list(range(1, len(evaluation["criteria"]) + 1))
            for criterion in evaluation["criteria"]:
                assert set(criterion) == CRITERION_KEYS
                for key in ("self", "committee", "final"):
                    value = criterion[key]
                    assert value is None or 0 <= value <= criterion["max_points"], criterion
            assert evaluation["suggested_level"] in (None, 1, 2, 3, 4)
            assert evaluation["final_level"] in (None, 1, 2, 3, 4)


def test_done_when_closed_years_print_final_evaluations_following_the_thresholds(socanbo, tmp_path):
    """Issue 2, "Done when": demo to a fresh book, then `list evaluations --year 2024 --json` (and 2023)."""
    book = tmp_path / "b.socanbo"
    assert_ok(socanbo("--data", book, "demo"))
    for year in (2024, 2023):
        check_closed_year(listed(socanbo, book, "evaluations", "--year", str(year)))


def check_closed_year(evaluations: list[dict]) -> None:
    assert len(evaluations) >= 9
    for evaluation in evaluations:
        assert evaluation["status"] == "final", evaluation
        criteria = evaluation["criteria"]
        assert len(criteria) == 7 and sum(c["max_points"] for c in criteria) == 100
        finals = [c["final"] for c in criteria]
        assert None not in finals, evaluation
        recomputed = round(sum(finals), 1)
        assert evaluation["total"] == pytest.approx(recomputed), evaluation
        assert evaluation["suggested_level"] == expected_level(recomputed), evaluation
        assert evaluation["final_level"] in (1, 2, 3, 4)
    levels = {e["suggested_level"] for e in evaluations}
    assert len(levels) >= 2, "a realistic year does not give everyone the same level"


def test_the_year_in_progress_has_drafts(socanbo, demo_book):
    evaluations = listed(socanbo, demo_book, "evaluations", "--year", "2025")
    assert any(e["status"] == "draft" for e in evaluations)
    for evaluation in evaluations:
        if evaluation["total"] is not None and evaluation["suggested_level"] is not None:
            assert evaluation["suggested_level"] == expected_level(evaluation["total"])


def test_indicators_json(socanbo, demo_book):
    for extra in ((), ("--year", "2024")):
        indicators = listed(socanbo, demo_book, "indicators", *extra)
        assert len(indicators) >= 5
        assert len({i["key"] for i in indicators}) == len(indicators)
        for indicator in indicators:
            assert isinstance(indicator["name"], str) and indicator["name"]
            assert isinstance(indicator["target"], (int, float))
            assert indicator["actual"] is None or isinstance(indicator["actual"], (int, float))
            assert indicator["met"] in (True, False, None)
            if indicator["actual"] is None:
                assert indicator["met"] is None
            else:
                assert indicator["met"] == (indicator["actual"] >= indicator["target"]), indicator
        assert any(i["actual"] is not None for i in indicators), "the demo book measures some targets"


def test_listing_and_checking_do_not_change_the_book(socanbo, demo_copy, sha256):
    before = sha256(demo_copy)
    for kind in KINDS:
        assert_ok(socanbo("--data", demo_copy, "list", kind))
        assert_ok(socanbo("--data", demo_copy, "list", kind, "--json", "--year", "2024"))
    assert_ok(socanbo("--data", demo_copy, "check"))
    assert sha256(demo_copy) == before
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == [demo_copy.name]


def test_list_works_while_another_process_writes_the_book(socanbo, demo_copy):
    """Listing is read-only: a live writer's lock does not stop it."""
    lock = demo_copy.with_name(demo_copy.name + "-lock")
    lock.write_text(json.dumps({"host": socket.gethostname(), "pid": os.getpid(), "token": "f" * 32,
                                "since": "2026-03-01T08:00:00+07:00"}), encoding="utf-8")
    assert listed(socanbo, demo_copy, "officers")
    assert_ok(socanbo("--data", demo_copy, "check"))
    assert lock.exists()


# --------------------------------------------------------------------------- list: a book built in a scrambled order


@pytest.fixture
def scrambled_book(tmp_path) -> Path:
    """People, courses and attendance entered out of list order (through the services, in this process)."""
    from desktop.domain.officers import Person, PostHolding, Sex, Term
    from desktop.domain.training import Attendance, Course
    from desktop.domain.union import UnionProfile
    from desktop.services.book import create_book

    path = tmp_path / "lon-xon.socanbo"
    term = Term(2023, 2028)
    profile = UnionProfile(union_name="Công đoàn cơ sở Trường THCS Lê Lợi", superior_name="Công đoàn ngành Giáo dục",
                           place_name="Phường Trần Hưng Đạo", term=term)
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Đức Anh", "Phạm Thị Thu Hà", "Đỗ Văn An", "Vũ Thị Hoà",
             "Bùi Minh Đức", "Hoàng Văn Dũng", "Ngô Thị Thuỷ", "Đặng Quốc Huy"]
    with create_book(path, profile) as services:
        ids = {}
        for index, name in enumerate(names):
            ids[name] = services.officers.add_person(
                Person(full_name=name, birth_year=1980 + index, sex=Sex.FEMALE if " Thị " in name else Sex.MALE))
            services.officers.add_post(PostHolding(person_id=ids[name], term=term, start_date=date(2023, 6, 1),
                                                   title_key="chair" if index == 0 else "committee_member"))
        first = services.training.add_course(Course(title="Kỹ năng thương lượng tập thể", topic="bargaining",
                                                    start_date=date(2024, 3, 4), end_date=date(2024, 3, 5), days=2))
        second = services.training.add_course(Course(title="Nghiệp vụ công tác công đoàn", start_date=date(2024, 5, 6),
                                                     end_date=date(2024, 5, 6), days=1, mode="online"))
        for name in names:  # interleaved between the two courses, in entry order
            services.training.set_attendance(Attendance(course_id=second, person_id=ids[name], status="present",
                                                        result="pass"))
            services.training.set_attendance(Attendance(course_id=first, person_id=ids[name], status="sent"))
    return path


def test_officers_entered_out_of_order_are_listed_in_vietnamese_order(socanbo, scrambled_book):
    officers = listed(socanbo, scrambled_book, "officers")
    names = [o["full_name"] for o in officers]
    assert len(names) == 10
    assert in_list_order(names), names
    assert names[:3] == ["Đỗ Văn An", "Lê Đức Anh", "Nguyễn Thị Ánh"]
    assert {o["full_name"]: o["sex"] for o in officers}["Phạm Thị Thu Hà"] == "female"
    assert {o["full_name"]: o["sex"] for o in officers}["Trần Văn Bình"] == "male"


def test_attendance_entered_out_of_order_is_listed_by_course_in_vietnamese_order(socanbo, scrambled_book):
    rows = listed(socanbo, scrambled_book, "attendance")
    assert len(rows) == 20
    courses = [c["id"] for c in listed(socanbo, scrambled_book, "courses")]
    assert [r["course_id"] for r in rows] == sorted((r["course_id"] for r in rows), key=courses.index)
    for course_id in courses:
        names = [r["full_name"] for r in rows if r["course_id"] == course_id]
        assert in_list_order(names), names


# --------------------------------------------------------------------------- missing book


def test_list_on_a_missing_book_fails_in_vietnamese(socanbo, tmp_path):
    missing = tmp_path / "missing.socanbo"
    result = socanbo("--data", missing, "list", "officers")
    assert_error(result, "Không tìm thấy sổ", str(missing))
    assert result.stdout == ""
    assert not missing.exists() and list(tmp_path.iterdir()) == [], "a read must not create files"


def test_list_on_a_missing_book_fails_in_english(socanbo, tmp_path):
    result = socanbo("--lang", "en", "--data", tmp_path / "missing.socanbo", "list", "officers")
    assert_error(result, "does not exist", "missing.socanbo")
    assert "Không tìm thấy" not in result.stderr


def test_lang_with_equals_sign(socanbo, tmp_path):
    result = socanbo("--lang=en", "--data", tmp_path / "missing.socanbo", "check")
    assert_error(result, "does not exist")


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_kind_on_a_missing_book(socanbo, tmp_path, kind):
    assert_error(socanbo("--data", tmp_path / "missing.socanbo", "list", kind, "--json"), "Không tìm thấy sổ")


def test_list_without_data_and_without_a_book_in_the_data_folder(socanbo, user_data):
    result = socanbo("list", "officers")
    assert_error(result, "Không tìm thấy sổ", str(user_data / "so-can-bo.socanbo"))


def test_a_folder_is_not_a_book(socanbo, tmp_path):
    assert_error(socanbo("--data", tmp_path, "list", "officers"), "thư mục")
    assert_error(socanbo("--data", tmp_path, "check"), "thư mục")


# --------------------------------------------------------------------------- wrong usage


@pytest.mark.parametrize("args", [
    pytest.param(("frobnicate",), id="unknown-verb"),
    pytest.param(("list", "members"), id="unknown-list-kind"),
    pytest.param(("list",), id="list-without-kind"),
    pytest.param(("list", "officers", "--year", "abc"), id="year-abc"),
    pytest.param(("list", "officers", "--year"), id="year-without-value"),
    pytest.param(("list", "officers", "--colour"), id="unknown-option"),
    pytest.param(("--lang", "fr", "list", "officers"), id="unknown-language"),
    pytest.param(("demo", "--forse"), id="misspelt-force"),
    pytest.param(("check", "extra"), id="check-with-an-argument"),
])
def test_wrong_usage_exits_2(socanbo, tmp_path, args):
    """Usage is checked before the book is touched: the (missing) book does not matter."""
    assert_usage_error(socanbo("--data", tmp_path / "missing.socanbo", *args))
    assert list(tmp_path.iterdir()) == []


def test_wrong_usage_in_english(socanbo, empty_book):
    result = socanbo("--lang", "en", "--data", empty_book, "list", "members")
    assert_error(result, "Wrong usage", code=2)


# --------------------------------------------------------------------------- check


def test_check_on_the_demo_book(socanbo, demo_book):
    result = socanbo("--data", demo_book, "check")
    assert_ok(result)
    assert "không phát hiện vấn đề" in result.stdout


def test_check_on_an_empty_book(socanbo, empty_book):
    assert_ok(socanbo("--data", empty_book, "check"))


def _zero_middle_page(path: Path) -> None:
    size = path.stat().st_size
    zero_bytes(path, (size // 2) // 4096 * 4096, 4096)


@pytest.mark.parametrize("damage", [
    pytest.param(lambda p: zero_bytes(p, 8192, 4096), id="zeros-at-8192"),
    pytest.param(_zero_middle_page, id="zeros-mid-file"),
    pytest.param(lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), id="truncated-to-half"),
])
def test_check_on_a_damaged_book(socanbo, demo_copy, damage):
    damage(demo_copy)
    result = socanbo("--data", demo_copy, "check")
    assert_error(result)
    assert re.search(r"hỏng|malformed|Kiểm tra cơ sở dữ liệu", result.stderr), str(result)


def test_check_on_a_damaged_book_in_english(socanbo, demo_copy):
    demo_copy.write_bytes(demo_copy.read_bytes()[: demo_copy.stat().st_size // 2])
    result = socanbo("--lang", "en", "--data", demo_copy, "check")
    assert_error(result, "Error:")


@pytest.mark.parametrize("kind", ["officers", "evaluations"])
def test_list_on_a_truncated_book_fails_cleanly(socanbo, demo_copy, kind):
    demo_copy.write_bytes(demo_copy.read_bytes()[: demo_copy.stat().st_size // 2])
    assert_error(socanbo("--data", demo_copy, "list", kind, "--year", "2024"))


def test_check_on_a_zero_length_file(socanbo, tmp_path):
    empty = tmp_path / "rong.socanbo"
    empty.write_bytes(b"")
    assert_error(socanbo("--data", empty, "check"), "rỗng", str(empty))
    assert_error(socanbo("--data", empty, "list", "officers"), "rỗng")
    assert empty.stat().st_size == 0


def test_check_on_a_text_file(socanbo, tmp_path, sha256):
    text = tmp_path / "ghi-chu.socanbo"
    text.write_text("Danh sách ban chấp hành\nNguyễn Văn An\n", encoding="utf-8")
    before = sha256(text)
    assert_error(socanbo("--data", text, "check"), "không phải là sổ")
    assert_error(socanbo("--data", text, "list", "courses"), "không phải là sổ")
    assert sha256(text) == before


def test_check_on_a_file_cut_inside_the_header(socanbo, demo_book, tmp_path):
    stub = tmp_path / "cut.socanbo"
    stub.write_bytes(demo_book.read_bytes()[:50])
    assert_error(socanbo("--data", stub, "check"), "hỏng")


def test_a_foreign_sqlite_file_is_refused(socanbo, tmp_path, sha256):
    other = foreign_sqlite(tmp_path / "ke-toan.socanbo")
    before = sha256(other)
    for args in (("check",), ("list", "officers"), ("list", "evaluations", "--json", "--year", "2024")):
        assert_error(socanbo("--data", other, *args), "chương trình khác")
    english = socanbo("--lang", "en", "--data", other, "check")
    assert_error(english, "another program")
    assert sha256(other) == before


def test_check_reports_a_book_from_a_newer_version(socanbo, demo_copy):
    conn = sqlite3.connect(demo_copy)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version + 1}")
    conn.commit()
    conn.close()
    assert_error(socanbo("--data", demo_copy, "check"), "phiên bản mới")


# --------------------------------------------------------------------------- output encoding


def test_json_is_utf8_even_when_the_console_encoding_is_not(socanbo, scrambled_book):
    result = socanbo("--data", scrambled_book, "list", "officers", "--json", env={"PYTHONIOENCODING": "cp1252"})
    assert_ok(result)
    names = [o["full_name"] for o in json.loads(result.stdout_bytes.decode("utf-8"))]
    assert names == [o["full_name"] for o in listed(socanbo, scrambled_book, "officers")]


def test_an_unexpected_failure_is_logged_in_the_data_folder_not_shown(socanbo, demo_copy, user_data):
    """The catch-all path: a row the program cannot read gives a short message; the traceback goes to the log
    in SOCANBO_DATA_DIR."""
    conn = sqlite3.connect(demo_copy)
    conn.execute("UPDATE people SET birth_date = 'ngày 5 tháng 1' WHERE id = (SELECT min(id) FROM people)")
    conn.commit()
    conn.close()
    for args in (("list", "officers"), ("check",)):
        result = socanbo("--data", demo_copy, *args)
        assert_error(result, "socanbo.log")
        assert str(user_data) in result.stderr
    log = user_data / "socanbo.log"
    assert "Traceback" in log.read_text(encoding="utf-8")
